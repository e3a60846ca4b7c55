"""What the loop listens for while it speaks: a short command ("stop", "pause"), told apart from
its own voice coming back through the microphone, by its words and by its level."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from voiceinfo.audio.segmenter import FRAME_SAMPLES, SAMPLE_RATE, Endpointing
from voiceinfo.understanding.wording import is_content_word, stem, words

# A short command then a short silence; anything longer is not "stop".
BARGE_IN = Endpointing(end_silence=0.2, start_speech=0.064, min_speech=0.1, max_utterance=2.0)


def key_words(text: str) -> set[str]:
    # By stem: its own "Stopping suddenly ..." is heard as "stop".
    return {stem(w) for w in words(text) if is_content_word(w)}


def its_own_words(heard: str, lately_said: str) -> bool:
    """Whether what was heard shares a word with what it has just said: its own voice saying
    "do not stop taking it" must not stop it."""
    return bool(key_words(heard) & key_words(lately_said))


# Speaker to microphone: the sound server's buffers, the device's and the room's delay.
_ECHO_LAGS = np.arange(0.0, 0.6, 0.01)
_SPREAD = 0.02  # seconds either side: a frame may hear any block played that close (room, jitter)
_MIN_FRAMES = 10  # a third of a second heard before the utterance: less tells nothing of the echo
_EXCESS_DB = 6.0  # louder than its echo would be by more than this: someone else is speaking


def mean_square(frame: bytes) -> float:
    return float(np.mean(np.square(np.frombuffer(frame, np.int16), dtype=np.float64)))


def _db(energy: np.ndarray) -> np.ndarray:
    return 10 * np.log10(energy + 1.0)


@dataclass(frozen=True)
class _Played:
    starts: np.ndarray
    ends: np.ndarray
    levels: np.ndarray  # dB

    def at(self, times: np.ndarray) -> np.ndarray:
        """The loudest level played within _SPREAD of each time (NaN where nothing was)."""
        first = np.searchsorted(self.starts, times - _SPREAD, side="right") - 1
        last = np.searchsorted(self.starts, times + _SPREAD, side="right") - 1
        out = np.full(len(times), np.nan)
        for i, (a, b) in enumerate(zip(first, last)):
            if b >= 0 and times[i] < self.ends[b]:
                out[i] = self.levels[max(a, 0):b + 1].max()
        return out


class OwnEcho:
    """Tells its own voice coming back through the microphone from a person speaking over it, by
    level. The frames heard before an utterance show the echo's path: the delay and gain at which
    what the speaker played comes back; the path is kept for the next reply's first words, which
    have little before them. An utterance is its own echo when it is nowhere much louder than that
    path makes what was played; a person speaking over it is. Words alone could not tell: Piper's
    voice, heard in pieces, was taken for "pause" and "hold on"."""

    def __init__(self) -> None:
        self._path: tuple[float, float] | None = None  # lag (s) and gain (dB) of the echo

    def heard(self, heard: Sequence[tuple[float, float]], utterance: int,
              played: Sequence[tuple[float, float, float]]) -> bool:
        """Whether the last `utterance` frames heard (each frame's start time and mean square)
        are only its own voice; played: each block's time at the speaker, length and mean square."""
        if not 0 < utterance <= len(heard) or len(played) < _MIN_FRAMES:
            return False
        starts = np.array([s for s, _, _ in played])
        sound = _Played(starts, starts + np.array([d for _, d, _ in played]),
                        _db(np.array([e for _, _, e in played])))
        times = np.array([t for t, _ in heard]) + FRAME_SAMPLES / SAMPLE_RATE / 2
        levels = _db(np.array([e for _, e in heard]))
        floor = float(np.percentile(levels, 10))  # the room's own noise
        if len(heard) - utterance >= _MIN_FRAMES:
            self._learn(times[:-utterance], levels[:-utterance], sound, floor)
        if self._path is None:
            return False
        lag, gain = self._path
        sent = sound.at(times[-utterance:] - lag)
        known = ~np.isnan(sent)
        if known.sum() < min(3, utterance):
            return False
        excess = np.sort(levels[-utterance:][known] - np.maximum(sent[known] + gain, floor))[::-1]
        # The third loudest frame: a person's word lasts several; a stray frame of echo does not.
        return bool(excess[min(2, len(excess) - 1)] <= _EXCESS_DB)

    def _learn(self, times: np.ndarray, levels: np.ndarray, sound: _Played, floor: float) -> None:
        best: tuple[float, float, float] | None = None  # how far the echo's level strays, lag, gain
        for lag in _ECHO_LAGS:
            sent = sound.at(times - lag)
            known = ~np.isnan(sent)
            if known.sum() < _MIN_FRAMES or sent[known].std() < 1.0:
                continue
            loud = sent[known] >= np.median(sent[known])
            gain = float(np.median(levels[known][loud] - sent[known][loud]))
            stray = float(np.mean(np.abs(np.maximum(sent[known] + gain, floor) - levels[known])))
            if best is None or stray < best[0]:
                best = stray, lag, gain
        if best is not None:
            self._path = best[1:]
