"""Spoken round trip: questions said by espeak-ng, recognised, answered; accuracy per condition.

Sets: phrasings the recogniser's language model was built from ("in-set", a fixed sample),
scored against the answer to the same phrasing as text; the questions of tests/questions.tsv
that the model was not built from ("paraphrases"); the held-out questions of
tests/held_out_questions.tsv, never used to tune anything ("held-out"); and the whole of
tests/questions.tsv ("all"). The last three are scored against their expected section.
"confirmed" is the share of all questions the dialogue would confirm before answering
(n-best agreement below understanding.CONFIRM_BELOW, after hearing an unsure question again
as the dialogue does), and "right if not confirmed" the accuracy on the rest; "heard again"
is the share of all questions heard a second time. "urgent" is the share of the urgent
questions (of questions.tsv, the held-out set and tests/urgent_questions.tsv) answered as
urgent; "false alarms" counts the other questions that were. "declined" is the share of
tests/off_topic_questions.tsv and of tests/uncovered_questions.tsv that got "I don't have
that information" rather than an answer about the drug. Conditions: voices x rates x
(clean, light noise at 20 dB SNR). Voices are espeak-ng's, or Festival's when named
"festival/..." (harness/voices.py: voices cut from recordings of people; `./dev.sh bench`).

The recogniser hears the questions one after another, as the live loop hears a conversation;
`--fresh` gives each recording a new one, as `voiceinfo ask --audio` does.

Run: .venv/bin/python bench/round_trip.py [--voices V,V] [--rates R,R] [--in-set N] [--model DIR] [--fresh]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the harness

from harness.question_set import HELD_OUT, OFF_TOPIC, UNCOVERED, URGENT, Case, read_cases  # noqa: E402
from harness.voices import speaker  # noqa: E402
from voiceinfo.hearing.engines import choose_recogniser  # noqa: E402
from voiceinfo.hearing.recogniser import transcribe_speech  # noqa: E402
from voiceinfo.speaking.synthesiser import Synthesiser  # noqa: E402
from voiceinfo.understanding.answering import Answer, Answerer  # noqa: E402
from voiceinfo.understanding.commands import CommandParser  # noqa: E402
from voiceinfo.understanding.content import DEFAULT_CONTENT, load  # noqa: E402
from voiceinfo.understanding.lexicon import default_lexicon  # noqa: E402
from voiceinfo.understanding.phrasings import question_phrasings  # noqa: E402
from voiceinfo.understanding.sureness import CONFIRM_BELOW, believed, unsure  # noqa: E402
from voiceinfo.understanding.sureness import understood as first_hearing  # noqa: E402
from voiceinfo.understanding.wording import words  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--voices", default="gmw/en-us,gmw/en-us+f3,gmw/en-GB-x-rp",
                        help="espeak-ng's, or Festival's as festival/kal_diphone (harness/voices.py)")
    parser.add_argument("--rates", default="140,180")
    parser.add_argument("--in-set", type=int, default=80, help="in-set phrasings sampled")
    parser.add_argument("--model", type=Path, help="a Vosk model folder (default: as voiceinfo chooses)")
    parser.add_argument("--fresh", action="store_true", help="a new recogniser for each recording")
    args = parser.parse_args()

    monograph = load(DEFAULT_CONTENT)
    answerer = Answerer(monograph, default_lexicon())
    commands = CommandParser(monograph)
    recogniser = choose_recogniser(monograph, args.model).recogniser
    print(f"engine: {recogniser.description}")
    generated = question_phrasings(monograph)
    in_set = random.Random(7).sample(sorted(generated), args.in_set)
    sets = {"all": read_cases(), "held-out": read_cases(HELD_OUT), "urgent": read_cases(URGENT),
            "off-topic": read_cases(OFF_TOPIC), "uncovered": read_cases(UNCOVERED)}
    paraphrase = [" ".join(words(c.question)) not in generated for c in sets["all"]]
    print(f"{len(in_set)} in-set phrasings, {sum(paraphrase)} paraphrases; "
          + ", ".join(f"{name} {len(cases)}" for name, cases in sets.items()))
    questions = [*(("in-set", Case(t, answerer.answer(t).target, False)) for t in in_set),
                 *((name, case) for name, cases in sets.items() for case in cases)]
    synthesiser = Synthesiser()
    decode_seconds = audio_seconds = 0.0
    for voice in args.voices.split(","):
        for rate in map(int, args.rates.split(",")):
            say = speaker(synthesiser, voice, rate)
            for noisy in (False, True):
                got: dict[str, list[tuple[Case, Answer, bool]]] = {}
                heard_again: list[str] = []
                for seed, (name, case) in enumerate(questions):
                    samples = say(case.question, noisy, seed)
                    if args.fresh:
                        recogniser = choose_recogniser(monograph, args.model).recogniser
                    start = time.perf_counter()
                    heard = transcribe_speech(recogniser, samples)  # as `ask --audio` does
                    understood = understood_once = first_hearing(answerer, heard)
                    if unsure(understood_once):  # as the dialogue does
                        heard_again.append(name)
                        understood = believed(answerer, commands, understood_once, recogniser.hear_again())
                    decode_seconds += time.perf_counter() - start
                    audio_seconds += len(samples) / 16000
                    got.setdefault(name, []).append((case, understood.answer, understood.sureness >= CONFIRM_BELOW))
                print(f"{voice:18} {rate} wpm {'noisy' if noisy else 'clean'}: {summary(got, paraphrase)}   "
                      f"heard again {heard_again.count('all') / len(got['all']):6.1%}", flush=True)
    print(f"real-time factor of recognition: {decode_seconds / audio_seconds:.3f}")


def summary(got: dict[str, list[tuple[Case, Answer, bool]]], paraphrase: list[bool]) -> str:
    def right(name: str) -> list[bool]:
        return [answer.target == case.expected for case, answer, _ in got[name]]

    everything = [g for results in got.values() for g in results]
    unconfirmed = [answer.target == case.expected for case, answer, sure in got["all"] if sure]
    return (f"in-set {share(right('in-set'))}   "
            f"paraphrases {share([r for r, p in zip(right('all'), paraphrase) if p])}   "
            f"held-out {share(right('held-out'))}   all {share(right('all'))}   "
            f"confirmed {share([not sure for _, _, sure in got['all']])}   "
            f"right if not confirmed {share(unconfirmed)}   "
            f"urgent {share([answer.urgent for case, answer, _ in everything if case.urgent])}   "
            f"false alarms {sum(answer.urgent for case, answer, _ in everything if not case.urgent)}   "
            f"off-topic declined {share([a.section is None for _, a, _ in got['off-topic']])}   "
            f"uncovered declined {share([a.section is None for _, a, _ in got['uncovered']])}")


def share(results: list[bool]) -> str:
    return f"{sum(results) / max(1, len(results)):6.1%}"


if __name__ == "__main__":
    main()
