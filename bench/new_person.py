"""A kiosk's next person: does hearing them afresh (Recogniser.new_speaker) help?

In each session one voice asks some questions and then another voice asks some, all to one
recogniser: once carrying on from the first person, as a kiosk did before, and once told of
a new speaker between the two, as the live loop now does after a kiosk's idle timeout. It
prints how often the second person's first question, and all of theirs, were answered with
the expected part each way. The questions are drawn (seeded) from tests/questions.tsv and
tests/held_out_questions.tsv; each session draws other ones.

Run: .venv/bin/python bench/new_person.py [--pairs A>B,A>B] [--sessions N] [--questions K] [--rate WPM]
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the harness

from harness.question_set import HELD_OUT, Case, read_cases  # noqa: E402
from harness.spoken_audio import spoken  # noqa: E402
from voiceinfo.hearing.engines import choose_recogniser  # noqa: E402
from voiceinfo.hearing.recogniser import transcribe_speech  # noqa: E402
from voiceinfo.speaking.synthesiser import Synthesiser  # noqa: E402
from voiceinfo.speaking.voice import Voice  # noqa: E402
from voiceinfo.understanding.answering import Answerer  # noqa: E402
from voiceinfo.understanding.content import DEFAULT_CONTENT, Monograph, load  # noqa: E402
from voiceinfo.understanding.lexicon import default_lexicon  # noqa: E402

PAIRS = "gmw/en-us>gmw/en-us+f3,gmw/en-us+f3>gmw/en-us,gmw/en-GB-x-rp>gmw/en-us+f3,gmw/en-us>gmw/en-us"


def right_answers(monograph: Monograph, answerer: Answerer, first: list[np.ndarray],
                  second: list[tuple[Case, np.ndarray]], new_speaker: bool) -> list[bool]:
    """Whether each of the second person's questions was answered with its expected part."""
    recogniser = choose_recogniser(monograph, None).recogniser
    for samples in first:
        transcribe_speech(recogniser, samples)
    if new_speaker:
        recogniser.new_speaker()
    return [answerer.answer(transcribe_speech(recogniser, samples).text).target == case.expected
            for case, samples in second]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", default=PAIRS, help="first voice>second voice, comma-separated")
    parser.add_argument("--sessions", type=int, default=20, help="sessions per pair")
    parser.add_argument("--questions", type=int, default=2, help="questions each person asks")
    parser.add_argument("--rate", type=int, default=140, help="words a minute")
    args = parser.parse_args()

    monograph = load(DEFAULT_CONTENT)
    answerer = Answerer(monograph, default_lexicon())
    print(f"engine: {choose_recogniser(monograph, None).recogniser.description}")
    cases = read_cases() + read_cases(HELD_OUT)
    synthesiser = Synthesiser()
    k = args.questions
    for pair in args.pairs.split(","):
        first_voice, second_voice = pair.split(">")
        rng = random.Random(7)
        totals = {False: [0] * k, True: [0] * k}
        for _ in range(args.sessions):
            drawn = rng.sample(range(len(cases)), 2 * k)
            synthesiser.set_voice(Voice(first_voice, args.rate))
            first = [spoken(synthesiser, cases[i].question, seed=i) for i in drawn[:k]]
            synthesiser.set_voice(Voice(second_voice, args.rate))
            second = [(cases[i], spoken(synthesiser, cases[i].question, seed=i)) for i in drawn[k:]]
            for new_speaker in (False, True):
                for n, right in enumerate(right_answers(monograph, answerer, first, second, new_speaker)):
                    totals[new_speaker][n] += right
        for new_speaker, label in ((False, "carried on"), (True, "new speaker")):
            by_turn = totals[new_speaker]
            print(f"{first_voice} then {second_voice}, {args.rate} wpm, {label:>11}: second person's first "
                  f"question {by_turn[0]}/{args.sessions} right, all {k} {sum(by_turn)}/{k * args.sessions}",
                  flush=True)


if __name__ == "__main__":
    main()
