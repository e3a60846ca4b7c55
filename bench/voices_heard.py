"""How well a machine listener understands each voice: every answer of the content said by the
voice and heard by pocketsphinx's general English model (no language model of the content), as
word error rate against the text it said. A stand-in for a listener, not a person.

Run: .venv/bin/python bench/voices_heard.py [--voices gmw/en-us,gmw/en-GB-x-rp,piper/joe]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the harness

from harness.spoken_audio import as_heard  # noqa: E402
from voiceinfo.hearing.recogniser import transcribe  # noqa: E402
from voiceinfo.hearing.sphinx.recogniser import SphinxRecogniser  # noqa: E402
from voiceinfo.speaking.voice import Voice  # noqa: E402
from voiceinfo.speaking.voices import open_synthesiser  # noqa: E402
from voiceinfo.understanding.content import DEFAULT_CONTENT, load  # noqa: E402
from voiceinfo.understanding.speech_text import for_the_ear, sentences  # noqa: E402
from voiceinfo.understanding.wording import spoken, words  # noqa: E402


def errors(said: list[str], heard: list[str]) -> int:
    """Word-level edit distance."""
    row = list(range(len(heard) + 1))
    for i, word in enumerate(said, 1):
        previous, row[0] = row[0], i
        for j, other in enumerate(heard, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (word != other))
    return row[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--voices", default="gmw/en-us,gmw/en-GB-x-rp,piper/joe")
    args = parser.parse_args()
    monograph = load(DEFAULT_CONTENT)
    texts = [t for s in monograph.sections for t in (s.say, *(i.say for i in s.items))]
    said_sentences = [s for t in texts for s in sentences(for_the_ear(t))]
    listener = SphinxRecogniser(monograph, open_vocabulary=True)
    print(f"{len(said_sentences)} sentences of {DEFAULT_CONTENT.name}, heard by {listener.description}")
    for name in args.voices.split(","):
        synthesiser = open_synthesiser(Voice(name))
        wrong = total = 0
        for sentence in said_sentences:
            audio = synthesiser.synthesise(sentence)
            heard = words(transcribe(listener, as_heard(audio.samples, audio.rate)).text)
            said = [spoken(w) for w in words(sentence)]
            wrong += errors(said, [spoken(w) for w in heard])
            total += len(said)
        print(f"{name:18} word error rate {wrong / total:.3f} ({wrong} of {total} words)", flush=True)


if __name__ == "__main__":
    main()
