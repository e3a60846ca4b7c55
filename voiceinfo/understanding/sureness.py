"""From what was heard to an answer and how sure to be of it; when unsure, hear it again.

A recogniser may be able to hear an utterance once more another way (the built-in engine:
normalised by the utterance's own voice rather than by the voices before it). Doing so only
when the first hearing is unsure costs time only there; the surer of the two is believed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from voiceinfo.hearing.recogniser import Transcript
from voiceinfo.understanding.answering import Answer, Answerer
from voiceinfo.understanding.commands import CommandParser

# Low-confidence recognitions are confirmed ("Did you ask about side effects?"). For the
# built-in engine (fewer than 7 of its 10 best guesses answered alike), on espeak-ng speech
# in 3 voices this caught 41% of its wrong answers and questioned 14% of the right ones
# (held-out questions: 47% and 13%; bench/sphinx_confidence.py). Vosk's mean word confidence
# is held to the same bar, unmeasured in English here.
CONFIRM_BELOW = 0.7

HearAgain = Callable[[], Transcript | None]  # Recogniser.hear_again


@dataclass(frozen=True)
class Understood:
    heard: Transcript  # the hearing believed
    answer: Answer
    sureness: float  # Answerer.confidence: below CONFIRM_BELOW, the answer is confirmed first


def understand(answerer: Answerer, commands: CommandParser, heard: Transcript,
               hear_again: HearAgain | None = None) -> Understood:
    """The answer to a question heard (not a command). When unsure of it, and not urgent (an
    emergency is answered at once), hear it again and believe the surer hearing; on a tie the
    second, which does not lean on earlier voices. Two hearings that give the same answer are
    as sure as the surer; two that do not, as unsure as the less sure, so that the answer is
    confirmed first. The 301 questions of tests/questions.tsv and held_out_questions.tsv at
    140 wpm, heard one after another by en-us (en-us+f3): answered right 254 -> 260 (214 ->
    217); confirmed first 40 -> 34 (55 -> 44); wrong and not confirmed 26 -> 27 (55 -> 60).
    Believing the surer alone confirmed fewer, 25 (31), but let more wrong answers through,
    30 (67). A second hearing that is a command or nothing is not believed: the listener
    asked a question."""
    first = _understood(answerer, heard)
    if not unsure(first) or hear_again is None:
        return first
    again = hear_again()
    if again is None or not again.text.strip() or commands.parse(again.text) is not None:
        return first
    second = _understood(answerer, again)
    believed = second if second.sureness >= first.sureness else first
    if second.answer.target == first.answer.target:
        return believed
    return replace(believed, sureness=min(first.sureness, second.sureness))


def unsure(understood: Understood) -> bool:
    """Whether to hear it again: unsure of the answer, and not an emergency."""
    return understood.sureness < CONFIRM_BELOW and not understood.answer.urgent


def _understood(answerer: Answerer, heard: Transcript) -> Understood:
    answer = answerer.answer(heard.text, heard.alternatives)
    return Understood(heard, answer, answerer.confidence(answer, heard.confidence, heard.alternatives))
