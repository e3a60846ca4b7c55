"""Text made ready for the ear before it is synthesised.

Content is written for listening already; this catches what slips through or comes from
elsewhere: units ("5 mg" -> "5 milligrams"), common abbreviations, number ranges and
symbols that a synthesiser would spell out or skip.
"""

from __future__ import annotations

import re

_UNITS = {"mg": "milligram", "mcg": "microgram", "g": "gram", "ml": "millilitre", "kg": "kilogram"}
_ABBREVIATIONS = (
    (re.compile(r"\be\.g\.,?", re.I), "for example,"),
    (re.compile(r"\bi\.e\.,?", re.I), "that is,"),
    (re.compile(r"\betc\.", re.I), "and so on."),
    (re.compile(r"\bapprox\.", re.I), "about"),
    (re.compile(r"\bvs\.?(?=\s)", re.I), "versus"),
    (re.compile(r"\band/or\b", re.I), "and or"),
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
