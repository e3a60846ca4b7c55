"""The built-in engine's dictionary has each word's British pronunciation too, so a British
speaker's "dose" is not heard as "news"."""

from __future__ import annotations

import pytest

from harness.spoken_audio import said_in_a_new_process
from voiceinfo.hearing.recogniser import transcribe_speech
from voiceinfo.hearing.sphinx.accents import british, with_british
from voiceinfo.hearing.sphinx.recogniser import SphinxRecogniser
from voiceinfo.understanding.content import Monograph

pytestmark = pytest.mark.slow  # real speech models, synthesis or builds


def test_the_goat_vowel_is_said_the_british_way_and_other_phones_are_kept() -> None:
    assert british("D OW S") == "D AH UH S"
    assert british("OW V ER D OW S") == "AH UH V ER D AH UH S"
    assert british("S T AA P") == "S T AA P"


def test_a_british_pronunciation_is_added_only_where_it_differs() -> None:
    assert with_british(("D OW S",)) == ("D OW S", "D AH UH S")
    assert with_british(("S T AA P",)) == ("S T AA P",)
    assert with_british(("S OW", "S AH UH")) == ("S OW", "S AH UH")


# Without the British pronunciations, the British voice's questions were heard
# "what is the news" and "what if i do with it" (checked; "overdose" then, before it left the
# content's phrasings).
@pytest.mark.parametrize("voice", ["gmw/en-GB-x-rp", "gmw/en-us"])
def test_a_british_and_an_american_dose_are_both_heard(monograph: Monograph, voice: str) -> None:
    questions = ("what is the dose", "what if i overdosed")
    for question, said in zip(questions, said_in_a_new_process(*((voice, q) for q in questions))):
        assert transcribe_speech(SphinxRecogniser(monograph), said).text == question
