"""The live loop finishes decoding in the pause after speech, while it waits to be sure that
the speaker has finished, and hears the question again then if the dialogue will want that;
when speech goes on after the pause, the recogniser hears on (Recogniser.resume)."""

from __future__ import annotations

import dataclasses
import os

import numpy as np
import pytest

from harness.recorded_audio import DrainedPlayback, RecordedMicrophone, Spy, Unsure
from harness.spoken_audio import spoken
from voiceinfo.audio.segmenter import FRAME_SAMPLES, SAMPLE_RATE
from voiceinfo.config import Config
from voiceinfo.events import TurnTiming
from voiceinfo.loop.assembly import build
from voiceinfo.loop.captions import Captions
from voiceinfo.loop.live import LiveLoop

pytestmark = pytest.mark.slow  # real speech models, synthesis or builds


class Enough(BaseException):
    pass


class Twice(RecordedMicrophone):
    """Plays its recording twice at most: a turn that has not come by then will not."""

    def __init__(self, question: np.ndarray) -> None:
        super().__init__([question])
        self._left = 2 * (len(question) + 3 * SAMPLE_RATE) // FRAME_SAMPLES

    def read(self, timeout: float = 1.0) -> bytes:
        self._left -= 1
        if self._left < 0:
            raise Enough
        return super().read(timeout)


def test_a_question_with_a_pause_in_it_is_decoded_and_heard_again_before_its_end_is_sure() -> None:
    parts = build(Config(), kiosk=True)
    turns: list[TurnTiming] = []
    spy = Spy(parts.listeners.questions, turns)
    pause = np.zeros(round(0.8 * SAMPLE_RATE))  # longer than the feed's tail, shorter than the end-of-speech silence
    question = np.concatenate([spoken(parts.synthesiser, "what are the side effects"), pause,
                               spoken(parts.synthesiser, "can I drink alcohol with it")])

    def answered(turn: TurnTiming) -> None:
        turns.append(turn)
        loop.stop()

    loop = LiveLoop(Unsure(parts.dialogue, Config().kiosk, parts.settings.reprompt_after),
                    dataclasses.replace(parts.listeners, questions=spy), parts.synthesiser,
                    Twice(question), None, parts.settings, Captions(out=open(os.devnull, "w")),
                    on_turn=answered, player=DrainedPlayback)
    try:
        loop.run(greet=False)
    except Enough:
        pass
    assert turns, "no turn was answered"
    assert "side effects" in turns[0].heard and "alcohol" in turns[0].heard  # heard on after the pause
    assert turns[0].recognition == 0.0  # finished in the silence before the end was sure, not after it
    assert spy.heard_again == 2  # ahead, in the pause within it and in the silence after it


def test_an_utterance_cut_off_unfinished_does_not_stop_the_next_from_starting(monograph) -> None:
    """Speech that ran past the end of a reply left the barge-in recogniser mid-utterance,
    and its next start() raised "Failed to start utterance processing", ending the loop."""
    from voiceinfo.hearing.sphinx.recogniser import SphinxRecogniser

    parts = build(Config())
    recogniser = SphinxRecogniser(monograph, purpose="barge-in")
    stop = spoken(parts.synthesiser, "stop").tobytes()
    recogniser.start()
    recogniser.accept(stop[:len(stop) // 2])  # cut off: never finished
    recogniser.start()
    recogniser.accept(stop)
    assert recogniser.finish().text == "stop"
