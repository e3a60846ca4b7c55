"""Which hearing to believe: a second hearing is asked for only when the first is unsure, and
believed only when it is at least as sure and is a question (pure logic, driven with text)."""

from __future__ import annotations

import pytest

from voiceinfo.events import Transcript
from voiceinfo.understanding.answering import Answerer
from voiceinfo.understanding.commands import CommandParser
from voiceinfo.understanding.content import Monograph
from voiceinfo.understanding.sureness import CONFIRM_BELOW, believed, understood, unsure

SIDE_EFFECTS = Transcript("what are the side effects", 0.9)


@pytest.fixture
def commands(monograph: Monograph) -> CommandParser:
    return CommandParser(monograph)


def test_a_sure_hearing_is_not_heard_again(answerer: Answerer) -> None:
    first = understood(answerer, SIDE_EFFECTS)
    assert (first.answer.section, first.sureness, unsure(first)) == ("side-effects", 0.9, False)


def test_an_unsure_hearing_gives_way_to_a_surer_second_one(answerer: Answerer, commands: CommandParser) -> None:
    heard = Transcript("can i drive with it", 1.0,
                       alternatives=("can i drive with it", "can i drink alcohol with it", "what are the side effects"))
    first = understood(answerer, heard)
    assert first.sureness < CONFIRM_BELOW and unsure(first)  # its n-best disagree
    believed_ = believed(answerer, commands, first, SIDE_EFFECTS)
    assert (believed_.heard, believed_.answer.section) == (SIDE_EFFECTS, "side-effects")
    assert believed_.sureness < CONFIRM_BELOW  # the two hearings disagree: confirm it first


def test_two_hearings_that_agree_are_as_sure_as_the_surer(answerer: Answerer, commands: CommandParser) -> None:
    first = understood(answerer, Transcript("what are the side effects", 0.3))
    believed_ = believed(answerer, commands, first, Transcript("tell me the side effects", 0.8))
    assert (believed_.answer.section, believed_.sureness) == ("side-effects", 0.8)


@pytest.mark.parametrize("second", [
    Transcript("can i drink alcohol with it", 0.2),  # less sure
    Transcript("next", 1.0),  # a command: the listener asked a question
    Transcript("", 0.0),  # nothing
    None,  # the engine has no other way to hear it
])
def test_the_first_hearing_stands_against_a_second_that_is_no_better(
        answerer: Answerer, commands: CommandParser, second: Transcript | None) -> None:
    heard = Transcript("what are the side effects", 0.3)
    believed_ = believed(answerer, commands, understood(answerer, heard), second)
    assert believed_.heard == heard and believed_.sureness <= 0.3


def test_a_tie_goes_to_the_second_hearing(answerer: Answerer, commands: CommandParser) -> None:
    """It does not lean on the voices heard before, as the first may."""
    second = Transcript("can i drink alcohol with it", 0.3)
    believed_ = believed(answerer, commands, understood(answerer, Transcript("what are the side effects", 0.3)), second)
    assert believed_.heard == second and believed_.answer.target == "cautions/alcohol"
    assert believed_.sureness == 0.3


def test_an_emergency_is_not_held_up_to_be_heard_again(answerer: Answerer) -> None:
    first = understood(answerer, Transcript("I stopped suddenly and I am hallucinating", 0.2))
    assert first.answer.urgent and not unsure(first)
