"""Slow speech brought nearer the pace the built-in engine hears best.

The en-us model hears speech at 140 to 180 words a minute better than at 110, and slow
speech is common with MS. A time-scale change that keeps the pitch (WSOLA: overlapping
windows, each placed where it best continues the last) speeds an utterance up in memory,
chunk by chunk as it arrives, so that it can be heard sped up while it is said.
"""

from __future__ import annotations

import numpy as np

from voiceinfo.audio import SAMPLE_RATE

_WINDOW = SAMPLE_RATE // 50  # 20 ms
_HOP = _WINDOW // 2  # output hop: Hann windows at half overlap add up to one
_SEARCH = _WINDOW // 4  # how far a window may move to continue the last one smoothly
_SHAPE = np.hanning(_WINDOW + 1)[:_WINDOW].astype(np.float32)


class SpeedUp:
    """16 kHz int16 samples played factor times faster, at the same pitch, as a stream:
    feed() gives what each chunk completes, flush() the rest once the utterance ends."""

    def __init__(self, factor: float) -> None:
        self._step = _HOP * factor  # input hop
        self._input = np.zeros(_SEARCH, np.float32)  # lead-in of silence, as for the first window
        self._offset = 0  # the position of self._input[0] in the stream
        self._received = 0
        self._windows = 0
        self._previous = _SEARCH  # where the last window was taken from
        self._tail = np.zeros(_HOP, np.float32)  # the last window's second half, still to overlap

    def feed(self, samples: np.ndarray) -> np.ndarray:
        self._input = np.concatenate([self._input, samples.astype(np.float32)])
        self._received += len(samples)
        return self._place()

    def flush(self) -> np.ndarray:
        count = int((self._received - _WINDOW) / self._step) + 1
        self._input = np.concatenate([self._input, np.zeros(_WINDOW + _SEARCH, np.float32)])
        done = self._place(count)
        return np.concatenate([done, _int16(self._tail)]) if self._windows else done

    def _place(self, count: int | None = None) -> np.ndarray:
        """Add every window the input reaches (up to count), returning the samples completed."""
        out = []
        while count is None or self._windows < count:
            ideal = int(self._windows * self._step) + _SEARCH
            if max(ideal + _SEARCH, self._previous + _HOP) + _WINDOW > self._offset + len(self._input):
                break
            if self._windows == 0:
                at = ideal
            else:  # where the input most resembles what would have followed the last window
                follows = self._slice(self._previous + _HOP, _WINDOW)
                nearby = self._slice(ideal - _SEARCH, _WINDOW + 2 * _SEARCH)
                at = ideal - _SEARCH + int(np.argmax(np.correlate(nearby, follows, mode="valid")))
            window = np.concatenate([self._tail, np.zeros(_HOP, np.float32)]) + _SHAPE * self._slice(at, _WINDOW)
            out.append(window[:_HOP])
            self._tail, self._previous, self._windows = window[_HOP:], at, self._windows + 1
        # What no later window can reach is dropped: the utterance is not kept whole.
        if (drop := self._previous - _WINDOW - self._offset) > 0:
            self._input, self._offset = self._input[drop:], self._offset + drop
        return _int16(np.concatenate(out)) if out else np.zeros(0, np.int16)

    def _slice(self, start: int, length: int) -> np.ndarray:
        return self._input[start - self._offset:start - self._offset + length]


def _int16(samples: np.ndarray) -> np.ndarray:
    return np.clip(np.rint(samples), -32768, 32767).astype(np.int16)
