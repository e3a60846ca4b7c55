"""Echo cancellation by the sound server, so that "stop" is heard over voiceinfo's own voice.

With a speaker in the same room, the microphone hears voiceinfo's own speech; a "stop"
said over it never ends in silence, so it is never heard. PulseAudio, and PipeWire's
PulseAudio server, cancel that echo with module-echo-cancel (WebRTC's canceller): a new
microphone that hears the room minus what was played, and a new speaker that gives the
canceller what is played. voiceinfo loads it, records and plays through it (chosen by
PULSE_SOURCE and PULSE_SINK, which the ALSA pulse plugin under PortAudio honours) and
unloads it at the end. The real microphone and speaker stay the server's defaults, or
those that PULSE_SOURCE and PULSE_SINK named when voiceinfo started.

Measured in the virtual harness (its own voice looped back at full level): the echo went
from about 70 dB to under 30 dB, while a "stop" said over it stayed at full level.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field

from voiceinfo.errors import VoiceinfoError

SOURCE = "voiceinfo_echo_cancelled_mic"
SINK = "voiceinfo_echo_cancelled_speaker"
# The canceller's automatic gain control turned the person's voice down by about 20 dB
# together with the echo; its noise suppression stays on.
_CANCELLER = ("aec_method=webrtc", 'aec_args="analog_gain_control=0 digital_gain_control=0"')
_VARIABLES = {"source": "PULSE_SOURCE", "sink": "PULSE_SINK"}


class EchoCancelUnavailable(VoiceinfoError):
    """The sound server runs but cannot cancel echo; the message says why and what to do."""

    problem = "echo cancellation"


def _pactl(*args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["pactl", *args], capture_output=True, text=True, timeout=10, check=False)
    except FileNotFoundError:
        raise EchoCancelUnavailable("'pactl' is missing; install pulseaudio-utils") from None
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(args, 1, "", "the sound server did not answer")


@dataclass
class EchoCancel:
    """The echo-cancelled microphone and speaker, loaded when needed and used by this process."""

    # What PULSE_SOURCE / PULSE_SINK named before: the real devices, or None for the defaults.
    masters: dict[str, str | None] = field(
        default_factory=lambda: {kind: os.environ.get(name) for kind, name in _VARIABLES.items()})
    _loaded: bool = False  # by this process, so it unloads it at the end

    def ensure(self) -> bool:
        """Load the canceller if the server lacks it, and record and play through it.

        False while no sound server answers (call again once it does, as after a restart).
        Raises EchoCancelUnavailable, leaving the real devices in use, when the server
        answers but cannot load it."""
        if _pactl("info").returncode:
            return False
        sources = _pactl("list", "short", "sources").stdout.split()
        if SOURCE not in sources:
            masters = {kind: self.masters[kind] or _pactl(f"get-default-{kind}").stdout.strip()
                       for kind in _VARIABLES}
            loaded = _pactl("load-module", "module-echo-cancel", f"source_name={SOURCE}", f"sink_name={SINK}",
                            f"source_master={masters['source']}", f"sink_master={masters['sink']}",
                            *_CANCELLER)
            if loaded.returncode:
                self._use_masters()
                raise EchoCancelUnavailable(
                    f"the sound server could not load module-echo-cancel for {masters['source']} and "
                    f"{masters['sink']} ({loaded.stderr.strip() or 'no reason given'})")
            self._loaded = True
        os.environ[_VARIABLES["source"]], os.environ[_VARIABLES["sink"]] = SOURCE, SINK
        return True

    def close(self) -> None:
        """Unload the canceller this process loaded, and go back to the real devices."""
        if self._loaded:  # found by name: a restarted server numbers its modules afresh
            for line in _pactl("list", "short", "modules").stdout.splitlines():
                if f"source_name={SOURCE}" in line:
                    _pactl("unload-module", line.split()[0])
            self._loaded = False
        self._use_masters()

    def _use_masters(self) -> None:
        for kind, name in _VARIABLES.items():
            if self.masters[kind] is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = str(self.masters[kind])
