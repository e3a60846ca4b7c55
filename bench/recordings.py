"""Accuracy on recordings of real people asking: the WAVs recognised in turn by one
recogniser, as the live loop hears a conversation, answered as the dialogue does (an unsure
question heard again), and scored against the part of the monograph each asks about.

The other benches hear espeak-ng's voices only. Real speech, slow or slurred speech among
it, is what the kiosk must understand; this measures it once such recordings exist. FOLDER
holds the WAV files and `expected.tsv`, written like tests/questions.tsv with the file name
in place of the question: `side-effects<TAB>anna-01.wav`, "-" for a question the content
does not answer, a leading "!" for an emergency. It prints one line per recording (what was
heard, the part answered, whether the dialogue would confirm first) and the totals. Nothing
is written and nothing leaves the machine.

Run: .venv/bin/python bench/recordings.py FOLDER [--model DIR]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the harness

from harness.question_set import Case, read_cases  # noqa: E402
from voiceinfo.audio.recordings import AudioFileError, read_wav  # noqa: E402
from voiceinfo.hearing.engines import choose_recogniser  # noqa: E402
from voiceinfo.hearing.recogniser import transcribe_speech  # noqa: E402
from voiceinfo.understanding.answering import Answer, Answerer  # noqa: E402
from voiceinfo.understanding.commands import CommandParser  # noqa: E402
from voiceinfo.understanding.content import DEFAULT_CONTENT, load  # noqa: E402
from voiceinfo.understanding.lexicon import default_lexicon  # noqa: E402
from voiceinfo.understanding.sureness import CONFIRM_BELOW, believed, unsure  # noqa: E402
from voiceinfo.understanding.sureness import understood as first_hearing  # noqa: E402

EXPECTED = "expected.tsv"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help=f"the recordings and their {EXPECTED}")
    parser.add_argument("--model", type=Path, help="a Vosk model folder (default: as voiceinfo chooses)")
    args = parser.parse_args()
    listing = args.folder / EXPECTED
    try:
        cases = read_cases(listing)
    except (OSError, ValueError) as err:
        print(f"Cannot read {listing}: {err}. Each line: the expected part, a tab, the WAV file's "
              f"name (see bench/recordings.py).", file=sys.stderr)
        return 2
    if not cases:
        print(f"{listing} lists no recordings.", file=sys.stderr)
        return 2
    monograph = load(DEFAULT_CONTENT)
    if unknown := sorted({c.expected for c in cases if c.expected is not None} - monograph.targets):
        print(f"{listing} names parts the content does not have: {', '.join(unknown)}.", file=sys.stderr)
        return 2
    answerer = Answerer(monograph, default_lexicon())
    commands = CommandParser(monograph)
    recogniser = choose_recogniser(monograph, args.model).recogniser
    print(f"engine: {recogniser.description}")
    results: list[tuple[Case, Answer, bool]] = []
    for case in cases:
        try:
            transcript = transcribe_speech(recogniser, read_wav(args.folder / case.question))
        except AudioFileError as err:
            print(f"{case.question}: not used: {err}")
            continue
        understood = first_hearing(answerer, transcript)
        if unsure(understood):  # as the dialogue does
            understood = believed(answerer, commands, understood, recogniser.hear_again())
        answer, sure = understood.answer, understood.sureness >= CONFIRM_BELOW
        results.append((case, answer, sure))
        verdict = "right" if answer.target == case.expected else f"WRONG (expected {case.expected or '-'})"
        print(f"{case.question}: heard {understood.heard.text!r} -> {answer.target or '-'}"
              f"{'' if sure else ', would confirm'}: {verdict}", flush=True)
    print(totals(results))
    return 0


def totals(results: list[tuple[Case, Answer, bool]]) -> str:
    """Shares of the recordings answered right, confirmed first, right when not confirmed;
    of emergencies heard as urgent; of unanswerable questions declined."""
    def share(hits: list[bool]) -> str:
        return f"{sum(hits)} of {len(hits)}" + (f" ({sum(hits) / len(hits):.1%})" if hits else "")

    right = [answer.target == case.expected for case, answer, _ in results]
    return "\n".join((
        f"answered right: {share(right)}",
        f"confirmed first: {share([not sure for _, _, sure in results])}",
        f"right if not confirmed: {share([r for r, (_, _, sure) in zip(right, results) if sure])}",
        f"emergencies heard as urgent: {share([a.urgent for c, a, _ in results if c.urgent])}; "
        f"false alarms: {sum(a.urgent for c, a, _ in results if not c.urgent)}",
        f"unanswerable questions declined: {share([a.section is None for c, a, _ in results if c.expected is None])}",
    ))


if __name__ == "__main__":
    sys.exit(main())
