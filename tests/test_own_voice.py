"""Its own voice saying "stop" (in "Do not stop taking it", "Stopping suddenly ...") must not stop
it: what the stop listener heard is compared with what it was saying, by stem, and its level with
what the speaker played."""

from __future__ import annotations

import numpy as np
import pytest
import soxr

from harness.spoken_audio import spoken
from voiceinfo.audio.segmenter import FRAME_SAMPLES, SAMPLE_RATE
from voiceinfo.loop.barge_in import OwnEcho, mean_square
from voiceinfo.loop.barge_in import key_words as _key_words
from voiceinfo.speaking.piper import PiperSynthesiser
from voiceinfo.speaking.synthesiser import Audio, Synthesiser
from voiceinfo.speaking.voice import Voice


def test_its_own_stopping_is_heard_as_its_own_stop() -> None:
    """"stop" against "Stopping suddenly risks hallucinations" shared no word, and the reply was
    cut off by its own voice (seen once in the live own-voice test)."""
    assert _key_words("stop") & _key_words("Stopping suddenly risks hallucinations and seizures.")


def test_a_listener_saying_stop_over_other_words_is_not_its_own() -> None:
    assert not _key_words("stop") & _key_words("Drowsiness is one of the most common side effects.")


# By level: the microphone hearing what the speaker played a moment ago, or a person over it.
SAID = "Do not stop taking baclofen suddenly. Stopping it suddenly can cause hallucinations and seizures."


def played_blocks(audio: Audio, block: int = 512) -> list[tuple[float, float, float]]:
    """The speaker's blocks as Playback notes them: start time, length, mean square (from 0 s)."""
    samples = audio.samples.astype(np.float64)
    return [(at / audio.rate, block / audio.rate, float(np.mean(np.square(samples[at:at + block]))))
            for at in range(0, len(samples) - block, block)]


def mic_frames(samples: np.ndarray, starts_at: float) -> list[tuple[float, float]]:
    return [(starts_at + at / SAMPLE_RATE, mean_square(samples[at:at + FRAME_SAMPLES].astype(np.int16).tobytes()))
            for at in range(0, len(samples) - FRAME_SAMPLES, FRAME_SAMPLES)]


@pytest.fixture(scope="module")
def voices() -> dict[str, tuple[Audio, np.ndarray]]:
    """What each voice plays, and the same at 16 kHz as a microphone would have it."""
    made = {"espeak-ng": Synthesiser(Voice("gmw/en-us", 160)).synthesise(SAID),
            "piper": PiperSynthesiser(Voice("piper/joe", 160)).synthesise(SAID)}
    return {name: (audio, soxr.resample(audio.samples.astype(np.float64), audio.rate, SAMPLE_RATE))
            for name, audio in made.items()}


@pytest.mark.slow
@pytest.mark.parametrize("voice", ["espeak-ng", "piper"])
@pytest.mark.parametrize("delay", [0.05, 0.2, 0.4])
def test_its_echo_is_told_by_its_level_and_a_person_over_it_is_not(voices: dict, voice: str, delay: float) -> None:
    audio, at_16k = voices[voice]
    rng = np.random.default_rng(0)
    stop = spoken(Synthesiser(Voice("gmw/en-GB-x-rp", 160)), "stop").astype(np.float64)
    # From 1.5 s into the reply the microphone hears it `delay` later at a third of its level
    # (the echo's path), then for 1.2 s the utterance: the echo alone, or a person over it.
    start, before, during = 1.5, round(1.5 * SAMPLE_RATE), round(1.2 * SAMPLE_RATE)
    first = round((start - delay) * SAMPLE_RATE)
    echo = 0.3 * at_16k[first:first + before + during] + rng.normal(0, 30, before + during)
    person = np.zeros_like(echo)
    person[before + 3200:before + 3200 + len(stop)] = 0.6 * stop[:during - 3200]  # twice the echo's level
    played, frames = played_blocks(audio), during // FRAME_SAMPLES
    assert OwnEcho().heard(mic_frames(echo, start), frames, played)
    assert not OwnEcho().heard(mic_frames(echo + person, start), frames, played)
    no_echo = rng.normal(0, 30, len(echo)) + person  # a microphone that does not hear the speaker
    assert not OwnEcho().heard(mic_frames(no_echo, start), frames, played)


@pytest.mark.slow
def test_the_echos_path_is_kept_for_the_first_words_of_the_next_reply(voices: dict) -> None:
    audio, at_16k = voices["piper"]
    rng = np.random.default_rng(0)
    echo = 0.3 * at_16k[:round(2.7 * SAMPLE_RATE)] + rng.normal(0, 30, round(2.7 * SAMPLE_RATE))
    frames, played, own = mic_frames(echo, 0.1), played_blocks(audio), OwnEcho()
    utterance = round(1.2 * SAMPLE_RATE) // FRAME_SAMPLES
    assert not own.heard(frames[-utterance:], utterance, played)  # nothing before it: no path known yet
    assert own.heard(frames, utterance, played)  # the path learnt from the frames before it
    assert own.heard(frames[-utterance:], utterance, played)  # and kept
