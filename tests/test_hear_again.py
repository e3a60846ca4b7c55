"""The built-in engine hears an utterance again as a new recogniser would (for when the
dialogue is unsure of it), without changing how it hears the next ones; and goes on with an
utterance it finished early, in a pause (the live loop does that while it waits to be sure)."""

from __future__ import annotations

import numpy as np
import pytest

from harness.spoken_audio import one_voice_then_another, said_in_a_new_process, spoken
from voiceinfo.audio.segmenter import speech_in
from voiceinfo.hearing.recogniser import transcribe, transcribe_speech
from voiceinfo.hearing.sphinx.recogniser import SphinxRecogniser
from voiceinfo.speaking.synthesiser import Synthesiser
from voiceinfo.speaking.voice import Voice
from voiceinfo.understanding.content import Monograph

pytestmark = pytest.mark.slow  # real speech models, synthesis or builds


def test_heard_again_an_utterance_is_heard_as_by_a_new_recogniser(monograph: Monograph) -> None:
    earlier, (question, following) = one_voice_then_another("is it safe in pregnancy",
                                                            "does it make you sleepy")
    recogniser, control = SphinxRecogniser(monograph), SphinxRecogniser(monograph)
    for recording in [*earlier, question]:
        streamed = transcribe_speech(recogniser, recording)
        assert transcribe_speech(control, recording) == streamed
    again = recogniser.hear_again()
    afresh = transcribe_speech(SphinxRecogniser(monograph), question)
    # The text: the mean it works out differs from a new recogniser's in the last decimals,
    # which can reorder the far end of the n-best.
    assert again is not None and again.text == afresh.text != streamed.text
    assert transcribe_speech(recogniser, following) == transcribe_speech(control, following)


def test_a_first_utterance_is_not_heard_again(monograph: Monograph) -> None:
    """It was heard so already (SphinxRecogniser.finish)."""
    recogniser = SphinxRecogniser(monograph)
    transcribe_speech(recogniser, spoken(Synthesiser(Voice("gmw/en-us", 140)), "what are the side effects"))
    assert recogniser.hear_again() is None


@pytest.mark.parametrize("voice", ["gmw/en-us", "gmw/en-us+f3"])
def test_an_utterance_finished_early_goes_on_when_resumed(monograph: Monograph, voice: str) -> None:
    """In the higher voice, after one in the US voice, finishing it early changed the frequency
    warp (normalisation.voice_warp): resuming it goes back to the warp it started with."""
    before, first, rest = (speech_in(recording).astype(np.int16) for recording in said_in_a_new_process(
        ("gmw/en-us", "how should I take it"), (voice, "what are the side effects"),
        (voice, "can I drink alcohol with it")))
    recogniser, control = SphinxRecogniser(monograph), SphinxRecogniser(monograph)
    for heard in (recogniser, control):  # so that the running mean has moved: resume must put it back
        transcribe(heard, before)
    whole = transcribe(control, np.concatenate([first, rest]))
    early = transcribe(recogniser, first)
    recogniser.resume()
    pcm = rest.tobytes()
    for offset in range(0, len(pcm), 2048):
        recogniser.accept(pcm[offset:offset + 2048])
    assert early.text != whole.text and recogniser.finish() == whole
