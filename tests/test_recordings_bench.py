"""bench/recordings.py, the measure for recordings of real people, on a folder of espeak-ng
recordings: scoring against expected.tsv, and files it cannot use."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # real speech models, synthesis or builds

BENCH = Path(__file__).resolve().parent.parent / "bench" / "recordings.py"


def run(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(BENCH), str(folder)], capture_output=True, text=True, timeout=300)


def test_recordings_are_scored_against_their_expected_part(tmp_path: Path) -> None:
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "140", "-w", str(tmp_path / "alcohol.wav"),
                    "can I drink alcohol with it"], check=True)
    (tmp_path / "garbled.wav").write_bytes(b"RIFF not really a recording")
    (tmp_path / "expected.tsv").write_text(
        "# expected\tfile\n"
        "cautions/alcohol\talcohol.wav\n"
        "stopping\talcohol.wav\n"  # the same recording, listed as asking something else
        "side-effects\tgarbled.wav\n"
        "side-effects\tnot-there.wav\n", encoding="utf-8")
    result = run(tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1].startswith("alcohol.wav: heard 'can i drink alcohol with it' -> cautions/alcohol") \
        and lines[1].endswith(": right")
    assert lines[2].endswith("WRONG (expected stopping)")
    assert lines[3].startswith("garbled.wav: not used: ") and lines[4].startswith("not-there.wav: not used: ")
    assert "answered right: 1 of 2 (50.0%)" in lines


def test_a_missing_or_wrong_listing_is_named(tmp_path: Path) -> None:
    result = run(tmp_path)
    assert result.returncode == 2 and "expected.tsv" in result.stderr and "Traceback" not in result.stderr
    (tmp_path / "expected.tsv").write_text("side-efects\tq.wav\n", encoding="utf-8")
    result = run(tmp_path)
    assert result.returncode == 2 and "parts the content does not have: side-efects" in result.stderr
