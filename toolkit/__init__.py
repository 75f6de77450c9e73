"""A toolkit for translators and editors: TEI editions with stable block IDs.

The library is organised around one model (:mod:`toolkit.model`): a document is
an ordered sequence of blocks, each with a stable ID.  Formats are read and
written at the edges (:mod:`toolkit.tei`, :mod:`toolkit.plaintext`); ID
carry-over and matching are pure functions over the model
(:mod:`toolkit.ids`, :mod:`toolkit.matching`); :mod:`toolkit.cli` is a thin
command line on top.
"""

__version__ = "0.1.0"
