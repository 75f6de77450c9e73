"""Stable block IDs: hand out fresh ones, and carry them over to a revised edition.

An ID is the edition's prefix, a letter for the kind of block and a number:
``rb-p042`` is a paragraph of *The Revolution Betrayed*.  Numbers only grow:
a fresh ID takes the next number after every ID of that letter ever used,
including retired ones, so that no ID is ever handed out twice.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import PurePath

from toolkit.errors import DuplicateIdError
from toolkit.matching import SIMILAR, Matching, match_blocks
from toolkit.model import (
    DIVISION_TAGS,
    Block,
    BlockKind,
    Container,
    Document,
    map_document,
)

LETTERS: dict[BlockKind, str] = {
    BlockKind.TITLE: "t",
    BlockKind.HEADING: "h",
    BlockKind.PARAGRAPH: "p",
    BlockKind.ITEM: "i",
    BlockKind.QUOTATION: "q",
    BlockKind.VERSE: "l",
    BlockKind.OTHER: "b",
}
SECTION_LETTER = "s"
_PREFIX = r"[A-Za-z_][\w.-]*"
_ID = re.compile(rf"^(?P<prefix>{_PREFIX})-(?P<letter>[a-z])(?P<number>\d+)$")


def is_valid_prefix(prefix: str) -> bool:
    """Whether *prefix* can start an XML ID.

    >>> is_valid_prefix("rb"), is_valid_prefix("1x"), is_valid_prefix("a b")
    (True, False, False)
    """
    return re.fullmatch(_PREFIX, prefix) is not None
_DIGITS = 3


def prefix_from_name(name: str) -> str:
    """Give an ID prefix made of the initials of a file name's words.

    >>> prefix_from_name("tei/revolution-betrayed.xml")
    'rb'
    """
    stem = PurePath(name).stem
    initials = "".join(part[0] for part in re.split(r"[^A-Za-z0-9]+", stem) if part)
    initials = initials.lower()
    if not initials or not initials[0].isalpha():
        initials = "b" + initials
    return initials


def prefix_of(ids: Iterable[str]) -> str | None:
    """Give the most common prefix among *ids* that follow the scheme, or None."""
    found = Counter(m.group("prefix") for m in map(_ID.match, ids) if m)
    return found.most_common(1)[0][0] if found else None


class IdSource:
    """Hands out fresh IDs: never one in use, never one retired."""

    def __init__(self, prefix: str, taken: Iterable[str] = ()) -> None:
        self.prefix = prefix
        self.taken = set(taken)
        self.highest: dict[str, int] = {}
        for taken_id in self.taken:
            match = _ID.match(taken_id)
            if match and match.group("prefix") == prefix:
                letter, number = match.group("letter"), int(match.group("number"))
                self.highest[letter] = max(self.highest.get(letter, 0), number)

    def fresh(self, letter: str) -> str:
        """Give a new ID with *letter*, after every one used before."""
        number = self.highest.get(letter, 0)
        while True:
            number += 1
            candidate = f"{self.prefix}-{letter}{number:0{_DIGITS}d}"
            if candidate not in self.taken:
                break
        self.highest[letter] = number
        self.taken.add(candidate)
        return candidate


def assign_missing_ids(document: Document, prefix: str) -> tuple[Document, list[str]]:
    """Give *document* with an ID on every block and division that lacks one,
    and the list of IDs handed out (in document order)."""
    source = IdSource(prefix, set(document.ids) | document.retired_ids)
    handed_out: list[str] = []

    def on_block(block: Block) -> Block:
        if block.id is not None:
            return block
        handed_out.append(source.fresh(LETTERS[block.kind]))
        return replace(block, id=handed_out[-1])

    def on_container(container: Container) -> Container:
        if container.id is not None or container.tag not in DIVISION_TAGS:
            return container
        handed_out.append(source.fresh(SECTION_LETTER))
        return replace(container, id=handed_out[-1])

    return map_document(document, on_block, on_container), handed_out


@dataclass
class CarryOverReport:
    """What became of each block of the previous edition in the revised one."""

    unchanged: list[str] = field(default_factory=list)
    edited: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    split: list[tuple[str, list[str]]] = field(default_factory=list)
    merged: list[tuple[list[str], str]] = field(default_factory=list)
    new: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    sections_kept: int = 0
    sections_new: list[str] = field(default_factory=list)

    @property
    def kept(self) -> int:
        """How many blocks kept their ID as they were or edited (moved ones included)."""
        return len(self.unchanged) + len(self.edited)

    def summary(self) -> str:
        """One line of counts."""
        return (
            f"kept {self.kept} (unchanged {len(self.unchanged)}, edited {len(self.edited)}), "
            f"moved {len(self.moved)}, split {len(self.split)}, merged {len(self.merged)}, "
            f"new {len(self.new)}, retired {len(self.retired)}"
        )

    def details(self) -> list[str]:
        """One line for every block that did not simply stay as it was."""
        lines = [f"edited  {i}" for i in self.edited]
        lines += [f"moved   {i}" for i in self.moved]
        lines += [f"split   {old} -> {' + '.join(parts)}" for old, parts in self.split]
        lines += [f"merged  {' + '.join(parts)} -> {new}" for parts, new in self.merged]
        lines += [f"new     {i}" for i in self.new]
        lines += [f"retired {i}" for i in self.retired]
        return lines


def _group(block: Block) -> str:
    return "heading" if block.kind.is_heading else "body"


def carry_over_ids(
    previous: Document,
    revised: Document,
    prefix: str | None = None,
    threshold: float = SIMILAR,
) -> tuple[Document, CarryOverReport, Matching]:
    """Give *revised* with the IDs of *previous* carried over, a report, and the matching.

    A block unchanged, edited or moved keeps its ID; of a block split in
    parts, the part that carries most of it keeps the ID and the others get
    fresh ones; blocks merged into one give it the ID of the one it carries
    most of; new blocks get fresh IDs; the IDs of deleted and merged-away
    blocks are retired (listed in the report, to be recorded by the caller).
    Divisions keep the ID of the previous division most of their blocks came from.
    Where *revised* already carries IDs of *previous* (a revision made in the
    TEI itself), those blocks keep them whatever their content.
    """
    known = _shared_ids(previous, revised)
    revised = _without_ids(revised)
    old_blocks, new_blocks = previous.blocks, revised.blocks
    matching = match_blocks(
        [b.text for b in old_blocks],
        [b.text for b in new_blocks],
        [_group(b) for b in old_blocks],
        [_group(b) for b in new_blocks],
        threshold,
        known,
    )
    prefix = prefix or prefix_of(previous.ids) or "b"
    source = IdSource(prefix, set(previous.ids) | previous.retired_ids)
    report = CarryOverReport()

    new_ids: dict[int, str] = {}
    # Blocks that carry a split or merged block on are reported as such, not as edited.
    reshaped = {matching.pairs[i] for i in matching.split_parts.values()}
    reshaped |= set(matching.merged_parts.values())
    for i, j in matching.pairs.items():
        old_id = old_blocks[i].id
        if old_id is None:
            continue
        new_ids[j] = old_id
        if old_blocks[i].text == new_blocks[j].text:
            report.unchanged.append(old_id)
        elif j not in reshaped:
            report.edited.append(old_id)
        if j in matching.moved:
            report.moved.append(old_id)
    for j, block in enumerate(new_blocks):
        if j not in new_ids:
            new_ids[j] = source.fresh(LETTERS[block.kind])
            if j not in matching.split_parts:
                report.new.append(new_ids[j])
    splits: dict[int, list[int]] = {}
    for j, i in matching.split_parts.items():
        splits.setdefault(i, []).append(j)
    for i, parts in sorted(splits.items()):
        carrier = matching.pairs[i]
        report.split.append(
            (str(old_blocks[i].id), [new_ids[j] for j in sorted([carrier, *parts])])
        )
    merges: dict[int, list[int]] = {}
    for i, j in matching.merged_parts.items():
        merges.setdefault(j, []).append(i)
    carried_by = {j: i for i, j in matching.pairs.items()}
    for j, parts in sorted(merges.items()):
        carrier = carried_by[j]
        report.merged.append(([str(old_blocks[i].id) for i in sorted([carrier, *parts])], new_ids[j]))

    position = iter(range(len(new_blocks)))

    def on_block(block: Block) -> Block:
        return replace(block, id=new_ids[next(position)])

    identified = map_document(revised, on_block)
    identified, section_report = _carry_over_sections(previous, identified, source)
    report.sections_kept, report.sections_new = section_report
    in_use = set(identified.ids)
    report.retired = [
        i for i in previous.ids if i not in in_use and i not in previous.retired_ids
    ]
    report.unchanged.sort(key=_id_order)
    report.edited.sort(key=_id_order)
    report.moved.sort(key=_id_order)
    ensure_unique_ids(identified)
    return identified, report, matching


def _id_order(identifier: str) -> tuple[str, int, str]:
    match = _ID.match(identifier)
    if match:
        return match.group("letter"), int(match.group("number")), identifier
    return "", 0, identifier


def _shared_ids(previous: Document, revised: Document) -> dict[int, int]:
    """Pairs of block positions (previous, revised) that carry the same ID.

    A revised edition prepared from the previous TEI keeps the IDs its
    editor kept; those are trusted, and content decides for the other blocks.
    A retired ID found in it is not: its block gets a fresh one.
    """
    positions = {b.id: i for i, b in enumerate(previous.blocks) if b.id is not None}
    retired = previous.retired_ids
    return {
        positions[b.id]: j
        for j, b in enumerate(revised.blocks)
        if b.id in positions and b.id not in retired
    }


def _without_ids(document: Document) -> Document:
    return map_document(
        document,
        lambda block: replace(block, id=None),
        lambda c: replace(c, id=None) if c.tag in DIVISION_TAGS else c,
    )


def _carry_over_sections(
    previous: Document, revised: Document, source: IdSource
) -> tuple[Document, tuple[int, list[str]]]:
    section_of = {b.id: b.section for b in previous.blocks if b.id is not None}
    heading_weight = 3
    taken: set[str] = set()
    kept = 0
    fresh: list[str] = []
    votes_by_division: list[Counter[str]] = []
    for container in revised.containers():
        if container.tag in DIVISION_TAGS:
            # A section is where most of its blocks came from; its heading counts most.
            votes: Counter[str] = Counter()
            for block in container.blocks():
                old_section = section_of.get(block.id) if block.id else None
                if old_section is not None:
                    votes[old_section] += heading_weight if block.kind is BlockKind.HEADING else 1
            votes_by_division.append(votes)
    division = iter(votes_by_division)

    def on_container(container: Container) -> Container:
        nonlocal kept
        if container.tag not in DIVISION_TAGS:
            return container
        votes = next(division)
        for candidate, _ in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0])):
            if candidate not in taken:
                taken.add(candidate)
                kept += 1
                return replace(container, id=candidate)
        fresh.append(source.fresh(SECTION_LETTER))
        return replace(container, id=fresh[-1])

    return map_document(revised, lambda b: b, on_container), (kept, fresh)


def ensure_unique_ids(document: Document) -> None:
    """Raise :class:`DuplicateIdError` if two nodes of *document* share an ID."""
    seen: set[str] = set()
    for identifier in document.ids:
        if identifier in seen:
            raise DuplicateIdError(f"duplicate ID {identifier}", document.path)
        seen.add(identifier)
