"""A kiosk's next person: after its idle timeout the question recogniser hears the next
voice afresh, instead of through what it learnt of the last one (see new_speaker). The live
loop also lets the dialogue hear an unsure question again (test_hear_again.py)."""

from __future__ import annotations

import dataclasses
import os

import numpy as np
import pytest
from recorded_audio import DrainedPlayback, RecordedMicrophone, Spy
from spoken_audio import one_voice_then_another, spoken

from voiceinfo.audio.segmenter import SAMPLE_RATE
from voiceinfo.config import Config, KioskSettings
from voiceinfo.conversation.dialogue import Reply
from voiceinfo.conversation.kiosk_session import KioskSession
from voiceinfo.hearing.recogniser import transcribe_speech
from voiceinfo.hearing.sphinx.recogniser import SphinxRecogniser
from voiceinfo.loop.assembly import build
from voiceinfo.loop.captions import Captions
from voiceinfo.loop.live import LiveLoop, TurnTiming
from voiceinfo.understanding.content import Monograph
from voiceinfo.understanding.sureness import HearAgain

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


class Enough(BaseException):
    pass


class NotingSession(KioskSession):
    """A real kiosk session, noting what the loop gives it to hear each question again with."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.second_hearings: list[HearAgain | None] = []

    def hear(self, text: str, confidence: float = 1.0, since_speaking: float = float("inf"),
             alternatives: tuple[str, ...] = (), hear_again: HearAgain | None = None) -> Reply | None:
        self.second_hearings.append(hear_again)
        return super().hear(text, confidence, since_speaking, alternatives, hear_again)


def test_the_live_loop_tells_its_recogniser_once_a_kiosk_has_started_over() -> None:
    """One question, a silence longer than the idle timeout, another question (the loop runs
    faster than real time on recorded audio, see recorded_audio.py)."""
    parts = build(Config())
    turns: list[TurnTiming] = []
    spy = Spy(parts.listeners.questions, turns)
    microphone = RecordedMicrophone([spoken(parts.synthesiser, "does it make you sleepy"),
                                     np.zeros(3 * SAMPLE_RATE),
                                     spoken(parts.synthesiser, "can I drink alcohol with it")])
    session = NotingSession(parts.dialogue, KioskSettings(idle_timeout=4.0), reprompt_after=2.0)

    def answered(turn: TurnTiming) -> None:
        turns.append(turn)
        if len(turns) == 2:
            raise Enough

    loop = LiveLoop(session, dataclasses.replace(parts.listeners, questions=spy), parts.synthesiser, microphone,
                    None, dataclasses.replace(parts.settings, reprompt_after=2.0), Captions(out=open(os.devnull, "w")),
                    on_turn=answered, player=DrainedPlayback)
    try:
        loop.run()
    except Enough:
        pass
    assert spy.new_speaker_after == [1]
    assert len(turns) == 2
    for second_hearing in session.second_hearings:  # each reaches the recogniser that heard it
        assert second_hearing is not None
        second_hearing()
    assert spy.heard_again == 2
