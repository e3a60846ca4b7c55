"""A kiosk's conversation: the dialogue behind a wake phrase, an idle timeout and a lock.

Pure like the dialogue it wraps. With the wake phrase on, it answers nothing until it
hears the phrase ("hello helper", or "hello helper, what are the side effects?"), and
ignores the phrase in the first seconds after it has spoken, so its own voice (its
greeting names the phrase) cannot wake it. After a silence longer than the idle timeout
it starts over for the next person, speed and volume too. Locked: nothing said can end
the program or change more than speed and volume within the caregiver's bounds.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from voiceinfo.config import KioskSettings
from voiceinfo.conversation.dialogue import Dialogue, Reply
from voiceinfo.hearing.recogniser import Transcript
from voiceinfo.understanding import prompts
from voiceinfo.understanding.commands import CommandParser
from voiceinfo.understanding.sureness import HearAgain
from voiceinfo.understanding.wording import words


@dataclass
class KioskSession:
    dialogue: Dialogue
    settings: KioskSettings
    reprompt_after: float  # seconds of silence between two no_input() calls
    awake: bool = field(init=False)
    _silent_for: float = field(init=False, default=0.0)

    def __post_init__(self) -> None:
        self.dialogue.can_end = False
        self.awake = not self.settings.wake
        self._wake = words(self.settings.wake_phrase)

    @property
    def commands(self) -> CommandParser:
        return self.dialogue.commands

    @property
    def listening_for_wake(self) -> bool:
        return not self.awake

    @property
    def fresh_starts(self) -> int:
        return self.dialogue.fresh_starts

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

    def hear(self, text: str, confidence: float = 1.0, since_speaking: float = float("inf"),
             alternatives: tuple[str, ...] = (), hear_again: HearAgain | None = None) -> Reply | None:
        """The reply, or None while asleep and not woken."""
        self._silent_for = 0.0
        rest = self._after_wake(text)
        if not self.awake:
            if rest is None or since_speaking < self.settings.refractory:
                return None
            self.awake = True
        if rest == []:
            return self.dialogue.say(prompts.WOKEN)
        return self.dialogue.hear(text if rest is None else " ".join(rest), confidence,
                                  alternatives=alternatives, hear_again=hear_again)

    def would_hear_again(self, heard: Transcript) -> bool:
        rest = self._after_wake(heard.text)
        if not self.awake or rest == []:
            return False
        return self.dialogue.would_hear_again(heard if rest is None else replace(heard, text=" ".join(rest)))

    def no_input(self) -> Reply | None:
        """After a silence: the dialogue's reprompts, and after the idle timeout, a fresh start."""
        self._silent_for += self.reprompt_after
        if self._silent_for < self.settings.idle_timeout:
            return self.dialogue.no_input() if self.awake else None
        if self._silent_for - self.reprompt_after >= self.settings.idle_timeout:
            return None  # already started over
        self.dialogue.restart()
        if not self.settings.wake:
            return None
        self.awake = False
        return self.dialogue.say(prompts.ALONE_AGAIN.format(wake_phrase=self.settings.wake_phrase))

    def interrupted(self, reply: Reply, parts_heard: int, saying: str = "") -> None:
        self.dialogue.interrupted(reply, parts_heard, saying)
