"""Playing Audio on a speaker through PortAudio (sounddevice), and stopping it at once.

Speech is produced sentence by sentence in a background thread while a callback
stream plays what is ready. Stopping aborts the stream, dropping what is buffered,
rather than waiting for it to drain. The live loop's replies are played from a process
of their own (speaker_process.py); one-off messages from this one.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from threading import Event
from typing import Protocol

import numpy as np

from voiceinfo.errors import VoiceinfoError
from voiceinfo.speaking.synthesiser import Audio


class AudioUnavailable(VoiceinfoError):
    """No speaker can be used: PortAudio missing, no sound server, no output device."""

    problem = "sound"


def sounddevice():
    """The sounddevice module; AudioUnavailable when the PortAudio library is missing."""
    try:
        import sounddevice as sd
    except OSError as err:  # raised when the PortAudio library itself is missing
        raise AudioUnavailable(f"PortAudio is not installed ({err})") from err
    return sd


def rescan_devices() -> None:
    """Make PortAudio look for devices again (it lists them once, when it starts: a sound
    server or a device that came later is otherwise never seen). Only with no stream open."""
    sd = sounddevice()
    sd._terminate()
    sd._initialize()


def check_speaker(device: int | str | None, rate: int) -> None:
    """AudioUnavailable unless the speaker can play mono 16-bit sound at rate."""
    sd = sounddevice()
    try:
        sd.check_output_settings(device, samplerate=rate, channels=1, dtype="int16")
    except (sd.PortAudioError, ValueError) as err:
        raise AudioUnavailable(f"no speaker available ({err})") from err


# A speaker that has played nothing for this long, with sound waiting, has gone.
STALLED_AFTER = 2.0


@dataclass(frozen=True)
class Piece:
    """A piece of sound and which part of a reply it belongs to (None: not speech)."""

    audio: Audio
    part: int | None = None
    text: str = ""


class Stream(Protocol):
    """Where a reply's samples go: a PortAudio stream here or in the speaker's own process."""

    done: Event  # set when it has finished: everything played, or stopped
    played: int  # samples that have reached the speaker
    first_audio_at: float | None  # monotonic time the first samples reached the speaker

    def write(self, samples: np.ndarray) -> None: ...
    def end(self) -> None: ...  # nothing more to come: finish once what was written is played
    def stop(self) -> None: ...  # silence now, dropping what is buffered
    def close(self) -> None: ...


class LocalStream:
    """Samples played by a PortAudio callback in this process."""

    def __init__(self, rate: int, device: int | str | None, latency: str = "low",
                 done: Event | None = None) -> None:
        sd = sounddevice()
        self._buffer = np.zeros(0, np.int16)
        self._lock = threading.Lock()
        self._ended = self._stopping = False
        self.played = 0
        self.first_audio_at: float | None = None
        self.done = done or threading.Event()
        try:
            self._stream = sd.OutputStream(samplerate=rate, channels=1, dtype="int16", device=device,
                                           latency=latency, callback=self._callback,
                                           finished_callback=self.done.set)
        except (sd.PortAudioError, ValueError) as err:
            raise AudioUnavailable(f"no speaker available ({err})") from err
        self._stream.start()

    def write(self, samples: np.ndarray) -> None:
        with self._lock:
            self._buffer = np.concatenate([self._buffer, samples])

    def end(self) -> None:
        self._ended = True

    def _callback(self, out: np.ndarray, frames: int, when, _status) -> None:
        sd = sounddevice()
        if self._stopping:
            out.fill(0)
            raise sd.CallbackAbort
        with self._lock:
            chunk, self._buffer = self._buffer[:frames], self._buffer[frames:]
            self.played += len(chunk)
        out[:len(chunk), 0] = chunk
        out[len(chunk):].fill(0)
        if len(chunk) and self.first_audio_at is None:
            self.first_audio_at = time.monotonic() + max(0.0, when.outputBufferDacTime - when.currentTime)
        if not len(self._buffer) and self._ended:
            raise sd.CallbackStop

    def stop(self) -> None:
        self._stopping = True

    def close(self) -> None:
        self._stopping = True
        self._stream.close()


class Playback:
    """One reply being played: its progress, and a way to stop it.

    Speech is produced sentence by sentence in a background thread and written to the
    stream as each piece is ready, so the first words sound after one sentence's synthesis
    and the caller stays free to listen for "stop"."""

    def __init__(self, pieces: Iterable[Piece], stream: Stream) -> None:
        self._pieces = pieces
        self._stream = stream
        self._marks: list[tuple[int, Piece]] = []  # start sample of each piece
        self._queued = 0
        self._lock = threading.Lock()
        self._produced = threading.Event()
        self._stopping = False
        self.done = stream.done
        self.error: Exception | None = None
        self._producer = threading.Thread(target=self._produce, daemon=True)
        self._producer.start()

    @property
    def first_audio_at(self) -> float | None:
        return self._stream.first_audio_at

    def _produce(self) -> None:
        try:
            for piece in self._pieces:
                if self._stopping:
                    break
                with self._lock:
                    self._marks.append((self._queued, piece))
                    self._queued += len(piece.audio.samples)
                self._stream.write(piece.audio.samples)
        except Exception as err:  # reported by wait(); the stream finishes what it has
            self.error = err
        finally:
            self._produced.set()
            self._stream.end()

    def _current(self) -> tuple[int, Piece | None]:
        """How many pieces have been heard in full, and the piece playing now."""
        played = self._stream.played
        with self._lock:
            started = [(i, p) for i, (start, p) in enumerate(self._marks) if start <= played]
        if not started:
            return 0, None
        return started[-1][0], started[-1][1]

    @property
    def parts_heard(self) -> int:
        """Reply parts heard to the end (a part cut off is not counted)."""
        index, piece = self._current()
        if piece is not None and piece.part is not None:
            return piece.part
        parts = [p.part for _, p in self._marks[:index] if p.part is not None]
        return max(parts) + 1 if parts else 0

    @property
    def lately_said(self) -> str:
        """The sentence playing now and the one before it: what the microphone may still be
        hearing of its own voice, through the room's echo and the listener's delay."""
        index, _ = self._current()
        with self._lock:
            spoken = [p.text for _, p in self._marks[:index + 1] if p.text]
        return " ".join(spoken[-2:])

    @property
    def now_saying(self) -> str:
        """The text of the sentence playing now."""
        piece = self._current()[1]
        return piece.text if piece else ""

    def stop(self) -> None:
        """Silence it now; wait() then releases the stream."""
        self._stopping = True
        self._stream.stop()
        self.done.wait(2.0)

    def wait(self, tick: Callable[[], None] = lambda: None) -> None:
        """Block until everything has been played, then release the stream; AudioUnavailable
        when the speaker stops taking sound. tick is called twice a second meanwhile (the
        watchdog's heartbeat: a long reply is no hang)."""
        played, since = self._stream.played, time.monotonic()
        while not self.done.wait(0.5):
            tick()
            waiting = self._queued - self._stream.played
            if self._stream.played != played or not waiting and not self._produced.is_set():
                played, since = self._stream.played, time.monotonic()
            elif not waiting:  # all played, and the stream never said it had finished
                break
            elif time.monotonic() - since > STALLED_AFTER:
                self.close()
                raise AudioUnavailable("the speaker stopped playing")
        self.close()
        if self.error is not None:
            raise self.error

    def close(self) -> None:
        self._stopping = True
        self._stream.close()
        self._producer.join(timeout=5.0)


def play(chunks: Iterable[Audio], device: int | str | None = None) -> None:
    """Play audio chunks back to back and wait until they have been heard."""
    chunks = iter(chunks)
    first = next(chunks, None)
    if first is None:
        return

    def pieces() -> Iterable[Piece]:
        yield Piece(first)
        yield from (Piece(audio) for audio in chunks)

    # Nobody cuts in on a one-off (ask, the wizard, a notice): a longer buffer, so that a busy
    # machine cannot starve the speaker mid-word (a loaded CI run heard gaps).
    Playback(pieces(), LocalStream(first.rate, device, latency="high")).wait()
