"""Reading a recorded question: any WAV, converted to what recognisers take.

Recognisers want 16 kHz mono 16-bit samples. A WAV from a phone or an editor may be
8-48 kHz, mono or stereo, integer or float; soundfile (libsndfile) reads them all, soxr
resamples. Digitally clean silence (as synthesisers and some recorders write it) upsets
pocketsphinx's noise estimate, so a faint noise floor like a real microphone's is added:
measured on generated speech, a floor of 16 (of 32768) took the in-set accuracy of one voice
from 80% to 97%, where the ±2 of the asr-notes left it at 80%.
"""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np

from voiceinfo.audio import SAMPLE_RATE
from voiceinfo.errors import VoiceinfoError

MIN_RATE, MAX_RATE = 8000, 48000
# A question is seconds long; a longer file is refused before it is read, since decoding
# it would take minutes and its samples gigabytes (a Raspberry Pi's OOM killer).
MAX_SECONDS = 60.0
MAX_BYTES = round(MAX_SECONDS * MAX_RATE * 2 * 4) + 1_000_000  # stereo float at 48 kHz, and a header
NOISE_FLOOR = 16.0  # standard deviation, in 16-bit steps: about -66 dB below full scale
# Data sizes a recorder writes into the header before it knows the length (a stream, a crash).
_UNKNOWN_SIZES = (0, 0xFFFFFFFF)


class AudioFileError(VoiceinfoError):
    """A recording that cannot be used; the message says why in plain words."""

    problem = "recording"


def read_wav(path: Path) -> np.ndarray:
    """The recording as 16 kHz mono int16 samples."""
    import soundfile

    if Path(path).is_dir():
        raise AudioFileError(f"{path} is a folder; give the WAV file in it")
    if not Path(path).is_file():
        raise AudioFileError(f"there is no file {path}")
    too_long = f"a recorded question may be at most {MAX_SECONDS:.0f} seconds long"
    if (size := Path(path).stat().st_size) > MAX_BYTES:
        raise AudioFileError(f"{path} is {size / 1e6:.0f} MB: {too_long}")
    try:
        info = soundfile.info(str(path))
        if info.format not in ("WAV", "WAVEX"):
            raise AudioFileError(f"{path} is not a WAV file (it is {info.format})")
        if not MIN_RATE <= info.samplerate <= MAX_RATE:
            raise AudioFileError(f"{path} has a sample rate of {info.samplerate} Hz; use 8000 to 48000 Hz")
        if info.frames > MAX_SECONDS * info.samplerate:
            raise AudioFileError(f"{path} is {info.frames / info.samplerate:.0f} seconds long "
                                 f"(by its header): {too_long}")
        samples, rate = soundfile.read(str(path), dtype="float32", always_2d=True)
    except (RuntimeError, OSError, soundfile.LibsndfileError) as err:
        raise AudioFileError(f"{path} is not a readable WAV file") from err
    if len(samples) == 0:
        raise AudioFileError(f"{path} holds no audio")
    if (promised := _promised_seconds(Path(path))) is not None and len(samples) / rate < promised - 0.01:
        raise AudioFileError(f"{path} is cut short: it holds {len(samples) / rate:.1f} of the "
                             f"{promised:.1f} seconds its header gives; copy or record it again")
    return for_recogniser(samples.mean(axis=1), rate)


def _promised_seconds(path: Path) -> float | None:
    """How long the WAV header says the recording is; None where it does not say.

    libsndfile reads a cut-short file (an interrupted copy) without complaint, and answering
    the first half of a question would mislead, so the two lengths are compared."""
    with path.open("rb") as wav:
        if wav.read(12)[:4] != b"RIFF":
            return None  # RF64 and others keep their sizes elsewhere
        bytes_per_second = 0
        while len(header := wav.read(8)) == 8:
            name, size = header[:4], struct.unpack("<I", header[4:])[0]
            if name == b"fmt ":
                fmt = wav.read(size + size % 2)
                bytes_per_second = struct.unpack("<I", fmt[8:12])[0] if len(fmt) >= 12 else 0
            elif name == b"data":
                return size / bytes_per_second if bytes_per_second and size not in _UNKNOWN_SIZES else None
            else:
                wav.seek(size + size % 2, 1)
    return None


def for_recogniser(mono: np.ndarray, rate: int) -> np.ndarray:
    """Float mono samples (-1 to 1) at any rate as 16 kHz int16 over a faint noise floor."""
    import soxr

    if rate != SAMPLE_RATE:
        mono = soxr.resample(mono, rate, SAMPLE_RATE)
    return with_noise_floor(mono * 32767)


def with_noise_floor(samples: np.ndarray, rng: np.random.Generator | None = None) -> np.ndarray:
    """Samples (int16 scale) over a faint noise floor, as int16: digital silence hurts recognition."""
    rng = rng or np.random.default_rng(0)
    floor = rng.normal(0.0, NOISE_FLOOR, size=len(samples))
    return np.clip(samples + floor, -32768, 32767).astype(np.int16)
