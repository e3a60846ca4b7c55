"""Round trip for real: espeak-ng speech in several voices and rates, clean and noisy,
recognised by the embedded engine and answered. bench/round_trip.py measures the whole
question set; this keeps a fixed sample honest in CI."""

from __future__ import annotations

import random

import pytest

from question_set import read_cases
from spoken_audio import spoken
from voiceinfo.answering import Answerer
from voiceinfo.content import Monograph
from voiceinfo.phrasings import question_phrasings
from voiceinfo.recogniser import transcribe
from voiceinfo.sphinx_recogniser import SphinxRecogniser
from voiceinfo.synthesiser import Synthesiser
from voiceinfo.voice import Voice

VOICES = ("gmw/en-us", "gmw/en-us+f3", "gmw/en-GB-x-rp")
RATES = (140, 180)


@pytest.fixture(scope="module")
def recogniser(monograph: Monograph) -> SphinxRecogniser:
    return SphinxRecogniser(monograph)


@pytest.fixture(scope="module")
def synthesiser() -> Synthesiser:
    return Synthesiser()


def accuracy(recogniser: SphinxRecogniser, synthesiser: Synthesiser, answerer: Answerer,
             questions: list[tuple[str, str | None]], noisy: bool) -> float:
    right = sum(answerer.answer(transcribe(recogniser, spoken(synthesiser, q, noisy, i)).text).target == want
                for i, (q, want) in enumerate(questions))
    return right / len(questions)


@pytest.mark.parametrize("voice", VOICES)
@pytest.mark.parametrize("rate", RATES)
@pytest.mark.parametrize("noisy", [False, True], ids=["clean", "noisy"])
def test_generated_phrasings_are_understood(recogniser: SphinxRecogniser, synthesiser: Synthesiser,
                                            answerer: Answerer, monograph: Monograph,
                                            voice: str, rate: int, noisy: bool) -> None:
    generated = question_phrasings(monograph)
    sample = random.Random(3).sample(sorted(generated), 20)
    synthesiser.set_voice(Voice(voice, rate))
    score = accuracy(recogniser, synthesiser, answerer, [(q, answerer.answer(q).target) for q in sample], noisy)
    print(f"\n{voice} {rate} {'noisy' if noisy else 'clean'}: in-set {score:.0%}")
    # A floor against regressions. On this sample of 20, runs measured 55% to 100%: the noisy
    # en-us+f3 voice lowest, and varying with the random noise floor added to the audio.
    # bench/round_trip.py, on 80 phrasings, gives that voice 67% to 74%.
    assert score >= 0.5


def test_the_question_set_spoken_in_one_voice(recogniser: SphinxRecogniser, synthesiser: Synthesiser,
                                              answerer: Answerer) -> None:
    synthesiser.set_voice(Voice("gmw/en-us", 160))
    score = accuracy(recogniser, synthesiser, answerer,
                     [(c.question, c.expected) for c in read_cases()], noisy=False)
    print(f"\nquestion set spoken, en-us 160: {score:.1%}")
    assert score >= 0.8
