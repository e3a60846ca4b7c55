"""Spoken round trip: the question set said by espeak-ng, recognised, answered.

Run: .venv/bin/python bench/spoken.py [VOICE RATE ...]   (default: en-us 160)
Prints, per voice and rate, how often the answer's section and item match the set.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from question_set import read_cases  # noqa: E402
from voiceinfo.answering import Answerer  # noqa: E402
from voiceinfo.audio_input import read_wav  # noqa: E402
from voiceinfo.content import DEFAULT_CONTENT, load  # noqa: E402
from voiceinfo.lexicon import default_lexicon  # noqa: E402
from voiceinfo.recogniser import transcribe  # noqa: E402
from voiceinfo.sphinx_recogniser import SphinxRecogniser  # noqa: E402


def main(args: list[str]) -> None:
    conditions = list(zip(args[::2], map(int, args[1::2]))) or [("en-us", 160)]
    monograph = load(DEFAULT_CONTENT)
    answerer = Answerer(monograph, default_lexicon())
    recogniser = SphinxRecogniser(monograph)
    cases = read_cases()
    with tempfile.TemporaryDirectory() as folder:
        wav = Path(folder) / "q.wav"
        for voice, rate in conditions:
            right, seconds, audio_seconds = 0, 0.0, 0.0
            for case in cases:
                subprocess.run(["espeak-ng", "-v", voice, "-s", str(rate), "-w", str(wav),
                                case.question], check=True)
                samples = read_wav(wav)
                start = time.perf_counter()
                heard = transcribe(recogniser, samples).text
                seconds += time.perf_counter() - start
                audio_seconds += len(samples) / 16000
                right += answerer.answer(heard).target == case.expected
            print(f"{voice} {rate} wpm: {right}/{len(cases)} = {right / len(cases):.1%} "
                  f"(real-time factor {seconds / audio_seconds:.3f})", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
