"""Slow speech brought nearer the pace the built-in engine hears best.

The en-us model hears speech at 140 to 180 words a minute better than at 110, and slow
speech is common with MS. A time-scale change that keeps the pitch (WSOLA: overlapping
windows, each placed where it best continues the last) speeds an utterance up in memory.
"""

from __future__ import annotations

import numpy as np

_RATE = 16000
_WINDOW = _RATE // 50  # 20 ms
_HOP = _WINDOW // 2  # output hop: Hann windows at half overlap add up to one
_SEARCH = _WINDOW // 4  # how far a window may move to continue the last one smoothly


def speed_up(samples: np.ndarray, factor: float) -> np.ndarray:
    """16 kHz int16 samples played factor times faster, at the same pitch."""
    x = samples.astype(np.float32)
    step = _HOP * factor  # input hop
    count = int((len(x) - _WINDOW) / step) + 1
    if factor <= 1.0 or count < 2:
        return samples
    window = np.hanning(_WINDOW + 1)[:_WINDOW].astype(np.float32)
    padded = np.pad(x, (_SEARCH, _WINDOW + _SEARCH))
    out = np.zeros((count - 1) * _HOP + _WINDOW, np.float32)
    previous = _SEARCH
    for k in range(count):
        ideal = int(k * step) + _SEARCH
        if k == 0:
            at = ideal
        else:  # where the input most resembles what would have followed the last window
            follows = padded[previous + _HOP:previous + _HOP + _WINDOW]
            nearby = padded[ideal - _SEARCH:ideal + _SEARCH + _WINDOW]
            at = ideal - _SEARCH + int(np.argmax(np.correlate(nearby, follows, mode="valid")))
        out[k * _HOP:k * _HOP + _WINDOW] += window * padded[at:at + _WINDOW]
        previous = at
    return np.clip(np.rint(out), -32768, 32767).astype(np.int16)
