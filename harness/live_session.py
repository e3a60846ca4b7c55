"""Running `voiceinfo` as a user starts it, on the virtual microphone and speaker.

The test speaks into the virtual microphone (paplay into the "vmic_in" sink), reads
what the program prints, and records what it says from the virtual speaker.
"""

from __future__ import annotations

import queue
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from harness.virtual_audio import VirtualAudio
from voiceinfo.speaking.synthesiser import Synthesiser, write_wav
from voiceinfo.speaking.voice import Voice

VOICEINFO = [sys.executable, "-m", "voiceinfo"]


def spoken_wav(folder: Path, text: str, voice: str, rate: int = 160) -> Path:
    path = folder / f"{voice.replace('/', '_')}-{rate}-{text.replace(' ', '_')}.wav"
    if not path.exists():
        write_wav(str(path), Synthesiser(Voice(voice, rate)).speak_sentences(text))
    return path


@dataclass
class LiveSession:
    audio: VirtualAudio
    folder: Path
    voice: str
    args: tuple[str, ...] = ("--reprompt-after", "60")  # the plain loop; ("kiosk", ...) for a kiosk
    env: dict[str, str] = field(default_factory=dict)  # on top of the sound server's
    command: list[str] | None = None  # the whole command line instead (args are then unused)
    umask: int = 0o022
    lines: queue.Queue[tuple[float, str]] = field(default_factory=queue.Queue)
    errors: list[str] = field(default_factory=list)
    last_heard: str = ""  # the last "Heard: ..." line passed over, for failure messages
    printed: list[str] = field(default_factory=list)  # every line wait_for has taken, in order

    def __enter__(self) -> LiveSession:
        self.proc = subprocess.Popen(self.command or [*VOICEINFO, *self.args], env={**self.audio.env, **self.env},
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                     umask=self.umask)
        threading.Thread(target=self._read, args=(self.proc.stdout, self.lines), daemon=True).start()
        threading.Thread(target=lambda: self.errors.extend(self.proc.stderr), daemon=True).start()
        return self

    @staticmethod
    def _read(stream, lines: queue.Queue) -> None:
        for line in stream:
            lines.put((time.monotonic(), line.rstrip("\n")))

    def __exit__(self, *_exc) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            # SIGTERM is handled once a decode or synthesis in progress returns: on a loaded CI
            # machine that once took over 10 s (systemd waits 90 s before it kills a unit).
            self.proc.wait(timeout=30)

    def wait_for(self, prefix: str, timeout: float = 90.0) -> tuple[float, str]:
        """The next printed line starting with prefix (earlier lines are passed over)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                when, line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"voiceinfo never printed {prefix!r}; stderr: "
                                     + "".join(self.errors)[-2000:]) from None
            self.printed.append(line)
            if line.startswith("Heard: "):
                self.last_heard = line
            if line.startswith(prefix):
                return when, line

    def say(self, text: str, voice: str | None = None, rate: int = 160) -> float:
        """Speak text into the microphone; returns when it finished playing."""
        wav = spoken_wav(self.folder, text, voice or self.voice, rate)
        subprocess.run(["paplay", "--device=vmic_in", str(wav)],
                       env=self.audio.env, check=True, timeout=30)
        return time.monotonic()

    def turn(self, text: str, voice: str | None = None, rate: int = 160) -> tuple[str, np.ndarray]:
        """Say text once it is listening; return what it printed as said, and the recording."""
        self.wait_for("Listening.")
        time.sleep(0.3)
        path = self.folder / "speaker.wav"
        recording = self.audio.record_speaker(path)
        self.say(text, voice, rate)
        _, saying = self.wait_for("Saying: ")
        self.wait_for("Listening.")
        self.lines.put((time.monotonic(), "Listening."))  # for the next turn
        return saying.removeprefix("Saying: "), self.audio.finish_recording(recording, path)

    def ask(self, question: str, voice: str | None = None, rate: int = 160) -> tuple[str, np.ndarray]:
        """A question's turn as a person would take it: when voiceinfo is not sure it heard
        right ("Did you ask about side effects?"), say yes (heard 45 of 45 offline)."""
        said, recording = self.turn(question, voice, rate)
        if said.startswith("Did you ask about"):
            print(f"confirmed {question!r}: {said}")
            said, recording = self.turn("yes", "gmw/en-us")
        return said, recording
