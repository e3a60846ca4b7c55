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
# Further held-out batches, each written before a session's work and reported on its own: the
# second and third (2026-12-03) of every kind; the fourth to the seventh of emergencies, uncovered
# questions and ordinary ones like them.
LATER_BATCHES = tuple((name, _SETS / f"people_held_out_{n}.tsv")
                      for n, name in enumerate(("second", "third", "fourth", "fifth", "sixth", "seventh"), 2))


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
