"""Slow speech sped up for the built-in engine: the time-scale change itself, and the
engine's measure of how fast the words were said, on real espeak-ng speech."""

from __future__ import annotations

import numpy as np
import pytest
from spoken_audio import spoken

from voiceinfo.content import Monograph
from voiceinfo.recogniser import transcribe
from voiceinfo.speaking_rate import speed_up
from voiceinfo.sphinx_recogniser import SphinxRecogniser
from voiceinfo.synthesiser import Synthesiser
from voiceinfo.voice import Voice


def strongest_hz(samples: np.ndarray) -> float:
    spectrum = np.abs(np.fft.rfft(samples.astype(np.float64)))
    return float(np.argmax(spectrum)) * 16000 / len(samples)


@pytest.mark.parametrize("factor", [1.1, 1.27, 1.4])
def test_speeding_up_shortens_by_the_factor_and_keeps_the_pitch(factor: float) -> None:
    tone = (np.sin(2 * np.pi * 220 * np.arange(3 * 16000) / 16000) * 8000).astype(np.int16)
    faster = speed_up(tone, factor)
    assert faster.dtype == np.int16
    assert len(faster) == pytest.approx(len(tone) / factor, rel=0.02)
    assert strongest_hz(faster) == pytest.approx(220, abs=3)
    # Windows placed where they continue the last: no dips where they overlap.
    middle = np.abs(faster[1600:-1600].astype(np.int32))
    assert middle.max() == pytest.approx(8000, rel=0.05)


def test_nothing_to_speed_up_is_left_as_it_is() -> None:
    short = np.ones(100, np.int16)
    assert speed_up(short, 1.3) is short
    assert len(speed_up(np.zeros(16000, np.int16), 1.0)) == 16000


def asked_at(rate: int) -> np.ndarray:
    synthesiser = Synthesiser()
    synthesiser.set_voice(Voice("gmw/en-us", rate))
    return spoken(synthesiser, "can I drink alcohol with it")


def test_the_engine_hears_slow_speech_as_slow(monograph: Monograph) -> None:
    """The same question at 80 and at 180 words a minute: phones a second from the words
    recognised, the measure that decides whether slow speech is heard again, sped up."""
    recogniser = SphinxRecogniser(monograph)
    pace = {}
    for rate in (80, 180):
        recogniser.start()
        recogniser.accept(asked_at(rate).tobytes())
        recogniser._decoder.end_utt()  # the first pass alone, as finish() measures it
        pace[rate] = recogniser._phones_a_second()
    assert 0 < pace[80] < 9 and pace[180] > 11


def test_slow_speech_is_heard_a_second_time_sped_up(monograph: Monograph) -> None:
    """At 80 words a minute the engine decodes the question again, sped up (fewer frames than
    the recording holds); at 180 it keeps its first hearing."""
    recogniser = SphinxRecogniser(monograph)
    frames_decoded = {}
    for rate in (80, 180):
        samples = asked_at(rate)
        heard = transcribe(recogniser, samples)
        assert heard.text
        frames_decoded[rate] = recogniser._decoder.n_frames() / (len(samples) / 160)  # 100 frames a second
    assert frames_decoded[80] < 0.8 and frames_decoded[180] > 0.95
