"""The kiosk's log: no words unless asked, and the status summary read from it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from voiceinfo.caregiver.kiosk_log import MAX_BYTES, KioskLog, status
from voiceinfo.events import TurnTiming

TURN = TurnTiming("can i drink alcohol", "cautions", end_of_speech_wait=1.5, recognition=0.06,
                  answering=0.001, synthesis_to_first_audio=0.02)


def test_a_turn_is_logged_without_the_words_said(tmp_path: Path) -> None:
    log = KioskLog(tmp_path / "kiosk.log")
    log.turn(TURN)
    event = json.loads((tmp_path / "kiosk.log").read_text())
    assert event["section"] == "cautions" and event["latency_ms"] == 81
    assert "alcohol" not in (tmp_path / "kiosk.log").read_text()


def test_the_caregiver_can_log_the_words(tmp_path: Path) -> None:
    KioskLog(tmp_path / "kiosk.log", log_words=True).turn(TURN)
    assert json.loads((tmp_path / "kiosk.log").read_text())["heard"] == "can i drink alcohol"


def test_status_counts_since_the_last_start_and_lists_recent_errors(tmp_path: Path) -> None:
    log = KioskLog(tmp_path / "kiosk.log")
    log.event("start")
    log.error(RuntimeError("an old error"))
    log.event("start")
    log.turn(TURN)
    log.turn(TurnTiming("next", None, 1.5, 0.05, 0.001, 0.02))
    log.event("device lost", reason="the microphone stopped sending sound")
    log.error(ValueError("bad turn"))
    with (tmp_path / "kiosk.log").open("a") as out:
        out.write('{"time": "2026-11-27T1')  # cut short by a power cut
    found = status(tmp_path / "kiosk.log")
    assert (found.turns, found.answered, found.device_losses) == (2, 1, 1)
    assert [e["error"] for e in found.errors] == ["ValueError: bad turn"]
    text = found.summary(found.started + timedelta(days=2, hours=3, minutes=4))
    assert "up 2 days 3 hours 4 minutes" in text and "ValueError: bad turn" in text


def test_status_before_any_run(tmp_path: Path) -> None:
    assert "has not run yet" in status(tmp_path / "kiosk.log").summary(datetime.now(timezone.utc))


def test_a_long_log_is_moved_aside_at_start(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.log"
    path.write_text("x" * (MAX_BYTES + 1))
    KioskLog(path).event("start")
    assert (tmp_path / "kiosk.log.1").stat().st_size == MAX_BYTES + 1
    assert path.stat().st_size < 200


def test_kiosk_status_from_the_command_line(tmp_path: Path) -> None:
    log = KioskLog(tmp_path / "kiosk.log")
    log.event("start")
    log.turn(TURN)
    for args in (["kiosk", "status", "--log", str(log.path)], ["kiosk", "--log", str(log.path), "status"]):
        result = subprocess.run([sys.executable, "-m", "voiceinfo", *args], capture_output=True, text=True,
                                timeout=60)
        assert result.returncode == 0, result.stderr
        assert "Turns: 1, of which 1 answered" in result.stdout


def test_the_log_is_its_owners_alone(tmp_path: Path) -> None:
    path = tmp_path / "state" / "kiosk.log"
    KioskLog(path).event("start")
    assert path.stat().st_mode & 0o777 == 0o600 and path.parent.stat().st_mode & 0o777 == 0o700


def test_a_long_log_is_moved_aside_while_running(tmp_path: Path) -> None:
    log = KioskLog(tmp_path / "kiosk.log")
    while not (tmp_path / "kiosk.log.1").exists():
        log.turn(TURN)
        assert log.path.stat().st_size <= MAX_BYTES + 200
    assert status(log.path).turns > 0


@pytest.mark.parametrize("where", ["/dev/full", "a folder", "read-only"])
def test_a_log_that_cannot_be_written_never_stops_the_kiosk(tmp_path: Path, where: str, capsys) -> None:
    path = Path(where) if where == "/dev/full" else tmp_path / "kiosk.log"
    if where == "a folder":
        path.mkdir()
    if where == "read-only":
        path = tmp_path / "ro" / "sub" / "kiosk.log"
        path.parent.parent.mkdir()
        path.parent.parent.chmod(0o500)
        if os.geteuid() == 0:  # root writes anywhere: a file where the folder should be does it
            path.parent.parent.chmod(0o700)
            path.parent.write_text("")
    before = os.stat("/dev/full").st_mode
    log = KioskLog(path)
    for _ in range(3):
        log.event("start")
        log.turn(TURN)
    assert capsys.readouterr().err.count("cannot write the log") == 1  # said once, not per line
    assert os.stat("/dev/full").st_mode == before  # a device's mode is not the log's to change


def test_status_after_a_fatal_error_says_it_is_not_running_and_what_to_do(tmp_path: Path) -> None:
    log = KioskLog(tmp_path / "kiosk.log")
    log.event("fatal", error="ConfigError: voice.rate must be 80 to 450", fix="fix the settings file")
    text = status(log.path).summary(datetime.now(timezone.utc))
    assert text.startswith("Not running") and "voice.rate" in text and "fix the settings file" in text
    log.event("start")
    log.turn(TURN)
    log.event("fatal", error="ContentError: bad line")
    text = status(log.path).summary(datetime.now(timezone.utc))
    assert text.startswith("Not running") and "Running since" not in text and "voiceinfo doctor" in text
    log.event("start")
    assert status(log.path).summary(datetime.now(timezone.utc)).startswith("Running since")


def test_status_passes_over_lines_with_bad_bytes_or_times(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.log"
    KioskLog(path).event("start")
    with path.open("ab") as out:
        out.write(b'{"time": "\xff\xfe", "event": "turn"}\n{"time": "yesterday", "event": "turn"}\n'
                  b'{"time": 5, "event": "turn"}\n["a list"]\n')
    KioskLog(path).turn(TURN)
    result = subprocess.run([sys.executable, "-m", "voiceinfo", "kiosk", "status", "--log", str(path)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Turns: 1, of which 1 answered" in result.stdout
