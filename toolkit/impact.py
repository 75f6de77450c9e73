"""What a new edition costs translators: the translated entries that its changes invalidate."""

from __future__ import annotations

from dataclasses import dataclass

from .catalogue import Catalogue
from .diff import EditionDiff
from .model import words
from .placeholders import strip_placeholders

# What happens to a translated block that makes its translation need work.
_INVALIDATING = frozenset({"changed", "split", "merged", "deleted"})


@dataclass(frozen=True)
class Invalidated:
    """A translated entry whose block the new edition changed, split, merged or deleted."""

    block_id: str
    op: str
    line: int | None
    words: int
    becomes: tuple[str, ...]


def impact(diff: EditionDiff, catalogue: Catalogue) -> list[Invalidated]:
    """Give the entries of *catalogue* (a translation of the first edition of *diff*) that
    the second edition invalidates, in the order of the diff."""
    found: list[Invalidated] = []
    for entry in diff.blocks:
        op = entry.op
        if op == "moved" and entry.changes:
            op = "changed"
        if op not in _INVALIDATING:
            continue
        for name in entry.a:
            translated = catalogue.get(name)
            if translated is None or not translated.has_translation:
                continue
            found.append(
                Invalidated(name, op, translated.line, len(words(strip_placeholders(translated.source))), entry.b)
            )
    return found
