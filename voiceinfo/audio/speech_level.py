"""How loud someone's speech is in a recording: too quiet, good or too loud.

Used where a person can do something about it: the set-up's microphone test, and a recorded
question in which no speech was found.
"""

from __future__ import annotations

import numpy as np

from voiceinfo.audio.segmenter import SAMPLE_RATE

# Speech level bands (dBFS of the loudest half second, and peak).
TOO_QUIET_DB = -40.0
CLIPPING_DB = -1.0


def level_report(samples: np.ndarray) -> str:
    """"too quiet", "good" or "too loud", from 16 kHz 16-bit samples of someone speaking."""
    audio = samples.astype(float) / 32768
    half = SAMPLE_RATE // 2
    blocks = audio[: len(audio) // half * half].reshape(-1, half) if len(audio) >= half else audio[None]
    loudest = 20 * np.log10(max(np.sqrt((blocks ** 2).mean(axis=1)).max(), 1e-9))
    peak = 20 * np.log10(max(np.abs(audio).max(initial=0.0), 1e-9))
    if peak >= CLIPPING_DB:
        return "too loud"
    return "too quiet" if loudest < TOO_QUIET_DB else "good"
