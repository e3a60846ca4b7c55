"""Speech made slower or faster with its pitch unchanged, for a voice that has no speed of its own
to set (a Wyoming speech service: the protocol has no speed).

WSOLA (waveform-similarity overlap-add): windows of the input are laid down at a fixed step in the
output, each taken near where the time scale puts it, at the offset that continues the last one's
waveform best, so that no period is cut in two and the voice does not warble."""

from __future__ import annotations

import numpy as np

_FRAME = 0.030  # seconds a window: two or three periods of a low voice
_SEEK = 0.010  # how far from its place a window may be taken: a period of the lowest voice
_UNCHANGED = 0.03  # a change of speed smaller than this is not worth the processing


def stretched(samples: np.ndarray, rate: int, factor: float) -> np.ndarray:
    """int16 samples made `factor` times as long (above 1: slower), pitch unchanged."""
    if abs(factor - 1.0) < _UNCHANGED or len(samples) == 0:
        return samples
    frame, seek = int(_FRAME * rate), int(_SEEK * rate)
    step = frame // 2  # in the output: Hann windows at half overlap add up to a constant
    length = int(round(len(samples) * factor))
    padded = np.concatenate([np.zeros(seek), samples.astype(np.float64), np.zeros(frame + 2 * seek + step)])
    window = np.hanning(frame)
    out = np.zeros(length + frame)
    weight = np.zeros(length + frame)
    follows: np.ndarray | None = None  # what would come next after the last window taken
    for at in range(0, length, step):
        place = seek + int(at / factor)
        start = place
        if follows is not None:
            around = padded[place - seek:place + seek + frame]
            start = place - seek + int(np.argmax(np.correlate(around, follows, "valid")))
        out[at:at + frame] += padded[start:start + frame] * window
        weight[at:at + frame] += window
        follows = padded[start + step:start + step + frame]
    made = out[:length] / np.maximum(weight[:length], 1e-3)
    return np.clip(np.round(made), -32768, 32767).astype(np.int16)
