"""Questions said by espeak-ng (through voiceinfo's synthesiser), optionally with noise,
as the 16 kHz samples a recogniser takes. Shared by the round-trip test and bench."""

from __future__ import annotations

import numpy as np

from voiceinfo.audio_input import for_recogniser
from voiceinfo.synthesiser import Synthesiser

SNR_DB = 20.0  # "light noise": speech 20 dB above white noise


def spoken(synthesiser: Synthesiser, text: str, noisy: bool = False, seed: int = 0) -> np.ndarray:
    audio = synthesiser.synthesise(text)
    mono = audio.samples.astype(np.float64) / 32768
    if noisy:
        power = np.mean(mono ** 2) / (10 ** (SNR_DB / 10))
        mono = mono + np.random.default_rng(seed).normal(0, np.sqrt(power), len(mono))
    return for_recogniser(np.clip(mono, -1, 1), audio.rate)
