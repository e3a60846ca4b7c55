"""Slow speech sped up for the built-in engine: the time-scale change itself, streamed, and
the engine's measure of how fast the words were said, on real espeak-ng speech."""

from __future__ import annotations

import numpy as np
import pytest

from harness.spoken_audio import spoken
from voiceinfo.hearing.recogniser import transcribe
from voiceinfo.hearing.sphinx.recogniser import SphinxRecogniser
from voiceinfo.hearing.sphinx.speaking_rate import SpeedUp
from voiceinfo.speaking.synthesiser import Synthesiser
from voiceinfo.speaking.voice import Voice
from voiceinfo.understanding.content import Monograph

pytestmark = pytest.mark.slow  # real speech models, synthesis or builds


def strongest_hz(samples: np.ndarray) -> float:
    spectrum = np.abs(np.fft.rfft(samples.astype(np.float64)))
    return float(np.argmax(spectrum)) * 16000 / len(samples)


def sped_up(samples: np.ndarray, factor: float, chunk: int = 1024) -> np.ndarray:
    """Fed in chunks, as the recogniser feeds what the microphone gives."""
    stream = SpeedUp(factor)
    parts = [stream.feed(samples[i:i + chunk]) for i in range(0, len(samples), chunk)]
    return np.concatenate([*parts, stream.flush()])


TONE = (np.sin(2 * np.pi * 220 * np.arange(3 * 16000) / 16000) * 8000).astype(np.int16)


@pytest.mark.parametrize("factor", [1.1, 1.27, 1.4])
def test_speeding_up_shortens_by_the_factor_and_keeps_the_pitch(factor: float) -> None:
    faster = sped_up(TONE, factor)
    assert faster.dtype == np.int16
    assert len(faster) == pytest.approx(len(TONE) / factor, rel=0.02)
    assert strongest_hz(faster) == pytest.approx(220, abs=3)
    # Windows placed where they continue the last: no dips where they overlap.
    middle = np.abs(faster[1600:-1600].astype(np.int32))
    assert middle.max() == pytest.approx(8000, rel=0.05)


def test_the_stream_gives_the_same_however_it_is_chunked() -> None:
    speech = asked_at(120)[:16000]
    whole = sped_up(speech, 1.27, chunk=len(speech))
    assert len(whole) == pytest.approx(len(speech) / 1.27, rel=0.02)
    for chunk in (1, 333, 1024):
        assert np.array_equal(sped_up(speech, 1.27, chunk), whole)


def test_less_than_a_window_gives_nothing() -> None:
    stream = SpeedUp(1.27)
    assert len(stream.feed(np.ones(100, np.int16))) == 0 and len(stream.flush()) == 0


def asked_at(rate: int) -> np.ndarray:
    synthesiser = Synthesiser()
    synthesiser.set_voice(Voice("gmw/en-us", rate))
    return spoken(synthesiser, "can I drink alcohol with it")


def test_the_engine_hears_slow_speech_as_slow(monograph: Monograph) -> None:
    """The same question at 80 and at 180 words a minute: phones a second from the words
    recognised, the measure that decides whether the sped-up hearing is believed."""
    recogniser = SphinxRecogniser(monograph)
    pace = {}
    for rate in (80, 180):
        transcribe(recogniser, asked_at(rate))
        pace[rate] = recogniser._phones_a_second()
    assert 0 < pace[80] < 9 and pace[180] > 11


def test_slow_speech_is_heard_sped_up(monograph: Monograph) -> None:
    """Both hearings run as the question is said; at 80 words a minute the sped-up one is
    believed, at 180 the one at its own pace."""
    recogniser = SphinxRecogniser(monograph)
    for rate, believed in ((80, recogniser._faster), (180, recogniser._decoder)):
        samples = asked_at(rate)
        heard = transcribe(recogniser, samples, chunk=160)  # 10 ms: less than a window of it
        assert heard.text == believed.hyp().hypstr
        assert recogniser._hearing() is believed
        # The second decoder heard it in less time: 1.27 times faster.
        assert recogniser._faster.n_frames() / (len(samples) / 160) == pytest.approx(1 / 1.27, rel=0.05)
