"""How questions as people really ask them are answered, by kind: the tuning set and the
held-out set (written first, never tuned on) reported apart.

    .venv/bin/python bench/people.py [--wrong] [--spoken VOICES]

--wrong lists the questions answered wrongly, of the tuning set only: the held-out set's
failures are not to be looked at while tuning.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the harness

from harness.question_set import (  # noqa: E402
    LATER_BATCHES,
    PEOPLE,
    PEOPLE_HELD_OUT,
    PersonCase,
    read_people,
)
from voiceinfo.hearing.recogniser import Transcript, transcribe_speech  # noqa: E402
from voiceinfo.understanding.answering import Answer, Answerer  # noqa: E402
from voiceinfo.understanding.content import DEFAULT_CONTENT, load  # noqa: E402
from voiceinfo.understanding.lexicon import default_lexicon  # noqa: E402
from voiceinfo.understanding.speech_text import sentences  # noqa: E402


def right(case: PersonCase, answer: Answer, urgent_say: str) -> bool:
    """An emergency: the emergency line first and at most one sentence after it. Out of scope:
    declined, with no part of the monograph. Otherwise: the part(s) asked for, in order, and
    no false alarm."""
    if case.urgent:
        return answer.urgent and answer.text.startswith(urgent_say) \
            and len(sentences(answer.text)) <= len(sentences(urgent_say)) + 1
    return answer.targets == case.expected and not answer.urgent


def score(answerer: Answerer, cases: list[PersonCase],
          heard: list[Transcript] | None = None) -> tuple[Counter, Counter, list[tuple[PersonCase, Answer]]]:
    """heard: what a recogniser made of each question, with its n-best as voiceinfo uses them
    (default: the questions as typed)."""
    good, total, wrong = Counter(), Counter(), []
    for n, case in enumerate(cases):
        answer = answerer.answer(case.question) if heard is None else answerer.answer(heard[n].text,
                                                                                       heard[n].alternatives)
        ok = right(case, answer, answerer.monograph.urgent_say)
        good[case.kind] += ok
        total[case.kind] += 1
        if not ok:
            wrong.append((case, answer))
    return good, total, wrong


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wrong", action="store_true", help="list the tuning set's wrong answers")
    parser.add_argument("--spoken", metavar="VOICES",
                        help="voices to say them: espeak-ng's (gmw/en-us) or Piper's (piper/joe)")
    args = parser.parse_args()
    answerer = Answerer(load(DEFAULT_CONTENT), default_lexicon())
    for voice in (args.spoken.split(",") if args.spoken else [None]):
        for name, path in (("people (tuning)", PEOPLE), ("people held-out", PEOPLE_HELD_OUT),
                           *((f"people held-out, {nth} batch", path) for nth, path in LATER_BATCHES)):
            report(answerer, f"{name}{f', said by {voice}' if voice else ''}", path, voice,
                   args.wrong and path == PEOPLE)


def heard_by_the_built_in_engine(answerer: Answerer, questions: list[str], voice: str) -> list[Transcript]:
    from harness.voices import speaker
    from voiceinfo.hearing.sphinx.recogniser import SphinxRecogniser
    from voiceinfo.speaking.synthesiser import Synthesiser

    recogniser = SphinxRecogniser(answerer.monograph)
    say = speaker(Synthesiser(), voice, 160)
    return [transcribe_speech(recogniser, say(q, False, 0)) for q in questions]


def report(answerer: Answerer, name: str, path: Path, voice: str | None, list_wrong: bool) -> None:
    cases = read_people(path)
    heard = heard_by_the_built_in_engine(answerer, [c.question for c in cases], voice) if voice else None
    good, total, wrong = score(answerer, cases, heard)
    kinds = ", ".join(f"{k} {good[k]}/{total[k]}" for k in total)
    print(f"{name}: {sum(good.values())}/{sum(total.values())} "
          f"({100 * sum(good.values()) / sum(total.values()):.1f}%): {kinds}", flush=True)
    if list_wrong:
        for case, answer in wrong:
            print(f"  [{case.kind}] {case.question!r}: expected {'+'.join(case.expected) or '-'}"
                  f"{' (urgent)' if case.urgent else ''}, got {'+'.join(answer.targets) or '-'}"
                  f"{' (urgent)' if answer.urgent else ''}: {answer.text[:70]}")


if __name__ == "__main__":
    main()
