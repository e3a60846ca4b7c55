"""Speech slowed or sped up for a voice with no speed of its own (a Wyoming voice): the length
changes by the factor asked, the pitch does not."""

from __future__ import annotations

import numpy as np
import pytest

from voiceinfo.speaking.tempo import stretched

RATE = 22050


def tone(hz: float, seconds: float) -> np.ndarray:
    return (np.sin(2 * np.pi * hz * np.arange(int(RATE * seconds)) / RATE) * 10000).astype(np.int16)


def strongest_hz(samples: np.ndarray) -> float:
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(len(samples))))
    return float(np.argmax(spectrum) * RATE / len(samples))


@pytest.mark.parametrize("factor", [0.7, 1.3, 1.8])
def test_the_length_follows_the_factor_and_the_pitch_stays(factor: float) -> None:
    made = stretched(tone(180.0, 1.0), RATE, factor)
    assert len(made) == round(RATE * factor)
    assert strongest_hz(made) == pytest.approx(180.0, abs=2.0)
    # No warble: the steady tone stays steady (a cut period would dent its level window by window).
    middle = np.abs(made[RATE // 10:-RATE // 10].astype(float))
    middle = middle[:len(middle) // 441 * 441].reshape(-1, 441).max(axis=1)
    assert middle.min() > 0.9 * middle.max()


def test_a_change_too_small_to_hear_leaves_the_samples_as_they_are() -> None:
    samples = tone(180.0, 0.5)
    assert stretched(samples, RATE, 1.01) is samples
