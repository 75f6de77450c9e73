"""TEI P5: read into the model, write from it, check against a schema.

lxml is used only inside this package. The reader and the writer are loaded
when first used, so that a command that only reads does not load the writer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from toolkit.tei.reader import parse_tei, read_tei
    from toolkit.tei.writer import tei_bytes

__all__ = ["parse_tei", "read_tei", "tei_bytes"]


def __getattr__(name: str) -> Any:
    if name in ("parse_tei", "read_tei"):
        from toolkit.tei import reader

        return getattr(reader, name)
    if name == "tei_bytes":
        from toolkit.tei import writer

        return writer.tei_bytes
    raise AttributeError(f"module 'toolkit.tei' has no attribute {name!r}")
