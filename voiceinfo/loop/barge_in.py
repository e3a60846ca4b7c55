"""What the loop listens for while it speaks: a short command ("stop", "pause"), told apart from
its own voice coming back through the microphone, by its words and by its sound."""

from __future__ import annotations

import logging
from typing import Protocol

import numpy as np

from voiceinfo.audio.own_echo import AFTER, BEFORE, echo_share
from voiceinfo.audio.segmenter import SAMPLE_RATE, Endpointing
from voiceinfo.understanding.wording import is_content_word, stem, words

log = logging.getLogger(__name__)

# A short command then a short silence; anything longer is not "stop".
BARGE_IN = Endpointing(end_silence=0.2, start_speech=0.064, min_speech=0.1, max_utterance=2.0)


def key_words(text: str) -> set[str]:
    # By stem: its own "Stopping suddenly ..." is heard as "stop".
    return {stem(w) for w in words(text) if is_content_word(w)}


def its_own_words(heard: str, lately_said: str) -> bool:
    """Whether what was heard shares a word with what it has just said: its own voice saying
    "do not stop taking it" must not stop it."""
    return bool(key_words(heard) & key_words(lately_said))


# An utterance this much explained by what was just played is its own voice. A person as loud
# as the echo leaves about half unexplained, one twice as loud four fifths; one a third as loud
# as the echo (-10 dB) would be taken for it, and is hardly heard over it anyway.
_OWN_SHARE = 0.9


class Played(Protocol):
    rate: int

    def sounded(self, start: float, end: float) -> tuple[float, np.ndarray] | None: ...


def its_own_voice(frames: list[bytes], recorded_from: float, playback: Played) -> bool:
    """Whether the frames heard (recording from the monotonic time recorded_from) are what the
    speaker played, come back: compared sample by sample with it (own_echo.py)."""
    import soxr

    heard = np.frombuffer(b"".join(frames), np.int16)
    played = playback.sounded(recorded_from - BEFORE, recorded_from + len(heard) / SAMPLE_RATE + AFTER)
    if not len(heard) or played is None:
        return False
    played_from, samples = played
    samples = soxr.resample(samples.astype(np.float32), playback.rate, SAMPLE_RATE)
    skip = max(0, round((recorded_from - BEFORE - played_from) * SAMPLE_RATE))
    # What was played before the first block kept is silence to compare with.
    samples = np.concatenate([np.zeros(max(0, round((played_from - recorded_from + BEFORE) * SAMPLE_RATE))),
                              samples[skip:]])
    share = echo_share(heard, samples, SAMPLE_RATE)
    log.debug("heard while speaking: %.2f of it what was played", share)
    return share >= _OWN_SHARE
