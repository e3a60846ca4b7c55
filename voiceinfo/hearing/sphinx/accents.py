"""British pronunciations for the built-in engine's dictionary.

The CMU dictionary, and the en-us acoustic model learnt with it, are American. A British
speaker's vowel in "dose", "sold" and "go" (GOAT) is [əʊ], not the American [oʊ], and the
model heard it as other words: "what is the dose" as "what is the news". Each word that has
that vowel also gets a British pronunciation in the model's own phones, so either accent
is heard. Measured with espeak-ng, 301 questions heard in turn, answered right: its British
voice (received pronunciation) 224 -> 234, its American voice 260 -> 258. Dropping the r
after a vowel (a non-rhotic accent) lost questions, as "for", "are" and "or" became alike,
so it is not done.
"""

from __future__ import annotations

# [ə] then [ʊ]: of the forms tried ("AH UH", "AH W", "EH UH") the one heard best.
_BRITISH_GOAT = "AH UH"


def british(phones: str) -> str:
    """phones (CMU, without stress marks) as a British speaker says them."""
    return " ".join(_BRITISH_GOAT if phone == "OW" else phone for phone in phones.split())


def with_british(pronunciations: tuple[str, ...]) -> tuple[str, ...]:
    """A word's pronunciations followed by the British ones that differ."""
    return tuple(dict.fromkeys((*pronunciations, *map(british, pronunciations))))
