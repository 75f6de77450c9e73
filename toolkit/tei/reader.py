"""Read TEI P5 into the model."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from toolkit.errors import StructureError
from toolkit.model import (
    DIVISION_TAGS,
    Attributes,
    Block,
    BlockKind,
    Container,
    Document,
    Element,
    Inline,
    Metadata,
    Node,
    Revision,
    normalize_space,
)
from toolkit.tei.vocabulary import (
    BLOCK_KINDS,
    STRUCTURAL_TAGS,
    TEI_NS,
    XML_ID,
    XML_LANG,
    XML_NS,
    tei,
)
from toolkit.tei.xmlio import parse_xml, parse_xml_file

# Children that make an element from BLOCK_KINDS a container of blocks instead
# of a block (an item made of paragraphs, a quotation made of verse lines).
_SUBBLOCK_TAGS = frozenset(
    {"p", "ab", "l", "lg", "head", "item", "sp", "table", "floatingText", "titlePart",
     "list", "quote", "figure", "opener", "closer"}
    | DIVISION_TAGS
)
# ... but lists and quotations inside a paragraph are part of its running text.
_INLINE_IN = {
    "p": frozenset({"list", "quote", "figure"}),
    "ab": frozenset({"list", "quote"}),
    "cit": frozenset({"quote"}),
}

RETIRED_LIST_TYPE = "retired-ids"


def read_tei(path: str | Path) -> Document:
    """Give the document in the TEI file *path*."""
    return tree_to_document(parse_xml_file(path), str(path))


def parse_tei(data: bytes, path: str | Path | None = None) -> Document:
    """Give the document in the TEI bytes *data* (*path* names it in messages)."""
    name = None if path is None else str(path)
    return tree_to_document(parse_xml(data, name), name)


def tree_to_document(tree: etree._ElementTree, path: str | None) -> Document:
    """Give the document in the parsed TEI *tree*."""
    root = tree.getroot()
    if root.tag != tei("TEI"):
        found = _name(root.tag)
        hint = (
            " (TEI P5 elements are in the namespace http://www.tei-c.org/ns/1.0)"
            if etree.QName(root).localname in ("TEI", "TEI.2")
            else ""
        )
        raise StructureError(f"not a TEI P5 document: the root element is <{found}>{hint}",
                             path, root.sourceline)
    header_el = root.find(tei("teiHeader"))
    text_el = root.find(tei("text"))
    if text_el is None:
        raise StructureError("the TEI document has no <text>", path, root.sourceline)
    if text_el.find(tei("group")) is not None:
        raise StructureError("<group> of texts is not supported: give each text its own file",
                             path, text_el.find(tei("group")).sourceline)
    language = (
        root.get(XML_LANG) or text_el.get(XML_LANG) or _header_language(header_el) or "und"
    )
    header, revisions = _read_header(header_el)
    parts: dict[str, tuple[Node, ...]] = {}
    for part in ("front", "body", "back"):
        part_el = text_el.find(tei(part))
        if part_el is not None:
            lang = part_el.get(XML_LANG) or text_el.get(XML_LANG) or language
            parts[part] = tuple(_nodes(part_el, None, lang))
    if not parts:
        # Some real documents put their blocks straight into <text> (the Frankenstein
        # Variorum flattens its divisions so): read them as the body.
        parts["body"] = tuple(_nodes(text_el, None, text_el.get(XML_LANG) or language))
    extras = tuple(
        _element(child)
        for child in root
        if isinstance(child.tag, str) and child.tag not in (tei("teiHeader"), tei("text"))
    )
    return Document(
        metadata=_metadata(header, language),
        front=parts.get("front", ()),
        body=parts.get("body", ()),
        back=parts.get("back", ()),
        revisions=revisions,
        header=header,
        extras=extras,
        attrs=_attributes(root, skip=(XML_LANG,)),
        text_attrs=_attributes(text_el, skip=(XML_LANG,)),
        path=path,
    )


_NAMES: dict[str, str] = {}


def _name(tag: str) -> str:
    """The model's name for an element or attribute: plain in the TEI (or no)
    namespace for attributes, ``xml:`` for the XML namespace, Clark otherwise."""
    name = _NAMES.get(tag)
    if name is None:
        if tag.startswith(f"{{{TEI_NS}}}"):
            name = tag[len(TEI_NS) + 2 :]
        elif tag.startswith(f"{{{XML_NS}}}"):
            name = "xml:" + tag[len(XML_NS) + 2 :]
        else:
            name = tag
        if len(_NAMES) < 4096:
            _NAMES[tag] = name
    return name


def _element_name(tag: str) -> str:
    name = _name(tag)
    # An element in no namespace is written {}name so that it cannot be taken for a TEI one.
    return name if name.startswith("{") or tag.startswith("{") else "{}" + name


def _attributes(el: etree._Element, skip: tuple[str, ...] = (XML_ID, XML_LANG)) -> Attributes:
    items = el.items()
    if not items:
        return ()
    return tuple([(_name(key), value) for key, value in items if key not in skip])


_TEI_PREFIX = f"{{{TEI_NS}}}"


def _is_tei(el: etree._Element) -> bool:
    tag = el.tag
    return isinstance(tag, str) and tag.startswith(_TEI_PREFIX)


def _local(el: etree._Element) -> str:
    tag = el.tag
    return tag[len(_TEI_PREFIX) :] if isinstance(tag, str) and tag.startswith(_TEI_PREFIX) else ""


def _has_direct_text(el: etree._Element) -> bool:
    if el.text and el.text.strip():
        return True
    return any(child.tail and child.tail.strip() for child in el)


def _has_any_text(el: etree._Element) -> bool:
    return any(t.strip() for t in el.itertext())


def _is_block(el: etree._Element) -> bool:
    tag = _local(el)
    if not _is_tei(el):
        return _has_any_text(el)
    if _has_direct_text(el):
        return True
    children = [c for c in el if _is_tei(c)]
    if tag in BLOCK_KINDS:
        allowed = _INLINE_IN.get(tag, frozenset())
        return not any(_local(c) in _SUBBLOCK_TAGS - allowed for c in children)
    if any(_local(c) in BLOCK_KINDS or _local(c) in STRUCTURAL_TAGS for c in children):
        return False
    return tag not in STRUCTURAL_TAGS and _has_any_text(el)


def _nodes(parent: etree._Element, section: str | None, lang: str) -> Iterator[Node]:
    children = [c for c in parent if isinstance(c.tag, str)]
    label: str | None = None
    for index, child in enumerate(children):
        if _local(parent) == "list" and _local(child) == "label" and _is_plain_label(child):
            following = children[index + 1] if index + 1 < len(children) else None
            if following is not None and _local(following) == "item":
                label = normalize_space(child.text or "")
                continue
        yield _node(child, section, lang, label)
        label = None


def _is_plain_label(el: etree._Element) -> bool:
    return not el.attrib and len(el) == 0 and bool((el.text or "").strip())


def _node(el: etree._Element, section: str | None, lang: str, label: str | None) -> Node:
    own_lang = el.get(XML_LANG) or lang
    element_id = el.get(XML_ID)
    if _is_block(el):
        tag = _local(el)
        return Block(
            kind=BLOCK_KINDS.get(tag, BlockKind.OTHER),
            content=_content(el),
            id=element_id,
            section=section,
            lang=own_lang,
            label=label,
            tag=tag or _element_name(el.tag),
            attrs=_attributes(el),
            line=el.sourceline,
        )
    tag = _local(el) or _element_name(el.tag)
    inner = element_id if tag in DIVISION_TAGS and element_id else section
    return Container(
        tag=tag,
        children=tuple(_nodes(el, inner, own_lang)),
        id=element_id,
        lang=own_lang,
        attrs=_attributes(el),
        line=el.sourceline,
    )


def _content(el: etree._Element) -> tuple[Inline, ...]:
    """The inline content of *el*: its text, child elements and their tails.
    Comments and processing instructions are left out; their tails are kept."""
    content: list[Inline] = []

    def add(text: str | None) -> None:
        if text:
            if content and isinstance(content[-1], str):
                content[-1] += text
            else:
                content.append(text)

    add(el.text)
    for child in el:
        if isinstance(child.tag, str):
            content.append(_element(child))
        add(child.tail)
    return tuple(content)


def _element(el: etree._Element) -> Element:
    return Element(_element_name(el.tag), _attributes(el, skip=()), _content(el))


def _read_header(header_el: etree._Element | None) -> tuple[Element | None, tuple[Revision, ...]]:
    if header_el is None:
        return None, ()
    revisions: tuple[Revision, ...] = ()
    revision_el = header_el.find(tei("revisionDesc"))
    if revision_el is not None:
        revisions = tuple(_revision(change) for change in revision_el.iter(tei("change")))
        header_el = _without(header_el, revision_el)
    return _element(header_el), revisions


def _without(parent: etree._Element, child: etree._Element) -> etree._Element:
    """A copy of *parent* without *child* (and the whitespace that preceded it)."""
    copy = etree.fromstring(etree.tostring(parent))
    index = list(parent).index(child)
    doomed = copy[index]
    previous = doomed.getprevious()
    if previous is not None:
        previous.tail = doomed.tail
    else:
        copy.text = doomed.tail
    copy.remove(doomed)
    return copy


def _revision(change: etree._Element) -> Revision:
    retired: list[str] = []
    description: list[str] = []

    def visit(el: etree._Element) -> None:
        description.append(el.text or "")
        for child in el:
            if child.tag == tei("list") and child.get("type") == RETIRED_LIST_TYPE:
                retired.extend(
                    normalize_space(ident.text or "") for ident in child.iter(tei("ident"))
                )
            elif isinstance(child.tag, str):
                visit(child)
            description.append(child.tail or "")

    visit(change)
    return Revision(
        description=normalize_space("".join(description)),
        when=change.get("when"),
        who=change.get("who"),
        retired=tuple(i for i in retired if i),
        markup=_element(change),
    )


def _header_language(header_el: etree._Element | None) -> str | None:
    if header_el is None:
        return None
    language = header_el.find(f"{tei('profileDesc')}/{tei('langUsage')}/{tei('language')}")
    return None if language is None else language.get("ident")


def _metadata(header: Element | None, language: str) -> Metadata:
    if header is None:
        return Metadata(language=language)

    def first(*path: str) -> Element | None:
        found: Element | None = header
        for tag in path:
            found = None if found is None else found.find(tag)
        return found

    title_stmt = first("fileDesc", "titleStmt")
    title: str | None = None
    author: str | None = None
    if title_stmt is not None:
        titles = [t for t in title_stmt.elements() if t.tag == "title"]
        main = next((t for t in titles if t.get("type") in (None, "main")), None)
        title = normalize_space(main.all_text) if main is not None else None
        author_el = title_stmt.find("author")
        author = normalize_space(author_el.all_text) if author_el is not None else None
    source_el = first("fileDesc", "sourceDesc")
    date_el = first("fileDesc", "publicationStmt", "date")
    return Metadata(
        title=title or "Untitled",
        language=language,
        author=author or None,
        source=normalize_space(source_el.all_text) or None if source_el is not None else None,
        date=(date_el.get("when") or normalize_space(date_el.all_text) or None)
        if date_el is not None
        else None,
    )
