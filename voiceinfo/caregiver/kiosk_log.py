"""The kiosk's log: one JSON line per event, and the summary `voiceinfo kiosk status` prints.

A turn is logged with its time, the topic answered and the latency; never audio, and
the words heard only when the caregiver turns that on. Topics alone can be private
("overdose", "pregnancy"), so the log is readable by its owner only (0600 in a 0700
folder). It is kept small: a log over MAX_BYTES is moved aside to kiosk.log.1 (replacing
the older one), at start and while running. A log that cannot be written (a full disk,
a read-only folder) never stops the kiosk: it says so once on standard error and goes on.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from voiceinfo.events import TurnTiming
from voiceinfo.paths import PROGRAM, user_dir

MAX_BYTES = 1_000_000


def default_log() -> Path:
    return user_dir("state") / "kiosk.log"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class KioskLog:
    def __init__(self, path: Path, log_words: bool = False) -> None:
        self.path = path
        self.log_words = log_words
        self._failing = False  # the last write failed; said once, until one works again
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as err:
            self._failed(err)
        self._rotate()

    def _failed(self, err: OSError) -> None:
        if not self._failing:
            self._failing = True
            print(f"voiceinfo: cannot write the log {self.path} ({err.strerror or err}); carrying on "
                  "without it. Free some space or choose another file with --log.",
                  file=sys.stderr, flush=True)

    def _rotate(self) -> None:
        try:
            if self.path.stat().st_size > MAX_BYTES:
                self.path.replace(self.path.with_name(self.path.name + ".1"))
        except OSError:
            pass  # no log yet, or none that can be moved: writing says what is wrong

    def event(self, kind: str, **details: Any) -> None:
        line = json.dumps({"time": _now(), "event": kind, **details}, ensure_ascii=False)
        self._rotate()
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                if stat.S_ISREG(os.fstat(fd).st_mode):  # not /dev/full's or a pipe's mode
                    os.fchmod(fd, 0o600)  # a log written before this version was 0644
                data = (line + "\n").encode("utf-8", "replace")
                if os.write(fd, data) != len(data):
                    raise OSError(28, "the disk is full")
            finally:
                os.close(fd)
        except OSError as err:
            self._failed(err)
            return
        self._failing = False

    def turn(self, timing: TurnTiming) -> None:
        details: dict[str, Any] = {"section": timing.section,
                                   "latency_ms": round(timing.beyond_silence * 1000)}
        if self.log_words:
            details["heard"] = timing.heard
        self.event("turn", **details)

    def error(self, err: Exception) -> None:
        self.event("error", error=f"{type(err).__name__}: {err}")


def _events(path: Path) -> Iterator[dict[str, Any]]:
    for name in (path.name + ".1", path.name):
        try:
            lines = (path.parent / name).read_bytes().decode("utf-8", "replace").splitlines()
        except OSError:
            continue
        for line in lines:
            try:
                event = json.loads(line)
                when = datetime.fromisoformat(event["time"])
            except (json.JSONDecodeError, TypeError, KeyError, ValueError):
                continue  # a line cut short by a power cut, or not the kiosk's
            if isinstance(event, dict) and isinstance(event.get("event"), str):
                if when.tzinfo is None:
                    when = when.replace(tzinfo=timezone.utc)
                yield {**event, "time": when}


def _when(event: dict[str, Any]) -> str:
    return f"{event['time']:%Y-%m-%d %H:%M} UTC"


@dataclass(frozen=True)
class Status:
    started: datetime | None
    turns: int
    answered: int
    device_losses: int
    errors: list[dict[str, Any]]
    ended: dict[str, Any] | None = None  # the fatal error or stop since the last start

    def summary(self, now: datetime) -> str:
        ended = self.ended
        if ended is not None and ended["event"] == "fatal":
            return "\n".join([f"Not running: it stopped on an error at {_when(ended)}:",
                               f"  {ended.get('error', '')}",
                               f"What to do: {ended.get('fix') or FIX}"]
                              + ([] if self.started is None else [self._counts()]))
        if self.started is None:
            return "The kiosk has not run yet (no start in the log)."
        if ended is not None:
            return f"Stopped at {_when(ended)} (it was stopped, not broken).\n{self._counts()}"
        up = int((now - self.started).total_seconds())
        lines = [f"Running since {self.started:%Y-%m-%d %H:%M} UTC: up {up // 86400} days "
                 f"{up % 86400 // 3600} hours {up % 3600 // 60} minutes.", self._counts()]
        if self.errors:
            lines.append("Recent errors:")
            lines += [f"  {_when(e)}  {e.get('error', '')}" for e in self.errors[-5:]]
        else:
            lines.append("No errors since it started.")
        return "\n".join(lines)

    def _counts(self) -> str:
        return (f"Turns: {self.turns}, of which {self.answered} answered from the monograph "
                "(the rest were commands, or questions it could not answer).\n"
                f"Microphone or speaker lost: {self.device_losses} times.")


FIX = f"run '{PROGRAM} doctor', which checks everything the kiosk needs and says what to fix."


def status(path: Path) -> Status:
    """What happened since the kiosk last started, and how it ended if it has."""
    started, turns, answered, lost, errors, ended = None, 0, 0, 0, [], None
    for event in _events(path):
        kind = event["event"]
        if kind == "start":
            started, turns, answered, lost, errors, ended = event["time"], 0, 0, 0, [], None
        elif kind == "turn":
            turns += 1
            answered += event.get("section") is not None
        elif kind == "device lost":
            lost += 1
        elif kind == "error":
            errors.append(event)
        elif kind in ("fatal", "stop"):
            ended = event
    return Status(started, turns, answered, lost, errors, ended)
