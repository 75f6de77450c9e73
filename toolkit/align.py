"""Align a translation with its source block by block: a monotonic sequence of beads.

A bead joins consecutive source blocks with consecutive target blocks: 1-1, 1-0 (the
translator dropped a block), 0-1 (the translator added one), 2-1 and 1-2 (merged or
split), 2-2, and larger where paragraphs were regrouped across their boundaries.

The method, in four passes, each a dynamic programme over a band around the previous
pass's path (widened wherever the path touches its edge), so that the work grows
linearly with the text (:mod:`toolkit.lattice`):

1. **Lengths and anchors.** Blocks are aligned as Gale and Church aligned sentences: the
   target's length against the source's times the ratio of the two texts, numbers,
   question marks, brackets and quotation marks, headings with headings
   (:mod:`toolkit.beadcost`). The ratio and its spread are measured on the 1-1 beads of
   a first alignment, so that a language written in fewer characters (Chinese) is
   handled as well as one written in more.
2. **A lexicon from the texts themselves.** The beads that pass is sure of teach which
   terms translate which (:mod:`toolkit.lexicon`): words, in Latin letters whatever their
   script, cut to a stem; characters, in scripts without spaces. The blocks are aligned
   again with the lexicon as one more cost; twice, the lexicon learned afresh.
3. **Sentences.** Paragraphs are where translators merge and split, so the last pass
   aligns the *sentences* of the whole text, in a band around the block alignment, with
   the same costs, a cost for each side on which a bead takes sentences from two
   paragraphs (none where the first paragraph breaks off in mid-sentence, as
   "Now, therefore," does), and moves that leave a whole paragraph alone.
4. **Beads.** Source and target blocks joined by sentence beads, directly or through
   others, make one block bead: two paragraphs translated as one, or three regrouped
   as two, come out as exactly the blocks involved.

Each bead's confidence is the probability, over all sentence alignments weighted by
their costs (forward-backward), that the alignment passes through both of the bead's
corners and through no corner between its blocks: that this bead, and no finer or
coarser one, is right.

Everything here is pure: texts in, beads out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from toolkit.alignunits import Units, Vocabulary, text_units
from toolkit.beadcost import SMOOTHING, LexicalEvidence, Scoring, StaticCosts, calibrate_lengths, moves_for
from toolkit.lattice import Band, Lattice, Step, band_around
from toolkit.lexicon import Lexicon, learn_lexicon

# Bead shapes between blocks and the negative log of their prior probability (after Gale
# and Church 1993; a block dropped or added is likelier between paragraphs than between
# sentences). Larger beads (3-1, 3-2...) come from the sentences, joined.
_INDEL = 0.02
BEAD_PRIORS: dict[tuple[int, int], float] = {
    (1, 1): -math.log(0.89),
    (1, 0): -math.log(_INDEL),
    (0, 1): -math.log(_INDEL),
    (2, 1): -math.log(0.089 / 2),
    (1, 2): -math.log(0.089 / 2),
    (2, 2): -math.log(0.011),
}
# Between sentences, also 3-1 and 1-3 (a sentence broken over three lines, as a preamble's
# "Now, therefore," / "The General Assembly" / "Proclaims..."); a whole paragraph left alone
# is one move.
SENTENCE_SHAPES: tuple[tuple[int, int], ...] = ((1, 1), (1, 2), (2, 1), (2, 2), (1, 0), (0, 1), (3, 1), (1, 3))
SENTENCE_PRIORS = {**BEAD_PRIORS, (3, 1): -math.log(0.005), (1, 3): -math.log(0.005)}

# Beads at least this sure teach the lexicon.
LEARN_FROM = 0.8
LEXICON_ROUNDS = 2
LEXICAL_WEIGHT = 0.5
# A bead taking sentences of two paragraphs costs this much more, on each side where it does.
STRADDLE = 2.0
# Sentences' lengths vary more than paragraphs': the spread measured on paragraphs, widened.
SENTENCE_SPREAD = 1.5
BLOCK_BAND = 20
SENTENCE_BAND = 15
# Block beads less sure than this, or not 1-1, and this many beads around them, are aligned
# again from their sentences.
REFINE_BELOW = 0.9
REFINE_AROUND = 1
# ... and so are 1-1 beads whose lengths lie this many spreads apart.
REFINE_DEVIATION = 3.0
# A bead whose lexical evidence (a log-likelihood ratio) falls this far below zero is
# even odds to be wrong, whatever its posterior; the lexicon must hold this many links.
DOUBT_OFFSET, DOUBT_SLOPE = 8.0, 0.3
MIN_LINKS_TO_DOUBT = 20


@dataclass(frozen=True)
class Bead:
    """Source blocks and target blocks that translate each other, by 0-based position."""

    source: tuple[int, ...]
    target: tuple[int, ...]
    cost: float
    confidence: float

    @property
    def shape(self) -> str:
        """``1-1``, ``2-1``, ``0-1``..."""
        return f"{len(self.source)}-{len(self.target)}"


@dataclass(frozen=True)
class Alignment:
    """The beads, in order, covering every block of both texts once; the texts' length
    ratio and its spread; the links of the lexicon learned; and any problems."""

    beads: tuple[Bead, ...]
    ratio: float
    spread: float
    band: int
    problems: tuple[str, ...] = field(default=())
    links: int = 0

    @property
    def confidence(self) -> float:
        """The mean confidence of the beads, weighted by the blocks they hold."""
        weights = [len(b.source) + len(b.target) for b in self.beads]
        total = sum(weights)
        return sum(b.confidence * w for b, w in zip(self.beads, weights)) / total if total else 0.0


@dataclass
class _Pass:
    steps: list[Step]
    lattice: Lattice
    band: Band


def _diagonal(n: int, m: int) -> np.ndarray:
    return np.arange(n + 1) * (m / n if n else 0.0)


def _centre_from_steps(steps: Sequence[Step], n: int) -> np.ndarray:
    """The target position of a path at every source position (the last one reached)."""
    centre = np.zeros(n + 1)
    for step in steps:
        span = step.i1 - step.i0
        for k in range(span + 1):
            centre[step.i0 + k] = step.j0 + (step.j1 - step.j0) * (k / span if span else 1.0)
        if not span:
            centre[step.i1] = max(centre[step.i1], step.j1)
    return np.maximum.accumulate(centre)


def _search(source: Units, target: Units, centre: np.ndarray, half_width: int, shapes: Sequence[tuple[int, int]],
            scoring: Scoring, size: int, posteriors: bool, band: Band | None = None, static: StaticCosts | None = None,
            **extra: float) -> _Pass:
    """The best path in a band around *centre* (or in *band*), widened until the path keeps
    off its edges."""
    n, m = len(source), len(target)
    width = half_width
    while True:
        band = band or band_around(centre, n, m, width)
        moves = moves_for(source, target, band, shapes, scoring, size, static=static, **extra)
        lattice = Lattice(moves)
        steps = lattice.best_path()
        if steps and (not lattice.touches_edge(steps) or band.width >= m + 1):
            break
        if steps:
            centre = _centre_from_steps(steps, n)
        width = max(width, (band.width - 4) // 2) * 2
        band = None
    if posteriors:
        lattice.run_posteriors()
    return _Pass(steps, lattice, band)


def _confident_beads(found: _Pass) -> list[tuple[list[int], list[int]]]:
    beads = []
    for step in found.steps:
        if step.i1 > step.i0 and step.j1 > step.j0:
            if found.lattice.step_posterior(step, found.lattice.step_cost(step)) >= LEARN_FROM:
                beads.append((list(range(step.i0, step.i1)), list(range(step.j0, step.j1))))
    return beads


def _block_beads(n_blocks: int, m_blocks: int, sentences: _Pass, source_sentences: Units,
                 target_sentences: Units) -> list[Bead]:
    """The blocks joined by the sentence path, as beads, with their confidence."""
    parent = list(range(n_blocks + m_blocks))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(x: int, y: int) -> None:
        parent[find(x)] = find(y)

    lattice = sentences.lattice
    step_cost: dict[int, float] = {}
    for step in sentences.steps:
        blocks = [int(source_sentences.block[k]) for k in range(step.i0, step.i1)]
        blocks += [n_blocks + int(target_sentences.block[k]) for k in range(step.j0, step.j1)]
        for other in blocks[1:]:
            union(blocks[0], other)
        if blocks:
            step_cost[blocks[0]] = step_cost.get(blocks[0], 0.0) + lattice.step_cost(step)
    # A block lying between two blocks of one bead belongs to it (a paragraph the
    # translator added inside a passage that was regrouped).
    changed = True
    while changed:
        changed = False
        groups: dict[int, list[int]] = {}
        for node in range(n_blocks + m_blocks):
            groups.setdefault(find(node), []).append(node)
        for members in groups.values():
            for low, high in ((0, n_blocks), (n_blocks, n_blocks + m_blocks)):
                side = [x for x in members if low <= x < high]
                if side and side[-1] - side[0] + 1 != len(side):
                    for x in range(side[0], side[-1] + 1):
                        if find(x) != find(members[0]):
                            union(x, members[0])
                            changed = True
    groups = {}
    for node in range(n_blocks + m_blocks):
        groups.setdefault(find(node), []).append(node)
    costs: dict[int, float] = {}
    for first, value in step_cost.items():
        root = find(first)
        costs[root] = costs.get(root, 0.0) + value
    # Sentence offsets of each block.
    source_start = np.searchsorted(source_sentences.block, np.arange(n_blocks + 1))
    target_start = np.searchsorted(target_sentences.block, np.arange(m_blocks + 1))
    beads: list[Bead] = []
    for root, members in groups.items():
        src = tuple(x for x in members if x < n_blocks)
        tgt = tuple(x - n_blocks for x in members if x >= n_blocks)
        i0 = int(source_start[src[0]]) if src else None
        i1 = int(source_start[src[-1] + 1]) if src else None
        j0 = int(target_start[tgt[0]]) if tgt else None
        j1 = int(target_start[tgt[-1] + 1]) if tgt else None
        bead = Bead(src, tgt, round(costs.get(root, 0.0), 4), 0.0)
        beads.append(_with_confidence(bead, sentences, i0, i1, j0, j1, source_start, target_start))
    beads.sort(key=lambda bead: (bead.source[0] if bead.source else -1, bead.target[0] if bead.target else -1))
    return _in_reading_order(beads)


def _with_confidence(bead: Bead, found: _Pass, i0: int | None, i1: int | None, j0: int | None, j1: int | None,
                     source_start: np.ndarray, target_start: np.ndarray) -> Bead:
    """The bead with its confidence: the path through both its corners and no corner between its blocks."""
    lattice = found.lattice
    if i0 is None or i1 is None:
        # A target block alone: its corners lie in the row of the source position before it.
        assert j0 is not None and j1 is not None
        row = _row_at(found.steps, j0)
        corners = [(row, j0), (row, j1)]
        inner = [(row, int(target_start[k])) for k in range(bead.target[0] + 1, bead.target[-1] + 1)]
    elif j0 is None or j1 is None:
        column = _column_at(found.steps, i0)
        corners = [(i0, column), (i1, column)]
        inner = [(int(source_start[k]), column) for k in range(bead.source[0] + 1, bead.source[-1] + 1)]
    else:
        corners = [(i0, j0), (i1, j1)]
        inner = [(int(source_start[a]), int(target_start[b]))
                 for a in range(bead.source[0], bead.source[-1] + 2)
                 for b in range(bead.target[0], bead.target[-1] + 2)
                 if (int(source_start[a]), int(target_start[b])) not in ((i0, j0), (i1, j1))
                 and i0 <= int(source_start[a]) <= i1 and j0 <= int(target_start[b]) <= j1]
    through = min(lattice.node_posterior(i, j) for i, j in corners)
    elsewhere = max((lattice.node_posterior(i, j) for i, j in inner), default=0.0)
    confidence = max(0.0, min(1.0, through - elsewhere))
    return Bead(bead.source, bead.target, bead.cost, round(confidence, 4))


def _row_at(steps: Sequence[Step], column: int) -> int:
    """The source position the path is at when it leaves target position *column* alone."""
    for step in steps:
        if step.i0 == step.i1 and step.j0 <= column < step.j1:
            return step.i0
    return 0


def _column_at(steps: Sequence[Step], row: int) -> int:
    """The target position the path is at when it leaves source position *row* alone."""
    for step in steps:
        if step.j0 == step.j1 and step.i0 <= row < step.i1:
            return step.j0
    return 0


def _in_reading_order(beads: list[Bead]) -> list[Bead]:
    """Beads ordered along both texts: target-only beads placed among the others by their position."""
    with_source = [b for b in beads if b.source]
    alone = sorted((b for b in beads if not b.source), key=lambda b: b.target[0])
    out: list[Bead] = []
    k = 0
    for bead in with_source:
        if bead.target:
            while k < len(alone) and alone[k].target[0] < bead.target[0]:
                out.append(alone[k])
                k += 1
        out.append(bead)
    out.extend(alone[k:])
    return out


def align_units(source: Units, target: Units, source_sentences: Units, target_sentences: Units,
                vocabulary: Vocabulary, band: int = BLOCK_BAND) -> Alignment:
    """Give the alignment of two texts given as units: blocks and their sentences (see
    :mod:`toolkit.alignunits`)."""
    n, m = len(source), len(target)
    if n == 0 or m == 0:
        alone = [Bead((i,), (), 0.0, 0.0) for i in range(n)] + [Bead((), (j,), 0.0, 0.0) for j in range(m)]
        return Alignment(tuple(alone), 1.0, 1.0, 0, ("one of the texts has no blocks",))
    size = len(vocabulary)
    shapes = tuple(BEAD_PRIORS)
    ratio = float(target.lengths.sum() or 1.0) / float(source.lengths.sum() or 1.0)
    scoring = Scoring(ratio, 0.2, BEAD_PRIORS)
    half = max(band, abs(n - m) + 3)
    lexicon: Lexicon | None = None
    # By lengths and anchors: once to measure the texts' length ratio, once to be sure of some
    # beads; then with the lexicon. All in the band the first pass settled in.
    static = StaticCosts()
    found = _search(source, target, _diagonal(n, m), half, shapes, scoring, size, posteriors=False, static=static)
    calibrated = calibrate_lengths(source, target, [(s.i0, s.j0) for s in found.steps
                                                    if (s.i1 - s.i0, s.j1 - s.j0) == (1, 1)])
    if calibrated is not None:
        scoring = Scoring(calibrated[0], calibrated[1], BEAD_PRIORS)
    found = _search(source, target, _diagonal(n, m), half, shapes, scoring, size, posteriors=True,
                    band=found.band, static=static)
    # The sure beads teach the lexicon; aligned with it, the blocks teach it again, and that
    # last lexicon serves the sentences.
    names = vocabulary.names
    for round_ in range(LEXICON_ROUNDS):
        confident = _confident_beads(found)
        if len(confident) < 5:
            break
        lexicon = learn_lexicon(source.terms, target.terms, confident, names)
        scoring = Scoring(scoring.ratio, scoring.spread, BEAD_PRIORS, lexicon, LEXICAL_WEIGHT)
        if round_ + 1 < LEXICON_ROUNDS:
            found = _search(source, target, _diagonal(n, m), half, shapes, scoring, size, posteriors=True,
                            band=found.band, static=static)
    sentence_scoring = Scoring(scoring.ratio, _sentence_spread(found, scoring, source_sentences, target_sentences),
                               SENTENCE_PRIORS, scoring.lexicon, LEXICAL_WEIGHT, None, marks=False, headings=False,
                               straddle=STRADDLE)
    beads: list[Bead] = []
    for first, last, region in _regions(found, source, target, scoring):
        if region is None:
            step = found.steps[first]
            cost = found.lattice.step_cost(step)
            beads.append(Bead(tuple(range(step.i0, step.i1)), tuple(range(step.j0, step.j1)), round(cost, 4),
                              round(found.lattice.step_posterior(step, cost), 4)))
            continue
        beads.extend(_refine(region, source_sentences, target_sentences, sentence_scoring, size))
    if lexicon is not None and lexicon.links >= MIN_LINKS_TO_DOUBT:
        evidence = LexicalEvidence(source, target, lexicon)
        beads = [_doubted(bead, evidence) for bead in beads]
    return Alignment(tuple(beads), scoring.ratio, scoring.spread, found.band.width,
                     links=lexicon.links if lexicon is not None else 0)


def _sentence_spread(found: _Pass, scoring: Scoring, source: Units, target: Units) -> float:
    """How much sentences' lengths vary in translation: measured on the sentences of sure 1-1
    block beads that have as many sentences on both sides, paired in order; else the
    paragraphs' spread, widened."""
    source_start = np.searchsorted(source.block, np.arange(found.band.n + 1))
    target_start = np.searchsorted(target.block, np.arange(found.band.m + 1))
    deviations: list[float] = []
    for step in found.steps:
        if (step.i1 - step.i0, step.j1 - step.j0) != (1, 1):
            continue
        s0, s1 = int(source_start[step.i0]), int(source_start[step.i1])
        t0, t1 = int(target_start[step.j0]), int(target_start[step.j1])
        if s1 - s0 < 2 or s1 - s0 != t1 - t0:
            continue
        if found.lattice.step_posterior(step, found.lattice.step_cost(step)) < LEARN_FROM:
            continue
        for a, b in zip(range(s0, s1), range(t0, t1)):
            deviations.append(abs(math.log((target.lengths[b] + SMOOTHING) /
                                           (scoring.ratio * source.lengths[a] + SMOOTHING))))
    if len(deviations) < 10:
        return scoring.spread * SENTENCE_SPREAD
    return min(0.8, max(0.05, sum(deviations) / len(deviations)))


def _doubted(bead: Bead, evidence: LexicalEvidence) -> Bead:
    """The bead, its confidence lowered when the lexicon says its blocks do not translate
    each other: however much likelier than its neighbours a bead is, it may still be wrong
    (a text that is not a translation, a translation in another order)."""
    if not bead.source or not bead.target:
        return bead
    plausible = 1.0 / (1.0 + math.exp(-DOUBT_SLOPE * (evidence(bead.source, bead.target) + DOUBT_OFFSET)))
    return Bead(bead.source, bead.target, bead.cost, round(bead.confidence * plausible, 4))


def _regions(found: _Pass, source: Units, target: Units,
             scoring: Scoring) -> list[tuple[int, int, list[Step] | None]]:
    """The block path cut into its sure 1-1 steps, each alone, and the stretches around the
    others (uncertain, not 1-1, or of lengths too far apart: a sentence moved across a
    paragraph boundary leaves both paragraphs sure, but one longer and one shorter), to be
    aligned again sentence by sentence."""
    steps = found.steps

    def unsure(step: Step) -> bool:
        if (step.i1 - step.i0, step.j1 - step.j0) != (1, 1):
            return True
        deviation = abs(math.log((target.lengths[step.j0] + SMOOTHING) /
                                 (scoring.ratio * source.lengths[step.i0] + SMOOTHING)))
        if deviation > REFINE_DEVIATION * scoring.spread:
            return True
        return found.lattice.step_posterior(step, found.lattice.step_cost(step)) < REFINE_BELOW

    unsure_steps = [k for k, step in enumerate(steps) if unsure(step)]
    marked = np.zeros(len(steps), dtype=bool)
    for k in unsure_steps:
        marked[max(0, k - REFINE_AROUND):k + REFINE_AROUND + 1] = True
    out: list[tuple[int, int, list[Step] | None]] = []
    k = 0
    while k < len(steps):
        if not marked[k]:
            out.append((k, k + 1, None))
            k += 1
            continue
        end = k
        while end < len(steps) and marked[end]:
            end += 1
        out.append((k, end, steps[k:end]))
        k = end
    return out


def _refine(region: list[Step], source_sentences: Units, target_sentences: Units, scoring: Scoring,
            size: int) -> list[Bead]:
    """The beads of a stretch of the block path, found again from its sentences."""
    i0, j0 = region[0].i0, region[0].j0
    i1, j1 = region[-1].i1, region[-1].j1
    source = source_sentences.of_blocks(i0, i1)
    target = target_sentences.of_blocks(j0, j1)
    if not len(source) or not len(target):
        # Nothing to pair: every block of the stretch stands alone.
        return [Bead((i,), (), 0.0, 1.0) for i in range(i0, i1)] + [Bead((), (j,), 0.0, 1.0) for j in range(j0, j1)]
    local = [Step(s.i0 - i0, s.j0 - j0, s.i1 - i0, s.j1 - j0) for s in region]
    centre = _sentence_centre(local, source, target, i1 - i0, j1 - j0)
    sentences = _search(source, target, centre, SENTENCE_BAND, SENTENCE_SHAPES, scoring, size, posteriors=True,
                        lone_prior=-math.log(_INDEL), heading_bonus=0.0, skip_cost=BEAD_PRIORS[(1, 0)])
    beads = _block_beads(i1 - i0, j1 - j0, sentences, source, target)
    return [Bead(tuple(i + i0 for i in b.source), tuple(j + j0 for j in b.target), b.cost, b.confidence)
            for b in beads]


def _sentence_centre(steps: Sequence[Step], source: Units, target: Units, n: int, m: int) -> np.ndarray:
    """The block path drawn in sentence positions: each block bead's sentences spread evenly."""
    source_start = np.searchsorted(source.block, np.arange(n + 1))
    target_start = np.searchsorted(target.block, np.arange(m + 1))
    centre = np.zeros(len(source) + 1)
    for step in steps:
        i0, i1 = int(source_start[step.i0]), int(source_start[step.i1])
        j0, j1 = float(target_start[step.j0]), float(target_start[step.j1])
        span = i1 - i0
        for k in range(span + 1):
            centre[i0 + k] = max(centre[i0 + k], j0 + (j1 - j0) * (k / span if span else 1.0))
    return np.maximum.accumulate(centre)


def align_texts(source: Sequence[str], target: Sequence[str], source_headings: Sequence[bool] | None = None,
                target_headings: Sequence[bool] | None = None, band: int = BLOCK_BAND, *,
                source_items: Sequence[bool] | None = None, target_items: Sequence[bool] | None = None) -> Alignment:
    """Give the alignment of two texts given as lists of blocks; the headings lists say which
    blocks are headings, and the items lists which are list items, where the markup knows.

    >>> beads = align_texts(["A first paragraph, of some length.", "A second one."],
    ...                     ["Un primer párrafo, de cierta longitud.", "Un segundo."]).beads
    >>> [(bead.source, bead.target) for bead in beads]
    [((0,), (0,)), ((1,), (1,))]
    """
    vocabulary = Vocabulary()
    source_blocks, source_sentences = text_units(source, vocabulary, source_headings, source_items)
    target_blocks, target_sentences = text_units(target, vocabulary, target_headings, target_items)
    return align_units(source_blocks, target_blocks, source_sentences, target_sentences, vocabulary, band)
