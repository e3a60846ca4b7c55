"""Sound devices replaced by memory, for running the live loop faster than real time: a
microphone that plays recorded questions with the silence around them, and a speaker
that takes each reply's audio as fast as it is made (so all of it is synthesised); a spy on
a real recogniser; and a real kiosk session unsure of every question."""

from __future__ import annotations

import dataclasses
import itertools
import threading
import time
from collections.abc import Callable, Iterable

import numpy as np

from voiceinfo.audio.playback import Piece
from voiceinfo.audio.recordings import with_noise_floor
from voiceinfo.audio.segmenter import FRAME_SAMPLES, SAMPLE_RATE
from voiceinfo.conversation.kiosk_session import KioskReading, KioskSession
from voiceinfo.events import Transcript, TurnTiming, Utterance
from voiceinfo.hearing.recogniser import Recogniser


class RecordedMicrophone:
    """Frames of each question in turn, with silence before and after, forever."""

    def __init__(self, questions: list[np.ndarray]) -> None:
        rng = np.random.default_rng(0)
        gap = np.zeros(round(2.0 * SAMPLE_RATE))
        turns = [with_noise_floor(np.concatenate([gap[:SAMPLE_RATE // 3], q.astype(float), gap]), rng)
                 for q in questions]
        self._frames = itertools.cycle([(n, t[i:i + FRAME_SAMPLES].astype(np.int16).tobytes())
                                        for n, t in enumerate(turns)
                                        for i in range(0, len(t) - FRAME_SAMPLES, FRAME_SAMPLES)])
        self.name = "recorded questions"
        self.asking = 0  # which question is being played

    def read(self, timeout: float = 1.0) -> bytes:
        self.asking, frame = next(self._frames)
        return frame

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass


class DrainedPlayback:
    """Takes every piece of a reply at once (so all of it is synthesised), plays nothing."""

    def __init__(self, pieces: Iterable[Piece], _rate: int, _device: object) -> None:
        self.seconds = sum(p.audio.seconds for p in pieces)
        self.done = threading.Event()
        self.done.set()
        self.first_audio_at = time.monotonic() if self.seconds else None  # nothing to play: no audio
        self.parts_heard, self.now_saying = 0, ""

    def wait(self, tick: Callable[[], None] = lambda: None) -> None:
        tick()

    def stop(self) -> None:
        pass


class Spy:
    """A real recogniser, noting how many turns had been answered whenever it is told of a new
    speaker, and how often it is asked to hear an utterance again."""

    def __init__(self, recogniser: Recogniser, turns: list[TurnTiming]) -> None:
        self._recogniser, self._turns = recogniser, turns
        self.description, self.spoken_name = recogniser.description, recogniser.spoken_name
        self.new_speaker_after: list[int] = []
        self.heard_again = 0

    def start(self) -> None:
        self._recogniser.start()

    def accept(self, pcm: bytes) -> Transcript | None:
        return self._recogniser.accept(pcm)

    def finish(self) -> Transcript:
        return self._recogniser.finish()

    def resume(self) -> None:
        self._recogniser.resume()

    def hear_again(self) -> Transcript | None:
        self.heard_again += 1
        return self._recogniser.hear_again()

    def new_speaker(self) -> None:
        self.new_speaker_after.append(len(self._turns))
        self._recogniser.new_speaker()


class Unsure(KioskSession):
    """A real kiosk session that would hear every question again, noting the second hearings."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.second_hearings: list[Transcript | None] = []

    def interpret(self, utterance: Utterance) -> KioskReading:
        reading = super().interpret(utterance)
        if reading.dialogue is None:
            return reading
        return dataclasses.replace(reading, dialogue=dataclasses.replace(reading.dialogue, hear_again=True))

    def interpret_again(self, reading: KioskReading, again: Transcript | None) -> KioskReading:
        self.second_hearings.append(again)
        return super().interpret_again(reading, again)
