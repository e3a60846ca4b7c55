"""`voiceinfo kiosk`: run unattended from the settings, install its systemd unit, or summarise its log."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timezone
from pathlib import Path

from voiceinfo import config as config_file
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


def run(args: argparse.Namespace) -> int:
    from voiceinfo.caregiver import kiosk_log, systemd_unit

    log_path = args.log or kiosk_log.default_log()
    if args.kiosk_command == "status":
        print(kiosk_log.status(log_path).summary(datetime.now(timezone.utc)))
        return 0
    if args.kiosk_command == "install":
        path = config_file.find(args.config) or (
            config_file.SYSTEM_CONFIG if args.mode == "system" else config_file.user_config())
        if not path.exists():
            print(f"Note: {path} does not exist yet; write it with '{PROGRAM} setup' first.",
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
