"""The kiosk's log: one JSON line per event, and the summary `voiceinfo kiosk status` prints.

A turn is logged with its time, the topic answered and the latency; never audio, and
the words heard only when the caregiver turns that on. The file is kept small: at
start, a log over MAX_BYTES is moved aside to kiosk.log.1 (replacing the older one).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from voiceinfo.live import TurnTiming

MAX_BYTES = 1_000_000


def default_log() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "voiceinfo" / "kiosk.log"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class KioskLog:
    def __init__(self, path: Path, log_words: bool = False) -> None:
        self.path = path
        self._log_words = log_words
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and path.stat().st_size > MAX_BYTES:
            path.replace(path.with_name(path.name + ".1"))

    def event(self, kind: str, **details: Any) -> None:
        line = json.dumps({"time": _now(), "event": kind, **details}, ensure_ascii=False)
        with self.path.open("a", encoding="utf-8") as out:
            out.write(line + "\n")

    def turn(self, timing: TurnTiming) -> None:
        details: dict[str, Any] = {"section": timing.section,
                                   "latency_ms": round(timing.beyond_silence * 1000)}
        if self._log_words:
            details["heard"] = timing.heard
        self.event("turn", **details)

    def error(self, err: Exception) -> None:
        self.event("error", error=f"{type(err).__name__}: {err}")


def _events(path: Path) -> Iterator[dict[str, Any]]:
    for name in (path.name + ".1", path.name):
        try:
            lines = (path.parent / name).read_text(encoding="utf-8").splitlines()
        except OSError:
            continue
        for line in lines:
            try:
                event = json.loads(line)
            except json.JSONDecodeError:
                continue  # a line cut short by a power cut
            if isinstance(event, dict) and "event" in event and "time" in event:
                yield event


@dataclass(frozen=True)
class Status:
    started: datetime | None
    turns: int
    answered: int
    device_losses: int
    errors: list[dict[str, Any]]

    def summary(self, now: datetime) -> str:
        if self.started is None:
            return "The kiosk has not run yet (no start in the log)."
        up = int((now - self.started).total_seconds())
        lines = [f"Running since {self.started:%Y-%m-%d %H:%M} UTC: up {up // 86400} days "
                 f"{up % 86400 // 3600} hours {up % 3600 // 60} minutes.",
                 f"Turns: {self.turns}, of which {self.answered} answered from the monograph "
                 "(the rest were commands, or questions it could not answer).",
                 f"Microphone or speaker lost: {self.device_losses} times."]
        if self.errors:
            lines.append("Recent errors:")
            lines += [f"  {e['time']}  {e.get('error', '')}" for e in self.errors[-5:]]
        else:
            lines.append("No errors since it started.")
        return "\n".join(lines)


def status(path: Path) -> Status:
    """What happened since the kiosk last started."""
    started, turns, answered, lost, errors = None, 0, 0, 0, []
    for event in _events(path):
        kind = event["event"]
        if kind == "start":
            started, turns, answered, lost, errors = datetime.fromisoformat(event["time"]), 0, 0, 0, []
        elif kind == "turn":
            turns += 1
            answered += event.get("section") is not None
        elif kind == "device lost":
            lost += 1
        elif kind in ("error", "fatal"):
            errors.append(event)
    return Status(started, turns, answered, lost, errors)
