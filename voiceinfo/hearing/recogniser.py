"""The recogniser interface: audio in, transcripts out.

Engines (the built-in pocketsphinx, Vosk) take 16 kHz mono 16-bit PCM chunk by chunk and
give partial transcripts during speech and a final one at the end, with a confidence.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from voiceinfo.events import Transcript

if TYPE_CHECKING:
    import numpy as np


class Recogniser(Protocol):
    """One utterance at a time: start, feed chunks, finish."""

    description: str  # printed: engine, model and mode
    spoken_name: str  # said at start: "the built-in speech recogniser"

    def start(self) -> None: ...

    def accept(self, pcm: bytes) -> Transcript | None:
        """Feed a chunk; return a partial transcript when there is one."""

    def finish(self) -> Transcript: ...

    def resume(self) -> None:
        """Speech went on after finish() (the live loop finishes early, in a pause that may
        be the end): hear the utterance on, as if finish() had not been called."""

    def hear_again(self) -> Transcript | None:
        """The last utterance heard once more another way, for when the first hearing was
        unsure (the conversation's Reading.hear_again); None when the engine has no other way."""

    def new_speaker(self) -> None:
        """Someone else may speak from now on (a kiosk's next person): hear the next utterance afresh."""


def transcribe(recogniser: Recogniser, samples: np.ndarray, chunk: int = 1024) -> Transcript:
    """Recognise a whole recording by streaming it, as live audio would arrive."""
    recogniser.start()
    data = samples.astype("int16").tobytes()
    for offset in range(0, len(data), chunk * 2):
        recogniser.accept(data[offset:offset + chunk * 2])
    return recogniser.finish()


def transcribe_speech(recogniser: Recogniser, samples: np.ndarray) -> Transcript:
    """Recognise what the live loop would hear of a recording (segmenter.speech_in): its
    utterances without the long silences around them. Empty when it holds no speech."""
    from voiceinfo.audio.segmenter import speech_in

    speech = speech_in(samples)
    return Transcript("", 0.0) if speech is None else transcribe(recogniser, speech)
