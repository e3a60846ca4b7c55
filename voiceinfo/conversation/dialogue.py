"""The conversation: a pure state machine from what was heard to what to say next.

It knows where the listener is (section, and item n of m in a list), the speech rate
and volume (within bounds a caregiver sets), and counts silences and misunderstandings
so that reprompts escalate as in VoiceXML's noinput/nomatch: first a gentle prompt,
then concrete examples, then quiet patience. No audio here: the live loop feeds it
transcripts and plays its replies, and the tests drive it with text.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace
from typing import ClassVar

from voiceinfo.events import Earcon, Reply, Transcript, Utterance
from voiceinfo.understanding import prompts
from voiceinfo.understanding.answering import Answer, Answerer
from voiceinfo.understanding.commands import BARGE_IN, ENDINGS, Command, CommandParser, Heard
from voiceinfo.understanding.content import Section
from voiceinfo.understanding.speech_text import for_the_ear
from voiceinfo.understanding.sureness import CONFIRM_BELOW, Understood, believed, understood, unsure


@dataclass(frozen=True)
class SpeechBounds:
    """How slow, fast, quiet and loud the listener may make it, and the step sizes."""

    min_rate: int = 100
    max_rate: int = 220
    rate_step: int = 20
    min_volume: float = 0.3
    max_volume: float = 1.0
    volume_step: float = 0.15

    def __post_init__(self) -> None:
        if not 80 <= self.min_rate <= self.max_rate <= 450:
            raise ValueError("rate bounds must satisfy 80 <= min_rate <= max_rate <= 450")
        if not 0.0 <= self.min_volume <= self.max_volume <= 1.0:
            raise ValueError("volume bounds must satisfy 0 <= min_volume <= max_volume <= 1")


@dataclass(frozen=True)
class Reading:
    """What one utterance means to the dialogue, worked out once (Dialogue.interpret): a command
    (or a yes or no to what it asked), or a question understood, or nothing heard."""

    heard: Transcript
    command: Heard | None = None
    question: Understood | None = None
    hear_again: bool = False  # an unsure question: the loop may hear it once more (interpret_again)


@dataclass
class _Place:
    """Where the listener is: a section, and an item index when in its list."""

    section: Section
    item: int | None = None


@dataclass
class Dialogue:
    answerer: Answerer
    bounds: SpeechBounds = field(default_factory=SpeechBounds)
    rate: int = 160
    volume: float = 1.0
    can_end: bool = True  # False in kiosk mode: "goodbye" never exits
    listening_for_wake: ClassVar[bool] = False  # a dialogue is always in conversation
    _place: _Place | None = None
    _last: tuple[str, ...] = ()
    _paused: tuple[str, ...] = ()
    _pending: Answer | Heard | None = None  # an answer, or an ending, to confirm
    _no_input: int = 0
    _no_match: int = 0

    def __post_init__(self) -> None:
        self.rate = min(max(self.rate, self.bounds.min_rate), self.bounds.max_rate)
        self.volume = min(max(self.volume, self.bounds.min_volume), self.bounds.max_volume)
        self.commands = CommandParser(self.answerer.monograph)
        self._drug = self.answerer.monograph.drug
        self._starting_voice = (self.rate, self.volume)

    def restart(self) -> None:
        """Forget the conversation and the listener's speed and volume: the next person starts fresh."""
        self._start_over()
        self._pending, self._no_input = None, 0
        self.rate, self.volume = self._starting_voice

    # -- replies --------------------------------------------------------------------

    def say(self, *parts: str, earcon: Earcon | None = None, end: bool = False,
            content: bool = False) -> Reply:
        """A reply at the current rate and volume; content=True makes it what "repeat" repeats."""
        parts = tuple(p for p in parts if p)
        if content:
            self._last = parts
        return Reply(parts, self.rate, self.volume, earcon, end)

    def greeting(self, engine: str = "") -> Reply:
        """The first words; engine names the recogniser ("the built-in speech recogniser")."""
        return self.say(prompts.GREETING.format(drug=self._drug),
                        prompts.LISTENING_WITH.format(engine=engine) if engine else "",
                        prompts.WHAT_TO_KNOW)

    def help(self) -> Reply:
        return self.say(prompts.HELP_TOPICS.format(topics=self.answerer.monograph.topics), prompts.HELP_COMMANDS)

    # -- events from the live loop ------------------------------------------------------

    def interpret(self, utterance: Utterance) -> Reading:
        """What an utterance means, without changing anything: a command (when a question is
        pending, only a yes or no), else a question and how sure to be of its answer. The
        recogniser's n-best transcripts help: an emergency among the first few makes it urgent,
        a command among them is taken when the best guess is no question (command_in)."""
        heard = utterance.transcript
        if self._pending is not None:
            command = self.commands.reply(heard.text, heard.alternatives)
            answer = None
        else:
            answer = self.answerer.answer(heard.text, heard.alternatives) if heard.text.strip() else None
            command = self.command_in(heard.text, heard.alternatives, answer)
        if command is not None or not heard.text.strip():
            return Reading(heard, command)
        question = understood(self.answerer, heard, answer)
        return Reading(heard, question=question, hear_again=unsure(question))

    def interpret_again(self, reading: Reading, again: Transcript | None) -> Reading:
        """An unsure question, with what a second hearing made of it (None: there was none)."""
        if reading.question is None:
            return reading
        return replace(reading, question=believed(self.answerer, self.commands, reading.question, again),
                       hear_again=False)

    def respond(self, reading: Reading) -> Reply:
        """Reply to an utterance. An ending it is not sure of is confirmed first (_sure_of); a
        question it is unsure of, too ("Did you ask about ...?")."""
        self._no_input = 0
        pending, self._pending = self._pending, None
        heard = reading.command
        if pending is not None and heard is not None and heard.command is Command.YES:
            return self._answer(pending) if isinstance(pending, Answer) else self._command(pending)
        if pending is not None and heard is not None and heard.command is Command.NO:
            return self.say(prompts.ASK_AGAIN if isinstance(pending, Answer) else prompts.STILL_LISTENING)
        if heard is not None and heard.command in ENDINGS and self.can_end and pending is None \
                and not self._sure_of(heard, reading.heard.confidence, reading.heard.alternatives):
            self._pending = heard
            return self.say(prompts.CONFIRM_ENDING)
        if heard is not None:
            return self._command(heard)
        if reading.question is None:
            return self._not_understood(prompts.NOT_CAUGHT)
        answer = reading.question.answer
        if pending is not None and answer.section is None and not answer.urgent:
            # After "Did you ask about ...?", what the content cannot place is likelier a misheard
            # yes or no than a new question; "I don't have that information" would mislead.
            return self.say(prompts.NOT_CAUGHT_ASK_AGAIN)
        if answer.section is not None and not answer.urgent and reading.question.sureness < CONFIRM_BELOW:
            self._pending = answer
            topic = self.answerer.monograph.section(answer.section).topic
            return self.say(prompts.CONFIRM_TOPIC.format(topic=topic))
        return self._answer(answer)

    def foresee(self, reading: Reading) -> Reply:
        """What respond would reply, changing nothing: a copy replies (every reply replaces the
        dialogue's fields; none changes one in place)."""
        return copy.copy(self).respond(reading)

    def hear(self, text: str, confidence: float = 1.0, alternatives: tuple[str, ...] = ()) -> Reply:
        """Reply to text heard once (typed, or a recogniser's with no second hearing)."""
        return self.respond(self.interpret(Utterance(Transcript(text, confidence, alternatives=alternatives))))

    def stops(self, text: str) -> bool:
        """Whether what was heard while it spoke is "stop" or "pause"."""
        heard = self.commands.parse(text)
        return heard is not None and heard.command in BARGE_IN

    def _sure_of(self, heard: Heard, confidence: float, alternatives: tuple[str, ...]) -> bool:
        """Whether a recogniser was sure enough of a command to act on it unasked: its
        confidence, and the share of its n-best transcripts that say the same command. The
        built-in engine's n-best rarely repeat a one-word command even when it is right, so a
        spoken ending is always confirmed: a British "next" was heard as "exit" 4 times in 15
        (light noise, 160 and 180 wpm), and the listener may not be able to start it again."""
        if confidence < CONFIRM_BELOW:
            return False
        return not alternatives or \
            sum(self.commands.parse(text) == heard for text in alternatives) / len(alternatives) >= CONFIRM_BELOW

    def command_in(self, text: str, alternatives: tuple[str, ...] = (), answer: Answer | None = None) -> Heard | None:
        """The command an utterance is taken for when no question is pending: the best guess,
        or else one next in line (CommandParser.runner_up) when the best guess is no question
        the content answers nor an emergency, and so likelier a misheard command. Said with
        light noise by espeak-ng (3 voices, 3 rates, 5 tries; bench/commands_heard.py), 13
        commands heard right 393 -> 411 times of 585 ("repeat" 33 -> 38, "help" 25 -> 31); of
        1,388 spoken questions (4 conditions), none was declined with a command next in line."""
        if (heard := self.commands.parse(text)) is not None:
            return heard
        answer = answer or self.answerer.answer(text, alternatives)
        return None if answer.section is not None or answer.urgent else self.commands.runner_up(alternatives)

    def no_input(self) -> Reply | None:
        """After a silence: reprompt, more helpfully the second time, then wait quietly."""
        self._no_input += 1
        if self._no_input == 1:
            return self.say(prompts.STILL_HERE.format(drug=self._drug))
        if self._no_input == 2:
            return self.say(prompts.FOR_EXAMPLE)
        if self._no_input == 3:
            return self.say(prompts.WAIT_QUIETLY)
        return None

    def interrupted(self, reply: Reply, parts_heard: int, saying: str = "") -> None:
        """The listener cut in while `saying` (a sentence of the part cut off, as it was
        spoken): remember the rest, from that sentence on, so that "continue" resumes there."""
        rest = list(reply.parts[parts_heard:])
        if rest and saying:
            spoken = for_the_ear(rest[0])
            if (at := spoken.find(saying)) > 0:
                rest[0] = spoken[at:]
        self._paused = tuple(rest)

    # -- answering ----------------------------------------------------------------------

    def _answer(self, answer: Answer) -> Reply:
        if answer.out_of_scope and answer.other_drug is None:
            return self._not_understood(answer.text)
        self._no_match = 0
        if answer.section is not None:
            section = self.answerer.monograph.section(answer.section)
            index = None if answer.item is None else [i.id for i in section.items].index(answer.item)
            self._place = _Place(section, index)
        return replace(self.say(answer.text, content=True), section=answer.section)

    def _not_understood(self, text: str) -> Reply:
        self._no_match += 1
        if self._no_match == 1:
            return self.say(text, earcon=Earcon.NOT_UNDERSTOOD)
        return self.say(text, prompts.TRY_SHORT, earcon=Earcon.NOT_UNDERSTOOD)

    # -- commands -------------------------------------------------------------------------

    def _command(self, heard: Heard) -> Reply:
        handler = {
            Command.MORE: self._more, Command.NEXT: lambda: self._step(1),
            Command.PREVIOUS: lambda: self._step(-1), Command.FIRST: self._first,
            Command.REPEAT: self._repeat, Command.HOW_MANY: self._how_many,
            Command.WHERE: self._where, Command.HELP: self.help,
            Command.SLOWER: lambda: self._change_rate(-1), Command.FASTER: lambda: self._change_rate(1),
            Command.LOUDER: lambda: self._change_volume(1), Command.QUIETER: lambda: self._change_volume(-1),
            Command.STOP: lambda: self.say(), Command.PAUSE: self._pause,
            Command.CONTINUE: self._continue, Command.START_OVER: self._start_over,
            Command.GOODBYE: self._goodbye, Command.EXIT: self._exit, Command.SETTINGS: self._settings,
            Command.YES: self._nothing_to_confirm, Command.NO: self._nothing_to_confirm,
            Command.READ_ALL: lambda: self._read_all(heard.section),
        }[heard.command]
        return handler()

    def _nowhere(self) -> Reply:
        return self.say(prompts.ASK_FIRST.format(drug=self._drug))

    def _nothing_to_confirm(self) -> Reply:
        return self.say(prompts.ASK_ME.format(drug=self._drug))

    def _more(self) -> Reply:
        place = self._place
        if place is None:
            return self._nowhere()
        section = place.section
        if place.item is not None:  # from one item out to its whole section
            return self.say(section.say, section.more, self._list_hint(section), content=True)
        if not section.more and not section.items:
            return self.say(prompts.ALL_I_HAVE.format(topic=section.topic))
        return self.say(section.more, self._list_hint(section), content=True)

    @staticmethod
    def _list_hint(section: Section) -> str:
        if not section.items:
            return ""
        return prompts.LIST_HINT.format(count=len(section.items), topic=section.topic)

    def _step(self, direction: int) -> Reply:
        place = self._place
        if place is None:
            return self._nowhere()
        section = place.section
        if not section.items:
            return self._step_section(section, direction)
        index = (-1 if place.item is None else place.item) + direction
        if index >= len(section.items):
            return self.say(prompts.LAST_OF.format(topic=section.topic))
        if index < 0:
            return self.say(prompts.FIRST_OF.format(topic=section.topic))
        self._place = _Place(section, index)
        return self.say(section.items[index].say, content=True)

    def _step_section(self, section: Section, direction: int) -> Reply:
        sections = self.answerer.monograph.sections
        index = sections.index(section) + direction
        if not 0 <= index < len(sections):
            return self.say(prompts.NOTHING_FURTHER)
        self._place = _Place(sections[index])
        return self.say(sections[index].say, content=True)

    def _first(self) -> Reply:
        place = self._place
        if place is None:
            return self._nowhere()
        if not place.section.items:
            self._place = _Place(self.answerer.monograph.sections[0])
            return self.say(self._place.section.say, content=True)
        self._place = _Place(place.section, 0)
        return self.say(place.section.items[0].say, content=True)

    def _repeat(self) -> Reply:
        if not self._last:
            return self.say(prompts.NOTHING_TO_REPEAT)
        return self.say(*self._last)

    def _how_many(self) -> Reply:
        place = self._place
        if place is None:
            return self._nowhere()
        count = len(place.section.items)
        if count == 0:
            return self.say(prompts.NOT_A_LIST.format(topic=place.section.topic.capitalize()))
        return self.say(prompts.PARTS.format(count=count, topic=place.section.topic))

    def _where(self) -> Reply:
        place = self._place
        if place is None:
            return self.say(prompts.NOT_STARTED)
        if place.item is None:
            return self.say(prompts.IN_SECTION.format(topic=place.section.topic))
        return self.say(prompts.IN_PART.format(topic=place.section.topic, part=place.item + 1,
                                               count=len(place.section.items)))

    def _read_all(self, section_id: str | None) -> Reply:
        if section_id is not None:
            section = self.answerer.monograph.section(section_id)
        elif self._place is not None:
            section = self._place.section
        else:
            return self._nowhere()
        if not section.items:
            self._place = _Place(section)
            return self.say(section.say, section.more, content=True)
        self._place = _Place(section, len(section.items) - 1)
        return self.say(*(i.say for i in section.items), section.note, content=True)

    def _change_rate(self, direction: int) -> Reply:
        b = self.bounds
        rate = min(max(self.rate + direction * b.rate_step, b.min_rate), b.max_rate)
        if rate == self.rate:
            return self.say(prompts.SLOWEST if direction < 0 else prompts.FASTEST)
        self.rate = rate
        return self.say(prompts.SLOWER if direction < 0 else prompts.FASTER)

    def _change_volume(self, direction: int) -> Reply:
        b = self.bounds
        volume = round(min(max(self.volume + direction * b.volume_step, b.min_volume), b.max_volume), 2)
        if volume == self.volume:
            return self.say(prompts.QUIETEST if direction < 0 else prompts.LOUDEST)
        self.volume = volume
        return self.say(prompts.QUIETER if direction < 0 else prompts.LOUDER)

    def _pause(self) -> Reply:
        """Silence after a cut-off reply; else "hold on" may be a misheard "help": say how to go on."""
        if self._paused:
            return self.say()
        return self.say(prompts.I_AM_LISTENING.format(drug=self._drug))

    def _continue(self) -> Reply:
        if not self._paused:
            return self.say(prompts.NOTHING_TO_CONTINUE)
        parts, self._paused = self._paused, ()
        return self.say(*parts)

    def _start_over(self) -> Reply:
        self._place, self._last, self._paused = None, (), ()
        self._no_match = 0
        return self.say(prompts.STARTING_AGAIN.format(drug=self._drug))

    def _exit(self) -> Reply:
        if not self.can_end:
            return self.say(prompts.STAYING_ON.format(drug=self._drug))
        return self._goodbye()

    def _settings(self) -> Reply:
        return self.say(prompts.SETTINGS)

    def _goodbye(self) -> Reply:
        if not self.can_end:
            return self.say(prompts.GOODBYE_STAYING)
        return self.say(prompts.GOODBYE, end=True)
