"""Bring a language's catalogue up to date with the template, losing no translation.

Entries are matched by context, the stable block ID. A block whose source
changed keeps its translation, marked fuzzy, with the source the translator
last saw as ``#| msgid`` and the word-level change in a translator comment.
A new block is offered the translation of an existing entry only when that
entry's source is very similar; otherwise it is left empty. A block gone from
the source keeps its translation as an obsolete entry, and comes back to life
if its ID returns.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace

from .catalogue import FUZZY, Catalogue, Entry
from .model import words
from .worddiff import inline_diff, similarity

# A new entry is offered an existing translation only from a source this similar.
SUGGESTION_THRESHOLD = 0.8
CHANGE_NOTE = "source changed: "
SUGGESTION_NOTE = "suggested from "

# Plural forms of the languages this project has met; others must be set by the translator.
PLURAL_FORMS = {
    "ar": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);",
    "de": "nplurals=2; plural=(n != 1);",
    "en": "nplurals=2; plural=(n != 1);",
    "es": "nplurals=2; plural=(n != 1);",
    "fr": "nplurals=2; plural=(n > 1);",
    "he": "nplurals=2; plural=(n != 1);",
    "it": "nplurals=2; plural=(n != 1);",
    "ja": "nplurals=1; plural=0;",
    "ko": "nplurals=1; plural=0;",
    "pt": "nplurals=2; plural=(n != 1);",
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "zh": "nplurals=1; plural=0;",
}
LANGUAGE_NAMES = {
    "ar": "Arabic", "de": "German", "en": "English", "es": "Spanish", "fr": "French",
    "he": "Hebrew", "it": "Italian", "ja": "Japanese", "ko": "Korean", "pt": "Portuguese",
    "ru": "Russian", "zh": "Chinese",
}


@dataclass
class UpdateReport:
    """What an update did, entry by entry, by ID."""

    language: str
    kept: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    suggested: list[tuple[str, str, float]] = field(default_factory=list)
    new: list[str] = field(default_factory=list)
    obsoleted: list[str] = field(default_factory=list)
    revived: list[str] = field(default_factory=list)
    created: bool = False

    def summary(self) -> str:
        """One line: the counts by outcome."""
        parts = [
            f"{len(self.kept)} kept",
            f"{len(self.changed)} fuzzy (source changed)",
            f"{len(self.suggested)} fuzzy (suggested)",
            f"{len(self.new)} new",
            f"{len(self.obsoleted)} obsolete",
        ]
        if self.revived:
            parts.append(f"{len(self.revived)} revived")
        return ", ".join(parts)


def new_catalogue(template: Catalogue, language: str, title: str = "") -> Catalogue:
    """Give an empty catalogue for *language*, with a header a PO editor fills in further."""
    name = LANGUAGE_NAMES.get(language.split("_")[0].split("-")[0], language)
    metadata = []
    for key, value in template.metadata:
        if key == "Language":
            value = language
        elif key == "Language-Team":
            value = name
        elif key == "PO-Revision-Date":
            value = template.header("POT-Creation-Date", value)
        elif key == "Last-Translator":
            value = ""
        metadata.append((key, value))
    plural = PLURAL_FORMS.get(language.split("_")[0].split("-")[0])
    if plural:
        metadata.append(("Plural-Forms", plural))
    about = title or template.header("Project-Id-Version")
    return Catalogue(
        metadata=tuple(metadata),
        header_comment=f"{name} translation of {about}.\nKeep each entry's context: it is the block's stable ID.",
        header_fuzzy=False,
    )


def _drop_notes(comments: str) -> list[str]:
    return [
        line
        for line in comments.split("\n")
        if line and not line.startswith((CHANGE_NOTE, SUGGESTION_NOTE))
    ]


def _comments(kept: list[str], note: str | None) -> str:
    return "\n".join(kept + ([note] if note else []))


class _SuggestionIndex:
    """Finds, for a new source, the most similar translated entry, without comparing with all."""

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        self.postings: dict[str, list[int]] = defaultdict(list)
        self.frequency: Counter[str] = Counter()
        for number, entry in enumerate(entries):
            vocabulary = set(words(entry.source))
            self.frequency.update(vocabulary)
            for word in vocabulary:
                self.postings[word].append(number)

    def best(self, source: str) -> tuple[Entry, float] | None:
        vocabulary = set(words(source))
        if not vocabulary:
            return None
        votes: Counter[int] = Counter()
        # The rarest words that the catalogue knows: a word found nowhere (a new or
        # misspelt one) cannot point to a similar entry.
        known = sorted((word for word in vocabulary if word in self.frequency), key=lambda w: (self.frequency[w], w))
        for word in known[:12]:
            for number in self.postings.get(word, ()):
                votes[number] += 1
        best: tuple[Entry, float] | None = None
        size = len(words(source))
        for number, _ in votes.most_common(10):
            entry = self.entries[number]
            other = len(words(entry.source))
            # Two texts whose lengths differ this much cannot reach the threshold.
            if min(size, other) < SUGGESTION_THRESHOLD / (2 - SUGGESTION_THRESHOLD) * max(size, other):
                continue
            score = similarity(entry.source, source)
            if score >= SUGGESTION_THRESHOLD and (best is None or score > best[1]):
                best = (entry, score)
        return best


def update_catalogue(
    template: Catalogue, existing: Catalogue | None, language: str, title: str = ""
) -> tuple[Catalogue, UpdateReport]:
    """Give *existing* (or a new catalogue for *language*) brought up to date with *template*."""
    report = UpdateReport(language, created=existing is None)
    if existing is None:
        existing = new_catalogue(template, language, title)
    live: dict[str, Entry] = {}
    for entry in existing.live():
        if entry.context is not None:
            live.setdefault(entry.context, entry)
    buried: dict[str, Entry] = {}
    for entry in existing.obsolete():
        if entry.context is not None:
            buried.setdefault(entry.context, entry)
    carried: set[int] = set()
    index: _SuggestionIndex | None = None

    updated: list[Entry] = []
    for fresh in template.entries:
        assert fresh.context is not None
        old = live.get(fresh.context)
        if old is None and fresh.context in buried:
            old = buried[fresh.context]
            report.revived.append(fresh.context)
        if old is not None:
            carried.add(id(old))
            updated.append(_carry(fresh, old, report))
            continue
        if index is None:
            # Donors: entries with a singular translation (a plural one cannot stand for a block).
            index = _SuggestionIndex(
                [entry for entry in existing.entries if entry.translation and entry.source_plural is None]
            )
        found = index.best(fresh.source)
        if found is None:
            updated.append(fresh)
            report.new.append(fresh.context)
            continue
        donor, score = found
        note = f"{SUGGESTION_NOTE}{donor.context or 'an entry'} ({math.floor(score * 100)}% similar): " + inline_diff(
            donor.source, fresh.source
        )
        updated.append(
            replace(
                fresh,
                translation=donor.translation,
                flags=(FUZZY,),
                previous_context=donor.context,
                previous_source=donor.source,
                translator_comments=note,
            )
        )
        report.suggested.append((fresh.context, donor.context or "", score))

    obsolete = [entry for entry in existing.obsolete() if id(entry) not in carried]
    for entry in existing.live():
        if id(entry) in carried:
            continue
        if entry.has_translation:
            obsolete.append(_bury(entry))
            report.obsoleted.append(entry.context or entry.source[:30])

    catalogue = replace(existing, entries=tuple(updated + obsolete))
    if template.header("POT-Creation-Date"):
        catalogue = catalogue.with_header("POT-Creation-Date", template.header("POT-Creation-Date"))
    if not catalogue.header("Language"):
        catalogue = catalogue.with_header("Language", language)
    return catalogue, report


def _carry(fresh: Entry, old: Entry, report: UpdateReport) -> Entry:
    """Give the template entry *fresh* with what the translator did in *old*."""
    assert fresh.context is not None
    kept_comments = _drop_notes(old.translator_comments)
    if old.source == fresh.source:
        report.kept.append(fresh.context)
        note = None
        if old.fuzzy and old.previous_source is not None:
            note = next(
                (line for line in old.translator_comments.split("\n") if line.startswith((CHANGE_NOTE, SUGGESTION_NOTE))),
                None,
            )
        return replace(
            fresh,
            translation=old.translation,
            plural_translations=old.plural_translations,
            flags=old.flags,
            translator_comments=_comments(kept_comments, note),
            previous_context=old.previous_context if old.fuzzy else None,
            previous_source=old.previous_source if old.fuzzy else None,
            previous_source_plural=old.previous_source_plural if old.fuzzy else None,
        )
    if not old.has_translation:
        report.new.append(fresh.context)
        return replace(fresh, translator_comments=_comments(kept_comments, None), flags=tuple(
            flag for flag in old.flags if flag != FUZZY))
    # The translator last saw the earlier previous source if the entry was already fuzzy.
    seen = old.previous_source if (old.fuzzy and old.previous_source is not None) else old.source
    report.changed.append(fresh.context)
    flags = (FUZZY,) + tuple(flag for flag in old.flags if flag != FUZZY)
    return replace(
        fresh,
        translation=old.translation,
        plural_translations=old.plural_translations,
        flags=flags,
        previous_source=seen,
        previous_context=None,
        translator_comments=_comments(kept_comments, CHANGE_NOTE + inline_diff(seen, fresh.source)),
    )


def _bury(entry: Entry) -> Entry:
    """Give *entry* as an obsolete entry: translation and translator's comments kept."""
    return replace(
        entry,
        obsolete=True,
        extracted_comments="",
        references=(),
        previous_context=None,
        previous_source=None,
        previous_source_plural=None,
    )
