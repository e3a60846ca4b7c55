"""`voiceinfo serve` under load, over the real protocol (the wyoming library's client):

- handle: a question's answer, latency p50/p95 and answers a second, with 1, 4 and 16
  clients asking at once (each a new connection, as Home Assistant makes one per request);
- asr: the real-time factor of transcribing spoken questions over the protocol, against the
  same engine in process;
- tts: a kiosk's --tts-uri voice (RemoteSynthesiser: asked, resampled, speed and volume applied)
  against the same voice in process: time to a sentence's audio, p50/p95.

Run: .venv/bin/python bench/wyoming_service.py [--requests N] [--voice NAME]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the harness

from wyoming.asr import Transcribe, Transcript  # noqa: E402
from wyoming.audio import AudioChunk, AudioStart, AudioStop  # noqa: E402
from wyoming.client import AsyncTcpClient  # noqa: E402

from harness.spoken_audio import spoken  # noqa: E402
from harness.wyoming_service import served  # noqa: E402
from voiceinfo.hearing.engines import choose_recogniser  # noqa: E402
from voiceinfo.hearing.recogniser import transcribe_speech  # noqa: E402
from voiceinfo.protocol.wyoming_client import RemoteSynthesiser  # noqa: E402
from voiceinfo.speaking.synthesiser import SentenceBySentence, Synthesiser  # noqa: E402
from voiceinfo.speaking.voice import Voice  # noqa: E402
from voiceinfo.speaking.voices import open_synthesiser  # noqa: E402
from voiceinfo.understanding.content import DEFAULT_CONTENT, load  # noqa: E402
from voiceinfo.understanding.speech_text import sentences as sentences_of  # noqa: E402

QUESTIONS = ["what are the side effects", "can I drink alcohol with it", "does it make you sleepy",
             "can I drive while taking it", "what is the usual dose", "is it safe in pregnancy",
             "what should I tell my doctor", "my son swallowed some of my tablets"]


async def ask(port: int, text: str) -> float:
    started = time.perf_counter()
    async with AsyncTcpClient("127.0.0.1", port) as client:
        await client.write_event(Transcript(text=text).event())
        reply = await client.read_event()
    assert reply is not None and reply.type == "handled", reply
    return time.perf_counter() - started


async def handle_load(port: int, clients: int, requests: int) -> tuple[list[float], float]:
    queue = [QUESTIONS[i % len(QUESTIONS)] for i in range(requests)]
    latencies: list[float] = []

    async def client() -> None:
        while queue:
            latencies.append(await ask(port, queue.pop()))

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return latencies, requests / (time.perf_counter() - started)


async def transcribe_remote(port: int, samples) -> str:
    audio = samples.astype("<i2").tobytes()
    async with AsyncTcpClient("127.0.0.1", port) as client:
        await client.write_event(Transcribe().event())
        await client.write_event(AudioStart(rate=16000, width=2, channels=1).event())
        for at in range(0, len(audio), 3200):
            await client.write_event(AudioChunk(rate=16000, width=2, channels=1, audio=audio[at:at + 3200]).event())
        await client.write_event(AudioStop().event())
        reply = await client.read_event()
    return reply.data["text"]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="questions asked at each load")
    parser.add_argument("--voice", default="gmw/en-us", help="the served voice, and the one it is compared with")
    args = parser.parse_args()
    synthesiser = Synthesiser(Voice("gmw/en-us", 160))
    recordings = [spoken(synthesiser, q) for q in QUESTIONS]
    speech_seconds = sum(len(r) for r in recordings) / 16000
    monograph = load(DEFAULT_CONTENT)
    sentences = [sentences_of(section.say)[0] for section in monograph.sections]
    with served("--voice", args.voice) as port:
        asyncio.run(ask(port, "warm up"))
        for clients in (1, 4, 16):
            latencies, rate = asyncio.run(handle_load(port, clients, args.requests))
            ms = [s * 1000 for s in latencies]
            print(f"handle, {clients:2d} clients: p50 {statistics.median(ms):6.1f} ms  "
                  f"p95 {percentile(ms, 95):6.1f} ms  {rate:6.1f} answers a second")
        started = time.perf_counter()
        remote = [asyncio.run(transcribe_remote(port, r)) for r in recordings]
        over_protocol = time.perf_counter() - started
        local_voice = open_synthesiser(Voice(args.voice, 160))
        remote_ms = made_ms(RemoteSynthesiser(f"tcp://127.0.0.1:{port}", local_voice), sentences)
    local_ms = made_ms(local_voice, sentences)
    for where, ms in (("over the protocol", remote_ms), ("in process", local_ms)):
        print(f"tts {args.voice} {where}: a sentence's audio in p50 {statistics.median(ms):6.1f} ms  "
              f"p95 {percentile(ms, 95):6.1f} ms ({len(sentences)} sentences)")
    recogniser = choose_recogniser(monograph).recogniser
    started = time.perf_counter()
    local = [transcribe_speech(recogniser, r).text for r in recordings]
    in_process = time.perf_counter() - started
    print(f"asr over the protocol: real-time factor {over_protocol / speech_seconds:.3f} "
          f"({len(recordings)} questions, {speech_seconds:.1f} s of speech); in process "
          f"{in_process / speech_seconds:.3f}; word for word right: over the protocol {right(remote)}, in "
          f"process {right(local)} of {len(QUESTIONS)} (the server hears each request as a new speaker)")


def made_ms(synthesiser: SentenceBySentence, texts: list[str]) -> list[float]:
    synthesiser.synthesise("Warm up.")
    times = []
    for text in texts:
        started = time.perf_counter()
        synthesiser.synthesise(text)
        times.append((time.perf_counter() - started) * 1000)
    return times


def right(heard: list[str]) -> int:
    return sum(h == q.lower() for h, q in zip(heard, QUESTIONS))


if __name__ == "__main__":
    main()
