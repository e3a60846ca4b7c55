"""Which spoken commands the built-in engine hears as the right command, per voice and rate.

Each phrase is said by espeak-ng, with light noise (20 dB SNR, a different noise per
try) and half a second of microphone-like quiet before and after, as the live loop
hands it over; or, with --clean, without the noise (as the live tests play it) and with
a quarter second of quiet, 1/16 s longer on each try; the questions recogniser transcribes
it and the dialogue takes it for a command (Dialogue.command_in: the best guess, or one
next in line when the best guess is no question).
Tests pick their spoken commands from what this shows as reliably heard.
With --replies, the phrases are yes-or-no replies to "Did you ask about side effects?", and
right is what the dialogue does with what was heard: a yes answers, a no answers nothing.

Run: .venv/bin/python bench/commands_heard.py [--phrases "next,go to the next one"] [--tries 5] [--clean]
     [--replies]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the harness

from harness.voices import speaker  # noqa: E402
from voiceinfo.audio.recordings import with_noise_floor  # noqa: E402
from voiceinfo.conversation.dialogue import Dialogue  # noqa: E402
from voiceinfo.events import Transcript  # noqa: E402
from voiceinfo.hearing.recogniser import transcribe  # noqa: E402
from voiceinfo.hearing.sphinx.recogniser import SphinxRecogniser  # noqa: E402
from voiceinfo.speaking.synthesiser import Synthesiser  # noqa: E402
from voiceinfo.understanding.answering import Answerer  # noqa: E402
from voiceinfo.understanding.commands import Command, CommandParser, Heard  # noqa: E402
from voiceinfo.understanding.content import DEFAULT_CONTENT, load  # noqa: E402
from voiceinfo.understanding.lexicon import default_lexicon  # noqa: E402

PHRASES = ("next", "next one", "next please", "go to the next one", "tell me more", "say more",
           "more please", "repeat", "repeat that please", "help", "slower please", "keep going", "stop")
REPLIES = ("yes", "yes please", "yeah", "correct", "no", "nope", "wrong", "not that")
CONFIRMED = "what are the side effects"  # the question a reply confirms or not
QUIET = 8000  # samples: half a second


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--phrases", help=f"default: {','.join(PHRASES)}; with --replies: {','.join(REPLIES)}")
    parser.add_argument("--voices", default="gmw/en-us,gmw/en-us+f3,gmw/en-GB-x-rp",
                        help="espeak-ng's, or Festival's as festival/kal_diphone (harness/voices.py)")
    parser.add_argument("--rates", default="140,160,180")
    parser.add_argument("--tries", type=int, default=5, help="noise draws per phrase and condition")
    parser.add_argument("--clean", action="store_true", help="no added noise; the quiet grows per try")
    parser.add_argument("--replies", action="store_true", help="replies to a yes-or-no question")
    args = parser.parse_args()
    phrases = args.phrases.split(",") if args.phrases else REPLIES if args.replies else PHRASES

    monograph = load(DEFAULT_CONTENT)
    recogniser, commands = SphinxRecogniser(monograph), CommandParser(monograph)
    answerer = Answerer(monograph, default_lexicon())
    said = [commands.parse(p) for p in phrases]
    if args.replies and any(h is None or h.command not in (Command.YES, Command.NO) for h in said):
        parser.error("with --replies, every phrase must be a yes or a no")

    confirmed_section = answerer.answer(CONFIRMED).section

    def right(wanted: Heard, heard: Transcript) -> bool:
        dialogue = Dialogue(answerer)
        if not args.replies:
            return dialogue.command_in(heard.text, heard.alternatives) == wanted
        dialogue.hear(CONFIRMED, confidence=0.0)  # "Did you ask about side effects?"
        reply = dialogue.hear(heard.text, heard.confidence, alternatives=heard.alternatives)
        return reply.section == confirmed_section if wanted.command is Command.YES else reply.section is None

    synthesiser = Synthesiser()
    print(f"engine: {recogniser.description}")
    for voice in args.voices.split(","):
        for rate in map(int, args.rates.split(",")):
            say = speaker(synthesiser, voice, rate)
            for phrase, wanted in zip(phrases, said):
                heard = []
                for seed in range(args.tries):
                    length = QUIET // 2 + QUIET // 8 * seed if args.clean else QUIET
                    quiet = with_noise_floor(np.zeros(length), np.random.default_rng(seed))
                    samples = np.concatenate([quiet, say(phrase, not args.clean, seed), quiet])
                    transcript = transcribe(recogniser, samples)
                    heard.append((transcript.text, right(wanted, transcript)))
                misses = sorted({text for text, ok in heard if not ok})
                print(f"{voice:15} {rate} wpm  {phrase!r:22} {sum(ok for _, ok in heard)}/{args.tries}"
                      + (f"   misheard as {misses}" if misses else ""), flush=True)


if __name__ == "__main__":
    main()
