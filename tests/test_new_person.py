"""A kiosk's next person: after its idle timeout the question recogniser hears the next
voice afresh, instead of through what it learnt of the last one (see new_speaker). The live
loop also lets the dialogue hear an unsure question again (test_hear_again.py)."""

from __future__ import annotations

import dataclasses
import os

import numpy as np
import pytest

from harness.recorded_audio import DrainedPlayback, RecordedMicrophone, Spy, Unsure
from harness.spoken_audio import one_voice_then_another, spoken
from voiceinfo.audio.segmenter import SAMPLE_RATE
from voiceinfo.config import Config, KioskSettings
from voiceinfo.events import TurnTiming
from voiceinfo.hearing.recogniser import transcribe_speech
from voiceinfo.hearing.sphinx.recogniser import SphinxRecogniser
from voiceinfo.loop.assembly import build
from voiceinfo.loop.captions import Captions
from voiceinfo.loop.live import LiveLoop
from voiceinfo.understanding.content import Monograph

pytestmark = pytest.mark.slow  # real speech models, synthesis or builds


def test_after_new_speaker_the_next_question_is_heard_as_by_a_new_recogniser(monograph: Monograph) -> None:
    last_person, [next_person] = one_voice_then_another("can I take it with other medicines")
    kiosk = SphinxRecogniser(monograph)
    for question in last_person:
        transcribe_speech(kiosk, question)
    kiosk.new_speaker()
    # The text: the mean it works out differs from a new recogniser's in the last decimals,
    # which can reorder the far end of the n-best.
    heard_afresh = transcribe_speech(SphinxRecogniser(monograph), next_person)
    assert transcribe_speech(kiosk, next_person).text == heard_afresh.text


def test_the_live_loop_tells_its_recogniser_once_a_kiosk_has_started_over() -> None:
    """One question, a silence longer than the idle timeout, another question (the loop runs
    faster than real time on recorded audio, see harness/recorded_audio.py)."""
    parts = build(Config(), kiosk=True)
    turns: list[TurnTiming] = []
    spy = Spy(parts.listeners.questions, turns)
    microphone = RecordedMicrophone([spoken(parts.synthesiser, "does it make you sleepy"),
                                     np.zeros(3 * SAMPLE_RATE),
                                     spoken(parts.synthesiser, "can I drink alcohol with it")])
    session = Unsure(parts.dialogue, KioskSettings(idle_timeout=4.0), reprompt_after=2.0)

    def answered(turn: TurnTiming) -> None:
        turns.append(turn)
        if len(turns) == 2:
            loop.stop()

    loop = LiveLoop(session, dataclasses.replace(parts.listeners, questions=spy), parts.synthesiser, microphone,
                    None, dataclasses.replace(parts.settings, reprompt_after=2.0), Captions(out=open(os.devnull, "w")),
                    on_turn=answered, player=DrainedPlayback)
    assert loop.run() == 0
    assert spy.new_speaker_after == [1]
    assert len(turns) == 2
    assert spy.heard_again == 2  # each from the recogniser that heard it
    assert len(session.second_hearings) == 2
