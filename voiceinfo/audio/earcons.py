"""Earcons: two-note chimes that say "I'm listening" (rising) and "I didn't get that" (falling)."""

from __future__ import annotations

import numpy as np

from voiceinfo.events import Earcon
from voiceinfo.speaking.synthesiser import Audio

_NOTES = {Earcon.LISTENING: (660.0, 880.0), Earcon.NOT_UNDERSTOOD: (440.0, 330.0)}
_NOTE_SECONDS = 0.09
_LEVEL = 0.25  # of full scale, times the speech volume: a cue, not an alarm


def earcon(kind: Earcon, rate: int, volume: float = 1.0) -> Audio:
    t = np.arange(int(rate * _NOTE_SECONDS)) / rate
    fade = np.minimum(1.0, np.minimum(t, t[::-1]) / 0.01)  # 10 ms ramps: no clicks
    notes = [np.sin(2 * np.pi * f * t) * fade for f in _NOTES[kind]]
    samples = np.concatenate(notes) * _LEVEL * volume * 32767
    return Audio(samples.astype(np.int16), rate)


def silence(rate: int, seconds: float) -> Audio:
    return Audio(np.zeros(int(rate * seconds), np.int16), rate)
