"""The messages between the stages of a turn: what was heard, what to say, how long it took.

A turn flows one way: the recogniser gives a Transcript; the loop gives the conversation an
Utterance and gets back a Reply, which says what to do (say these parts, chime, hear the next
person afresh, end); the loop carries that out and notes a TurnTiming.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


@dataclass(frozen=True)
class Transcript:
    """What a recogniser heard: its words, how sure it is (0 to 1), and its near misses."""

    text: str
    confidence: float
    final: bool = True
    # The engine's n-best transcripts, when it gives them: near misses, repeats included
    # (each is another path through the audio). Empty for engines that give word confidences.
    alternatives: tuple[str, ...] = ()
    notice: str = ""  # to say before the reply: about the hearing itself (a remote recogniser lost)


@dataclass(frozen=True)
class Utterance:
    """One utterance as the loop gives it to the conversation."""

    transcript: Transcript
    since_speaking: float = float("inf")  # seconds from the end of its own speech to its start


class Earcon(Enum):
    """Short sounds instead of words: ready to listen, did not understand."""

    LISTENING = "listening"
    NOT_UNDERSTOOD = "not understood"


@dataclass(frozen=True)
class Reply:
    """What the conversation asks the loop to do: say the parts in order, with a short pause
    between them, at this rate and volume; then chime, end, or hear the next voice afresh."""

    parts: tuple[str, ...]
    rate: int
    volume: float
    earcon: Earcon | None = None
    end: bool = False
    section: str | None = None  # the monograph section this reply answered from, if any
    new_speaker: bool = False  # someone else may speak next (a kiosk that has started over)

    @property
    def text(self) -> str:
        return " ".join(self.parts)


@dataclass(frozen=True)
class TurnTiming:
    """Where the time went between the end of speech and the first answer audio (seconds)."""

    heard: str
    section: str | None
    end_of_speech_wait: float  # silence waited for before deciding the sentence had ended
    recognition: float  # finishing decoding after that
    answering: float
    synthesis_to_first_audio: float  # synthesis of the first sentence, until it reaches the speaker
    hearing_again: float = 0.0  # hearing an unsure question a second time

    @property
    def beyond_silence(self) -> float:
        return self.recognition + self.hearing_again + self.answering + self.synthesis_to_first_audio
