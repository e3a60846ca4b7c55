"""The live loop's speaker, played from a process of its own.

While it speaks, this process decodes what the microphone hears and makes the next
sentence; pocketsphinx holds the interpreter lock for 3-6 ms a frame and 12-320 ms to
finish an utterance, and PortAudio's low-latency callback must run every few
milliseconds. In the same process the callback missed its turns and the speaker ran dry,
so its own voice came back into the microphone in pieces, heard as "hold on"
(docs/measurements.md). The speaker's process has its own interpreter lock: it only
receives samples and plays them. Progress (samples played, first audio) is shared memory,
and the time of the first audio is on the same monotonic clock as this process's.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections.abc import Iterable

import numpy as np

from voiceinfo.audio.playback import AudioUnavailable, LocalStream, Piece, Playback

# A first start imports numpy and PortAudio (about 0.3 s here, longer on a Raspberry Pi).
ANSWER_WITHIN = 10.0


def _same_sound_server(settings: dict[str, str]) -> None:
    """Take this process's PULSE_* settings from the loop's: echo cancellation changes them
    while it runs, and the ALSA pulse plugin reads them as each stream opens."""
    for name in [n for n in os.environ if n.startswith("PULSE_")]:
        os.environ.pop(name)
    os.environ.update(settings)


class _SharedStream(LocalStream):
    """A LocalStream whose progress is copied to memory the loop's process reads."""

    def __init__(self, played, first_audio_at, *args, **kwargs) -> None:
        self._shared_played, self._shared_first = played, first_audio_at
        super().__init__(*args, **kwargs)

    def _callback(self, out: np.ndarray, frames: int, when, status) -> None:
        try:
            super()._callback(out, frames, when, status)
        finally:
            self._shared_played.value = self.played
            if self.first_audio_at is not None:
                self._shared_first.value = self.first_audio_at


def _serve(connection, played, first_audio_at, done) -> None:
    """The speaker's process: one stream at a time, as the loop asks; ends with the loop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the loop's to handle
    stream: LocalStream | None = None
    while True:
        try:
            message = connection.recv()
        except (EOFError, OSError):  # the loop has gone
            break
        kind, *args = message
        if kind == "open":
            rate, device, latency, sound_server = args
            _same_sound_server(sound_server)
            try:
                stream = _SharedStream(played, first_audio_at, rate, device, latency, done=done)
            except AudioUnavailable as err:
                connection.send(("error", str(err)))
            else:
                connection.send(("opened",))
        elif stream is not None and kind == "write":
            stream.write(args[0])
        elif stream is not None and kind == "end":
            stream.end()
        elif stream is not None and kind == "stop":
            stream.stop()
        elif stream is not None and kind == "close":
            stream.close()
            stream = None


class ProcessStream:
    """The loop's side of a stream in the speaker's process (a Stream)."""

    def __init__(self, speaker: SpeakerProcess) -> None:
        self._speaker = speaker
        self.done = speaker.done

    @property
    def played(self) -> int:
        return self._speaker.played.value

    @property
    def first_audio_at(self) -> float | None:
        return self._speaker.first_audio_at.value or None

    def write(self, samples: np.ndarray) -> None:
        self._speaker.send("write", samples)

    def end(self) -> None:
        self._speaker.send("end")

    def stop(self) -> None:
        self._speaker.send("stop")

    def close(self) -> None:
        try:
            self._speaker.send("close")
        except AudioUnavailable:  # the process has gone, and its stream with it
            pass


class SpeakerProcess:
    """A process that plays what the loop sends it, one stream at a time."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")  # not a fork of a process with threads
        self._connection, theirs = context.Pipe()
        self.played = context.Value("q", 0, lock=False)
        self.first_audio_at = context.Value("d", 0.0, lock=False)
        self.done = context.Event()
        self._sending = threading.Lock()
        self._process = context.Process(target=_serve, args=(theirs, self.played, self.first_audio_at, self.done),
                                        name="voiceinfo-speaker", daemon=True)
        self._process.start()
        theirs.close()

    def send(self, *message: object) -> None:
        with self._sending:
            try:
                self._connection.send(message)
            except (BrokenPipeError, OSError) as err:
                raise AudioUnavailable(f"the speaker's process has gone ({err})") from err

    def open(self, rate: int, device: int | str | None, latency: str = "low") -> ProcessStream:
        """A new stream; AudioUnavailable when the speaker cannot be opened or the process
        does not answer."""
        self.done.clear()
        self.played.value, self.first_audio_at.value = 0, 0.0
        self.send("open", rate, device, latency, {n: v for n, v in os.environ.items() if n.startswith("PULSE_")})
        answered = False
        try:
            answered = self._connection.poll(ANSWER_WITHIN)
            reply = self._connection.recv() if answered else ("error", "the speaker's process did not answer")
        except (EOFError, OSError) as err:
            reply = ("error", f"the speaker's process has gone ({err})")
        if not answered:  # stuck or gone: the next reply starts a new one
            self._process.kill()
        if reply[0] == "error":
            raise AudioUnavailable(reply[1])
        return ProcessStream(self)

    @property
    def alive(self) -> bool:
        return self._process.is_alive()

    def close(self) -> None:
        self._connection.close()
        self._process.join(timeout=2.0)
        if self._process.is_alive():
            self._process.kill()


_speaker: SpeakerProcess | None = None


def speaker_process() -> SpeakerProcess:
    """The speaker's process, started on first use, and again if it has gone."""
    global _speaker
    if _speaker is None or not _speaker.alive:
        _speaker = SpeakerProcess()
    return _speaker


def restart_speaker_process() -> None:
    """Let a new process play from now on (its PortAudio lists the devices afresh)."""
    global _speaker
    if _speaker is not None:
        _speaker.close()
        _speaker = None


def start_playing(pieces: Iterable[Piece], rate: int, device: int | str | None = None) -> Playback:
    """Start playing pieces (all at `rate`) in the background, from the speaker's process."""
    return Playback(pieces, speaker_process().open(rate, device))
