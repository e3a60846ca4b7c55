"""Which words are ordinary English, and which are names of other medicines.

A question that names a medicine other than the monograph's must never be answered with
the monograph's facts. Two signs mark such a name: it is on the list of common medicines
(`other_medicines.txt`), or it is a word that neither the content nor an English
pronouncing dictionary knows (most drug names: tizanidine, ocrevus). The dictionary is the
CMU dictionary shipped inside the pocketsphinx wheel, which voiceinfo needs anyway.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pocketsphinx

OTHER_MEDICINES = Path(__file__).with_name("other_medicines.txt")


def cmudict_path() -> Path:
    return Path(pocketsphinx.get_model_path()) / "en-us" / "cmudict-en-us.dict"


@dataclass(frozen=True)
class Lexicon:
    english: frozenset[str]
    other_medicines: frozenset[str]
    # How the names the English dictionary lacks sound: (name, "sounds like words").
    medicine_sounds: tuple[tuple[str, str], ...] = ()

    def is_english(self, word: str) -> bool:
        return word in self.english


def _read_medicines(path: Path) -> tuple[frozenset[str], tuple[tuple[str, str], ...]]:
    names, sounds = set(), []
    for line in path.read_text(encoding="utf-8").splitlines():
        name, _, sounds_like = line.split("#")[0].lower().partition("=")
        if name.strip():
            names.add(name.strip())
            if sounds_like.strip():
                sounds.append((name.strip(), sounds_like.strip()))
    return frozenset(names), tuple(sounds)


def _key(entry: str) -> str:
    """A dictionary headword as voiceinfo writes words: "don't(2)" becomes "dont"."""
    return entry.split("(", 1)[0].replace("'", "")


@lru_cache(maxsize=1)
def pronunciations() -> dict[str, tuple[str, ...]]:
    """The CMU dictionary's phones by word, for recognisers (four times slower to read
    than the words alone, so answering typed questions does not use it)."""
    prons: dict[str, list[str]] = {}
    with cmudict_path().open(encoding="utf-8") as dictionary:
        for line in dictionary:
            word, phones = line.split(" ", 1)
            prons.setdefault(_key(word), []).append(phones.strip())
    return {word: tuple(variants) for word, variants in prons.items()}


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    with cmudict_path().open(encoding="utf-8") as dictionary:
        english = frozenset(_key(line.split(" ", 1)[0]) for line in dictionary)
    return Lexicon(english, *_read_medicines(OTHER_MEDICINES))
