"""How answers sound: the voice settings, checked without loading the speech engine."""

from __future__ import annotations

from dataclasses import dataclass

from voiceinfo.errors import VoiceinfoError

# The light voice made by rule: the fallback when Piper's cannot be loaded.
ESPEAK_VOICE = "gmw/en-us"
# Piper's neural voice, shipped whole by a PyPI package: heard better by a machine listener
# (word error rate 0.38 against espeak-ng's 0.67, docs/measurements.md).
PIPER_VOICE = "piper/joe"


class UnknownVoice(VoiceinfoError, ValueError):
    """A voice name no engine has; the message lists the ones there are."""

    problem = "voice"


@dataclass(frozen=True)
class Voice:
    """How the answers sound; rate in words per minute, volume 0 to 1."""

    name: str = PIPER_VOICE
    rate: int = 160
    volume: float = 1.0

    # espeak-ng accepts 80 to 450 words a minute; volume is a share of its normal level.
    MIN_RATE, MAX_RATE = 80, 450

    def __post_init__(self) -> None:
        if not self.MIN_RATE <= self.rate <= self.MAX_RATE:
            raise ValueError(f"rate must be {self.MIN_RATE} to {self.MAX_RATE} words a minute")
        if not 0.0 <= self.volume <= 1.0:
            raise ValueError("volume must be between 0 and 1")
