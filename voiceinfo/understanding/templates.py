"""Sentence templates in the style of hassil: `(a|b)` is a choice, `[a]` is optional.

Expanded into every sentence they stand for, so that recognisers and the command
parser share one written form; or matched as they are against a list of words
(Pattern), where expanding would make tens of thousands of runs of words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


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


@dataclass(frozen=True)
class _Words:
    words: tuple[str, ...]


@dataclass(frozen=True)
class _Choice:
    options: tuple[tuple[_Words | _Choice, ...], ...]  # an optional part has an empty option


def _parse(template: str, split: Callable[[str], list[str]]) -> tuple[_Words | _Choice, ...]:
    parts: list[_Words | _Choice] = []
    at = 0
    while at < len(template):
        start = next((i for i in range(at, len(template)) if template[i] in "(["), len(template))
        if said := split(template[at:start]):
            parts.append(_Words(tuple(said)))
        if start == len(template):
            break
        end = _matching(template, start)
        options = [_parse(option, split) for option in _choices(template[start + 1:end])]
        parts.append(_Choice(tuple(options) + (((),) if template[start] == "[" else ())))
        at = end + 1
    return tuple(parts)


def _ends(parts: tuple[_Words | _Choice, ...], tokens: list[str], at: int) -> set[int]:
    """Where a match of parts that starts at tokens[at] can end."""
    reached = {at}
    for part in parts:
        if isinstance(part, _Words):
            n = len(part.words)
            reached = {i + n for i in reached if tuple(tokens[i:i + n]) == part.words}
        else:
            reached = {end for i in reached for option in part.options for end in _ends(option, tokens, i)}
        if not reached:
            break
    return reached


def _first(parts: tuple[_Words | _Choice, ...]) -> tuple[set[str], bool]:
    """The words a match can start with, and whether it can be empty."""
    first: set[str] = set()
    for part in parts:
        if isinstance(part, _Words):
            return first | {part.words[0]}, False
        empty = False
        for option in part.options:
            words, can_be_empty = _first(option)
            first |= words
            empty = empty or can_be_empty
        if not empty:
            return first, False
    return first, True


class Pattern:
    """A template matched against a list of words, as if against every sentence it stands for,
    each split by split (so "{drug}" or "ms" may be words of their own)."""

    def __init__(self, template: str, split: Callable[[str], list[str]]) -> None:
        self._parts = _parse(template, split)
        self.first, _ = _first(self._parts)  # an empty match is never a match

    def ends(self, tokens: list[str], at: int) -> list[int]:
        """Where a match that starts at tokens[at] can end, in order; none when tokens[at] cannot start one."""
        if at >= len(tokens) or tokens[at] not in self.first:
            return []
        return sorted(end for end in _ends(self._parts, tokens, at) if end > at)
