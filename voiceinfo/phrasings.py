"""What people say to voiceinfo, generated from the content and the voice commands.

The recognisers' language comes only from here, so a new monograph needs no code change.
People paraphrase, so each part's `asks` phrasings are put into everyday question frames,
written as templates in the style of hassil: `(a|b)` is a choice, `[a]` is optional,
`{ask}` is the content's phrasing and `{drug}` the drug or "it".
"""

from __future__ import annotations

from collections.abc import Iterable

from voiceinfo.content import Monograph
from voiceinfo.wording import spoken, words

COMMANDS = ("more", "tell me more", "next", "previous", "go back", "repeat", "say that again",
            "first", "how many are there", "where am i", "slower", "faster", "louder", "quieter",
            "help", "what can i ask", "stop", "pause", "continue", "start over", "goodbye",
            "yes", "no", "read all the side effects")

FRAMES = (
    "[(um|so|well)] {ask} [please]",
    "(what about|tell me about|what do you know about) [the] {ask}",
    "(what is|what are|what's) [the] {ask} [(of|for|with|on) {drug}]",
    "(can|could|will|does|might) {drug} (cause|give me|make me|lead to) [any] {ask}",
    "(will|does) {drug} make (me|you) [feel] {ask}",
    "will i (feel|get|be|have) {ask}",
    "is {ask} a [common] side effect",
    "is (it|{drug}) (safe|ok|okay) (for|with|in|if) {ask}",
    "(can|should) i {ask} [(while|when) (taking|on) {drug}]",
    "what (if|happens if|should i do if) i {ask}",
    "i (have|had|am|feel|want to|think i) {ask}",
    "how (do|should|can) i {ask}",
    "(does|is) {drug} (help|good for|used for) {ask}",
    "{ask} (of|with|on) {drug}",
)


def _depth_change(char: str) -> int:
    return 1 if char in "([" else -1 if char in ")]" else 0


def _matching(text: str, start: int) -> int:
    depth = 0
    for index in range(start, len(text)):
        depth += _depth_change(text[index])
        if depth == 0:
            return index
    raise ValueError(f"unbalanced brackets in template: {text!r}")


def _choices(inner: str) -> list[str]:
    """Split on "|" outside nested brackets."""
    parts, depth, current = [], 0, ""
    for char in inner:
        depth += _depth_change(char)
        if char == "|" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current]


def expand(template: str) -> list[str]:
    """Every sentence a template stands for, in order, without duplicates."""
    start = next((i for i, c in enumerate(template) if c in "(["), None)
    if start is None:
        return [" ".join(template.split())]
    end = _matching(template, start)
    options = _choices(template[start + 1:end])
    if template[start] == "[":
        options.append("")
    out: dict[str, None] = {}
    for option in options:
        out.update(dict.fromkeys(expand(template[:start] + option + template[end + 1:])))
    return list(out)


def question_phrasings(monograph: Monograph) -> dict[str, str]:
    """Each generated question phrasing, lower case, with the part ("section/item") it asks about."""
    drug = f"({monograph.drug}|it)"
    out: dict[str, str] = {}
    for section in monograph.sections:
        for item in (None, *section.items):
            target = f"{section.id}/{item.id}" if item else section.id
            for ask in (item or section).asks:
                for frame in FRAMES:
                    for sentence in expand(frame.format(ask=ask, drug=drug)):
                        out.setdefault(" ".join(spoken(w) for w in words(sentence)), target)
    return out


# How questions about another medicine are put, so that a recogniser can hear the name
# (and the answer can decline) instead of forcing the question onto the monograph.
OTHER_MEDICINE_FRAMES = (
    "(what is|what about|tell me about|can i take) {name}",
    "how does {name} work",
    "[(what are|what is)] [the] {ask} (of|with|for|on) {name}",
    "{name} {ask}",
)


def other_medicine_phrasings(monograph: Monograph, medicines: Iterable[str]) -> list[str]:
    """Questions naming other medicines, from each section's first few phrasings that do
    not name the monograph's own drug."""
    out: dict[str, None] = {}
    for name in medicines:
        for section in monograph.sections:
            for ask in [a for a in section.asks if monograph.drug not in a.lower()][:3]:
                for frame in OTHER_MEDICINE_FRAMES:
                    for sentence in expand(frame.format(ask=ask, name=name)):
                        out[" ".join(spoken(w) for w in words(sentence))] = None
    return list(out)


def phrasings(monograph: Monograph, other_medicines: Iterable[str] = ()) -> list[str]:
    """Everything a recogniser should expect: the questions, other medicines, the commands."""
    return list(dict.fromkeys([*question_phrasings(monograph),
                               *other_medicine_phrasings(monograph, other_medicines), *COMMANDS]))
