"""Runs of words found word for word in a question: how it is framed, reports of an emergency."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property

from voiceinfo.understanding.emergencies import SIGNS, TAKEN, emergency_phrases
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
        longest = self.longest
        return any(tuple(tokens[at:at + n]) in self.runs for at in range(len(tokens)) for n in range(1, longest + 1))

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


@cache  # once a process for a drug
def reports(drug: str, templates: tuple[str, ...] = TAKEN + SIGNS) -> Runs:
    """How people report an emergency with any medicine (emergencies.py): all of it, or some
    of its templates."""
    return Runs(frozenset(tuple(words(p)) for p in emergency_phrases(drug, templates)))
