"""Loading and validating monograph files, good and broken."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from voiceinfo.understanding.content import DEFAULT_CONTENT, ContentError, Monograph, load

GOOD = """\
drug: examplamine
names:
  brands: [Examplex]
source:
  title: A test leaflet
  author: Nobody
  reviewed: May 2020
urgent:
  say: Get help now.
  cues: [passed out]
unknown:
  say: I don't have that information.
  other_drug: Not about {name}.
sections:
  - id: what-it-is
    topic: what it is
    asks: [what is it]
    say: It is a test.
  - id: side-effects
    topic: side effects
    asks: [side effects]
    say: It has two.
    items:
      - id: one
        asks: [first]
        say: The first.
      - id: two
        asks: [second]
        say: The second.
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "drug.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_monograph_has_every_part_the_brief_names(monograph: Monograph) -> None:
    assert monograph.drug == "baclofen"
    assert set(monograph.brands) == {"Lioresal", "Lioresal Intrathecal", "Gablofen"}
    assert "back lofen" in monograph.heard_as
    assert monograph.source.reviewed == "July 2019"
    ids = [s.id for s in monograph.sections]
    for needed in ("what-it-is", "how-it-works", "how-to-take", "brands-and-forms", "side-effects",
                   "stopping", "cautions", "tell-your-doctor", "about"):
        assert needed in ids
    assert len(monograph.section("side-effects").items) == 12
    assert len(monograph.section("cautions").items) == 5


def test_good_file_loads(tmp_path: Path) -> None:
    m = load(write(tmp_path, GOOD))
    assert [s.id for s in m.sections] == ["what-it-is", "side-effects"]
    assert m.section("side-effects").item("two").say == "The second."


@pytest.mark.parametrize("change, line, words", [
    (("    say: It is a test.\n", ""), 15, "missing 'say'"),
    (("  - id: side-effects", "  - id: what-it-is"), 19, "duplicate section id 'what-it-is'"),
    (("      - id: two", "      - id: one"), 27, "duplicate item"),
    (("    asks: [side effects]", "    asks: []"), 21, "empty list"),
    (("    say: It has two.", "    say: ''"), 22, "empty"),
    (("  author: Nobody\n", ""), 5, "missing 'author'"),
    (("    topic: what it is", "    topic: what it is\n    colour: red"), 17, "unknown field 'colour'"),
    (("    say: It is a test.", "    say: [It, is]"), 18, "must be text"),
    (("  brands: [Examplex]", "  brands: [Examplex"), 4, "not valid YAML"),
    (("sections:\n", "sections:\nsections:\n"), 15, "'sections' appears twice"),
    (("  other_drug: Not about {name}.", "  other_drug: Not about it."), 13, "{name}"),
    (("  other_drug: Not about {name}.", "  other_drug: Not about {name} {0} {"), 13, "no braces but {name}"),
    (("  other_drug: Not about {name}.", "  other_drug: Not about {name} {dose}"), 13, "no braces but {name}"),
    (("    asks: [first]", "    asks: ['[[a|b][c|d]]']"), 25, "may not contain [ ] |"),
    (("    topic: side effects", "    topic: side (effects"), 20, "may not contain ("),
    (("  cues: [passed out]", "  cues: ['passed {out}']"), 10, "may not contain { }"),
    (("    say: It is a test.", "    say: &big It is a test.\n    note: *big"), 18, "aliases"),
])
def test_broken_file_names_the_line_and_problem(tmp_path: Path, change: tuple[str, str],
                                                line: int, words: str) -> None:
    assert change[0] in GOOD
    with pytest.raises(ContentError) as caught:
        load(write(tmp_path, GOOD.replace(change[0], change[1], 1)))
    assert caught.value.line == line, str(caught.value)
    assert words in caught.value.message


def test_empty_and_missing_and_binary_files_are_content_errors(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="empty"):
        load(write(tmp_path, ""))
    with pytest.raises(ContentError, match="cannot read"):
        load(tmp_path / "nowhere.yaml")
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ContentError, match="cannot read"):
        load(binary)


def test_hostile_files_are_content_errors_not_crashes(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="nested far too deeply"):
        load(write(tmp_path, GOOD.replace("[first]", "[" * 20_000 + "]" * 20_000)))
    big = "x" * 100_000
    laughs = f"a: &a {big}\nb: [" + ", ".join(["*a"] * 9) + "]\n"
    with pytest.raises(ContentError, match="aliases"):  # 2,000 of these once took 54 s and 253 MB
        load(write(tmp_path, laughs))
    with pytest.raises(ContentError, match="at most 1 MB"):
        load(write(tmp_path, GOOD + "#" + "x" * 1_000_000))


def test_an_other_drug_question_with_the_shipped_wording_is_answered(monograph: Monograph) -> None:
    assert monograph.other_drug_say.format(name="aspirin").count("aspirin") == 2


def run_check(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "voiceinfo", "content", "check", *args],
                          capture_output=True, text=True, timeout=60)


def test_check_command_summarises_a_good_file() -> None:
    result = run_check(str(DEFAULT_CONTENT))
    assert result.returncode == 0
    assert result.stdout.count("\n") == 1
    assert "baclofen" in result.stdout and "10 sections" in result.stdout


def test_check_command_reports_file_and_line_and_exits_1(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("      - id: two", "      - id: one"))
    result = run_check(str(path))
    assert result.returncode == 1
    assert f"{path}:27:" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("key", ["sounds_like", "say_as"])
def test_sounds_like_and_say_as_entries_are_read_and_checked(tmp_path: Path, key: str) -> None:
    good = load(write(tmp_path, GOOD + f"{key}:\n  - Examplamine = example mean\n"))
    assert getattr(good, key) == (("examplamine", "example mean"),)
    with pytest.raises(ContentError) as caught:
        load(write(tmp_path, GOOD + f"{key}:\n  - examplamine\n"))
    assert caught.value.line == 31 and f"{key} entry 1 must read 'word = how it sounds'" in caught.value.message


def test_check_command_lists_every_problem_not_only_the_first(tmp_path: Path) -> None:
    broken = (GOOD.replace("  author: Nobody\n", "")  # source, line 5
              .replace("    say: It is a test.", "    say: ''")  # section what-it-is, line 17 (one less now)
              .replace("        asks: [first]", "        asks: []")  # item one, line 24
              .replace("      - id: two", "      - id: one"))  # a duplicate item id, line 26
    result = run_check(str(write(tmp_path, broken)))
    assert result.returncode == 1
    lines = re.findall(r"drug\.yaml:(\d+): (.*)", result.stderr)
    assert [line for line, _ in lines] == ["5", "17", "24", "26"], result.stderr
    lines = [problem for _, problem in lines]
    assert "missing 'author'" in lines[0] and "empty" in lines[1] and "empty list" in lines[2]
    assert "duplicate item" in lines[3]
