"""A kiosk's conversation: the dialogue behind a wake phrase, an idle timeout and a lock.

Pure like the dialogue it wraps. With the wake phrase on, it answers nothing until it
hears the phrase ("hello helper", or "hello helper, what are the side effects?"), and
ignores the phrase in the first seconds after it has spoken, so its own voice (its
greeting names the phrase) cannot wake it. After a silence longer than the idle timeout
it starts over for the next person, speed and volume too. Locked: nothing said can end
the program or change more than speed and volume within the caregiver's bounds.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace

from voiceinfo.config import KioskSettings
from voiceinfo.conversation.dialogue import Dialogue, Reading
from voiceinfo.events import Reply, Transcript, Utterance
from voiceinfo.understanding import prompts
from voiceinfo.understanding.wording import words


@dataclass(frozen=True)
class KioskReading:
    """What an utterance means to a kiosk: ignored while asleep, or what follows the wake phrase."""

    heard: Transcript
    ignored: bool = False  # asleep, and not woken by it
    dialogue: Reading | None = None  # what follows the wake phrase (None: the phrase alone)

    @property
    def hear_again(self) -> bool:
        return self.dialogue is not None and self.dialogue.hear_again


@dataclass
class KioskSession:
    dialogue: Dialogue
    settings: KioskSettings
    reprompt_after: float  # seconds of silence between two no_input() calls
    awake: bool = field(init=False)
    _silent_for: float = field(init=False, default=0.0)

    def __post_init__(self) -> None:
        if self.dialogue.can_end:
            raise ValueError("a kiosk's dialogue must not end: make it with can_end=False")
        self.awake = not self.settings.wake
        self._wake = words(self.settings.wake_phrase)

    @property
    def listening_for_wake(self) -> bool:
        return not self.awake

    def _invitation(self) -> str:
        return prompts.INVITATION.format(wake_phrase=self.settings.wake_phrase)

    def greeting(self, engine: str = "") -> Reply:
        if self.settings.greeting:
            first = self.dialogue.say(self.settings.greeting)
        else:
            first = self.dialogue.greeting(engine)
        if self.awake:
            return first
        return self.dialogue.say(first.parts[0], self._invitation())

    def _after_wake(self, text: str) -> list[str] | None:
        """The words after the wake phrase, or None when the utterance does not start with it."""
        heard = words(text)
        if heard[:len(self._wake)] != self._wake:
            return None
        return heard[len(self._wake):]

    def interpret(self, utterance: Utterance) -> KioskReading:
        heard = utterance.transcript
        rest = self._after_wake(heard.text)
        if not self.awake and (rest is None or utterance.since_speaking < self.settings.refractory):
            return KioskReading(heard, ignored=True)
        if rest == []:
            return KioskReading(heard)
        question = replace(utterance, transcript=self._question(heard))
        return KioskReading(heard, dialogue=self.dialogue.interpret(question))

    def interpret_again(self, reading: KioskReading, again: Transcript | None) -> KioskReading:
        if reading.dialogue is None:
            return reading
        again = again if again is None else self._question(again)
        return replace(reading, dialogue=self.dialogue.interpret_again(reading.dialogue, again))

    def _question(self, heard: Transcript) -> Transcript:
        """What was said after the wake phrase, or all of it when there was none."""
        rest = self._after_wake(heard.text)
        return heard if rest is None else replace(heard, text=" ".join(rest))

    def respond(self, reading: KioskReading) -> Reply | None:
        """The reply, or None while asleep and not woken."""
        self._silent_for = 0.0
        if reading.ignored:
            return None
        self.awake = True
        if reading.dialogue is None:
            return self.dialogue.say(prompts.WOKEN)
        return self.dialogue.respond(reading.dialogue)

    def foresee(self, reading: KioskReading) -> Reply | None:
        """What respond would reply, changing nothing (a copy replies, with a copy of the dialogue)."""
        ahead = copy.copy(self)
        ahead.dialogue = copy.copy(self.dialogue)
        return ahead.respond(reading)

    def hear(self, text: str, confidence: float = 1.0, since_speaking: float = float("inf"),
             alternatives: tuple[str, ...] = ()) -> Reply | None:
        """Reply to text heard once (typed, or a recogniser's with no second hearing)."""
        return self.respond(self.interpret(Utterance(Transcript(text, confidence, alternatives=alternatives),
                                                     since_speaking)))

    def stops(self, text: str) -> bool:
        return self.dialogue.stops(text)

    def no_input(self) -> Reply | None:
        """After a silence: the dialogue's reprompts, and after the idle timeout, a fresh start."""
        self._silent_for += self.reprompt_after
        if self._silent_for < self.settings.idle_timeout:
            return self.dialogue.no_input() if self.awake else None
        if self._silent_for - self.reprompt_after >= self.settings.idle_timeout:
            return None  # already started over
        self.dialogue.restart()
        if not self.settings.wake:
            return replace(self.dialogue.say(), new_speaker=True)
        self.awake = False
        return replace(self.dialogue.say(prompts.ALONE_AGAIN.format(wake_phrase=self.settings.wake_phrase)),
                       new_speaker=True)

    def interrupted(self, reply: Reply, parts_heard: int, saying: str = "") -> None:
        self.dialogue.interrupted(reply, parts_heard, saying)
