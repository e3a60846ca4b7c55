"""From what was heard to an answer and how sure to be of it; when unsure, what to believe of
a second hearing.

A recogniser may be able to hear an utterance once more another way (the built-in engine:
normalised by the utterance's own voice rather than by the voices before it). Doing so only
when the first hearing is unsure costs time only there; the surer of the two is believed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from voiceinfo.events import Transcript
from voiceinfo.understanding.answering import Answer, Answerer
from voiceinfo.understanding.commands import CommandParser

# Low-confidence recognitions are confirmed ("Did you ask about side effects?"). For the
# built-in engine (fewer than 7 of its 10 best guesses answered alike), on espeak-ng speech
# in 3 voices this caught 41% of its wrong answers and questioned 14% of the right ones
# (held-out questions: 47% and 13%; bench/sphinx_confidence.py). Vosk's mean word confidence
# is held to the same bar, unmeasured in English here.
CONFIRM_BELOW = 0.7


@dataclass(frozen=True)
class Understood:
    heard: Transcript  # the hearing believed
    answer: Answer
    sureness: float  # Answerer.confidence: below CONFIRM_BELOW, the answer is confirmed first


def understood(answerer: Answerer, heard: Transcript, answer: Answer | None = None) -> Understood:
    """A question heard once (answer: its answer, when already worked out)."""
    answer = answer or answerer.answer(heard.text, heard.alternatives)
    return Understood(heard, answer, answerer.confidence(answer, heard.confidence, heard.alternatives))


def unsure(first: Understood) -> bool:
    """Whether to hear it again: unsure of the answer, and not an emergency."""
    return first.sureness < CONFIRM_BELOW and not first.answer.urgent


def believed(answerer: Answerer, commands: CommandParser, first: Understood,
                again: Transcript | None) -> Understood:
    """What to believe of a question unsure the first time (unsure) and heard again: the surer
    hearing; on a tie the second, which does not lean on earlier voices. Two hearings that give
    the same answer are as sure as the surer; two that do not, as unsure as the less sure, so
    that the answer is confirmed first. A second hearing that is a command or nothing is not
    believed: the listener asked a question. Measured: docs/measurements.md, "Hearing again"."""
    if again is None or not again.text.strip() or commands.parse(again.text) is not None:
        return first
    second = understood(answerer, again)
    believed = second if second.sureness >= first.sureness else first
    if second.answer.target == first.answer.target:
        return believed
    return replace(believed, sureness=min(first.sureness, second.sureness))
