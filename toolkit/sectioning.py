"""What the Markdown and HTML readers share: the kind and label of a block from
where it stands, and a document's title page and sections from its blocks in
reading order.

A reader walks its format's tree and hands each run of text here with the
kind its element gives it (a heading, or a paragraph) and a
:class:`Context`: where the text stands. The context decides the rest, so
that every block is read once and the document can be written as valid TEI:

- a list item is one block (kind ITEM) with the item's label ("1.", "-"):
  its paragraphs (headings, quotations) joined by a space (:func:`item_parts`).
  The items of a nested list follow it in the same list, with their own
  labels, since a TEI item cannot hold a list; what an item holds after a
  nested list is one more item, without a label, as is text standing in a
  list outside any item. An item whose text starts with a nested list loses
  its own label, so that no label is invented;
- inside a block quotation (and outside lists), paragraphs and headings are
  quotations (kind QUOTATION): the text in a ``quote`` element, as
  :mod:`toolkit.plaintext` reads a block quotation.

:func:`document` then puts a leading level-1 heading on the title page and
opens a section (``div type="section"``) at every heading that stands outside
lists and quotations, and at every thematic break, as :mod:`toolkit.plaintext`
does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Union

from toolkit.model import (
    Block,
    BlockKind,
    Container,
    Document,
    Element,
    Metadata,
    Node,
    normalize_space,
)


class SectionBreak:
    """A thematic break (Markdown's ``---``, HTML's ``<hr>``): a new section begins."""

    def __repr__(self) -> str:
        return "SECTION_BREAK"


SECTION_BREAK = SectionBreak()

# What a reader gives, in reading order.
Part = Union[Node, SectionBreak]


@dataclass
class ItemLabel:
    """The label of a list item ("1.", "•"), and whether a block of the item has been read."""

    text: str
    used: bool = False


@dataclass(frozen=True)
class Context:
    """Where text stands: its language, whether it is in a list or quoted, the
    list items around it."""

    lang: str
    quoted: bool = False
    listed: bool = False
    labels: tuple[ItemLabel, ...] = field(default=())

    def in_list(self) -> Context:
        """Give this context inside a list."""
        return replace(self, listed=True)

    def in_item(self, label: str) -> Context:
        """Give this context inside a list item labelled *label*."""
        return replace(self, listed=True, labels=(*self.labels, ItemLabel(label)))

    def in_quotation(self) -> Context:
        """Give this context inside a block quotation."""
        return replace(self, quoted=True)

    def with_lang(self, lang: str | None) -> Context:
        """Give this context in language *lang*, or unchanged if *lang* is None."""
        return self if lang is None or lang == self.lang else replace(self, lang=lang)

    def block(self, kind: BlockKind, text: str, line: int | None) -> Block | None:
        """Give the block of *text*, of *kind* as its element says and as the
        context makes it (the module says how); None if *text* is blank."""
        text = normalize_space(text)
        if not text:
            return None
        if self.listed:
            label = None
            if self.labels and not self.labels[-1].used:
                label = self.labels[-1].text
            # Once any block of an item is read, the item's own text has gone by.
            for item in self.labels:
                item.used = True
            return Block(kind=BlockKind.ITEM, content=(text,), lang=self.lang, label=label, line=line)
        if self.quoted and kind in (BlockKind.PARAGRAPH, BlockKind.HEADING):
            content = (Element("quote", (), (text,)),)
            return Block(kind=BlockKind.QUOTATION, content=content, lang=self.lang, line=line)
        return Block(kind=kind, content=(text,), lang=self.lang, line=line)


def list_container(
    children: Sequence[Part], ordered: bool, lang: str, line: int | None
) -> Container | None:
    """Give the list of *children* (its items), or None if it has none.
    Thematic breaks inside a list are dropped."""
    nodes = tuple(child for child in children if not isinstance(child, SectionBreak))
    if not nodes:
        return None
    kind = "ordered" if ordered else "bulleted"
    return Container("list", nodes, lang=lang, attrs=(("type", kind),), line=line)


def item_parts(parts: Sequence[Part]) -> list[Part]:
    """Give the parts read inside one list item as items of its list: the
    item's own blocks joined into one, the items of its nested lists after it.

    >>> context = Context("en").in_item("1.")
    >>> parts = [context.block(BlockKind.PARAGRAPH, text, 1) for text in ("One.", "Two.")]
    >>> [(b.label, b.text) for b in item_parts([p for p in parts if p]) if isinstance(b, Block)]
    [('1.', 'One. Two.')]
    """
    result: list[Part] = []
    own: list[Block] = []

    def join() -> None:
        if own:
            text = " ".join(block.text for block in own)
            result.append(replace(own[0], content=(text,)))
            own.clear()

    for part in parts:
        if isinstance(part, Block):
            own.append(part)
        elif isinstance(part, Container):  # a nested list, its items already read
            join()
            result.extend(part.children)
    join()
    return result


def document(
    parts: Sequence[Part],
    language: str,
    path: str | None,
    title: Block | None = None,
    title_text: str | None = None,
) -> Document:
    """Give the document of *parts* read in order: *title*, if it is the first
    block, on the title page as the TITLE; a section at every heading outside
    lists and at every break. The metadata's title is *title_text*, else the
    title block's text, else "Untitled"."""
    parts = list(parts)
    front: tuple[Node, ...] = ()
    if title is not None and parts and parts[0] is title:
        parts.pop(0)
        title = replace(title, kind=BlockKind.TITLE)
        front = (
            Container(
                "titlePage",
                (Container("docTitle", (title,), lang=title.lang, line=title.line),),
                lang=title.lang,
                line=title.line,
            ),
        )
    else:
        title = None
    sections: list[list[Node]] = [[]]
    for part in parts:
        if isinstance(part, SectionBreak):
            if sections[-1]:
                sections.append([])
            continue
        if isinstance(part, Block) and part.kind is BlockKind.HEADING and sections[-1]:
            sections.append([])
        sections[-1].append(part)
    body = tuple(
        Container("div", tuple(nodes), lang=language, attrs=(("type", "section"),))
        for nodes in sections
        if nodes
    )
    name = title_text or (title.text if title is not None else None) or "Untitled"
    return Document(
        metadata=Metadata(title=name, language=language),
        front=front,
        body=body,
        path=path,
    )
