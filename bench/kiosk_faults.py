"""Fault-injection soak: the real `voiceinfo kiosk` process on a private virtual sound server,
asked question after question while its microphone is pulled out, its sound server killed
and restarted, and its disk made full (the log turned into /dev/full), at random.

Prints each fault and whether the kiosk answered again after it, the notices it gave while
it could not work, its memory (resident set of the process) over the run, and totals. All
in real time: a turn is a spoken question and a spoken answer, about 10 s.

    .venv/bin/python bench/kiosk_faults.py [--minutes 10] [--seed 1]

Failing turns (an exception inside a turn) are injected by bench/kiosk_soak.py --fail-every,
in-process, since nothing outside the process can make a turn raise.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the harness

from harness.live_session import LiveSession  # noqa: E402
from harness.virtual_audio import VirtualAudio, start_virtual_audio  # noqa: E402
from voiceinfo.config import Config, save  # noqa: E402

QUESTIONS = ["does it make you sleepy", "can i drink alcohol with it", "what is baclofen",
             "will it make me dizzy", "how does it work"]
FAULTS = ["microphone pulled out", "sound server restarted", "disk full"]


def resident_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def answered(session: LiveSession, question: str) -> bool:
    try:
        said, _ = session.ask(question)
    except AssertionError:  # nothing said in time
        return False
    return not said.startswith(("Sorry", "I don't", "I'm not working"))


def inject(fault: str, audio: VirtualAudio, log: Path) -> None:
    if fault == "microphone pulled out":
        audio.unplug_microphone()
        time.sleep(3.0)
        audio.plug_microphone_back()
    elif fault == "sound server restarted":
        audio.stop_server()
        time.sleep(3.0)
        audio.start()
    else:  # the log so far is kept aside, to be counted at the end
        if log.is_file() and not log.is_symlink():
            log.rename(log.with_name(f"{log.name}.{time.monotonic_ns()}"))
        log.unlink(missing_ok=True)
        log.symlink_to("/dev/full")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--fault-share", type=float, default=0.3, metavar="P",
                        help="the share of turns that start with a fault (0: a plain soak, to compare)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    folder = Path(tempfile.mkdtemp(prefix="voiceinfo-faults-"))
    log = folder / "kiosk.log"
    save(Config().updated(kiosk={"log_words": True, "greeting": "Hello."}), folder / "config.toml")
    audio = start_virtual_audio()
    injected, recovered, turns, right = Counter(), Counter(), 0, 0
    memory: list[float] = []
    try:
        with LiveSession(audio, folder, "gmw/en-us", ("--config", str(folder / "config.toml"), "kiosk",
                                                      "--log", str(log))) as session:
            ends = time.monotonic() + args.minutes * 60
            disk_full_for = 0
            while time.monotonic() < ends and session.proc.poll() is None:
                if rng.random() < args.fault_share:
                    fault = rng.choice(FAULTS)
                    print(f"fault: {fault}", flush=True)
                    inject(fault, audio, log)
                    injected[fault] += 1
                    disk_full_for = 3 if fault == "disk full" else disk_full_for
                    ok = any(answered(session, rng.choice(QUESTIONS)) for _ in range(3))
                    turns += 1
                    recovered[fault] += ok
                    print(f"  answered again after it: {ok}", flush=True)
                else:
                    turns += 1
                    right += answered(session, rng.choice(QUESTIONS))
                if disk_full_for and (disk_full_for := disk_full_for - 1) == 0:
                    log.unlink()  # space again
                memory.append(resident_mb(session.proc.pid))
                if len(memory) % 10 == 0:
                    print(f"after {len(memory)} questions: {memory[-1]:.1f} MB", flush=True)
            alive = session.proc.poll() is None
            errors = "".join(session.errors)
    finally:
        audio.stop()
    print(f"\nran {args.minutes:g} min: {turns} questions asked, {right} answered outside faults; "
          f"still running at the end: {alive}")
    for fault in FAULTS:
        print(f"{fault}: injected {injected[fault]}, answered again after it {recovered[fault]}")
    if memory:
        print(f"memory (resident): first {memory[0]:.1f} MB, last {memory[-1]:.1f} MB, "
              f"most {max(memory):.1f} MB")
    print(f"'cannot write the log' said on stderr: {errors.count('cannot write the log')} times; "
          f"tracebacks: {errors.count('Traceback')}")
    events = Counter(line.split('"event": "')[1].split('"')[0]
                     for kept in folder.glob("kiosk.log*") if kept.is_file() and not kept.is_symlink()
                     for line in kept.read_text(errors="replace").splitlines() if '"event": "' in line)
    print("log events: " + ", ".join(f"{k} {v}" for k, v in sorted(events.items())))


if __name__ == "__main__":
    main()
