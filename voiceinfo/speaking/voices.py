"""Which voices there are, and a synthesiser for the one chosen: Piper's when its name says so."""

from __future__ import annotations

from dataclasses import dataclass

from voiceinfo.speaking.piper import PiperSynthesiser, installed
from voiceinfo.speaking.synthesiser import SentenceBySentence, SpeechUnavailable, Synthesiser
from voiceinfo.speaking.voice import Voice


@dataclass(frozen=True)
class VoiceListing:
    engine: str
    name: str
    language: str
    quality: str


def open_synthesiser(voice: Voice) -> SentenceBySentence:
    """The synthesiser for this voice. Raises UnknownVoice or SpeechUnavailable."""
    if voice.name.startswith("piper/"):
        return PiperSynthesiser(voice)
    return Synthesiser(voice)


def listing() -> list[VoiceListing]:
    """Every voice installed: Piper's, then espeak-ng's English ones (none when espeak-ng is missing)."""
    voices = [VoiceListing("piper", v.name, v.language, v.quality) for v in installed()]
    try:
        espeak = Synthesiser()
    except SpeechUnavailable:  # espeak-ng missing: its voices are simply not listed
        return voices
    return voices + [VoiceListing("espeak-ng", name, name.split("/")[-1], "by rule")
                     for name in espeak.english_voices()]
