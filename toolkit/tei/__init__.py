"""TEI P5: read into the model, write from it, check against a schema.

lxml is used only inside this package.
"""

from toolkit.tei.reader import parse_tei, read_tei
from toolkit.tei.writer import tei_bytes

__all__ = ["parse_tei", "read_tei", "tei_bytes"]
