"""Barge-in: from the end of a spoken "stop" to voiceinfo stopping, through the virtual devices.

Runs `voiceinfo` on a private PulseAudio server; each trial asks it to read all the side
effects, says "stop" into the virtual microphone 3 s into the list, and takes the time from
the end of the word (when the recording finished playing, less its trailing quiet) to the
"Stopped" line that voiceinfo prints as it aborts playback. With --echo-level, its own
voice is also looped back into the microphone (0 dB: at the level it is played, about as
loud as the spoken "stop"); with --echo-cancel, voiceinfo cancels it.

    .venv/bin/python bench/barge_in_latency.py [--trials 10] [--echo-level DB] [--echo-cancel]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import soundfile

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the harness

from live_latency import percentile  # noqa: E402

from harness.live_session import LiveSession, spoken_wav  # noqa: E402
from harness.virtual_audio import start_virtual_audio  # noqa: E402

LOUD = 0.01  # of full scale: where the word's sound ends


def trailing_quiet(wav: Path) -> float:
    samples, rate = soundfile.read(str(wav), dtype="float32")
    loud = np.flatnonzero(np.abs(samples) > LOUD)
    return (len(samples) - (loud[-1] + 1 if len(loud) else 0)) / rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=10)
    parser.add_argument("--echo-level", type=float, metavar="DB", help="loop its own voice back at this level")
    parser.add_argument("--echo-cancel", action="store_true")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    quiet_after_stop = trailing_quiet(spoken_wav(folder, "stop", "gmw/en-us"))
    audio = start_virtual_audio()
    if args.echo_level is not None:
        audio.loop_speaker_into_microphone(args.echo_level)
    delays, missed = [], 0
    try:
        options = ("--reprompt-after", "60", *(["--echo-cancel"] if args.echo_cancel else []))
        with LiveSession(audio, folder, "gmw/en-us+f3", options) as session:
            for _ in range(args.trials):
                session.wait_for("Listening.", timeout=120)
                time.sleep(0.3)
                session.say("read all the side effects")
                session.wait_for("Saying: ")
                time.sleep(3.0)
                word_end = session.say("stop", "gmw/en-us") - quiet_after_stop
                try:
                    stopped, _ = session.wait_for("Stopped", timeout=5)
                    delays.append((stopped - word_end) * 1000)
                    print(f"stopped {delays[-1]:.0f} ms after the end of 'stop'", flush=True)
                except AssertionError:
                    missed += 1
                    print("missed: it read on", flush=True)  # to the end: ~40 s
    finally:
        audio.stop()
    echo = "" if args.echo_level is None else f", its own voice looped back at {args.echo_level:g} dB"
    print(f"{args.trials} trials{echo}{', echo cancelled' * args.echo_cancel}: "
          f"stopped {len(delays)}, missed {missed}")
    if delays:
        print(f"end of 'stop' -> stopped: p50 {statistics.median(delays):.0f} ms   "
              f"p95 {percentile(delays, 95):.0f} ms   max {max(delays):.0f} ms")


if __name__ == "__main__":
    main()
