"""Could pocketsphinx's word posteriors tell right answers from wrong ones? (They could not well enough.)

Speaks the question set (tests/questions.tsv) in each voice, recognises it the way the live
loop does (64 ms chunks), answers it, and for candidate confidence scores prints, per
threshold: how many questions would be flagged as unsure, the share of wrong answers that
flagging catches, and the share of right answers it would question needlessly.

Run: .venv/bin/python bench/sphinx_confidence.py [--voices V,V] [--rate 160]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from question_set import read_cases  # noqa: E402
from spoken_audio import spoken  # noqa: E402
from voiceinfo.answering import Answerer  # noqa: E402
from voiceinfo.content import DEFAULT_CONTENT, load  # noqa: E402
from voiceinfo.lexicon import default_lexicon  # noqa: E402
from voiceinfo.recogniser import transcribe  # noqa: E402
from voiceinfo.sphinx_recogniser import SphinxRecogniser  # noqa: E402
from voiceinfo.synthesiser import Synthesiser  # noqa: E402
from voiceinfo.voice import Voice  # noqa: E402
from voiceinfo.wording import is_content_word  # noqa: E402

THRESHOLDS = (0.02, 0.05, 0.1, 0.2, 0.3, 0.5)


def scores(recogniser: SphinxRecogniser) -> dict[str, float]:
    """Candidate confidences of the utterance just finished, from its word posteriors."""
    decoder = recogniser._decoder  # a measurement of the engine's internals, not an interface
    words = [(s.word.split("(")[0], s.prob) for s in decoder.seg()
             if not (s.word.startswith(("<", "[", "+")))]
    posteriors = [p for _, p in words] or [0.0]
    content = [p for w, p in words if is_content_word(w)] or posteriors
    hyp = decoder.hyp()
    return {"lowest word posterior": min(posteriors), "lowest content-word posterior": min(content),
            "mean word posterior": float(np.mean(posteriors)),
            "utterance posterior": decoder.get_logmath().exp(hyp.prob) if hyp else 0.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--voices", default="gmw/en-us,gmw/en-us+f3,gmw/en-GB-x-rp")
    parser.add_argument("--rate", type=int, default=160)
    args = parser.parse_args()
    monograph = load(DEFAULT_CONTENT)
    answerer, recogniser = Answerer(monograph, default_lexicon()), SphinxRecogniser(monograph)
    synthesiser, cases = Synthesiser(), read_cases()
    right, rows = [], []
    for voice in args.voices.split(","):
        synthesiser.set_voice(Voice(voice, args.rate))
        for seed, case in enumerate(cases):
            heard = transcribe(recogniser, spoken(synthesiser, case.question, False, seed)).text
            right.append(answerer.answer(heard).target == case.expected)
            rows.append(scores(recogniser))
    ok = np.array(right)
    print(f"{len(ok)} spoken questions, {ok.mean():.1%} answered right")
    for name in rows[0]:
        values = np.array([row[name] for row in rows])
        for threshold in THRESHOLDS:
            flagged = values < threshold
            print(f"{name:30} below {threshold:4}: flagged {flagged.mean():6.1%}   wrong answers caught "
                  f"{(flagged & ~ok).sum() / max(1, (~ok).sum()):6.1%}   right answers flagged "
                  f"{(flagged & ok).sum() / max(1, ok.sum()):6.1%}")


if __name__ == "__main__":
    main()
