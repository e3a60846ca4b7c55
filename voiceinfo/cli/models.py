"""`voiceinfo models`: list, download and check speech models (Vosk) and voices (Piper)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from voiceinfo.hearing.vosk import ModelError
from voiceinfo.paths import MODELS_DIR, PROGRAM


def add_parser(commands: argparse._SubParsersAction) -> None:
    models = commands.add_parser(
        "models", help="list, download and check speech models and voices",
        description="Vosk speech models and Piper voices. Downloading is the only thing voiceinfo "
                    "does over the network, and only when asked. A voice downloaded is then listed "
                    "by 'voiceinfo voices' (en_US-amy-medium as piper/amy).")
    model_commands = models.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    model_commands.add_parser("list", help="the models that can be downloaded, and which are here")
    get = model_commands.add_parser("download", help="download, verify and install a model or voice",
                                    description="Download a model into the models folder. An "
                                                "interrupted download resumes when run again.")
    get.add_argument("name", help="a name from 'voiceinfo models list'")
    get.add_argument("--from", dest="url", metavar="URL",
                     help="download from this https address instead (a mirror): a model's archive, "
                          "or the folder that holds a voice's two files")
    get.add_argument("--sha256", metavar="HEX",
                     help="the archive's SHA-256, when the mirror holds another build than the "
                          "catalogue's (default: the catalogue's)")
    verify = model_commands.add_parser("verify", help="check that model and voice folders are complete and load")
    verify.add_argument("path", nargs="?", type=Path,
                        help="a model folder (default: every folder in the models folder)")
    for sub in (get, verify, model_commands.choices["list"]):
        sub.add_argument("--dir", type=Path, metavar="DIR",
                         help="the models folder (default: models/ beside the content)")


def run(args: argparse.Namespace) -> int:
    from voiceinfo.caregiver import model_store

    args.dir = args.dir or MODELS_DIR
    if args.models_command == "list":
        for item in model_store.CATALOGUE:
            here = "installed" if (args.dir / item.name).is_dir() else "not installed"
            addresses = "".join(f"\n    {file.url}" for file in item.files)
            print(f"{item.name}  about {item.about_mb} MB  {here}\n    {item.description}{addresses}")
        return 0
    if args.models_command == "download":
        already = (args.dir / args.name).is_dir()
        try:
            item = model_store.entry(args.name)
            if args.url or args.sha256:
                item = item.mirrored(args.url or item.files[0].url, args.sha256)
            path = model_store.download(item, args.dir)
        except model_store.DownloadError as err:
            print(f"\nvoiceinfo: download failed: {err}", file=sys.stderr)
            return 1
        print(f"{path} is {'already' if already else 'now'} installed; voiceinfo will use it.")
        return 0
    paths = [args.path] if args.path else sorted(
        p for p in args.dir.glob("*") if p.is_dir() and not p.name.startswith("."))
    if not paths:
        print(f"There are no models in {args.dir}; see '{PROGRAM} models list'.", file=sys.stderr)
        return 1
    failed = 0
    for path in paths:
        start = time.perf_counter()
        try:
            model_store.check_folder(path)
            print(f"OK  {path} (loads in {time.perf_counter() - start:.1f} s)")
        except ModelError as err:
            failed += 1
            print(f"BAD {path}: {err}")
    return 1 if failed else 0
