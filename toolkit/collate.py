"""Collate three or more editions: for each block, which witnesses read what.

The first edition is the base. Each other edition is compared with it
(:func:`toolkit.diff.diff_editions`), which says which of its blocks carries
each base block on; inside each block, the differences of every witness are
placed in the base text, and differences that touch or overlap are joined
into one variant location, so that each location gives every witness's
reading whole (parallel segmentation).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .diff import BlockDiff, DiffOptions, EditionDiff, Region, block_names, change_regions, diff_editions
from .model import Document


@dataclass(frozen=True)
class Segment:
    """A stretch of a block: one reading per witness, in witness order."""

    readings: tuple[str, ...]

    @property
    def varies(self) -> bool:
        """Whether the witnesses read it differently."""
        return len(set(self.readings)) > 1


@dataclass(frozen=True)
class CollatedBlock:
    """One block of the base and what every witness has for it.

    ``names`` gives, per witness, the blocks that carry it (none where the
    witness lacks it); ``ops`` what became of it in each witness after the base
    (same, changed, moved, split, merged, deleted), or, for a block the base
    lacks, ``added`` in the witnesses that have it.
    """

    names: tuple[tuple[str, ...], ...]
    ops: tuple[str, ...]
    segments: tuple[Segment, ...]

    @property
    def varies(self) -> bool:
        """Whether any witness reads the block differently from another."""
        return any(op != "same" for op in self.ops) or any(segment.varies for segment in self.segments)


@dataclass(frozen=True)
class Collation:
    """The collation of several editions, block by block in the base's order."""

    witnesses: tuple[str, ...]
    blocks: tuple[CollatedBlock, ...]
    comparisons: tuple[EditionDiff, ...]

    def summary(self) -> dict[str, dict[str, int]]:
        """For each witness after the base, how many blocks of each kind its comparison found."""
        return {diff.witnesses[1]: diff.summary() for diff in self.comparisons}


def _locations(regions: Sequence[Sequence[Region]], length: int) -> list[tuple[int, int]]:
    """Join the regions of all witnesses that overlap or touch into variant locations."""
    spans = sorted((region.start, region.end) for witness in regions for region in witness)
    joined: list[list[int]] = []
    for start, end in spans:
        if joined and start <= joined[-1][1]:
            joined[-1][1] = max(joined[-1][1], end)
        else:
            joined.append([start, end])
    return [(start, min(end, length)) for start, end in joined]


def _reading(base: str, start: int, end: int, regions: Sequence[Region]) -> str:
    """What a witness reads for base[start:end], given its regions that lie inside it, in order."""
    parts: list[str] = []
    cursor = start
    for region in regions:
        parts.append(base[cursor : region.start])
        parts.append(region.text)
        cursor = region.end
    parts.append(base[cursor:end])
    return "".join(parts)


def collate_texts(base: str, others: Sequence[str | None], options: DiffOptions = DiffOptions()) -> tuple[Segment, ...]:
    """Give the segments of *base* against each of *others* (None where a witness lacks
    the block, which then reads nothing).

    >>> [s.readings for s in collate_texts("in 1920 six", ["in 1921 six", "in 1920 five"])]
    [('in ', 'in ', 'in '), ('1920', '1921', '1920'), (' ', ' ', ' '), ('six', 'six', 'five')]
    """
    regions = [change_regions(base, other, options) if other is not None else () for other in others]
    segments: list[Segment] = []
    cursor = 0
    width = len(others) + 1
    for start, end in _locations(regions, len(base)):
        if start > cursor:
            segments.append(Segment((base[cursor:start],) * width))
        readings = [base[start:end]]
        for witness_regions, other in zip(regions, others):
            if other is None:
                readings.append("")
                continue
            inside = [region for region in witness_regions if start <= region.start and region.end <= end]
            readings.append(_reading(base, start, end, inside))
        segments.append(Segment(tuple(readings)))
        cursor = end
    if cursor < len(base) or not segments:
        segments.append(Segment((base[cursor:],) * width))
    missing = [index + 1 for index, other in enumerate(others) if other is None]
    if missing:
        segments = [
            Segment(tuple("" if index in missing else reading for index, reading in enumerate(segment.readings)))
            for segment in segments
        ]
    return tuple(segments)


def _with_witness(block: CollatedBlock, index: int, names: tuple[str, ...], text: str) -> CollatedBlock:
    """Give an added block with witness *index* (0 = the first after the base) reading it too."""
    all_names = list(block.names)
    all_names[index + 1] = names
    ops = list(block.ops)
    ops[index] = "added"
    readings = list(block.segments[0].readings)
    readings[index + 1] = text
    return CollatedBlock(tuple(all_names), tuple(ops), (Segment(tuple(readings)),))


def collate(
    editions: Sequence[Document],
    options: DiffOptions = DiffOptions(),
    witnesses: Sequence[str] | None = None,
) -> Collation:
    """Give the collation of *editions* (at least two), the first being the base."""
    if len(editions) < 2:
        raise ValueError("collation needs two editions or more")
    names = tuple(witnesses or (f"W{index + 1}" for index in range(len(editions))))
    base = editions[0]
    comparisons = [
        diff_editions(base, other, options, (names[0], names[index + 1])) for index, other in enumerate(editions[1:])
    ]
    texts = [
        {name: block.text for name, block in zip(block_names(edition), edition.blocks)} for edition in editions
    ]
    # For each base block, the entry of each comparison that holds it.
    holding: list[dict[str, BlockDiff]] = []
    for diff in comparisons:
        holding.append({name: entry for entry in diff.blocks for name in entry.a})
    collated: list[CollatedBlock] = []
    for base_name in block_names(base):
        others: list[str | None] = []
        carried: list[tuple[str, ...]] = []
        ops: list[str] = []
        for index, diff in enumerate(comparisons):
            entry = holding[index].get(base_name)
            if entry is None or not entry.b:
                others.append(None)
                carried.append(())
                ops.append("deleted")
                continue
            if entry.op == "merged" and entry.a[0] != base_name:
                # Merged into the block that carries an earlier base block: read there.
                others.append(None)
                carried.append(entry.b)
                ops.append("merged")
                continue
            others.append(" ".join(texts[index + 1][name] for name in entry.b))
            carried.append(entry.b)
            ops.append(entry.op)
        segments = collate_texts(texts[0][base_name], others, options)
        collated.append(CollatedBlock(((base_name,), *carried), tuple(ops), segments))
    # Blocks that some witness adds: each stands after the block it follows in that witness,
    # after any added there before it; the same text added by several witnesses is one block.
    for index, diff in enumerate(comparisons):
        previous: str | None = None
        at: int | None = None
        for entry in diff.blocks:
            if entry.op != "added":
                if entry.a:
                    previous, at = entry.a[-1], None
                continue
            text = " ".join(texts[index + 1][name] for name in entry.b)
            if at is None:
                at = next(
                    (position + 1 for position, item in enumerate(collated) if previous in item.names[0]), 0
                ) if previous is not None else 0
            # Skip past blocks added here by earlier witnesses, joining one that reads the same.
            joined = False
            while at < len(collated) and not collated[at].names[0]:
                existing = collated[at]
                if not joined and text in existing.segments[0].readings:
                    collated[at] = _with_witness(existing, index, entry.b, text)
                    joined = True
                    at += 1
                    break
                at += 1
            if joined:
                continue
            readings = [""] * len(editions)
            readings[index + 1] = text
            names_row: list[tuple[str, ...]] = [()] * len(editions)
            names_row[index + 1] = entry.b
            ops_row = ["-"] * len(comparisons)
            ops_row[index] = "added"
            collated.insert(at, CollatedBlock(tuple(names_row), tuple(ops_row), (Segment(tuple(readings)),)))
            at += 1
    return Collation(names, tuple(collated), tuple(comparisons))
