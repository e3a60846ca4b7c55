"""Text made ready for the ear before it is synthesised.

Content is written for listening already; this catches what slips through or comes from
elsewhere: units ("5 mg" -> "5 milligrams"), common abbreviations (the dosing shorthand of
prescriptions and leaflets among them: "t.i.d.", "p.o."), number ranges and symbols that a
synthesiser would spell out or skip. Abbreviations ending in a full stop are expanded before
sentences are split, so that "Dr. Smith" or "8 a.m. or later" is not read with a pause.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_UNITS = {"mg": "milligram", "mcg": "microgram", "µg": "microgram", "g": "gram", "ml": "millilitre",
          "kg": "kilogram", "hr": "hour", "hrs": "hour", "h": "hour", "min": "minute", "mins": "minute",
          "tab": "tablet", "tabs": "tablet"}


def _shorthand(letters: str) -> str:
    """A pattern for "t.i.d.", "T.I.D." or "TID" (run together only in capitals: "bid" is a word)."""
    dotted = r"\.".join(letters)
    return rf"(?i:\b{dotted}\.)|\b{letters.upper()}\b"


# Where a sentence goes on after an expanded abbreviation, its full stop is kept.
_NEXT_SENTENCE = re.compile(r"\s*$|\s+[A-Z]")


def _said(words: str) -> Callable[[re.Match[str]], str]:
    def say(match: re.Match[str]) -> str:
        ends = match.group().endswith(".") and _NEXT_SENTENCE.match(match.string, match.end())
        return words + ("." if ends else "")
    return say


_ABBREVIATIONS = (
    (re.compile(r"\be\.g\.,?", re.I), "for example,"),
    (re.compile(r"\bi\.e\.,?", re.I), "that is,"),
    (re.compile(r"\betc\.", re.I), _said("and so on")),
    (re.compile(r"\bapprox\.", re.I), "about"),
    (re.compile(r"\bmax\.", re.I), "at most"),
    (re.compile(r"\bDr\.", re.I), "doctor"),
    (re.compile(r"\bvs\.?(?=\s)", re.I), "versus"),
    (re.compile(r"\band/or\b", re.I), "and or"),
    (re.compile(_shorthand("bid")), _said("twice a day")),
    (re.compile(_shorthand("tid")), _said("three times a day")),
    (re.compile(_shorthand("qid")), _said("four times a day")),
    (re.compile(_shorthand("prn")), _said("when needed")),
    (re.compile(r"\bp\.o\.", re.I), _said("by mouth")),
    (re.compile(r"\ba\.m\.", re.I), _said("A M")),
    (re.compile(r"\bp\.m\.", re.I), _said("P M")),
    (re.compile(r"\bi\.v\.", re.I), _said("I V")),
    (re.compile(r"\bCNS\b"), "central nervous system"),
    (re.compile(r"\bMS\b"), "M S"),
)
_UNIT = re.compile(r"\b(\d+(?:\.\d+)?)\s*(" + "|".join(_UNITS) + r")\b", re.I)
_RANGE = re.compile(r"\b(\d+)\s*(?:-|–|—)\s*(\d+)\b")
_PER = re.compile(r"\s*/\s*(day|week|hour|dose)\b", re.I)
_SYMBOLS = {"%": " percent", "&": " and ", "+": " plus ", "/": " or "}


def _unit(match: re.Match[str]) -> str:
    number, unit = match.group(1), _UNITS[match.group(2).lower()]
    return f"{number} {unit}{'' if number == '1' else 's'}"


def for_the_ear(text: str) -> str:
    for pattern, spoken in _ABBREVIATIONS:
        text = pattern.sub(spoken, text)
    text = _RANGE.sub(r"\1 to \2", text)
    text = _UNIT.sub(_unit, text)
    text = _PER.sub(r" a \1", text)
    for symbol, spoken in _SYMBOLS.items():
        text = text.replace(symbol, spoken)
    return " ".join(text.split())


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def sentences(text: str) -> list[str]:
    """Split text where a listener hears a pause, so the first words play sooner."""
    return [s for s in _SENTENCE_END.split(text.strip()) if s]


def respelled(text: str, say_as: tuple[tuple[str, str], ...]) -> str:
    """Words a voice gets wrong, spelt as they should sound (the content's say_as)."""
    for word, spelling in say_as:
        text = re.sub(rf"\b{re.escape(word)}\b", spelling, text, flags=re.I)
    return text
