"""The voiceinfo command line."""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import TextIO

from voiceinfo.answering import Answer, Answerer
from voiceinfo.content import DEFAULT_CONTENT, ContentError, load
from voiceinfo.dialogue import SpeechBounds
from voiceinfo.live import LoopSettings
from voiceinfo.lexicon import default_lexicon
from voiceinfo.segmenter import DEFAULT_PATIENCE, PATIENCE, Endpointing
from voiceinfo.voice import UnknownVoice, Voice
from voiceinfo.vosk_recogniser import ModelError


def _speech_options(parser: argparse.ArgumentParser) -> None:
    """Options shared by the live loop and `ask`: the voice, the recogniser, the content."""
    parser.add_argument("--voice", default=Voice.name,
                        help="espeak-ng voice (default: %(default)s; e.g. gmw/en-GB-x-rp, gmw/en-us+f3)")
    parser.add_argument("--rate", type=int, default=Voice.rate,
                        help="speaking rate in words a minute, 80 to 450 (default: %(default)s)")
    parser.add_argument("--volume", type=float, default=Voice.volume,
                        help="volume from 0 to 1 (default: %(default)s)")
    parser.add_argument("--model", type=Path, metavar="DIR",
                        help="Vosk model folder (default: $VOICEINFO_MODEL, then models/*, "
                             "else the built-in pocketsphinx engine)")
    parser.add_argument("--open", action="store_true",
                        help="recognise any words, not only what the content can answer")
    parser.add_argument("--content", type=Path, default=DEFAULT_CONTENT, metavar="FILE",
                        help="monograph file (default: %(default)s)")


def _device(value: str) -> int | str:
    return int(value) if value.isdigit() else value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="voiceinfo",
        description="Offline, hands-free spoken answers about a medicine (baclofen). With no "
                    "command, listens on the microphone and answers aloud: ask a question, then "
                    "say more, next, previous, repeat, slower, louder, stop, help or goodbye.")
    live = parser.add_argument_group("listening (with no command)")
    live.add_argument("--input-device", type=_device, metavar="NAME|INDEX",
                      help="microphone, by name or number (default: the system's default)")
    live.add_argument("--output-device", type=_device, metavar="NAME|INDEX",
                      help="speaker, by name or number (default: the system's default)")
    live.add_argument("--patience", choices=sorted(PATIENCE), default=DEFAULT_PATIENCE,
                      help="how long a pause ends a sentence: "
                           + ", ".join(f"{name} {seconds} s" for name, seconds in PATIENCE.items())
                           + " (default: %(default)s)")
    live.add_argument("--end-silence", type=float, metavar="SECONDS",
                      help="exact pause that ends a sentence, 0.1 to 10 (overrides --patience)")
    live.add_argument("--reprompt-after", type=float, default=LoopSettings.reprompt_after,
                      metavar="SECONDS", help="silence before a gentle reminder (default: %(default)s)")
    live.add_argument("--min-rate", type=int, default=SpeechBounds.min_rate,
                      help="slowest that 'slower' may go (default: %(default)s)")
    live.add_argument("--max-rate", type=int, default=SpeechBounds.max_rate,
                      help="fastest that 'faster' may go (default: %(default)s)")
    live.add_argument("--no-earcons", action="store_true",
                      help="no chime when listening starts or when a question is not understood")
    live.add_argument("--no-barge-in", action="store_true",
                      help="do not listen for 'stop' while speaking")
    live.add_argument("--captions", action="store_true",
                      help="show what was heard and said in large, high-contrast text")
    live.add_argument("--timings", action="store_true",
                      help="print each turn's latency as a JSON line on standard error")
    _speech_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    ask = commands.add_parser(
        "ask", help="answer one question, printed and spoken",
        description="Answer a question from the monograph, print the answer and speak it. "
                    "With no QUESTION, answers each line of standard input (without speaking).")
    ask.add_argument("question", nargs="?", help='the question, e.g. "what are the side effects?"')
    ask.add_argument("--json", action="store_true",
                     help="print a JSON object per answer (question, section, item, text, flags)")
    ask.add_argument("--no-speak", action="store_true", help="only print the answer")
    ask.add_argument("--out", type=Path, metavar="WAV",
                     help="write the spoken answer to this WAV file instead of playing it")
    ask.add_argument("--audio", type=Path, metavar="WAV",
                     help="recognise the question from a WAV recording (8-48 kHz, mono or stereo)")
    _speech_options(ask)

    models = commands.add_parser(
        "models", help="list, download and check speech models",
        description="Vosk speech models. Downloading is the only thing voiceinfo does over the "
                    "network, and only when asked.")
    model_commands = models.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    model_commands.add_parser("list", help="the models that can be downloaded, and which are here")
    get = model_commands.add_parser("download", help="download, verify and install a model",
                                    description="Download a model into the models folder. An "
                                                "interrupted download resumes when run again.")
    get.add_argument("name", help="a name from 'voiceinfo models list'")
    get.add_argument("--from", dest="url", metavar="URL", help="download from this address instead")
    verify = model_commands.add_parser("verify", help="check that model folders are complete and load")
    verify.add_argument("path", nargs="?", type=Path,
                        help="a model folder (default: every folder in the models folder)")
    for sub in (get, verify, model_commands.choices["list"]):
        sub.add_argument("--dir", type=Path, metavar="DIR",
                         help="the models folder (default: models/ beside the content)")

    content = commands.add_parser("content", help="work with monograph files")
    content_commands = content.add_subparsers(dest="content_command", metavar="ACTION", required=True)
    check = content_commands.add_parser(
        "check", help="validate a monograph file",
        description="Check a monograph file; print each problem with its line, exit 1 if any.")
    check.add_argument("file", nargs="?", type=Path, default=DEFAULT_CONTENT,
                       help="monograph file (default: %(default)s)")
    return parser


def _answer_json(answer: Answer, **extra: str) -> str:
    return json.dumps({
        **extra,
        "question": answer.question,
        "section": answer.section,
        "item": answer.item,
        "text": answer.text,
        "out_of_scope": answer.out_of_scope,
        "urgent": answer.urgent,
    }, ensure_ascii=False)


def _speak(text: str, args: argparse.Namespace) -> int:
    """Speak text on the default speaker, or into --out; a missing speaker is a notice only."""
    from voiceinfo.playback import AudioUnavailable, play
    from voiceinfo.synthesiser import SpeechUnavailable, Synthesiser, write_wav

    try:
        chunks = Synthesiser(Voice(args.voice, args.rate, args.volume)).speak_sentences(text)
        if args.out is None:
            play(chunks)
            return 0
        seconds = write_wav(str(args.out), chunks)
        print(f"(The spoken answer, {seconds:.1f} seconds, is in {args.out}.)", file=sys.stderr)
    except (AudioUnavailable, SpeechUnavailable) as err:
        print(f"(Not spoken: {err}. The answer is printed above.)", file=sys.stderr)
    except OSError as err:
        print(f"voiceinfo: cannot write {args.out}: {err.strerror or err}", file=sys.stderr)
        return 1
    return 0


def _ask_audio(args: argparse.Namespace, answerer: Answerer) -> int:
    """Recognise a recorded question, then answer what was heard."""
    from voiceinfo.audio_input import AudioFileError, read_wav
    from voiceinfo.engines import choose_recogniser
    from voiceinfo.recogniser import transcribe

    choice = choose_recogniser(answerer.monograph, args.model, args.open)
    recogniser = choice.recogniser
    for notice in choice.notices:
        print(notice, file=sys.stderr)
    print(f"Listening with {recogniser.description}.", file=sys.stderr)
    try:
        heard = transcribe(recogniser, read_wav(args.audio)).text
        problem = "" if heard else "I did not hear a question in that recording."
    except AudioFileError as err:
        heard, problem = "", f"I could not use that recording: {err}"
    if problem:
        if args.json:
            print(json.dumps({"question": "", "heard": "", "engine": recogniser.description,
                              "section": None, "text": problem, "error": problem}, ensure_ascii=False))
        else:
            print(problem)
        return 1
    answer = answerer.answer(heard)
    if args.json:
        print(_answer_json(answer, heard=heard, engine=recogniser.description), flush=True)
        return 0 if args.out is None else _speak(answer.text, args)
    print(f"Heard: {heard}\n{answer.text}", flush=True)
    return 0 if args.no_speak else _speak(answer.text, args)


def _ask(args: argparse.Namespace) -> int:
    answerer = Answerer(load(args.content), default_lexicon())
    if args.audio is not None:
        return _ask_audio(args, answerer)
    if args.question is None:
        for line in sys.stdin:
            question = line.strip()
            if question:
                answer = answerer.answer(question)
                print(_answer_json(answer) if args.json else answer.text, flush=True)
        return 0
    answer = answerer.answer(args.question)
    print(_answer_json(answer) if args.json else answer.text, flush=True)
    if args.out is not None or not (args.no_speak or args.json):
        return _speak(answer.text, args)
    return 0


def _models(args: argparse.Namespace) -> int:
    from voiceinfo import model_store
    from voiceinfo.vosk_recogniser import VoskRecogniser

    args.dir = args.dir or model_store.MODELS_DIR
    if args.models_command == "list":
        for item in model_store.CATALOGUE:
            here = "installed" if (args.dir / item.name).is_dir() else "not installed"
            print(f"{item.name}  about {item.about_mb} MB  {here}\n    {item.description}\n    {item.url}")
        return 0
    if args.models_command == "download":
        already = (args.dir / args.name).is_dir()
        try:
            path = model_store.download(args.name, args.dir, args.url)
        except model_store.DownloadError as err:
            print(f"\nvoiceinfo: download failed: {err}", file=sys.stderr)
            return 1
        print(f"{path} is {'already' if already else 'now'} installed; voiceinfo will use it.")
        return 0
    paths = [args.path] if args.path else sorted(
        p for p in args.dir.glob("*") if p.is_dir() and not p.name.startswith("."))
    if not paths:
        print(f"There are no models in {args.dir}; see 'voiceinfo models list'.", file=sys.stderr)
        return 1
    failed = 0
    for path in paths:
        start = time.perf_counter()
        try:
            VoskRecogniser(path)
            print(f"OK  {path} (loads in {time.perf_counter() - start:.1f} s)")
        except ModelError as err:
            failed += 1
            print(f"BAD {path}: {err}")
    return 1 if failed else 0


def _content_check(args: argparse.Namespace) -> int:
    print(load(args.file).summary())
    return 0


def _live(args: argparse.Namespace) -> int:
    """The hands-free loop on the microphone and speaker."""
    from voiceinfo.captions import Captions
    from voiceinfo.dialogue import Dialogue
    from voiceinfo.engines import choose_recogniser
    from voiceinfo.live import LiveLoop, TurnTiming
    from voiceinfo.microphone import Microphone
    from voiceinfo.playback import AudioUnavailable
    from voiceinfo.segmenter import Endpointing
    from voiceinfo.sphinx_recogniser import SphinxRecogniser
    from voiceinfo.synthesiser import SpeechUnavailable, Synthesiser

    monograph = load(args.content)
    bounds = SpeechBounds(min_rate=args.min_rate, max_rate=args.max_rate)
    dialogue = Dialogue(Answerer(monograph, default_lexicon()), bounds, args.rate, args.volume)
    choice = choose_recogniser(monograph, args.model, args.open)
    for notice in choice.notices:
        print(notice, file=sys.stderr)
    barge_in = None if args.no_barge_in else SphinxRecogniser(monograph, purpose="barge-in")
    settings = LoopSettings(Endpointing(args.end_silence or PATIENCE[args.patience]),
                            args.reprompt_after, not args.no_earcons)

    def report(turn: TurnTiming) -> None:
        print(json.dumps({**asdict(turn), "beyond_silence": turn.beyond_silence}), file=sys.stderr,
              flush=True)

    try:
        synthesiser = Synthesiser(Voice(args.voice, dialogue.rate, dialogue.volume))
        microphone = Microphone(args.input_device)
    except (AudioUnavailable, SpeechUnavailable) as err:
        print(f"voiceinfo: cannot start listening: {err}. Check that a microphone and speaker are "
              "connected and the sound server is running.", file=sys.stderr)
        return 1
    loop = LiveLoop(dialogue, choice.recogniser, barge_in, synthesiser, microphone, args.output_device,
                    settings, Captions(args.captions), report if args.timings else None)
    try:
        return loop.run()
    except AudioUnavailable as err:
        print(f"voiceinfo: {err}. Check the microphone and speaker, then start voiceinfo again.",
              file=sys.stderr)
        return 1
    finally:
        microphone.close()


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        Voice(args.voice, args.rate, args.volume)
        if args.command is None:
            SpeechBounds(min_rate=args.min_rate, max_rate=args.max_rate)
            if args.end_silence is not None:
                Endpointing(end_silence=args.end_silence)
    except ValueError as err:
        parser.error(str(err))
    try:
        if args.command == "ask":
            return _ask(args)
        if args.command == "models":
            return _models(args)
        if args.command == "content":
            return _content_check(args)
        return _live(args)
    except (ContentError, ModelError, UnknownVoice) as err:
        problem = {ContentError: "content", ModelError: "speech model", UnknownVoice: "voice"}[type(err)]
        print(f"voiceinfo: {problem} problem: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
