"""Plain-text editions: read into the model, write from it.

The conventions are those of texts as they are received:

- blocks are separated by blank lines; the lines of one block are joined,
  so hard-wrapped paragraphs read as one paragraph;
- two or more blank lines in a row mark a break between sections;
- the first block, when it is one short line, is the title;
- a short line standing alone, without the punctuation that ends a sentence,
  is a heading, and starts a new section;
- a block whose lines all start with a number and a bracket or full stop
  ("1)", "2.", "(3)") or a bullet ("-", "*", "•") is a list, one item per line;
- a block that is one quotation, from its opening quotation mark to its
  closing one, perhaps followed by a citation in brackets, is a block
  quotation.

Writing follows the same conventions, so that reading what was written gives
the same blocks back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from toolkit.fileio import decode_utf8, read_bytes, refuse_control_characters
from toolkit.model import Block, BlockKind, Container, Document, Element, Metadata, Node

_BULLETS = "-*•–"
_LIST_ITEM = re.compile(r"^(?P<label>\(?\d{1,3}[.)]|\(?[a-z][.)]|[-*•–])[ \t]+(?P<text>\S.*)$")
_SENTENCE_END = re.compile(r"""[.,;:!?…]["'’”»)\]]*$""")
_OPENING_QUOTES = "\"'“‘«„"
_CLOSING_QUOTES = "\"'”’»“"
# A quotation followed by its citation: "…" (Source, p. 1.)
_CITATION = re.compile(r"^(?P<quote>.*[" + re.escape(_CLOSING_QUOTES) + r"][.,;!?]?)"
                       r"[ \t]+(?P<bibl>\([^()]*(?:\([^()]*\)[^()]*)*\))$", re.S)

MAX_HEADING_WORDS = 12
MAX_HEADING_CHARS = 100


@dataclass(frozen=True)
class _Chunk:
    lines: tuple[str, ...]
    line: int
    blank_lines_before: int


def read_plain_text(path: str | Path, language: str = "und") -> Document:
    """Give the edition in the UTF-8 plain-text file *path*."""
    return parse_plain_text(decode_utf8(read_bytes(path), path), language, str(path))


def parse_plain_text(text: str, language: str = "und", path: str | None = None) -> Document:
    """Give the edition in plain *text*, its blocks recognised as the module says.

    >>> document = parse_plain_text("A title\\n\\nA paragraph.\\n\\n1) one\\n2) two")
    >>> [(block.kind.value, block.label, block.text) for block in document.blocks]
    [('title', None, 'A title'), ('paragraph', None, 'A paragraph.'), ('item', '1)', 'one'), ('item', '2)', 'two')]
    """
    refuse_control_characters(text, path)
    chunks = _chunks(text)
    front: list[Node] = []
    title_block: Block | None = None
    if chunks and len(chunks[0].lines) == 1 and _is_heading(chunks[0].lines[0]):
        title_block = _block(BlockKind.TITLE, chunks.pop(0), language)
        front.append(
            Container(
                "titlePage",
                (Container("docTitle", (title_block,), lang=language),),
                lang=language,
            )
        )
    sections: list[list[Node]] = []
    for chunk in chunks:
        heading = len(chunk.lines) == 1 and _is_heading(chunk.lines[0])
        if not sections or heading or chunk.blank_lines_before >= 2:
            sections.append([])
        sections[-1].append(_node(chunk, heading, language))
    body = tuple(
        Container("div", tuple(nodes), lang=language, attrs=(("type", "section"),))
        for nodes in sections
    )
    title_text = title_block.text if title_block is not None else "Untitled"
    return Document(
        metadata=Metadata(title=title_text, language=language),
        front=tuple(front),
        body=body,
        path=path,
    )


def _chunks(text: str) -> list[_Chunk]:
    chunks: list[_Chunk] = []
    current: list[str] = []
    start = 0
    blanks = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if line.strip():
            if not current:
                start = number
            current.append(line.strip())
            continue
        if current:
            chunks.append(_Chunk(tuple(current), start, blanks))
            current, blanks = [], 0
        blanks += 1
    if current:
        chunks.append(_Chunk(tuple(current), start, blanks))
    return chunks


def _is_heading(line: str) -> bool:
    words = line.split()
    return (
        len(words) <= MAX_HEADING_WORDS
        and len(line) <= MAX_HEADING_CHARS
        and not _SENTENCE_END.search(line)
        and not line[0] in _OPENING_QUOTES
        and not _LIST_ITEM.match(line)
        and (line[0].isupper() or line[0].isdigit() or not line[0].isalpha())
    )


def _block(kind: BlockKind, chunk: _Chunk, language: str) -> Block:
    return Block(kind=kind, content=(" ".join(chunk.lines),), lang=language, line=chunk.line)


def _node(chunk: _Chunk, heading: bool, language: str) -> Node:
    if heading:
        return _block(BlockKind.HEADING, chunk, language)
    items = [match for match in map(_LIST_ITEM.match, chunk.lines) if match]
    if len(items) == len(chunk.lines):
        bulleted = items[0].group("label") in _BULLETS
        return Container(
            "list",
            tuple(
                Block(
                    kind=BlockKind.ITEM,
                    content=(match.group("text"),),
                    lang=language,
                    label=match.group("label"),
                    line=chunk.line + offset,
                )
                for offset, match in enumerate(items)
            ),
            lang=language,
            attrs=(("type", "bulleted" if bulleted else "ordered"),),
        )
    text = " ".join(chunk.lines)
    quotation = _quotation(text)
    if quotation is not None:
        return Block(kind=BlockKind.QUOTATION, content=quotation, lang=language, line=chunk.line)
    return Block(kind=BlockKind.PARAGRAPH, content=(text,), lang=language, line=chunk.line)


def _quotation(text: str) -> tuple[Element | str, ...] | None:
    """The content of a block quotation if *text* is one: the quotation, and its citation."""
    if not text or text[0] not in _OPENING_QUOTES:
        return None
    citation = _CITATION.match(text)
    quote, bibl = (citation.group("quote"), citation.group("bibl")) if citation else (text, None)
    if not _is_one_quotation(quote):
        return None
    content: list[Element | str] = [Element("quote", (), (quote,))]
    if bibl is not None:
        content += [" ", Element("bibl", (), (bibl,))]
    return tuple(content)


def _is_one_quotation(text: str) -> bool:
    """Whether *text* is a single quotation: it opens with a quotation mark and
    the mark that closes it is at the end (after it, at most a full stop)."""
    stripped = text.rstrip(".,;!?")
    if len(stripped) < 2 or stripped[-1] not in _CLOSING_QUOTES:
        return False
    opening = text[0]
    closing = {"“": "”", "‘": "’", "«": "»", "„": "“"}.get(opening, opening)
    # The opening mark must not be closed before the end: count straight quotes,
    # or balance typographic ones.
    if opening == closing:
        inner = stripped[1:-1]
        if opening == '"':
            return inner.count('"') % 2 == 0
        return True
    depth = 0
    for position, char in enumerate(stripped):
        if char == opening:
            depth += 1
        elif char == closing:
            depth -= 1
            if depth == 0 and position < len(stripped) - 1:
                return False
    return depth == 0


def plain_text(document: Document) -> str:
    """Give *document* as plain text, following the conventions this module reads.

    Blocks are separated by a blank line, items of one list stand on
    consecutive lines, and a section that does not open with a heading is
    marked by two blank lines.
    """
    out: list[str] = []
    for block in document.front_blocks():
        _emit(out, block.labelled_text, 1)
    for number, section in enumerate(document.sections()):
        first = True
        for block, grouped in _with_list_grouping(section.blocks, document):
            separation = 0 if grouped else 1
            if first and section.heading is None and number > 0:
                separation = 2
            _emit(out, block.labelled_text, separation)
            first = False
    for block in document.back_blocks():
        _emit(out, block.labelled_text, 1)
    return "\n".join(out) + "\n" if out else ""


def _emit(out: list[str], text: str, blank_lines: int) -> None:
    if out:
        out.extend([""] * blank_lines)
    out.append(text)


def _with_list_grouping(
    blocks: tuple[Block, ...], document: Document
) -> list[tuple[Block, bool]]:
    """Pair each block with whether it continues the list of the block before it."""
    result: list[tuple[Block, bool]] = []
    previous: Block | None = None
    for block in blocks:
        grouped = (
            previous is not None
            and previous.kind is BlockKind.ITEM
            and block.kind is BlockKind.ITEM
            and document.same_container(previous, block)
        )
        result.append((block, grouped))
        previous = block
    return result


def block_lines(document: Document) -> str:
    """Give one line per block, ``ID<TAB>text``, for scripts and grep.

    A block without an ID shows its 0-based position among the blocks instead.
    """
    return "".join(
        f"{block.id if block.id is not None else index}\t{block.labelled_text}\n"
        for index, block in enumerate(document.blocks)
    )
