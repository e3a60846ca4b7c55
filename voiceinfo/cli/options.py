"""Options several commands share, and the settings they make: the config file's, with the command line's on top."""

from __future__ import annotations

import argparse
from pathlib import Path

from voiceinfo import config as config_file
from voiceinfo.audio.segmenter import PATIENCE
from voiceinfo.config import Config
from voiceinfo.speaking.voice import Voice
from voiceinfo.understanding.content import DEFAULT_CONTENT

_FROM_CONFIG = "default: the config's, else %s"


def speech_options(parser: argparse.ArgumentParser) -> None:
    """Options shared by the live loop, `ask` and `setup`: the voice, the recogniser, the content."""
    parser.add_argument("--voice", help="espeak-ng voice, e.g. gmw/en-GB-x-rp or gmw/en-us+f3 ("
                                        + _FROM_CONFIG % Voice.name + ")")
    parser.add_argument("--rate", type=int, help="speaking rate in words a minute, 80 to 450 ("
                                                 + _FROM_CONFIG % Voice.rate + ")")
    parser.add_argument("--volume", type=float, help="volume from 0 to 1 (" + _FROM_CONFIG % Voice.volume + ")")
    parser.add_argument("--model", type=Path, metavar="DIR",
                        help="Vosk model folder (default: the config's, $VOICEINFO_MODEL, then "
                             "models/*, else the built-in pocketsphinx engine)")
    parser.add_argument("--content", type=Path, metavar="FILE",
                        help="monograph file (" + _FROM_CONFIG % DEFAULT_CONTENT.name + ")")


def loop_options(parser: argparse.ArgumentParser) -> None:
    """Options of the live loop that a config also holds (and `setup` writes)."""
    parser.add_argument("--input-device", metavar="NAME|INDEX",
                        help="microphone, by name or number (default: the config's, else the system's)")
    parser.add_argument("--output-device", metavar="NAME|INDEX",
                        help="speaker, by name or number (default: the config's, else the system's)")
    parser.add_argument("--echo-cancel", action=argparse.BooleanOptionalAction,
                        help="cancel the speaker's echo in the microphone through the sound server "
                             "(PulseAudio or PipeWire), so that 'stop' is heard while it speaks "
                             "(default: the config's, else off)")
    parser.add_argument("--patience", choices=sorted(PATIENCE),
                        help="how long a pause ends a sentence: "
                             + ", ".join(f"{name} {seconds} s" for name, seconds in PATIENCE.items())
                             + " (default: the config's, else patient)")
    parser.add_argument("--end-silence", type=float, metavar="SECONDS",
                        help="exact pause that ends a sentence, 0.1 to 10 (overrides --patience)")
    parser.add_argument("--reprompt-after", type=float, metavar="SECONDS",
                        help="silence before a gentle reminder (" + _FROM_CONFIG % 10 + ")")
    parser.add_argument("--min-rate", type=int,
                        help="slowest that 'slower' may go (" + _FROM_CONFIG % 100 + ")")
    parser.add_argument("--max-rate", type=int,
                        help="fastest that 'faster' may go (" + _FROM_CONFIG % 220 + ")")
    parser.add_argument("--no-earcons", action="store_const", const=False, dest="earcons",
                        help="no chime when listening starts or when a question is not understood")
    parser.add_argument("--no-barge-in", action="store_const", const=False, dest="barge_in",
                        help="do not listen for 'stop' while speaking")


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
    end_silence = given.get("end_silence")
    if end_silence is None and given.get("patience"):
        end_silence = PATIENCE[given["patience"]]
    paths = {key: str(given[key]) if given.get(key) is not None else None for key in ("model", "content")}
    table = {
        "audio": {"input_device": given.get("input_device"), "output_device": given.get("output_device"),
                  "echo_cancel": given.get("echo_cancel")},
        "voice": {"name": given.get("voice"), "rate": given.get("rate"), "volume": given.get("volume"),
                  "min_rate": given.get("min_rate"), "max_rate": given.get("max_rate"),
                  "min_volume": given.get("min_volume"), "max_volume": given.get("max_volume")},
        "listening": {"end_silence": end_silence, "reprompt_after": given.get("reprompt_after"),
                      "earcons": given.get("earcons"), "barge_in": given.get("barge_in")},
        "kiosk": {"wake": given.get("wake"), "wake_phrase": given.get("wake_phrase"),
                  "greeting": given.get("greeting")},
        "content": {"model": paths["model"], "file": paths["content"]},
    }
    return {section: {k: v for k, v in values.items() if v is not None}
            for section, values in table.items()}


def settings(args: argparse.Namespace) -> Config:
    """The config file's settings (or the standard ones), with the command line's on top."""
    path = config_file.find(args.config)
    return (config_file.load(path) if path else Config()).updated(**overrides(args))
