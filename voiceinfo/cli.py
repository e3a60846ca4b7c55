"""The voiceinfo command line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO

from voiceinfo.answering import Answer, Answerer
from voiceinfo.content import DEFAULT_CONTENT, ContentError, load
from voiceinfo.lexicon import default_lexicon
from voiceinfo.vosk_recogniser import ModelError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="voiceinfo",
        description="Offline, hands-free spoken answers about a medicine (baclofen).",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    ask = commands.add_parser(
        "ask", help="answer one question, printed and spoken",
        description="Answer a question from the monograph, print the answer and speak it. "
                    "With no QUESTION, answers each line of standard input (without speaking).")
    ask.add_argument("question", nargs="?", help='the question, e.g. "what are the side effects?"')
    ask.add_argument("--json", action="store_true",
                     help="print a JSON object per answer (question, section, item, text, flags)")
    ask.add_argument("--no-speak", action="store_true", help="only print the answer")
    ask.add_argument("--audio", type=Path, metavar="WAV",
                     help="recognise the question from a WAV recording (8-48 kHz, mono or stereo)")
    ask.add_argument("--model", type=Path, metavar="DIR",
                     help="Vosk model folder (default: $VOICEINFO_MODEL, then models/*, "
                          "else the built-in pocketsphinx engine)")
    ask.add_argument("--open", action="store_true",
                     help="recognise any words, not only what the content can answer")
    ask.add_argument("--content", type=Path, default=DEFAULT_CONTENT, metavar="FILE",
                     help="monograph file (default: %(default)s)")

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


def _speak(text: str, out: TextIO) -> None:
    """Speak text on the default speaker; a missing speaker or voice is a notice, not a failure."""
    from voiceinfo.playback import AudioUnavailable, play
    from voiceinfo.synthesiser import SpeechUnavailable, Synthesiser

    try:
        play(Synthesiser().speak_sentences(text))
    except (AudioUnavailable, SpeechUnavailable) as err:
        print(f"(Not spoken: {err}. The answer is printed above.)", file=out)


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
        return 0
    print(f"Heard: {heard}\n{answer.text}", flush=True)
    if not args.no_speak:
        _speak(answer.text, sys.stderr)
    return 0


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
    if not args.no_speak and not args.json:
        _speak(answer.text, sys.stderr)
    return 0


def _content_check(args: argparse.Namespace) -> int:
    print(load(args.file).summary())
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "ask":
            return _ask(args)
        if args.command == "content":
            return _content_check(args)
    except ContentError as err:
        print(f"voiceinfo: content problem: {err}", file=sys.stderr)
        return 1
    except ModelError as err:
        print(f"voiceinfo: speech model problem: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    parser.print_help()
    return 0
