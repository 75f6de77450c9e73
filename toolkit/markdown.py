"""Markdown editions: read a translation published as Markdown into the model.

Parsed as CommonMark (with tables and strikethrough, as GitHub writes them) by
markdown-it-py, the only module that uses it. The blocks, in reading order:

- ATX (``## Heading``) and setext headings are headings; a level-1 heading
  that opens the document and is its only one is the title;
- paragraphs are paragraphs; their line breaks, soft or hard, are spaces;
  emphasis, links, code spans and inline HTML elements are kept as their
  text (the tags themselves are dropped);
- every list item is one item, labelled as printed ("1.", "3)", "-", "*"),
  its paragraphs joined; the items of a nested list follow it in the same
  list (see :mod:`toolkit.sectioning`);
- the paragraphs (and headings) of a block quotation are quotations;
- each non-empty table cell is a paragraph.

Left out, as not being running text of the work: fenced and indented code,
raw HTML blocks (a ``<div>`` holding text included: convert such a file to
HTML and read that instead), images (their alt text describes a picture),
link reference definitions, and YAML front matter (a ``---`` line opening the
file, not followed by a blank line, up to the next ``---`` or ``...`` line).

Headings outside lists and quotations, and thematic breaks, open sections as in
:mod:`toolkit.plaintext`. Every block is in *language*; its line is the line
of the source where it starts.
"""

from __future__ import annotations

from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from toolkit.fileio import decode_utf8, read_bytes, refuse_control_characters
from toolkit.model import Block, BlockKind, Document
from toolkit.sectioning import SECTION_BREAK, Context, Part, document, item_parts, list_container

_PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])

_FRONT_MATTER_ENDS = ("---", "...")


def read_markdown(path: str | Path, language: str = "und") -> Document:
    """Give the edition in the UTF-8 Markdown file *path*."""
    return parse_markdown(decode_utf8(read_bytes(path), path), language, str(path))


def parse_markdown(text: str, language: str = "und", path: str | None = None) -> Document:
    """Give the edition in Markdown *text*, its blocks read as the module says.

    >>> document = parse_markdown("# A title\\n\\nSome *words*.\\n\\n1. one\\n2. two\\n\\n> Quoted.")
    >>> [(block.kind.value, block.label, block.text) for block in document.blocks]
    [('title', None, 'A title'), ('paragraph', None, 'Some words.'), ('item', '1.', 'one'), ('item', '2.', 'two'), ('quotation', None, 'Quoted.')]
    """
    text = text.removeprefix("\ufeff")
    refuse_control_characters(text, path)
    parts, title = _read(_PARSER.parse(_blank_front_matter(text)), language)
    return document(parts, language, path, title=title)


def _blank_front_matter(text: str) -> str:
    """Give *text* with its YAML front matter, if any, made blank lines, so
    that the lines of what follows keep their numbers."""
    # Split at line feeds only, as the parser counts lines (str.splitlines
    # would also split at U+2028 and the like).
    lines = text.split("\n")
    if len(lines) < 3 or lines[0].rstrip() != "---" or not lines[1].strip():
        return text
    for end in range(1, len(lines)):
        if lines[end].rstrip() in _FRONT_MATTER_ENDS:
            return "\n" * (end + 1) + "\n".join(lines[end + 1 :])
    return text


def _read(tokens: list[Token], language: str) -> tuple[list[Part], Block | None]:
    """Give the parts of the token stream in reading order, and the heading
    that may be the title: the only level-1 heading, if there is one."""
    frames: list[list[Part]] = [[]]  # the top level, then each list and item being read
    lists: list[tuple[bool, int | None]] = []  # ordered?, line: of each open list
    contexts = [Context(language)]
    level_one: list[Block] = []
    pending: BlockKind | None = None  # what the next inline token is the text of
    pending_h1 = False
    for token in tokens:
        kind = token.type
        if kind == "heading_open":
            pending, pending_h1 = BlockKind.HEADING, token.tag == "h1"
        elif kind in ("paragraph_open", "th_open", "td_open"):
            pending, pending_h1 = BlockKind.PARAGRAPH, False
        elif kind == "inline" and pending is not None:
            block = contexts[-1].block(pending, _inline_text(token), _line(token))
            if block is not None:
                frames[-1].append(block)
                if pending_h1 and block.kind is BlockKind.HEADING:
                    level_one.append(block)
            pending = None
        elif kind in ("bullet_list_open", "ordered_list_open"):
            frames.append([])
            lists.append((kind == "ordered_list_open", _line(token)))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            ordered, line = lists.pop()
            container = list_container(frames.pop(), ordered, contexts[-1].lang, line)
            if container is not None:
                frames[-1].append(container)
        elif kind == "list_item_open":
            label = token.info + token.markup if lists[-1][0] else token.markup
            contexts.append(contexts[-1].in_item(label))
            frames.append([])
        elif kind == "list_item_close":
            contexts.pop()
            parts = item_parts(frames.pop())
            frames[-1].extend(parts)
        elif kind == "blockquote_open":
            contexts.append(contexts[-1].in_quotation())
        elif kind == "blockquote_close":
            contexts.pop()
        elif kind == "hr" and len(frames) == 1 and not contexts[-1].quoted:
            frames[0].append(SECTION_BREAK)
        # Code (fence, code_block) and raw HTML (html_block) are not prose: nothing to read.
    title = level_one[0] if len(level_one) == 1 else None
    return frames[0], title


def _inline_text(token: Token) -> str:
    """The text of an inline token: its words and code spans, breaks as spaces."""
    parts: list[str] = []
    for child in token.children or ():
        if child.type in ("text", "text_special", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "html_inline" and child.content[:3].lower() == "<br":
            parts.append(" ")  # a raw <br> still parts the words on either side
        # Images are left out: their alt text describes a picture, it is not running text.
    return "".join(parts)


def _line(token: Token) -> int | None:
    return token.map[0] + 1 if token.map else None
