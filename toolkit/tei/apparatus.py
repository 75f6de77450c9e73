"""Write a comparison of editions as TEI: the witnesses in ``listWit``, and the differences as
a critical apparatus in parallel segmentation (``app`` with ``lem`` and ``rdg``).

Each entry of the comparison is one ``ab`` in reading order, typed by what became of
its blocks (same, changed, moved, split, merged, added, deleted) and named by them in
``@n``; the text both editions share stands as it is, and each difference is an
``app`` whose ``lem`` is the first edition's reading and whose ``rdg`` is the second's.
"""

from __future__ import annotations

import re

from lxml import etree

from toolkit.collate import Collation, CollatedBlock
from toolkit.diff import BlockDiff, EditionDiff
from toolkit.tei.vocabulary import TEI_NS, XML_ID, tei
from toolkit.tei.writer import SCHEMA_MODEL, XML_DECLARATION

# What may stand in an XML ID after its first letter, kept to ASCII: \w would let in
# characters such as ª and ² that XML names refuse.
_NOT_NAME = re.compile(r"[^A-Za-z0-9._-]")


def witness_ids(witnesses: tuple[str, ...]) -> list[str]:
    """Give an XML ID for each witness, from its name, unique among them.

    >>> witness_ids(("1818.xml", "1831.xml", "1831.xml"))
    ['w-1818.xml', 'w-1831.xml', 'w-1831.xml-2']
    """
    ids: list[str] = []
    for name in witnesses:
        base = "w-" + (_NOT_NAME.sub("-", name) or "witness")
        candidate, number = base, 1
        while candidate in ids:
            number += 1
            candidate = f"{base}-{number}"
        ids.append(candidate)
    return ids


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, tei(tag), **attributes)
    if text:
        element.text = text
    return element


def _append_text(parent: etree._Element, text: str) -> None:
    """Add *text* after the last child of *parent* (or as its text when it has none)."""
    if not text:
        return
    children = list(parent)
    if children:
        children[-1].tail = (children[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _entry(body: etree._Element, entry: BlockDiff, first: str, second: str) -> None:
    names = " ".join([*(f"A:{name}" for name in entry.a), *(f"B:{name}" for name in entry.b)])
    ab = _sub(body, "ab", type=entry.op, n=names)
    pieces = list(entry.pieces)
    index = 0
    while index < len(pieces):
        piece = pieces[index]
        if piece.op == "equal":
            _append_text(ab, piece.text)
            index += 1
            continue
        old = new = ""
        while index < len(pieces) and pieces[index].op != "equal":
            if pieces[index].op == "delete":
                old += pieces[index].text
            else:
                new += pieces[index].text
            index += 1
        app = _sub(ab, "app")
        _sub(app, "lem", old, wit=f"#{first}")
        _sub(app, "rdg", new, wit=f"#{second}")


def _lay_out(
    root: etree._Element,
    header: etree._Element,
    text: etree._Element,
    body: etree._Element,
    division: etree._Element,
) -> None:
    """Indent the structure, one entry to a line; never inside an entry, where
    whitespace is part of the text."""
    etree.indent(header, space="  ", level=1)
    root.text, header.tail, text.tail = "\n  ", "\n  ", "\n"
    text.text, body.tail = "\n    ", "\n  "
    body.text, division.tail = "\n      ", "\n    "
    division.text = "\n        "
    for entry in division:
        entry.tail = "\n        "
    if len(division):
        division[-1].tail = "\n      "


def _document(
    witnesses: tuple[str, ...], titles: tuple[str, ...] | None, summary: str
) -> tuple[etree._Element, etree._Element, etree._Element, etree._Element, etree._Element, list[str]]:
    """The TEI document around an apparatus: header with the witnesses, and an empty division."""
    identifiers = witness_ids(witnesses)
    root = etree.Element(tei("TEI"), nsmap={None: TEI_NS})
    header = _sub(root, "teiHeader")
    file_desc = _sub(header, "fileDesc")
    title_stmt = _sub(file_desc, "titleStmt")
    named = " and ".join([", ".join(witnesses[:-1]), witnesses[-1]]) if len(witnesses) > 1 else witnesses[0]
    _sub(title_stmt, "title", f"Comparison of {named}")
    publication = _sub(file_desc, "publicationStmt")
    _sub(publication, "p", "Made with toolkit diff.")
    source = _sub(file_desc, "sourceDesc")
    list_wit = _sub(source, "listWit")
    for identifier, name, title in zip(identifiers, witnesses, titles or witnesses):
        witness = _sub(list_wit, "witness", f"{name}: {title}" if title != name else name)
        witness.set(XML_ID, identifier)
    encoding = _sub(header, "encodingDesc")
    _sub(encoding, "variantEncoding", method="parallel-segmentation", location="internal")
    _sub(_sub(encoding, "projectDesc"), "p", summary)
    text = _sub(root, "text")
    body = _sub(text, "body")
    division = _sub(body, "div", type="comparison")
    return root, header, text, body, division, identifiers


def _serialise(root: etree._Element) -> bytes:
    return b"\n".join(
        (
            XML_DECLARATION,
            etree.tostring(etree.ProcessingInstruction("xml-model", SCHEMA_MODEL)),
            etree.tostring(root, encoding="UTF-8"),
            b"",
        )
    )


def apparatus_bytes(diff: EditionDiff, titles: tuple[str, str] | None = None) -> bytes:
    """Give *diff* as a TEI document with a critical apparatus (UTF-8, same input, same bytes).

    *titles* describe the two witnesses (default: their names).
    """
    summary = ", ".join(f"{count} {op}" for op, count in diff.summary().items())
    root, header, text, body, division, (first, second) = _document(
        diff.witnesses, titles, f"Blocks compared: {summary}."
    )
    for entry in diff.blocks:
        _entry(division, entry, first, second)
    _lay_out(root, header, text, body, division)
    return _serialise(root)


def _collated(division: etree._Element, block: CollatedBlock, witnesses: tuple[str, ...], ids: list[str]) -> None:
    names = " ".join(f"{witness}:{name}" for witness, group in zip(witnesses, block.names) for name in group)
    ab = _sub(division, "ab", type="collated", n=names)
    for segment in block.segments:
        if not segment.varies:
            _append_text(ab, segment.readings[0])
            continue
        app = _sub(ab, "app")
        groups: dict[str, list[str]] = {}
        for identifier, reading in zip(ids, segment.readings):
            groups.setdefault(reading, []).append(f"#{identifier}")
        for position, (reading, pointers) in enumerate(groups.items()):
            # The base's reading is the lemma.
            _sub(app, "lem" if position == 0 else "rdg", reading, wit=" ".join(pointers))


def collation_bytes(collation: Collation, titles: tuple[str, ...] | None = None) -> bytes:
    """Give *collation* as a TEI document: every witness in listWit, each block an ab whose
    variant locations are apps, the base's reading the lem, each other reading a rdg naming
    all the witnesses that read it."""
    summary = "; ".join(
        f"{witness} against {collation.witnesses[0]}: " + ", ".join(f"{count} {op}" for op, count in counts.items())
        for witness, counts in collation.summary().items()
    )
    root, header, text, body, division, ids = _document(collation.witnesses, titles, f"Blocks compared: {summary}.")
    for block in collation.blocks:
        _collated(division, block, collation.witnesses, ids)
    _lay_out(root, header, text, body, division)
    return _serialise(root)
