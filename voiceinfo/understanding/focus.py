"""Whether a question is about something the content never names, although it shares other words
with a part: "does it come as a syrup" is about a syrup, "do the tablets contain lactose" about
lactose, not the tablets' strengths. Such a question is declined, not answered from that part."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import takewhile

from voiceinfo.understanding.content import Monograph, Section
from voiceinfo.understanding.meaning import Phrasebook
from voiceinfo.understanding.phrasings import TOPIC_ENDS, open_uncovered
from voiceinfo.understanding.speech_text import sentences
from voiceinfo.understanding.word_runs import Runs
from voiceinfo.understanding.wording import PEOPLE, is_content_word, stem, words

# How much nearer in meaning to the part a question comes when its words the content never uses
# are left out, for those words to carry it; and how near as asked is near enough regardless. Chosen
# on the people tuning set, the older question sets and probes of uncovered questions (docs/measurements.md).
CARRIED = 0.2
NEAR_AS_ASKED = 0.7
# Verbs that carry no topic ("can it make you con fused"): leaving them out changes little but the wording.
_LIGHT = frozenset("make makes making made".split())
# A recogniser's pieces of a split word are short ("dizzy ness"); an open topic's last word is
# held to more, since it alone decides.
_SHORTEST = 4
_SHORTEST_OPEN = 5


class Focus:
    def __init__(self, monograph: Monograph, never_used: Callable[[str], bool],
                 is_english: Callable[[str], bool], said: Iterable[str]) -> None:
        """never_used: whether no phrasing of the content uses a word (after correction); said:
        the words of what it says, which name what it covers too ("operating heavy machinery")."""
        self._open_frames = Runs(open_uncovered(monograph))
        self._never_used = never_used
        self._is_english = is_english
        self._said = frozenset(map(stem, said))

    def _unnamed(self, word: str, shortest: int = _SHORTEST) -> bool:
        """An English word the content never uses, that names neither a person ("husband's") nor nothing."""
        return is_content_word(word) and not {word, word.removesuffix("s")} & PEOPLE and len(word) >= shortest \
            and self._never_used(word) and self._is_english(word) and stem(word) not in self._said

    def open_topic_unnamed(self, tokens: list[str]) -> bool:
        """Whether a leaflet question's open topic ends in such a word (phrasings.OPEN_UNCOVERED);
        a person ("is it safe for my husband") is no topic."""
        for _, end in self._open_frames.found(tokens):
            said = [w for w in takewhile(lambda w: w not in TOPIC_ENDS, tokens[end:])
                    if is_content_word(w) and w not in PEOPLE]
            if said and self._unnamed(said[-1], _SHORTEST_OPEN):
                return True
        return False

    def carried_elsewhere(self, book: Phrasebook, question: str, tokens: list[str], label: str) -> bool:
        """Whether such words carry the question away from the part of this label: without them
        it is far nearer to the part in meaning ("my mum likes a glass of wine at dinner" is as
        near to the alcohol caution with "dinner" as without it)."""
        unnamed = {w for w in tokens if w not in _LIGHT and self._unnamed(w)}
        if not unnamed:
            return False
        as_asked = book.closeness(question, label)
        return as_asked < NEAR_AS_ASKED \
            and book.closeness(" ".join(w for w in tokens if w not in unnamed), label) - as_asked >= CARRIED


def beyond(phrases: Iterable[frozenset[str]], tokens: list[str]) -> bool:
    """Whether the question has a content word that none of a part's phrasings (stems) has."""
    said = set().union(*phrases)
    return any(is_content_word(w) and stem(w) not in said for w in tokens)


def fact_asked_for(asked: list[str], section: Section) -> str | None:
    """The sentence of the section's `more` that the question's words name and its opening does
    not ("does it help clonus", "is the mechanism known"): said first, since it was asked."""
    opening = {stem(w) for w in words(section.say)}
    named = {stem(w) for w in asked if is_content_word(w)} - opening
    counted = [(len(named & {stem(w) for w in words(sentence)}), sentence) for sentence in sentences(section.more)]
    most, sentence = max(counted, default=(0, None))
    return sentence if most else None
