"""`voiceinfo kiosk`: run unattended from the settings, install its systemd unit, or summarise its log."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timezone
from pathlib import Path

from voiceinfo.cli import install as install_unit
from voiceinfo.cli.options import loop_options, settings
from voiceinfo.config import Config, ConfigError
from voiceinfo.hearing.vosk import ModelError
from voiceinfo.paths import PROGRAM
from voiceinfo.speaking.synthesiser import SpeechUnavailable
from voiceinfo.speaking.voice import UnknownVoice
from voiceinfo.understanding.content import ContentError


def add_parser(commands: argparse._SubParsersAction) -> None:
    kiosk = commands.add_parser(
        "kiosk", help="run unattended from the settings file (for a caregiver's kiosk)",
        description="Run the hands-free loop from the settings file, for weeks, with nobody at "
                    "the keyboard: waits for a missing microphone or speaker, recovers from a lost "
                    "one, and cannot be ended or reconfigured by voice. With an ACTION: install "
                    "a systemd unit, or summarise the log.")
    kiosk.add_argument("--log", type=Path, metavar="FILE",
                       help="the kiosk's log (default: ~/.local/state/voiceinfo/kiosk.log)")
    loop_options(kiosk.add_argument_group("settings for this run (over the settings file's)"))
    kiosk_commands = kiosk.add_subparsers(dest="kiosk_command", metavar="ACTION")
    install = install_unit.add_parser(
        kiosk_commands, "kiosk", "Write a systemd unit that starts 'voiceinfo kiosk' at boot, after the "
                                 "sound server, and restarts it whenever it stops.")
    status = kiosk_commands.add_parser("status", help="uptime, turns and recent errors, from the log")
    for sub in (install, status):
        sub.add_argument("--log", type=Path, metavar="FILE", default=argparse.SUPPRESS,
                         help="the kiosk's log (default: as for the kiosk)")


def run(args: argparse.Namespace) -> int:
    from voiceinfo.caregiver import kiosk_log

    log_path = args.log or kiosk_log.default_log()
    if args.kiosk_command == "status":
        print(kiosk_log.status(log_path).summary(datetime.now(timezone.utc)))
        return 0
    if args.kiosk_command == "install":
        return install_unit.run(args, "kiosk")
    return _kiosk_run(args, log_path)


# What a caregiver should do about each error that stops a kiosk at start (kiosk status shows it).
_FIXES: dict[type[Exception], str] = {
    ConfigError: f"fix the settings file it names, or write it again with '{PROGRAM} setup'.",
    ContentError: f"fix the monograph file it names: '{PROGRAM} content check FILE' lists each problem.",
    ModelError: f"check the speech model with '{PROGRAM} models verify', or remove it to use the "
                "built-in recogniser.",
    UnknownVoice: f"choose an installed voice with '{PROGRAM} setup'.",
    SpeechUnavailable: f"install espeak-ng; '{PROGRAM} doctor' checks the voice.",
}


def _kiosk_run(args: argparse.Namespace, log_path: Path) -> int:
    from voiceinfo.caregiver.kiosk import Kiosk, say_out_of_order
    from voiceinfo.caregiver.kiosk_log import FIX, KioskLog
    from voiceinfo.loop.out_of_order import kiosk_throttle

    log, config, throttle = KioskLog(log_path), Config(), kiosk_throttle()
    try:
        config = settings(args)
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
