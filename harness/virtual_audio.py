"""A private PulseAudio server with a virtual microphone and speaker, for real audio tests.

Follows ../shared/audio-harness.md: null sink "vspk" is the default speaker (record its
monitor to hear what the program said); null sink "vmic_in", remapped as source "vmic",
is the default microphone (play a WAV into "vmic_in" to speak to the program).
PortAudio reaches the server through ALSA's pulse plugin.
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import subprocess
import tempfile
import time
import wave
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np


@dataclass
class VirtualAudio:
    env: dict[str, str]
    root: Path
    _server: subprocess.Popen | None = None
    ready_at: float = 0.0  # when the server last started answering
    _drains: list[subprocess.Popen] = field(default_factory=list)

    def pactl(self, *args: str) -> str:
        return subprocess.run(["pactl", *args], env=self.env, check=True, text=True,
                              capture_output=True, timeout=10).stdout

    def start(self) -> None:
        log = self.root / "pulse.log"
        self._server = subprocess.Popen(
            ["pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--use-pid-file=no",
             "--disallow-exit", "--enable-memfd=no", f"--log-target=file:{log}",
             "-L", "module-native-protocol-unix auth-anonymous=1",
             "-L", "module-null-sink sink_name=vspk rate=44100 channels=2",
             "-L", "module-null-sink sink_name=vmic_in rate=16000 channels=1",
             "-L", "module-remap-source source_name=vmic master=vmic_in.monitor"],
            env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while subprocess.run(["pactl", "info"], env=self.env, capture_output=True).returncode:
            if time.monotonic() > deadline or self._server.poll() is not None:
                raise RuntimeError(f"PulseAudio did not start; see {log}")
            time.sleep(0.05)
        self.ready_at = time.monotonic()
        self.pactl("set-default-sink", "vspk")
        self.pactl("set-default-source", "vmic")
        self._start_drains()

    def _start_drains(self) -> None:
        """Keep both null sinks rendering in small blocks (a first read otherwise stalls ~2 s)."""
        for proc in self._drains:
            proc.terminate()
            proc.wait(timeout=10)
        self._drains = [subprocess.Popen(["parec", "--latency-msec=20", f"--device={device}", "--raw"],
                                         env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                        for device in ("vmic", "vspk.monitor")]
        time.sleep(2.0)

    def loop_speaker_into_microphone(self, level_db: float = 0.0) -> str:
        """Mix what the speaker plays into the microphone, as a speaker in the same room would;
        returns the module to unload."""
        module = self.pactl("load-module", "module-loopback", "source=vspk.monitor", "sink=vmic_in",
                            "latency_msec=30").strip()
        for block in self.pactl("list", "sink-inputs").split("Sink Input #")[1:]:
            if f"Owner Module: {module}\n" in block:
                self.pactl("set-sink-input-volume", block.split()[0], f"{level_db}dB")
        return module

    def unplug_microphone(self) -> None:
        """Remove "vmic", as pulling out a USB microphone would (PulseAudio moves the streams
        that recorded from it, the harness's own readers too, to another source)."""
        module = next(line.split()[0] for line in self.pactl("list", "short", "modules").splitlines()
                      if "source_name=vmic" in line)
        self.pactl("unload-module", module)

    def plug_microphone_back(self) -> None:
        self.pactl("load-module", "module-remap-source", "source_name=vmic", "master=vmic_in.monitor")
        self.pactl("set-default-source", "vmic")
        self._start_drains()  # the readers were moved away with the streams

    def stop_server(self) -> None:
        """Stop the server (as a crash or a restart would); start() brings it back."""
        for proc in [*self._drains, self._server]:
            if proc and proc.poll() is None:
                proc.terminate()
                proc.wait(timeout=10)
        self._drains.clear()

    def stop(self) -> None:
        self.stop_server()
        shutil.rmtree(self.root, ignore_errors=True)

    def record_speaker(self, path: Path) -> subprocess.Popen:
        """Start recording what the virtual speaker plays; stop with finish_recording."""
        proc = subprocess.Popen(
            ["parecord", "--device=vspk.monitor", "--latency-msec=20", "--channels=1",
             "--rate=16000", "--file-format=wav", str(path)],
            env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.3)
        return proc

    @staticmethod
    def finish_recording(proc: subprocess.Popen, path: Path) -> np.ndarray:
        proc.send_signal(signal.SIGINT)  # parecord finalises the WAV header on SIGINT
        proc.wait(timeout=10)
        with wave.open(str(path), "rb") as wav:
            return np.frombuffer(wav.readframes(wav.getnframes()), dtype=np.int16)


# Fresh for each run: a shared cache can hold a model built by a process that imported
# older code than the files its cache key was taken from (seen while editing).
_MODEL_CACHE = Path(tempfile.mkdtemp(prefix="voiceinfo-models-"))
atexit.register(shutil.rmtree, _MODEL_CACHE, True)


def virtual_audio_not_started() -> VirtualAudio:
    """The server's folder and environment, for a client started before the server."""
    root = Path(tempfile.mkdtemp(prefix="voiceinfo-pulse-"))
    os.chmod(root, 0o700)
    env = dict(os.environ, HOME=str(root), XDG_CONFIG_HOME=str(root / "config"),
               XDG_STATE_HOME=str(root / "state"), XDG_RUNTIME_DIR=str(root),
               PULSE_SERVER=f"unix:{root}/pulse/native",
               # The program's speech models are built once per test run, into a cache of its own.
               XDG_CACHE_HOME=str(_MODEL_CACHE))
    return VirtualAudio(env, root)


def start_virtual_audio() -> VirtualAudio:
    audio = virtual_audio_not_started()
    audio.start()
    return audio
