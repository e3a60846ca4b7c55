"""`voiceinfo content check`: every problem of a monograph file, with its line."""

from __future__ import annotations

import argparse
from pathlib import Path

from voiceinfo.understanding.content import DEFAULT_CONTENT, load


def add_parser(commands: argparse._SubParsersAction) -> None:
    content = commands.add_parser("content", help="work with monograph files")
    content_commands = content.add_subparsers(dest="content_command", metavar="ACTION", required=True)
    check = content_commands.add_parser(
        "check", help="validate a monograph file",
        description="Check a monograph file; print each problem with its line, exit 1 if any.")
    check.add_argument("file", nargs="?", type=Path, default=DEFAULT_CONTENT,
                       help="monograph file (default: %(default)s)")


def run(args: argparse.Namespace) -> int:
    print(load(args.file).summary())
    return 0
