"""The conversation: from what was heard to what to say next, with no devices.

What the loop talks to is a Conversation: a Dialogue, or a KioskSession around one.
"""

from __future__ import annotations

from typing import Protocol

from voiceinfo.events import Reply, Transcript, Utterance


class Reading(Protocol):
    """What an utterance means to the conversation (its own type); the loop needs only this."""

    hear_again: bool  # unsure of a question: hear it once more, and interpret_again


class Conversation(Protocol):
    """What the loop talks to: a Dialogue, or a KioskSession around one. It takes what was
    heard and returns what to do; it never calls back into the loop or its devices."""

    listening_for_wake: bool  # True while a kiosk waits for its wake phrase

    def greeting(self, engine: str = "") -> Reply: ...

    def interpret(self, utterance: Utterance) -> Reading:
        """What an utterance means, changing nothing (the loop may work it out before it is
        sure that the speaker has finished, and drop it if they go on)."""

    def interpret_again(self, reading: Reading, again: Transcript | None) -> Reading: ...

    def respond(self, reading: Reading) -> Reply | None:
        """What to do about it (None: nothing, as a kiosk asleep)."""

    def foresee(self, reading: Reading) -> Reply | None:
        """What respond would reply now, changing nothing: the loop starts making its sound
        while it waits to be sure that the speaker has finished."""

    def no_input(self) -> Reply | None: ...

    def stops(self, text: str) -> bool:
        """Whether what was heard while it spoke is "stop" or "pause"."""

    def interrupted(self, reply: Reply, parts_heard: int, saying: str = "") -> None: ...
