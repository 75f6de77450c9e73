"""Read an edition from a file, whatever its format: TEI or plain text."""

from __future__ import annotations

from pathlib import Path

from toolkit.errors import InputError
from toolkit.model import Document

TEI_SUFFIXES = (".xml", ".tei")


def read_edition(path: str | Path, language: str = "und") -> Document:
    """Give the edition in *path*: TEI if it is XML, plain text otherwise.

    *language* is the language of a plain-text edition (TEI says its own).
    """
    path = Path(path)
    if path.suffix.lower() in TEI_SUFFIXES or _looks_like_xml(path):
        from toolkit.tei import read_tei  # each format's reader is loaded only when used

        return read_tei(path)
    from toolkit.plaintext import read_plain_text

    return read_plain_text(path, language)


def _looks_like_xml(path: Path) -> bool:
    try:
        with path.open("rb") as stream:
            start = stream.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    except FileNotFoundError:
        raise InputError("no such file", path) from None
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror}", path) from None
    return start.startswith(b"<?xml") or start.startswith(b"<TEI")
