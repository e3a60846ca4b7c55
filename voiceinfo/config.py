"""The caregiver's settings: one TOML file, validated key by key, written atomically.

A kiosk runs for weeks from this file, so a mistake in it must be named precisely
("voice.rate: 900 is out of range; use a whole number from 80 to 450") and a setup that
fails half-way must never leave a half-written file: saving writes a temporary file in
the same folder and renames it over the old one only once it is complete.
"""

from __future__ import annotations

import os
import stat
import tempfile
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal

from voiceinfo.audio.segmenter import DEFAULT_PATIENCE, PATIENCE
from voiceinfo.errors import VoiceinfoError
from voiceinfo.paths import PROGRAM, user_dir
from voiceinfo.protocol import tcp_address
from voiceinfo.speaking.voice import Voice

CONFIG_VARIABLE = "VOICEINFO_CONFIG"
SYSTEM_CONFIG = Path("/etc/voiceinfo/config.toml")


def user_config() -> Path:
    return user_dir("config") / "config.toml"



class ConfigError(VoiceinfoError, ValueError):
    """A config file that cannot be used; the message names the file, the key and the fix."""

    problem = "settings"
    status = 2


Command = Literal["speech", "loop", "setup"]


def _setting(default: Any, help: str, low: float | None = None, high: float | None = None,
             flag: str = "", commands: Command | None = None, metavar: str | None = None) -> Any:
    """A setting: its help (the file's comment and the flag's), its range, and its command-line
    flag, given to the commands that take it (speech: the loop, ask and setup; loop: the loop
    and setup; setup: setup alone)."""
    return field(default=default, metadata={"help": help, "range": (low, high), "flag": flag,
                                            "commands": commands, "metavar": metavar})


@dataclass(frozen=True)
class AudioSettings:
    input_device: str = _setting("", f"microphone: a name or number from '{PROGRAM} doctor'; "
                                     "empty for the system's default", flag="--input-device", commands="loop",
                                 metavar="NAME|INDEX")
    output_device: str = _setting("", "speaker: a name or number; empty for the system's default",
                                  flag="--output-device", commands="loop", metavar="NAME|INDEX")
    echo_cancel: bool = _setting(False, "cancel the speaker's echo in the microphone through the sound "
                                        "server (PulseAudio or PipeWire), so that 'stop' is heard over its "
                                        "own voice (with the default devices)", flag="--echo-cancel",
                                 commands="loop")


@dataclass(frozen=True)
class VoiceSettings:
    name: str = _setting(Voice.name, "the voice: piper/joe (natural) or one of espeak-ng's, lighter, such as "
                         "gmw/en-us or gmw/en-GB-x-rp ('voiceinfo voices' lists them)",
                         flag="--voice", commands="speech")
    rate: int = _setting(Voice.rate, "starting speed in words a minute", Voice.MIN_RATE, Voice.MAX_RATE,
                         flag="--rate", commands="speech")
    volume: float = _setting(Voice.volume, "starting volume", 0.0, 1.0, flag="--volume", commands="speech")
    min_rate: int = _setting(100, "slowest that 'slower' may go", Voice.MIN_RATE, Voice.MAX_RATE,
                             flag="--min-rate", commands="loop")
    max_rate: int = _setting(220, "fastest that 'faster' may go", Voice.MIN_RATE, Voice.MAX_RATE,
                             flag="--max-rate", commands="loop")
    min_volume: float = _setting(0.3, "quietest that 'quieter' may go", 0.0, 1.0, flag="--min-volume",
                                 commands="setup")
    max_volume: float = _setting(1.0, "loudest that 'louder' may go", 0.0, 1.0, flag="--max-volume",
                                 commands="setup")
    tts_uri: str = _setting("", "a Wyoming text-to-speech service to speak with, in its own voice (e.g. another "
                                "machine's 'voiceinfo serve'), this voice standing in while it cannot be "
                                "reached; empty for none", flag="--tts-uri", commands="loop",
                            metavar="tcp://HOST:PORT")


@dataclass(frozen=True)
class ListeningSettings:
    end_silence: float = _setting(PATIENCE[DEFAULT_PATIENCE],
                                  "seconds of silence that end a sentence (quick 0.8, patient 1.5, "
                                  "very patient 2.5)", 0.1, 10.0, flag="--end-silence", commands="loop",
                                  metavar="SECONDS")
    reprompt_after: float = _setting(10.0, "seconds of silence before a gentle reminder", 2.0, 600.0,
                                     flag="--reprompt-after", commands="loop", metavar="SECONDS")
    earcons: bool = _setting(True, "chime when listening starts and when not understood", flag="--earcons",
                             commands="loop")
    barge_in: bool = _setting(True, "listen for 'stop' while speaking", flag="--barge-in", commands="loop")


@dataclass(frozen=True)
class KioskSettings:
    wake: bool = _setting(False, "wait for the wake phrase before each conversation", flag="--wake",
                          commands="setup")
    wake_phrase: str = _setting("hello helper", "what to say to wake it (two or three common words)",
                                flag="--wake-phrase", commands="setup")
    refractory: float = _setting(2.0, "seconds after it speaks during which the wake phrase is "
                                      "ignored, so its own voice never wakes it", 0.0, 30.0)
    idle_timeout: float = _setting(120.0, "seconds of silence before it starts over for the next "
                                          "person", 10.0, 3600.0)
    greeting: str = _setting("", "first words when it starts; empty for the standard greeting",
                             flag="--greeting", commands="setup")
    log_words: bool = _setting(False, "write what was heard into the log (off: only the topic)")


@dataclass(frozen=True)
class ContentSettings:
    file: str = _setting("", "monograph file; empty for the built-in baclofen monograph", flag="--content",
                         commands="speech", metavar="FILE")
    model: str = _setting("", "Vosk model folder; empty to use $VOICEINFO_MODEL, models/ or the built-in "
                              "recogniser", flag="--model", commands="speech", metavar="DIR")
    asr_uri: str = _setting("", "a Wyoming speech-to-text service to hear questions with (e.g. another "
                                "machine's 'voiceinfo serve'), the local recogniser standing in while it "
                                "cannot be reached; empty for none", flag="--asr-uri", commands="loop",
                            metavar="tcp://HOST:PORT")


@dataclass(frozen=True)
class Config:
    audio: AudioSettings = field(default_factory=AudioSettings)
    voice: VoiceSettings = field(default_factory=VoiceSettings)
    listening: ListeningSettings = field(default_factory=ListeningSettings)
    kiosk: KioskSettings = field(default_factory=KioskSettings)
    content: ContentSettings = field(default_factory=ContentSettings)

    def updated(self, **changes: dict[str, Any]) -> Config:
        """A copy with some settings changed, e.g. updated(voice={"rate": 140}); ConfigError
        names the key of a value that is out of range."""
        sections = {}
        for name, values in changes.items():
            section = getattr(self, name)
            specs = {spec.name: spec for spec in fields(section)}
            sections[name] = replace(section, **{key: _value(name, specs[key], value)
                                                 for key, value in values.items()})
        config = replace(self, **sections)
        _check_consistent(config)
        return config


def _describe(kind: type) -> str:
    return {bool: "true or false", int: "a whole number", float: "a number", str: "text in quotes"}[kind]


def setting_type(spec: Any) -> type:
    """A setting's type (its annotation is a string under postponed evaluation)."""
    return spec.type if isinstance(spec.type, type) else {"str": str, "int": int, "float": float,
                                                          "bool": bool}[spec.type]


def _value(section: str, spec: Any, value: Any) -> Any:
    """Check one value against its setting; raise ConfigError naming the key."""
    key = f"{section}.{spec.name}"
    kind = setting_type(spec)
    ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value, ok = float(value), True
    if not ok:
        raise ConfigError(f"{key} = {value!r} should be {_describe(kind)}, e.g. {key.split('.')[1]} = "
                          f"{_toml(spec.default)}")
    low, high = spec.metadata["range"]
    if low is not None and not low <= value <= high:
        raise ConfigError(f"{key} = {value} is out of range; use {_describe(kind)} from {low} to {high}")
    return value


def _check_consistent(config: Config) -> None:
    voice = config.voice
    if voice.min_rate > voice.max_rate:
        raise ConfigError(f"voice.min_rate ({voice.min_rate}) is above voice.max_rate ({voice.max_rate}); "
                          "make min_rate the smaller")
    if voice.min_volume > voice.max_volume:
        raise ConfigError(f"voice.min_volume ({voice.min_volume}) is above voice.max_volume "
                          f"({voice.max_volume}); make min_volume the smaller")
    for key, uri in (("content.asr_uri", config.content.asr_uri), ("voice.tts_uri", config.voice.tts_uri)):
        try:
            if uri:
                tcp_address(uri)
        except ValueError as err:
            raise ConfigError(f"{key}: {err}") from None
    phrase = config.kiosk.wake_phrase.split()
    if not 1 <= len(phrase) <= 4 or not all(w.isalpha() for w in phrase):
        raise ConfigError(f"kiosk.wake_phrase = {config.kiosk.wake_phrase!r} should be one to four "
                          'words of letters only, e.g. wake_phrase = "hello helper"')


def from_table(table: dict[str, Any]) -> Config:
    """A Config from parsed TOML; unknown, mistyped or out-of-range keys raise ConfigError."""
    sections = {}
    for section_field in fields(Config):
        name = section_field.name
        values = table.get(name, {})
        if not isinstance(values, dict):
            raise ConfigError(f"{name} should be a section, written [{name}] on a line of its own")
        specs = {spec.name: spec for spec in fields(section_field.default_factory)}
        for key in values:
            if key not in specs:
                raise ConfigError(f"{name}.{key} is not a setting; the [{name}] settings are: "
                                  + ", ".join(specs))
        sections[name] = section_field.default_factory(
            **{key: _value(name, specs[key], value) for key, value in values.items()})
    for name in table:
        if name not in sections:
            raise ConfigError(f"[{name}] is not a section; the sections are: " + ", ".join(sections))
    config = Config(**sections)
    _check_consistent(config)
    return config


def load(path: Path) -> Config:
    """Read and validate a config file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file; run '{PROGRAM} setup' to write one") from None
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"{path}: cannot be read ({err})") from None
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: not valid TOML ({err}); fix that line, or run '{PROGRAM} setup' "
                          "to write a new file") from None
    try:
        return from_table(table)
    except ConfigError as err:
        raise ConfigError(f"{path}: {err}") from None


def find(explicit: Path | None = None) -> Path | None:
    """The config file in use: --config, $VOICEINFO_CONFIG, the user's, then the system's."""
    if explicit is not None:
        return explicit
    if os.environ.get(CONFIG_VARIABLE):
        return Path(os.environ[CONFIG_VARIABLE])
    for path in (user_config(), SYSTEM_CONFIG):
        if path.is_file():
            return path
    return None


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return repr(value)


def dumps(config: Config) -> str:
    """The config as TOML, each setting with a comment saying what it does."""
    lines = [f"# voiceinfo settings, written by '{PROGRAM} setup'. Check after editing with "
             f"'{PROGRAM} doctor'."]
    for section_field in fields(Config):
        section = getattr(config, section_field.name)
        lines += ["", f"[{section_field.name}]"]
        for spec in fields(section):
            lines += [f"# {spec.metadata['help']}", f"{spec.name} = {_toml(getattr(section, spec.name))}"]
    return "\n".join(lines) + "\n"


def _mode_for(path: Path) -> int:
    """The file's present permissions; for a new file, what the user's umask allows (mkstemp
    alone would make it 0600 whatever the umask)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def save(config: Config, path: Path) -> None:
    """Write the config in one step: the old file stays whole until the new one is."""
    text = dumps(config)
    from_table(tomllib.loads(text))  # never write what could not be read back
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".config-", suffix=".toml", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, _mode_for(path))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
