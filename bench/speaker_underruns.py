"""Does the speaker run dry while the loop works? A steady 10 s tone is played through the
virtual speaker while this process does what the live loop does as it speaks: Piper makes
sentences in one thread, the built-in engine decodes the microphone (noise here) in another;
a third process keeps the second core busy. From the recording: 5 ms dropouts, and how long the
10 s came out. Played from a callback in this process, and from the speaker's own process (the
live loop's way).

Run: .venv/bin/python bench/speaker_underruns.py [--runs 3] [--latency low|high|SECONDS]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the harness
from harness.tone import dropouts, sound_seconds, tone  # noqa: E402
from harness.virtual_audio import start_virtual_audio  # noqa: E402
from voiceinfo.audio.playback import LocalStream, Piece, Playback  # noqa: E402
from voiceinfo.audio.speaker_process import speaker_process  # noqa: E402
from voiceinfo.hearing.sphinx.recogniser import SphinxRecogniser  # noqa: E402
from voiceinfo.speaking.piper import PiperSynthesiser  # noqa: E402
from voiceinfo.speaking.voice import Voice  # noqa: E402
from voiceinfo.understanding.content import DEFAULT_CONTENT, load  # noqa: E402

FRAME = 640  # 20 ms at 16 kHz, as the microphone gives them
RATE = 22050


def listening(recogniser: SphinxRecogniser, stop: threading.Event) -> None:
    noise = np.random.default_rng(0).normal(0, 300, 16000 * 60).astype(np.int16).tobytes()
    at, frames = 0, 0
    recogniser.start()
    while not stop.is_set():
        recogniser.accept(noise[at:at + FRAME])
        at, frames = (at + FRAME) % (len(noise) - FRAME), frames + 1
        if frames % 100 == 0:  # an utterance every 2 s, finished as the loop does
            recogniser.finish()
            recogniser.start()
        time.sleep(0.02)


def speaking(synthesiser: PiperSynthesiser, text: str, stop: threading.Event) -> None:
    while not stop.is_set():
        for _ in synthesiser.sentence_audio(text):
            if stop.is_set():
                break


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--latency", default="low", help="PortAudio's: low, high, or seconds")
    args = parser.parse_args()
    latency = args.latency if args.latency in ("low", "high") else float(args.latency)
    audio = start_virtual_audio()
    os.environ.update(audio.env)
    monograph = load(DEFAULT_CONTENT)
    text = " ".join(item.say for item in monograph.section("side-effects").items[:4])
    stop = threading.Event()
    workers = [threading.Thread(target=listening, args=(SphinxRecogniser(monograph), stop)),
               threading.Thread(target=speaking, args=(PiperSynthesiser(Voice("piper/joe")), text, stop))]
    busy = subprocess.Popen([sys.executable, "-c", "while True: sum(range(10**6))"])
    for worker in workers:
        worker.start()
    path = audio.root / "speaker.wav"
    try:
        for where in ("here", "speaker's process"):
            found = []
            for _ in range(args.runs):
                stream = LocalStream(RATE, None, latency) if where == "here" \
                    else speaker_process().open(RATE, None, latency)
                recorder = audio.record_speaker(path)
                Playback(iter([Piece(tone(1.0, RATE))] * 10), stream).wait()
                time.sleep(0.3)
                heard = audio.finish_recording(recorder, path)
                found.append(f"{dropouts(heard)} dropouts, {sound_seconds(heard):.2f} s")
            print(f"played {where}, latency {args.latency}: " + "; ".join(found), flush=True)
    finally:
        stop.set()
        busy.kill()
        for worker in workers:
            worker.join()
        audio.stop()


if __name__ == "__main__":
    main()
