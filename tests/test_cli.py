"""The command line, run as a user runs it: a subprocess."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from harness.question_set import read_cases

NO_AUDIO_ENV = dict(os.environ, PULSE_SERVER="unix:/nonexistent/voiceinfo-test/native")


def voiceinfo(*args: str, stdin: str | None = None,
              env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "voiceinfo", *args], input=stdin,
                          capture_output=True, text=True, timeout=120, env=env or NO_AUDIO_ENV)


def test_ask_no_speak_prints_the_answer() -> None:
    result = voiceinfo("ask", "--no-speak", "what are the brand names?")
    assert result.returncode == 0
    assert "Lioresal" in result.stdout and "Gablofen" in result.stdout
    assert result.stderr == ""


def test_ask_json_has_question_section_and_spoken_text() -> None:
    result = voiceinfo("ask", "--json", "can I drink alcohol with it?")
    data = json.loads(result.stdout)
    assert data["question"] == "can I drink alcohol with it?"
    assert data["section"] == "cautions" and data["item"] == "alcohol"
    assert "alcohol" in data["text"]
    assert data["out_of_scope"] is False and data["urgent"] is False


def test_ask_json_out_of_scope_has_null_section() -> None:
    data = json.loads(voiceinfo("ask", "--json", "what is the dose of tizanidine").stdout)
    assert data["section"] is None and data["out_of_scope"] is True


def test_ask_json_reads_questions_from_stdin_in_order() -> None:
    questions = [c.question for c in read_cases()]
    result = voiceinfo("ask", "--json", stdin="\n".join(questions) + "\n")
    assert result.returncode == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["question"] for r in rows] == questions


def test_ask_without_audio_prints_a_one_line_notice_and_exits_0() -> None:
    result = voiceinfo("ask", "what is baclofen?")
    assert result.returncode == 0
    assert "muscle relaxant" in result.stdout
    notice = [line for line in result.stderr.splitlines() if "Not spoken" in line]
    assert len(notice) == 1
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("args, problem", [
    (["ask", "  "], "the question is empty"),
    (["ask", "what is it", "--audio", "q.wav"], "not both"),
])
def test_ask_with_no_question_or_two_explains_and_exits_2(args: list[str], problem: str) -> None:
    result = voiceinfo(*args)
    assert result.returncode == 2 and result.stdout == ""
    assert problem in result.stderr and 'voiceinfo ask "what are the side effects?"' in result.stderr


def test_ask_typed_at_a_terminal_says_what_it_waits_for() -> None:
    """Standard input is a terminal: a hint, then each typed line answered until Ctrl+D."""
    controller, terminal = pty.openpty()
    with subprocess.Popen([sys.executable, "-m", "voiceinfo", "ask", "--no-speak"], stdin=terminal,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=NO_AUDIO_ENV) as run:
        os.close(terminal)
        os.write(controller, b"what are the brand names\n\x04")
        out, err = run.communicate(timeout=120)
    os.close(controller)
    assert run.returncode == 0
    assert "Type a question and press Enter" in err
    assert "Lioresal" in out


def test_ask_with_a_broken_content_file_explains_and_exits_1(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("drug: [unclosed\n", encoding="utf-8")
    result = voiceinfo("ask", "--content", str(broken), "what is it?")
    assert result.returncode == 1
    assert str(broken) in result.stderr and "Traceback" not in result.stderr


def test_help_explains_the_commands() -> None:
    result = voiceinfo("--help")
    assert result.returncode == 0
    assert "ask" in result.stdout and "content" in result.stdout
    assert "--json" in voiceinfo("ask", "--help").stdout


def test_options_work_before_the_command_too(tmp_path: Path) -> None:
    """`voiceinfo --content F ask` once answered from the standard content: the subcommand's
    default put back what was given before it."""
    content = tmp_path / "other.yaml"
    shipped = Path(__file__).parent.parent / "content" / "baclofen.yaml"
    content.write_text(shipped.read_text().replace("Lioresal", "Zzyzxal"))
    for args in (["--content", str(content), "ask"], ["ask", "--content", str(content)]):
        result = voiceinfo(*args, "--no-speak", "what are the brand names?")
        assert result.returncode == 0 and "Zzyzxal" in result.stdout, (args, result.stderr)


@pytest.mark.parametrize("encoding", ["utf-8", "ascii"])
def test_bytes_that_are_not_text_are_replaced_and_every_other_line_answered(encoding: str) -> None:
    result = subprocess.run([sys.executable, "-m", "voiceinfo", "ask", "--json"],
                            input=b"side effects\n\xff\xfe can I drive\nalcohol\n", capture_output=True,
                            timeout=120, env={**NO_AUDIO_ENV, "PYTHONIOENCODING": encoding})
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.decode(encoding).splitlines()]
    assert [a["section"] for a in answers] == ["side-effects", "side-effects", "cautions"]


def test_an_argument_that_is_not_text_is_no_traceback() -> None:
    result = subprocess.run([sys.executable, "-m", "voiceinfo", "ask", "--audio", b"/nowhere/\xff.wav"],
                            capture_output=True, timeout=120, env=NO_AUDIO_ENV)
    assert result.returncode == 1 and b"there is no file /nowhere/" in result.stdout
    assert b"Traceback" not in result.stderr
    result = subprocess.run([sys.executable, "-m", "voiceinfo", "ask", "--json", b"\xff side effects"],
                            capture_output=True, timeout=120, env=NO_AUDIO_ENV)
    assert result.returncode == 0 and json.loads(result.stdout)["section"] == "side-effects", result.stderr


def test_what_it_tells_you_to_run_works_as_written(tmp_path: Path) -> None:
    # A fresh checkout's voiceinfo is .venv/bin/voiceinfo, not on PATH: advice to run a bare
    # "voiceinfo doctor" would fail with "command not found".
    script = Path(sys.executable).with_name("voiceinfo")
    env = dict(NO_AUDIO_ENV, PATH="/usr/bin:/bin", HOME=str(tmp_path))
    saved = subprocess.run([str(script), "setup", "--non-interactive", "--config", str(tmp_path / "c.toml")],
                           capture_output=True, text=True, timeout=120, env=env)
    advice = saved.stdout.split("'")[1]
    assert advice == f"{script} doctor", saved.stdout
    install = subprocess.run([str(script), "kiosk", "install", "--print"], capture_output=True, text=True,
                             timeout=120, env=env)
    assert install.returncode == 0
    enable = subprocess.run([str(script), "kiosk", "install", "--config", str(tmp_path / "c.toml")],
                            capture_output=True, text=True, timeout=120,
                            env=dict(env, XDG_CONFIG_HOME=str(tmp_path)))
    assert f"; {script} kiosk status" in enable.stdout
    # sudo only for someone who is not root (root may have no sudo at all).
    assert ("sudo " in enable.stdout) == (os.geteuid() != 0), enable.stdout
    check = subprocess.run([*advice.split(), "--help"], capture_output=True, text=True, timeout=120, env=env)
    assert check.returncode == 0 and "doctor" in check.stdout


def test_every_setting_can_be_given_on_the_command_line_and_is_saved(tmp_path: Path) -> None:
    """The flags are made from the settings' own names, help and ranges (config.py)."""
    path = tmp_path / "config.toml"
    result = voiceinfo("setup", "--non-interactive", "--config", str(path), "--input-device", "3",
                       "--output-device", "USB speaker", "--echo-cancel", "--voice", "gmw/en-GB-x-rp",
                       "--rate", "150", "--volume", "0.9", "--min-rate", "110", "--max-rate", "200",
                       "--min-volume", "0.4", "--max-volume", "0.95", "--end-silence", "2.2",
                       "--reprompt-after", "30", "--no-earcons", "--no-barge-in", "--wake",
                       "--wake-phrase", "hi there", "--greeting", "Good morning", "--content",
                       str(tmp_path / "my.yaml"), "--model", str(tmp_path / "model"))
    assert result.returncode == 0, result.stderr
    saved = path.read_text()
    for line in ('input_device = "3"', 'output_device = "USB speaker"', "echo_cancel = true",
                 'name = "gmw/en-GB-x-rp"', "rate = 150", "volume = 0.9", "min_rate = 110", "max_rate = 200",
                 "min_volume = 0.4", "max_volume = 0.95", "end_silence = 2.2", "reprompt_after = 30.0",
                 "earcons = false", "barge_in = false", "wake = true", 'wake_phrase = "hi there"',
                 'greeting = "Good morning"', f'file = "{tmp_path / "my.yaml"}"', f'model = "{tmp_path / "model"}"'):
        assert f"\n{line}\n" in saved, line
    out_of_range = voiceinfo("--rate", "900", "ask", "--no-speak", "what is it")
    assert out_of_range.returncode == 2 and "voice.rate = 900 is out of range" in out_of_range.stderr
    assert "80 to 450" in voiceinfo("--help").stdout
