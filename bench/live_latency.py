"""End of speech -> first answer audio, through the virtual microphone and speaker.

Runs `voiceinfo --timings` on a private PulseAudio server, speaks 20 questions into the
virtual microphone one turn at a time, and reads each turn's timing line: the silence
waited for (the configured end-of-speech silence), then recognition, hearing an unsure
question again, answering and synthesis until the first samples reach the speaker. Prints
p50/p95 of each, and of the time beyond the silence for the turns heard once.

    .venv/bin/python bench/live_latency.py [--patience quick|patient|very-patient] [--voice NAME]

The questions are said by espeak-ng's gmw/en-us; voiceinfo answers with --voice (default: its
own default).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the harness

from harness.live_session import LiveSession  # noqa: E402
from harness.virtual_audio import start_virtual_audio  # noqa: E402

QUESTIONS = [
    "does it make you sleepy", "can i drink alcohol with it", "is it safe in pregnancy",
    "does it cause constipation", "can it give me a headache", "will it make me dizzy",
    "can i drive while taking it", "does it cause nausea", "what is baclofen",
    "how does it work", "what if i stop taking it suddenly", "is it safe for children",
    "can it cause confusion", "will i feel tired", "does it cause insomnia",
    "what about my kidneys", "can it lower my blood pressure", "will it make me weak",
    "what strength are the tablets", "what should i tell my doctor",
]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patience", default="patient")
    parser.add_argument("--voice", help="the voice voiceinfo answers with (default: its default)")
    args = parser.parse_args()
    voice = ("--voice", args.voice) if args.voice else ()
    audio = start_virtual_audio()
    try:
        with LiveSession(audio, Path(tempfile.mkdtemp()), "gmw/en-us",
                         ("--reprompt-after", "60", "--timings", "--patience", args.patience, *voice)) as session:
            for question in QUESTIONS:
                session.turn(question)
        time.sleep(0.5)  # let the reader take the last lines
        timings = [json.loads(line) for line in session.errors if line.startswith("{")]
    finally:
        audio.stop()
    print(f"{len(timings)} turns, patience {args.patience}, voice {args.voice or 'the default'}")
    again = [t for t in timings if t["hearing_again"]]
    print(f"heard again (the dialogue was unsure of the first hearing): {len(again)} of {len(timings)} turns")
    for key in ("end_of_speech_wait", "recognition", "hearing_again", "answering", "synthesis_to_first_audio",
                "beyond_silence"):
        print(f"{key:26s} {spread([t[key] for t in timings])}")
    print(f"{'beyond_silence, heard once':26s} {spread([t['beyond_silence'] for t in timings if t not in again])}")
    if again:
        print(f"{'hearing_again, when heard':26s} {spread([t['hearing_again'] for t in again])}")


def spread(seconds: list[float]) -> str:
    values = [s * 1000 for s in seconds]
    return f"p50 {statistics.median(values):7.1f} ms   p95 {percentile(values, 95):7.1f} ms" if values else "none"


if __name__ == "__main__":
    main()
