"""Read an edition from a file, whatever its format: TEI, Markdown, HTML or plain text."""

from __future__ import annotations

from pathlib import Path

from toolkit.errors import InputError
from toolkit.model import Document

TEI_SUFFIXES = (".xml", ".tei")
MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")


def read_edition(path: str | Path, language: str = "und") -> Document:
    """Give the edition in *path*, read by the reader its format needs.

    By suffix: ``.md`` and ``.markdown`` are Markdown; ``.html``, ``.htm``
    and ``.xhtml`` HTML; ``.xml`` and ``.tei`` TEI, unless the root element
    is XHTML's ``html``. Any other file is TEI or XHTML if it starts like XML,
    HTML if it starts with ``<!DOCTYPE html`` or ``<html``, and plain text
    otherwise. *language* is the language of a plain-text or Markdown
    edition, and of an HTML one that does not say its own (TEI says its own).
    """
    # Each format's reader is loaded only when used.
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        from toolkit.markdown import read_markdown

        return read_markdown(path, language)
    start = b"" if suffix in HTML_SUFFIXES else _start(path)
    if suffix in HTML_SUFFIXES or start.lower().startswith((b"<!doctype html", b"<html")):
        from toolkit.htmlin import read_html

        return read_html(path, language)
    if suffix in TEI_SUFFIXES or start.startswith((b"<?xml", b"<TEI")):
        from toolkit.htmlin import XHTML_ROOT, read_html
        from toolkit.tei.xmlio import root_tag

        if root_tag(path) == XHTML_ROOT:
            return read_html(path, language)
        from toolkit.tei import read_tei

        return read_tei(path)
    from toolkit.plaintext import read_plain_text

    return read_plain_text(path, language)


def _start(path: Path) -> bytes:
    """The first bytes of *path*, after any byte-order mark and leading whitespace."""
    try:
        with path.open("rb") as stream:
            return stream.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    except FileNotFoundError:
        raise InputError("no such file", path) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a file", path) from None
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror}", path) from None
