"""The voiceinfo command line: one module per command; options.py holds what they share."""

from __future__ import annotations

import argparse
import io
import signal
import sys

from voiceinfo.cli import ask, content, doctor, kiosk, listen, models, serve, setup, voices
from voiceinfo.cli.options import (
    before_or_after,
    config_option,
    loop_options,
    settings,
    speech_options,
)
from voiceinfo.errors import VoiceinfoError


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="voiceinfo",
        description="Offline, hands-free spoken answers about a medicine (baclofen). With no "
                    "command, listens on the microphone and answers aloud: ask a question, then "
                    "say more, next, previous, repeat, slower, louder, stop, help or goodbye.")
    config_option(top)
    live = top.add_argument_group("listening (with no command)")
    loop_options(live)
    live.add_argument("--open", action="store_true",
                      help="recognise any words, not only what the content can answer")
    live.add_argument("--captions", action="store_true",
                      help="show what was heard and said in bold, high-contrast text (make the "
                           "terminal's font large to read it from across a room)")
    live.add_argument("--timings", action="store_true",
                      help="print each turn's latency as a JSON line on standard error")
    speech_options(live)
    commands = top.add_subparsers(dest="command", metavar="COMMAND")
    for command in (ask, setup, doctor, kiosk, models, content, voices, serve):
        command.add_parser(commands)
    before_or_after(top, commands)
    return top


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
    args = parser().parse_args(argv)
    # Stopped by systemd or a caregiver's `kill`: end as on Ctrl+C, tidying up on the way
    # (the devices, and the sound server's echo canceller).
    signal.signal(signal.SIGTERM, _interrupted)
    try:
        by_itself = {"models": models.run, "content": content.run, "setup": setup.run,
                     "doctor": doctor.run, "kiosk": kiosk.run, "voices": voices.run, "serve": serve.run}
        if args.command in by_itself:
            return by_itself[args.command](args)
        config = settings(args)
        if args.command == "ask":
            return ask.run(args, config)
        return listen.run(args, config)
    except VoiceinfoError as err:
        print(f"voiceinfo: {err.problem} problem: {err}", file=sys.stderr)
        return err.status
    except KeyboardInterrupt:
        return 130
