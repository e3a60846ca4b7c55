"""The kiosk for real, on the virtual sound server: it survives its microphone being
pulled out and put back, waits for a sound server that starts after it, and cannot be
ended or reconfigured by voice."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from live_session import LiveSession
from virtual_audio import VirtualAudio, virtual_audio_not_started
from voiceinfo.config import Config, save
from voiceinfo.content import Monograph

# The wake phrase is off here (its own tests are the session's); words are printed so
# that the test can see what was said.
SETTINGS = Config().updated(kiosk={"log_words": True})
GOAL_SECONDS = 5.0  # to resume after the microphone comes back


def kiosk(audio: VirtualAudio, folder: Path, config: Config = SETTINGS) -> LiveSession:
    path = folder / "config.toml"
    save(config, path)
    # PULSE_SOURCE: record from "vmic" itself, not whatever source PulseAudio falls back to,
    # as a kiosk with a USB microphone would; then unplugging it really leaves nothing.
    return LiveSession(audio, folder, "gmw/en-us", ("--config", str(path), "kiosk", "--log",
                                                    str(folder / "kiosk.log")),
                       env={"PULSE_SOURCE": "vmic"})


def module_of(audio: VirtualAudio, name: str) -> str:
    return next(line.split()[0] for line in audio.pactl("list", "short", "modules").splitlines()
                if f"source_name={name}" in line)


def test_the_kiosk_keeps_answering_after_its_microphone_is_unplugged_and_plugged_back(
        virtual_audio: VirtualAudio, tmp_path: Path, monograph: Monograph) -> None:
    # PulseAudio moves the kiosk's recording to another source while "vmic" is gone, and
    # back when it returns: the kiosk must come through that and hear the next question.
    sleepy = monograph.section("side-effects").item("drowsiness").say
    with kiosk(virtual_audio, tmp_path) as session:
        said, _ = session.turn("does it make you sleepy")
        assert said.startswith(sleepy)
        virtual_audio.pactl("unload-module", module_of(virtual_audio, "vmic"))
        time.sleep(3.0)
        virtual_audio.pactl("load-module", "module-remap-source", "source_name=vmic",
                            "master=vmic_in.monitor")
        virtual_audio.pactl("set-default-source", "vmic")
        said, _ = session.turn("does it make you sleepy")
        assert said.startswith(sleepy)
        assert session.proc.poll() is None


def test_the_kiosk_waits_for_the_sound_server_and_recovers_when_it_restarts(
        tmp_path: Path, monograph: Monograph) -> None:
    alcohol = monograph.section("cautions").item("alcohol").say
    audio = virtual_audio_not_started()
    try:
        with kiosk(audio, tmp_path) as session:
            # Started before the sound server (as at boot): it waits.
            session.wait_for("Waiting for the microphone", timeout=30)
            time.sleep(2.0)
            assert session.proc.poll() is None
            audio.start()
            back, _ = session.wait_for("Notice: I'm back", timeout=15)
            assert back - audio.ready_at < GOAL_SECONDS
            said, _ = session.turn("can i drink alcohol")
            assert said.startswith(alcohol)

            # The server goes away mid-run (a crash, a restart): it waits, then resumes.
            audio.stop_server()
            session.wait_for("Lost the microphone or speaker", timeout=10)
            session.wait_for("Waiting for the", timeout=10)
            time.sleep(3.0)
            assert session.proc.poll() is None
            audio.start()
            back, _ = session.wait_for("Notice: I'm back", timeout=15)
            assert back - audio.ready_at < GOAL_SECONDS
            said, _ = session.turn("can i drink alcohol")
            assert said.startswith(alcohol)
        log = (tmp_path / "kiosk.log").read_text()
        assert log.count('"event": "device back"') == 2 and '"event": "device lost"' in log
    finally:
        audio.stop()


@pytest.mark.parametrize("words", ["exit", "settings"])
def test_spoken_exit_or_settings_change_nothing_in_a_kiosk(virtual_audio: VirtualAudio, tmp_path: Path,
                                                          monograph: Monograph, words: str) -> None:
    with kiosk(virtual_audio, tmp_path) as session:
        before = (tmp_path / "config.toml").read_bytes()
        said, _ = session.turn(words)  # the en-us voice: heard 3 of 3 offline
        assert said.startswith({"exit": "I stay switched on", "settings": "A caregiver sets me up"}[words])
        said, _ = session.turn("can i drink alcohol")
        assert said.startswith(monograph.section("cautions").item("alcohol").say)
        assert session.proc.poll() is None
        assert (tmp_path / "config.toml").read_bytes() == before
