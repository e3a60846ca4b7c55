"""The microphone: 16 kHz mono 16-bit frames from a sounddevice input stream.

A callback stream fills a queue, so that no audio is lost while a reply is being
worked out. A device that cannot record at 16 kHz is opened at its own rate and
resampled with soxr. Audio stays in memory and is dropped once used.
"""

from __future__ import annotations

import queue
import time

import numpy as np

from voiceinfo.audio.playback import AudioUnavailable, sounddevice
from voiceinfo.audio.segmenter import FRAME_SAMPLES, SAMPLE_RATE

# A device sends a block every 32 ms; a whole second of nothing means it has gone (an
# unplugged microphone leaves PortAudio's stream "active" but silent).
STALLED_AFTER = 1.0
# A device just opened may take longer to send its first block (a Bluetooth headset, a
# sound server waking a suspended source).
STARTING_GRACE = 2.0


class Microphone:
    """Frames of FRAME_SAMPLES samples at SAMPLE_RATE, in order, as they are recorded."""

    def __init__(self, device: int | str | None = None) -> None:
        sd = sounddevice()
        self._queue: queue.Queue[np.ndarray] = queue.Queue()
        self._pending = np.zeros(0, np.int16)
        self._last_block = time.monotonic() + STARTING_GRACE
        try:
            info = sd.query_devices(device, "input")
            self.name = str(info["name"])
            try:
                sd.check_input_settings(device, channels=1, dtype="int16", samplerate=SAMPLE_RATE)
                rate = SAMPLE_RATE
            except (sd.PortAudioError, ValueError):
                rate = int(info["default_samplerate"])
            self._resampler = None
            if rate != SAMPLE_RATE:
                import soxr

                self._resampler = soxr.ResampleStream(rate, SAMPLE_RATE, 1, dtype="int16")
            self.rate = rate
            self._stream = sd.InputStream(samplerate=rate, channels=1, dtype="int16", device=device,
                                          blocksize=int(rate * FRAME_SAMPLES / SAMPLE_RATE),
                                          callback=self._callback)
            self._stream.start()
        except (sd.PortAudioError, ValueError) as err:
            raise AudioUnavailable(f"no microphone available ({err})") from err

    def _callback(self, data: np.ndarray, _frames: int, _time, _status) -> None:
        self._last_block = time.monotonic()
        self._queue.put(data[:, 0].copy())

    def read(self, timeout: float = 1.0) -> bytes | None:
        """The next frame, or None if none came within timeout; AudioUnavailable once the
        device has sent nothing for STALLED_AFTER seconds."""
        while len(self._pending) < FRAME_SAMPLES:
            try:
                block = self._queue.get(timeout=timeout)
            except queue.Empty:
                if not self._stream.active or time.monotonic() - self._last_block > STALLED_AFTER:
                    raise AudioUnavailable("the microphone stopped sending sound") from None
                return None
            if self._resampler is not None:
                block = self._resampler.resample_chunk(block)
            self._pending = np.concatenate([self._pending, block])
        frame, self._pending = self._pending[:FRAME_SAMPLES], self._pending[FRAME_SAMPLES:]
        return frame.tobytes()

    def flush(self) -> None:
        """Drop what was recorded so far (the program's own voice, after it spoke)."""
        while not self._queue.empty():
            self._queue.get_nowait()
        self._pending = np.zeros(0, np.int16)

    def close(self) -> None:
        self._stream.close()
