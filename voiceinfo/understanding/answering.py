"""The answering engine: a question's words in, the matching part of a monograph out.

A pure function of the content. Each section and item is described by the ways people
ask about it ("asks"); a question is scored against those phrasings by weighted word
overlap, where words that point at one part only (sleepy, alcohol) weigh most.
Before scoring, the question's words are corrected towards the content's vocabulary
with RapidFuzz, including words a recogniser split in two ("dizzy ness"), so that
slips still find their answer. Requests that no part answers (the recognisers' off-topic
and uncovered phrasings) compete too, so that they are declined rather than answered
from whichever part shares their other words.
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cached_property
from itertools import chain, islice

from voiceinfo.understanding import prompts
from voiceinfo.understanding.content import Item, Monograph, Section
from voiceinfo.understanding.correction import Corrector
from voiceinfo.understanding.focus import Focus, beyond, fact_asked_for
from voiceinfo.understanding.guards import misleads
from voiceinfo.understanding.lexicon import Lexicon
from voiceinfo.understanding.meaning import Nearest, Phrasebook
from voiceinfo.understanding.phrasebook import DECLINED, URGENT, phrasebook
from voiceinfo.understanding.phrasings import (
    everyday_phrasings,
    uncovered_phrasings,
)
from voiceinfo.understanding.sounds_like import SoundsLike
from voiceinfo.understanding.urgency import Urgency
from voiceinfo.understanding.word_runs import find, framing
from voiceinfo.understanding.wording import is_content_word, stem, words

log = logging.getLogger(__name__)

# How much a phrase's unmatched words count against it, relative to matched ones.
_MISSING_PENALTY = 1.0
# Function words ("how", "can", "it") help choose between phrasings but weigh little.
_STOPWORD_WEIGHT = 0.25
# How much a section's own match adds to one of its items.
_PARENT_BONUS = 0.5
# Below this, nothing matched well enough to answer.
_MIN_SCORE = 1.2
# What an unrecognised content word costs: a sign the question is about something else. Only
# the first two count: a caregiver's or a rambling question carries many everyday words (wife,
# glass, dinner, weekend) that say nothing more (people sets, tuning: 142 -> 149 of 189; the
# older sets unchanged). What the content does not cover is declined by _declined_score.
_UNKNOWN_WORD_PENALTY = 0.8
_UNKNOWN_WORDS_COUNTED = 2
# An emergency among the recogniser's first few guesses counts as one. Spoken urgent
# questions (3 voices, 2 conditions) heard as urgent: 157 -> 164 of 198, for 1 -> 2 false
# alarms among 1,698 others (the urgent warning put before the answer). Among 10: 166, 12.
_URGENT_AMONG = 3
# Below this score by words, the question's meaning decides when the sentence model finds a
# phrasing near enough in meaning (cosine), and, when the words found a part of their own, nearer
# than any phrasing of another part by the margin. Chosen with the model adapted without
# people_questions.tsv, on that set (docs/answering.md).
_SURE_BY_WORDS = 4.0
# ... or when another part's phrasings fit almost as well: a rambling question's story scores for
# parts it does not ask about ("my doctor mentioned it ... what dose do people start on").
_CLEAR_BY_WORDS = 1.0
_NEAR_IN_MEANING = 0.5
_MEANING_OVER_WORDS = 0.05
# ... and nearer still when it is made of function words alone: "what is it" (0.84) means something,
# a fragment misheard ("the up to", 0.65) does not.
_NEAR_IN_MEANING_BARE = 0.7
# Meaning declines only far nearer to a request the content does not answer than to any part.
DECLINED_IN_MEANING = 0.7
DECLINED_MARGIN = 0.1
# ... and even when words are sure, all but one of those, with a word beyond the part's phrasings: "can it cause
# hearing problems" ("problems can it cause").
_ALL_BUT_DECLINED = 0.9
# How a second question starts after "and" ("... and what's the most I can take"); an "and"
# in a story ("I've been on it a week and I was told ...") is followed by something else.
_QUESTION_WORDS = frozenset("what whats how can could is are does do will would should when who where why "
                            "which may am".split())


@dataclass(frozen=True)
class Answer:
    """What to say in reply to one question, and where it came from."""

    question: str
    section: str | None
    item: str | None
    text: str
    out_of_scope: bool
    urgent: bool
    other_drug: str | None = None
    first: str | None = None  # of a question that asked two things: the part answered first

    @property
    def target(self) -> str | None:
        """"section" or "section/item", as the question sets write it."""
        if self.section is None:
            return None
        return f"{self.section}/{self.item}" if self.item else self.section

    @property
    def targets(self) -> tuple[str, ...]:
        """Every part answered, in the order asked (the last is where "more" goes on)."""
        return tuple(t for t in (self.first, self.target) if t is not None)


@dataclass(frozen=True)
class _Target:
    section: Section
    item: Item | None
    phrases: tuple[frozenset[str], ...]

    @property
    def label(self) -> str:
        return f"{self.section.id}/{self.item.id}" if self.item else self.section.id


@dataclass(frozen=True)
class _Declined:
    phrase: frozenset[str]
    new: frozenset[str]  # its words the content never uses


class Answerer:
    """Answers questions about one monograph."""

    def __init__(self, monograph: Monograph, lexicon: Lexicon, meaning: bool = True) -> None:
        """meaning: whether the sentence model may help (False: words alone)."""
        self.monograph = monograph
        self.lexicon = lexicon
        self._meaning = meaning
        self._drug_names = [words(n) for n in (monograph.drug, *monograph.heard_as)]
        self._brand_names = [words(n) for n in monograph.brands]
        self._name_words = {"".join(n) for n in self._drug_names + self._brand_names}
        self._targets = [
            _Target(section, item, self._phrases(item.asks if item else section.asks))
            for section in monograph.sections
            for item in (None, *section.items)
        ]
        self._by_label = {t.label: t for t in self._targets}
        self.urgency = Urgency(monograph, " ".join(self._drug_names[0]))
        self._framing = framing(monograph.drug)
        self._asks = [a for s in monograph.sections for a in (*s.asks, *(a for i in s.items for a in i.asks))]
        said = {w for text in (*self._asks, *monograph.names, *monograph.urgent_cues)
                for w in words(text) if is_content_word(w)}
        # Every word the content uses, and each name written as one word ("backlofen").
        self._corrector = Corrector(sorted(said | self._name_words), frozenset(self._name_words), lexicon)
        self.correct, self._is_unknown = self._corrector.correct, self._corrector.is_unknown
        self._other_kinds = [words(name) for name in lexicon.other_medicines if " " in name]  # "water tablets"
        # What the content says, word for word: its own words are not other medicines ("antispastic").
        self._said = {w for s in monograph.sections for text in (s.say, s.more, s.note, *(i.say for i in s.items))
                      for w in words(text)}
        self._focus = Focus(monograph, self._is_unknown, lexicon.is_english, self._said)
        document_frequency = Counter(w for t in self._targets for w in set().union(*t.phrases))
        n = len(self._targets)
        self._weight = {w: (math.log(n / df) + 0.1) * (1.0 if is_content_word(w) else _STOPWORD_WEIGHT)
                        for w, df in document_frequency.items()}
        everyday = everyday_phrasings(monograph)
        self._declined = self._declined_phrases(monograph, everyday, math.log(n) + 0.1)
        # Everyday requests, word for word ("what's your name"): declined even when all their
        # words are the content's ("name"), unless a part is asked about in the same words.
        self._everyday = set(self._phrases(tuple(everyday))) - {p for t in self._targets for p in t.phrases}

    def _declined_phrases(self, monograph: Monograph, everyday: list[str],
                          weight: float) -> dict[str, list[_Declined]]:
        """Requests the content does not answer, filed under their words that the content
        never uses: for an everyday request (phrasings.OFF_TOPIC) all such words, for a leaflet
        question (UNCOVERED) those of its topic, and none where the content uses every word of
        the topic ("dry mouth" in a monograph that lists it): that is the content's to answer.
        These words weigh as much as a word that points to one part only."""
        uncovered = [(text, words(topic)) for topic, said in uncovered_phrasings(monograph).items()
                     for text in said]
        by_word: dict[str, list[_Declined]] = {}
        for text, telling in (*((text, words(text)) for text in everyday), *uncovered):
            new = frozenset(stem(w) for w in telling if self._is_unknown(w))
            declined = _Declined(self._phrases((text,))[0], new)
            for word in new:
                by_word.setdefault(word, []).append(declined)
            for word in declined.phrase if new else ():
                self._weight.setdefault(word, weight if is_content_word(word) else weight * _STOPWORD_WEIGHT)
        return by_word

    def _phrases(self, asks: tuple[str, ...]) -> tuple[frozenset[str], ...]:
        drug = set(self._drug_names[0])
        return tuple(frozenset(stem(w) for w in words(a) if w not in drug) for a in asks)

    # -- understanding --------------------------------------------------------------

    def _mentions(self, tokens: list[str], names: list[list[str]]) -> bool:
        return any(find(tokens, n) >= 0 or "".join(n) in tokens for n in names)

    def _other_drug(self, tokens: list[str]) -> str | None:
        if (named := next((n for n in self._other_kinds if find(tokens, n) >= 0), None)) is not None:
            return " ".join(named)
        for word in tokens:
            if word in self.lexicon.other_medicines:
                return word
            if self._is_unknown(word) and len(word) >= 5 and word.isalpha() \
                    and not self.lexicon.is_english(word) and word not in self._said:
                return word
        return None

    def prepare(self) -> None:
        """Load the sentence model and the monograph's phrasebook now rather than on the
        first question that needs them."""
        self._nearest("")

    def _book(self) -> Phrasebook | None:
        return phrasebook(self.monograph) if self._meaning else None

    def _nearest(self, question: str) -> Nearest | None:
        book = self._book()
        return book.nearest(question) if book is not None else None

    def _score(self, phrase: frozenset[str], stems: set[str]) -> float:
        matched = sum(self._weight[w] for w in phrase & stems)
        missing = sum(self._weight[w] for w in phrase - stems)
        return matched - _MISSING_PENALTY * missing if matched else 0.0

    def _declined_score(self, stems: set[str]) -> float:
        """How well the question fits the request the content does not answer that is most
        like it. The question must hold each of the request's words that the content never
        uses ("grapefruit"), and its content words that the request lacks count against it,
        so "does it give me spasms" is not taken for "does it give me depression"."""
        fits = [d.phrase for w in stems for d in self._declined.get(w, ()) if d.new <= stems]
        return max((self._score(p, stems) - sum(self._weight.get(w, 0.0) for w in stems - p if is_content_word(w))
                    for p in fits), default=0.0)

    def _best_target(self, stems: set[str]) -> tuple[_Target | None, float, float]:
        """The part whose phrasings fit best, its score, and by how much it beats any other
        part (but its own section, which an item's words always fit too)."""
        own = {id(t): max(self._score(p, stems) for p in t.phrases) for t in self._targets}
        section_score = {t.section.id: own[id(t)] for t in self._targets if t.item is None}
        scores = [(own[id(t)] + (_PARENT_BONUS * max(0.0, section_score[t.section.id])
                                 if t.item is not None and own[id(t)] > 0 else 0.0), t) for t in self._targets]
        best_score, best = max(((s, t) for s, t in scores if s > 0), key=lambda st: st[0], default=(0.0, None))
        others = (s for s, t in scores if t is not best and (best is None or best.item is None or t.item is not None
                                                              or t.section is not best.section))
        return best, best_score, best_score - max(others, default=0.0)

    def answer(self, question: str, alternatives: Iterable[str] = ()) -> Answer:
        """alternatives: a recogniser's n-best transcripts, best first; an emergency among
        the first few makes the answer urgent, since missing one costs far more than a
        needless warning. A question that asks two things ("what do I start on and what's
        the most I can take") gets both answers, in the order asked."""
        whole = self._answer(question, alternatives)
        if whole.urgent:
            return whole
        both = self._both_parts(question) if whole.other_drug is None else None
        if both is not None or not whole.out_of_scope:
            return both or whole
        return self._as_it_sounds(question) or whole

    @cached_property  # phonemising the content's words takes a tenth of a second: not for every Answerer
    def _sounds_like(self) -> SoundsLike:
        names = frozenset(self._name_words | {w for name in self._drug_names + self._brand_names for w in name})
        return SoundsLike(self._corrector.vocabulary, self._asks, self._is_unknown, self.lexicon.is_english, names)

    def _as_it_sounds(self, question: str) -> Answer | None:
        """A question declined, or taken for one about another medicine, read with what sounds
        like the content's words in their place ("fa teeg"): answered if a part or an emergency is found."""
        reading, replaced = self._sounds_like.reading(words(question))
        if not replaced:
            return None
        again = self._answer(" ".join(reading))
        if again.section is None and not again.urgent:
            return None
        log.info("read %s", ", ".join(f"{r.heard!r} as {r.meant!r}" for r in replaced))
        return replace(again, question=question)

    def _both_parts(self, question: str) -> Answer | None:
        """Split at an "and": when each side alone is answered, from two different parts,
        both are said, each in its short form; "more" then goes on with the second."""
        said = words(question)
        for at in (i for i, w in enumerate(said[:-1]) if w == "and" and said[i + 1] in _QUESTION_WORDS):
            left, right = " ".join(said[:at]), " ".join(said[at + 1:])
            first, second = self._answer(left), self._answer(right)
            if first.section and second.section and first.target != second.target \
                    and not first.urgent and not second.urgent:
                return replace(second, question=question, first=first.target,
                               text=f"First: {self._short(first)} Second: {self._short(second)}")
        return None

    def _short(self, answer: Answer) -> str:
        section = self.monograph.section(answer.section)
        return section.item(answer.item).say if answer.item else section.say

    def _answer(self, question: str, alternatives: Iterable[str] = ()) -> Answer:
        said = self.correct(words(question))
        runners_up = set(islice(alternatives, _URGENT_AMONG)) - {question}  # the n-best repeat texts
        heard = chain((said, words(question)), (self.correct(words(text)) for text in runners_up))
        urgent = any(map(self.urgency.told, heard))  # as said too: corrected, "shallow" was "swallow"
        near = None  # what the question is nearest to in meaning: found only when needed
        if not urgent and said and said[0] not in _QUESTION_WORDS:
            near = self._nearest(question)
            urgent = self.urgency.told_in_meaning(near)
        tokens = self._framing.left_out(said)
        asked = {stem(w) for w in tokens}
        other = self._other_drug(tokens)
        if other is not None:
            return self._reply(question, None, urgent, other_drug=other)
        if self._phrases((" ".join(tokens),))[0] in self._everyday or self._focus.open_topic_unnamed(tokens):
            return self._reply(question, None, urgent)
        target, by_words, clear_by = self._best_target(asked)
        unknown = sum(1 for w in tokens if self._is_unknown(w))
        score = by_words - _UNKNOWN_WORD_PENALTY * min(unknown, _UNKNOWN_WORDS_COUNTED)
        # Words alone decide when they point clearly at one part; otherwise meaning does, when
        # it is clear: "my dad's legs seem weaker since he started" shares no phrasing's words.
        if (score < _SURE_BY_WORDS or clear_by < _CLEAR_BY_WORDS) \
                and (near := near or self._nearest(question)) is not None:
            # Meaning answers; "can I take it while pregnant" is near "... while breastfeeding" in
            # meaning, yet the content's words say it is covered, so ...
            least = _NEAR_IN_MEANING if any(map(is_content_word, tokens)) else _NEAR_IN_MEANING_BARE
            if near.label not in (DECLINED, URGENT) and near.similarity >= least \
                    and (score < _MIN_SCORE or near.margin >= _MEANING_OVER_WORDS):
                return self._reply_to(question, tokens, self._by_label[near.label], urgent)
            # ... and declines only what is far nearer to a request it does not answer: "does it
            # cause depression" (0.85, 0.21 nearer), not "... while pregnant".
            if near.label == DECLINED and near.similarity >= DECLINED_IN_MEANING \
                    and near.margin >= DECLINED_MARGIN:
                return self._reply(question, None, urgent)
        elif beyond(target.phrases if target else (), tokens) \
                and (near := near or self._nearest(question)) is not None and near.label == DECLINED \
                and near.similarity >= _ALL_BUT_DECLINED and near.margin >= DECLINED_MARGIN:
            return self._reply(question, None, urgent)
        # Declined when a request the content does not answer fits better than any part of it,
        # rather than answered from the part that shares its other words: "can I drink
        # grapefruit juice" is not about alcohol (docs/answering.md has what it gained).
        if self._declined_score(asked) > by_words:
            return self._reply(question, None, urgent)
        if score < _MIN_SCORE:
            named_only = unknown == 0 and self._mentions(tokens, self._drug_names + self._brand_names)
            target = _Target(self.monograph.default_section, None, ()) if named_only else None
        return self._reply_to(question, tokens, target, urgent)

    def _reply_to(self, question: str, tokens: list[str], target: _Target | None, urgent: bool) -> Answer:
        """The reply, unless the part would mislead (guards.py) or the question is about something
        the content never names (focus.py): then declined."""
        book = self._book() if target is not None and not urgent else None
        if target is not None and (misleads((target.item or target.section).say, tokens) or book is not None
                                   and self._focus.carried_elsewhere(book, question, tokens, target.label)):
            target = None
        return self._reply(question, target, urgent)

    def confidence(self, answer: Answer, heard_confidence: float, alternatives: Iterable[str]) -> float:
        """How sure to be of an answer to recognised speech: the recogniser's own confidence,
        lowered to the share of its n-best transcripts that would get the same answer.

        pocketsphinx's own scores say little about whether it heard right; whether its near
        misses lead to the same part of the monograph says more (bench/sphinx_confidence.py).
        """
        counts = Counter(alternatives)  # the n-best repeat texts: answer each once
        if not counts:
            return heard_confidence
        if (book := self._book()) is not None:
            book.embed_ahead(counts)
        same = sum(n for text, n in counts.items() if self.answer(text).target == answer.target)
        return min(heard_confidence, same / counts.total())

    # -- replying -------------------------------------------------------------------

    def _reply(self, question: str, target: _Target | None, urgent: bool,
               other_drug: str | None = None) -> Answer:
        m = self.monograph
        if other_drug is not None:
            parts = [m.other_drug_say.format(name=other_drug)]
        elif target is None:  # in an emergency, the advice alone: no list of topics to wait through
            # Short: the list of topics is there for whoever asks for help.
            parts = [] if urgent else [m.unknown_say, prompts.SAY_HELP]
        elif target.item is not None:
            parts = [target.item.say, target.section.note,
                     prompts.SAY_MORE_ABOUT.format(topic=target.section.topic)]
        else:
            name = {stem(w) for n in self._drug_names for w in n}
            asked = [w for w in self.correct(words(question)) if stem(w) not in name]
            parts = [fact_asked_for(asked, target.section), target.section.say]
            if target.section.more or target.section.items:
                parts.append(prompts.SAY_MORE)
        if urgent:  # the emergency line alone: nothing to wait through, never a dose after "overdose"
            parts = [m.urgent_say]
        return Answer(
            question=question,
            section=target.section.id if target else None,
            item=target.item.id if target and target.item else None,
            text=" ".join(p for p in parts if p),
            out_of_scope=target is None and not urgent,
            urgent=urgent,
            other_drug=other_drug,
        )
