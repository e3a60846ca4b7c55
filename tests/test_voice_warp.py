"""The built-in engine hears a higher voice with the model's frequency scale compressed
(vocal tract length normalisation), chosen by the voice's pitch; a lower voice as it is."""

from __future__ import annotations

import numpy as np
import pytest

from harness.spoken_audio import one_voice_then_another, spoken
from voiceinfo.audio.pitch import median_pitch
from voiceinfo.audio.segmenter import SAMPLE_RATE
from voiceinfo.hearing.recogniser import transcribe_speech
from voiceinfo.hearing.sphinx import normalisation
from voiceinfo.hearing.sphinx.normalisation import voice_warp
from voiceinfo.hearing.sphinx.recogniser import SphinxRecogniser
from voiceinfo.speaking.synthesiser import Synthesiser
from voiceinfo.speaking.voice import Voice
from voiceinfo.understanding.content import Monograph

pytestmark = pytest.mark.slow  # real speech models, synthesis or builds

HIGHER_VOICE = "gmw/en-us+f3"


@pytest.mark.parametrize(("voice", "lowest", "highest"),
                         [("gmw/en-us", 80, 120), ("gmw/en-GB-x-rp", 80, 120), (HIGHER_VOICE, 170, 240)])
def test_pitch_tells_lower_voices_from_a_higher_one(voice: str, lowest: float, highest: float) -> None:
    for noisy in (False, True):
        pitch = median_pitch(spoken(Synthesiser(Voice(voice, 140)), "what are the side effects", noisy), SAMPLE_RATE)
        assert pitch is not None and lowest < pitch < highest


def test_silence_noise_and_a_click_have_no_pitch() -> None:
    noise = np.random.default_rng(0).normal(0, 3000, SAMPLE_RATE)
    assert median_pitch(np.zeros(SAMPLE_RATE, np.int16), SAMPLE_RATE) is None
    assert median_pitch(noise, SAMPLE_RATE) is None
    assert median_pitch(np.ones(100), SAMPLE_RATE) is None


def test_a_voice_between_keeps_the_warp_of_the_one_before() -> None:
    lower = voice_warp(100.0, "")
    higher = voice_warp(200.0, lower)
    assert higher != lower and voice_warp(100.0, higher) == lower
    for between in (140.0, 160.0, None):
        assert voice_warp(between, higher) == higher and voice_warp(between, lower) == lower


def test_only_a_higher_voice_is_heard_warped(monograph: Monograph, monkeypatch: pytest.MonkeyPatch) -> None:
    lower, [higher] = one_voice_then_another("can I take it with other medicines", then=HIGHER_VOICE)
    warped = [transcribe_speech(SphinxRecogniser(monograph), speech) for speech in (lower[0], higher)]
    monkeypatch.setattr(normalisation, "HIGHER_VOICE_WARP", normalisation.NO_WARP)
    never_warped = [transcribe_speech(SphinxRecogniser(monograph), speech) for speech in (lower[0], higher)]
    assert warped[0] == never_warped[0] and warped[1].text != never_warped[1].text


def test_a_higher_voice_after_lower_ones_is_heard_as_by_a_new_recogniser(monograph: Monograph) -> None:
    """It is heard as a first utterance, under the warp, from the model's mean: the running mean
    was learnt under another warp."""
    earlier, [question] = one_voice_then_another("what should I do if I forget to take a dose", then=HIGHER_VOICE)
    recogniser = SphinxRecogniser(monograph)
    for recording in earlier:
        transcribe_speech(recogniser, recording)
    # The text: the mean it works out differs from a new recogniser's in the last decimals,
    # which can reorder the far end of the n-best.
    assert transcribe_speech(recogniser, question).text == transcribe_speech(SphinxRecogniser(monograph), question).text
    assert recogniser.hear_again() is None  # heard so already

