"""Align two editions, a source and its translation, block by block: the document-level alignment.

:func:`toolkit.align.align_texts` aligns lists of texts; here the lists are the
blocks of two :class:`~toolkit.model.Document` s (their running text, and
whether each is a heading), and the result keeps the documents, so that every
output (JSON, catalogue, TEI, review page) can name the blocks and give their
text. Problems that a person must hear about are said in words: a translation
with no blocks, beads below the confidence threshold, texts that do not seem to
correspond at all (another text, or the source itself).

:attr:`EditionAlignment.translations` then says what each source block gets
from its bead: the target block (1-1); the target blocks joined (1-2, 1-3);
nothing (1-0); or, where several source blocks share target text (2-1, 3-1,
2-2), its part of that text, cut between sentences where the sentences of the
two sides align (the sentences of the bead are aligned with
:func:`~toolkit.align.align_texts` in turn), or else all of it for the first
block and nothing for the others. Target blocks the translation adds (0-1) are
attached to the source block they follow.

Everything here is pure: documents in, alignment out.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from .align import Bead, align_texts
from .model import Block, BlockKind, Document
from .sentences import sentence_spans

# A bead whose confidence is below this is for a person to check (--threshold).
DEFAULT_THRESHOLD = 0.5
# Texts whose alignment is this unsure on average do not seem to translate each other.
CORRESPONDENCE_FLOOR = 0.5
# A cut of a shared paragraph is refused when the parts' lengths stray this far (a share of
# the paragraph) from the source blocks' lengths: the sentences aligned, but not plausibly.
SPLIT_TOLERANCE = 0.25

# The usual shapes, always counted in a summary (others are added where they occur).
SHAPES: tuple[str, ...] = ("1-1", "1-0", "0-1", "2-1", "1-2", "2-2", "3-1", "1-3")

Share = Literal["one", "joined", "split", "first", "rest", "none"]
"""What a source block gets from its bead: ``one`` target block (1-1); target blocks
``joined`` (1-2, 1-3); its part of a shared paragraph, ``split`` between sentences;
all of a shared paragraph that could not be cut (``first``), or nothing because the
first block got it all (``rest``); ``none``: the translation has no counterpart (1-0)."""


@dataclass(frozen=True)
class BlockTranslation:
    """What one source block gets from the alignment: its translation (perhaps empty), how
    it got it, and the target blocks the translation adds after it (0-1 beads)."""

    index: int
    bead: Bead
    text: str
    share: Share
    low: bool
    # Positions of target blocks the translation adds after this block (0-1 beads)...
    added_after: tuple[int, ...] = ()
    # ... and, for the first source block only, before it.
    added_before: tuple[int, ...] = ()


def block_names(document: Document) -> tuple[str, ...]:
    """Give each block's name: its ID, or its 0-based position among the blocks of the
    edition, as ``toolkit text --ids`` lists them.

    >>> from toolkit.model import BlockKind
    >>> block_names(Document(body=(Block(BlockKind.PARAGRAPH, id="a-p1"), Block(BlockKind.PARAGRAPH))))
    ('a-p1', '1')
    """
    return tuple(block.id if block.id is not None else str(index) for index, block in enumerate(document.blocks))


@dataclass(frozen=True)
class EditionAlignment:
    """Two editions aligned: both documents, the beads (0-based block positions), how sure
    the aligner is, and the problems a person must hear about."""

    source: Document
    target: Document
    beads: tuple[Bead, ...]
    problems: tuple[str, ...]
    confidence: float
    threshold: float = DEFAULT_THRESHOLD
    # False where the texts do not seem to translate each other (see the problems).
    corresponds: bool = True

    @property
    def source_blocks(self) -> tuple[Block, ...]:
        """The source's blocks, in order."""
        return self.source.blocks

    @property
    def target_blocks(self) -> tuple[Block, ...]:
        """The translation's blocks, in order."""
        return self.target.blocks

    @cached_property
    def source_names(self) -> tuple[str, ...]:
        """The name of each source block (ID or position)."""
        return block_names(self.source)

    @cached_property
    def target_names(self) -> tuple[str, ...]:
        """The name of each target block (ID or position)."""
        return block_names(self.target)

    def is_low(self, bead: Bead) -> bool:
        """Whether *bead* is below the confidence threshold."""
        return bead.confidence < self.threshold

    @property
    def low(self) -> tuple[Bead, ...]:
        """The beads below the confidence threshold, in text order."""
        return tuple(bead for bead in self.beads if self.is_low(bead))

    def summary(self) -> dict[str, int]:
        """The number of beads of each shape, every usual shape listed (in a fixed order)."""
        counts = Counter(bead.shape for bead in self.beads)
        result = {shape: counts.get(shape, 0) for shape in SHAPES}
        for shape in sorted(set(counts) - set(SHAPES)):
            result[shape] = counts[shape]
        return result

    def summary_line(self) -> str:
        """One line: blocks, beads per shape, how many below the threshold, mean confidence."""
        shapes = ", ".join(f"{count} {shape}" for shape, count in self.summary().items() if count)
        return (
            f"{len(self.source_blocks)} source blocks, {len(self.target_blocks)} translation blocks: "
            f"{len(self.beads)} beads ({shapes or 'none'}); {len(self.low)} below the confidence threshold "
            f"{self.threshold:g}; mean confidence {self.confidence:.2f}"
        )

    @cached_property
    def translations(self) -> tuple[BlockTranslation, ...]:
        """What each source block gets from the alignment, one per source block, in order."""
        return _block_translations(self)

    def additions(self) -> list[tuple[int, int | None]]:
        """Each target block the translation adds (0-1), with the source block it follows
        (None when it comes before the first)."""
        found: list[tuple[int, int | None]] = []
        for item in self.translations:
            found += [(position, None) for position in item.added_before]
            found += [(position, item.index) for position in item.added_after]
        if not self.translations:
            found = [(position, None) for bead in self.beads for position in bead.target if not bead.source]
        return found


def align_editions(source: Document, target: Document, threshold: float = DEFAULT_THRESHOLD) -> EditionAlignment:
    """Give the alignment of the blocks of *target* (a translation) with those of *source*.

    Each block is aligned by its running text, headings with headings; beads whose
    confidence is below *threshold* are counted among the problems.
    """
    source_blocks, target_blocks = source.blocks, target.blocks
    # Labels ("1)", "a.") go with the text: their numbers are anchors too.
    alignment = align_texts(
        [block.labelled_text for block in source_blocks],
        [block.labelled_text for block in target_blocks],
        [block.kind.is_heading for block in source_blocks],
        [block.kind.is_heading for block in target_blocks],
        source_items=[block.kind is BlockKind.ITEM for block in source_blocks],
        target_items=[block.kind is BlockKind.ITEM for block in target_blocks],
    )
    problems: list[str] = []
    if not source_blocks:
        problems.append("the source has no blocks")
    if not target_blocks:
        problems.append("the translation has no blocks")
    if source_blocks and target_blocks:
        problems += [problem for problem in alignment.problems if problem not in problems]
    low = sum(1 for bead in alignment.beads if bead.confidence < threshold)
    if low and source_blocks and target_blocks:
        problems.append(f"{low} {'bead' if low == 1 else 'beads'} below the confidence threshold {threshold:g}")
    doubts = _doubts(source_blocks, target_blocks, alignment.beads, alignment.confidence)
    problems += doubts
    return EditionAlignment(
        source=source,
        target=target,
        beads=alignment.beads,
        problems=tuple(problems),
        confidence=alignment.confidence,
        threshold=threshold,
        corresponds=bool(source_blocks and target_blocks and not doubts),
    )


def _doubts(source: Sequence[Block], target: Sequence[Block], beads: Sequence[Bead], confidence: float) -> list[str]:
    """Say why the two texts do not seem to translate each other, if they do not."""
    if not source or not target:
        return []
    doubts: list[str] = []
    pairs = [(source[bead.source[0]], target[bead.target[0]]) for bead in beads if bead.shape == "1-1"]
    same = sum(1 for a, b in pairs if a.text == b.text and any(char.isalpha() for char in a.text))
    if same and same * 2 > len(pairs):
        doubts.append(f"the translation seems to be the source itself: {same} of {len(source)} blocks are "
                      "the same text in both")
    if confidence < CORRESPONDENCE_FLOOR:
        doubts.append(f"the texts do not seem to correspond: mean confidence {confidence:.2f}")
    alone = sum(len(bead.source) + len(bead.target) for bead in beads if not bead.source or not bead.target)
    total = len(source) + len(target)
    if alone * 2 > total:
        doubts.append(f"the texts do not seem to correspond: {alone} of {total} blocks have no counterpart")
    return doubts


# What each source block gets =================================================================


def _block_translations(alignment: EditionAlignment) -> tuple[BlockTranslation, ...]:
    source, target = alignment.source_blocks, alignment.target_blocks
    results: list[BlockTranslation] = []
    pending: list[int] = []  # 0-1 blocks met before the first source block
    for bead in alignment.beads:
        low = alignment.is_low(bead)
        if not bead.source:
            if results:
                last = results[-1]
                results[-1] = _with_additions(last, last.added_after + bead.target)
            else:
                pending += bead.target
            continue
        texts = [target[j].text for j in bead.target]
        if not texts:
            results += [BlockTranslation(i, bead, "", "none", low) for i in bead.source]
        elif len(bead.source) == 1:
            share: Share = "one" if len(texts) == 1 else "joined"
            results.append(BlockTranslation(bead.source[0], bead, _join(texts), share, low))
        else:
            parts = split_shared([source[i].text for i in bead.source], texts)
            if parts is not None:
                results += [BlockTranslation(i, bead, part, "split", low) for i, part in zip(bead.source, parts)]
            else:
                results.append(BlockTranslation(bead.source[0], bead, _join(texts), "first", low))
                results += [BlockTranslation(i, bead, "", "rest", low) for i in bead.source[1:]]
    if pending and results:
        first = results[0]
        results[0] = BlockTranslation(first.index, first.bead, first.text, first.share, first.low,
                                      first.added_after, tuple(pending))
    return tuple(results)


def _with_additions(item: BlockTranslation, added: tuple[int, ...]) -> BlockTranslation:
    return BlockTranslation(item.index, item.bead, item.text, item.share, item.low, added, item.added_before)


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _join(texts: Sequence[str]) -> str:
    """Give paragraphs joined into one: with a space, except between two characters of
    scripts written without spaces (Chinese, Japanese).

    >>> _join(["Uno.", "Dos."]), _join(["第一。", "第二。"])
    ('Uno. Dos.', '第一。第二。')
    """
    joined = ""
    for text in texts:
        if not text:
            continue
        if joined and not (_wide(joined[-1]) and _wide(text[0])):
            joined += " "
        joined += text
    return joined


def split_shared(sources: Sequence[str], targets: Sequence[str]) -> list[str] | None:
    """Give the target text that several source blocks share cut into one part per source
    block, between sentences, where the sentences of the two sides align; None where no
    such cut is found (too few sentences, or a target sentence that translates across the
    source blocks' boundary).

    >>> split_shared(["The war ended in 1918.", "Peace came in 1919. It did not last."],
    ...              ["La guerra terminó en 1918. La paz llegó en 1919. No duró."])
    ['La guerra terminó en 1918.', 'La paz llegó en 1919. No duró.']
    """
    # Each target sentence as (paragraph, start, end), so that parts are cut from the text itself.
    target_spans = [(k, start, end) for k, text in enumerate(targets) for start, end in sentence_spans(text)]
    if len(target_spans) < len(sources):
        return None
    source_sentences: list[str] = []
    bounds: list[int] = []
    for text in sources:
        spans = sentence_spans(text) or [(0, len(text))]
        source_sentences += [text[start:end] for start, end in spans]
        bounds.append(len(source_sentences))
    bounds.pop()
    target_sentences = [targets[k][start:end] for k, start, end in target_spans]
    alignment = align_texts(source_sentences, target_sentences)
    # Where each run of source sentences ends in the target: a cut only at a bead's end.
    ends: dict[int, int] = {}
    i = j = 0
    for bead in alignment.beads:
        i += len(bead.source)
        j += len(bead.target)
        ends.setdefault(i, j)
    cuts = [ends.get(bound) for bound in bounds]
    if any(cut is None for cut in cuts):
        return None
    points = [0] + [cut for cut in cuts if cut is not None] + [len(target_spans)]
    if any(a >= b for a, b in zip(points, points[1:])):
        return None
    # The parts' lengths must resemble the source blocks' (in proportion).
    source_total = sum(len(text) for text in sources) or 1
    target_lengths = [end - start for _, start, end in target_spans]
    target_total = sum(target_lengths) or 1
    done_source = done_target = 0
    for number, (begin, end) in enumerate(zip(points, points[1:])):
        done_source += len(sources[number])
        done_target += sum(target_lengths[begin:end])
        if abs(done_source / source_total - done_target / target_total) > SPLIT_TOLERANCE:
            return None
    parts: list[str] = []
    for begin, end in zip(points, points[1:]):
        pieces: list[str] = []
        paragraph: int | None = None
        for k, start, stop in target_spans[begin:end]:
            if k != paragraph:
                pieces.append(targets[k][start:stop])
                paragraph = k
            else:
                # The same paragraph: its own text from the first sentence to this one's end.
                first_start = next(s for p, s, _ in target_spans[begin:end] if p == k)
                pieces[-1] = targets[k][first_start:stop]
        parts.append(_join(pieces))
    return parts
