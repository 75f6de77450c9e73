"""Write the model as TEI P5.

Structure (divisions, lists) is indented; the content of every block is
written exactly as it is in the model, one block per line, so that an edit
to one paragraph touches one line of the file.
"""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

from toolkit.model import (
    Attributes,
    Block,
    Document,
    Element,
    Inline,
    Metadata,
    Node,
    Revision,
)
from toolkit.tei.reader import RETIRED_LIST_TYPE
from toolkit.tei.vocabulary import DEFAULT_TAGS, TEI_NS, XML_ID, XML_LANG, XML_NS, tei

INDENT = "  "
XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>'
SCHEMA_MODEL = (
    'href="https://www.tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng" '
    'type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"'
)

ID_POLICY = (
    "Every block a translator translates (title, heading, paragraph, list item, block "
    "quotation) carries an xml:id made of the edition's prefix, a letter for the kind of "
    "block (t title, h heading, p paragraph, i list item, q quotation, l verse line, b other "
    "block, s section) and a number. Once published, an ID keeps its meaning for good: a "
    "block keeps its ID when it is edited or moved; when a block is split, one part keeps it; "
    "when blocks are merged, the result keeps one of their IDs. The IDs of deleted blocks are "
    "retired, listed in the revision description, and never handed out again."
)

LANGUAGE_NAMES = {
    "ar": "Arabic", "de": "German", "en": "English", "es": "Spanish", "fr": "French",
    "he": "Hebrew", "it": "Italian", "pt": "Portuguese", "ru": "Russian", "zh": "Chinese",
}


def tei_bytes(document: Document) -> bytes:
    """Give *document* as a TEI P5 file (UTF-8, with an XML declaration).

    The same document always gives the same bytes.
    """
    root = etree.Element(tei("TEI"), nsmap={None: TEI_NS})
    _set_attributes(root, document.attrs)
    if document.metadata.language != "und":
        root.set(XML_LANG, document.metadata.language)

    if document.header is not None:
        header = _to_lxml(document.header, TEI_NS)
        if not any(isinstance(child, str) for child in document.header.children):
            # A header built in code has no layout of its own: lay it out as ours.
            _indent(header, 2)
    else:
        header = _default_header(document.metadata)
        _indent(header, 2)
    if document.revisions:
        _append_indented(header, _revision_desc(document.revisions), 2)
    root.append(header)
    for extra in document.extras:
        root.append(_to_lxml(extra, TEI_NS))
    text = etree.SubElement(root, tei("text"))
    _set_attributes(text, document.text_attrs)
    language = document.metadata.language
    for part, nodes in (("front", document.front), ("body", document.body), ("back", document.back)):
        if nodes or part == "body":
            part_el = etree.SubElement(text, tei(part))
            _write_nodes(part_el, nodes, 3, language)
    _indent_children(text, 2)
    _indent_children(root, 1)
    # lxml cannot put a line break between top-level nodes: join them here.
    return b"\n".join(
        (
            XML_DECLARATION,
            etree.tostring(etree.ProcessingInstruction("xml-model", SCHEMA_MODEL)),
            etree.tostring(root, encoding="UTF-8"),
            b"",
        )
    )


def _write_nodes(parent: etree._Element, nodes: Iterable[Node], depth: int, lang: str) -> None:
    for node in nodes:
        if isinstance(node, Block):
            if node.label is not None:
                label = etree.SubElement(parent, tei("label"))
                label.text = node.label
            el = etree.SubElement(parent, _clark(node.tag or DEFAULT_TAGS[node.kind]))
            _identify(el, node.id, node.attrs, node.lang, lang)
            _fill(el, node.content, _namespace(el.tag))
        else:
            el = etree.SubElement(parent, _clark(node.tag))
            _identify(el, node.id, node.attrs, node.lang, lang)
            _write_nodes(el, node.children, depth + 1, node.lang or lang)
    _indent_children(parent, depth)


def _identify(
    el: etree._Element, node_id: str | None, attrs: Attributes, lang: str | None, inherited: str
) -> None:
    if node_id is not None:
        el.set(XML_ID, node_id)
    _set_attributes(el, attrs)
    if lang is not None and lang != inherited:
        el.set(XML_LANG, lang)


def _indent_children(parent: etree._Element, depth: int) -> None:
    """Put each child of *parent* on a line of its own, indented to *depth*."""
    children = list(parent)
    if not children:
        return
    parent.text = "\n" + INDENT * depth
    for child in children[:-1]:
        child.tail = "\n" + INDENT * depth
    children[-1].tail = "\n" + INDENT * (depth - 1)


def _clark(name: str) -> str:
    if name.startswith("{}"):
        return name[2:]
    if name.startswith("{"):
        return name
    if name.startswith("xml:"):
        return f"{{{XML_NS}}}{name[4:]}"
    return tei(name)


def _attribute_key(name: str) -> str:
    if name.startswith("xml:"):
        return f"{{{XML_NS}}}{name[4:]}"
    return name


def _set_attributes(el: etree._Element, attrs: Attributes) -> None:
    for key, value in attrs:
        el.set(_attribute_key(key), value)


def _namespace(tag: str) -> str | None:
    return tag[1:].split("}")[0] if tag.startswith("{") else None


def _fill(el: etree._Element, content: Iterable[Inline], namespace: str | None) -> None:
    """Write inline *content* into *el*, exactly as it stands."""
    last: etree._Element | None = None
    for item in content:
        if isinstance(item, str):
            if last is None:
                el.text = (el.text or "") + item
            else:
                last.tail = (last.tail or "") + item
        else:
            last = _make(el, item, namespace)


def _make(parent: etree._Element, element: Element, namespace: str | None) -> etree._Element:
    tag = _clark(element.tag)
    own = _namespace(tag)
    # A child from another namespace declares it as its default, as the source did.
    nsmap = {None: own} if own is not None and own != namespace else None
    el = etree.SubElement(parent, tag, nsmap=nsmap)
    _set_attributes(el, element.attrs)
    _fill(el, element.children, own)
    return el


def _to_lxml(element: Element, namespace: str | None) -> etree._Element:
    holder = etree.Element("holder")
    el = _make(holder, element, namespace)
    holder.remove(el)
    return el


def _revision_desc(revisions: tuple[Revision, ...]) -> etree._Element:
    desc = etree.Element(tei("revisionDesc"))
    for revision in revisions:
        if revision.markup is not None:
            desc.append(_to_lxml(revision.markup, TEI_NS))
            continue
        change = etree.SubElement(desc, tei("change"))
        if revision.when:
            change.set("when", revision.when)
        if revision.who:
            change.set("who", revision.who)
        change.text = revision.description
        if revision.retired:
            retired = etree.SubElement(change, tei("list"), type=RETIRED_LIST_TYPE)
            etree.SubElement(retired, tei("head")).text = "Retired IDs, never to be reused"
            for retired_id in revision.retired:
                ident = etree.SubElement(etree.SubElement(retired, tei("item")), tei("ident"))
                ident.text = retired_id
    return desc


def _append_indented(parent: etree._Element, child: etree._Element, depth: int) -> None:
    """Append *child* as the last child of *parent*, whose own layout is kept."""
    children = list(parent)
    if children:
        closing = children[-1].tail
        children[-1].tail = "\n" + INDENT * depth
        parent.append(child)
        child.tail = closing if closing is not None and not closing.strip() else "\n"
    else:
        parent.text = "\n" + INDENT * depth
        parent.append(child)
        child.tail = "\n" + INDENT * (depth - 1)
    _indent(child, depth + 1)


# Header elements whose content is elements only: safe to indent.
_ELEMENT_ONLY = frozenset(
    tei(tag)
    for tag in (
        "teiHeader", "fileDesc", "titleStmt", "publicationStmt", "sourceDesc", "encodingDesc",
        "projectDesc", "editorialDecl", "profileDesc", "langUsage", "revisionDesc",
        "availability", "editionStmt", "respStmt", "list", "correction", "normalization",
        "quotation", "segmentation", "interpretation", "punctuation", "hyphenation",
    )
)


def _indent(el: etree._Element, depth: int) -> None:
    """Indent the element-only parts of a header element built here."""
    if el.tag not in _ELEMENT_ONLY:
        return
    for child in el:
        _indent(child, depth + 1)
    _indent_children(el, depth)


def _default_header(metadata: Metadata) -> etree._Element:
    header = etree.Element(tei("teiHeader"))
    file_desc = etree.SubElement(header, tei("fileDesc"))
    title_stmt = etree.SubElement(file_desc, tei("titleStmt"))
    etree.SubElement(title_stmt, tei("title")).text = metadata.title
    if metadata.author:
        etree.SubElement(title_stmt, tei("author")).text = metadata.author
    publication = etree.SubElement(file_desc, tei("publicationStmt"))
    etree.SubElement(publication, tei("p")).text = "Unpublished: encoded with the toolkit."
    source = etree.SubElement(file_desc, tei("sourceDesc"))
    etree.SubElement(source, tei("p")).text = metadata.source or "Born digital."
    encoding = etree.SubElement(header, tei("encodingDesc"))
    project = etree.SubElement(encoding, tei("projectDesc"))
    etree.SubElement(project, tei("p")).text = ID_POLICY
    profile = etree.SubElement(header, tei("profileDesc"))
    usage = etree.SubElement(profile, tei("langUsage"))
    language = etree.SubElement(usage, tei("language"), ident=metadata.language)
    language.text = LANGUAGE_NAMES.get(metadata.language.split("-")[0], metadata.language)
    return header
