"""Monograph files: loading and validation, with the file and line of every problem.

A monograph is YAML because pharmacists and caregivers can read and edit it without
programming. It is read through PyYAML's node tree rather than as plain data so that
every problem (a missing field, a duplicate id, an empty list) can name its line, and
so that values are taken as the text written ("no" stays the word "no").
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, TypeVar

import yaml

from voiceinfo.errors import VoiceinfoError

T = TypeVar("T")

def _shipped(name: str) -> Path:
    """A monograph as installed with the package (voiceinfo/monographs, from content/ at build
    time), else in the checkout's content/ folder."""
    package = Path(__file__).resolve().parents[1]
    installed = package / "monographs" / name
    return installed if installed.is_file() else package.parent / "content" / name


DEFAULT_CONTENT = _shipped("baclofen.yaml")
# A monograph is a few tens of kilobytes; anything far larger is not one, and is refused
# before parsing (a YAML parser's time and memory grow with what it is given).
MAX_BYTES = 1_000_000
# Phrases (asks, names, cues) are spliced into sentence templates (templates.py): these
# characters would be read as template syntax, and can multiply the sentences without end.
_TEMPLATE_SYNTAX = set("()[]|{}")


class ContentError(VoiceinfoError):
    """A content file that cannot be used; the message names the file and line of each problem
    (line and message are the first's)."""

    problem = "content"

    def __init__(self, path: Path, line: int, message: str, more: tuple[ContentError, ...] = ()) -> None:
        super().__init__("\n".join(f"{path}:{p_line}: {p_message}"
                                   for p_line, p_message in ((line, message), *((m.line, m.message) for m in more))))
        self.path = path
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Item:
    """One entry of a list (a side effect, a caution) that can be asked about alone."""

    id: str
    asks: tuple[str, ...]
    say: str


@dataclass(frozen=True)
class Section:
    """One part of a monograph: a short answer, optional detail and optional items."""

    id: str
    topic: str
    asks: tuple[str, ...]
    say: str
    more: str = ""
    note: str = ""
    default: bool = False
    items: tuple[Item, ...] = ()

    def item(self, item_id: str) -> Item:
        return next(i for i in self.items if i.id == item_id)


@dataclass(frozen=True)
class Source:
    title: str
    author: str
    reviewed: str


@dataclass(frozen=True)
class Monograph:
    """Everything voiceinfo may say about one drug."""

    path: Path
    drug: str
    brands: tuple[str, ...]
    heard_as: tuple[str, ...]
    source: Source
    urgent_say: str
    urgent_cues: tuple[str, ...]
    unknown_say: str
    other_drug_say: str
    sections: tuple[Section, ...]
    sounds_like: tuple[tuple[str, str], ...] = ()
    say_as: tuple[tuple[str, str], ...] = ()  # how voices are to say a word they get wrong

    def section(self, section_id: str) -> Section:
        return next(s for s in self.sections if s.id == section_id)

    @property
    def topics(self) -> str:
        """Its topics as said in a sentence: "what it is, ..., and overdose"."""
        names = [s.topic for s in self.sections]
        return ", ".join(names[:-1]) + ", and " + names[-1]

    @property
    def default_section(self) -> Section:
        return next((s for s in self.sections if s.default), self.sections[0])

    @property
    def targets(self) -> frozenset[str]:
        """Every part a question can be answered from: "section" or "section/item", as
        Answer.target and the question sets write it."""
        return frozenset({s.id for s in self.sections} | {f"{s.id}/{i.id}" for s in self.sections for i in s.items})

    @property
    def names(self) -> tuple[str, ...]:
        """Every way the drug is named: generic, brands and common mis-hearings."""
        return (self.drug, *self.brands, *self.heard_as)

    def summary(self) -> str:
        items = sum(len(s.items) for s in self.sections)
        return (f"{self.path}: {self.drug}, {len(self.sections)} sections, {items} items, "
                f"reviewed {self.source.reviewed}")


class _Loader(yaml.SafeLoader):
    """YAML without anchors and aliases: a monograph has no use for them, and a few lines of
    aliases can stand for gigabytes of text."""

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.composer.ComposerError(None, None, "anchors and aliases (& and *) are not "
                                              "allowed in a monograph: write the text out", event.start_mark)
        return super().compose_node(parent, index)


class _Reader:
    """Turns YAML nodes into values, raising ContentError at the node's line."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[ContentError] = []

    def keep(self, read: Callable[[], T]) -> T | None:
        """read(), or None with its problem noted, so that the rest is checked too."""
        try:
            return read()
        except ContentError as err:
            self.problems.append(err)
            return None

    def check(self) -> None:
        """Raise every problem noted, in the order of the file's lines."""
        if self.problems:
            first, *more = sorted(self.problems, key=lambda p: p.line)
            raise ContentError(self.path, first.line, first.message, tuple(more))

    def fail(self, node: yaml.Node, message: str) -> ContentError:
        return ContentError(self.path, node.start_mark.line + 1, message)

    def mapping(self, node: yaml.Node, what: str, required: set[str],
                optional: frozenset[str] = frozenset()) -> dict[str, yaml.Node]:
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, f"{what} must be a set of 'key: value' lines")
        fields: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key not in required | optional:
                allowed = ", ".join(sorted(required | optional))
                raise self.fail(key_node, f"unknown field '{key}' in {what} (allowed: {allowed})")
            if key in fields:
                raise self.fail(key_node, f"'{key}' appears twice in {what}")
            fields[key] = value_node
        missing = sorted(required - fields.keys())
        if missing:
            raise self.fail(node, f"{what} is missing '{missing[0]}'")
        return fields

    def text(self, node: yaml.Node, what: str) -> str:
        if not isinstance(node, yaml.ScalarNode):
            raise self.fail(node, f"{what} must be text")
        value = " ".join(str(node.value).split())
        if not value:
            raise self.fail(node, f"{what} is empty")
        return value

    def texts(self, node: yaml.Node, what: str) -> tuple[str, ...]:
        return self.seq(node, what, lambda n, i: self.phrase(n, f"{what} entry {i}"))

    def phrase(self, node: yaml.Node, what: str) -> str:
        """Words someone says: no brackets, bars or braces."""
        value = self.text(node, what)
        if bad := sorted(_TEMPLATE_SYNTAX & set(value)):
            raise self.fail(node, f"{what} may not contain {' '.join(bad)}: write the words alone")
        return value

    def seq(self, node: yaml.Node, what: str, read: Callable[[yaml.Node, int], T]) -> tuple[T, ...]:
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(node, f"{what} must be a list")
        if not node.value:
            raise self.fail(node, f"{what} is an empty list")
        read_all = [self.keep(lambda n=n, i=i: read(n, i)) for i, n in enumerate(node.value, 1)]
        return tuple(value for value in read_all if value is not None)

    def flag(self, node: yaml.Node, what: str) -> bool:
        value = self.text(node, what).lower()
        if value not in ("true", "false"):
            raise self.fail(node, f"{what} must be true or false")
        return value == "true"


_ITEM_FIELDS = {"id", "asks", "say"}
_SECTION_FIELDS = {"id", "topic", "asks", "say"}
_SECTION_OPTIONAL = frozenset({"more", "note", "default", "items"})


def _unique(reader: _Reader, nodes: list[yaml.Node], what: str) -> None:
    """Each id once, read from the nodes themselves: an entry with another problem has its id too."""
    seen: set[str] = set()
    for node in nodes:
        fields = node.value if isinstance(node, yaml.MappingNode) else []
        ident = next((" ".join(str(v.value).split()) for k, v in fields
                      if isinstance(k, yaml.ScalarNode) and k.value == "id" and isinstance(v, yaml.ScalarNode)), None)
        if ident is None:
            continue
        if ident in seen:
            raise reader.fail(node, f"duplicate {what} id '{ident}'")
        seen.add(ident)


def _item(reader: _Reader, node: yaml.Node, where: str) -> Item:
    f = reader.mapping(node, where, _ITEM_FIELDS)
    ident = reader.text(f["id"], f"{where} id")
    where = f"item '{ident}'"
    return Item(ident, reader.texts(f["asks"], f"{where} asks"), reader.text(f["say"], f"{where} say"))


def _section(reader: _Reader, node: yaml.Node, index: int) -> Section:
    f = reader.mapping(node, f"section {index}", _SECTION_FIELDS, _SECTION_OPTIONAL)
    ident = reader.text(f["id"], f"section {index} id")
    where = f"section '{ident}'"
    items: tuple[Item, ...] = ()
    if "items" in f:
        items = reader.seq(f["items"], f"{where} items",
                           lambda n, i: _item(reader, n, f"{where} item {i}"))
        _unique(reader, f["items"].value, f"item in {where}:")
    optional = {k: reader.text(f[k], f"{where} {k}") for k in ("more", "note") if k in f}
    return Section(
        id=ident,
        topic=reader.phrase(f["topic"], f"{where} topic"),
        asks=reader.texts(f["asks"], f"{where} asks"),
        say=reader.text(f["say"], f"{where} say"),
        default=reader.flag(f["default"], f"{where} default") if "default" in f else False,
        items=items,
        **optional,
    )


def _word_equals(reader: _Reader, top: dict[str, yaml.Node], key: str) -> tuple[tuple[str, str], ...]:
    """A list of "word = how it sounds" entries (sounds_like, say_as); () when there is none."""
    if key not in top:
        return ()
    pairs = []
    for index, node in enumerate(top[key].value, 1):
        word, equals, sounds = reader.phrase(node, f"{key} entry {index}").partition("=")
        if not equals or not word.strip() or not sounds.strip():
            raise reader.fail(node, f"{key} entry {index} must read 'word = how it sounds'")
        pairs.append((word.strip().lower(), sounds.strip().lower()))
    return tuple(pairs)


def load(path: Path) -> Monograph:
    """Read and validate a monograph file; raise ContentError naming the bad line."""
    path = Path(path)
    try:
        if (size := path.stat().st_size) > MAX_BYTES:
            raise ContentError(path, 0, f"the file is {size / 1e6:.1f} MB; a monograph is at most "
                                        f"{MAX_BYTES / 1e6:.0f} MB")
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise ContentError(path, 0, f"cannot read the file: {err}") from err
    try:
        root = yaml.compose(raw, Loader=_Loader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        problem = getattr(err, "problem", None) or str(err)
        raise ContentError(path, line, f"not valid YAML: {problem}") from err
    except RecursionError:
        raise ContentError(path, 0, "lists or sections are nested far too deeply") from None
    reader = _Reader(path)
    if root is None:
        raise ContentError(path, 1, "the file is empty")
    top = reader.mapping(root, "the file", {"drug", "names", "source", "urgent", "unknown", "sections"},
                         frozenset({"sounds_like", "say_as"}))
    keep = reader.keep
    names = keep(lambda: reader.mapping(top["names"], "names", {"brands"}, frozenset({"heard_as"})))
    source = keep(lambda: reader.mapping(top["source"], "source", {"title", "author", "reviewed"}))
    urgent = keep(lambda: reader.mapping(top["urgent"], "urgent", {"say", "cues"}))
    unknown = keep(lambda: reader.mapping(top["unknown"], "unknown", {"say", "other_drug"}))
    other_drug_say = keep(lambda: _other_drug_say(reader, unknown["other_drug"])) if unknown else None
    sections = keep(lambda: _sections(reader, top["sections"]))
    sounds_like = keep(lambda: _word_equals(reader, top, "sounds_like"))
    say_as = keep(lambda: _word_equals(reader, top, "say_as"))
    fields = {
        "drug": keep(lambda: reader.phrase(top["drug"], "drug")),
        "brands": keep(lambda: reader.texts(names["brands"], "names brands")) if names else None,
        "heard_as": keep(lambda: reader.texts(names["heard_as"], "names heard_as") if "heard_as" in names else ())
        if names else None,
        "source": keep(lambda: Source(*(reader.text(source[k], f"source {k}")
                                        for k in ("title", "author", "reviewed")))) if source else None,
        "urgent_say": keep(lambda: reader.text(urgent["say"], "urgent say")) if urgent else None,
        "urgent_cues": keep(lambda: reader.texts(urgent["cues"], "urgent cues")) if urgent else None,
        "unknown_say": keep(lambda: reader.text(unknown["say"], "unknown say")) if unknown else None,
    }
    reader.check()
    return Monograph(path=path, sounds_like=sounds_like, say_as=say_as, other_drug_say=other_drug_say,
                     sections=sections, **fields)


def _other_drug_say(reader: _Reader, node: yaml.Node) -> str:
    text = reader.text(node, "unknown other_drug")
    if "{name}" not in text:
        raise reader.fail(node, "unknown other_drug must contain {name}")
    try:
        text.format(name="")
    except (IndexError, KeyError, ValueError):
        raise reader.fail(node, "unknown other_drug may hold no braces but {name} "
                                "(write {{ or }} for a brace)") from None
    return text


def _sections(reader: _Reader, node: yaml.Node) -> tuple[Section, ...]:
    sections = reader.seq(node, "sections", lambda n, i: _section(reader, n, i))
    _unique(reader, node.value, "section")
    if sum(s.default for s in sections) > 1:
        raise reader.fail(node, "only one section may be marked 'default: true'")
    return sections
