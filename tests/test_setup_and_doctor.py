"""`voiceinfo setup` and `voiceinfo doctor` as a caregiver runs them, on the virtual sound server."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np

from harness.live_session import spoken_wav
from harness.virtual_audio import VirtualAudio
from voiceinfo.config import Config, load, save

VOICEINFO = [sys.executable, "-m", "voiceinfo"]

# Answers, in order: speaker (default), heard it; microphone (default), test the level,
# Enter; voice (kept), keep it; six speed and volume values (kept); very patient; wake
# phrase on, "hello helper"; a greeting; no other machine to help; save.
ANSWERS = ["", "yes", "", "yes", "", "yes", "", "yes", "", "", "", "", "", "", "3", "yes", "hello helper",
           "Good morning.", "", "yes"]


def run(audio: VirtualAudio, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([*VOICEINFO, *args], input=stdin, capture_output=True, text=True,
                          env=audio.env, timeout=180)


def test_the_wizard_speaks_its_steps_tests_the_level_and_saves(virtual_audio: VirtualAudio,
                                                               tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    speech = spoken_wav(tmp_path, "this is my normal speaking voice", "gmw/en-us")
    recording = virtual_audio.record_speaker(tmp_path / "speaker.wav")
    # Spoken fast (400 words a minute) by espeak-ng's light voice, to keep the test short (Piper's
    # took 28 s more of a loaded run); the wizard's voice is made as `ask`'s is, tested with Piper's.
    wizard = subprocess.Popen([*VOICEINFO, "--config", str(config), "setup", "--rate", "400",
                               "--max-rate", "450", "--voice", "gmw/en-us"], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=virtual_audio.env)
    printed: list[str] = []

    def speak_when_asked() -> None:
        for line in wizard.stdout:
            printed.append(line)
            if "Press Enter when ready." in line:  # it records for 3 s once it has said this
                time.sleep(0.5)
                subprocess.run(["paplay", "--device=vmic_in", str(speech)], env=virtual_audio.env, timeout=30)

    reader = threading.Thread(target=speak_when_asked)
    reader.start()
    wizard.stdin.write("\n".join(ANSWERS) + "\n")
    wizard.stdin.close()
    assert wizard.wait(timeout=240) == 0, wizard.stderr.read()[-2000:]
    reader.join(timeout=10)
    heard = virtual_audio.finish_recording(recording, tmp_path / "speaker.wav")
    output = "".join(printed)
    assert "The level was good" in output, output
    written = load(config)
    assert (written.listening.end_silence, written.voice.rate) == (2.5, 400)
    assert written.kiosk.wake and written.kiosk.greeting == "Good morning."
    assert written.audio.echo_cancel
    # It spoke its steps: many seconds of speech reached the speaker.
    loud = np.abs(heard[: len(heard) // 160 * 160].astype(float)).reshape(-1, 160).max(axis=1) > 1000
    assert loud.sum() / 100 > 10.0


def test_an_abandoned_setup_leaves_the_last_good_config(virtual_audio: VirtualAudio, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    save(Config().updated(voice={"rate": 130}), config)
    before = config.read_bytes()
    result = run(virtual_audio, "--config", str(config), "setup", "--rate", "400", "--max-rate", "450",
                 stdin="\nyes\n")  # then input ends
    assert result.returncode == 1
    assert "nothing was saved" in result.stdout
    assert config.read_bytes() == before


def test_setup_without_questions_for_scripted_installs(virtual_audio: VirtualAudio, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    result = run(virtual_audio, "--config", str(config), "setup", "--non-interactive", "--rate", "140",
                 "--wake", "--wake-phrase", "hello helper", "--patience", "very-patient")
    assert result.returncode == 0, result.stderr
    written = load(config)
    assert (written.voice.rate, written.kiosk.wake, written.listening.end_silence) == (140, True, 2.5)
    before = config.read_bytes()
    result = run(virtual_audio, "--config", str(config), "setup", "--non-interactive", "--rate", "900")
    assert result.returncode == 2 and "voice.rate = 900 is out of range" in result.stderr
    assert config.read_bytes() == before
    # Settings not given are kept from the file.
    run(virtual_audio, "--config", str(config), "setup", "--non-interactive", "--volume", "0.7")
    assert (load(config).voice.rate, load(config).voice.volume) == (140, 0.7)


def test_doctor_passes_on_a_healthy_machine(virtual_audio: VirtualAudio, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    save(Config().updated(kiosk={"wake": True}, audio={"echo_cancel": True}), config)
    result = run(virtual_audio, "--config", str(config), "doctor")
    assert result.returncode == 0, result.stdout + result.stderr
    for check in ("config", "content", "voice", "speech model", "sound server", "echo cancellation",
                  "microphone", "speaker"):
        assert f"OK    {check}:" in result.stdout
    assert "module-echo-cancel" not in virtual_audio.pactl("list", "short", "modules")  # tried, then unloaded


def test_doctor_says_when_echo_cancellation_cannot_work(virtual_audio: VirtualAudio, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    save(Config().updated(audio={"echo_cancel": True}), config)
    result = subprocess.run([*VOICEINFO, "--config", str(config), "doctor"], capture_output=True, text=True,
                            env={**virtual_audio.env, "PULSE_SOURCE": "no_such_microphone"}, timeout=180)
    assert result.returncode == 1
    assert "FAIL  echo cancellation: the sound server could not load module-echo-cancel for " \
           "no_such_microphone" in result.stdout
    assert "audio.echo_cancel = false" in result.stdout


def test_doctor_names_each_problem_and_its_fix(virtual_audio: VirtualAudio, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[voice]\nname = "gmw/en-xx"\n[kiosk]\nwake = true\nwake_phrase = "hello zxqv"\n')
    result = run(virtual_audio, "--config", str(config), "doctor")
    assert result.returncode == 1
    assert "FAIL  voice: no voice named 'gmw/en-xx'" in result.stdout
    assert "FAIL  speech model: it does not know the wake phrase's words: zxqv" in result.stdout
    config.write_text("[voice]\nrate = 900\n")
    result = run(virtual_audio, "--config", str(config), "doctor")
    assert result.returncode == 1 and "FAIL  config:" in result.stdout and "voice.rate" in result.stdout


def test_doctor_without_a_sound_server(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_RUNTIME_DIR": str(tmp_path),
           "PULSE_SERVER": f"unix:{tmp_path}/no-server"}
    result = subprocess.run([*VOICEINFO, "doctor"], capture_output=True, text=True, env=env, timeout=180)
    assert result.returncode == 1
    assert "FAIL  sound server" in result.stdout and "fix:" in result.stdout
