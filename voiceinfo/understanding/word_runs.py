"""Runs of words found word for word in a question: how it is framed, reports of an emergency."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property

from voiceinfo.understanding.emergencies import SIGNS, TAKEN, TAKEN_APART, emergency_phrases
from voiceinfo.understanding.phrasings import FRAMING, THE_DRUG_ITSELF, framing_phrases
from voiceinfo.understanding.wording import words


def find(tokens: list[str], phrase: list[str]) -> int:
    """Index where phrase starts in tokens, or -1."""
    n = len(phrase)
    return next((i for i in range(len(tokens) - n + 1) if tokens[i:i + n] == phrase), -1)


@dataclass(frozen=True)
class Runs:
    runs: frozenset[tuple[str, ...]]

    @cached_property  # asked for every question answered
    def longest(self) -> int:
        return max(map(len, self.runs))

    def among(self, tokens: list[str]) -> bool:
        """Whether any run is in tokens."""
        return bool(self.found(tokens))

    def found(self, tokens: list[str]) -> list[tuple[int, int]]:
        """Where runs are in tokens: (start, end) of each."""
        longest = self.longest
        return [(at, at + n) for at in range(len(tokens)) for n in range(1, longest + 1)
                if tuple(tokens[at:at + n]) in self.runs]

    def left_out(self, tokens: list[str]) -> list[str]:
        """tokens without the runs of two words or more found in them, unless that is all there is."""
        out, at, longest = [], 0, self.longest
        while at < len(tokens):
            n = next((n for n in range(min(longest, len(tokens) - at), 1, -1)
                      if tuple(tokens[at:at + n]) in self.runs), 0)
            if n:
                at += n
            else:
                out.append(tokens[at])
                at += 1
        return out or tokens


@cache  # once a process for a drug
def framing(drug: str) -> Runs:
    """How questions are framed (phrasings.FRAMING): "my husband has MS and", "since I started the
    tablets", and whose tablets they are (THE_DRUG_ITSELF)."""
    return Runs(frozenset(tuple(words(p)) for p in framing_phrases(drug, FRAMING + THE_DRUG_ITSELF)))


def _runs(drug: str, templates: tuple[str, ...]) -> Runs:
    return Runs(frozenset(tuple(words(p)) for p in emergency_phrases(drug, templates)))


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
