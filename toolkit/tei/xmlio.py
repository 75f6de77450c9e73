"""Safe XML parsing: no entity expansion, no network, no DTD loading.

lxml is used only inside :mod:`toolkit.tei` (and :mod:`toolkit.htmlin`, which reads
HTML); its exceptions become ours here.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from toolkit.errors import DuplicateIdError, MalformedXMLError, UnsafeXMLError
from toolkit.fileio import read_bytes


def _parser(recover: bool = False) -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=False,
        recover=recover,
    )


def parse_xml_file(path: str | Path) -> etree._ElementTree:
    """Give the parsed XML of *path*, refusing anything unsafe or malformed."""
    return parse_xml(read_bytes(path), path)


def parse_xml(data: bytes, path: str | Path | None = None) -> etree._ElementTree:
    """Give the parsed XML of *data*, refusing anything unsafe or malformed.

    Raises :class:`UnsafeXMLError` for a document that declares entities (an
    external entity could read local files or the network; internal ones can
    expand exponentially), :class:`DuplicateIdError` for repeated ``xml:id``
    values (all of them listed), :class:`MalformedXMLError` otherwise, each
    with the line and column.
    """
    name = None if path is None else str(path)
    parser = _parser()
    try:
        root = etree.fromstring(data, parser, base_url=name)
    except etree.XMLSyntaxError as error:
        # The parser's own log, not the error's: that one also holds what
        # earlier parses in this process left behind.
        log = list(parser.error_log) or list(error.error_log)
        duplicates = [e for e in log if e.type_name == "DTD_ID_REDEFINED"]
        if duplicates and len(duplicates) == len(log):
            raise _duplicate_error(data, name) from None
        first = next((e for e in log if e.level_name in ("FATAL", "ERROR")), log[0] if log else None)
        line = first.line if first is not None else None
        column = first.column if first is not None else None
        message = first.message.strip() if first is not None else (error.msg or "")
        if any("amplification" in e.message or "entity loop" in e.message.lower() for e in log):
            raise UnsafeXMLError(_ENTITY_REFUSAL.format(what="nested entity declarations"),
                                 name, line) from None
        if first is not None and first.type_name in _ENCODING_ERRORS:
            message += " (the file is not UTF-8: convert it, e.g. with iconv)"
        raise MalformedXMLError(f"malformed XML: {message}", name, line, column) from None
    tree = root.getroottree()
    _refuse_entities(tree, name)
    return tree


_ENCODING_ERRORS = frozenset({"ERR_INVALID_ENCODING", "ERR_INVALID_CHAR", "ERR_UNSUPPORTED_ENCODING"})
_ENTITY_REFUSAL = (
    "the document declares {what}; entity declarations are refused because they can "
    "read local files or expand without limit: replace them with the text they stand for"
)


def _duplicate_error(data: bytes, name: str | None) -> DuplicateIdError:
    parser = _parser(recover=True)
    etree.fromstring(data, parser, base_url=name)
    found = [e for e in parser.error_log if e.type_name == "DTD_ID_REDEFINED"]
    first = found[0]
    details = "; ".join(f"line {e.line}: {e.message.strip()}" for e in found)
    return DuplicateIdError(
        f"duplicate xml:id ({details}): every ID must be unique",
        name,
        first.line,
        first.column,
        tuple((e.line, e.column, e.message.strip()) for e in found),
    )


def _refuse_entities(tree: etree._ElementTree, name: str | None) -> None:
    references = list(tree.iter(etree.Entity))
    # The declarations have no line of their own: point at the first use, or the root.
    line = references[0].sourceline if references else tree.getroot().sourceline
    dtd = tree.docinfo.internalDTD
    if dtd is not None:
        entities = list(dtd.iterentities())
        if entities:
            first = entities[0]
            kind = "external" if first.system_url else "internal"
            count = f"{len(entities)} entit{'y' if len(entities) == 1 else 'ies'}"
            use = f", used here as {references[0].text}" if references else ""
            what = f"{count} ({kind} entity '{first.name}'{use})"
            raise UnsafeXMLError(_ENTITY_REFUSAL.format(what=what), name, line)
    if references:
        raise UnsafeXMLError(
            f"unexpanded entity reference {references[0].text}: "
            "replace it with the text it stands for",
            name,
            line,
        )


def root_tag(path: str | Path) -> str | None:
    """Give the name of the root element of the XML file *path* (Clark notation),
    reading no further than its start tag; None if there is none to be found.

    Parsed as safely as :func:`parse_xml` parses, and leniently: whether the
    rest of the file is well-formed is for its reader to say.
    """
    try:
        events = etree.iterparse(
            str(path), events=("start",), resolve_entities=False, no_network=True,
            load_dtd=False, huge_tree=False, recover=True,
        )
        for _event, element in events:
            return str(element.tag)
    except (etree.XMLSyntaxError, OSError):
        return None
    return None
