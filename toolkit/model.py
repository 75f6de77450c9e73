"""The core model: a document as an ordered sequence of blocks with stable IDs.

Nothing here knows about lxml, polib or files.  A :class:`Document` holds a
tree of :class:`Container` nodes (divisions, lists, line groups...) whose
leaves are :class:`Block` s: the units a translator translates, an aligner
aligns and a differ compares.  A block's content is text with inline markup:
a sequence of strings and :class:`Element` s.

All classes are frozen dataclasses; a change makes a new object
(:func:`dataclasses.replace`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from enum import Enum
from functools import cached_property
from typing import Union

Attributes = tuple[tuple[str, str], ...]

# Only the four XML whitespace characters are collapsed: a no-break space is
# part of the text (French typography relies on it).
_XML_WHITESPACE = re.compile(r"[ \t\r\n]+")


def normalize_space(text: str) -> str:
    """Give *text* with runs of XML whitespace collapsed to one space and trimmed.

    >>> normalize_space("  two\\n  words ")
    'two words'
    """
    if (
        "  " not in text
        and "\n" not in text
        and "\t" not in text
        and "\r" not in text
        and text[:1] != " "
        and text[-1:] != " "
    ):
        return text  # the common case, checked at C speed
    return _XML_WHITESPACE.sub(" ", text).strip(" ")


_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """Give the words of *text*, case folded.

    >>> words("The Revolution, betrayed!")
    ['the', 'revolution', 'betrayed']
    """
    return _WORD.findall(text.casefold())


class BlockKind(str, Enum):
    """What a block is, independent of any format."""

    TITLE = "title"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    ITEM = "item"
    QUOTATION = "quotation"
    VERSE = "verse"
    OTHER = "other"

    @property
    def is_heading(self) -> bool:
        """Whether blocks of this kind are titles or headings."""
        return self in (BlockKind.TITLE, BlockKind.HEADING)


@dataclass(frozen=True)
class Element:
    """An element of markup: a tag, its attributes, and children (strings and elements).

    Tags and attribute names of the document's own vocabulary are plain
    (``title``, ``rend``); the XML namespace is written ``xml:`` (``xml:lang``);
    any other namespace in Clark notation (``{http://...}egXML``).
    """

    tag: str
    attrs: Attributes = ()
    children: tuple[Inline, ...] = ()

    def get(self, name: str, default: str | None = None) -> str | None:
        """Give the value of attribute *name*, or *default*."""
        for key, value in self.attrs:
            if key == name:
                return value
        return default

    def elements(self) -> Iterator[Element]:
        """Give the child elements, in order."""
        return (child for child in self.children if isinstance(child, Element))

    def find(self, tag: str) -> Element | None:
        """Give the first child element called *tag*, or None."""
        return next((child for child in self.elements() if child.tag == tag), None)

    def iter(self) -> Iterator[Element]:
        """Give this element and all elements below it, in document order."""
        yield self
        for child in self.elements():
            yield from child.iter()

    @property
    def all_text(self) -> str:
        """All the text inside, markup removed, nothing left out."""
        return "".join(
            child if isinstance(child, str) else child.all_text for child in self.children
        )


Inline = Union[str, Element]

# Inline elements whose content is not part of the running text of a block.
_SKIPPED_IN_READING = frozenset({"note", "del", "fw", "figDesc"})
# Elements that stand for a break between words.
_WORD_BREAKS = frozenset({"lb", "cb"})
# The reading offered by ``choice``: what the source has, not the editor's emendation.
_SOURCE_READINGS = ("sic", "orig", "abbr", "seg", "unclear")


def reading_text(content: Iterable[Inline]) -> str:
    """Give the running text of inline *content*: notes and deletions left out,
    the source's own reading of every ``choice``, whitespace as it stands.

    >>> reading_text(["the ", Element("choice", (), (Element("sic", (), ("émi gré",)),
    ...     Element("corr", (), ("émigré",)))), " former"])
    'the émi gré former'
    """
    parts: list[str] = []
    for item in content:
        if isinstance(item, str):
            parts.append(item)
        elif item.tag in _SKIPPED_IN_READING:
            continue
        elif item.tag in _WORD_BREAKS:
            parts.append("" if item.get("break") == "no" else " ")
        elif item.tag == "choice":
            options = list(item.elements())
            chosen = next(
                (o for tag in _SOURCE_READINGS for o in options if o.tag == tag),
                options[0] if options else None,
            )
            if chosen is not None:
                parts.append(reading_text(chosen.children))
        else:
            parts.append(reading_text(item.children))
    return "".join(parts)


@dataclass(frozen=True)
class Block:
    """A unit a translator translates: a title, heading, paragraph, list item or quotation.

    ``id`` is the stable ID (None until one is assigned); ``section`` the ID of
    the division it belongs to; ``lang`` its language (BCP 47); ``label`` the
    label a list item is printed with ("1)"); ``tag`` and ``attrs`` the element
    and attributes it was read from, kept so that writing it back loses nothing.
    """

    kind: BlockKind
    content: tuple[Inline, ...] = ()
    id: str | None = None
    section: str | None = None
    lang: str | None = None
    label: str | None = None
    tag: str | None = None
    attrs: Attributes = ()
    line: int | None = field(default=None, compare=False)

    @cached_property
    def text(self) -> str:
        """The running text of the block, whitespace normalised, without its label."""
        return normalize_space(reading_text(self.content))

    @property
    def labelled_text(self) -> str:
        """The text as printed: the label, if any, then the text."""
        return f"{self.label} {self.text}" if self.label else self.text


@dataclass(frozen=True)
class Container:
    """A structural element that holds blocks: a division, list, line group, figure...

    A container with no children and no text (a page break, a milestone) is
    kept too, so that writing a document back loses nothing.
    """

    tag: str
    children: tuple[Node, ...] = ()
    id: str | None = None
    lang: str | None = None
    attrs: Attributes = ()
    line: int | None = field(default=None, compare=False)

    def blocks(self) -> Iterator[Block]:
        """Give the blocks inside, in document order."""
        for child in self.children:
            if isinstance(child, Block):
                yield child
            else:
                yield from child.blocks()


Node = Union[Container, Block]

# The tags of containers that make a section of the text.
DIVISION_TAGS = frozenset({"div", *(f"div{n}" for n in range(1, 8))})


@dataclass(frozen=True)
class Revision:
    """One entry of a document's revision history.

    ``retired`` lists the IDs that this revision took out of use: they are
    never handed out again.  ``markup`` keeps the entry exactly as it was
    read, markup and all, so that writing it back loses nothing.
    """

    description: str
    when: str | None = None
    who: str | None = None
    retired: tuple[str, ...] = ()
    markup: Element | None = None


@dataclass(frozen=True)
class Metadata:
    """What a document is: enough to write a header for it."""

    title: str = "Untitled"
    language: str = "und"
    author: str | None = None
    source: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class Section:
    """A division of the text, seen from the blocks: its ID, heading and blocks."""

    id: str | None
    heading: Block | None
    blocks: tuple[Block, ...]
    number: int

    @property
    def title(self) -> str:
        """The heading's text, or a description of the section by number."""
        return self.heading.text if self.heading else f"Section {self.number}"


@dataclass(frozen=True)
class Document:
    """An edition: metadata, front matter, body and back matter, and its history.

    ``header`` is the TEI header as markup (without its revision history,
    which is ``revisions``), kept for documents read from TEI so that writing
    them back keeps every detail; None for documents read from plain text.
    ``extras`` keeps other top-level parts of a TEI document (facsimile,
    standOff) untouched, ``attrs`` and ``text_attrs`` the attributes of its
    root and ``text`` elements; ``path`` is where it was read from.
    """

    metadata: Metadata = Metadata()
    front: tuple[Node, ...] = ()
    body: tuple[Node, ...] = ()
    back: tuple[Node, ...] = ()
    revisions: tuple[Revision, ...] = ()
    header: Element | None = None
    extras: tuple[Element, ...] = ()
    attrs: Attributes = ()
    text_attrs: Attributes = ()
    path: str | None = field(default=None, compare=False)

    @cached_property
    def blocks(self) -> tuple[Block, ...]:
        """Every block, in document order: front, body, back."""
        return tuple(_iter_blocks(self.front + self.body + self.back))

    @cached_property
    def _by_id(self) -> dict[str, Block]:
        return {block.id: block for block in self.blocks if block.id is not None}

    def front_blocks(self) -> tuple[Block, ...]:
        """The blocks of the front matter (title page, preface...)."""
        return tuple(_iter_blocks(self.front))

    def back_blocks(self) -> tuple[Block, ...]:
        """The blocks of the back matter (appendices, notes...)."""
        return tuple(_iter_blocks(self.back))

    @cached_property
    def _parents(self) -> dict[int, int]:
        parents: dict[int, int] = {}

        def visit(nodes: Iterable[Node], parent: object) -> None:
            for node in nodes:
                parents[id(node)] = id(parent)
                if isinstance(node, Container):
                    visit(node.children, node)

        visit(self.front + self.body + self.back, self)
        return parents

    def same_container(self, first: Block, second: Block) -> bool:
        """Whether two blocks of this document stand in the same container (one list, say)."""
        return self._parents.get(id(first)) == self._parents.get(id(second))

    def block(self, block_id: str) -> Block:
        """Give the block with ID *block_id*; KeyError if there is none."""
        return self._by_id[block_id]

    def __contains__(self, block_id: object) -> bool:
        return block_id in self._by_id

    @property
    def retired_ids(self) -> frozenset[str]:
        """IDs that earlier revisions took out of use, never to be handed out again."""
        return frozenset(i for revision in self.revisions for i in revision.retired)

    @cached_property
    def ids(self) -> tuple[str, ...]:
        """Every ID in the text (blocks and containers), in document order."""
        found: list[str] = []

        def visit(nodes: Iterable[Node]) -> None:
            for node in nodes:
                if node.id is not None:
                    found.append(node.id)
                if isinstance(node, Container):
                    visit(node.children)

        visit(self.front + self.body + self.back)
        return tuple(found)

    def containers(self) -> Iterator[Container]:
        """Give every container, in document order (parents before children)."""

        def visit(nodes: Iterable[Node]) -> Iterator[Container]:
            for node in nodes:
                if isinstance(node, Container):
                    yield node
                    yield from visit(node.children)

        return visit(self.front + self.body + self.back)

    def sections(self) -> list[Section]:
        """Give the sections of the body: each innermost division with the blocks in it.

        Blocks of the body outside any division form a section of their own.
        """
        sections: list[Section] = []

        def add(section_id: str | None, blocks: list[Block]) -> None:
            if blocks:
                heading = blocks[0] if blocks[0].kind is BlockKind.HEADING else None
                sections.append(Section(section_id, heading, tuple(blocks), len(sections) + 1))

        def visit(nodes: Iterable[Node], section_id: str | None) -> None:
            loose: list[Block] = []
            for node in nodes:
                if isinstance(node, Block):
                    loose.append(node)
                elif node.tag in DIVISION_TAGS:
                    add(section_id, loose)
                    loose = []
                    visit(node.children, node.id)
                else:
                    loose.extend(node.blocks())
            add(section_id, loose)

        visit(self.body, None)
        return sections


def _iter_blocks(nodes: Iterable[Node]) -> Iterator[Block]:
    for node in nodes:
        if isinstance(node, Block):
            yield node
        else:
            yield from node.blocks()


def map_nodes(
    nodes: tuple[Node, ...],
    on_block: Callable[[Block], Block],
    on_container: Callable[[Container], Container] = lambda c: c,
) -> tuple[Node, ...]:
    """Give *nodes* with every block passed through *on_block* and every
    container through *on_container*, in document order (a container before
    what it holds), so that stateful callbacks see nodes in reading order."""
    result: list[Node] = []
    for node in nodes:
        if isinstance(node, Block):
            result.append(on_block(node))
        else:
            container = on_container(node)
            children = map_nodes(container.children, on_block, on_container)
            result.append(replace(container, children=children))
    return tuple(result)


def map_document(
    document: Document,
    on_block: Callable[[Block], Block],
    on_container: Callable[[Container], Container] = lambda c: c,
) -> Document:
    """Give *document* with every block and container of front, body and back
    mapped as :func:`map_nodes` does, and each block's section brought up to date."""
    return replace(
        document,
        front=with_sections(map_nodes(document.front, on_block, on_container)),
        body=with_sections(map_nodes(document.body, on_block, on_container)),
        back=with_sections(map_nodes(document.back, on_block, on_container)),
    )


def with_sections(nodes: tuple[Node, ...], section: str | None = None) -> tuple[Node, ...]:
    """Give *nodes* with each block's ``section`` set to the ID of the innermost
    division around it (divisions without an ID leave the outer one in force)."""
    result: list[Node] = []
    for node in nodes:
        if isinstance(node, Block):
            result.append(node if node.section == section else replace(node, section=section))
        else:
            inner = node.id if node.tag in DIVISION_TAGS and node.id is not None else section
            result.append(replace(node, children=with_sections(node.children, inner)))
    return tuple(result)
