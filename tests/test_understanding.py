"""Which hearing to believe: a second hearing is asked for only when the first is unsure, and
believed only when it is at least as sure and is a question (pure logic, driven with text)."""

from __future__ import annotations

import pytest

from voiceinfo.hearing.recogniser import Transcript
from voiceinfo.understanding.answering import Answerer
from voiceinfo.understanding.commands import CommandParser
from voiceinfo.understanding.content import Monograph
from voiceinfo.understanding.sureness import CONFIRM_BELOW, understand

SIDE_EFFECTS = Transcript("what are the side effects", 0.9)


class SecondHearing:
    """A recogniser's hear_again that gives a set transcript and counts its calls."""

    def __init__(self, transcript: Transcript | None) -> None:
        self.transcript, self.calls = transcript, 0

    def __call__(self) -> Transcript | None:
        self.calls += 1
        return self.transcript


@pytest.fixture
def commands(monograph: Monograph) -> CommandParser:
    return CommandParser(monograph)


def test_a_sure_hearing_is_not_heard_again(answerer: Answerer, commands: CommandParser) -> None:
    again = SecondHearing(Transcript("can i drink alcohol with it", 1.0))
    understood = understand(answerer, commands, SIDE_EFFECTS, again)
    assert (understood.answer.section, understood.sureness, again.calls) == ("side-effects", 0.9, 0)


def test_an_unsure_hearing_gives_way_to_a_surer_second_one(answerer: Answerer, commands: CommandParser) -> None:
    heard = Transcript("can i drive with it", 1.0,
                       alternatives=("can i drive with it", "can i drink alcohol with it", "what are the side effects"))
    assert understand(answerer, commands, heard).sureness < CONFIRM_BELOW  # its n-best disagree
    again = SecondHearing(SIDE_EFFECTS)
    understood = understand(answerer, commands, heard, again)
    assert (understood.heard, understood.answer.section, again.calls) == (SIDE_EFFECTS, "side-effects", 1)
    assert understood.sureness < CONFIRM_BELOW  # the two hearings disagree: confirm it first


def test_two_hearings_that_agree_are_as_sure_as_the_surer(answerer: Answerer, commands: CommandParser) -> None:
    again = SecondHearing(Transcript("tell me the side effects", 0.8))
    understood = understand(answerer, commands, Transcript("what are the side effects", 0.3), again)
    assert (understood.answer.section, understood.sureness, again.calls) == ("side-effects", 0.8, 1)


@pytest.mark.parametrize("second", [
    Transcript("can i drink alcohol with it", 0.2),  # less sure
    Transcript("next", 1.0),  # a command: the listener asked a question
    Transcript("", 0.0),  # nothing
    None,  # the engine has no other way to hear it
])
def test_the_first_hearing_stands_against_a_second_that_is_no_better(
        answerer: Answerer, commands: CommandParser, second: Transcript | None) -> None:
    heard = Transcript("what are the side effects", 0.3)
    again = SecondHearing(second)
    understood = understand(answerer, commands, heard, again)
    assert (understood.heard, again.calls) == (heard, 1) and understood.sureness <= 0.3


def test_a_tie_goes_to_the_second_hearing(answerer: Answerer, commands: CommandParser) -> None:
    """It does not lean on the voices heard before, as the first may."""
    second = Transcript("can i drink alcohol with it", 0.3)
    understood = understand(answerer, commands, Transcript("what are the side effects", 0.3), SecondHearing(second))
    assert understood.heard == second and understood.answer.target == "cautions/alcohol"
    assert understood.sureness == 0.3


def test_an_emergency_is_not_held_up_to_be_heard_again(answerer: Answerer, commands: CommandParser) -> None:
    again = SecondHearing(SIDE_EFFECTS)
    understood = understand(answerer, commands, Transcript("I stopped suddenly and I am hallucinating", 0.2), again)
    assert understood.answer.urgent and again.calls == 0
