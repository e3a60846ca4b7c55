"""Runs of words found word for word in a question: how it is framed, reports of an emergency."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from voiceinfo.understanding.emergencies import SIGNS, TAKEN, TAKEN_APART
from voiceinfo.understanding.phrasings import FRAMING, THE_DRUG_ITSELF
from voiceinfo.understanding.templates import Pattern
from voiceinfo.understanding.wording import words


def find(tokens: list[str], phrase: list[str]) -> int:
    """Index where phrase starts in tokens, or -1."""
    n = len(phrase)
    return next((i for i in range(len(tokens) - n + 1) if tokens[i:i + n] == phrase), -1)


class Runs:
    """The runs of words that templates stand for, found in a question word for word, matched
    as templates rather than expanded (the reports of an emergency expand to 71,000)."""

    def __init__(self, templates: Iterable[str]) -> None:
        self._starting: dict[str, list[Pattern]] = {}  # by the words a run can start with
        for template in templates:
            pattern = Pattern(template, words)
            for word in pattern.first:
                self._starting.setdefault(word, []).append(pattern)

    def _ends(self, tokens: list[str], at: int) -> list[int]:
        return sorted({end for pattern in self._starting.get(tokens[at], ()) for end in pattern.ends(tokens, at)})

    def among(self, tokens: list[str]) -> bool:
        """Whether any run is in tokens."""
        return bool(self.found(tokens))

    def found(self, tokens: list[str]) -> list[tuple[int, int]]:
        """Where runs are in tokens: (start, end) of each."""
        return [(at, end) for at in range(len(tokens)) for end in self._ends(tokens, at)]

    def left_out(self, tokens: list[str]) -> list[str]:
        """tokens without the runs of two words or more found in them, unless that is all there is."""
        out, at = [], 0
        while at < len(tokens):
            end = max(self._ends(tokens, at), default=at)
            if end - at >= 2:
                at = end
            else:
                out.append(tokens[at])
                at += 1
        return out or tokens


@cache  # once a process for a drug
def framing(drug: str) -> Runs:
    """How questions are framed (phrasings.FRAMING): "my husband has MS and", "since I started the
    tablets", and whose tablets they are (THE_DRUG_ITSELF)."""
    return _runs(drug, FRAMING + THE_DRUG_ITSELF)


def _runs(drug: str, templates: tuple[str, ...]) -> Runs:
    return Runs(t.replace("{drug}", drug) for t in templates)


@dataclass(frozen=True)
class Reports:
    """Runs that report an emergency, and pairs of runs that do when the second follows the first."""

    together: Runs
    apart: tuple[tuple[Runs, Runs], ...]

    def found(self, tokens: list[str]) -> list[int]:
        """Where reports start in tokens."""
        starts = [start for start, _ in self.together.found(tokens)]
        for first, then in self.apart:
            spans = first.found(tokens)
            if spans and then.among(tokens[spans[0][1]:]):
                starts.append(spans[0][0])
        return starts

    def among(self, tokens: list[str]) -> bool:
        return bool(self.found(tokens))


@cache  # once a process for a drug
def reports(drug: str, templates: tuple[str, ...] = TAKEN + SIGNS,
            apart: tuple[tuple[str, str], ...] = TAKEN_APART) -> Reports:
    """How people report an emergency with any medicine (emergencies.py): all of it, or some
    of its templates and pairs."""
    return Reports(_runs(drug, templates), tuple((_runs(drug, (a,)), _runs(drug, (b,))) for a, b in apart))
