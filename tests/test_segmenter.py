"""The segmenter and the recogniser's feed: pure state machines with scripted frames, then with
real speech and Silero VAD."""

from __future__ import annotations

import numpy as np
import pytest

from voiceinfo.audio.recordings import for_recogniser
from voiceinfo.audio.segmenter import (
    FRAME_SAMPLES,
    FRAME_SECONDS,
    PATIENCE,
    PREROLL_SECONDS,
    TAIL_SECONDS,
    Endpointing,
    RecogniserFeed,
    Segment,
    Segmenter,
    VoiceActivity,
    speech_in,
)
from voiceinfo.speaking.synthesiser import Synthesiser


def run(segmenter: Segmenter, frames: str) -> list[tuple[int, Segment]]:
    """frames: one character per 30 ms frame (for round numbers), "#" speech and "." silence."""
    events = [(i, segmenter.process(c == "#")) for i, c in enumerate(frames)]
    return [(i, e) for i, e in events if e is not None]


def test_an_utterance_starts_after_three_voiced_frames_and_ends_after_the_silence() -> None:
    segmenter = Segmenter(Endpointing(end_silence=0.3), 0.03)
    assert run(segmenter, ".." + "#" * 20 + "." * 12) == [(4, Segment.STARTED), (31, Segment.ENDED)]


def test_a_click_does_not_start_an_utterance() -> None:
    assert run(Segmenter(frame_seconds=0.03), ".#.##.#." * 10) == []


def test_a_pause_shorter_than_the_end_silence_keeps_the_utterance_going() -> None:
    segmenter = Segmenter(Endpointing(end_silence=1.5), 0.03)
    frames = "#" * 20 + "." * 40 + "#" * 20 + "." * 50  # a 1.2 s pause mid-sentence
    assert [e for _, e in run(segmenter, frames)] == [Segment.STARTED, Segment.ENDED]


def test_too_little_speech_is_discarded() -> None:
    segmenter = Segmenter(Endpointing(end_silence=0.3, min_speech=0.25), 0.03)
    assert [e for _, e in run(segmenter, "####" + "." * 10)] == [Segment.STARTED, Segment.DISCARDED]
    assert not segmenter.in_speech


def test_a_long_utterance_ends_at_the_maximum() -> None:
    segmenter = Segmenter(Endpointing(max_utterance=3.0), 0.03)
    events = run(segmenter, "#" * 200)
    assert events[:2] == [(2, Segment.STARTED), (2 + 97, Segment.TOO_LONG)]


@pytest.mark.parametrize("bad", [dict(end_silence=0.0), dict(end_silence=30), dict(max_utterance=0.5)])
def test_bad_endpointing_is_refused(bad: dict) -> None:
    with pytest.raises(ValueError):
        Endpointing(**bad)


def frames_of(samples: np.ndarray) -> list[bytes]:
    usable = len(samples) // FRAME_SAMPLES * FRAME_SAMPLES
    return [f.tobytes() for f in samples[:usable].astype(np.int16).reshape(-1, FRAME_SAMPLES)]


def spoken_with_pause(pause: float) -> np.ndarray:
    synth = Synthesiser()
    first = for_recogniser(synth.synthesise("what are the").samples / 32768, synth.rate)
    second = for_recogniser(synth.synthesise("side effects").samples / 32768, synth.rate)
    quiet = lambda seconds: np.random.default_rng(1).normal(0, 30, int(16000 * seconds))  # noqa: E731
    return np.concatenate([quiet(1.0), first, quiet(pause), second, quiet(3.0)])


@pytest.mark.parametrize("patience, utterances", [("quick", 2), ("patient", 1)])
def test_real_speech_with_a_one_second_pause(patience: str, utterances: int) -> None:
    segmenter = Segmenter(Endpointing(end_silence=PATIENCE[patience]))
    vad = VoiceActivity()
    events = [segmenter.process(vad.is_speech(f)) for f in frames_of(spoken_with_pause(1.0))]
    assert events.count(Segment.ENDED) == utterances
    assert events.count(Segment.STARTED) == utterances


def test_steady_noise_is_not_speech() -> None:
    vad = VoiceActivity()
    noise = np.random.default_rng(2).normal(0, 1000, 16000 * 3)  # about -30 dBFS
    decisions = [vad.is_speech(f) for f in frames_of(noise)]
    segmenter = Segmenter()
    assert [e for e in map(segmenter.process, decisions) if e is not None] == []


def test_the_recogniser_hears_the_pauses_within_speech_but_little_of_the_silence_after() -> None:
    """Frames named by their number; "#" speech, "." silence, 32 ms each."""
    script = "." * 20 + "#" * 10 + "." * 20 + "#" * 10 + "." * 60  # a 0.64 s pause for breath
    segmenter, feed = Segmenter(), RecogniserFeed()
    heard: list[bytes] = []
    for number, c in enumerate(script):
        event = segmenter.process(c == "#")
        heard += feed.take(bytes([number]), c == "#", event, segmenter.in_speech)
    preroll, tail = round(PREROLL_SECONDS / FRAME_SECONDS), round(TAIL_SECONDS / FRAME_SECONDS)
    started = 22  # the third frame of speech starts the utterance
    assert [frame[0] for frame in heard] == list(range(started - preroll, 60 + tail))


def test_a_recording_holds_speech_even_when_it_stops_mid_word() -> None:
    speech = spoken_with_pause(0.2)
    cut = speech[: -16000 * 3 - 1600]  # the quiet after it and the last 0.1 s of "effects" gone
    heard, heard_cut = speech_in(speech), speech_in(cut)
    assert heard is not None and heard_cut is not None
    assert len(speech) - len(heard) > 16000 * (3.0 - TAIL_SECONDS)  # the 3 s of quiet after it


def test_a_tone_and_a_quiet_room_hold_no_speech() -> None:
    tone = 10000 * np.sin(2 * np.pi * 220 * np.arange(16000 * 2) / 16000)
    room = np.random.default_rng(3).normal(0, 30, 16000 * 2)
    assert speech_in(tone) is None
    assert speech_in(room) is None
