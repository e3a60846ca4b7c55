"""`voiceinfo doctor`: is this machine ready to run the kiosk?"""

from __future__ import annotations

import argparse


def add_parser(commands: argparse._SubParsersAction) -> None:
    commands.add_parser(
        "doctor", help="check that everything the kiosk needs works",
        description="Check the settings, the content, the voice, the speech model, the sound "
                    "server, the microphone and the speaker; print each problem with its fix. "
                    "Exits 0 only when all is well.")


def run(args: argparse.Namespace) -> int:
    from voiceinfo.caregiver import doctor

    return doctor.run(args.config)
