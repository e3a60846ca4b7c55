"""The kiosk's conversation, without audio: wake phrase, refractory, idle reset, lock."""

from __future__ import annotations

import pytest

from voiceinfo.config import KioskSettings
from voiceinfo.conversation.dialogue import Dialogue, SpeechBounds
from voiceinfo.conversation.kiosk_session import KioskSession
from voiceinfo.events import Transcript, Utterance
from voiceinfo.understanding.answering import Answerer


def session(answerer: Answerer, **settings) -> KioskSession:
    dialogue = Dialogue(answerer, SpeechBounds(), rate=160, volume=0.8, can_end=False)
    return KioskSession(dialogue, KioskSettings(**settings), reprompt_after=10.0)


def test_asleep_it_answers_nothing_until_the_wake_phrase(answerer: Answerer) -> None:
    kiosk = session(answerer, wake=True)
    assert "Say hello helper" in kiosk.greeting().text
    assert kiosk.listening_for_wake
    assert kiosk.hear("what are the side effects") is None
    assert kiosk.hear("hello helper").text.startswith("Yes?")
    assert not kiosk.listening_for_wake
    assert kiosk.hear("what are the side effects").section == "side-effects"


def test_the_wake_phrase_can_lead_into_the_question(answerer: Answerer) -> None:
    kiosk = session(answerer, wake=True)
    assert kiosk.hear("hello helper can i drink alcohol").section == "cautions"


def test_an_unsure_question_is_heard_again_through_the_kiosk(answerer: Answerer) -> None:
    kiosk = session(answerer, wake=True)
    reading = kiosk.interpret(Utterance(Transcript("hello helper what are the side effects", 0.3)))
    assert reading.hear_again
    reading = kiosk.interpret_again(reading, Transcript("hello helper tell me the side effects", 1.0))
    reply = kiosk.respond(reading)
    assert reply is not None and reply.section == "side-effects"  # not "Did you ask about ...?"


def hears_again(kiosk: KioskSession, text: str, since_speaking: float = float("inf")) -> bool:
    return kiosk.interpret(Utterance(Transcript(text, 0.3), since_speaking)).hear_again


def test_asleep_it_would_hear_nothing_again(answerer: Answerer) -> None:
    kiosk = session(answerer, wake=True)
    assert not hears_again(kiosk, "hello helper what are the side effects", since_speaking=0.5)  # its own voice
    assert not hears_again(kiosk, "what are the side effects")  # not woken
    assert hears_again(kiosk, "hello helper what are the side effects")
    kiosk.hear("hello helper")
    assert hears_again(kiosk, "what are the side effects")
    assert not hears_again(kiosk, "hello helper")


def test_working_out_what_was_said_changes_nothing(answerer: Answerer) -> None:
    kiosk = session(answerer, wake=True)
    kiosk.interpret(Utterance(Transcript("hello helper", 1.0)))
    kiosk.dialogue.interpret(Utterance(Transcript("slower", 1.0)))
    assert kiosk.listening_for_wake and kiosk.dialogue.rate == 160


def test_foreseeing_a_reply_changes_nothing_and_is_the_reply(answerer: Answerer) -> None:
    """The loop makes the first sentence's sound from what is foreseen, in the end-of-speech wait."""
    kiosk = session(answerer, wake=True)
    woken = kiosk.interpret(Utterance(Transcript("hello helper", 1.0)))
    assert kiosk.foresee(woken).text.startswith("Yes?") and kiosk.listening_for_wake
    kiosk.respond(woken)
    slower = kiosk.interpret(Utterance(Transcript("slower", 1.0)))
    assert kiosk.foresee(slower).rate == 140 and kiosk.dialogue.rate == 160
    assert kiosk.respond(slower).rate == 140 and kiosk.dialogue.rate == 140


def test_a_kiosk_dialogue_must_not_be_able_to_end(answerer: Answerer) -> None:
    with pytest.raises(ValueError, match="can_end=False"):
        KioskSession(Dialogue(answerer), KioskSettings(), reprompt_after=10.0)


def test_its_own_voice_just_after_it_spoke_does_not_wake_it(answerer: Answerer) -> None:
    kiosk = session(answerer, wake=True, refractory=2.0)
    assert kiosk.hear("hello helper", since_speaking=0.5) is None
    assert kiosk.listening_for_wake
    assert kiosk.hear("hello helper", since_speaking=2.5) is not None


def test_after_the_idle_timeout_it_starts_over_for_the_next_person(answerer: Answerer) -> None:
    kiosk = session(answerer, wake=True, idle_timeout=60.0)
    kiosk.hear("hello helper")
    kiosk.hear("slower")
    kiosk.hear("what are the side effects")
    assert kiosk.dialogue.rate == 140
    replies = [kiosk.no_input() for _ in range(6)]
    assert replies[-1] is not None and "hello helper" in replies[-1].text  # back to sleep, said once
    assert [r.new_speaker for r in replies if r] == [False, False, False, True]  # the loop: a new voice may come
    assert kiosk.no_input() is None
    assert kiosk.listening_for_wake
    assert (kiosk.dialogue.rate, kiosk.dialogue.volume) == (160, 0.8)
    kiosk.hear("hello helper")
    assert kiosk.hear("repeat").text.startswith("There is nothing to repeat")


def test_without_a_wake_phrase_the_idle_timeout_starts_over_quietly(answerer: Answerer) -> None:
    kiosk = session(answerer, idle_timeout=30.0)
    kiosk.hear("louder")
    replies = [kiosk.no_input() for _ in range(3)]
    assert [r.parts for r in replies[:2]] != [(), ()] and replies[2].parts == () and replies[2].new_speaker
    assert kiosk.no_input() is None
    assert kiosk.dialogue.volume == 0.8
    assert not kiosk.listening_for_wake


@pytest.mark.parametrize("said", ["exit", "quit", "shut down", "shutdown", "turn off", "goodbye",
                                  "settings", "open the settings", "setup"])
def test_nothing_said_ends_a_kiosk_or_changes_its_settings(answerer: Answerer, said: str) -> None:
    kiosk = session(answerer)
    reply = kiosk.hear(said)
    assert not reply.end
    assert (kiosk.dialogue.rate, kiosk.dialogue.volume) == (160, 0.8)
    assert kiosk.dialogue.bounds == SpeechBounds()


def test_speed_and_volume_still_change_within_the_bounds(answerer: Answerer) -> None:
    kiosk = session(answerer)
    for _ in range(10):
        kiosk.hear("faster")
    assert kiosk.dialogue.rate == SpeechBounds().max_rate


def test_a_caregivers_greeting_replaces_the_standard_one(answerer: Answerer) -> None:
    assert session(answerer, greeting="Good morning, Anne.").greeting().text == "Good morning, Anne."


def test_runners_up_reach_the_dialogue_for_confirmation(answerer: Answerer) -> None:
    reply = session(answerer).hear("can i drink alcohol with it",
                                   alternatives=("can i drive with it", "can i drive a car with it"))
    assert reply.text.startswith("Did you ask about")
