"""Sentence templates in the style of hassil: `(a|b)` is a choice, `[a]` is optional.

Expanded into every sentence they stand for, so that recognisers and the command
parser share one written form.
"""

from __future__ import annotations


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
