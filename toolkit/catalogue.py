"""The model of a gettext catalogue: entries keyed by context, with everything a PO file holds.

No I/O and no polib here: :mod:`toolkit.po` reads and writes these.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Iterator

FUZZY = "fuzzy"
# Translator comments that `toolkit align` writes start so, for `toolkit qa` to find them.
ALIGNED_NOTE = "aligned: "


@dataclass(frozen=True)
class Entry:
    """One catalogue entry: a source message and its translation, with its comments."""

    source: str
    translation: str = ""
    context: str | None = None
    source_plural: str | None = None
    # Plural translations by index, for entries with a source_plural.
    plural_translations: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    translator_comments: str = ""
    extracted_comments: str = ""
    references: tuple[tuple[str, str | None], ...] = ()
    previous_context: str | None = None
    previous_source: str | None = None
    previous_source_plural: str | None = None
    obsolete: bool = False
    line: int | None = field(default=None, compare=False)

    @property
    def key(self) -> tuple[str | None, str]:
        """What makes the entry unique in its catalogue: context and source."""
        return (self.context, self.source)

    @property
    def fuzzy(self) -> bool:
        """Whether a translator still has to review the translation."""
        return FUZZY in self.flags

    @property
    def has_translation(self) -> bool:
        """Whether any translation text is there, reviewed or not."""
        if self.source_plural is not None:
            return any(self.plural_translations)
        return bool(self.translation)

    @property
    def translated(self) -> bool:
        """Whether the entry is translated and reviewed, so that a build may use it."""
        if self.source_plural is not None:
            complete = bool(self.plural_translations) and all(self.plural_translations)
        else:
            complete = bool(self.translation)
        return complete and not self.fuzzy and not self.obsolete

    def with_flag(self, flag: str, present: bool = True) -> Entry:
        """Give the entry with *flag* set or cleared, other flags kept in order."""
        flags = tuple(existing for existing in self.flags if existing != flag)
        if present:
            flags = (flag,) + flags if flag == FUZZY else flags + (flag,)
        return replace(self, flags=flags)


@dataclass(frozen=True)
class Catalogue:
    """A catalogue: its header and its entries, live ones first, in file order."""

    entries: tuple[Entry, ...] = ()
    metadata: tuple[tuple[str, str], ...] = ()
    header_comment: str = ""
    header_fuzzy: bool = False
    path: str | None = field(default=None, compare=False)

    @cached_property
    def _by_context(self) -> dict[str, Entry]:
        found: dict[str, Entry] = {}
        for entry in self.entries:
            if entry.context is not None and not entry.obsolete:
                found.setdefault(entry.context, entry)
        return found

    def get(self, context: str) -> Entry | None:
        """Give the live entry whose context is *context*, or None."""
        return self._by_context.get(context)

    def live(self) -> Iterator[Entry]:
        """Give the entries that are not obsolete."""
        return (entry for entry in self.entries if not entry.obsolete)

    def obsolete(self) -> Iterator[Entry]:
        """Give the obsolete entries."""
        return (entry for entry in self.entries if entry.obsolete)

    def header(self, name: str, default: str = "") -> str:
        """Give the value of header field *name*, or *default*."""
        for key, value in self.metadata:
            if key == name:
                return value
        return default

    def with_header(self, name: str, value: str) -> Catalogue:
        """Give the catalogue with header field *name* set to *value* (added at the end if new)."""
        if any(key == name for key, _ in self.metadata):
            metadata = tuple((key, value if key == name else old) for key, old in self.metadata)
        else:
            metadata = self.metadata + ((name, value),)
        return replace(self, metadata=metadata)
