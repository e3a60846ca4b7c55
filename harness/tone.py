"""A steady tone played through the virtual speaker shows any moment the speaker ran dry:
speech has pauses of its own, a tone has none."""

from __future__ import annotations

import numpy as np

from voiceinfo.speaking.synthesiser import Audio

HEARD_RATE = 16000  # VirtualAudio.record_speaker's
FRAME = HEARD_RATE // 200  # 5 ms: a speaker run dry for a few milliseconds shows


def tone(seconds: float, rate: int) -> Audio:
    t = np.arange(int(seconds * rate)) / rate
    return Audio((8000 * np.sin(2 * np.pi * 440 * t)).astype(np.int16), rate)


def _levels(recording: np.ndarray) -> np.ndarray:
    usable = recording[: len(recording) // FRAME * FRAME].astype(float).reshape(-1, FRAME)
    return np.sqrt((usable ** 2).mean(axis=1))


def sound_seconds(recording: np.ndarray) -> float:
    """From the first to the last 5 ms that is clearly sound."""
    loud = np.flatnonzero(_levels(recording) > 500)
    return (loud[-1] - loud[0] + 1) * FRAME / HEARD_RATE if len(loud) else 0.0


def dropouts(recording: np.ndarray) -> int:
    """5 ms frames, between the tone's first and last, at under half its usual level."""
    level = _levels(recording)
    loud = np.flatnonzero(level > 500)
    if not len(loud):
        return 0
    inside = level[loud[0]:loud[-1] + 1]
    return int((inside < np.median(inside) / 2).sum())
