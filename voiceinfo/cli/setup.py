"""`voiceinfo setup`: the caregiver's step-by-step set-up, saved only when confirmed."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from voiceinfo import config as config_file
from voiceinfo.cli.options import loop_options, overrides, setup_options, speech_options
from voiceinfo.config import Config, ConfigError
from voiceinfo.paths import PROGRAM


def add_parser(commands: argparse._SubParsersAction) -> None:
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
    loop_options(setup)
    speech_options(setup)
    setup_options(setup)


def run(args: argparse.Namespace) -> int:
    from voiceinfo.caregiver.setup import Abandoned, Wizard

    from_env = os.environ.get(config_file.CONFIG_VARIABLE)
    path = config_file.SYSTEM_CONFIG if args.system else (
        args.config or (Path(from_env) if from_env else config_file.user_config()))
    try:
        start = config_file.load(path) if path.exists() else Config()
    except ConfigError as err:
        print(f"The settings in {path} have a problem ({err}); starting from the standard settings. "
              "The file is replaced only if you save at the end.")
        start = Config()
    config = start.updated(**overrides(args))
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
    print(f"Saved {path}. Check everything with '{PROGRAM} doctor', then start it with "
          f"'{PROGRAM} kiosk' or install it with '{PROGRAM} kiosk install'.")
    return 0
