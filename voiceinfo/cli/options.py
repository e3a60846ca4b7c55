"""Options several commands share, and the settings they make: the config file's, with the command line's on top."""

from __future__ import annotations

import argparse
from dataclasses import Field, fields
from pathlib import Path

from voiceinfo import config as config_file
from voiceinfo.audio.segmenter import PATIENCE
from voiceinfo.config import Config, setting_type


def _flagged(commands: str) -> list[tuple[str, Field]]:
    """The settings with a flag for these commands, as (config section, setting)."""
    return [(section.name, spec) for section in fields(Config) for spec in fields(section.default_factory)
            if spec.metadata["flag"] and spec.metadata["commands"] == commands]


def _add_flags(parser: argparse.ArgumentParser, commands: str) -> None:
    """One flag per setting, from the setting's own help, range and default (config.py)."""
    for section, spec in _flagged(commands):
        meta, dest = spec.metadata, f"{section}.{spec.name}"
        low, high = meta["range"]
        limits = f", {low:g} to {high:g}" if low is not None else ""
        default = {True: "on", False: "off", "": ""}.get(spec.default, spec.default)
        text = f"{meta['help']}{limits} (default: the config's" + (f", else {default})" if default != "" else ")")
        kind = setting_type(spec)
        if kind is bool:
            parser.add_argument(meta["flag"], dest=dest, action=argparse.BooleanOptionalAction, help=text)
        else:
            parser.add_argument(meta["flag"], dest=dest, type=kind, metavar=meta["metavar"] or spec.name.upper(),
                                help=text)


def speech_options(parser: argparse.ArgumentParser) -> None:
    """Options shared by the live loop, `ask` and `setup`: the voice, the recogniser, the content."""
    _add_flags(parser, "speech")


def loop_options(parser: argparse.ArgumentParser) -> None:
    """Options of the live loop that a config also holds (and `setup` writes)."""
    _add_flags(parser, "loop")
    parser.add_argument("--patience", choices=sorted(PATIENCE),
                        help="how long a pause ends a sentence: "
                             + ", ".join(f"{name} {seconds} s" for name, seconds in PATIENCE.items())
                             + " (--end-silence overrides it)")


def setup_options(parser: argparse.ArgumentParser) -> None:
    """Settings that only `setup` writes: the volume bounds and the kiosk's wake phrase and greeting."""
    _add_flags(parser, "setup")


def config_option(parser: argparse.ArgumentParser, **default: object) -> None:
    parser.add_argument("--config", type=Path, metavar="FILE", **default,
                        help=f"settings file (default: ${config_file.CONFIG_VARIABLE}, then "
                             f"{config_file.user_config()}, then {config_file.SYSTEM_CONFIG}); "
                             "command-line options override it")


def before_or_after(top: argparse.ArgumentParser, commands: argparse._SubParsersAction) -> None:
    """An option the top level shares with a subcommand works on either side of the
    subcommand's name: the subcommand's parser must not reset it to its default."""
    shared = {action.dest for action in top._actions} - {"help", "command"}
    for sub in {id(p): p for p in commands.choices.values()}.values():
        if not any(action.dest == "config" for action in sub._actions):
            config_option(sub, default=argparse.SUPPRESS)
        for action in sub._actions:
            if action.dest in shared:
                action.default = argparse.SUPPRESS
            elif isinstance(action, argparse._SubParsersAction):
                before_or_after(top, action)


def overrides(args: argparse.Namespace) -> dict[str, dict[str, object]]:
    """The settings given on the command line, by config section."""
    given = vars(args)
    out: dict[str, dict[str, object]] = {}
    for section, spec in (*_flagged("speech"), *_flagged("loop"), *_flagged("setup")):
        if (value := given.get(f"{section}.{spec.name}")) is not None:
            out.setdefault(section, {})[spec.name] = value
    if given.get("patience") and "end_silence" not in out.get("listening", {}):
        out.setdefault("listening", {})["end_silence"] = PATIENCE[given["patience"]]
    return out


def settings(args: argparse.Namespace) -> Config:
    """The config file's settings (or the standard ones), with the command line's on top."""
    path = config_file.find(args.config)
    return (config_file.load(path) if path else Config()).updated(**overrides(args))
