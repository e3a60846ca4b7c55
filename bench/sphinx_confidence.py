"""How well does the built-in engine's confidence tell right answers from wrong ones?

pocketsphinx's own word posteriors could not (measured here before: flagging words under
0.1 caught 58% of wrong answers but questioned 34% of right ones). voiceinfo instead asks
whether the engine's n-best transcripts would be answered alike (Answerer.confidence).

Speaks the questions of tests/questions.tsv in each voice, recognises them as the live loop
does (64 ms chunks), answers them, and prints per threshold: the share of questions that
would be confirmed ("Did you ask about ...?"), the share of wrong answers that confirming
catches, and the share of right answers it questions needlessly. The dialogue confirms below
0.7 (understanding.CONFIRM_BELOW).

Run: .venv/bin/python bench/sphinx_confidence.py [--voices V,V] [--rate 160] [--held-out]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the harness

from harness.question_set import HELD_OUT, QUESTIONS, read_cases  # noqa: E402
from harness.spoken_audio import spoken  # noqa: E402
from voiceinfo.hearing.recogniser import transcribe  # noqa: E402
from voiceinfo.hearing.sphinx.recogniser import SphinxRecogniser  # noqa: E402
from voiceinfo.speaking.synthesiser import Synthesiser  # noqa: E402
from voiceinfo.speaking.voice import Voice  # noqa: E402
from voiceinfo.understanding.answering import Answerer  # noqa: E402
from voiceinfo.understanding.content import DEFAULT_CONTENT, load  # noqa: E402
from voiceinfo.understanding.lexicon import default_lexicon  # noqa: E402

THRESHOLDS = (0.3, 0.5, 0.7, 0.9)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--voices", default="gmw/en-us,gmw/en-us+f3,gmw/en-GB-x-rp")
    parser.add_argument("--rate", type=int, default=160)
    parser.add_argument("--held-out", action="store_true", help="use tests/held_out_questions.tsv")
    args = parser.parse_args()
    monograph = load(DEFAULT_CONTENT)
    answerer, recogniser = Answerer(monograph, default_lexicon()), SphinxRecogniser(monograph)
    synthesiser, cases = Synthesiser(), read_cases(HELD_OUT if args.held_out else QUESTIONS)
    right, confidences = [], []
    for voice in args.voices.split(","):
        synthesiser.set_voice(Voice(voice, args.rate))
        for seed, case in enumerate(cases):
            heard = transcribe(recogniser, spoken(synthesiser, case.question, False, seed))
            answer = answerer.answer(heard.text)
            right.append(answer.target == case.expected)
            confidences.append(answerer.confidence(answer, heard.confidence, heard.alternatives))
    ok, values = np.array(right), np.array(confidences)
    print(f"{len(ok)} spoken questions, {ok.mean():.1%} answered right")
    for threshold in THRESHOLDS:
        flagged = values < threshold
        print(f"n-best agreement below {threshold}: confirmed {flagged.mean():6.1%}   wrong answers caught "
              f"{(flagged & ~ok).sum() / max(1, (~ok).sum()):6.1%}   right answers questioned "
              f"{(flagged & ok).sum() / max(1, ok.sum()):6.1%}   right among those not confirmed "
              f"{(ok & ~flagged).sum() / max(1, (~flagged).sum()):6.1%}")


if __name__ == "__main__":
    main()
