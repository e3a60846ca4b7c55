"""Turning what people say (or what a recogniser heard) into comparable word lists.

Shared by the answering engine and the recognisers' language models, so that both see the
same words: lower case, no punctuation, number words as digits (spoken() turns them back).
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

_STEMMER = snowballstemmer.stemmer("english")

# Sounds and words that carry nothing: recognisers and hesitant speakers produce them.
FILLERS = frozenset("um umm uh uhh erm er ah hmm mm oh".split())

# Function words: they never decide a topic on their own, and an unknown word that
# is not one of these is a sign the question is about something else.
STOPWORDS = frozenset("""
a an the and or but if so then than that this these those there here it its is are was were be
been being am do does did doing done have has had having i me my mine im ive id you your youre
we our us he him his she her they them their what whats which who whom whose when where why how
can could would should will shall may might must to of in on at by for with about from into
over under up down out off as not no yes any some all just like really very too also now still
please tell know want wondering ok okay well hey get got go going gonna let lets
""".split())

# Words for people: whom a question is about, not what.
PEOPLE = frozenset("""
he she i mum mom dad mother father husband wife partner gran granny grandma grandad grandpa grandmother
grandfather nan aunt uncle brother sister friend patient son daughter child children kid kids baby someone
person people
""".split())

_NUMBERS = {
    "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
    "seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12",
    "fifteen": "15", "twenty": "20", "thirty": "30", "forty": "40", "fifty": "50",
    "sixty": "60", "seventy": "70", "eighty": "80", "ninety": "90", "hundred": "100",
}
_DIGITS = {digits: word for word, digits in _NUMBERS.items()}
_ABBREVIATIONS = {"mg": "milligrams", "mgs": "milligrams", "ms": "multiple sclerosis"}
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def words(text: str) -> list[str]:
    """Lower-case words without punctuation or fillers; "can't" becomes "cant"."""
    text = text.lower().replace("\u2019", "'").replace("'", "")
    out: list[str] = []
    for word in _NOT_WORD.split(text):
        if not word or word in FILLERS:
            continue
        word = _NUMBERS.get(word, word)
        out.extend(_ABBREVIATIONS.get(word, word).split())
    return out


@lru_cache(maxsize=65536)  # the snowball stemmer is pure Python; a vocabulary repeats its words
def stem(word: str) -> str:
    """One form for "drowsy"/"drowsiness", "seizure"/"seizures"."""
    return _STEMMER.stemWord(word)


def is_content_word(word: str) -> bool:
    return word not in STOPWORDS and not word.isdigit()


def spoken(word: str) -> str:
    """A digit string as it is said ("80" -> "eighty"), for recognisers' vocabularies."""
    return _DIGITS.get(word, word)
