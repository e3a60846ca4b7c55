"""Its own voice saying "stop" (in "Do not stop taking it", "Stopping suddenly ...") must not stop
it: what the stop listener heard is compared with what it was saying, by stem, and with what the
speaker played, sample by sample."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from harness.live_session import spoken_wav
from harness.virtual_audio import VirtualAudio
from voiceinfo.audio.own_echo import BEFORE, echo_share
from voiceinfo.audio.segmenter import FRAME_SAMPLES, SAMPLE_RATE
from voiceinfo.loop.barge_in import its_own_voice
from voiceinfo.loop.barge_in import key_words as _key_words
from voiceinfo.speaking.piper import PiperSynthesiser
from voiceinfo.speaking.synthesiser import Synthesiser
from voiceinfo.speaking.voice import Voice


def test_its_own_stopping_is_heard_as_its_own_stop() -> None:
    """"stop" against "Stopping suddenly risks hallucinations" shared no word, and the reply was
    cut off by its own voice (seen once in the live own-voice test)."""
    assert _key_words("stop") & _key_words("Stopping suddenly risks hallucinations and seizures.")


def test_a_listener_saying_stop_over_other_words_is_not_its_own() -> None:
    assert not _key_words("stop") & _key_words("Drowsiness is one of the most common side effects.")


# -- by its sound (own_echo.py, barge_in.its_own_voice) --------------------------------------

@pytest.fixture(scope="module")
def piper_speech() -> tuple[np.ndarray, np.ndarray]:
    """What it says (Piper's voice, at 16 kHz) and a person's "stop" (espeak-ng's, another voice)."""
    import soxr

    said = PiperSynthesiser(Voice(name="piper/joe")).synthesise(
        "Do not stop taking baclofen suddenly. When you stop, the dose should be reduced gradually.")
    stop = Synthesiser(Voice(name="gmw/en-us")).synthesise("stop")
    return (soxr.resample(said.samples.astype(np.float32), said.rate, SAMPLE_RATE),
            soxr.resample(stop.samples.astype(np.float32), stop.rate, SAMPLE_RATE))


def _room(played: np.ndarray, lag: float, rng: np.random.Generator) -> np.ndarray:
    """played as a microphone across the room hears it: later, quieter, a little blurred, with noise."""
    delayed = np.concatenate([np.zeros(round(lag * SAMPLE_RATE)), played])
    return 0.4 * np.convolve(delayed, [0.6, 0.3, 0.1])[:len(delayed)] + rng.normal(0, 30, len(delayed))


@pytest.mark.parametrize("lag", [0.05, 0.3, 0.7])
@pytest.mark.parametrize("person", [0.0, 1.0, 2.0])  # a person's level over the echo's, 0: no one
def test_its_own_voice_is_told_from_a_person_by_what_was_played(piper_speech: tuple[np.ndarray, np.ndarray],
                                                                lag: float, person: float) -> None:
    said, stop = piper_speech
    rng = np.random.default_rng(round(lag * 100))
    heard = _room(said, lag, rng)
    start = SAMPLE_RATE  # a second into the reply, as long as a "stop" and a little more
    piece = heard[start:start + len(stop) + SAMPLE_RATE // 5].copy()
    piece[1600:1600 + len(stop)] += stop * person * np.std(piece) / np.std(stop)
    played = said[start - round(BEFORE * SAMPLE_RATE):start + len(piece)]
    share = echo_share(piece, played, SAMPLE_RATE)
    if person == 0.0:
        assert share > 0.95
    else:  # a person as loud as the echo leaves about half of what is heard unexplained
        assert share < 0.7


def test_what_was_played_is_found_by_the_time_it_reached_the_speaker(
        piper_speech: tuple[np.ndarray, np.ndarray]) -> None:
    """The loop's side: the frames heard and when, against the blocks played and when."""
    said, _ = piper_speech

    class Played:
        rate = SAMPLE_RATE

        def sounded(self, start: float, end: float) -> tuple[float, np.ndarray]:
            first = max(0, round((start - 100.0) * SAMPLE_RATE))  # playing since t = 100 s
            return 100.0 + first / SAMPLE_RATE, said[first:round((end - 100.0) * SAMPLE_RATE)]

    heard = _room(said, 0.25, np.random.default_rng(1))[SAMPLE_RATE:2 * SAMPLE_RATE].astype(np.int16)
    frames = [heard[i:i + FRAME_SAMPLES].tobytes() for i in range(0, len(heard), FRAME_SAMPLES)]
    assert its_own_voice(frames, 101.0, Played())
    assert not its_own_voice(frames, 104.0, Played())  # compared with what was played at another time


@pytest.mark.audio
def test_its_own_voice_through_the_speaker_and_microphone_is_told_from_a_stop(virtual_audio: VirtualAudio,
                                                                               tmp_path: Path) -> None:
    """Played through the virtual speaker, come back into the virtual microphone, with the real
    streams' clocks: each 0.6 s heard is its own voice, until "stop" is said over it."""
    loopback = virtual_audio.loop_speaker_into_microphone()
    try:
        stop = spoken_wav(tmp_path, "stop", "gmw/en-us")
        probe = subprocess.run([sys.executable, "-m", "harness.own_echo_probe", str(stop)], env=virtual_audio.env,
                               cwd=Path(__file__).resolve().parents[1], capture_output=True, text=True, timeout=120)
    finally:
        virtual_audio.pactl("unload-module", loopback)
    windows = [json.loads(line) for line in probe.stdout.splitlines()]
    assert windows, probe.stderr
    echo = [w["own"] for w in windows if not w["stop"]]
    over = max(windows, key=lambda w: w["stop"])  # the most of the word
    assert over["stop"] > 0.15 and not over["own"], windows  # a stop over its voice is not its voice
    assert sum(echo) >= len(echo) - 1, windows  # the first window may begin before the echo does
