"""`voiceinfo ask` speaks for real: Piper's and espeak-ng's audio through PortAudio to a virtual speaker."""

from __future__ import annotations

import subprocess
import sys
import time

import numpy as np
from test_live import assert_heard_answer

from harness.virtual_audio import VirtualAudio
from voiceinfo.hearing.sphinx.recogniser import SphinxRecogniser
from voiceinfo.understanding.content import Monograph

RATE = 16000


def envelope(samples: np.ndarray, rate: int) -> np.ndarray:
    """Loudness every 20 ms, on a log scale: the shape of the speech, not its level."""
    frame = rate // 50
    usable = samples[: len(samples) // frame * frame].astype(np.float64).reshape(-1, frame)
    return np.log10(np.sqrt((usable ** 2).mean(axis=1)) + 1.0)


def best_correlation(heard: np.ndarray, reference: np.ndarray) -> float:
    """Highest correlation of the reference envelope at any offset within what was heard."""
    best = -1.0
    for offset in range(0, len(heard) - len(reference) + 1):
        window = heard[offset:offset + len(reference)]
        if window.std() > 0:
            best = max(best, float(np.corrcoef(window, reference)[0, 1]))
    return best


def espeak_reference(text: str) -> np.ndarray:
    """The same words from the espeak-ng program itself, independent of voiceinfo's code."""
    raw = subprocess.run(["espeak-ng", "-v", "en-us", "-s", "160", "--stdout", text],
                         capture_output=True, check=True, timeout=60).stdout
    wav = subprocess.run(["sox", "-t", "wav", "-", "-t", "raw", "-r", str(RATE), "-c", "1",
                          "-e", "signed", "-b", "16", "-"], input=raw,
                         capture_output=True, check=True, timeout=60).stdout
    return np.frombuffer(wav, dtype=np.int16)


def asked_aloud(virtual_audio: VirtualAudio, *voice: str) -> tuple[str, np.ndarray]:
    """The answer printed, and what the virtual speaker played."""
    path = virtual_audio.root / "heard.wav"
    recorder = virtual_audio.record_speaker(path)
    result = subprocess.run([sys.executable, "-m", "voiceinfo", "ask", "what strength are the tablets", *voice],
                            env=virtual_audio.env, capture_output=True, text=True, timeout=120)
    time.sleep(0.3)
    heard = virtual_audio.finish_recording(recorder, path)
    assert result.returncode == 0, result.stderr
    assert "Not spoken" not in result.stderr and "espeak-ng" not in result.stderr
    answer = result.stdout.strip()
    assert "10 milligram and 20 milligram" in answer
    return answer, heard


def test_espeak_ngs_spoken_answer_reaches_the_speaker(virtual_audio: VirtualAudio) -> None:
    answer, heard = asked_aloud(virtual_audio, "--voice", "gmw/en-us")
    said = envelope(espeak_reference(answer), RATE)
    got = envelope(heard, RATE)
    assert len(got) >= len(said)
    assert best_correlation(got, said) > 0.8
    # A different answer must not look the same: the comparison can fail.
    other = envelope(espeak_reference("Constipation is one of the most common side effects."), RATE)
    assert best_correlation(got, other) < best_correlation(got, said) - 0.2


def test_pipers_spoken_answer_reaches_the_speaker(virtual_audio: VirtualAudio, monograph: Monograph,
                                                   listener: SphinxRecogniser) -> None:
    """Piper's is not the same twice, so a machine listener judges it."""
    answer, heard = asked_aloud(virtual_audio, "--voice", "piper/joe")
    assert_heard_answer(listener, monograph, heard, answer)
