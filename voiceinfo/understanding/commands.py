"""Voice commands: how people say them, and recognising one in what was heard.

Written as templates (see templates.py) so the recognisers' language and the parser
come from the same lines. A command is the whole utterance ("next", "read all the side
effects"); a question that merely contains "stop" ("can I stop taking it") is not one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from voiceinfo.understanding.content import Monograph
from voiceinfo.understanding.templates import expand
from voiceinfo.understanding.wording import spoken, words


class Command(Enum):
    MORE = "more"
    NEXT = "next"
    PREVIOUS = "previous"
    REPEAT = "repeat"
    FIRST = "first"
    HOW_MANY = "how many"
    WHERE = "where am i"
    SLOWER = "slower"
    FASTER = "faster"
    LOUDER = "louder"
    QUIETER = "quieter"
    HELP = "help"
    STOP = "stop"
    PAUSE = "pause"
    CONTINUE = "continue"
    START_OVER = "start over"
    GOODBYE = "goodbye"
    EXIT = "exit"
    SETTINGS = "settings"
    YES = "yes"
    NO = "no"
    READ_ALL = "read all"


TEMPLATES: dict[Command, tuple[str, ...]] = {
    Command.MORE: ("[(tell me|say)] more [please]", "what else"),
    Command.NEXT: ("next [one] [please]", "go to the next [one]"),
    Command.PREVIOUS: ("previous [one]", "go back", "back", "the one before"),
    Command.REPEAT: ("repeat [that] [please]", "say (that|it) again", "again", "pardon",
                     "what did you say"),
    Command.FIRST: ("first [one]", "go to the first [one]"),
    Command.HOW_MANY: ("how many (are there|of them are there|are in the list)",),
    Command.WHERE: ("where am i", "where are we"),
    Command.SLOWER: ("[(speak|talk|go)] slower [please]", "slow down [please]"),
    Command.FASTER: ("[(speak|talk|go)] faster [please]", "speed up [please]"),
    Command.LOUDER: ("[(speak|talk)] louder [please]", "(speak|talk) up", "volume up"),
    Command.QUIETER: ("[(speak|talk)] (quieter|softer) [please]", "volume down"),
    Command.HELP: ("help [me] [please]", "what can i (ask|say)", "what can you do"),
    Command.STOP: ("stop [(it|talking|that)] [please]", "[be] quiet [please]", "enough"),
    Command.PAUSE: ("pause [please]", "wait", "hold on"),
    Command.CONTINUE: ("continue [please]", "go on", "carry on", "keep going", "resume"),
    Command.START_OVER: ("start (over|again)", "begin again", "from the (top|beginning)"),
    Command.GOODBYE: ("[(ok|okay|thank you)] (goodbye|bye|bye bye)", "that is all"),
    Command.EXIT: ("exit [the program]", "quit", "shut down", "shutdown", "(switch|turn) [yourself] off",
                   "close [the program]"),
    Command.SETTINGS: ("[(open|change|show)] [(the|my|your)] settings", "setup", "set up",
                       "configuration", "admin"),
    Command.YES: ("yes [please]", "yeah", "yep", "correct", "right"),
    Command.NO: ("no", "nope", "wrong", "not that"),
    Command.READ_ALL: ("read (all|them all|all of them|the list|the whole list|everything)",),
}
# Per list in the content, by topic or id: "read all the side effects", "list the cautions".
LIST_TEMPLATES = ("read [(all|out)] [the] {topic}", "list [all] [the] {topic}")
# What barge-in listens for while voiceinfo is speaking.
BARGE_IN = (Command.STOP, Command.PAUSE)
# Commands that end the conversation (where it can end).
ENDINGS = frozenset({Command.GOODBYE, Command.EXIT})
# Commands taken from a recogniser's runners-up (CommandParser.runner_up): those that move
# through or adjust the reading. Not those that end or leave the conversation, nor a yes or
# no (only a reply to a question asked, CommandParser.reply): "next" is heard as "exit".
_YES_NO = frozenset({Command.YES, Command.NO})
_FROM_RUNNERS_UP = frozenset(Command) - ENDINGS - {Command.SETTINGS} - _YES_NO


@dataclass(frozen=True)
class Heard:
    """A recognised command; section is the list named in "read all the side effects"."""

    command: Command
    section: str | None = None


def _normal(text: str) -> str:
    return " ".join(words(text))


def _phrases(monograph: Monograph) -> dict[str, Heard]:
    table = {_normal(s): Heard(command) for command, templates in TEMPLATES.items()
             for t in templates for s in expand(t)}
    for section in monograph.sections:
        if section.items:
            names = {section.topic, section.id.replace("-", " ")}
            for template, name in ((t, n) for t in LIST_TEMPLATES for n in sorted(names)):
                for sentence in expand(template.format(topic=name)):
                    table.setdefault(_normal(sentence), Heard(Command.READ_ALL, section.id))
    return table


def command_phrasings(monograph: Monograph) -> list[str]:
    """Every way of saying a command, for the recognisers' language ("next one", not "next 1")."""
    return [" ".join(spoken(w) for w in p.split()) for p in _phrases(monograph)]


def barge_in_phrasings() -> list[str]:
    return [_normal(s) for command in BARGE_IN for t in TEMPLATES[command] for s in expand(t)]


class CommandParser:
    """Tells a command from a question: the whole utterance must be a command phrasing."""

    def __init__(self, monograph: Monograph) -> None:
        self._table = _phrases(monograph)

    def parse(self, text: str) -> Heard | None:
        return self._table.get(_normal(text))

    def reply(self, text: str, alternatives: Iterable[str] = ()) -> Heard | None:
        """What a reply to a yes-or-no question says: the command heard, else the first yes or
        no among the recogniser's runners-up (the built-in engine hears a clean "yes" as "used",
        with "yes" next in line), which is likelier there than a new question."""
        if (heard := self.parse(text)) is not None:
            return heard
        return self._first(alternatives, _YES_NO)

    def runner_up(self, alternatives: Iterable[str]) -> Heard | None:
        """The first command among a recogniser's runners-up that moves through or adjusts
        the reading, for when its best guess is nothing the content answers: the built-in
        engine hears "repeat" as "with aleve", with "repeat" next in line."""
        return self._first(alternatives, _FROM_RUNNERS_UP)

    def _first(self, alternatives: Iterable[str], commands: frozenset[Command]) -> Heard | None:
        return next((h for h in map(self.parse, alternatives) if h is not None and h.command in commands), None)
