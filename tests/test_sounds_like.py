"""Words that sound like the content's (sounds_like.py, espeak-ng's phonemes from piper-tts)."""

from __future__ import annotations

import pytest

from voiceinfo.understanding.answering import Answerer
from voiceinfo.understanding.sounds_like import sound_of
from voiceinfo.understanding.wording import words


def test_a_word_spelled_as_heard_sounds_like_the_word() -> None:
    assert sound_of("kid knees") == sound_of("kidneys")
    assert sound_of("fa teeg") != sound_of("fatigue")  # alike, not the same: the reading allows for that
    assert sound_of("sight effects") != sound_of("side effects")


@pytest.mark.parametrize("question, target", [
    ("does it cause fa teeg", "side-effects/fatigue"),
    ("what are the sight effects", "side-effects"),
    ("can it cause con stip pay shun", "side-effects/constipation"),
    ("can it cause hay dakes", "side-effects/headache"),
])
def test_what_sounds_like_the_content_is_answered(answerer: Answerer, question: str, target: str) -> None:
    """Read as it sounds; not by its spelling (meaning may find some of these too)."""
    assert Answerer(answerer.monograph, answerer.lexicon, meaning=False)._answer(question).target != target
    assert answerer._as_it_sounds(question).target == target
    assert answerer.answer(question).target == target


@pytest.mark.parametrize("question", ["is it going to rain tomorrow", "what day is it today",
                                      "does baclofen cause dry mouth", "how many calories are in an apple",
                                      "how much does baclofen cost", "what is tizanidine used for"])
def test_one_english_word_alike_in_sound_is_not_taken_for_another(answerer: Answerer, question: str) -> None:
    """"rain" sounds like "brain", "today" like "a day", "dry" like "drive", "apple" like "pill";
    "baclofen cost" like "backlofen": each stays what was said, and is declined."""
    assert answerer.answer(question).out_of_scope


def test_the_reading_says_what_it_replaced(answerer: Answerer) -> None:
    reading, replaced = answerer._sounds_like.reading(words("what are the sight effects of fa teeg"))
    assert reading == ["what", "are", "the", "side", "effects", "of", "fatigue"]
    assert {(r.heard, r.meant) for r in replaced} == {("sight effects", "side effects"), ("fa teeg", "fatigue")}
