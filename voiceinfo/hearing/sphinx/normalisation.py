"""The built-in engine's normalisation: cepstral means and the frequency warp for a voice.

pocketsphinx normalises each utterance by a running cepstral mean learnt from the ones before;
a first utterance, or a new voice, is heard better by its own mean blended with the model's,
and a higher voice with the frequency scale compressed. Why these values: docs/measurements.md,
"The built-in engine's normalisation".
"""

from __future__ import annotations

import numpy as np

from voiceinfo.audio.segmenter import SAMPLE_RATE

# An utterance's own mean is blended with the prior as if the prior were this many frames of it.
PRIOR_FRAMES = 100
BYTES_A_FRAME = SAMPLE_RATE * 2 // 100  # 16-bit samples, 100 frames a second
# pocketsphinx's running mean counts where it started as this many frames (tests/test_cepstral_mean.py).
CMN_WINDOW = 500
# pocketsphinx's piecewise_linear warp for a higher voice: f' = 0.77 f below 5500 Hz.
HIGHER_VOICE_WARP = "0.77 5500"
NO_WARP = "1.0 5500"  # given, never left out: pocketsphinx keeps a warp's settings process-wide
# Median pitch (Hz) from which a voice is higher, and below which lower; between, the warp stays.
HIGHER_FROM, LOWER_BELOW = 165.0, 135.0


def cepstra(cmn: str) -> np.ndarray:
    """A mean as pocketsphinx gives it ("40.0,3.0,...") as numbers."""
    return np.array([float(value) for value in cmn.split(",")])


def as_cmn(values: np.ndarray) -> str:
    """A mean as pocketsphinx takes it."""
    return ",".join(f"{value:.3f}" for value in values)


def own_mean(window_start: str, running: str, size: int) -> np.ndarray:
    """The mean of the size bytes of speech heard since the running mean was window_start: what
    the running mean moved by, undone (CMN_WINDOW)."""
    frames = max(size // BYTES_A_FRAME, 1)
    return ((CMN_WINDOW + frames) * cepstra(running) - CMN_WINDOW * cepstra(window_start)) / frames


def blended(prior: np.ndarray, own: np.ndarray, size: int) -> str:
    """An utterance's own mean (of size bytes) blended with prior (PRIOR_FRAMES)."""
    frames = max(size // BYTES_A_FRAME, 1)
    return as_cmn((PRIOR_FRAMES * prior + frames * own) / (PRIOR_FRAMES + frames))


def voice_warp(pitch: float | None, warp: str) -> str:
    """The warp to hear a voice of this median pitch with, when the voice before it was heard
    with warp."""
    if pitch is None or LOWER_BELOW <= pitch < HIGHER_FROM:
        return warp
    return HIGHER_VOICE_WARP if pitch >= HIGHER_FROM else NO_WARP
