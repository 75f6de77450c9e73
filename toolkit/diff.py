"""Compare two editions block by block and word by word: a pure function over the model.

Blocks are matched by ID where both editions carry IDs of one scheme, and by
content for the rest (:func:`toolkit.matching.match_blocks`): same, changed,
moved, split, merged, added, deleted. Inside each matched group, the words
are compared with diff-match-patch in a word mode (each distinct token one
character), with semantic cleanup and no time limit, so the result never
depends on the machine's speed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

from diff_match_patch import diff_match_patch

from .matching import SIMILAR, match_blocks
from .model import Block, Document

BlockOp = Literal["same", "changed", "moved", "split", "merged", "added", "deleted"]
PieceOp = Literal["equal", "delete", "insert"]

_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
_WORD = re.compile(r"\w")
_SPACES = re.compile(r"[ \t\r\n]+")
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "‚": "'",
                         "‹": "'", "›": "'", "–": "-", "—": "-", "‒": "-", "―": "-", "‐": "-", "‑": "-"})
# Characters for tokens, clear of the surrogates, which cannot stand alone in a string.
_FIRST_CODE = 0x100


@dataclass(frozen=True)
class DiffOptions:
    """What counts as a difference, as textual editors set it (CollateX and Juxta have these)."""

    ignore_case: bool = False
    ignore_punctuation: bool = False
    ignore_whitespace: bool = False
    normalize_typography: bool = False
    threshold: float = SIMILAR


@dataclass(frozen=True)
class Piece:
    """A run of text both blocks share (equal), or only the first (delete) or second (insert) has."""

    op: PieceOp
    text: str


@dataclass(frozen=True)
class Change:
    """One difference inside a block: words inserted, deleted, or replaced by others."""

    op: Literal["insert", "delete", "replace"]
    a: str
    b: str


@dataclass(frozen=True)
class BlockDiff:
    """What became of blocks of the first edition in the second.

    ``a`` and ``b`` name the blocks of each edition (by ID, or by 0-based
    position among the blocks where the edition has no IDs); ``pieces`` is the
    word-level comparison of their texts, ``changes`` the same as changes.
    """

    op: BlockOp
    a: tuple[str, ...]
    b: tuple[str, ...]
    pieces: tuple[Piece, ...] = ()
    section_a: str | None = None
    section_b: str | None = None
    # For a moved block: the block that stood before it in the first edition (None if first).
    after_a: str | None = None

    @property
    def changes(self) -> tuple[Change, ...]:
        """The differences inside the blocks, in order."""
        return changes_of(self.pieces)


@dataclass(frozen=True)
class EditionDiff:
    """The comparison of two editions: one entry per matched group of blocks, in reading order."""

    witnesses: tuple[str, str]
    blocks: tuple[BlockDiff, ...] = field(default_factory=tuple)

    def summary(self) -> dict[str, int]:
        """How many entries of each kind, every kind present (zero where none)."""
        counts = Counter(block.op for block in self.blocks)
        return {op: counts.get(op, 0) for op in ("same", "changed", "moved", "split", "merged", "added", "deleted")}


def block_names(document: Document) -> list[str]:
    """Give each block's name for a diff: its ID, or its 0-based position as ``toolkit text`` lists it."""
    return [block.id if block.id is not None else str(index) for index, block in enumerate(document.blocks)]


def _key(token: str, options: DiffOptions) -> str | None:
    """Give what a token is compared as, or None for a token the options ignore."""
    if token.isspace():
        # Runs of ordinary spaces and line ends are one space; a no-break space is
        # part of the text (it joins "10 000") and counts as itself.
        return None if options.ignore_whitespace else _SPACES.sub(" ", token)
    if options.normalize_typography:
        token = token.translate(_QUOTES)
    if options.ignore_punctuation and not _WORD.match(token):
        return None
    return token.casefold() if options.ignore_case else token


@dataclass
class _Side:
    text: str
    keys: list[str]
    starts: list[int]
    ends: list[int]


def _side(text: str, options: DiffOptions) -> _Side:
    side = _Side(text, [], [], [])
    for match in _TOKEN.finditer(text):
        key = _key(match.group(), options)
        if key is not None:
            side.keys.append(key)
            side.starts.append(match.start())
            side.ends.append(match.end())
    return side


def _token_diff(old: str, new: str, options: DiffOptions) -> tuple[_Side, _Side, list[tuple[int, str]]]:
    """Diff the compared tokens of two texts: each distinct token one character, then
    diff-match-patch with semantic cleanup and no time limit."""
    a, b = _side(old, options), _side(new, options)
    table: dict[str, str] = {}

    def encode(keys: list[str]) -> str:
        chars = []
        for key in keys:
            char = table.get(key)
            if char is None:
                code = _FIRST_CODE + len(table)
                char = table[key] = chr(code + 0x800 if code >= 0xD800 else code)
            chars.append(char)
        return "".join(chars)

    engine = diff_match_patch()
    engine.Diff_Timeout = 0
    diffs: list[tuple[int, str]] = engine.diff_main(encode(a.keys), encode(b.keys), False)
    engine.diff_cleanupSemantic(diffs)
    return a, b, diffs


@dataclass(frozen=True)
class Region:
    """A difference placed in the first text: its span there (empty for an insertion)
    and what the second text has instead."""

    start: int
    end: int
    text: str


def change_regions(old: str, new: str, options: DiffOptions = DiffOptions()) -> tuple[Region, ...]:
    """Give the differences of *new* from *old* as spans of *old* and their replacements.

    >>> change_regions("a delay of 60 years", "a delay of 70 years")
    (Region(start=11, end=13, text='70'),)
    """
    a, b, diffs = _token_diff(old, new, options)
    regions: list[Region] = []
    ia = ib = 0
    run: list[tuple[int, int]] = []  # (code, count) of the non-equal run being gathered

    def close() -> None:
        nonlocal ia, ib
        if not run:
            return
        deleted = sum(count for code, count in run if code == -1)
        inserted = sum(count for code, count in run if code == 1)
        if deleted:
            start, end = a.starts[ia], a.ends[ia + deleted - 1]
        else:
            start = end = a.starts[ia] if ia < len(a.starts) else len(old)
        text = new[b.starts[ib] : b.ends[ib + inserted - 1]] if inserted else ""
        if not deleted and text and ib + inserted < len(b.starts) and start < len(old):
            # An insertion before a token takes the spaces after it, so that the texts rebuild.
            text = new[b.starts[ib] : b.starts[ib + inserted]]
        regions.append(Region(start, end, text))
        ia += deleted
        ib += inserted
        run.clear()

    for code, chars in diffs:
        if code == 0:
            close()
            ia += len(chars)
            ib += len(chars)
        else:
            run.append((code, len(chars)))
    close()
    return tuple(regions)


def word_pieces(old: str, new: str, options: DiffOptions = DiffOptions()) -> tuple[Piece, ...]:
    """Give the word-level comparison of *old* and *new*, as runs shown from the texts themselves.

    Text the options ignore (case, punctuation, whitespace, typographic variants)
    never makes a difference; equal runs are shown as the second text has them.

    >>> [(p.op, p.text) for p in word_pieces("With a delay of 60 years", "With a delay of 70 years")]
    [('equal', 'With a delay of '), ('delete', '60'), ('insert', '70'), ('equal', ' years')]
    """
    a, b, diffs = _token_diff(old, new, options)
    pieces: list[Piece] = []
    ia = ib = 0
    shown_b = 0  # how much of the second text has been shown

    def add(op: PieceOp, text: str) -> None:
        if not text:
            return
        if pieces and pieces[-1].op == op:
            pieces[-1] = Piece(op, pieces[-1].text + text)
        else:
            pieces.append(Piece(op, text))

    previous = 0
    for code, chars in diffs:
        count = len(chars)
        if code == 0:
            end = b.ends[ib + count - 1]
            add("equal", new[shown_b:end])
            shown_b = end
            ia += count
            ib += count
        elif code == -1:
            add("delete", old[a.starts[ia] : a.ends[ia + count - 1]])
            ia += count
        else:
            start = b.starts[ib]
            gap = new[shown_b:start]
            if previous == -1 and gap:
                # Text the options ignore between a deletion and its insertion goes before
                # the deletion, so that the replacement reads as one change.
                at = len(pieces) - 1
                if at > 0 and pieces[at - 1].op == "equal":
                    pieces[at - 1] = Piece("equal", pieces[at - 1].text + gap)
                else:
                    pieces.insert(at, Piece("equal", gap))
            else:
                add("equal", gap)
            add("insert", new[start : b.ends[ib + count - 1]])
            shown_b = b.ends[ib + count - 1]
            ib += count
        previous = code
    add("equal", new[shown_b:])
    return tuple(pieces)


def changes_of(pieces: tuple[Piece, ...]) -> tuple[Change, ...]:
    """Give the differences among *pieces*: a deletion next to an insertion is a replacement."""
    changes: list[Change] = []
    index = 0
    while index < len(pieces):
        piece = pieces[index]
        following = pieces[index + 1] if index + 1 < len(pieces) else None
        if piece.op == "delete" and following is not None and following.op == "insert":
            changes.append(Change("replace", piece.text, following.text))
            index += 2
            continue
        if piece.op == "delete":
            changes.append(Change("delete", piece.text, ""))
        elif piece.op == "insert":
            changes.append(Change("insert", "", piece.text))
        index += 1
    return tuple(changes)


def _group(block: Block) -> str:
    return "heading" if block.kind.is_heading else "text"


def _shared_ids(first: Document, second: Document) -> dict[int, int]:
    """Pairs of blocks that carry the same ID in both editions, when the editions share one
    scheme of IDs (most of the IDs of one are in the other); none otherwise, since IDs of
    two schemes that happen to coincide say nothing."""
    where = {block.id: index for index, block in enumerate(second.blocks) if block.id is not None}
    pairs = {
        index: where[block.id]
        for index, block in enumerate(first.blocks)
        if block.id is not None and block.id in where
    }
    identified = min(len(where), sum(1 for block in first.blocks if block.id is not None))
    return pairs if identified and len(pairs) * 2 >= identified else {}


def diff_editions(
    first: Document,
    second: Document,
    options: DiffOptions = DiffOptions(),
    witnesses: tuple[str, str] = ("A", "B"),
) -> EditionDiff:
    """Give the comparison of *first* and *second*, block by block and word by word."""
    old_blocks, new_blocks = first.blocks, second.blocks
    old_texts = [_compared(block.text, options) for block in old_blocks]
    new_texts = [_compared(block.text, options) for block in new_blocks]
    matching = match_blocks(
        old_texts,
        new_texts,
        [_group(block) for block in old_blocks],
        [_group(block) for block in new_blocks],
        threshold=options.threshold,
        known=_shared_ids(first, second),
    )
    old_names, new_names = block_names(first), block_names(second)
    # Gather what each new block holds: the old block paired with it, blocks merged into
    # it; and what each old block became: its pair and the parts split off it.
    split_off: dict[int, list[int]] = {}
    for new_index, old_index in matching.split_parts.items():
        split_off.setdefault(old_index, []).append(new_index)
    merged_into: dict[int, list[int]] = {}
    for old_index, new_index in matching.merged_parts.items():
        merged_into.setdefault(new_index, []).append(old_index)
    pair_of_new = {new: old for old, new in matching.pairs.items()}

    entries: list[tuple[float, BlockDiff]] = []
    placed_new: set[int] = set()
    for old_index, new_index in sorted(matching.pairs.items(), key=lambda item: item[1]):
        if new_index in placed_new:
            continue
        parts = sorted([new_index, *split_off.get(old_index, [])])
        sources = sorted([old_index, *merged_into.get(new_index, [])])
        if len(parts) > 1:
            op: BlockOp = "split"
        elif len(sources) > 1:
            op = "merged"
        else:
            op = "moved" if new_index in matching.moved else "same"
        old_text = " ".join(old_blocks[i].text for i in sources)
        new_text = " ".join(new_blocks[j].text for j in parts)
        pieces = word_pieces(old_text, new_text, options)
        if op == "same" and any(piece.op != "equal" for piece in pieces):
            op = "changed"
        placed_new.update(parts)
        after = old_names[sources[0] - 1] if op == "moved" and sources[0] > 0 else None
        entries.append(
            (
                float(parts[0]),
                BlockDiff(
                    op,
                    tuple(old_names[i] for i in sources),
                    tuple(new_names[j] for j in parts),
                    pieces,
                    old_blocks[sources[0]].section,
                    new_blocks[parts[0]].section,
                    after,
                ),
            )
        )
    for new_index in matching.added:
        if new_index in placed_new or new_index in pair_of_new:
            continue
        text = new_blocks[new_index].text
        entries.append(
            (
                float(new_index),
                BlockDiff("added", (), (new_names[new_index],), (Piece("insert", text),), None,
                          new_blocks[new_index].section),
            )
        )
    for old_index in matching.deleted:
        text = old_blocks[old_index].text
        entries.append(
            (
                _place_of_deleted(old_index, matching.pairs, len(new_blocks)),
                BlockDiff("deleted", (old_names[old_index],), (), (Piece("delete", text),),
                          old_blocks[old_index].section, None),
            )
        )
    entries.sort(key=lambda item: item[0])
    return EditionDiff(witnesses, tuple(entry for _, entry in entries))


def _place_of_deleted(old_index: int, pairs: dict[int, int], new_count: int) -> float:
    """Where a deleted block stands in the second edition's order: just after the block
    that its nearest preceding surviving neighbour became."""
    for earlier in range(old_index - 1, -1, -1):
        if earlier in pairs:
            return pairs[earlier] + 0.5
    return -0.5 if new_count else 0.0


def _compared(text: str, options: DiffOptions) -> str:
    """The text as block matching sees it, with what the options ignore taken out."""
    if options.normalize_typography:
        text = text.translate(_QUOTES)
    if options.ignore_case:
        text = text.casefold()
    return text
