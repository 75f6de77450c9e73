"""Extract a catalogue template (POT) from a document: one entry per block, keyed by its ID."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .catalogue import Catalogue, Entry
from .errors import StructureError
from .model import Block, BlockKind, Document, Element, Section
from .placeholders import placeholder_name, to_message

# What each kind of placeholder is, said once per entry for the translator.
PLACEHOLDER_MEANINGS = {
    "title": "title of a book or periodical",
    "soCalled": "words the author keeps at a distance (scare quotes)",
    "quote": "a quotation",
    "q": "quoted words",
    "cit": "a quotation with its source",
    "bibl": "the source of a quotation",
    "foreign": "words in another language",
    "corr": "the editor's correction of an error in the original",
    "reg": "the editor's regularised spelling",
    "expan": "an abbreviation written out",
    "hi": "highlighted words",
    "emph": "emphasis",
    "term": "a technical term",
    "mentioned": "words mentioned, not used",
    "name": "a name",
    "persName": "a person's name",
    "placeName": "a place name",
    "orgName": "an organisation's name",
    "date": "a date",
    "num": "a number",
    "ref": "a link",
    "ptr": "a link",
    "note": "a note: translate its content in place",
    "lb": "a line break",
    "pb": "a page break",
    "gap": "an omission",
    "abbr": "an abbreviation",
}

ITS_NAMESPACE = "http://www.w3.org/2005/11/its"
# A note for translators, on the block's element: ITS 2.0 localization note.
LOCALIZATION_NOTE = f"{{{ITS_NAMESPACE}}}locNote"


@dataclass(frozen=True)
class TemplateInfo:
    """What goes into a template's header."""

    project: str
    creation_date: str
    title: str = ""
    bugs_address: str = ""


@dataclass(frozen=True)
class Place:
    """Where a block stands: its section (None in front or back matter), the part of the
    text it is in, its number among the blocks of its kind there, and how many there are."""

    section: Section | None
    part: str
    number: int
    count: int


def block_places(document: Document) -> dict[int, Place]:
    """Give the place of every block of *document*, keyed by the block's identity
    (divisions need no ID for their blocks to be told apart)."""
    groups: list[tuple[Section | None, str, tuple[Block, ...]]] = [
        (None, "the front matter", document.front_blocks())
    ]
    groups += [(section, "body", section.blocks) for section in document.sections()]
    groups.append((None, "the back matter", document.back_blocks()))
    places: dict[int, Place] = {}
    for section, part, blocks in groups:
        counts: Counter[BlockKind] = Counter(block.kind for block in blocks)
        seen: Counter[BlockKind] = Counter()
        for block in blocks:
            seen[block.kind] += 1
            places[id(block)] = Place(section, part, seen[block.kind], counts[block.kind])
    return places


def describe(block: Block, document: Document, places: dict[int, Place] | None = None) -> str:
    """Say what *block* is and where, for the translator ("Paragraph 3 of 'The failure of...'").

    *places* (from :func:`block_places`) saves working them out again for each block.
    """
    place = (places or block_places(document)).get(id(block)) or Place(None, "the text", 0, 0)
    section = place.section
    if block.kind is BlockKind.TITLE:
        return "Title of the work"
    if block.kind.is_heading and section is not None and section.heading is block:
        return f"Heading of section {section.number}"
    if section is None:
        where = place.part
    elif section.heading is not None:
        where = f"'{section.heading.text}'"
    else:
        where = f"section {section.number} (no heading)"
    number, count = place.number, place.count
    if block.kind.is_heading:
        return f"Heading {number} of {where}" if count > 1 else f"Heading of {where}"
    if block.kind is BlockKind.ITEM:
        label = f" (labelled {block.label})" if block.label else ""
        numbered = "numbered list" if block.label else "list"
        return f"Item {number}{label} of the {numbered} in {where}"
    if block.kind is BlockKind.QUOTATION:
        return f"Block quotation {number} in {where}" if count > 1 else f"Block quotation in {where}"
    if block.kind is BlockKind.PARAGRAPH:
        return f"Paragraph {number} of {where}"
    tag = block.tag or "block"
    return f"Block {number} ({tag}) of {where}"


def _placeholder_notes(elements: list[Element]) -> str:
    if not elements:
        return ""
    return _legend(tuple(dict.fromkeys(placeholder_name(element.tag) for element in elements)))


@lru_cache(maxsize=1024)
def _legend(names: tuple[str, ...]) -> str:
    listed = "; ".join(f"<{name}> {PLACEHOLDER_MEANINGS.get(name, f'markup ({name})')}" for name in names)
    return f"Placeholders: {listed}. Keep each one, with its content translated; you may move them."


def extract_template(document: Document, reference: str, info: TemplateInfo) -> Catalogue:
    """Give the catalogue template of *document*: one entry per block with text, in order.

    *reference* is the path written in each entry's ``#:`` line (no line
    numbers, so that an edit elsewhere does not touch every entry).
    """
    places = block_places(document)
    entries: list[Entry] = []
    missing = [block for block in document.blocks if block.id is None]
    if missing:
        first = missing[0]
        raise StructureError(
            f"{len(missing)} block(s) have no xml:id, the key of their catalogue entries: "
            f"assign IDs with `toolkit encode --ids-from` first",
            document.path,
            first.line,
        )
    counts = Counter(block.id for block in document.blocks)
    for block in document.blocks:
        assert block.id is not None
        if counts[block.id] > 1:
            raise StructureError(f"duplicate block ID {block.id}", document.path, block.line)
        message = to_message(block.content)
        if not message.text.strip():
            continue
        comments = [describe(block, document, places)]
        placeholders = _placeholder_notes([slot.shown or slot.element for slot in message.slots])
        if placeholders:
            comments.append(placeholders)
        note = next((value for key, value in block.attrs if key == LOCALIZATION_NOTE), None)
        if note:
            comments.append(f"Note for translators: {' '.join(note.split())}")
        entries.append(
            Entry(
                source=message.text,
                context=block.id,
                extracted_comments="\n".join(comments),
                references=((reference, None),),
            )
        )
    return Catalogue(
        entries=tuple(entries),
        metadata=template_metadata(info),
        header_comment=(
            f"Catalogue template for translations of {info.title or info.project}.\n"
            f"Extracted from {reference} by `toolkit extract`: do not edit, run it again.\n"
            "Each entry's context is the stable ID of its block in the TEI."
        ),
        header_fuzzy=True,
    )


def template_metadata(info: TemplateInfo) -> tuple[tuple[str, str], ...]:
    """Give the header fields of a template, as xgettext writes them."""
    return (
        ("Project-Id-Version", info.project),
        ("Report-Msgid-Bugs-To", info.bugs_address),
        ("POT-Creation-Date", info.creation_date),
        ("PO-Revision-Date", "YEAR-MO-DA HO:MI+ZONE"),
        ("Last-Translator", "FULL NAME <EMAIL@ADDRESS>"),
        ("Language-Team", "LANGUAGE <LL@li.org>"),
        ("Language", ""),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
    )


def creation_date(document: Document, epoch: int | None = None) -> str:
    """Give the template's creation date: from SOURCE_DATE_EPOCH if given, otherwise the
    date of the document's latest revision, so that extracting twice gives the same file.
    """
    if epoch is not None:
        import datetime

        moment = datetime.datetime.fromtimestamp(epoch, tz=datetime.timezone.utc)
        return moment.strftime("%Y-%m-%d %H:%M+0000")
    dates = sorted(revision.when for revision in document.revisions if revision.when)
    if not dates:
        return "YEAR-MO-DA HO:MI+ZONE"
    latest = dates[-1]
    if len(latest) == 4:
        latest += "-01-01"
    elif len(latest) == 7:
        latest += "-01"
    return f"{latest[:10]} 00:00+0000"
