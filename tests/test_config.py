"""The settings file: every mistake named by its key, and saving that never half-writes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from voiceinfo.config import Config, ConfigError, dumps, load, save


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text)
    return path


def test_a_saved_config_loads_back_the_same(tmp_path: Path) -> None:
    config = Config().updated(voice={"rate": 140, "name": "gmw/en-GB-x-rp"},
                              kiosk={"wake": True, "greeting": 'Say "hello"'})
    save(config, tmp_path / "config.toml")
    assert load(tmp_path / "config.toml") == config


def test_missing_keys_take_the_standard_values(tmp_path: Path) -> None:
    assert load(write(tmp_path, "[voice]\nrate = 150\n")) == Config().updated(voice={"rate": 150})


@pytest.mark.parametrize("text, named", [
    ("[voice]\nrate = 900\n", "voice.rate = 900 is out of range; use a whole number from 80 to 450"),
    ("[voice]\nrate = \"fast\"\n", "voice.rate = 'fast' should be a whole number"),
    ("[voice]\nspeed = 150\n", "voice.speed is not a setting"),
    ("[sound]\nvolume = 1\n", "[sound] is not a section"),
    ("[listening]\nend_silence = 0\n", "listening.end_silence = 0.0 is out of range"),
    ("[listening]\nearcons = \"yes\"\n", "listening.earcons = 'yes' should be true or false"),
    ("[voice]\nmin_rate = 200\nmax_rate = 150\n", "voice.min_rate (200) is above voice.max_rate"),
    ("[kiosk]\nwake_phrase = \"hello 2 you\"\n", "kiosk.wake_phrase"),
    ("voice = 3\n", "voice should be a section"),
    ("[voice\nrate = 150\n", "not valid TOML"),
])
def test_a_bad_value_is_named_with_its_fix(tmp_path: Path, text: str, named: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as raised:
        load(path)
    assert named in str(raised.value)
    assert str(path) in str(raised.value)


def test_a_missing_file_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="voiceinfo setup"):
        load(tmp_path / "nowhere.toml")


def test_whole_numbers_are_accepted_where_a_number_is_asked(tmp_path: Path) -> None:
    assert load(write(tmp_path, "[voice]\nvolume = 1\n")).voice.volume == 1.0


def test_the_written_file_explains_each_setting() -> None:
    text = dumps(Config())
    assert "# seconds of silence that end a sentence" in text
    assert "end_silence = 1.5" in text


def test_saving_replaces_the_file_only_when_complete(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "config.toml"
    save(Config(), path)
    before = path.read_bytes()

    def power_cut(*_args) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", power_cut)
    with pytest.raises(OSError):
        save(Config().updated(voice={"rate": 120}), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["config.toml"]  # no temporary left behind


def test_saving_respects_the_umask_and_keeps_a_files_permissions(tmp_path: Path) -> None:
    old = os.umask(0o077)
    try:
        save(Config(), tmp_path / "private.toml")
    finally:
        os.umask(old)
    assert (tmp_path / "private.toml").stat().st_mode & 0o777 == 0o600
    (tmp_path / "private.toml").chmod(0o640)
    save(Config(), tmp_path / "private.toml")
    assert (tmp_path / "private.toml").stat().st_mode & 0o777 == 0o640
