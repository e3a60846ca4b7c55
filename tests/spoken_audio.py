"""Questions said by espeak-ng (through voiceinfo's synthesiser), optionally with noise,
as the 16 kHz samples a recogniser takes. Shared by the round-trip test and bench."""

from __future__ import annotations

import numpy as np

from voiceinfo.audio_input import for_recogniser
from voiceinfo.synthesiser import Synthesiser
from voiceinfo.voice import Voice

SNR_DB = 20.0  # "light noise": speech 20 dB above white noise


def spoken(synthesiser: Synthesiser, text: str, noisy: bool = False, seed: int = 0) -> np.ndarray:
    audio = synthesiser.synthesise(text)
    mono = audio.samples.astype(np.float64) / 32768
    if noisy:
        power = np.mean(mono ** 2) / (10 ** (SNR_DB / 10))
        mono = mono + np.random.default_rng(seed).normal(0, np.sqrt(power), len(mono))
    return for_recogniser(np.clip(mono, -1, 1), audio.rate)


def one_voice_then_another(*questions: str) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Three questions in the US voice, then the given ones in the female voice: a recogniser
    that carries on hears the second voice through what it learnt of the first."""
    synthesiser = Synthesiser(Voice("gmw/en-us", 140))
    first = [spoken(synthesiser, q, seed=n) for n, q in
             enumerate(["what are the side effects", "can I drink alcohol with it", "go to the next one"])]
    synthesiser.set_voice(Voice("gmw/en-us+f3", 140))
    return first, [spoken(synthesiser, q, seed=len(first) + n) for n, q in enumerate(questions)]
