"""Who says the benches' phrases: one of espeak-ng's voices, Piper's, or one of Festival's.

Festival's and Piper's are second opinions on espeak-ng's. espeak-ng makes its voices from
rules (formant synthesis), furthest from the people the built-in recogniser's acoustic model
learnt from; Festival's kal and ked voices are cut from recordings of two American men
(diphone synthesis); Piper's (piper/joe) is a neural voice trained on one man's recordings,
the closest to a person at hand. `./dev.sh bench` installs Festival and these two voices.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable

import numpy as np

from harness.spoken_audio import as_heard, spoken  # tests/, on the path of every bench
from voiceinfo.speaking.piper import PiperSynthesiser
from voiceinfo.speaking.synthesiser import Audio, Synthesiser
from voiceinfo.speaking.voice import Voice

PREFIX = "festival/"  # bench/round_trip.py --voices festival/kal_diphone,festival/ked_diphone
# kal and ked at their own pace: 24 words in 7.9 s, about 182 words a minute. A slower
# rate stretches every sound's duration by 182 / rate.
_OWN_PACE = 182
_RATE = 16000


Say = Callable[[str, bool, int], np.ndarray]  # text, noisy, seed -> 16 kHz int16 samples


def speaker(synthesiser: Synthesiser, voice: str, rate: int) -> Say:
    """How phrases are said by voice (espeak-ng's with synthesiser, Piper's if named "piper/...",
    Festival's if "festival/...") at rate words a minute, with light noise when asked
    (spoken_audio.SNR_DB)."""
    if voice.startswith(PREFIX):
        return lambda text, noisy, seed: as_heard(festival_said(voice, rate, text), _RATE, noisy, seed)
    if voice.startswith("piper/"):
        piper = PiperSynthesiser(Voice(voice, rate))
        return lambda text, noisy, seed: as_heard(_padded(piper.synthesise(text)), piper.rate, noisy, seed)
    synthesiser.set_voice(Voice(voice, rate))
    return lambda text, noisy, seed: spoken(synthesiser, text, noisy, seed)


def _padded(audio: Audio) -> np.ndarray:
    """Piper's speech starts and ends at once, where espeak-ng's has a pause: a recogniser
    needs some silence either side."""
    return np.concatenate([np.zeros(audio.rate // 5, np.int16), audio.samples, np.zeros(audio.rate // 2, np.int16)])


def festival_said(voice: str, rate: int, text: str) -> np.ndarray:
    """text said by the Festival voice (e.g. "festival/kal_diphone") at about rate words a
    minute, as 16 kHz int16 samples (piped, never written to a file)."""
    setup = f"(begin (voice_{voice.removeprefix(PREFIX)}) (Parameter.set 'Duration_Stretch {_OWN_PACE / rate:.3f}))"
    try:
        said = subprocess.run(["text2wave", "-eval", setup, "-otype", "raw", "-F", str(_RATE), "-o", "-"],
                              input=text.encode(), capture_output=True, timeout=60, check=True)
    except FileNotFoundError:
        sys.exit("Festival is not installed: run ./dev.sh bench to install it and its voices")
    except subprocess.CalledProcessError as err:
        sys.exit(f"Festival could not say {text!r} with {voice}: {err.stderr.decode(errors='replace').strip()}")
    if not said.stdout:  # Festival reports an unknown voice on stderr and says nothing
        sys.exit(f"Festival said nothing with {voice}: {said.stderr.decode(errors='replace').strip()}")
    return np.frombuffer(said.stdout, dtype="<i2")
