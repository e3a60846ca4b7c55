"""Barge-in in the live loop with recorded audio and a speaker replaced by memory: what the stop
listener hears while a reply plays. The real-device tests (test_live.py) cover the same on the
virtual sound server, in real time; these run faster and show the logic alone."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterable

import pytest

from harness.recorded_audio import DrainedPlayback, RecordedMicrophone
from harness.spoken_audio import spoken
from voiceinfo.audio.playback import Piece
from voiceinfo.config import Config
from voiceinfo.events import TurnTiming
from voiceinfo.loop.assembly import build
from voiceinfo.loop.captions import Captions
from voiceinfo.loop.live import LiveLoop

pytestmark = pytest.mark.slow  # real speech models and synthesis


class Speaking(DrainedPlayback):
    """A reply that goes on playing until it is stopped (or 20 s pass), saying `saying` all along."""

    saying = ""
    stopped: list[bool] = []

    def __init__(self, pieces: Iterable[Piece], rate: int, device: object) -> None:
        super().__init__(pieces, rate, device)
        self.done.clear()
        self.lately_said = self.now_saying = Speaking.saying
        self._timer = threading.Timer(20.0, self.done.set)
        self._timer.daemon = True
        self._timer.start()

    def stop(self) -> None:
        Speaking.stopped.append(True)
        self._timer.cancel()
        self.done.set()


def stopped_by(heard_while_speaking: str, saying: str) -> tuple[bool, str]:
    """Ask a question; while the reply plays, the microphone hears heard_while_speaking."""
    parts = build(Config())
    microphone = RecordedMicrophone([spoken(parts.synthesiser, "what are the side effects"),
                                     spoken(parts.synthesiser, heard_while_speaking)])
    Speaking.saying, Speaking.stopped = saying, []
    captions = io.StringIO()

    def answered(_turn: TurnTiming) -> None:
        loop.stop()

    loop = LiveLoop(parts.dialogue, parts.listeners, parts.synthesiser, microphone, None, parts.settings,
                    Captions(out=captions), on_turn=answered, player=Speaking)
    assert loop.run(greet=False) == 0
    return bool(Speaking.stopped), captions.getvalue()


def test_stop_said_while_it_speaks_stops_it() -> None:
    stopped, captions = stopped_by("stop", saying="Baclofen can cause side effects in some people.")
    assert stopped and "Stopped by: stop" in captions, captions


def test_its_own_voice_saying_stop_does_not_stop_it() -> None:
    """Its own "Do not stop taking baclofen suddenly." comes back through the microphone while
    it says just that: heard as "stop", but its own words (compared by stem), not the listener's."""
    sentence = "Do not stop taking baclofen suddenly."
    stopped, captions = stopped_by(sentence, saying=sentence)
    assert not stopped and "Stopped by" not in captions, captions
