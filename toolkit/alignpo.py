"""Turn an alignment into a language's catalogue: each entry given its aligned translation.

The entries are those ``toolkit extract`` makes from the source (the template),
brought together with the language's existing catalogue as ``toolkit update``
does, so that nothing of it is lost; then each entry whose block has an aligned
translation gets it, with a translator comment (``# aligned: ...``) wherever a
person has something to check:

- a bead below the confidence threshold: fuzzy, ``low confidence 0.42 (2-1 bead)``;
- a source block with inline markup: the aligned text is plain, so the entry is
  fuzzy and the comment lists the placeholders to restore;
- target text shared by several source blocks (2-1, 3-1, 2-2) and cut between
  sentences: each part with a comment; where no cut was found, all of it goes to
  the first entry, fuzzy, and the others are left untranslated, both saying so;
- target paragraphs joined for one source block (1-2, 1-3): with a space, and a
  comment saying how many paragraphs the translator made of it;
- a source block with no counterpart (1-0): untranslated, with a comment;
- a paragraph the translation adds (0-1): its text in a comment on the entry
  before it (``the translation adds after this block: "..."``), never dropped.

An entry that already has a translation keeps it (unless *overwrite*); the
report counts it, and says where the aligned text differs. Pure: catalogues in,
catalogue and report out.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .bitext import BlockTranslation, EditionAlignment
from .catalogue import ALIGNED_NOTE, FUZZY, Catalogue, Entry
from .model import normalize_space
from .placeholders import parse_message, strip_placeholders, to_message
from .update import CHANGE_NOTE, SUGGESTION_NOTE, UpdateReport, update_catalogue


@dataclass
class CatalogueAlignment:
    """What filling a catalogue from an alignment did, entry by entry, by ID."""

    language: str
    update: UpdateReport
    filled: list[str] = field(default_factory=list)
    fuzzy: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    # Kept, and the aligned text says something else.
    differ: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    untranslated: list[str] = field(default_factory=list)
    # (entry ID, "after" or "before", text): paragraphs the translation adds.
    additions: list[tuple[str, str, str]] = field(default_factory=list)

    def summary(self) -> str:
        """One line: entries filled (fuzzy among them), kept, replaced, left untranslated."""
        parts = [
            f"{len(self.filled)} filled ({len(self.fuzzy)} fuzzy)",
            f"{len(self.kept)} existing translations kept ({len(self.differ)} differ from the alignment)",
        ]
        if self.replaced:
            parts.append(f"{len(self.replaced)} replaced")
        parts.append(f"{len(self.untranslated)} left untranslated")
        parts.append(f"{len(self.additions)} added paragraphs noted")
        return ", ".join(parts)


def _placeholder_list(source: str) -> str:
    """The placeholders of a msgid, as a translator writes them.

    >>> _placeholder_list("In <title>Capital</title>,<lb/> he")
    '<title>…</title>, <lb/>'
    """
    return ", ".join(
        f"<{slot.name}>…</{slot.name}>" if slot.paired else f"<{slot.name}/>" for slot in parse_message(source).slots
    )


def _quoted(text: str) -> str:
    return f'"{text}"'


def _notes(item: BlockTranslation, alignment: EditionAlignment, entry: Entry) -> tuple[list[str], bool]:
    """The aligner's comments for an entry (without the prefix), and whether it must be fuzzy."""
    bead = item.bead
    names = [alignment.source_names[i] for i in bead.source]
    others = [name for i, name in zip(bead.source, names) if i != item.index]
    notes: list[str] = []
    fuzzy = False
    if item.low:
        notes.append(f"low confidence {bead.confidence:.2f} ({bead.shape} bead): check that this is the "
                     "block's translation")
        fuzzy = bool(item.text)
    if item.share == "joined":
        notes.append(f"{len(bead.target)} paragraphs of the translation joined into one ({bead.shape} bead)")
    elif item.share == "split":
        notes.append(f"one paragraph of the translation is shared with {' and '.join(others)}: "
                     f"cut between sentences ({bead.shape} bead)")
    elif item.share == "first":
        notes.append(f"the translation gives {' and '.join(names)} as one paragraph, which could not be cut "
                     f"between sentences: all of it is here; move what translates {' and '.join(others)} "
                     f"to {'its entry' if len(others) == 1 else 'their entries'}")
        fuzzy = True
    elif item.share == "rest":
        notes.append(f"the translation gives {' and '.join(names)} as one paragraph, all of it in the entry "
                     f"of {names[0]}: move this block's part here")
    elif item.share == "none":
        notes.append(f"the translation has no counterpart for this block ({bead.shape} bead)")
    if item.text and parse_message(entry.source).slots:
        notes.append(f"the aligned text is plain: restore the placeholders {_placeholder_list(entry.source)}")
        fuzzy = True
    return notes, fuzzy


def _addition_places(alignment: EditionAlignment, catalogue: Catalogue) -> dict[str, list[tuple[str, str]]]:
    """For each entry ID, the paragraphs the translation adds next to it: ("after" or
    "before", text). An addition goes to the entry of the block it follows, or of the
    nearest block before that has an entry; failing that, before the first entry."""
    with_entry = [catalogue.get(name) is not None for name in alignment.source_names]
    places: dict[str, list[tuple[str, str]]] = {}
    target = alignment.target_blocks
    for position, after in alignment.additions():
        text = target[position].text
        if not text:
            continue
        index = after
        while index is not None and index >= 0 and not with_entry[index]:
            index -= 1
        if index is not None and index >= 0:
            places.setdefault(alignment.source_names[index], []).append(("after", text))
            continue
        first = next((k for k, present in enumerate(with_entry) if present), None)
        if first is not None:
            places.setdefault(alignment.source_names[first], []).append(("before", text))
    return places


def _without_notes(comments: str, prefixes: tuple[str, ...]) -> list[str]:
    return [line for line in comments.split("\n") if line and not line.startswith(prefixes)]


def aligned_catalogue(
    alignment: EditionAlignment,
    template: Catalogue,
    existing: Catalogue | None,
    language: str,
    overwrite: bool = False,
) -> tuple[Catalogue, CatalogueAlignment]:
    """Give the catalogue of *language* (*existing*, or a new one) brought up to date with
    *template* and filled with the aligned translations, and what was done.

    *template* is the source's template (:func:`toolkit.extract.extract_template`), so
    that entries are keyed by the IDs of the aligned source's blocks. An entry that
    has a translation keeps it unless *overwrite*.
    """
    catalogue, update = update_catalogue(template, existing, language)
    report = CatalogueAlignment(language, update)
    items = {alignment.source_names[item.index]: item for item in alignment.translations}
    additions = _addition_places(alignment, catalogue)
    entries: list[Entry] = []
    for entry in catalogue.entries:
        item = items.get(entry.context) if entry.context is not None and not entry.obsolete else None
        if item is None or entry.context is None:
            entries.append(entry)
            continue
        context = entry.context
        added = [f"{ALIGNED_NOTE}the translation adds {where} this block: {_quoted(text)}"
                 for where, text in additions.get(context, [])]
        for where, text in additions.get(context, []):
            report.additions.append((context, where, text))
        if entry.has_translation and not (overwrite and item.text):
            report.kept.append(context)
            if item.text and normalize_space(strip_placeholders(entry.translation)) != item.text:
                report.differ.append(context)
            present = entry.translator_comments.split("\n")
            missing = [line for line in added if line not in present]
            if missing:
                entry = replace(entry, translator_comments="\n".join(
                    [line for line in present if line] + missing))
            entries.append(entry)
            continue
        notes, fuzzy = _notes(item, alignment, entry)
        kept_comments = _without_notes(entry.translator_comments, (ALIGNED_NOTE, CHANGE_NOTE, SUGGESTION_NOTE))
        comments = "\n".join(kept_comments + [ALIGNED_NOTE + note for note in notes] + added)
        if not item.text:
            report.untranslated.append(context)
            entries.append(replace(entry, translator_comments=comments))
            continue
        if entry.has_translation:
            report.replaced.append(context)
        report.filled.append(context)
        if fuzzy:
            report.fuzzy.append(context)
        flags = tuple(flag for flag in entry.flags if flag != FUZZY)
        entries.append(
            replace(
                entry,
                # The text is plain: a "<" that would read as a placeholder is escaped.
                translation=to_message((item.text,)).text,
                flags=((FUZZY,) + flags) if fuzzy else flags,
                translator_comments=comments,
                previous_context=None,
                previous_source=None,
                previous_source_plural=None,
            )
        )
    return replace(catalogue, entries=tuple(entries)), report
