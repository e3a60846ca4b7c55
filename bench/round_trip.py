"""Spoken round trip: questions said by espeak-ng, recognised, answered; accuracy per condition.

Three sets: phrasings the recogniser's language model was built from ("in-set", a fixed
sample), scored against the answer to the same phrasing as text; the questions of
tests/questions.tsv that the model was not built from ("paraphrases"); and the whole of
tests/questions.tsv ("all"), both scored against their expected section. Conditions: voices x rates x (clean, light noise at 20 dB SNR).

Run: .venv/bin/python bench/round_trip.py [--voices V,V] [--rates R,R] [--in-set N] [--model DIR]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from question_set import read_cases  # noqa: E402
from spoken_audio import spoken  # noqa: E402
from voiceinfo.answering import Answerer  # noqa: E402
from voiceinfo.content import DEFAULT_CONTENT, load  # noqa: E402
from voiceinfo.engines import choose_recogniser  # noqa: E402
from voiceinfo.lexicon import default_lexicon  # noqa: E402
from voiceinfo.phrasings import question_phrasings  # noqa: E402
from voiceinfo.recogniser import transcribe  # noqa: E402
from voiceinfo.synthesiser import Synthesiser
from voiceinfo.voice import Voice  # noqa: E402
from voiceinfo.wording import words  # noqa: E402

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--voices", default="gmw/en-us,gmw/en-us+f3,gmw/en-GB-x-rp")
    parser.add_argument("--rates", default="140,180")
    parser.add_argument("--in-set", type=int, default=80, help="in-set phrasings sampled")
    parser.add_argument("--model", type=Path, help="a Vosk model folder (default: as voiceinfo chooses)")
    args = parser.parse_args()

    monograph = load(DEFAULT_CONTENT)
    answerer = Answerer(monograph, default_lexicon())
    recogniser = choose_recogniser(monograph, args.model).recogniser
    print(f"engine: {recogniser.description}")
    generated = question_phrasings(monograph)
    in_set = random.Random(7).sample(sorted(generated), args.in_set)
    cases = read_cases()
    paraphrases = [c for c in cases if " ".join(words(c.question)) not in generated]
    print(f"{len(in_set)} in-set phrasings, {len(paraphrases)} paraphrases, {len(cases)} in all "
          f"({len(cases) - len(paraphrases)} of the question set are also generated phrasings)")
    synthesiser = Synthesiser()
    decode_seconds = audio_seconds = 0.0
    for voice in args.voices.split(","):
        for rate in map(int, args.rates.split(",")):
            synthesiser.set_voice(Voice(voice, rate))
            for noisy in (False, True):
                scores = []
                for texts, expected in ((in_set, [answerer.answer(t).target for t in in_set]),
                                        ([c.question for c in paraphrases], [c.expected for c in paraphrases]),
                                        ([c.question for c in cases], [c.expected for c in cases])):
                    right = 0
                    for seed, (text, want) in enumerate(zip(texts, expected)):
                        samples = spoken(synthesiser, text, noisy, seed)
                        start = time.perf_counter()
                        heard = transcribe(recogniser, samples).text
                        decode_seconds += time.perf_counter() - start
                        audio_seconds += len(samples) / 16000
                        right += answerer.answer(heard).target == want
                    scores.append(right / len(texts))
                print(f"{voice:18} {rate} wpm {'noisy' if noisy else 'clean'}: in-set {scores[0]:6.1%}"
                      f"   paraphrases {scores[1]:6.1%}   all {scores[2]:6.1%}", flush=True)
    print(f"real-time factor of recognition: {decode_seconds / audio_seconds:.3f}")


if __name__ == "__main__":
    main()
