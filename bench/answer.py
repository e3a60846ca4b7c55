"""Answering speed: per-question latency over the question set, and one cold `ask`.

Run: .venv/bin/python bench/answer.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from question_set import read_cases  # noqa: E402
from voiceinfo.answering import Answerer  # noqa: E402
from voiceinfo.content import DEFAULT_CONTENT, load  # noqa: E402
from voiceinfo.lexicon import default_lexicon  # noqa: E402

ROUNDS = 20


def percentile(values: list[float], p: float) -> float:
    return sorted(values)[min(len(values) - 1, int(p / 100 * len(values)))]


def main() -> None:
    answerer = Answerer(load(DEFAULT_CONTENT), default_lexicon())
    questions = [c.question for c in read_cases()]
    timings = []
    for _ in range(ROUNDS):
        for q in questions:
            start = time.perf_counter()
            answerer.answer(q)
            timings.append((time.perf_counter() - start) * 1000)
    print(f"answering: {len(questions)} questions x {ROUNDS} rounds: "
          f"p50 {statistics.median(timings):.2f} ms, p95 {percentile(timings, 95):.2f} ms, "
          f"max {max(timings):.2f} ms")

    cold = []
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "voiceinfo", "ask", "--no-speak", "can I drive?"],
                       check=True, capture_output=True)
        cold.append(time.perf_counter() - start)
    print(f"cold start of 'voiceinfo ask --no-speak': median {statistics.median(cold):.2f} s "
          f"(min {min(cold):.2f}, max {max(cold):.2f}, 5 runs)")


if __name__ == "__main__":
    main()
