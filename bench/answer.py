"""Answering speed and memory: per-question latency over the question sets, what the sentence
model adds to a process's memory, a first start (nothing cached) and a cold `voiceinfo ask`.

Run: .venv/bin/python bench/answer.py [--rounds N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the harness

from harness.question_set import HELD_OUT, PEOPLE, QUESTIONS, read_cases, read_people  # noqa: E402
from voiceinfo.understanding.answering import Answerer  # noqa: E402
from voiceinfo.understanding.content import DEFAULT_CONTENT, load  # noqa: E402
from voiceinfo.understanding.lexicon import default_lexicon  # noqa: E402

# A process that answers one question and prints its peak memory (kB): with the sentence
# model, or with words alone.
_PEAK = """
import resource, sys
from voiceinfo.understanding.answering import Answerer
from voiceinfo.understanding.content import DEFAULT_CONTENT, load
from voiceinfo.understanding.lexicon import default_lexicon
answerer = Answerer(load(DEFAULT_CONTENT), default_lexicon(), meaning=sys.argv[1] == "meaning")
answerer.answer("my legs feel weaker since I started")
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def percentile(values: list[float], p: float) -> float:
    return sorted(values)[min(len(values) - 1, int(p / 100 * len(values)))]


def _run(args: list[str], env: dict[str, str] | None = None) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, *args], check=True, capture_output=True, text=True,
                          env={**os.environ, **(env or {})})
    return time.perf_counter() - start, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    # Before this process loads the model: a child's peak memory starts from its parent's.
    peak = {kind: int(_run(["-c", _PEAK, kind])[1]) / 1024 for kind in ("words", "meaning")}
    print(f"peak memory answering one question: words alone {peak['words']:.0f} MB, "
          f"with the sentence model {peak['meaning']:.0f} MB (+{peak['meaning'] - peak['words']:.0f} MB)")

    answerer = Answerer(load(DEFAULT_CONTENT), default_lexicon())
    questions = [c.question for path in (QUESTIONS, HELD_OUT) for c in read_cases(path)]
    questions += [c.question for c in read_people(PEOPLE)]
    answerer.answer(questions[0])  # the model and the phrasebook load on the first question
    timings = []
    for _ in range(args.rounds):
        for q in questions:
            start = time.perf_counter()
            answerer.answer(q)
            timings.append((time.perf_counter() - start) * 1000)
    print(f"answering: {len(questions)} questions x {args.rounds} rounds: "
          f"p50 {statistics.median(timings):.1f} ms, p95 {percentile(timings, 95):.1f} ms, "
          f"max {max(timings):.1f} ms")

    with tempfile.TemporaryDirectory() as empty:
        first, _ = _run(["-m", "voiceinfo", "ask", "--no-speak", "can I drive?"], {"XDG_CACHE_HOME": empty})
    print(f"first start, nothing cached (the phrasebook read from the package): {first:.1f} s")
    cold = [_run(["-m", "voiceinfo", "ask", "--no-speak", q])[0]
            for q in ("can I drive?", "my dad's legs seem weaker since he started it") for _ in range(3)]
    print(f"cold start of 'voiceinfo ask --no-speak', cached: median {statistics.median(cold):.2f} s "
          f"(min {min(cold):.2f}, max {max(cold):.2f}, {len(cold)} runs)")


if __name__ == "__main__":
    main()
