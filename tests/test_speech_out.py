"""Speech out: text made ready for the ear, and `ask --out` with real espeak-ng audio."""

from __future__ import annotations

import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest
from test_speaking import best_correlation, envelope, espeak_reference

from voiceinfo.speaking.voice import ESPEAK_VOICE, Voice
from voiceinfo.understanding.speech_text import for_the_ear, sentences

pytestmark = pytest.mark.slow  # real speech models, synthesis or builds


@pytest.mark.parametrize("written, spoken", [
    ("Start at 5 mg.", "Start at 5 milligrams."),
    ("Take 1 mg at night.", "Take 1 milligram at night."),
    ("The usual dose is 40-80 mg/day.", "The usual dose is 40 to 80 milligrams a day."),
    ("Alcohol & other CNS depressants, e.g. sleeping pills.",
     "Alcohol and other central nervous system depressants, for example, sleeping pills."),
    ("About 10% of people with MS.", "About 10 percent of people with M S."),
    ("Baclofen is a muscle relaxant.", "Baclofen is a muscle relaxant."),
    ("10 mg p.o. t.i.d. with food.", "10 milligrams by mouth three times a day with food."),
    ("Take 1 tab BID, or 5 mcg PRN.", "Take 1 tablet twice a day, or 5 micrograms when needed."),
    ("Max. 80 mg/day. Ask Dr. Smith.", "at most 80 milligrams a day. Ask doctor Smith."),
    ("Wait 30 min, or 2 hrs at 8 a.m. or later.", "Wait 30 minutes, or 2 hours at 8 A M or later."),
    ("Given i.v. in hospital.", "Given I V in hospital."),
    ("Pills, drops, etc. are fine.", "Pills, drops, and so on are fine."),
    ("Did you bid on it?", "Did you bid on it?"),
])
def test_text_is_made_ready_for_the_ear(written: str, spoken: str) -> None:
    assert for_the_ear(written) == spoken


@pytest.mark.parametrize("written, said", [
    ("Take it t.i.d. Then stop.", ["Take it three times a day.", "Then stop."]),
    ("See Dr. Jones at 8 a.m. or at 5 p.m.", ["See doctor Jones at 8 A M or at 5 P M."]),
    ("Take it at 8 p.m. Not later.", ["Take it at 8 P M.", "Not later."]),
])
def test_abbreviations_do_not_split_sentences_but_keep_their_ends(written: str, said: list[str]) -> None:
    assert sentences(for_the_ear(written)) == said


@pytest.mark.parametrize("rate, volume", [(79, 1.0), (451, 1.0), (160, 1.5), (160, -0.1)])
def test_voice_settings_out_of_bounds_are_refused(rate: int, volume: float) -> None:
    with pytest.raises(ValueError):
        Voice(rate=rate, volume=volume)


def ask_out(tmp_path: Path, *extra: str) -> tuple[subprocess.CompletedProcess[str], Path]:
    out = tmp_path / f"answer{len(list(tmp_path.iterdir()))}.wav"
    result = subprocess.run([sys.executable, "-m", "voiceinfo", "ask", "what strength are the tablets",
                             "--out", str(out), "--voice", ESPEAK_VOICE, *extra],
                            capture_output=True, text=True, timeout=120)
    return result, out


def read(path: Path) -> tuple[np.ndarray, int]:
    with wave.open(str(path), "rb") as wav:
        return np.frombuffer(wav.readframes(wav.getnframes()), dtype=np.int16), wav.getframerate()


def test_out_writes_the_spoken_answer(tmp_path: Path) -> None:
    result, out = ask_out(tmp_path)
    assert result.returncode == 0, result.stderr
    samples, rate = read(out)
    reference = espeak_reference(result.stdout.strip())
    resampled = np.interp(np.arange(0, len(samples), rate / 16000), np.arange(len(samples)), samples)
    assert best_correlation(envelope(resampled, 16000), envelope(reference, 16000)) > 0.9


def test_rate_voice_and_volume_change_the_sound(tmp_path: Path) -> None:
    normal, _ = read(ask_out(tmp_path)[1])
    slow, _ = read(ask_out(tmp_path, "--rate", "110")[1])
    fast, _ = read(ask_out(tmp_path, "--rate", "300")[1])
    assert len(slow) > 1.2 * len(normal) > 1.2 * 1.2 * len(fast)
    quiet, _ = read(ask_out(tmp_path, "--volume", "0.3")[1])
    assert np.abs(quiet).mean() < 0.5 * np.abs(normal).mean()
    other, _ = read(ask_out(tmp_path, "--voice", "gmw/en-GB-x-rp")[1])
    assert len(other) != len(normal) or not np.array_equal(other, normal)


def test_unknown_voice_and_unwritable_file_are_explained(tmp_path: Path) -> None:
    unknown, _ = ask_out(tmp_path, "--voice", "klingon")
    assert unknown.returncode == 1 and "gmw/en-GB-x-rp" in unknown.stderr
    unwritable = subprocess.run([sys.executable, "-m", "voiceinfo", "ask", "can I drive",
                                 "--out", str(tmp_path / "missing" / "a.wav")],
                                capture_output=True, text=True, timeout=120)
    assert unwritable.returncode == 1 and "cannot write" in unwritable.stderr
    assert "Traceback" not in unknown.stderr + unwritable.stderr
