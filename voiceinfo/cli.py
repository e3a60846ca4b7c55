"""The voiceinfo command line."""

from __future__ import annotations

import argparse
import io
import json
import os
import signal
import sys
import time
from dataclasses import asdict, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from voiceinfo import config as config_file
from voiceinfo.answering import Answer, Answerer
from voiceinfo.assembly import Parts, build, content_file, device, model_folder
from voiceinfo.config import Config, ConfigError
from voiceinfo.content import DEFAULT_CONTENT, ContentError, load
from voiceinfo.echo_cancel import EchoCancel, EchoCancelUnavailable
from voiceinfo.lexicon import default_lexicon
from voiceinfo.segmenter import PATIENCE
from voiceinfo.synthesiser import SpeechUnavailable
from voiceinfo.voice import UnknownVoice, Voice
from voiceinfo.vosk_recogniser import ModelError

if TYPE_CHECKING:
    import numpy as np

_FROM_CONFIG = "default: the config's, else %s"


def _speech_options(parser: argparse.ArgumentParser) -> None:
    """Options shared by the live loop, `ask` and `setup`: the voice, the recogniser, the content."""
    parser.add_argument("--voice", help="espeak-ng voice, e.g. gmw/en-GB-x-rp or gmw/en-us+f3 ("
                                        + _FROM_CONFIG % Voice.name + ")")
    parser.add_argument("--rate", type=int, help="speaking rate in words a minute, 80 to 450 ("
                                                 + _FROM_CONFIG % Voice.rate + ")")
    parser.add_argument("--volume", type=float, help="volume from 0 to 1 (" + _FROM_CONFIG % Voice.volume + ")")
    parser.add_argument("--model", type=Path, metavar="DIR",
                        help="Vosk model folder (default: the config's, $VOICEINFO_MODEL, then "
                             "models/*, else the built-in pocketsphinx engine)")
    parser.add_argument("--content", type=Path, metavar="FILE",
                        help="monograph file (" + _FROM_CONFIG % DEFAULT_CONTENT.name + ")")


def _loop_options(parser: argparse.ArgumentParser) -> None:
    """Options of the live loop that a config also holds (and `setup` writes)."""
    parser.add_argument("--input-device", metavar="NAME|INDEX",
                        help="microphone, by name or number (default: the config's, else the system's)")
    parser.add_argument("--output-device", metavar="NAME|INDEX",
                        help="speaker, by name or number (default: the config's, else the system's)")
    parser.add_argument("--echo-cancel", action=argparse.BooleanOptionalAction,
                        help="cancel the speaker's echo in the microphone through the sound server "
                             "(PulseAudio or PipeWire), so that 'stop' is heard while it speaks "
                             "(default: the config's, else off)")
    parser.add_argument("--patience", choices=sorted(PATIENCE),
                        help="how long a pause ends a sentence: "
                             + ", ".join(f"{name} {seconds} s" for name, seconds in PATIENCE.items())
                             + " (default: the config's, else patient)")
    parser.add_argument("--end-silence", type=float, metavar="SECONDS",
                        help="exact pause that ends a sentence, 0.1 to 10 (overrides --patience)")
    parser.add_argument("--reprompt-after", type=float, metavar="SECONDS",
                        help="silence before a gentle reminder (" + _FROM_CONFIG % 10 + ")")
    parser.add_argument("--min-rate", type=int,
                        help="slowest that 'slower' may go (" + _FROM_CONFIG % 100 + ")")
    parser.add_argument("--max-rate", type=int,
                        help="fastest that 'faster' may go (" + _FROM_CONFIG % 220 + ")")
    parser.add_argument("--no-earcons", action="store_const", const=False, dest="earcons",
                        help="no chime when listening starts or when a question is not understood")
    parser.add_argument("--no-barge-in", action="store_const", const=False, dest="barge_in",
                        help="do not listen for 'stop' while speaking")


def _config_option(parser: argparse.ArgumentParser, **default: object) -> None:
    parser.add_argument("--config", type=Path, metavar="FILE", **default,
                        help=f"settings file (default: ${config_file.CONFIG_VARIABLE}, then "
                             f"{config_file.user_config()}, then {config_file.SYSTEM_CONFIG}); "
                             "command-line options override it")


def _before_or_after(top: argparse.ArgumentParser, commands: argparse._SubParsersAction) -> None:
    """An option the top level shares with a subcommand works on either side of the
    subcommand's name: the subcommand's parser must not reset it to its default."""
    shared = {action.dest for action in top._actions} - {"help", "command"}
    for sub in {id(p): p for p in commands.choices.values()}.values():
        if not any(action.dest == "config" for action in sub._actions):
            _config_option(sub, default=argparse.SUPPRESS)
        for action in sub._actions:
            if action.dest in shared:
                action.default = argparse.SUPPRESS
            elif isinstance(action, argparse._SubParsersAction):
                _before_or_after(top, action)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="voiceinfo",
        description="Offline, hands-free spoken answers about a medicine (baclofen). With no "
                    "command, listens on the microphone and answers aloud: ask a question, then "
                    "say more, next, previous, repeat, slower, louder, stop, help or goodbye.")
    _config_option(parser)
    live = parser.add_argument_group("listening (with no command)")
    _loop_options(live)
    live.add_argument("--open", action="store_true",
                      help="recognise any words, not only what the content can answer")
    live.add_argument("--captions", action="store_true",
                      help="show what was heard and said in bold, high-contrast text (make the "
                           "terminal's font large to read it from across a room)")
    live.add_argument("--timings", action="store_true",
                      help="print each turn's latency as a JSON line on standard error")
    _speech_options(live)
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
    ask.add_argument("--open", action="store_true",
                     help="recognise any words, not only what the content can answer")
    _speech_options(ask)

    setup = commands.add_parser(
        "setup", help="set up voiceinfo step by step (for caregivers)",
        description="A step-by-step set-up, printed and spoken: speaker, microphone and its level, "
                    "voice, speed and volume bounds, patience, wake phrase and greeting. Writes "
                    "the settings file only when you confirm at the end.")
    where = setup.add_mutually_exclusive_group()
    where.add_argument("--system", action="store_true",
                       help=f"write {config_file.SYSTEM_CONFIG} (a system kiosk; needs root)")
    setup.add_argument("--non-interactive", action="store_true",
                       help="ask nothing: start from the current settings, apply the options "
                            "given, check and save")
    _loop_options(setup)
    _speech_options(setup)
    setup.add_argument("--min-volume", type=float, help="quietest that 'quieter' may go, 0 to 1")
    setup.add_argument("--max-volume", type=float, help="loudest that 'louder' may go, 0 to 1")
    wake = setup.add_mutually_exclusive_group()
    wake.add_argument("--wake", action="store_const", const=True, dest="wake",
                      help="wait for the wake phrase before each conversation")
    wake.add_argument("--no-wake", action="store_const", const=False, dest="wake",
                      help="answer at once, with no wake phrase")
    setup.add_argument("--wake-phrase", help='what wakes it, e.g. "hello helper"')
    setup.add_argument("--greeting", help="first words when it starts (empty: the standard greeting)")

    commands.add_parser(
        "doctor", help="check that everything the kiosk needs works",
        description="Check the settings, the content, the voice, the speech model, the sound "
                    "server, the microphone and the speaker; print each problem with its fix. "
                    "Exits 0 only when all is well.")

    kiosk = commands.add_parser(
        "kiosk", help="run unattended from the settings file (for a caregiver's kiosk)",
        description="Run the hands-free loop from the settings file, for weeks, with nobody at "
                    "the keyboard: waits for a missing microphone or speaker, recovers from a lost "
                    "one, and cannot be ended or reconfigured by voice. With an ACTION: install "
                    "a systemd unit, or summarise the log.")
    kiosk.add_argument("--log", type=Path, metavar="FILE",
                       help="the kiosk's log (default: ~/.local/state/voiceinfo/kiosk.log)")
    kiosk_commands = kiosk.add_subparsers(dest="kiosk_command", metavar="ACTION")
    install = kiosk_commands.add_parser(
        "install", help="write a systemd unit that starts the kiosk at boot",
        description="Write a systemd unit that starts 'voiceinfo kiosk' at boot, after the "
                    "sound server, and restarts it whenever it stops; then say how to enable it.")
    manager = install.add_mutually_exclusive_group()
    manager.add_argument("--user", action="store_const", const="user", dest="mode", default="user",
                         help="a unit of this user's own systemd (the default)")
    manager.add_argument("--system", action="store_const", const="system", dest="mode",
                         help="a system unit that runs as --as USER (needs root)")
    install.add_argument("--as", dest="account", metavar="USER",
                         help="the user whose sound server it uses (default: you)")
    install.add_argument("--print", action="store_true", help="print the unit; write nothing")
    status = kiosk_commands.add_parser("status", help="uptime, turns and recent errors, from the log")
    for sub in (install, status):
        sub.add_argument("--log", type=Path, metavar="FILE", default=argparse.SUPPRESS,
                         help="the kiosk's log (default: as for the kiosk)")

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
    get.add_argument("--from", dest="url", metavar="URL",
                     help="download from this https address instead (a mirror)")
    get.add_argument("--sha256", metavar="HEX",
                     help="the archive's SHA-256, when the mirror holds another build than the "
                          "catalogue's (default: the catalogue's)")
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
    _before_or_after(parser, commands)
    return parser


def _answer_json(answer: Answer, **extra: str | float) -> str:
    return json.dumps({
        **extra,
        "question": answer.question,
        "section": answer.section,
        "item": answer.item,
        "text": answer.text,
        "out_of_scope": answer.out_of_scope,
        "urgent": answer.urgent,
    }, ensure_ascii=False)


def _speak(text: str, args: argparse.Namespace, config: Config) -> int:
    """Speak text on the speaker, or into --out; a missing speaker is a notice only."""
    from voiceinfo.playback import AudioUnavailable, play
    from voiceinfo.synthesiser import Synthesiser, write_wav

    voice = config.voice
    try:
        chunks = Synthesiser(Voice(voice.name, voice.rate, voice.volume)).speak_sentences(text)
        if args.out is None:
            play(chunks, device(config.audio.output_device))
            return 0
        seconds = write_wav(str(args.out), chunks)
        print(f"(The spoken answer, {seconds:.1f} seconds, is in {args.out}.)", file=sys.stderr)
    except (AudioUnavailable, SpeechUnavailable) as err:
        print(f"(Not spoken: {err}. The answer is printed above.)", file=sys.stderr)
    except OSError as err:
        print(f"voiceinfo: cannot write {args.out}: {err.strerror or err}", file=sys.stderr)
        return 1
    return 0


def _not_heard(samples: np.ndarray) -> str:
    """Why no question came out of a recording, and what to do about it when something can be done."""
    from voiceinfo.speech_level import level_report

    if level_report(samples) == "too quiet":
        return ("I did not hear a question in that recording. It is very quiet: "
                "record closer to the microphone, or turn its level up.")
    return "I did not hear a question in that recording."


def _ask_audio(args: argparse.Namespace, config: Config, answerer: Answerer) -> int:
    """Recognise a recorded question, then answer what was heard."""
    from voiceinfo.audio_input import AudioFileError, read_wav
    from voiceinfo.engines import choose_recogniser
    from voiceinfo.recogniser import transcribe_speech

    choice = choose_recogniser(answerer.monograph, model_folder(config), args.open)
    recogniser = choice.recogniser
    for notice in choice.notices:
        print(notice, file=sys.stderr)
    print(f"Listening with {recogniser.description}.", file=sys.stderr)
    try:
        samples = read_wav(args.audio)
        transcript = transcribe_speech(recogniser, samples)
        heard = transcript.text
        problem = "" if heard else _not_heard(samples)
    except AudioFileError as err:
        heard, problem = "", f"I could not use that recording: {err}"
    if problem:
        if args.json:
            print(json.dumps({"question": "", "heard": "", "engine": recogniser.description,
                              "section": None, "text": problem, "error": problem}, ensure_ascii=False))
        else:
            print(problem)
        return 1
    answer = answerer.answer(heard, transcript.alternatives)
    if args.json:
        confidence = answerer.confidence(answer, transcript.confidence, transcript.alternatives)
        print(_answer_json(answer, heard=heard, engine=recogniser.description,
                           confidence=round(confidence, 2)), flush=True)
        return 0 if args.out is None else _speak(answer.text, args, config)
    print(f"Heard: {heard}\n{answer.text}", flush=True)
    return 0 if args.no_speak else _speak(answer.text, args, config)


def _ask(args: argparse.Namespace, config: Config) -> int:
    if args.question is not None and (args.audio is not None or not args.question.strip()):
        problem = "give a question or --audio WAV, not both" if args.audio else "the question is empty"
        print(f'voiceinfo ask: {problem}; for example: voiceinfo ask "what are the side effects?"',
              file=sys.stderr)
        return 2
    answerer = Answerer(load(content_file(config)), default_lexicon())
    if args.audio is not None:
        return _ask_audio(args, config, answerer)
    if args.question is None:
        if sys.stdin.isatty():  # typed by hand: say what it waits for
            print("Type a question and press Enter; Ctrl+D ends.", file=sys.stderr)
        for line in sys.stdin:
            question = line.strip()
            if question:
                answer = answerer.answer(question)
                print(_answer_json(answer) if args.json else answer.text, flush=True)
        return 0
    answer = answerer.answer(args.question)
    print(_answer_json(answer) if args.json else answer.text, flush=True)
    if args.out is not None or not (args.no_speak or args.json):
        return _speak(answer.text, args, config)
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
            item = model_store.entry(args.name)
            item = replace(item, url=args.url or item.url, sha256=(args.sha256 or item.sha256).lower())
            path = model_store.download(item, args.dir)
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


def _live(args: argparse.Namespace, config: Config) -> int:
    """The hands-free loop on the microphone and speaker."""
    parts = build(config, args.open)
    for notice in parts.notices:
        print(notice, file=sys.stderr)
    echo = EchoCancel() if config.audio.echo_cancel else None
    try:
        if echo:
            try:
                echo.ensure()  # with no sound server, opening the microphone says what is wrong
            except EchoCancelUnavailable as err:
                print(f"voiceinfo: carrying on without echo cancellation: {err}.", file=sys.stderr)
        return _listen(args, config, parts)
    finally:
        if echo:
            echo.close()


def _listen(args: argparse.Namespace, config: Config, parts: Parts) -> int:
    from voiceinfo.captions import Captions
    from voiceinfo.live import LiveLoop, TurnTiming
    from voiceinfo.microphone import Microphone
    from voiceinfo.playback import AudioUnavailable

    def report(turn: TurnTiming) -> None:
        print(json.dumps({**asdict(turn), "beyond_silence": turn.beyond_silence}), file=sys.stderr,
              flush=True)

    try:
        microphone = Microphone(device(config.audio.input_device))
    except AudioUnavailable as err:
        print(f"voiceinfo: cannot start listening: {err}. Check that a microphone and speaker are "
              "connected and the sound server is running ('voiceinfo doctor' checks).", file=sys.stderr)
        return 1
    loop = LiveLoop(parts.dialogue, parts.listeners, parts.synthesiser, microphone,
                    device(config.audio.output_device), parts.settings, Captions(args.captions),
                    report if args.timings else None)
    try:
        return loop.run()
    except AudioUnavailable as err:
        print(f"voiceinfo: {err}. Check the microphone and speaker, then start voiceinfo again "
              "('voiceinfo kiosk' waits for them instead).", file=sys.stderr)
        return 1
    finally:
        microphone.close()


def _overrides(args: argparse.Namespace) -> dict[str, dict[str, object]]:
    """The settings given on the command line, by config section."""
    given = vars(args)
    end_silence = given.get("end_silence")
    if end_silence is None and given.get("patience"):
        end_silence = PATIENCE[given["patience"]]
    paths = {key: str(given[key]) if given.get(key) is not None else None for key in ("model", "content")}
    table = {
        "audio": {"input_device": given.get("input_device"), "output_device": given.get("output_device"),
                  "echo_cancel": given.get("echo_cancel")},
        "voice": {"name": given.get("voice"), "rate": given.get("rate"), "volume": given.get("volume"),
                  "min_rate": given.get("min_rate"), "max_rate": given.get("max_rate"),
                  "min_volume": given.get("min_volume"), "max_volume": given.get("max_volume")},
        "listening": {"end_silence": end_silence, "reprompt_after": given.get("reprompt_after"),
                      "earcons": given.get("earcons"), "barge_in": given.get("barge_in")},
        "kiosk": {"wake": given.get("wake"), "wake_phrase": given.get("wake_phrase"),
                  "greeting": given.get("greeting")},
        "content": {"model": paths["model"], "file": paths["content"]},
    }
    return {section: {k: v for k, v in values.items() if v is not None}
            for section, values in table.items()}


def _config(args: argparse.Namespace) -> Config:
    """The config file's settings (or the standard ones), with the command line's on top."""
    path = config_file.find(args.config)
    return (config_file.load(path) if path else Config()).updated(**_overrides(args))


def _setup(args: argparse.Namespace) -> int:
    from voiceinfo.setup_wizard import Abandoned, Wizard

    from_env = os.environ.get(config_file.CONFIG_VARIABLE)
    path = config_file.SYSTEM_CONFIG if args.system else (
        args.config or (Path(from_env) if from_env else config_file.user_config()))
    try:
        start = config_file.load(path) if path.exists() else Config()
    except ConfigError as err:
        print(f"The settings in {path} have a problem ({err}); starting from the standard settings. "
              "The file is replaced only if you save at the end.")
        start = Config()
    config = start.updated(**_overrides(args))
    if not args.non_interactive:
        wizard = Wizard(config)
        try:
            config = wizard.run()
            print(config_file.dumps(config))
            if not wizard.yes(f"Save these settings to {path}?"):
                wizard.say(f"Nothing was saved. The settings in {path} are as they were.")
                return 1
        except Abandoned:
            print(f"\nSet-up stopped: nothing was saved. The settings in {path} are as they were.")
            return 1
    try:
        config_file.save(config, path)
    except OSError as err:
        print(f"voiceinfo: cannot write {path}: {err.strerror or err}; nothing was changed.",
              file=sys.stderr)
        return 1
    print(f"Saved {path}. Check everything with 'voiceinfo doctor', then start it with "
          "'voiceinfo kiosk' or install it with 'voiceinfo kiosk install'.")
    return 0


def _kiosk(args: argparse.Namespace) -> int:
    from voiceinfo import kiosk_log, systemd_unit

    log_path = args.log or kiosk_log.default_log()
    if args.kiosk_command == "status":
        print(kiosk_log.status(log_path).summary(datetime.now(timezone.utc)))
        return 0
    if args.kiosk_command == "install":
        path = config_file.find(args.config) or (
            config_file.SYSTEM_CONFIG if args.mode == "system" else config_file.user_config())
        if not path.exists():
            print(f"Note: {path} does not exist yet; write it with 'voiceinfo setup' first.",
                  file=sys.stderr)
        try:
            unit = systemd_unit.unit_for(args.mode, path, args.account)
        except ValueError as err:
            print(f"voiceinfo: {err}", file=sys.stderr)
            return 1
        if args.print:
            print(unit.text(), end="")
            return 0
        try:
            written = systemd_unit.install(unit)
        except OSError as err:
            print(f"voiceinfo: cannot write {unit.path}: {err.strerror or err}"
                  + (" (a system unit needs root: try sudo)" if args.mode == "system" else ""),
                  file=sys.stderr)
            return 1
        print(f"Wrote {written}.\n{unit.how_to_enable()}")
        return 0
    return _kiosk_run(args, log_path)


# What a caregiver should do about each error that stops a kiosk at start (kiosk status shows it).
_FIXES: dict[type[Exception], str] = {
    ConfigError: "fix the settings file it names, or write it again with 'voiceinfo setup'.",
    ContentError: "fix the monograph file it names: 'voiceinfo content check FILE' lists each problem.",
    ModelError: "check the speech model with 'voiceinfo models verify', or remove it to use the "
                "built-in recogniser.",
    UnknownVoice: "choose an installed voice with 'voiceinfo setup'.",
    SpeechUnavailable: "install espeak-ng; 'voiceinfo doctor' checks the voice.",
}


def _kiosk_run(args: argparse.Namespace, log_path: Path) -> int:
    from voiceinfo.kiosk import Kiosk, say_out_of_order
    from voiceinfo.kiosk_log import FIX, KioskLog
    from voiceinfo.out_of_order import kiosk_throttle

    log, config, throttle = KioskLog(log_path), Config(), kiosk_throttle()
    try:
        config = _config(args)
        log.log_words = config.kiosk.log_words
        return Kiosk(config, log, throttle=throttle).run()
    except KeyboardInterrupt:
        log.event("stop")
        return 130
    except Exception as err:  # a kiosk's last resort: logged, said aloud, and systemd starts it again
        fix = next((f for kind, f in _FIXES.items() if isinstance(err, kind)), FIX)
        log.event("fatal", error=f"{type(err).__name__}: {err}", fix=fix)
        print(f"voiceinfo kiosk: cannot work: {type(err).__name__}: {err}\nTo fix it: {fix}",
              file=sys.stderr, flush=True)
        say_out_of_order(config, throttle)
        return 1


def _interrupted(_signal: int, _frame: object) -> None:
    raise KeyboardInterrupt


def _forgiving_text_streams() -> None:
    """Bytes that are not text in the locale's encoding (a pasted line, a file name) become
    a replacement character, so that every other line is still answered and nothing is a
    traceback."""
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")


def main(argv: list[str] | None = None) -> int:
    _forgiving_text_streams()
    parser = _parser()
    args = parser.parse_args(argv)
    # Stopped by systemd or a caregiver's `kill`: end as on Ctrl+C, tidying up on the way
    # (the devices, and the sound server's echo canceller).
    signal.signal(signal.SIGTERM, _interrupted)
    try:
        if args.command == "models":
            return _models(args)
        if args.command == "content":
            return _content_check(args)
        if args.command == "setup":
            return _setup(args)
        if args.command == "doctor":
            from voiceinfo import doctor

            return doctor.run(args.config)
        if args.command == "kiosk":
            return _kiosk(args)
        config = _config(args)
        if args.command == "ask":
            return _ask(args, config)
        return _live(args, config)
    except ConfigError as err:
        print(f"voiceinfo: settings problem: {err}", file=sys.stderr)
        return 2
    except (ContentError, ModelError, UnknownVoice, SpeechUnavailable) as err:
        problem = {ContentError: "content", ModelError: "speech model", UnknownVoice: "voice",
                   SpeechUnavailable: "speech"}[type(err)]
        print(f"voiceinfo: {problem} problem: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
