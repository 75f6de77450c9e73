"""Inline markup as placeholders a translator can read, move and keep.

A block's content becomes one message: its text, with each inline element
written as a tag named after the element, ``<title>Capital</title>``, or
``<lb/>`` for an element with no content. Where a block has several elements
of one name they are numbered in document order, ``<quote-1>`` ...
``<quote-2>``, so that a translator may reorder them and each still gets its
own attributes back. Attributes never appear in the message: they are kept
from the source and restored exactly.

``choice`` (an editor's correction, regularisation or expansion) is shown as
the reading a translator should translate, ``<corr>coking</corr>``; left as it
is, the whole ``choice`` comes back; translated, the translation becomes the
corrected reading alone, since the source's error belongs to the source.

In the text, ``&lt;`` stands for a literal ``<`` and ``&amp;`` for a literal
``&`` where the source's own text could be mistaken for a placeholder; every
other ``&`` and ``<`` is just a character.

>>> message = to_message(("Read ", Element("title", (("level", "m"),), ("Capital",)), "."))
>>> message.text
'Read <title>Capital</title>.'
>>> from_message("Lea <title>El capital</title>.", message)
('Lea ', Element(tag='title', attrs=(('level', 'm'),), children=('El capital',)), '.')
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from .model import Element, Inline

# What a translator sees of a ``choice``: the editor's reading, in this order of preference.
_CHOICE_READINGS = ("corr", "reg", "expan", "sic", "orig", "abbr", "seg")
# A tag of placeholder syntax: <name>, </name>, <name/>. A name is an XML name (letters of
# any script, digits, "_", "-", "."), and may end in "-N" when numbered.
_NAME = r"[^\W\d][\w.-]*"
_TAG = re.compile(rf"<(/?)({_NAME})\s*(/?)>")
# Text that must be escaped so that the source's own characters are never read as a tag.
_NEEDS_ESCAPE = re.compile(rf"<(?=/?{_NAME}\s*/?>)|&(?=(?:lt|gt|amp);)")
_UNESCAPE = {"&lt;": "<", "&gt;": ">", "&amp;": "&"}
_ENTITY = re.compile(r"&(?:lt|gt|amp);")


@dataclass(frozen=True)
class Slot:
    """One placeholder: the element it stands for, and where it sits in the source."""

    name: str
    element: Element
    paired: bool
    parent: str | None
    # For a ``choice``: the child shown to the translator.
    shown: Element | None = None


@dataclass(frozen=True)
class Message:
    """A block's content as a translatable message, with what its placeholders stand for."""

    text: str
    slots: tuple[Slot, ...] = ()

    def slot(self, name: str) -> Slot | None:
        """Give the placeholder called *name*, or None."""
        return next((slot for slot in self.slots if slot.name == name), None)

    @property
    def names(self) -> tuple[str, ...]:
        """The placeholder names, in source order."""
        return tuple(slot.name for slot in self.slots)


@dataclass(frozen=True)
class PlaceholderProblem:
    """What is wrong with the placeholders of a translation."""

    kind: str  # missing | unknown | duplicated | nesting | emptied
    name: str
    detail: str

    def __str__(self) -> str:
        return self.detail


class PlaceholderError(ValueError):
    """A translation whose placeholders cannot be turned back into markup."""

    def __init__(self, problems: Sequence[PlaceholderProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(str(problem) for problem in self.problems))


def placeholder_name(tag: str) -> str:
    """Give the name a placeholder shows for element *tag* (its local name).

    >>> placeholder_name("{http://www.w3.org/1999/xhtml}span")
    'span'
    """
    if tag.startswith("{"):
        tag = tag.partition("}")[2]
    return tag.partition(":")[2] or tag


def _shown_reading(choice: Element) -> Element | None:
    children = {child.tag: child for child in choice.elements()}
    for tag in _CHOICE_READINGS:
        if tag in children:
            return children[tag]
    return next(choice.elements(), None)


def _escape(text: str) -> str:
    if "<" not in text and "&" not in text:
        return text
    return _NEEDS_ESCAPE.sub(lambda match: "&lt;" if match.group() == "<" else "&amp;", text)


def _unescape(text: str) -> str:
    return _ENTITY.sub(lambda match: _UNESCAPE[match.group()], text)


def to_message(content: Iterable[Inline]) -> Message:
    """Give *content* as a message with placeholders, and what each stands for."""
    content = tuple(content)
    texts = [item for item in content if isinstance(item, str)]
    if len(texts) == len(content):
        return Message(_escape("".join(texts)))
    # One walk collects the text and the elements in order; names are given once
    # all are known, since an element is numbered only if its name occurs twice.
    found: list[tuple[Element, Element | None, int, bool]] = []
    parts: list[str | tuple[int, int]] = []
    _walk(content, -1, found, parts)
    bases = [placeholder_name((shown or element).tag) for element, shown, _, _ in found]
    names = bases
    if len(set(bases)) < len(bases):
        counts = Counter(bases)
        seen: Counter[str] = Counter()
        names = []
        for base in bases:
            if counts[base] == 1:
                names.append(base)
            else:
                seen[base] += 1
                names.append(f"{base}-{seen[base]}")
    slots = tuple(
        Slot(names[index], element, paired, names[parent] if parent >= 0 else None, shown)
        for index, (element, shown, parent, paired) in enumerate(found)
    )
    shapes = ("<{}>", "</{}>", "<{}/>")
    text = "".join(part if isinstance(part, str) else shapes[part[0]].format(names[part[1]]) for part in parts)
    return Message(text, slots)


def _walk(
    items: tuple[Inline, ...],
    parent: int,
    found: list[tuple[Element, Element | None, int, bool]],
    parts: list[str | tuple[int, int]],
) -> None:
    for item in items:
        if isinstance(item, str):
            parts.append(_escape(item))
            continue
        shown = _shown_reading(item) if item.tag == "choice" else None
        inner = shown.children if shown is not None else item.children
        index = len(found)
        found.append((item, shown, parent, bool(inner)))
        if inner:
            parts.append((0, index))
            _walk(inner, index, found, parts)
            parts.append((1, index))
        else:
            parts.append((2, index))


def parse_message(text: str) -> Message:
    """Give the message whose text (a catalogue's msgid) is *text*: its placeholders, how they
    nest, and which are paired, read from the text itself, so that a translation can be
    checked without the document.

    >>> [(s.name, s.paired, s.parent) for s in parse_message("<cit><quote>a</quote><lb/></cit>").slots]
    [('cit', True, None), ('quote', True, 'cit'), ('lb', False, 'cit')]
    """
    slots: list[Slot] = []
    stack: list[str] = []
    for match in _TAG.finditer(text):
        closing, name, self_closing = match.group(1) == "/", match.group(2), match.group(3) == "/"
        if closing:
            if stack and stack[-1] == name:
                stack.pop()
            continue
        if any(slot.name == name for slot in slots):
            continue
        tag = name.rsplit("-", 1)[0] if name.rsplit("-", 1)[-1].isdigit() else name
        slots.append(Slot(name, Element(tag), not self_closing, stack[-1] if stack else None))
        if not self_closing:
            stack.append(name)
    return Message(text, tuple(slots))


def strip_placeholders(text: str) -> str:
    """Give *text* without its placeholder tags, escapes resolved: the words a reader sees.

    >>> strip_placeholders("Read <title>Capital</title> &amp; more")
    'Read Capital & more'
    """
    return "".join(_unescape(piece) for piece in _TAG.split(text)[::4])


@dataclass
class _Open:
    slot: Slot
    children: list[Inline] = field(default_factory=list)


def placeholder_problems(text: str, message: Message) -> list[PlaceholderProblem]:
    """Give what is wrong with the placeholders of *text*, a translation of *message*.

    A reordering is fine; a placeholder missing, added, repeated, or no longer
    inside the placeholder that held it in the source is not.
    """
    try:
        from_message(text, message)
    except PlaceholderError as error:
        return list(error.problems)
    return []


def from_message(text: str, message: Message) -> tuple[Inline, ...]:
    """Give the markup content that *text*, a translation of *message*, stands for.

    Raises PlaceholderError naming every problem when the placeholders do not
    match the source's.
    """
    problems: list[PlaceholderProblem] = []
    used: Counter[str] = Counter()
    root: list[Inline] = []
    stack: list[_Open] = []

    def append(item: Inline) -> None:
        target = stack[-1].children if stack else root
        if isinstance(item, str) and target and isinstance(target[-1], str):
            target[-1] += item
        elif item != "":
            target.append(item)

    position = 0
    for match in _TAG.finditer(text):
        append(_unescape(text[position : match.start()]))
        position = match.end()
        closing, name, self_closing = match.group(1) == "/", match.group(2), match.group(3) == "/"
        slot = message.slot(name)
        if slot is None:
            problems.append(
                PlaceholderProblem("unknown", name, f"placeholder {match.group()} is not in the source")
            )
            continue
        if closing:
            if not stack or stack[-1].slot.name != name:
                inside = f"inside <{stack[-1].slot.name}>" if stack else "with nothing open"
                problems.append(
                    PlaceholderProblem("nesting", name, f"</{name}> closes {inside}: placeholders no longer nest")
                )
                continue
            opened = stack.pop()
            append(_restore(opened.slot, tuple(opened.children)))
            continue
        used[name] += 1
        if used[name] > 1:
            problems.append(PlaceholderProblem("duplicated", name, f"placeholder <{name}> appears more than once"))
            continue
        parent = stack[-1].slot.name if stack else None
        if parent != slot.parent:
            where = f"inside <{slot.parent}>" if slot.parent else "outside any other placeholder"
            problems.append(
                PlaceholderProblem("nesting", name, f"<{name}> must stay {where}, as in the source")
            )
        if slot.paired and self_closing:
            problems.append(
                PlaceholderProblem("emptied", name, f"<{name}/> has lost its content: write <{name}>...</{name}>")
            )
            continue
        if not slot.paired:
            if not self_closing:
                problems.append(PlaceholderProblem("nesting", name, f"<{name}/> stands alone: write it as <{name}/>"))
                continue
            append(_restore(slot, ()))
            continue
        stack.append(_Open(slot))
    append(_unescape(text[position:]))
    for opened in reversed(stack):
        problems.append(PlaceholderProblem("nesting", opened.slot.name, f"<{opened.slot.name}> is never closed"))
    for slot in message.slots:
        if used[slot.name] == 0:
            shape = f"<{slot.name}>...</{slot.name}>" if slot.paired else f"<{slot.name}/>"
            problems.append(PlaceholderProblem("missing", slot.name, f"placeholder {shape} is missing"))
    if problems:
        raise PlaceholderError(problems)
    return tuple(root)


def _restore(slot: Slot, children: tuple[Inline, ...]) -> Element:
    element = slot.element
    if slot.shown is None:
        return Element(element.tag, element.attrs, children if slot.paired else element.children)
    if children == slot.shown.children:
        return element
    return Element(slot.shown.tag, slot.shown.attrs, children)
