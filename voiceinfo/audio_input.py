"""Reading a recorded question: any WAV, converted to what recognisers take.

Recognisers want 16 kHz mono 16-bit samples. A WAV from a phone or an editor may be
8-48 kHz, mono or stereo, integer or float; soundfile (libsndfile) reads them all, soxr
resamples. Exact digital silence (as synthesisers write it) upsets pocketsphinx, so a
dither of about one bit is added.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

RATE = 16000
MIN_RATE, MAX_RATE = 8000, 48000


class AudioFileError(Exception):
    """A recording that cannot be used; the message says why in plain words."""


def read_wav(path: Path) -> np.ndarray:
    """The recording as 16 kHz mono int16 samples."""
    import soundfile
    import soxr

    if not Path(path).is_file():
        raise AudioFileError(f"there is no file {path}")
    try:
        info = soundfile.info(str(path))
        samples, rate = soundfile.read(str(path), dtype="float32", always_2d=True)
    except (RuntimeError, OSError, soundfile.LibsndfileError) as err:
        raise AudioFileError(f"{path} is not a readable WAV file") from err
    if info.format not in ("WAV", "WAVEX"):
        raise AudioFileError(f"{path} is not a WAV file (it is {info.format})")
    if not MIN_RATE <= rate <= MAX_RATE:
        raise AudioFileError(f"{path} has a sample rate of {rate} Hz; use 8000 to 48000 Hz")
    if len(samples) == 0:
        raise AudioFileError(f"{path} holds no audio")
    mono = samples.mean(axis=1)
    if rate != RATE:
        mono = soxr.resample(mono, rate, RATE)
    dither = np.random.default_rng(0).integers(-2, 3, size=len(mono))
    return np.clip(mono * 32767 + dither, -32768, 32767).astype(np.int16)
