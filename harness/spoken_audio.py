"""Questions said by espeak-ng (through voiceinfo's synthesiser), optionally with noise,
as the 16 kHz samples a recogniser takes. Shared by the round-trip test and bench."""

from __future__ import annotations

import multiprocessing

import numpy as np

from voiceinfo.audio.recordings import for_recogniser
from voiceinfo.speaking.synthesiser import Synthesiser
from voiceinfo.speaking.voice import Voice

SNR_DB = 20.0  # "light noise": speech 20 dB above white noise


def spoken(synthesiser: Synthesiser, text: str, noisy: bool = False, seed: int = 0) -> np.ndarray:
    audio = synthesiser.synthesise(text)
    return as_heard(audio.samples, audio.rate, noisy, seed)


def as_heard(samples: np.ndarray, rate: int, noisy: bool = False, seed: int = 0) -> np.ndarray:
    """int16 speech at any rate as a recogniser takes it, with light noise if noisy."""
    mono = samples.astype(np.float64) / 32768
    if noisy:
        power = np.mean(mono ** 2) / (10 ** (SNR_DB / 10))
        mono = mono + np.random.default_rng(seed).normal(0, np.sqrt(power), len(mono))
    return for_recogniser(np.clip(mono, -1, 1), rate)


def said_in_a_new_process(*lines: tuple[str, str]) -> list[np.ndarray]:
    """Each (voice, text) said in turn at 140 words a minute, clean, by a new process's espeak-ng.
    Within a process its output drifts by a few samples from one call to the next, so a test
    that compares words on a question that a few samples can tip would hear it differently
    depending on how many recordings its worker had made before."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(_said, lines)


def _said(*lines: tuple[str, str]) -> list[np.ndarray]:
    synthesiser = Synthesiser()
    recordings = []
    for seed, (voice, text) in enumerate(lines):
        synthesiser.set_voice(Voice(voice, 140))
        recordings.append(spoken(synthesiser, text, seed=seed))
    return recordings


def one_voice_then_another(*questions: str, then: str = "gmw/en-GB-x-rp") -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Three questions in the US voice, then the given ones in another voice (said in a new
    process): a recogniser that carries on hears the second voice through what it learnt of
    the first. The British voice is as low as the US one, so the built-in recogniser hears
    both with the same frequency warp (normalisation.voice_warp); the female voice
    en-us+f3 is higher."""
    first = ["what are the side effects", "can I drink alcohol with it", "go to the next one"]
    recordings = said_in_a_new_process(*(("gmw/en-us", q) for q in first), *((then, q) for q in questions))
    return recordings[:len(first)], recordings[len(first):]
