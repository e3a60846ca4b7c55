"""`voiceinfo voices`: the voices installed, the default marked with *."""

from __future__ import annotations

import argparse

from voiceinfo.speaking.voice import Voice
from voiceinfo.speaking.voices import listing


def add_parser(commands: argparse._SubParsersAction) -> None:
    commands.add_parser("voices", help="list the voices installed",
                        description="The voices it can speak with: engine, name, language and quality; "
                                    "the default is marked with *. Choose one with --voice NAME or in "
                                    "'voiceinfo setup'.")


def run(args: argparse.Namespace) -> int:
    for voice in listing():
        mark = "*" if voice.name.lower() == Voice.name.lower() else " "
        print(f"{mark} {voice.engine:10} {voice.name:20} {voice.language:15} {voice.quality}")
    return 0
