"""Whether a question tells of an emergency: by its words (the content's own urgent cues, and
reports of an emergency with any medicine, emergencies.py) or by its meaning (near a sign of one
in the phrasebook, or likely one by the sentence model's learnt signal)."""

from __future__ import annotations

from voiceinfo.understanding.content import Monograph
from voiceinfo.understanding.emergencies import asked_about
from voiceinfo.understanding.meaning import Nearest
from voiceinfo.understanding.phrasebook import URGENT
from voiceinfo.understanding.word_runs import find, reports
from voiceinfo.understanding.wording import stem, words

# Reports of signs of an emergency (emergencies.SIGNS) in the phrasebook, and how near in meaning a
# question must be to one, and nearer than to any question, to be taken for one beside the
# word-for-word reports: no false alarm on any tuning or older set (docs/measurements.md).
NEAR_AN_EMERGENCY = 0.5
# ... or how likely by the adapter's learnt signal (meaning.SentenceEncoder.urgency), which must
# not be all but sure it is none ("she took her tablets an hour ago" lay near a sign). Chosen on
# reports and questions written apart from its examples (docs/measurements.md).
URGENT_SIGNAL = 0.8
URGENT_SIGNAL_NEAR = 0.05
# The signal alone does not make an emergency of what is all but a question's phrasing, of a part or
# of one declined ("the who wrote this", 0.93 from "who wrote this", signal 0.88): the reports it
# tells lay 0.74 or further from any.
ASKED_NOT_TOLD = 0.85


class Urgency:
    def __init__(self, monograph: Monograph, drug: str) -> None:
        """drug: the monograph's drug as its reports name it."""
        self._cues = [[stem(w) for w in words(c)] for c in monograph.urgent_cues]
        self._reports = reports(drug)

    def told(self, tokens: list[str]) -> bool:
        """The content's urgent cues, by stem ("seizing", "seized"), or a report of an emergency, word
        for word (its tense tells it from a question), unless asked about as what the medicine may cause."""
        stems = [stem(w) for w in tokens]
        found = [find(stems, cue) for cue in self._cues] + self._reports.found(tokens)
        return any(at >= 0 and not asked_about(tokens, at) for at in found)

    @staticmethod
    def told_in_meaning(near: Nearest | None) -> bool:
        """Near in meaning to a sign that needs help now, or likely one by the learnt signal (of a
        question told rather than asked: in meaning, "can it slow my breathing" is as near to
        "breathing slowly" as "he's breathing slowly")."""
        if near is None:
            return False
        if near.label == URGENT:
            return near.similarity >= NEAR_AN_EMERGENCY and near.urgency >= URGENT_SIGNAL_NEAR \
                or near.urgency >= URGENT_SIGNAL
        return near.urgency >= URGENT_SIGNAL and near.similarity < ASKED_NOT_TOLD
