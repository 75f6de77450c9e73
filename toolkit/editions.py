"""The manifest of a work's editions (``editions/editions.toml``)."""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from toolkit.errors import InputError, StructureError
from toolkit.fileio import read_bytes, read_text

EDITION_TYPES = ("variant", "translation")
_REQUIRED = ("siglum", "title", "language", "date", "type", "source", "file")
_OPTIONAL = ("author", "sha256", "tei", "translation_of")


@dataclass(frozen=True)
class Edition:
    """One edition of the work: what it is and where its file lies."""

    siglum: str
    title: str
    language: str
    date: str
    type: str
    source: str
    file: Path
    author: str | None = None
    sha256: str | None = None
    tei: Path | None = None
    translation_of: str | None = None


def load_editions(path: str | Path) -> list[Edition]:
    """Give the editions listed in the manifest *path*, checked for completeness.

    File names in the manifest are relative to its folder.
    """
    path = Path(path)
    try:
        data = tomllib.loads(read_text(path))
    except tomllib.TOMLDecodeError as error:
        # Python < 3.14 gives the place only inside the message.
        place = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
        line = getattr(error, "lineno", None) or (int(place.group(1)) if place else None)
        column = getattr(error, "colno", None) or (int(place.group(2)) if place else None)
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error))
        raise StructureError(f"not valid TOML: {reason}", path, line, column) from None
    tables = data.get("edition", [])
    if not isinstance(tables, list) or not tables:
        raise StructureError("no [[edition]] tables", path)
    editions: list[Edition] = []
    sigla: set[str] = set()
    for number, table in enumerate(tables, start=1):
        where = f"edition {number}"
        if not isinstance(table, dict):
            raise StructureError(f"{where}: not a table: write it as [[edition]] with keys", path)
        missing = [key for key in _REQUIRED if not isinstance(table.get(key), str)]
        if missing:
            raise StructureError(f"{where}: missing or not text: {', '.join(missing)}", path)
        wrong = [
            key for key in _OPTIONAL
            if key in table and not isinstance(table[key], str)
        ]
        if wrong:
            raise StructureError(f"{where}: not text: {', '.join(wrong)}", path)
        if table["type"] not in EDITION_TYPES:
            raise StructureError(
                f"{where}: type must be one of {', '.join(EDITION_TYPES)}, not {table['type']!r}", path
            )
        if table["type"] == "translation" and not table.get("translation_of"):
            raise StructureError(f"{where}: a translation needs translation_of", path)
        if table["siglum"] in sigla:
            raise StructureError(f"{where}: siglum {table['siglum']} is used twice", path)
        sigla.add(table["siglum"])
        editions.append(
            Edition(
                siglum=table["siglum"],
                title=table["title"],
                language=table["language"],
                date=table["date"],
                type=table["type"],
                source=table["source"],
                file=path.parent / table["file"],
                author=table.get("author"),
                sha256=table.get("sha256"),
                tei=path.parent / table["tei"] if table.get("tei") else None,
                translation_of=table.get("translation_of"),
            )
        )
    return editions


def verify(edition: Edition) -> None:
    """Raise :class:`InputError` if the edition's file is missing or not the one pinned."""
    data = read_bytes(edition.file)
    if edition.sha256 is not None:
        digest = hashlib.sha256(data).hexdigest()
        if digest != edition.sha256:
            raise InputError(
                f"edition {edition.siglum} has changed: sha256 {digest}, "
                f"the manifest pins {edition.sha256}",
                edition.file,
            )
