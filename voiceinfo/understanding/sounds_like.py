"""Another reading of a question, with the words that sound like the content's in their place:
"sight effects" -> "side effects", "fa teeg" -> "fatigue", "kid knees" -> "kidneys".

A recogniser, or a person spelling out what they heard, gives words that sound right and are
spelled wrong; spelling alone (correction.py) cannot find "fatigue" in "fa teeg". Words are
compared here by how they sound: espeak-ng's phonemes (the phonemiser inside piper-tts, which
voiceinfo speaks with), without stress or length marks and with the weak vowels made one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from voiceinfo.understanding.wording import is_content_word, words

log = logging.getLogger(__name__)

_MAX_SPAN = 4
# How alike in sound (0-100) a run of words must be to the content's words to stand for them;
# a run of real English words only when it is two words or more and almost the same ("sight
# effects"): one English word alike in sound is most often just another word ("rain", "brain").
# People sets and questions.tsv (tuning side): 75 and 80 gave the same; 90 for English runs kept
# every off-topic and uncovered question declined (80 took "today" for "a day").
_ALIKE = 80
_ENGLISH_ALIKE = 90
_SHORTEST = 4  # phonemes: shorter sounds are alike by chance
_MARKS = str.maketrans("", "", "ˈˌːʲ ")
_WEAK_VOWELS = str.maketrans({**{v: "ə" for v in "ɐʌᵻɪɜ"}, "ɾ": "t"})


@lru_cache(maxsize=1)
def _phonemiser() -> Callable[[str], str] | None:
    try:
        from piper.phonemize_espeak import EspeakPhonemizer
    except ImportError as e:
        log.warning("words are not compared by sound: %s", e)
        return None
    phonemiser = EspeakPhonemizer()

    # espeak-ng's library holds one voice for the process; its calls hold the interpreter
    # lock, and Piper's voices set the same "en-us", so speaking meanwhile changes nothing here.
    def sound(text: str) -> str:
        return "".join("".join(clause) for clause in phonemiser.phonemize("en-us", text))

    return sound


@lru_cache(maxsize=8192)
def sound_of(text: str) -> str:
    """text's phonemes, stress and length left out, the weak vowels as one ("" without Piper)."""
    sound = _phonemiser()
    return sound(text).translate(_MARKS).translate(_WEAK_VOWELS) if sound else ""


@dataclass(frozen=True)
class Replaced:
    heard: str
    meant: str


class SoundsLike:
    def __init__(self, vocabulary: Iterable[str], asks: Iterable[str], is_unknown: Callable[[str], bool],
                 is_english: Callable[[str], bool], names: frozenset[str]) -> None:
        """vocabulary: the content's words; asks: its phrasings, of which those of two or three
        words ("side effects") are heard as one; names: the drug's names, never part of a run
        replaced (they are found by spelling)."""
        short = [" ".join(said) for said in map(words, asks) if 2 <= len(said) <= 3]
        self._vocabulary = sorted({*vocabulary, *short})
        self._sounds = [sound_of(w) for w in self._vocabulary]
        self._is_unknown, self._is_english, self._names = is_unknown, is_english, names

    def _candidates(self, tokens: list[str]) -> list[tuple[float, int, int, str]]:
        found = []
        for at in range(len(tokens)):
            for n in range(1, min(_MAX_SPAN, len(tokens) - at) + 1):
                run = tokens[at:at + n]
                if any(t in self._names for t in run) or not any(map(self._is_unknown, run)) \
                        or not (is_content_word(run[0]) and is_content_word(run[-1])):
                    continue
                english = all(map(self._is_english, run))
                heard = "" if english and n < 2 else sound_of(" ".join(run))
                if len(heard) < _SHORTEST:
                    continue
                match = process.extractOne(heard, self._sounds, scorer=fuzz.ratio,
                                           score_cutoff=_ENGLISH_ALIKE if english else _ALIKE)
                if match is not None:
                    found.append((match[1], n, at, self._vocabulary[match[2]]))
        return found

    def reading(self, tokens: list[str]) -> tuple[list[str], list[Replaced]]:
        """tokens with each run that sounds like one of the content's words replaced by it, the
        most alike first; and what was replaced."""
        meant: list[str | None] = [None] * len(tokens)
        replaced = []
        for _, n, at, word in sorted(self._candidates(tokens), key=lambda c: (-c[0], c[1], c[2])):
            if all(m is None for m in meant[at:at + n]):
                meant[at:at + n] = [word, *[""] * (n - 1)]
                replaced.append(Replaced(" ".join(tokens[at:at + n]), word))
        out = [w for token, m in zip(tokens, meant) for w in ([token] if m is None else m.split())]
        return out, replaced
