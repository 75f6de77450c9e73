"""HTML editions: read a translation published as HTML (or XHTML) into the model.

(:mod:`toolkit.pages` writes HTML; this module reads it.) The page is parsed by
lxml, safely: nothing is fetched (a DOCTYPE's SYSTEM identifier is ignored),
no DTD is loaded and no entity the page declares is expanded, so only HTML's
own named character references (``&eacute;``) become characters; comments and
processing instructions are dropped. Well-formed XHTML (root ``html`` in the
XHTML namespace) is parsed as XML, so that ``<script/>`` or ``<a id="x"/>``
are empty elements; anything else by lxml's HTML parser, which mends tag soup
as browsers do.

**Encoding.** A byte-order mark wins; then the encoding of an XML declaration
(XHTML), then a declared charset (``<meta charset>`` or ``<meta
http-equiv="Content-Type" content="...; charset=...">``), with "iso-8859-1"
and "ascii" read as windows-1252, as browsers do. A page that declares nothing
must be UTF-8; any byte that cannot be decoded is an :class:`InputError` at its
line and column.

**What is read.** If the page marks its main content (``<main>``, or
``role="main"``), only that; else, if it has ``<article>`` elements, only
those; else the whole ``<body>``. Whatever is outside is site furniture. Inside
it, ``header``, ``footer`` and ``aside`` are read like any other text (an
article's header holds its title, a page made by pandoc its title block), but
never: ``nav`` (or ``role="navigation"``), ``script``, ``style``, ``template``,
``noscript``, ``svg``, ``math``, ``pre`` and its old kin (code, not prose),
embedded objects and media, form controls, ruby annotations (``rt``, ``rp``),
images (alt text describes a picture), and elements marked ``hidden``.

**Blocks**, in reading order, their text with whitespace normalised and inline
markup (emphasis, links, code, spans) kept as its text only:

- ``h1``-``h6`` are headings, one block each whatever they hold; a level-1
  heading that opens the text and is its only one is the title;
- every other block-level element (``p``, ``div``, ``section``, ``li``,
  ``dt``, ``dd``, ``td``, ``th``, ``figcaption``, ``address``...) gives a
  paragraph for each run of text standing directly in it, and the blocks of
  the block-level elements inside it, in order. So a ``td`` or ``dd`` of plain
  text is one paragraph, a ``div`` holding ``p`` s gives their paragraphs, and
  bare text in a ``div`` is a paragraph too; a run is also ended by two or more
  ``<br>`` in a row (sloppy HTML's paragraphs), while one ``<br>`` is a space;
- ``li``: one item, labelled as a browser prints it: "•" in a ``ul``; in an
  ``ol`` its number ("1.", or "a.", "iv." after ``type``), honouring
  ``start``, ``reversed`` and each item's ``value``. Its text is all its own
  text, bare or in ``p`` s, joined; the items of a nested list follow it in
  the same list, with their own labels (see :mod:`toolkit.sectioning`);
- ``blockquote``: its paragraphs (its ``p`` s, or its bare text) and headings
  are quotations;
- tables and definition lists are kept simple: each non-empty cell, term or
  definition is a paragraph.

``<hr>`` opens a new section, as does every heading outside lists and
quotations (see :mod:`toolkit.sectioning`). Each block's language is that of the nearest
``lang`` (or ``xml:lang``) attribute around it, else the ``<html lang>``,
else *language*; ``<html lang>`` is the document's language, and ``<title>``
its title. A block's line is the source line where its text starts.
"""

from __future__ import annotations

import codecs
from html.entities import html5
from pathlib import Path
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from toolkit.errors import InputError
from toolkit.fileio import decode, decode_utf8, read_bytes, refuse_control_characters
from toolkit.model import Block, BlockKind, Document, normalize_space
from toolkit.sectioning import SECTION_BREAK, Context, Part, document, item_parts, list_container

# lxml's elements carry no type information.
_Element = Any

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_LISTS = frozenset({"ul", "ol", "menu", "dir"})
# Elements that start a new block: text on either side of one is not one block.
_BLOCK_LEVEL = frozenset(
    {
        *_HEADINGS, *_LISTS, "p", "li", "dl", "dt", "dd", "div", "section", "article", "main",
        "header", "footer", "aside", "nav", "blockquote", "figure", "figcaption", "table",
        "caption", "thead", "tbody", "tfoot", "tr", "td", "th", "address", "details", "summary",
        "form", "fieldset", "legend", "hgroup", "center", "search", "dialog", "hr", "pre",
        "listing", "xmp", "plaintext", "body", "html", "noscript", "template", "iframe",
        "video", "audio", "canvas", "object", "math", "svg",
    }
)
# Elements whose content is never text of the work.
_SKIPPED = frozenset(
    {
        "head", "script", "style", "template", "noscript", "nav", "svg", "math", "pre",
        "listing", "xmp", "plaintext", "iframe", "object", "embed", "canvas", "audio",
        "video", "picture", "img", "map", "input", "button", "select", "textarea",
        "datalist", "rt", "rp", "dialog",
    }
)

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Charset labels that browsers read as another encoding (the WHATWG Encoding standard):
# pages labelled Latin-1 or ASCII are windows-1252, and a UTF-16 label on a page
# that has no UTF-16 byte-order mark cannot be true, since the label itself was
# readable as ASCII.
_AS_BROWSERS_READ = {"iso8859-1": "cp1252", "ascii": "cp1252", "utf-16": "utf-8",
                     "utf-16-le": "utf-8", "utf-16-be": "utf-8"}
XHTML_ROOT = "{http://www.w3.org/1999/xhtml}html"
_NO_CHARSET = "declare the charset, e.g. <meta charset=\"windows-1252\">, or convert the file to UTF-8"


def read_html(path: str | Path, language: str = "und") -> Document:
    """Give the edition in the HTML file *path*."""
    return parse_html(read_bytes(path), language, str(path))


def parse_html(data: bytes, language: str = "und", path: str | None = None) -> Document:
    """Give the edition in the HTML page *data*, its blocks read as the module says.

    >>> page = b'''<html lang="fr"><title>Essai</title><nav>Menu</nav>
    ... <h1>Un titre</h1><p>Un <em>paragraphe</em>.</p><ol start="3"><li>trois</li></ol>'''
    >>> document = parse_html(page)
    >>> document.metadata.title, document.metadata.language
    ('Essai', 'fr')
    >>> [(block.kind.value, block.label, block.text) for block in document.blocks]
    [('title', None, 'Un titre'), ('paragraph', None, 'Un paragraphe.'), ('item', '3.', 'trois')]
    """
    text = _decode(data, path)
    refuse_control_characters(text, path)
    root = _parse(text.encode("utf-8"), path) if text.strip() else None
    if root is None:  # nothing but blanks, comments and processing instructions
        return document((), language, path)
    lang = _own_lang(root) or language
    reader = _Reader()
    parts: list[Part] = []
    for content in _content_roots(root):
        context = Context(_inherited_lang(content) or lang)
        parts.extend(reader.parts(content, context, BlockKind.PARAGRAPH))
    title = reader.level_one[0] if len(reader.level_one) == 1 else None
    head = _child_named(root, "head")
    title_element = _child_named(head, "title") if head is not None else None
    title_text = normalize_space("".join(title_element.itertext())) if title_element is not None else ""
    return document(parts, lang, path, title=title, title_text=title_text or None)


def _parse(data: bytes, path: str | None) -> _Element | None:
    """The root element of the page in UTF-8 *data*: parsed as XML if it is
    well-formed XHTML (where ``<script/>`` is an empty element, not the start
    of one that runs to the end of the page), else by the HTML parser."""
    # Both parsers are told the encoding, so that neither an XML declaration
    # nor a <meta charset> can make them decode the text again.
    xml_parser = etree.XMLParser(
        encoding="utf-8", resolve_entities=False, no_network=True, load_dtd=False,
        huge_tree=False, remove_comments=True, remove_pis=True,
    )
    try:
        root = etree.fromstring(data, xml_parser, base_url=path)
    except etree.XMLSyntaxError:
        root = None
    if root is not None and root.tag == XHTML_ROOT:
        return root
    html_parser = lxml_html.HTMLParser(
        encoding="utf-8", no_network=True, remove_comments=True, remove_pis=True,
        default_doctype=False, huge_tree=False,
    )
    try:
        return etree.fromstring(data, html_parser, base_url=path)
    except (etree.ParserError, etree.XMLSyntaxError) as error:
        raise InputError(f"cannot read as HTML: {error}", path) from None


def _decode(data: bytes, path: str | None) -> str:
    """The text of the page, decoded as the module says."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return decode(data[len(bom):], encoding, path,
                          f"not {encoding} as its byte-order mark says: {{byte}} cannot be decoded")
    declared = _xml_declared_encoding(data) or _meta_charset(data)
    if declared is None:
        return decode_utf8(data, path, _NO_CHARSET)
    label, line = declared
    try:
        encoding = codecs.lookup(label).name
    except LookupError:
        raise InputError(
            f"unknown charset {label!r} declared: declare one Python knows "
            "(utf-8, windows-1252, iso-8859-15...) or convert the file to UTF-8",
            path, line,
        ) from None
    encoding = _AS_BROWSERS_READ.get(encoding, encoding)
    return decode(data, encoding, path,
                  f"not {label} as declared: {{byte}} cannot be decoded "
                  "(correct the declared charset, or convert the file to UTF-8)")


def _xml_declared_encoding(data: bytes) -> tuple[str, int] | None:
    """The encoding an XML declaration at the start of *data* names, and its line."""
    if not data.startswith(b"<?xml"):
        return None
    end = data.find(b"?>", 0, 1024)
    declaration = data[: end + 2] if end >= 0 else b""
    if b"encoding" not in declaration:
        return None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        # The declaration alone, on an empty element: docinfo reads it for us.
        tree = etree.fromstring(declaration + b"<x/>", parser).getroottree()
    except etree.XMLSyntaxError:
        return None
    encoding = tree.docinfo.encoding
    return (encoding, 1) if encoding else None


def _meta_charset(data: bytes) -> tuple[str, int] | None:
    """The charset a ``<meta>`` of the page declares, and its line."""
    # Parsed as Latin-1, in which every byte is a character: ASCII markup reads
    # the same in any encoding a charset can be declared in.
    parser = lxml_html.HTMLParser(
        encoding="iso-8859-1", no_network=True, remove_comments=True, remove_pis=True,
        default_doctype=False,
    )
    try:
        root = etree.fromstring(data, parser)
    except (etree.ParserError, etree.XMLSyntaxError):
        return None
    if root is None:
        return None
    for meta in root.iter("meta"):
        charset = (meta.get("charset") or "").strip()
        if not charset and (meta.get("http-equiv") or "").strip().lower() == "content-type":
            charset = _content_type_charset(meta.get("content") or "")
        if charset:
            return charset, meta.sourceline
    return None


def _content_type_charset(content: str) -> str:
    """The charset of a Content-Type value.

    >>> _content_type_charset('text/html; charset="Windows-1252"')
    'Windows-1252'
    """
    for parameter in content.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip("\"'").strip()
    return ""


def _content_roots(root: _Element) -> list[_Element]:
    """The elements whose text is the work: ``main``, else the articles, else the body."""
    body = _child_named(root, "body")
    if body is None:
        body = root
    for candidates in (
        [el for el in body.iter() if _tag(el) == "main" or el.get("role") == "main"],
        [el for el in body.iter() if _tag(el) == "article"],
    ):
        visible = [el for el in candidates if not _hidden(el)]
        outermost = [el for el in visible if not any(a in visible for a in el.iterancestors())]
        if outermost:
            return outermost
    return [body]


class _Run:
    """A run of text standing directly in one block-level element, read into a block."""

    def __init__(self, kind: BlockKind, context: Context, parts: list[Part], split: bool) -> None:
        self.kind = kind
        self.context = context
        self.parts = parts
        self.split = split  # whether two <br> in a row end the block
        self.pieces: list[str] = []
        self.line: int | None = None
        self.breaks = 0

    def add(self, text: str | None, line: int | None) -> None:
        if not text:
            return
        if text.strip():
            if self.split and self.breaks >= 2:
                self.flush()
            self.breaks = 0
            if self.line is None and line is not None:
                self.line = line + text[: len(text) - len(text.lstrip())].count("\n")
        self.pieces.append(text)

    def line_break(self) -> None:
        self.breaks += 1
        self.pieces.append(" ")

    def flush(self) -> Block | None:
        block = self.context.block(self.kind, "".join(self.pieces), self.line)
        if block is not None:
            self.parts.append(block)
        self.pieces, self.line, self.breaks = [], None, 0
        return block


class _Reader:
    """Reads blocks from elements, remembering the level-1 headings."""

    def __init__(self) -> None:
        self.level_one: list[Block] = []

    def parts(self, el: _Element, context: Context, kind: BlockKind) -> list[Part]:
        """The parts of *el*'s content: its runs of text as blocks of *kind*,
        and the parts of the block-level elements inside it."""
        parts: list[Part] = []
        heading = kind is BlockKind.HEADING
        run = _Run(kind, context, parts, split=not heading)
        self._walk(el, context, run, flatten=heading)
        block = run.flush()
        if block is not None and _tag(el) == "h1" and block.kind is BlockKind.HEADING:
            self.level_one.append(block)
        return parts

    def _walk(self, el: _Element, context: Context, run: _Run, flatten: bool) -> None:
        """Add *el*'s text, and that of its inline children, to *run*; the
        block-level children end the run and add their own parts (unless
        *flatten*: a heading is one block, whatever it holds)."""
        run.add(el.text, el.sourceline)
        for child in el:
            self._child(child, context, run, flatten)

    def _child(self, child: _Element, context: Context, run: _Run, flatten: bool) -> None:
        tag = _tag(child)
        if tag is None:
            if child.tag is etree.Entity:
                run.add(_entity_text(child), child.sourceline)
        elif tag in _SKIPPED or _hidden(child) or child.get("role") == "navigation":
            if tag in _BLOCK_LEVEL and not flatten:
                run.flush()
        elif tag == "br":
            run.line_break()
        elif tag in _BLOCK_LEVEL and not flatten:
            run.flush()
            run.parts.extend(self._block_level(child, context.with_lang(_own_lang(child))))
        else:
            self._walk(child, context.with_lang(_own_lang(child)), run, flatten)
        _add_tail(run, child)

    def _block_level(self, el: _Element, context: Context) -> list[Part]:
        tag = _tag(el)
        if tag in _HEADINGS:
            return self.parts(el, context, BlockKind.HEADING)
        if tag in _LISTS:
            return self._list(el, context)
        if tag == "li":  # an item that is no list's child: printed with a bullet
            return item_parts(self.parts(el, context.in_item("•"), BlockKind.PARAGRAPH))
        if tag == "blockquote":
            return self.parts(el, context.in_quotation(), BlockKind.PARAGRAPH)
        if tag == "hr":
            return [] if context.quoted or context.labels else [SECTION_BREAK]
        return self.parts(el, context, BlockKind.PARAGRAPH)

    def _list(self, el: _Element, context: Context) -> list[Part]:
        labels = _ordinal_labels(el) if _tag(el) == "ol" else {}
        context = context.in_list()
        parts: list[Part] = []
        run = _Run(BlockKind.PARAGRAPH, context, parts, split=True)  # stray text in the list
        run.add(el.text, el.sourceline)
        for child in el:
            if _tag(child) == "li" and not _hidden(child):
                run.flush()
                item_context = context.with_lang(_own_lang(child)).in_item(labels.get(child, "•"))
                parts.extend(item_parts(self.parts(child, item_context, BlockKind.PARAGRAPH)))
                _add_tail(run, child)
            else:
                self._child(child, context, run, flatten=False)
        run.flush()
        container = list_container(parts, _tag(el) == "ol", context.lang, el.sourceline)
        return [container] if container is not None else []


def _add_tail(run: _Run, el: _Element) -> None:
    """Add the text after *el* to *run*, finding its line only when it is needed."""
    tail = el.tail
    run.add(tail, _end_line(el) if tail and tail.strip() and run.line is None else None)


def _ordinal_labels(ol: _Element) -> dict[_Element, str]:
    """The label of each item of an ordered list, as a browser numbers it."""
    items = [child for child in ol if _tag(child) == "li"]
    backwards = ol.get("reversed") is not None
    number = _integer(ol.get("start"))
    if number is None:
        number = len(items) if backwards else 1
    style = ol.get("type") or "1"
    labels: dict[_Element, str] = {}
    for item in items:
        value = _integer(item.get("value"))
        if value is not None:
            number = value
        labels[item] = f"{_numeral(number, style)}."
        number += -1 if backwards else 1
    return labels


def _integer(value: str | None) -> int | None:
    try:
        return int(value.strip()) if value is not None else None
    except ValueError:
        return None


def _numeral(number: int, style: str) -> str:
    """*number* written in the list style *style* (``1``, ``a``, ``A``, ``i``, ``I``).

    >>> [_numeral(n, s) for n, s in ((4, "1"), (28, "a"), (2, "A"), (14, "i"), (1999, "I"), (0, "i"))]
    ['4', 'ab', 'B', 'xiv', 'MCMXCIX', '0']
    """
    if number <= 0 or style not in ("a", "A", "i", "I"):
        return str(number)
    if style in ("a", "A"):
        letters = ""
        while number > 0:
            number, rest = divmod(number - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters if style == "a" else letters.upper()
    roman = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"),
                           (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"),
                           (4, "iv"), (1, "i")):
        count, number = divmod(number, value)
        roman += letters * count
    return roman if style == "i" else roman.upper()


def _tag(el: _Element) -> str | None:
    """The element's name in lower case, or None for what is not an element."""
    tag = el.tag
    if not isinstance(tag, str):
        return None
    return tag.rpartition("}")[2].lower()


def _child_named(el: _Element, name: str) -> _Element | None:
    """The first child element of *el* called *name*, in any namespace."""
    return next((child for child in el if _tag(child) == name), None)


def _entity_text(entity: _Element) -> str:
    """The text of an entity reference that XHTML's parser left as it stood:
    an HTML character reference's character, else the reference as written
    (entities the page declares itself are never expanded)."""
    text: str = entity.text
    return html5.get(f"{entity.name};", text)


def _hidden(el: _Element) -> bool:
    return el.get("hidden") is not None


def _own_lang(el: _Element) -> str | None:
    """The language *el* declares, if it does ("und" for an empty ``lang``: unknown)."""
    lang = el.get("lang")
    if lang is None:
        lang = el.get("xml:lang")
    if lang is None:
        lang = el.get("{http://www.w3.org/XML/1998/namespace}lang")
    if lang is None:
        return None
    return lang.strip() or "und"


def _inherited_lang(el: _Element) -> str | None:
    """The language of the nearest element at or above *el* that declares one."""
    for candidate in (el, *el.iterancestors()):
        lang = _own_lang(candidate)
        if lang is not None:
            return lang
    return None


def _end_line(el: _Element) -> int | None:
    """The line where *el* ends, near enough: its start, and the lines of the text inside."""
    start: int | None = el.sourceline
    if start is None:
        return None
    inside: int = sum(text.count("\n") for text in el.itertext())
    return start + inside
