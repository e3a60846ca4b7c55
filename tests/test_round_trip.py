"""Round trip for real: espeak-ng speech in several voices and rates, clean and noisy,
recognised by the embedded engine and answered. bench/round_trip.py measures the whole
question set; this keeps a fixed sample honest in CI."""

from __future__ import annotations

import random

import numpy as np
import pytest

from harness.question_set import HELD_OUT, read_cases
from harness.spoken_audio import said_in_a_new_process, spoken
from voiceinfo.hearing.recogniser import transcribe, transcribe_speech
from voiceinfo.hearing.sphinx.recogniser import SphinxRecogniser
from voiceinfo.speaking.synthesiser import Synthesiser
from voiceinfo.speaking.voice import Voice
from voiceinfo.understanding.answering import Answerer
from voiceinfo.understanding.content import Monograph
from voiceinfo.understanding.phrasings import question_phrasings

pytestmark = pytest.mark.slow  # real speech models, synthesis or builds

VOICES = ("gmw/en-us", "gmw/en-us+f3", "gmw/en-GB-x-rp")


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


# Every voice at 140, the default voice at 180 too (the suite's time: each condition takes
# 8 to 10 s); bench/round_trip.py says every voice at every rate.
CONDITIONS = [(voice, 140) for voice in VOICES] + [(VOICES[0], 180)]


@pytest.mark.parametrize("voice, rate", CONDITIONS)
@pytest.mark.parametrize("noisy", [False, True], ids=["clean", "noisy"])
def test_generated_phrasings_are_understood(recogniser: SphinxRecogniser, synthesiser: Synthesiser,
                                            answerer: Answerer, monograph: Monograph,
                                            voice: str, rate: int, noisy: bool) -> None:
    generated = question_phrasings(monograph)
    sample = random.Random(3).sample(sorted(generated), 12)  # 20 took 130 s of the suite
    synthesiser.set_voice(Voice(voice, rate))
    score = accuracy(recogniser, synthesiser, answerer, [(q, answerer.answer(q).target) for q in sample], noisy)
    print(f"\n{voice} {rate} {'noisy' if noisy else 'clean'}: in-set {score:.0%}")
    # A floor against regressions. On a sample of 20, runs measured 55% to 100%: the noisy
    # en-us+f3 voice lowest, and varying with the random noise floor added to the audio.
    # bench/round_trip.py, on 80 phrasings, gives that voice 67% to 74%.
    assert score >= 0.5


def test_the_question_set_spoken_in_one_voice(recogniser: SphinxRecogniser, synthesiser: Synthesiser,
                                              answerer: Answerer) -> None:
    synthesiser.set_voice(Voice("gmw/en-us", 160))
    # Every third question, for the suite's time (86 s for all); bench/round_trip.py says them all.
    score = accuracy(recogniser, synthesiser, answerer,
                     [(c.question, c.expected) for c in read_cases()[::3]], noisy=False)
    print(f"\nquestion set spoken, en-us 160: {score:.1%}")
    assert score >= 0.8


def test_a_new_recogniser_hears_its_first_question_well(monograph: Monograph, synthesiser: Synthesiser,
                                                        answerer: Answerer) -> None:
    """`ask --audio` gives a new recogniser one recording. Streamed from pocketsphinx's default
    cepstral mean, every 9th of these questions was answered right 23 times in 34 (of all
    301, 66%); heard again, normalised by its own mean, 30 (83%); by its own mean blended
    with the default, 32 (86%)."""
    cases = (read_cases() + read_cases(HELD_OUT))[::9]
    # Said by a new process: how many recordings this worker made before must not tip a question.
    recordings = said_in_a_new_process(*(("gmw/en-us", case.question) for case in cases))
    right = sum(answerer.answer(transcribe_speech(SphinxRecogniser(monograph), recording).text).target
                == case.expected for recording, case in zip(recordings, cases))
    print(f"\nfirst questions heard by new recognisers, en-us 140: {right} of {len(cases)}")
    assert right >= 31


def test_noise_before_the_first_question_does_not_take_its_place(monograph: Monograph,
                                                                 synthesiser: Synthesiser) -> None:
    """Noise heard as no words leaves the first utterance with speech still to come, so the
    question after it is heard afresh, by its own mean, as a new recogniser hears it. (Not
    compared word for word: the mean worked out after the noise differs from a new
    recogniser's in its last decimals, and a CI run heard "could it" for "forget a".)"""
    synthesiser.set_voice(Voice("gmw/en-us+f3", 140))
    question = spoken(synthesiser, "what should I do if I forget to take a dose")
    recogniser = SphinxRecogniser(monograph)
    assert transcribe(recogniser, np.random.default_rng(1).normal(0, 200, 32000)).text == ""
    assert transcribe_speech(recogniser, question).text
    assert recogniser.hear_again() is None  # heard afresh already: nothing else to hear it by
