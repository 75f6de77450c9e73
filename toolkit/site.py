"""The pages of the bilingual site as data: rows of cells, anchored by block ID.

Pure functions over the model, with no HTML in them: :mod:`toolkit.pages`
turns these into pages. A reading page has one cell per row; a bilingual page
two, the source and its translation (or two variant editions), side by side in
the same row, so that they stay aligned without any script.

Anchors come from stable IDs: the row of block ``rb-p042`` is ``#rb-p042``,
its cells ``#rb-p042-en`` and ``#rb-p042-es``; they survive rebuilds and
revisions of the text because the IDs do.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .diff import EditionDiff, Piece, block_names
from .languages import bcp47, direction
from .model import DIVISION_TAGS, Block, BlockKind, Container, Document, Element, Inline, Node


@dataclass(frozen=True)
class HtmlElement:
    """An inline element as it goes on a page: a tag from a fixed list, never from input."""

    tag: str
    attrs: tuple[tuple[str, str], ...] = ()
    children: tuple[HtmlInline, ...] = ()

    @property
    def void(self) -> bool:
        """Whether the element has no end tag (``br``)."""
        return self.tag == "br"


HtmlInline = str | HtmlElement


@dataclass(frozen=True)
class Part:
    """One block in a cell: its kind, label, content and language."""

    kind: BlockKind
    content: tuple[HtmlInline, ...]
    lang: str
    dir: str
    label: str | None = None
    heading_level: int = 2
    # The content as page markup, once rendered (:func:`toolkit.pages.prerender`), so that a
    # block shown on many pages is rendered once.
    html: str = field(default="", compare=False)


@dataclass(frozen=True)
class Cell:
    """What one edition has in a row: one block, several (an aligned group), or none."""

    anchor: str
    lang: str
    dir: str
    parts: tuple[Part, ...]
    # The block is not translated yet: the cell shows the source text, in the source's language.
    pending: bool = False
    column: str = "source"
    # For a variant edition: its text as word pieces against the other edition's.
    pieces: tuple[Piece, ...] | None = None

    @property
    def empty(self) -> bool:
        """Whether the edition has nothing in this row."""
        return not self.parts


@dataclass(frozen=True)
class Row:
    """One row of a page: a block (or aligned group) in each edition shown."""

    anchor: str
    number: str
    kind: BlockKind
    cells: tuple[Cell, ...]
    op: str | None = None


@dataclass(frozen=True)
class ContentsEntry:
    """A section heading in the table of contents, in each edition shown."""

    anchor: str
    titles: tuple[tuple[str, str, str], ...]  # (text, lang, dir) per edition
    level: int


# Anchors the page uses for itself, which no block may take.
PAGE_IDS = frozenset({
    "tk-main", "tk-text", "tk-about", "tk-about-title", "tk-view", "tk-view-both", "tk-view-source",
    "tk-view-translation", "tk-read-title", "tk-compare-title", "tk-editions-title",
})


class Anchors:
    """Hands out anchors unique on a page, the same across runs; *reserved* are the page's own."""

    def __init__(self, reserved: frozenset[str] = PAGE_IDS) -> None:
        self.taken: set[str] = set(reserved)

    def __call__(self, wanted: str) -> str:
        candidate, number = wanted, 1
        while candidate in self.taken:
            number += 1
            candidate = f"{wanted}-{number}"
        self.taken.add(candidate)
        return candidate


def block_labels(blocks: Sequence[Block]) -> list[str]:
    """Give the visible number of each block: its ID without the prefix all IDs share,
    so that a printed page can be cited by the same name as its anchor; a block
    without an ID gets its position.

    >>> block_labels([Block(BlockKind.PARAGRAPH, id="rb-p001"), Block(BlockKind.ITEM, id="rb-i002"),
    ...               Block(BlockKind.PARAGRAPH)])
    ['p001', 'i002', '3']
    """
    ids = [block.id for block in blocks if block.id]
    prefix = os.path.commonprefix(ids) if len(ids) > 1 else ""
    cut = max(prefix.rfind(mark) for mark in "-_.:") + 1 if prefix else 0
    return [block.id[cut:] if block.id else str(position) for position, block in enumerate(blocks, start=1)]


def block_anchor(block: Block, position: int) -> str:
    """The anchor a block wants: its ID, or ``b`` and its 1-based position."""
    return block.id or f"b{position}"


def heading_levels(document: Document) -> dict[int, int]:
    """Give, by position among the document's blocks, the HTML heading level of each
    title (1) and heading (2 and deeper, by how many divisions enclose it)."""
    levels: dict[int, int] = {}
    position = 0

    def visit(nodes: Iterable[Node], depth: int) -> None:
        nonlocal position
        for node in nodes:
            if isinstance(node, Block):
                if node.kind is BlockKind.TITLE:
                    levels[position] = 1
                elif node.kind is BlockKind.HEADING:
                    levels[position] = min(6, 1 + max(depth, 1))
                position += 1
            else:
                inner = depth + 1 if isinstance(node, Container) and node.tag in DIVISION_TAGS else depth
                visit(node.children, inner)

    visit(document.front + document.body + document.back, 0)
    return levels


# TEI elements shown as an HTML element of their own; anything else becomes a span.
_HTML_TAGS = {
    "title": "cite", "emph": "em", "foreign": "i", "term": "i", "mentioned": "i", "gloss": "span",
    "abbr": "abbr", "code": "code", "sub": "sub", "sup": "sup",
}
_RENDITIONS = {"italic": "i", "italics": "i", "bold": "b", "sup": "sup", "superscript": "sup",
               "sub": "sub", "subscript": "sub", "smallcaps": "span", "underline": "u"}
# Elements that are not part of the running text.
_LEFT_OUT = frozenset({"note", "del", "fw", "figDesc", "pb", "cb", "milestone", "anchor", "index"})
# The reading a reader is shown for a choice: the editor's correction, regularisation, expansion.
_SHOWN_READINGS = ("corr", "reg", "expan", "seg")
_SOURCE_READINGS = ("sic", "orig", "abbr")


def _safe_href(target: str) -> str | None:
    """Give *target* when it is a web address or a relative link, None for anything else
    (``javascript:``, ``data:``): a link on a page must not run code."""
    parts = urlsplit(target.strip())
    if parts.scheme in ("http", "https"):
        return target.strip()
    if not parts.scheme and not parts.netloc and not target.strip().startswith("//"):
        return target.strip() or None
    return None


def inline_html(content: Iterable[Inline], language: str) -> tuple[HtmlInline, ...]:
    """Give inline TEI *content* as page elements: titles as ``cite``, foreign words in
    ``i`` with their ``lang``, line breaks as ``br``, the editor's reading of each choice;
    notes and deletions left out. *language* is the language of the block, so that an
    element in another language gets ``lang`` (and ``dir`` when the direction changes).

    >>> inline_html(["See ", Element("title", (("level", "m"),), ("Capital",)), "."], "en")
    ('See ', HtmlElement(tag='cite', attrs=(), children=('Capital',)), '.')
    """
    result: list[HtmlInline] = []
    for item in content:
        if isinstance(item, str):
            if result and isinstance(result[-1], str):
                result[-1] += item
            else:
                result.append(item)
            continue
        converted = _element_html(item, language)
        if converted is not None:
            result.append(converted)
    return tuple(result)


def _element_html(element: Element, language: str) -> HtmlElement | None:
    tag = element.tag
    if tag in _LEFT_OUT:
        return None
    if tag == "lb":
        return HtmlElement("br")
    if tag == "gap":
        return HtmlElement("span", (("class", "gap"),), ("[…]",))
    if tag == "choice":
        options = {option.tag: option for option in element.elements()}
        shown = next((options[name] for name in _SHOWN_READINGS if name in options), None)
        if shown is None:
            shown = next(iter(options.values()), None)
        if shown is None:
            return None
        original = next((options[name] for name in _SOURCE_READINGS if name in options), None)
        attrs: list[tuple[str, str]] = [("class", "corr")]
        if original is not None and original is not shown:
            attrs.append(("title", f"As received: {original.all_text}"))
        return HtmlElement("span", tuple(attrs), inline_html(shown.children, language))
    lang = element.get("xml:lang")
    own_language = bcp47(lang) if lang else language
    attrs = []
    html_tag = _HTML_TAGS.get(tag, "span")
    if tag == "hi":
        html_tag = _RENDITIONS.get((element.get("rend") or "").strip().lower(), "em")
    elif tag == "ref" or tag == "ptr":
        href = _safe_href(element.get("target") or "")
        if href is not None:
            html_tag = "a"
            attrs.append(("href", href))
    if html_tag == "span":
        attrs.append(("class", tag))
    if lang:
        attrs.append(("lang", own_language))
        if direction(own_language) != direction(language):
            attrs.append(("dir", direction(own_language)))
    children = inline_html(element.children, own_language)
    return HtmlElement(html_tag, tuple(attrs), children)


def _part(block: Block, language: str, level: int) -> Part:
    lang = bcp47(block.lang or language)
    return Part(block.kind, inline_html(block.content, lang), lang, direction(lang), block.label, level)


def _pending(block: Block, source_language: str, target_language: str) -> bool:
    """Whether a block of a translated edition still stands in the source's language."""
    lang = bcp47(block.lang or target_language)
    return lang != bcp47(target_language) and lang == bcp47(source_language)


def block_parts(document: Document) -> list[Part]:
    """Give each block of *document* as it goes into a cell, in document order."""
    language = bcp47(document.metadata.language)
    levels = heading_levels(document)
    return [_part(block, language, levels.get(position, 2)) for position, block in enumerate(document.blocks)]


def reading_rows(document: Document, pending: Collection[str] = (), parts: Sequence[Part] | None = None) -> list[Row]:
    """Give one row per block of *document*, for its reading page; *pending* names the
    blocks of a translation not yet translated (shown in the source's language); *parts*
    are the blocks' :func:`block_parts`, where they are already made."""
    language = bcp47(document.metadata.language)
    blocks = document.blocks
    parts = block_parts(document) if parts is None else parts
    labels = block_labels(blocks)
    anchor = Anchors()
    rows: list[Row] = []
    for position, (block, label, part) in enumerate(zip(blocks, labels, parts)):
        row_anchor = anchor(block_anchor(block, position + 1))
        is_pending = block.id in pending if block.id else False
        cell = Cell(anchor(f"{row_anchor}-{language}"), part.lang, part.dir, (part,), is_pending, column="source")
        rows.append(Row(row_anchor, label, block.kind, (cell,)))
    return rows


class MismatchedEditions(ValueError):
    """A translated edition whose blocks are not those of the source."""


def bilingual_rows(
    source: Document,
    translation: Document,
    pending: Collection[str] | None = None,
    source_parts: Sequence[Part] | None = None,
    translation_parts: Sequence[Part] | None = None,
) -> list[Row]:
    """Give one row per block: the source's block beside the translation's, joined by ID.

    *translation* is an edition built from *source* (:func:`toolkit.build.build_translation`),
    with the same blocks in the same order. *pending* names the blocks not yet translated
    (the build's untranslated, fuzzy, stale and broken ones); without it, a block still in
    the source's language counts as pending. The parts are each edition's
    :func:`block_parts`, where they are already made.
    """
    source_language = bcp47(source.metadata.language)
    target_language = bcp47(translation.metadata.language)
    if len(source.blocks) != len(translation.blocks) or any(
        a.id != b.id for a, b in zip(source.blocks, translation.blocks)
    ):
        raise MismatchedEditions("the translated edition does not have the source's blocks")
    lefts = block_parts(source) if source_parts is None else source_parts
    rights = block_parts(translation) if translation_parts is None else translation_parts
    labels = block_labels(source.blocks)
    anchor = Anchors()
    rows: list[Row] = []
    for position, (original, translated, label, left, right) in enumerate(
        zip(source.blocks, translation.blocks, labels, lefts, rights)
    ):
        row_anchor = anchor(block_anchor(original, position + 1))
        if pending is None:
            is_pending = _pending(translated, source_language, target_language)
        else:
            is_pending = translated.id in pending
        rows.append(Row(row_anchor, label, original.kind, (
            Cell(anchor(f"{row_anchor}-{source_language}"), left.lang, left.dir, (left,), column="source"),
            Cell(anchor(f"{row_anchor}-{target_language}"), right.lang, right.dir, (right,), is_pending,
                 column="translation"),
        )))
    return rows


def variant_rows(diff: EditionDiff, first: Document, second: Document) -> list[Row]:
    """Give one row per entry of *diff*: what each variant edition has there, its words
    as pieces (deletions in the first edition's cell, insertions in the second's)."""
    languages = (bcp47(first.metadata.language), bcp47(second.metadata.language))
    by_name = [dict(zip(block_names(first), first.blocks)), dict(zip(block_names(second), second.blocks))]
    levels = [heading_levels(first), heading_levels(second)]
    positions = [{name: i for i, name in enumerate(block_names(first))},
                 {name: i for i, name in enumerate(block_names(second))}]
    prefix = _common_prefix(diff)
    anchor = Anchors()
    rows: list[Row] = []
    for entry in diff.blocks:
        side, name = (1, entry.b[0]) if entry.b else (0, entry.a[0])
        wanted = f"{'ab'[side]}{int(name) + 1}" if name.isdigit() else name
        row_anchor = anchor(wanted)
        cells = []
        kind = by_name[side][name].kind
        for column, (names, keep) in enumerate(((entry.a, "delete"), (entry.b, "insert"))):
            language = languages[column]
            parts = tuple(
                _part(by_name[column][n], language, levels[column].get(positions[column][n], 2)) for n in names
            )
            pieces = tuple(p for p in entry.pieces if p.op in ("equal", keep)) if names else None
            cells.append(Cell(anchor(f"{row_anchor}-{'ab'[column]}"), language, direction(language), parts,
                              column=("source", "translation")[column], pieces=pieces))
        rows.append(Row(row_anchor, wanted.removeprefix(prefix), kind, tuple(cells), entry.op))
    return rows


def _common_prefix(diff: EditionDiff) -> str:
    names = [name for entry in diff.blocks for name in entry.a + entry.b if not name.isdigit()]
    prefix = os.path.commonprefix(names) if len(names) > 1 else ""
    return prefix[: max(prefix.rfind(mark) for mark in "-_.:") + 1] if prefix else ""


def contents(rows: Sequence[Row]) -> list[ContentsEntry]:
    """Give the table of contents: the heading rows, with each edition's heading text."""
    entries: list[ContentsEntry] = []
    for row in rows:
        if row.kind is not BlockKind.HEADING:
            continue
        titles = tuple(
            (_plain(cell.parts[0].content), cell.lang, cell.dir) for cell in row.cells if cell.parts
        )
        entries.append(ContentsEntry(row.anchor, titles, row.cells[0].parts[0].heading_level if row.cells[0].parts else 2))
    return entries


def _plain(content: Iterable[HtmlInline]) -> str:
    return " ".join("".join(
        item if isinstance(item, str) else ("" if item.void else _plain(item.children)) for item in content
    ).split())


