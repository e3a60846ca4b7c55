"""Playing Audio on a speaker through PortAudio (sounddevice)."""

from __future__ import annotations

from collections.abc import Iterable

from voiceinfo.synthesiser import Audio


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
    """
    sd = _sounddevice()
    stream = None
    try:
        for audio in chunks:
            if stream is None:
                stream = sd.OutputStream(samplerate=audio.rate, channels=1, dtype="int16",
                                         device=device)
                stream.start()
            stream.write(audio.samples.reshape(-1, 1))
        if stream is not None:
            stream.stop()  # returns once the buffered audio has been played
    except (sd.PortAudioError, ValueError) as err:
        raise AudioUnavailable(f"no speaker available ({err})") from err
    finally:
        if stream is not None:
            stream.close()
