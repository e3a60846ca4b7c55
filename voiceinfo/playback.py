"""Playing Audio on a speaker through PortAudio (sounddevice)."""

from __future__ import annotations

import time
from collections.abc import Iterable

from voiceinfo.synthesiser import Audio


# Seconds of audio buffered ahead. PortAudio's default (about 35 ms through ALSA's pulse
# plugin) underruns when the sound server reads in large blocks, and PulseAudio then
# drops the late audio: whole words went missing in tests. A quarter second is safe
# and still short enough to stop speaking promptly.
OUTPUT_LATENCY = 0.25


class AudioUnavailable(Exception):
    """No speaker can be used: PortAudio missing, no sound server, no output device."""


def _sounddevice():
    try:
        import sounddevice
    except OSError as err:  # raised when the PortAudio library itself is missing
        raise AudioUnavailable(f"PortAudio is not installed ({err})") from err
    return sounddevice


def play(chunks: Iterable[Audio], device: int | str | None = None) -> None:
    """Play audio chunks back to back on one output stream, and wait until heard.

    One stream for all the sentences of an answer: opening a stream per sentence leaves
    gaps (and underruns) between them. Chunks must share one sample rate.
    Through ALSA's PulseAudio plugin, stopping a stream sometimes returns (and drops what
    is buffered) before the end has been heard, so the end is awaited by the clock.
    """
    sd = _sounddevice()
    stream = None
    seconds = 0.0
    try:
        for audio in chunks:
            if stream is None:
                stream = sd.OutputStream(samplerate=audio.rate, channels=1, dtype="int16",
                                         device=device, latency=OUTPUT_LATENCY)
                stream.start()
                started = time.monotonic()
            stream.write(audio.samples.reshape(-1, 1))
            seconds += audio.seconds
        if stream is not None:
            time.sleep(max(0.0, started + seconds + stream.latency - time.monotonic()))
            stream.stop()
    except (sd.PortAudioError, ValueError) as err:
        raise AudioUnavailable(f"no speaker available ({err})") from err
    finally:
        if stream is not None:
            stream.close()
