"""`kiosk install` and `serve install`: write the systemd unit that starts one of them at boot."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from voiceinfo import config as config_file
from voiceinfo.caregiver import systemd_unit
from voiceinfo.paths import PROGRAM


def add_parser(actions: argparse._SubParsersAction, role: systemd_unit.Role,
               description: str) -> argparse.ArgumentParser:
    install = actions.add_parser("install", help=f"write a systemd unit that starts '{PROGRAM} {role}' at boot",
                                 description=description + " Then say how to enable it.")
    manager = install.add_mutually_exclusive_group()
    manager.add_argument("--user", action="store_const", const="user", dest="mode", default="user",
                         help="a unit of this user's own systemd (the default)")
    manager.add_argument("--system", action="store_const", const="system", dest="mode",
                         help="a system unit that runs as --as USER (needs root)")
    install.add_argument("--as", dest="account", metavar="USER",
                         help=("the user whose sound server it uses" if role == "kiosk" else "the user it runs as")
                         + " (default: you)")
    install.add_argument("--print", action="store_true", help="print the unit; write nothing")
    return install


def run(args: argparse.Namespace, role: systemd_unit.Role, options: tuple[str, ...] = ()) -> int:
    path = config_file.find(args.config) or (
        config_file.SYSTEM_CONFIG if args.mode == "system" else config_file.user_config())
    config: Path | None = path
    if not path.exists() and role == "serve":  # it can serve with the standard settings
        print(f"Note: {path} does not exist yet: the service looks for a settings file where "
              f"'{PROGRAM} setup' writes one each time it starts, and uses the standard settings until then.",
              file=sys.stderr)
        config = None
    elif not path.exists():
        print(f"Note: {path} does not exist yet; write it with '{PROGRAM} setup' first.", file=sys.stderr)
    try:
        unit = systemd_unit.unit_for(args.mode, config, args.account, role, options)
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
              + (" (a system unit needs root: try sudo)" if args.mode == "system" else ""), file=sys.stderr)
        return 1
    print(f"Wrote {written}.\n{unit.how_to_enable()}")
    return 0
