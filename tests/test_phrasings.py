"""Phrasings generated from the content: template expansion and coverage."""

from __future__ import annotations

from dataclasses import replace

import pytest

from voiceinfo.conversation.dialogue import Dialogue
from voiceinfo.understanding.answering import Answerer
from voiceinfo.understanding.content import Monograph
from voiceinfo.understanding.lexicon import default_lexicon
from voiceinfo.understanding.phrasings import (
    off_topic_phrasings,
    other_medicine_phrasings,
    phrasings,
    question_phrasings,
    spoken_phrasings,
    urgent_phrasings,
)
from voiceinfo.understanding.prompts import BUILT_IN_ENGINE
from voiceinfo.understanding.speech_text import for_the_ear, sentences
from voiceinfo.understanding.templates import Pattern, expand
from voiceinfo.understanding.wording import spoken, words


@pytest.mark.parametrize("template, sentences", [
    ("what is it", ["what is it"]),
    ("(can|will) it help", ["can it help", "will it help"]),
    ("is it [really] safe", ["is it really safe", "is it safe"]),
    ("(a|b [c]) d [e|f]", ["a d e", "a d f", "a d", "b c d e", "b c d f", "b c d", "b d e", "b d f", "b d"]),
])
def test_templates_expand_to_every_sentence(template: str, sentences: list[str]) -> None:
    assert expand(template) == sentences


@pytest.mark.parametrize("template", ["(a|b [c]) d [e|f]", "[my] [little] (son|daughter) [has] (collapsed|fainted)",
                                      "(took|had) [about|over] (ten|10|a dozen) [of] [(my|his) [evening]] tablets"])
def test_a_template_matched_as_it_is_finds_what_its_expansion_does(template: str) -> None:
    pattern = Pattern(template, words)
    for sentence in expand(template):
        said = ["well", *words(sentence), "today"]
        assert len(words(sentence)) + 1 in pattern.ends(said, 1) and pattern.ends(said, 0) == [], sentence


def test_a_template_matches_only_its_own_sentences() -> None:
    pattern = Pattern("(took|had) [about|over] (ten|10) [of] [my|his] tablets", words)
    assert pattern.ends(words("i took ten of my tablets today"), 1) == [6]
    assert pattern.ends(words("i took about twelve tablets"), 1) == []
    assert pattern.ends(words("i took my ten tablets"), 1) == []
    assert pattern.ends(words("had 10 tablets"), 0) == [3] and pattern.ends(words("had"), 0) == []
    assert Pattern("[my] (son|daughter) [has]", words).ends(words("my son has"), 0) == [2, 3]


def test_unbalanced_template_is_an_error() -> None:
    with pytest.raises(ValueError, match="unbalanced"):
        expand("(a|b")


def test_every_part_is_asked_about_in_its_own_words(monograph: Monograph) -> None:
    generated = question_phrasings(monograph)
    for section in monograph.sections:
        for item in (None, *section.items):
            target = f"{section.id}/{item.id}" if item else section.id
            for ask in (item or section).asks:
                said = " ".join(spoken(w) for w in words(ask))
                assert generated.get(said) == target, f"{ask!r} of {target} is claimed by another part"


def test_questions_are_put_the_way_people_ask(monograph: Monograph) -> None:
    generated = question_phrasings(monograph)
    assert generated["does it make you sleepy"] == "side-effects/drowsiness"
    assert generated["can i drive while taking baclofen"] == "side-effects/reaction-time"
    assert generated["what are the side effects of baclofen"] == "side-effects"


def test_other_medicines_and_commands_are_in_what_recognisers_expect(monograph: Monograph) -> None:
    names = default_lexicon().other_medicines
    others = other_medicine_phrasings(monograph, names)
    assert "what are the side effects of tizanidine" in others
    everything = set(phrasings(monograph, names))
    assert {"next", "say that again", "read all the side effects", "stop"} <= everything
    assert set(others) <= everything
    assert not any("baclofen" in phrase for phrase in others)


def test_emergencies_are_expected_in_the_contents_own_urgent_words(monograph: Monograph) -> None:
    everything = set(phrasings(monograph))
    assert {"i cant breathe", "my husband is having a seizure", "i think i took too much"} <= everything
    other = urgent_phrasings(replace(monograph, urgent_cues=("turning blue",)))
    assert "my wife is turning blue" in other
    assert not any("breathe" in phrase for phrase in other)


@pytest.mark.parametrize("phrase", ["what time is it", "whats the weather like today", "tell me a joke",
                                    "is baclofen addictive", "does baclofen cause weight gain"])
def test_requests_the_content_does_not_answer_are_expected_and_declined(
        monograph: Monograph, answerer: Answerer, phrase: str) -> None:
    assert phrase in off_topic_phrasings(monograph)
    assert phrase in phrasings(monograph)
    assert answerer.answer(phrase).out_of_scope


def test_the_barge_in_listener_knows_every_sentence_the_conversation_says(monograph: Monograph,
                                                                        answerer: Answerer) -> None:
    # A greeting it did not know came back through the microphone as "stop it" and cut it off.
    dialogue = Dialogue(answerer)
    replies = [dialogue.greeting(BUILT_IN_ENGINE), dialogue.help(), dialogue.hear("where am i"),
               *(dialogue.no_input() for _ in range(3)), dialogue.hear("what is the weather"),
               dialogue.hear("what is the weather"), dialogue.hear("what are the side effects"),
               dialogue.hear("how many"), dialogue.hear("go to the next one"), dialogue.hear("where am i"),
               dialogue.hear("start over"), dialogue.hear("can i drive")]
    known = set(spoken_phrasings(monograph))
    said = [" ".join(spoken(w) for w in words(s)) for reply in replies if reply is not None
            for part in reply.parts for s in sentences(for_the_ear(part))]
    assert len(said) > 20
    assert [s for s in said if s not in known] == []
