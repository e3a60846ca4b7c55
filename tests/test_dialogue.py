"""The dialogue state machine, driven with text: every command and every reprompt path."""

from __future__ import annotations

import pytest

from voiceinfo.conversation.dialogue import Dialogue, SpeechBounds
from voiceinfo.events import Earcon, Reply, Transcript, Utterance
from voiceinfo.understanding.answering import Answerer
from voiceinfo.understanding.commands import Command, CommandParser
from voiceinfo.understanding.content import Monograph
from voiceinfo.understanding.speech_text import for_the_ear, sentences


@pytest.fixture
def dialogue(answerer: Answerer) -> Dialogue:
    return Dialogue(answerer)


def side_effects(monograph: Monograph):
    return monograph.section("side-effects")


@pytest.mark.parametrize("said, command", [
    ("next", Command.NEXT), ("Next one, please.", Command.NEXT), ("um go back", Command.PREVIOUS),
    ("say that again", Command.REPEAT), ("tell me more", Command.MORE), ("slow down", Command.SLOWER),
    ("speak up", Command.LOUDER), ("be quiet", Command.STOP), ("where am I?", Command.WHERE),
    ("how many are there", Command.HOW_MANY), ("what can I ask", Command.HELP),
    ("start over", Command.START_OVER), ("goodbye", Command.GOODBYE), ("hold on", Command.PAUSE),
    ("carry on", Command.CONTINUE), ("read all the side effects", Command.READ_ALL),
])
def test_commands_are_recognised_in_everyday_words(monograph: Monograph, said: str, command: Command) -> None:
    heard = CommandParser(monograph).parse(said)
    assert heard is not None and heard.command is command


@pytest.mark.parametrize("question", ["can I stop taking it", "what happens if I stop", "next dose"])
def test_a_question_containing_a_command_word_is_not_a_command(monograph: Monograph, question: str) -> None:
    assert CommandParser(monograph).parse(question) is None


def test_read_all_names_its_list(monograph: Monograph) -> None:
    heard = CommandParser(monograph).parse("read all the cautions")  # the section's id
    assert heard is not None and heard.section == "cautions"
    heard = CommandParser(monograph).parse("read them all")
    assert heard is not None and heard.section is None
    heard = CommandParser(monograph).parse("read all the side effects")
    assert heard is not None and heard.section == "side-effects"


def test_a_question_is_answered_from_the_content(dialogue: Dialogue, monograph: Monograph) -> None:
    reply = dialogue.hear("can I drink alcohol with it")
    assert monograph.section("cautions").item("alcohol").say in reply.text
    assert reply.earcon is None and not reply.end


def test_more_reads_the_rest_of_the_section(dialogue: Dialogue, monograph: Monograph) -> None:
    dialogue.hear("what are the side effects")
    reply = dialogue.hear("tell me more")
    assert side_effects(monograph).more in reply.text
    assert "There are 12 parts to side effects" in reply.text


def test_more_after_an_item_gives_its_whole_section(dialogue: Dialogue, monograph: Monograph) -> None:
    dialogue.hear("does it make you dizzy")
    assert side_effects(monograph).say in dialogue.hear("more").text


def test_more_when_there_is_nothing_more(dialogue: Dialogue) -> None:
    dialogue.hear("where does this information come from")
    assert dialogue.hear("more").text.startswith("That is all I have about")


def test_next_previous_first_walk_the_list(dialogue: Dialogue, monograph: Monograph) -> None:
    items = side_effects(monograph).items
    dialogue.hear("what are the side effects")
    assert dialogue.hear("next").text == items[0].say
    assert dialogue.hear("next").text == items[1].say
    assert dialogue.hear("previous").text == items[0].say
    assert dialogue.hear("previous").text.startswith("That was the first of side effects")
    dialogue.hear("next")
    dialogue.hear("next")
    assert dialogue.hear("first").text == items[0].say


def test_foreseeing_a_reply_changes_nothing_and_is_the_reply(dialogue: Dialogue, monograph: Monograph) -> None:
    """The loop makes the first sentence's sound from what is foreseen, in the end-of-speech wait."""
    items = side_effects(monograph).items
    dialogue.hear("what are the side effects")
    step = dialogue.interpret(Utterance(Transcript("next", 1.0)))
    assert dialogue.foresee(step).text == items[0].say
    assert dialogue.foresee(step).text == items[0].say  # still the first: nothing moved
    assert dialogue.respond(step).text == items[0].say
    assert dialogue.hear("repeat").text == items[0].say


def test_next_stops_at_the_end_of_the_list(dialogue: Dialogue, monograph: Monograph) -> None:
    dialogue.hear("can it slow my reaction time when driving")  # the last side effect
    assert dialogue.hear("next").text.startswith("That was the last of side effects")


def test_next_without_a_list_moves_to_the_next_section(dialogue: Dialogue, monograph: Monograph) -> None:
    dialogue.hear("what is baclofen")
    assert dialogue.hear("next").text == monograph.sections[1].say
    assert dialogue.hear("previous").text == monograph.sections[0].say
    assert dialogue.hear("previous").text.startswith("There is nothing further")


def test_navigation_before_any_question_asks_for_one(dialogue: Dialogue) -> None:
    for command in ("next", "previous", "first", "more", "how many are there", "read them all"):
        assert dialogue.hear(command).text.startswith("Ask me a question about baclofen first")
    assert dialogue.hear("where am I").text.startswith("We have not started yet")
    assert dialogue.hear("repeat").text.startswith("There is nothing to repeat yet")


def test_repeat_says_the_last_content_again(dialogue: Dialogue, monograph: Monograph) -> None:
    dialogue.hear("what are the side effects")
    first = dialogue.hear("next").text
    dialogue.hear("where am I")  # not content: repeat skips it
    dialogue.hear("slower")
    assert dialogue.hear("repeat").text == first


def test_how_many_and_where_am_i(dialogue: Dialogue) -> None:
    dialogue.hear("what are the side effects")
    assert dialogue.hear("how many are there").text == "There are 12 parts to side effects."
    assert dialogue.hear("where am I").text == "You are in side effects."
    dialogue.hear("next")
    dialogue.hear("next")
    assert dialogue.hear("where am I").text == "You are in side effects, part 2 of 12."
    dialogue.hear("what is baclofen")
    assert dialogue.hear("how many are there").text == "What baclofen is is not a list."


def test_read_all_reads_every_item_as_its_own_part(dialogue: Dialogue, monograph: Monograph) -> None:
    reply = dialogue.hear("read all the side effects")
    assert reply.parts[:12] == tuple(i.say for i in side_effects(monograph).items)
    assert dialogue.hear("where am I").text == "You are in side effects, part 12 of 12."


def test_slower_and_faster_stay_within_the_bounds(answerer: Answerer) -> None:
    dialogue = Dialogue(answerer, SpeechBounds(min_rate=120, max_rate=180, rate_step=20), rate=140)
    reply = dialogue.hear("slower")
    assert (reply.text, reply.rate) == ("Slower.", 120)
    reply = dialogue.hear("slower")
    assert (reply.text, reply.rate) == ("This is as slow as I can go.", 120)
    for _ in range(3):
        reply = dialogue.hear("faster")
    assert (reply.text, reply.rate) == ("Faster.", 180)
    assert dialogue.hear("faster").text == "This is as fast as I can go."
    assert dialogue.hear("what is baclofen").rate == 180  # lasts for the session


def test_louder_and_quieter_stay_within_the_bounds(answerer: Answerer) -> None:
    dialogue = Dialogue(answerer, SpeechBounds(min_volume=0.5, max_volume=0.8, volume_step=0.15),
                        volume=0.8)
    assert dialogue.hear("louder").text == "This is as loud as I can go."
    reply = dialogue.hear("quieter")
    assert (reply.text, reply.volume) == ("Quieter.", 0.65)
    reply = dialogue.hear("quieter")
    assert (reply.text, reply.volume) == ("Quieter.", 0.5)
    assert dialogue.hear("quieter").text == "This is as quiet as I can go."


def test_starting_values_outside_the_bounds_are_brought_inside(answerer: Answerer) -> None:
    dialogue = Dialogue(answerer, SpeechBounds(min_rate=120, max_rate=180), rate=300, volume=0.1)
    assert (dialogue.rate, dialogue.volume) == (180, 0.3)


def test_bad_bounds_are_refused() -> None:
    with pytest.raises(ValueError, match="rate bounds"):
        SpeechBounds(min_rate=200, max_rate=100)
    with pytest.raises(ValueError, match="volume bounds"):
        SpeechBounds(max_volume=1.5)


def test_help_lists_the_topics_and_commands(dialogue: Dialogue, monograph: Monograph) -> None:
    text = dialogue.hear("what can I ask").text
    assert all(s.topic in text for s in monograph.sections)
    assert "stop" in text and "repeat" in text


def test_interrupted_reply_can_be_continued(dialogue: Dialogue) -> None:
    reply = dialogue.hear("read all the side effects")
    dialogue.interrupted(reply, parts_heard=3)
    assert dialogue.hear("pause").parts == ()
    assert dialogue.hear("continue").parts == reply.parts[3:]
    assert dialogue.hear("continue").text.startswith("There is nothing to continue")


def test_continue_resumes_from_the_sentence_that_was_cut_off(dialogue: Dialogue, monograph: Monograph) -> None:
    """It once went back to the start of the part, however far into it the listener was."""
    reply = dialogue.hear("what are the side effects")
    first, second = sentences(for_the_ear(reply.parts[0]))[:2]
    dialogue.interrupted(reply, parts_heard=0, saying=second)
    resumed = dialogue.hear("continue").text
    assert resumed.startswith(second) and first not in resumed


def test_stop_says_nothing(dialogue: Dialogue) -> None:
    assert dialogue.hear("stop").parts == ()


@pytest.mark.parametrize("heard", ["hold on", "wait", "pause"])
def test_a_pause_with_nothing_to_pause_says_how_to_go_on(dialogue: Dialogue, heard: str) -> None:
    """A misheard "help" came out as "hold on", and got silence."""
    assert "say help" in dialogue.hear(heard).text


def test_start_over_forgets_the_place_but_keeps_the_speed(dialogue: Dialogue) -> None:
    dialogue.hear("what are the side effects")
    dialogue.hear("slower")
    reply = dialogue.hear("start over")
    assert reply.text.startswith("Starting again") and reply.rate == 140
    assert dialogue.hear("where am I").text.startswith("We have not started yet")


def test_goodbye_ends_unless_locked(answerer: Answerer) -> None:
    assert Dialogue(answerer).hear("goodbye").end
    locked = Dialogue(answerer, can_end=False).hear("goodbye")
    assert not locked.end and locked.text.startswith("Goodbye")


def test_exit_ends_like_goodbye_unless_locked(answerer: Answerer) -> None:
    assert Dialogue(answerer).hear("quit").end
    assert not Dialogue(answerer, can_end=False).hear("quit").end


def test_restart_forgets_the_place_and_the_listeners_speed(answerer: Answerer) -> None:
    dialogue = Dialogue(answerer, rate=160)
    dialogue.hear("what are the side effects")
    dialogue.hear("slower")
    dialogue.restart()
    assert dialogue.rate == 160
    assert dialogue.hear("next").text.startswith("Ask me a question")


def test_no_input_reprompts_then_escalates_then_waits(dialogue: Dialogue) -> None:
    first, second, third = dialogue.no_input(), dialogue.no_input(), dialogue.no_input()
    assert first is not None and "help" in first.text
    assert second is not None and "what are the side effects" in second.text
    assert third is not None and "wait quietly" in third.text
    assert dialogue.no_input() is None
    dialogue.hear("what is baclofen")
    again = dialogue.no_input()
    assert again is not None and again.text == first.text  # speech resets the count


def test_no_match_escalates_to_examples(dialogue: Dialogue) -> None:
    first = dialogue.hear("what is the weather tomorrow")
    assert first.earcon is Earcon.NOT_UNDERSTOOD and "I don't have that information" in first.text
    assert "Try a short question" not in first.text
    second = dialogue.hear("who won the football")
    assert "Try a short question" in second.text
    dialogue.hear("what is baclofen")
    assert "Try a short question" not in dialogue.hear("what is the weather").text


def test_nothing_heard_is_a_no_match(dialogue: Dialogue) -> None:
    reply = dialogue.hear("")
    assert reply.text == "Sorry, I didn't catch that." and reply.earcon is Earcon.NOT_UNDERSTOOD


def test_another_medicine_is_declined_not_counted_as_a_miss(dialogue: Dialogue) -> None:
    reply = dialogue.hear("what are the side effects of tizanidine")
    assert "tizanidine" in reply.text and reply.earcon is None


def test_low_confidence_is_confirmed_yes(dialogue: Dialogue, monograph: Monograph) -> None:
    question = dialogue.hear("what are the side effects", confidence=0.3)
    assert question.text == "Did you ask about side effects? Please say yes or no."
    assert side_effects(monograph).say in dialogue.hear("yes").text


def test_low_confidence_is_confirmed_no(dialogue: Dialogue) -> None:
    dialogue.hear("what are the side effects", confidence=0.3)
    assert dialogue.hear("no").text == "Sorry. Please ask again."
    assert dialogue.hear("yes").text.startswith("Ask me a question")  # nothing pending now


def test_a_yes_or_no_next_in_line_answers_the_confirmation(dialogue: Dialogue, monograph: Monograph) -> None:
    """Measured: a clean "yes" (en-us, 140 wpm) heard as "used", with "yes" next in line."""
    dialogue.hear("what are the side effects", confidence=0.3)
    assert side_effects(monograph).say in dialogue.hear("used", alternatives=("used", "yes", "use")).text
    dialogue.hear("what are the side effects", confidence=0.3)
    assert dialogue.hear("will", alternatives=("will", "no", "yes")).text == "Sorry. Please ask again."


def test_a_reply_to_a_confirmation_that_cannot_be_placed_is_asked_for_again(dialogue: Dialogue) -> None:
    """Measured: a clean British "no" heard as "the up", with no yes or no in line."""
    dialogue.hear("what are the side effects", confidence=0.3)
    assert dialogue.hear("the up", alternatives=("the up", "the up to")).text \
        == "Sorry, I didn't catch that. Please ask again."
    assert dialogue.hear("the up").text.startswith("I don't have that information")  # nothing pending now


def test_an_emergency_in_reply_to_a_confirmation_is_answered(dialogue: Dialogue, monograph: Monograph) -> None:
    dialogue.hear("what are the side effects", confidence=0.3)
    assert dialogue.hear("I stopped suddenly and I am hallucinating").text.startswith(monograph.urgent_say)


def test_a_yes_next_in_line_means_nothing_when_nothing_was_asked(dialogue: Dialogue, monograph: Monograph) -> None:
    reply = dialogue.hear("what is it used for", alternatives=("what is it used for",) * 3 + ("yes",))
    assert monograph.section("what-it-is").say in reply.text


def test_a_command_next_in_line_is_taken_when_the_best_guess_is_no_question(dialogue: Dialogue,
                                                                              monograph: Monograph) -> None:
    """Measured: "repeat" (en-us+f3, 160 wpm, light noise) heard as "with aleve", "repeat" next."""
    items = side_effects(monograph).items
    dialogue.hear("what are the side effects")
    assert dialogue.hear("the up please", alternatives=("the up please", "next please", "it please")).text \
        == items[0].say
    assert dialogue.hear("with aleve", alternatives=("with aleve", "repeat", "repeat")).text == items[0].say
    heard = Transcript("the ok", 1.0, alternatives=("the ok if", "help"))
    assert not hears_again(dialogue, heard)
    assert dialogue.hear(heard.text, alternatives=heard.alternatives).text.startswith("You can ask about")


def test_a_command_next_in_line_is_not_taken_over_a_question_it_answers(dialogue: Dialogue,
                                                                       monograph: Monograph) -> None:
    assert dialogue.command_in("is it safe to drive", ("is it safe to drive", "next")) is None
    assert dialogue.command_in("i cant breathe", ("i cant breathe", "stop")) is None
    reply = dialogue.hear("is it safe to drive", alternatives=("is it safe to drive",) * 3 + ("next",))
    assert monograph.section("side-effects").item("reaction-time").say in reply.text


@pytest.mark.parametrize("runner_up", ["exit", "goodbye", "settings", "yes", "no"])
def test_ending_or_leaving_is_never_taken_from_next_in_line(answerer: Answerer, runner_up: str) -> None:
    """Measured: "next" (en-us+f3, 160 wpm, light noise) heard as "this", with "exit" next in line."""
    dialogue = Dialogue(answerer, can_end=True)
    reply = dialogue.hear("this", alternatives=("this", runner_up, "next"))
    assert not reply.end
    assert dialogue.command_in("this", ("this", runner_up)) is None


def test_a_spoken_ending_is_confirmed_first(answerer: Answerer) -> None:
    """Measured: a British "next" (160 wpm, light noise) heard as "exit", its n-best mostly other words."""
    heard = ("exit", "exit", "read", "this", "the it", "the up")
    dialogue = Dialogue(answerer)
    reply = dialogue.hear("exit", alternatives=heard)
    assert reply.text == "Do you want me to stop listening? Please say yes or no." and not reply.end
    reply = dialogue.hear("no")
    assert reply.text == "All right. I'm still listening." and not reply.end
    dialogue.hear("exit", alternatives=heard)
    assert dialogue.hear("yes").end
    dialogue.hear("goodbye", confidence=0.3)
    assert dialogue.hear("goodbye").end  # said again: no need to ask twice


def test_a_sure_or_typed_ending_ends_at_once(answerer: Answerer) -> None:
    assert Dialogue(answerer).hear("goodbye", alternatives=("goodbye",) * 3 + ("good buy",)).end
    assert Dialogue(answerer).hear("thank you goodbye").end
    locked = Dialogue(answerer, can_end=False).hear("exit", alternatives=("exit", "read"))
    assert locked.text.startswith("I stay switched on")


def test_a_new_question_replaces_an_unconfirmed_one(dialogue: Dialogue, monograph: Monograph) -> None:
    dialogue.hear("what are the side effects", confidence=0.3)
    reply = dialogue.hear("can I drink alcohol with it")
    assert monograph.section("cautions").item("alcohol").say in reply.text


def test_an_unsure_question_heard_again_alike_and_surely_is_answered_at_once(dialogue: Dialogue,
                                                                             monograph: Monograph) -> None:
    reply = heard_twice(dialogue, Transcript("what are the side effects", 0.3),
                        Transcript("tell me the side effects", 1.0))
    assert side_effects(monograph).say in reply.text


@pytest.mark.parametrize("again, topic", [
    (Transcript("can i drink alcohol with it", 1.0), "cautions"),  # surer, but the hearings disagree
    (Transcript("can i drink alcohol with it", 0.2), "side-effects"),  # less sure
])
def test_an_unsure_question_heard_again_otherwise_is_confirmed(dialogue: Dialogue, monograph: Monograph,
                                                              again: Transcript, topic: str) -> None:
    reply = heard_twice(dialogue, Transcript("what are the side effects", 0.3), again)
    assert reply.text == f"Did you ask about {monograph.section(topic).topic}? Please say yes or no."


def hears_again(dialogue: Dialogue, heard: Transcript) -> bool:
    return dialogue.interpret(Utterance(heard)).hear_again


def heard_twice(dialogue: Dialogue, first: Transcript, again: Transcript) -> Reply:
    reading = dialogue.interpret(Utterance(first))
    assert reading.hear_again
    return dialogue.respond(dialogue.interpret_again(reading, again))


def test_it_would_hear_again_only_a_question_it_is_unsure_of(dialogue: Dialogue) -> None:
    """What the live loop works out while it waits to be sure the speaker has finished."""
    assert hears_again(dialogue, Transcript("what are the side effects", 0.3))
    assert not hears_again(dialogue, Transcript("what are the side effects", 1.0))
    assert not hears_again(dialogue, Transcript("next", 0.3))  # a command
    assert not hears_again(dialogue, Transcript("I stopped suddenly and I am hallucinating", 0.2))
    dialogue.hear("what are the side effects", confidence=0.3)
    assert not hears_again(dialogue, Transcript("yes", 0.3))  # the reply awaited
    assert hears_again(dialogue, Transcript("can i drink alcohol with it", 0.3))  # a new question instead


def test_urgent_questions_are_never_held_for_confirmation(dialogue: Dialogue, monograph: Monograph) -> None:
    reply = dialogue.hear("I stopped suddenly and I am hallucinating", confidence=0.2)
    assert reply.text.startswith(monograph.urgent_say)


def test_an_emergency_among_the_first_guesses_is_answered_as_one(dialogue: Dialogue, monograph: Monograph) -> None:
    """Measured: spoken "I can't breathe" heard as "can it lead", with "i cant breathe" next."""
    reply = dialogue.hear("can it lead", alternatives=("can it lead", "i cant breathe", "i cant breathe"))
    assert reply.text.startswith(monograph.urgent_say)


def test_runners_up_answered_differently_are_confirmed(dialogue: Dialogue, monograph: Monograph) -> None:
    reply = dialogue.hear("can i drink alcohol with it",
                          alternatives=("can i drive a car with it", "can i drink alcohol with it",
                                        "can i drive with it"))
    topic = monograph.section("cautions").topic
    assert reply.text == f"Did you ask about {topic}? Please say yes or no."


def test_runners_up_that_agree_are_answered_at_once(dialogue: Dialogue, monograph: Monograph) -> None:
    reply = dialogue.hear("can i drink alcohol with it",
                          alternatives=("can i drink alcohol with it", "can i drink alcohol on it",
                                        "can i drink beer with it"))
    assert monograph.section("cautions").item("alcohol").say in reply.text


def test_more_after_a_two_part_answer_goes_on_with_the_second_part(dialogue: Dialogue, monograph: Monograph) -> None:
    reply = dialogue.hear("does it make you sleepy and can I drink beer with it")
    assert reply.text.startswith("First: ") and reply.section == "cautions"
    assert dialogue.hear("more").text.startswith(monograph.section("cautions").say)
