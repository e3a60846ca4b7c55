"""Reading tests/questions.tsv: expected target, urgency, question."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

_SETS = Path(__file__).resolve().parents[1] / "tests"  # the sets are the tests' data
QUESTIONS = _SETS / ("questions.tsv")
# Written later, never used to tune anything: whether gains carry over to new wording.
HELD_OUT = _SETS / ("held_out_questions.tsv")
# Emergencies as people might report them, also never used to tune: how often one is heard.
URGENT = _SETS / ("urgent_questions.tsv")
# What the content does not answer: everyday requests, and questions about the drug.
OFF_TOPIC = _SETS / ("off_topic_questions.tsv")
UNCOVERED = _SETS / ("uncovered_questions.tsv")
# As patients and caregivers say them, by kind; the held-out third written first, never tuned on.
PEOPLE = _SETS / ("people_questions.tsv")
PEOPLE_HELD_OUT = _SETS / ("people_held_out.tsv")
# A second held-out batch, written on 2026-12-03 before that day's work: reported on its own.
PEOPLE_HELD_OUT_2 = _SETS / ("people_held_out_2.tsv")
# A third, written on 2026-12-03 before the seventh session's work.
PEOPLE_HELD_OUT_3 = _SETS / ("people_held_out_3.tsv")
# A fourth, of emergencies, uncovered questions and ordinary ones like them, before the eighth.
PEOPLE_HELD_OUT_4 = _SETS / ("people_held_out_4.tsv")
# A fifth, of uncovered questions and ordinary ones like them, before the ninth.
PEOPLE_HELD_OUT_5 = _SETS / ("people_held_out_5.tsv")
# A sixth, of uncovered questions, emergencies and ordinary ones like them, before the tenth.
PEOPLE_HELD_OUT_6 = _SETS / ("people_held_out_6.tsv")


@dataclass(frozen=True)
class Case:
    question: str
    expected: str | None  # "section" or "section/item"; None for out of scope
    urgent: bool


def read_cases(path: Path = QUESTIONS) -> list[Case]:
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        expected, question = line.split("\t")
        urgent = expected.startswith("!")
        expected = expected.lstrip("!")
        cases.append(Case(question, None if expected == "-" else expected, urgent))
    return cases


@dataclass(frozen=True)
class PersonCase:
    question: str
    kind: str
    expected: tuple[str, ...]  # one target, or two for a question that asks two things; () out of scope
    urgent: bool


def read_people(path: Path) -> list[PersonCase]:
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        expected, kind, question = line.split("\t")
        urgent = expected.startswith("!")
        expected = expected.lstrip("!")
        cases.append(PersonCase(question, kind, () if expected == "-" else tuple(expected.split("+")), urgent))
    return cases
