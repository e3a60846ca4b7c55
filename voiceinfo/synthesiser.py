"""Text to speech samples with pyttsx3 over espeak-ng.

pyttsx3's own playback returns before the sound is heard and hides errors, so speech is
synthesised to samples, sentence by sentence, and played by voiceinfo itself. pyttsx3 can
only synthesise to a file; the file lives in a private temporary folder (in memory where
/dev/shm exists) for the moment it takes to read it back, and is removed at once.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import tempfile
import wave
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np


class SpeechUnavailable(Exception):
    """The speech engine could not be started (espeak-ng missing or broken)."""


@dataclass(frozen=True)
class Audio:
    """Mono 16-bit samples and their rate."""

    samples: np.ndarray
    rate: int

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.rate


@dataclass(frozen=True)
class Voice:
    """How the answers sound; rate in words per minute, volume 0 to 1."""

    name: str = "gmw/en-us"
    rate: int = 160
    volume: float = 1.0


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def sentences(text: str) -> list[str]:
    """Split text where a listener hears a pause, so the first words play sooner."""
    return [s for s in _SENTENCE_END.split(text.strip()) if s]


def _scratch_dir() -> str | None:
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None


class Synthesiser:
    """Turns text into Audio; one per process, since espeak-ng initialises once."""

    def __init__(self, voice: Voice = Voice()) -> None:
        try:
            import pyttsx3

            self._engine = pyttsx3.init("espeak")
        except Exception as err:  # pyttsx3 raises bare RuntimeError/OSError kinds here
            raise SpeechUnavailable(f"the espeak-ng speech engine could not start: {err}") from err
        self._scratch = tempfile.TemporaryDirectory(prefix="voiceinfo-", dir=_scratch_dir())
        self.voice = voice
        self.set_voice(voice)

    def set_voice(self, voice: Voice) -> None:
        known = {v.id for v in self._engine.getProperty("voices")}
        if voice.name not in known:
            raise SpeechUnavailable(f"no voice named '{voice.name}'; try one of: "
                                    + ", ".join(sorted(v for v in known if "en" in v)[:8]))
        self._engine.setProperty("voice", voice.name)
        self._engine.setProperty("rate", voice.rate)
        self._engine.setProperty("volume", voice.volume)
        self.voice = voice

    def synthesise(self, text: str) -> Audio:
        path = Path(self._scratch.name) / "speech.wav"
        with contextlib.redirect_stdout(io.StringIO()):  # pyttsx3 prints "Audio saved to ..."
            self._engine.save_to_file(text, str(path))
            self._engine.runAndWait()
        try:
            with wave.open(str(path), "rb") as wav:
                frames = wav.readframes(wav.getnframes())
                rate = wav.getframerate()
        except (OSError, EOFError, wave.Error) as err:
            raise SpeechUnavailable(f"espeak-ng produced no audio: {err}") from err
        finally:
            path.unlink(missing_ok=True)
        return Audio(np.frombuffer(frames, dtype=np.int16).copy(), rate)

    def speak_sentences(self, text: str) -> Iterator[Audio]:
        """Audio for each sentence in turn: the caller plays one while the next is made."""
        for sentence in sentences(text):
            yield self.synthesise(sentence)
