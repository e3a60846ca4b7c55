"""Which voices there are, and a synthesiser for the one chosen: Piper's when its name says so,
espeak-ng's when it says so or when Piper's cannot be loaded."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from voiceinfo.speaking.piper import PiperSynthesiser, installed
from voiceinfo.speaking.synthesiser import SentenceBySentence, SpeechUnavailable, Synthesiser
from voiceinfo.speaking.voice import ESPEAK_VOICE, Voice
from voiceinfo.understanding import prompts

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class VoiceListing:
    engine: str
    name: str
    language: str
    quality: str


def open_synthesiser(voice: Voice) -> SentenceBySentence:
    """The synthesiser for this voice. A Piper voice that cannot be loaded (piper-tts missing,
    as where onnxruntime has no build, or a damaged model) gives way to espeak-ng's, whose
    `notice` then says so. Raises UnknownVoice, or SpeechUnavailable when nothing can speak."""
    if not voice.name.startswith("piper/"):
        return Synthesiser(voice)
    try:
        return PiperSynthesiser(voice)
    except SpeechUnavailable as err:
        log.warning("speaking with espeak-ng's %s: %s", ESPEAK_VOICE, err)
        synthesiser = Synthesiser(replace(voice, name=ESPEAK_VOICE))
        synthesiser.notice = prompts.SIMPLER_VOICE
        synthesiser.why = f"Speaking with espeak-ng's {ESPEAK_VOICE} instead of {voice.name}: {err}"
        return synthesiser


def listing() -> list[VoiceListing]:
    """Every voice installed: Piper's, then espeak-ng's English ones (none when espeak-ng is missing)."""
    voices = [VoiceListing("piper", v.name, v.language, v.quality) for v in installed()]
    try:
        espeak = Synthesiser()
    except SpeechUnavailable:  # espeak-ng missing: its voices are simply not listed
        return voices
    return voices + [VoiceListing("espeak-ng", name, name.split("/")[-1], "by rule")
                     for name in espeak.english_voices()]
