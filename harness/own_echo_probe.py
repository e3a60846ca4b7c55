"""Its own voice through the real (virtual) speaker and microphone, as the loop hears it while it
speaks: plays a sentence with Piper's voice through Playback, reads the Microphone with its
frames' times, says "stop" into the microphone (STOP_WAV) two seconds in, and prints one JSON
line per 0.6 s of what was heard: when, how much of it (seconds) the voiced part of the "stop"
overlaps, and whether barge_in.its_own_voice took it for its own voice. Run with the virtual
audio's environment.

    python -m harness.own_echo_probe STOP_WAV
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time

from voiceinfo.audio.microphone import Microphone
from voiceinfo.audio.playback import Piece, Playback
from voiceinfo.audio.segmenter import FRAME_SAMPLES, SAMPLE_RATE
from voiceinfo.loop.barge_in import its_own_voice
from voiceinfo.speaking.piper import PiperSynthesiser
from voiceinfo.speaking.voice import Voice

_WINDOW = round(0.6 * SAMPLE_RATE / FRAME_SAMPLES)  # frames: about as long as "stop" and its pre-roll
_STOP_AT = 2.0
# Where the word is in the "stop" the test says (espeak-ng's, 0.06 to 0.46 s of the file), and
# a little for paplay to start.
_VOICED = (0.1, 0.5)


def main() -> None:
    stop_wav = sys.argv[1]
    speech = PiperSynthesiser(Voice(name="piper/joe")).synthesise(
        "Baclofen can cause side effects in some people. The most common are drowsiness, dizziness, "
        "weakness, fatigue, confusion and headache.")
    microphone = Microphone(None)
    time.sleep(0.5)
    microphone.flush()
    playback = Playback(iter([Piece(speech)]), speech.rate, None)
    said: list[float] = []

    def say_stop() -> None:
        time.sleep(_STOP_AT)
        said.append(time.monotonic())
        subprocess.run(["paplay", "--device=vmic_in", stop_wav], check=True, timeout=30)

    threading.Thread(target=say_stop, daemon=True).start()
    frames: list[tuple[float, bytes]] = []
    while not playback.done.is_set():
        frame = microphone.read(0.1)
        if frame is not None:
            frames.append((microphone.heard_at, frame))
    microphone.close()
    for at in range(0, len(frames) - _WINDOW, _WINDOW):
        window = frames[at:at + _WINDOW]
        start, end = window[0][0], window[-1][0] + FRAME_SAMPLES / SAMPLE_RATE
        overlap = max(0.0, min(end, said[0] + _VOICED[1]) - max(start, said[0] + _VOICED[0])) if said else 0.0
        print(json.dumps({"from": start, "stop": overlap,
                          "own": its_own_voice([f for _, f in window], start, playback)}), flush=True)


if __name__ == "__main__":
    main()
