"""Soak: thousands of turns through the kiosk's loop with the real recogniser and synthesiser.

The kiosk's own parts (assembly.build, KioskSession, LiveLoop with its VAD, segmenter,
recognisers and synthesiser) run as in `voiceinfo kiosk`; only the sound devices are
replaced, so that the turns run faster than real time: the microphone plays short
espeak-ng questions (with the silence around them) from memory, and the speaker takes
each reply's audio as fast as it is made. Prints memory (resident set) once the parts are
built, at the start (the loop made, with its voice detector, ready to listen), every 250
turns and at the end, each error, and how many answers were the expected part. Growth is
counted from the start: loading the voice detector is not growth. With --fail-every N,
every Nth question raises inside the turn (as a bug would): the loop must say the
out-of-order sentence and answer the next.

    .venv/bin/python bench/kiosk_soak.py [--turns 2000] [--fail-every N]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the harness

from harness.recorded_audio import DrainedPlayback, RecordedMicrophone  # noqa: E402
from harness.spoken_audio import spoken  # noqa: E402
from voiceinfo.audio.playback import Piece  # noqa: E402
from voiceinfo.config import Config  # noqa: E402
from voiceinfo.conversation.kiosk_session import KioskReading, KioskSession  # noqa: E402
from voiceinfo.events import Reply, TurnTiming  # noqa: E402
from voiceinfo.loop.assembly import build  # noqa: E402
from voiceinfo.loop.captions import Captions  # noqa: E402
from voiceinfo.loop.live import LiveLoop  # noqa: E402
from voiceinfo.loop.out_of_order import SENTENCE, OutOfOrder  # noqa: E402
from voiceinfo.speaking.voice import Voice  # noqa: E402

# Short questions the built-in engine hears from espeak-ng, and the part each should answer.
QUESTIONS = {
    "does it make you sleepy": "side-effects",
    "can i drink alcohol with it": "cautions",
    "does it cause constipation": "side-effects",
    "will it make me dizzy": "side-effects",
    "what is baclofen": "what-it-is",
    "how does it work": "how-it-works",
    "is it safe for children": "cautions",
    "what are the side effects": "side-effects",
}


class Failing(KioskSession):
    """A kiosk session whose every Nth question raises, as a bug in one turn would."""

    every = 0
    heard = 0

    def respond(self, reading: KioskReading) -> Reply | None:
        self.heard += 1
        if self.every and self.heard % self.every == 0:
            raise RuntimeError(f"injected failure in question {self.heard}")
        return super().respond(reading)


class Counted(DrainedPlayback):
    """Counts the out-of-order sentences said."""

    out_of_order = 0

    def __init__(self, pieces: list[Piece], rate: int, device: object) -> None:
        pieces = list(pieces)
        Counted.out_of_order += any(p.text and SENTENCE.startswith(p.text) for p in pieces)
        super().__init__(pieces, rate, device)


class Always(OutOfOrder):
    """The sentence at every failure: the once-a-minute throttle would hide how many were said."""

    def due(self) -> bool:
        return True


def resident_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=2000)
    parser.add_argument("--fail-every", type=int, default=0, metavar="N",
                        help="make every Nth question raise inside its turn")
    args = parser.parse_args()

    config = Config()
    parts = build(config, kiosk=True)
    synthesiser = parts.synthesiser
    asked = list(QUESTIONS)
    voice = synthesiser.voice
    synthesiser.set_voice(Voice("gmw/en-us", 160))
    microphone = RecordedMicrophone([spoken(synthesiser, q) for q in asked])
    synthesiser.set_voice(voice)
    session = Failing(parts.dialogue, config.kiosk, parts.settings.reprompt_after)
    session.every = args.fail_every
    turns: list[TurnTiming] = []
    right = 0
    errors: list[Exception] = []
    memory = {"built": resident_mb()}

    def on_turn(turn: TurnTiming) -> None:
        nonlocal right
        turns.append(turn)
        right += turn.section == QUESTIONS[asked[microphone.asking]]
        if len(turns) % 250 == 0:
            memory[f"turn {len(turns)}"] = resident_mb()
            print(f"{len(turns)} turns, {resident_mb():.1f} MB, {len(errors)} errors", flush=True)
        if len(turns) >= args.turns:
            loop.stop()

    quiet = Captions(out=open(os.devnull, "w"))
    loop = LiveLoop(session, parts.listeners, synthesiser, microphone, None, parts.settings, quiet,
                    on_turn=on_turn, on_error=errors.append, player=Counted, out_of_order=Always())
    memory["start"] = resident_mb()
    started = time.monotonic()
    loop.run()
    took = time.monotonic() - started
    memory["end"] = resident_mb()
    print(f"\n{len(turns)} turns in {took / 60:.1f} min ({took / len(turns) * 1000:.0f} ms a turn)")
    print("memory (resident): " + ", ".join(f"{k} {v:.1f} MB" for k, v in memory.items()))
    warm = memory.get("turn 250", memory["start"])
    print(f"growth from turn 250 to the end: {memory['end'] - warm:+.1f} MB; "
          f"from the start: {memory['end'] - memory['start']:+.1f} MB")
    print(f"answered from the expected section: {right} of {len(turns)}")
    print(f"errors: {len(errors)}; out-of-order sentence said {Counted.out_of_order} times")
    for err in errors[:20]:
        print(f"  {type(err).__name__}: {err}")


if __name__ == "__main__":
    main()
