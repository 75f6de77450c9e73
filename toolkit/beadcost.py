"""The cost of every bead the aligner considers, for every node of a band at once.

A bead of a source units and b target units ending at node (i, j) costs, in the
negative log of its probability as Gale and Church reckoned,

- its shape's prior (most beads are 1-1);
- the lengths: the log of the target's length against the source's times the ratio of
  the two texts, over its usual spread (both estimated on the texts themselves);
- the anchors: numbers and marks present on one side only;
- structure: a heading with a paragraph;
- the lexicon: each linked term of either side whose partner is, or is not, on the
  other side of the bead, weighed by how likely that is in a true bead against a
  chance one (a longer stretch holds more by chance, so a term found in it says less);
- between sentences: a bead that takes sentences from two paragraphs of one side, unless
  the first paragraph ends in mid-sentence (``Now, therefore,``).

Everything is computed with NumPy over the whole band, one array per shape.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from toolkit.alignunits import MARKS, Units
from toolkit.lattice import INF, Band, Floats, Moves, Skip
from toolkit.lexicon import Lexicon

# Characters added to both lengths, so that very short blocks do not weigh like long ones.
SMOOTHING = 20.0
NUMBER_COST, NUMBER_CAP = 1.5, 4.0
MARK_COST, MARK_CAP = 0.25, 2.0
HEADING_ONE, HEADING_MANY, HEADING_ALONE = 3.0, 1.5, 0.5
# A list item translated as a paragraph, or the other way round: it happens, but seldom.
ITEM_ONE = 1.0
LEXICAL_CLIP = 30.0
_NUMBER_BUCKETS = 16
# Occurrences of linked terms looked up at once.
_CHUNK = 20_000
# Lengths of stretch at which hits and misses are weighed: so many points for each, from the
# mean unit's length divided by the span to that length times the span.
_HIT_GRID, _MISS_GRID, _GRID_SPAN = 32, 12, 20.0


@dataclass(frozen=True)
class Scoring:
    """What the costs depend on besides the units: the texts' length ratio and spread,
    the shapes' priors, and the lexicon with its weight (None before one is learned)."""

    ratio: float
    spread: float
    priors: dict[tuple[int, int], float]
    lexicon: Lexicon | None = None
    lexical_weight: float = 0.5
    lexical_clip: float | None = LEXICAL_CLIP
    marks: bool = True
    headings: bool = True
    straddle: float = 0.0


def _prefix(values: NDArray[np.float64]) -> NDArray[np.float64]:
    out = np.zeros((len(values) + 1,) + values.shape[1:])
    np.cumsum(values, axis=0, out=out[1:])
    return out


def _number_vectors(units: Units) -> NDArray[np.float64]:
    """Each unit's numbers as counts in hashed buckets (crc32, so the same in every run)."""
    vectors = np.zeros((len(units), _NUMBER_BUCKETS))
    for k, found in enumerate(units.numbers):
        for number in found:
            vectors[k, zlib.crc32(number.encode()) % _NUMBER_BUCKETS] += 1
    return vectors


def _mark_vectors(units: Units) -> NDArray[np.float64]:
    index = {mark: k for k, mark in enumerate(MARKS)}
    vectors = np.zeros((len(units), len(MARKS)))
    for k, found in enumerate(units.marks):
        for mark in found:
            vectors[k, index[mark]] += 1
    return vectors


class _Geometry:
    """Where each node of the band is: its row i, its column j, and what is valid."""

    def __init__(self, band: Band) -> None:
        self.band = band
        self.rows = np.arange(band.n + 1)[:, None].repeat(band.width, axis=1)
        self.cols = band.columns()
        self.inside = self.cols <= band.m

    def start_ok(self, a: int, b: int) -> NDArray[np.bool_]:
        return self.inside & (self.rows >= a) & (self.cols >= b)


class _Anchors:
    """Prefix sums of one kind of anchor (numbers, marks) on both sides."""

    def __init__(self, source: NDArray[np.float64], target: NDArray[np.float64]) -> None:
        self.source, self.target = _prefix(source), _prefix(target)
        self.has_source = _prefix((source.sum(axis=1) > 0).astype(np.float64))
        self.has_target = _prefix((target.sum(axis=1) > 0).astype(np.float64))


def _anchor_cost(geometry: _Geometry, anchors: _Anchors, a: int, b: int, ok: NDArray[np.bool_], per_item: float,
                 cap: float) -> NDArray[np.float64]:
    """Items (numbers, marks) of the bead on one side only, as a cost, at every valid node."""
    out = np.zeros(ok.shape)
    ps, pt, has_s, has_t = anchors.source, anchors.target, anchors.has_source, anchors.has_target
    rows, cols = geometry.rows, np.minimum(geometry.cols, geometry.band.m)
    some = ok & (((has_s[rows] - has_s[np.maximum(rows - a, 0)]) > 0) | ((has_t[cols] - has_t[np.maximum(cols - b, 0)]) > 0))
    r, c = rows[some], cols[some]
    if len(r):
        difference = np.abs((ps[r] - ps[r - a]) - (pt[c] - pt[c - b])).sum(axis=1)
        out[some] = np.minimum(cap, per_item * difference)
    return out


def _postings(units: Units, size: int) -> tuple[NDArray[np.int64], int]:
    """Sorted keys term * (len + 1) + unit, for every term of every unit."""
    stride = len(units) + 1
    counts = np.fromiter((len(found) for found in units.terms), dtype=np.int64, count=len(units))
    every = np.fromiter((term for found in units.terms for term in found), dtype=np.int64, count=int(counts.sum()))
    keys = every * stride + np.repeat(np.arange(len(units), dtype=np.int64), counts)
    keys.sort()
    return keys, stride


def _expand(starts: NDArray[np.int64], counts: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """For ranges (start, count), give the index of each range and each position in it."""
    owner = np.repeat(np.arange(len(starts)), counts)
    if not len(owner):
        return owner, owner
    offsets = np.arange(len(owner)) - np.repeat(np.cumsum(counts) - counts, counts)
    return owner, starts[owner] + offsets


def term_weights(rate: NDArray[np.float64], kept: NDArray[np.float64], length: NDArray[np.float64],
                 unit_length: float) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """What finding a term's partner in a stretch of the other side (a hit) and not finding
    it (a miss) weigh: log-likelihood ratios of a true bead against a chance one, for terms
    with these chances per character of being there by chance and these probabilities of
    being kept in translation, in stretches of these lengths, where units are *unit_length*
    long on average.

    A hit in a stretch four units long says less than in one unit's worth:

    >>> hit, miss = term_weights(np.array([0.001] * 2), np.array([0.8] * 2), np.array([100.0, 400.0]), 100.0)
    >>> hit.round(2).tolist(), miss.round(2).tolist()
    ([2.13, 0.95], [-1.51, -1.51])
    """
    # Beyond a unit's worth, the true bead holds the partner by chance too.
    p1 = np.minimum(1 - (1 - kept) * np.exp(-rate * np.maximum(length - unit_length, 0.0)), 0.99)
    # A term whose partner is likelier found by chance than kept in translation tells
    # nothing; the weights fall to nothing as it nears that point, so that stretches of
    # nearly equal lengths weigh nearly alike.
    p0 = np.minimum(np.clip(-np.expm1(-rate * length), 0.01, 0.99), p1)
    return np.log(p1 / p0), np.log((1 - p1) / (1 - p0))


class _LexicalWeights:
    """For one side's units: the linked terms of each unit and what finding their partners,
    or not, in a stretch of the other side weighs; and the postings of the other side, from
    which hits are counted.

    The lexicon says how often a term's partner is in the translation of its block, and how
    often it is in any block of the other side, by chance. The chance grows with the length
    of the stretch looked in, not with the number of units in it: a short line merged into
    a long paragraph hardly adds to what the paragraph holds by chance."""

    def __init__(self, units: Units, other: Units, partner: NDArray[np.int64], kept: NDArray[np.float64],
                 chance: NDArray[np.float64], size: int) -> None:
        counts = np.fromiter((len(found) for found in units.terms), dtype=np.int64, count=len(units))
        every = np.fromiter((term for found in units.terms for term in found), dtype=np.int64,
                            count=int(counts.sum()))
        owner = np.repeat(np.arange(len(units), dtype=np.int64), counts)
        has_partner = partner[every] >= 0 if len(every) else np.zeros(0, dtype=bool)
        linked = every[has_partner]
        # A unit of the other side's mean length holds a term's partner by chance as often
        # as the lexicon says a block does; a longer stretch more often, a shorter less.
        self.unit_length = max(1.0, float(other.lengths.mean())) if len(other) else 1.0
        self.other_prefix = _prefix(other.lengths)
        # Weighed once per term, whose occurrences then share the weights.
        terms, term_of = np.unique(linked, return_inverse=True)
        rate = -np.log1p(-np.minimum(chance[terms], 0.999)) / self.unit_length
        # What a hit and a miss weigh at stretches of these lengths: hits, for the nearest;
        # misses, summed over each unit's terms, to interpolate between.
        low, high = math.log(self.unit_length / _GRID_SPAN), math.log(self.unit_length * _GRID_SPAN)
        self.hit_grid, self.miss_grid = np.linspace(low, high, _HIT_GRID), np.linspace(low, high, _MISS_GRID)
        hit, miss = term_weights(rate[:, None], kept[terms][:, None], np.exp(self.hit_grid)[None, :], self.unit_length)
        self.hits_over_misses = hit - miss
        # Occurrences that tell anything at some length.
        useful = (hit != 0.0).any(axis=1)[term_of]
        self.unit = owner[has_partner][useful]
        self.partner: NDArray[np.int64] = partner[linked][useful]
        self.term_of = term_of[useful]
        miss = term_weights(rate[:, None], kept[terms][:, None], np.exp(self.miss_grid)[None, :],
                            self.unit_length)[1]
        self.misses = np.zeros((len(units), _MISS_GRID))
        for k in range(_MISS_GRID):
            self.misses[:, k] = np.bincount(self.unit, weights=miss[self.term_of, k], minlength=len(units))
        self.postings, self.stride = _postings(other, size)

    @staticmethod
    def _positions(grid: NDArray[np.float64], length: NDArray[np.float64]) -> tuple[NDArray[np.int64],
                                                                                    NDArray[np.float64]]:
        """Where stretches of these lengths fall on a grid of their logarithms: the point
        below, and how far on to the next."""
        step = grid[1] - grid[0]
        position = np.clip((np.log(np.maximum(length, 1.0)) - grid[0]) / step, 0.0, len(grid) - 1.0)
        below = np.minimum(position.astype(np.int64), len(grid) - 2)
        return below, position - below

    def hit_minus_miss(self, occurrence: NDArray[np.int64], end: NDArray[np.int64],
                       window: int) -> NDArray[np.float64]:
        """For occurrences found in the stretch of *window* units ending at *end*: what the hit
        weighs more than the miss already counted."""
        ends = np.arange(len(self.other_prefix))
        below, share = self._positions(self.hit_grid,
                                       self.other_prefix - self.other_prefix[np.maximum(ends - window, 0)])
        # The nearest point of the grid will do: these are many.
        nearest = below + (share >= 0.5)
        # Ends past the text are weighed as the text's last stretch (no bead ends there).
        end = np.minimum(end, len(self.other_prefix) - 1)
        out: NDArray[np.float64] = self.hits_over_misses.ravel()[self.term_of[occurrence] * _HIT_GRID + nearest[end]]
        return out

    def miss_per_unit(self, unit: NDArray[np.int64], length: NDArray[np.float64]) -> NDArray[np.float64]:
        """What the misses of all the linked terms of *unit* weigh, in stretches of *length*."""
        below, share = self._positions(self.miss_grid, length)
        out: NDArray[np.float64] = self.misses[unit, below] * (1 - share) + self.misses[unit, below + 1] * share
        return out


def _window_ends(which: NDArray[np.int64], unit: NDArray[np.int64], window: int) -> tuple[
        NDArray[np.int64], NDArray[np.int64]]:
    """For postings (occurrence, unit), sorted, give each (occurrence, end) once where a
    window of *window* units ending at *end* holds one of the occurrence's units."""
    start = unit + 1
    if window > 1 and len(unit):
        same = np.zeros(len(unit), dtype=bool)
        same[1:] = which[1:] == which[:-1]
        previous_end = np.zeros(len(unit), dtype=np.int64)
        previous_end[1:] = unit[:-1] + window
        start = np.where(same, np.maximum(start, previous_end + 1), start)
    counts = np.maximum(unit + window - start + 1, 0)
    owner, ends = _expand(start, counts)
    return which[owner], ends


def _weighing(weights: _LexicalWeights, last: int) -> NDArray[np.int64]:
    """The occurrences that weigh anything, of units before *last*."""
    return np.flatnonzero(weights.unit + 1 <= last)


def _source_side_hits(weights: _LexicalWeights, band: Band,
                      needed: set[tuple[int, int]]) -> dict[tuple[int, int], NDArray[np.float64]]:
    """For each (window, back) needed and every node (i, j): the weighted hits of source unit
    i - back's linked terms among the target units j - window .. j - 1."""
    n, width, lo = band.n, band.width, band.lo
    out = {key: np.zeros((n + 1) * width) for key in needed}
    widest, furthest = max(w for w, _ in needed), max(k for _, k in needed)
    occurrence = _weighing(weights, n)
    if not len(occurrence):
        return {key: value.reshape(n + 1, width) for key, value in out.items()}
    # In chunks, so that the pairs (term, unit) found stay few in memory at any time.
    for chunk in range(0, len(occurrence), _CHUNK):
        part = occurrence[chunk:chunk + _CHUNK]
        unit = weights.unit[part]
        # One search for all: the target units that can fall in a window of any row this
        # unit can end a bead in (rows unit + 1 .. unit + furthest).
        low = lo[unit + 1] - widest
        high = lo[np.minimum(unit + furthest, n)] + width - 2
        key = weights.partner[part] * weights.stride
        first = np.searchsorted(weights.postings, key + np.maximum(low, 0))
        last = np.searchsorted(weights.postings, key + high, side="right")
        which, position = _expand(first, np.maximum(last - first, 0))
        found = weights.postings[position] % weights.stride
        for window in sorted({w for w, _ in needed}):
            owner, end = _window_ends(which, found, window)
            values = weights.hit_minus_miss(part[owner], end, window)
            for back in sorted(k for w, k in needed if w == window):
                row = unit[owner] + back
                keep = row <= n
                k = end[keep] - lo[row[keep]]
                inside = (k >= 0) & (k < width)
                flat = row[keep][inside] * width + k[inside]
                out[(window, back)] += np.bincount(flat, values[keep][inside], minlength=len(out[(window, back)]))
    return {key: value.reshape(n + 1, width) for key, value in out.items()}


def _target_side_hits(weights: _LexicalWeights, band: Band,
                      needed: set[tuple[int, int]]) -> dict[tuple[int, int], NDArray[np.float64]]:
    """For each (window, back) needed and every node (i, j): the weighted hits of target unit
    j - back's linked terms among the source units i - window .. i - 1."""
    n, width, lo = band.n, band.width, band.lo
    out = {key: np.zeros((n + 1) * width) for key in needed}
    widest, furthest = max(w for w, _ in needed), max(k for _, k in needed)
    occurrence = _weighing(weights, band.m)
    if not len(occurrence):
        return {key: value.reshape(n + 1, width) for key, value in out.items()}
    for chunk in range(0, len(occurrence), _CHUNK):
        part = occurrence[chunk:chunk + _CHUNK]
        unit = weights.unit[part]
        # Rows whose band holds one of the columns unit + 1 .. unit + furthest.
        first_row = np.searchsorted(lo + width - 1, unit + 1, side="left")
        last_row = np.searchsorted(lo, np.minimum(unit + furthest, band.m), side="right") - 1
        key = weights.partner[part] * weights.stride
        first = np.searchsorted(weights.postings, key + np.maximum(first_row - widest, 0))
        last = np.searchsorted(weights.postings, key + np.maximum(last_row - 1, -1), side="right")
        which, position = _expand(first, np.maximum(last - first, 0))
        found = weights.postings[position] % weights.stride
        for window in sorted({w for w, _ in needed}):
            owner, end = _window_ends(which, found, window)
            keep = end <= n
            owner, end = owner[keep], end[keep]
            values = weights.hit_minus_miss(part[owner], end, window)
            for back in sorted(k for w, k in needed if w == window):
                column = unit[owner] + back
                k = column - lo[end]
                inside = (k >= 0) & (k < width)
                flat = end[inside] * width + k[inside]
                out[(window, back)] += np.bincount(flat, values[inside], minlength=len(out[(window, back)]))
    return {key: value.reshape(n + 1, width) for key, value in out.items()}


class StaticCosts:
    """The parts of the costs that stay the same from pass to pass on one band: priors,
    anchors, headings, straddling; kept so that a pass that only changes the lengths'
    calibration or the lexicon does not compute them again."""

    def __init__(self) -> None:
        self._band: Band | None = None
        self._key: object = None
        self._costs: dict[tuple[int, int], Floats] = {}

    def get(self, source: Units, target: Units, band: Band, shapes: Sequence[tuple[int, int]],
            scoring: Scoring) -> dict[tuple[int, int], Floats]:
        """Give the static costs of every shape on *band*, computed once per band."""
        key = (tuple(shapes), tuple(sorted(scoring.priors.items())), scoring.marks, scoring.headings, scoring.straddle)
        if self._band is not band or self._key != key:
            self._band, self._key = band, key
            self._costs = _static_costs(source, target, band, shapes, scoring)
        return self._costs


def _closed_ends(units: Units) -> NDArray[np.float64]:
    """Prefix counts of the units after which a block ends with its sentence (not in
    mid-sentence): entry k counts those before unit k."""
    closed = np.zeros(len(units), dtype=np.float64)
    if len(units) > 1:
        closed[:-1] = units.block[1:] != units.block[:-1]
        if units.runs_on is not None:
            closed[:-1] *= ~units.runs_on[:-1]
    return _prefix(closed)


def _inside(prefix: NDArray[np.float64], end: NDArray[np.int64], size: int) -> NDArray[np.float64]:
    """For beads of *size* units ending before unit *end*: how many of the counted ends lie
    inside them (after one of their units but the last)."""
    counted: NDArray[np.float64] = prefix[np.maximum(end - 1, 0)] - prefix[np.maximum(end - size, 0)]
    return counted


def _static_costs(source: Units, target: Units, band: Band, shapes: Sequence[tuple[int, int]],
                  scoring: Scoring) -> dict[tuple[int, int], Floats]:
    geometry = _Geometry(band)
    rows, cols = geometry.rows, np.minimum(geometry.cols, band.m)
    number_anchors = _Anchors(_number_vectors(source), _number_vectors(target))
    mark_anchors = _Anchors(_mark_vectors(source), _mark_vectors(target)) if scoring.marks else None
    heads_s = _prefix(source.headings.astype(np.float64))
    heads_t = _prefix(target.headings.astype(np.float64))
    # Paragraph ends inside a bead, but for those where the sentence runs on.
    closed_s, closed_t = _closed_ends(source), _closed_ends(target)
    costs: dict[tuple[int, int], Floats] = {}
    for a, b in shapes:
        if a == 0 or b == 0:
            continue
        ok = geometry.start_ok(a, b)
        r, c = rows, cols
        cost = np.full(ok.shape, scoring.priors[(a, b)])
        cost += _anchor_cost(geometry, number_anchors, a, b, ok, NUMBER_COST, NUMBER_CAP)
        if mark_anchors is not None:
            cost += _anchor_cost(geometry, mark_anchors, a, b, ok, MARK_COST, MARK_CAP)
        if scoring.headings:
            hs = heads_s[r] - heads_s[np.maximum(r - a, 0)]
            ht = heads_t[c] - heads_t[np.maximum(c - b, 0)]
            if (a, b) == (1, 1):
                cost += np.where(hs != ht, HEADING_ONE, 0.0)
            else:
                cost += np.where((hs > 0) != (ht > 0), HEADING_MANY, 0.0)
            if (a, b) == (1, 1) and source.items is not None and target.items is not None and len(source) and len(target):
                item_s = source.items[np.clip(r - 1, 0, len(source) - 1)]
                item_t = target.items[np.clip(c - 1, 0, len(target) - 1)]
                cost += np.where(item_s != item_t, ITEM_ONE, 0.0)
        if scoring.straddle:
            # On each side that it crosses a paragraph's end.
            crossed = (_inside(closed_s, r, a) > 0).astype(np.float64) + (_inside(closed_t, c, b) > 0)
            cost += crossed * scoring.straddle
        costs[(a, b)] = np.where(ok, cost, INF)
    return costs


def bead_costs(source: Units, target: Units, band: Band, shapes: Sequence[tuple[int, int]],
               scoring: Scoring, vocabulary_size: int, static: StaticCosts | None = None) -> dict[tuple[int, int], Floats]:
    """Give, for each shape (a, b) with a, b >= 1, the cost of the bead ending at each node."""
    fixed = (static or StaticCosts()).get(source, target, band, shapes, scoring)
    geometry = _Geometry(band)
    rows, cols = geometry.rows, np.minimum(geometry.cols, band.m)
    src_len, tgt_len = _prefix(source.lengths), _prefix(target.lengths)
    lexicon = scoring.lexicon
    lexical = lexicon is not None and not lexicon.empty
    if lexicon is not None and lexical:
        size = vocabulary_size
        source_weights = _LexicalWeights(source, target, lexicon.partner_of_source, lexicon.kept,
                                         lexicon.chance_in_target, size)
        kept_t = np.zeros(size)
        linked = lexicon.partner_of_target >= 0
        kept_t[linked] = lexicon.kept[lexicon.partner_of_target[linked]]
        target_weights = _LexicalWeights(target, source, lexicon.partner_of_target, kept_t,
                                         lexicon.chance_in_source, size)
        hits_s = _source_side_hits(source_weights, band,
                                   {(b, back) for a, b in shapes if a and b for back in range(1, a + 1)})
        hits_t = _target_side_hits(target_weights, band,
                                   {(a, back) for a, b in shapes if a and b for back in range(1, b + 1)})
    costs: dict[tuple[int, int], Floats] = {}
    for (a, b), static_cost in fixed.items():
        r, c = rows, cols
        ls = src_len[r] - src_len[np.maximum(r - a, 0)]
        lt = tgt_len[c] - tgt_len[np.maximum(c - b, 0)]
        cost = static_cost + np.abs(np.log((lt + SMOOTHING) / (ls * scoring.ratio + SMOOTHING))) / scoring.spread
        if lexical:
            llr = np.zeros(cost.shape)
            for back in range(1, a + 1):
                unit = np.clip(r - back, 0, max(0, len(source) - 1))
                llr += source_weights.miss_per_unit(unit, lt) + hits_s[(b, back)]
            for back in range(1, b + 1):
                unit = np.clip(c - back, 0, max(0, len(target) - 1))
                llr += target_weights.miss_per_unit(unit, ls) + hits_t[(a, back)]
            weighted = scoring.lexical_weight * llr
            if scoring.lexical_clip is not None:
                weighted = np.clip(weighted, -scoring.lexical_clip, scoring.lexical_clip)
            cost -= weighted
        costs[(a, b)] = cost
    return costs


class LexicalEvidence:
    """The log-likelihood ratio that blocks translate each other, from the lexicon alone:
    each linked term whose partner is on the other side, or is not, weighed as the bead
    costs weigh it (see :func:`bead_costs`); the weights of beads of one block a side are
    worked out once for every term."""

    def __init__(self, source: Units, target: Units, lexicon: Lexicon) -> None:
        self.source, self.target, self.lexicon = source, target, lexicon
        kept_t = np.zeros(len(lexicon.kept))
        linked = lexicon.partner_of_target >= 0
        kept_t[linked] = lexicon.kept[lexicon.partner_of_target[linked]]
        self._weights = (self._per_term(lexicon.partner_of_source, lexicon.kept, lexicon.chance_in_target),
                         self._per_term(lexicon.partner_of_target, kept_t, lexicon.chance_in_source))

    @staticmethod
    def _per_term(partner: NDArray[np.int64], kept: NDArray[np.float64],
                  chance: NDArray[np.float64]) -> tuple[list[int], list[float], list[float]]:
        """For every term: its partner (-1 where it has none or tells nothing), and what a hit
        and a miss weigh."""
        p0 = np.clip(chance, 0.01, 0.99)
        p1 = np.minimum(kept, 0.995)
        informative = (partner >= 0) & (p0 < p1)
        with np.errstate(divide="ignore", invalid="ignore"):
            hit = np.where(informative, np.log(p1 / p0), 0.0)
            miss = np.where(informative, np.log((1 - p1) / (1 - p0)), 0.0)
        return np.where(informative, partner, -1).tolist(), hit.tolist(), miss.tolist()

    def __call__(self, source_blocks: Sequence[int], target_blocks: Sequence[int]) -> float:
        """Give the evidence for a bead of these source and target blocks."""
        if len(source_blocks) == 1 and len(target_blocks) == 1:
            total = 0.0
            for units, block, other, (mates, hits, misses) in (
                    (self.source, source_blocks[0], self.target.terms[target_blocks[0]], self._weights[0]),
                    (self.target, target_blocks[0], self.source.terms[source_blocks[0]], self._weights[1])):
                present = set(other)
                for term in units.terms[block]:
                    mate = mates[term]
                    if mate >= 0:
                        total += hits[term] if mate in present else misses[term]
            return total
        return _lexical_evidence(self.source, self.target, self.lexicon, source_blocks, target_blocks)


def _lexical_evidence(source: Units, target: Units, lexicon: Lexicon, source_blocks: Sequence[int],
                      target_blocks: Sequence[int]) -> float:
    a, b = len(source_blocks), len(target_blocks)
    in_target = set().union(*(target.terms[j] for j in target_blocks))
    in_source = set().union(*(source.terms[i] for i in source_blocks))
    total = 0.0
    for units, blocks, partner, other, window in (
            (source, source_blocks, lexicon.partner_of_source, in_target, b),
            (target, target_blocks, lexicon.partner_of_target, in_source, a)):
        for block in blocks:
            for term in units.terms[block]:
                mate = int(partner[term])
                if mate < 0:
                    continue
                if units is source:
                    kept, chance = float(lexicon.kept[term]), float(lexicon.chance_in_target[term])
                else:
                    kept, chance = float(lexicon.kept[mate]), float(lexicon.chance_in_source[term])
                p0 = min(max(1 - (1 - chance) ** window, 0.01), 0.99)
                p1 = min(1 - (1 - kept) * (1 - chance) ** (window - 1), 0.995)
                if p0 >= p1:
                    continue
                total += math.log(p1 / p0) if mate in other else math.log((1 - p1) / (1 - p0))
    return total


def lone_costs(units: Units, band: Band, prior: float, heading_bonus: float, source_side: bool) -> Floats:
    """The cost of leaving each unit alone (a 1-0 bead for source units, 0-1 for target
    units), at the nodes where that bead ends; a heading is likelier to stand alone."""
    geometry = _Geometry(band)
    if source_side:
        index = np.clip(geometry.rows - 1, 0, max(0, len(units) - 1))
        ok = geometry.inside & (geometry.rows >= 1)
    else:
        index = np.clip(geometry.cols - 1, 0, max(0, len(units) - 1))
        ok = geometry.inside & (geometry.cols >= 1)
    heads = units.headings[index] if len(units) else np.zeros(ok.shape, dtype=bool)
    return np.where(ok, prior - np.where(heads, heading_bonus, 0.0), INF)


def block_skips(units: Units, cost: float) -> list[Skip]:
    """Skips that leave each whole block of sentence units alone, at *cost* each."""
    skips: list[Skip] = []
    start = 0
    for k in range(1, len(units) + 1):
        if k == len(units) or units.block[k] != units.block[start]:
            skips.append(Skip(start, k, cost))
            start = k
    return skips


def moves_for(source: Units, target: Units, band: Band, shapes: Sequence[tuple[int, int]], scoring: Scoring,
              vocabulary_size: int, lone_prior: float | None = None, heading_bonus: float = HEADING_ALONE,
              skip_cost: float | None = None, static: StaticCosts | None = None) -> Moves:
    """Give the moves of a band: every shape's costs, the lone units', and block skips."""
    costs = bead_costs(source, target, band, shapes, scoring, vocabulary_size, static)
    prior_10 = scoring.priors[(1, 0)] if lone_prior is None else lone_prior
    prior_01 = scoring.priors[(0, 1)] if lone_prior is None else lone_prior
    if (1, 0) in shapes:
        costs[(1, 0)] = lone_costs(source, band, prior_10, heading_bonus, True)
    insert = lone_costs(target, band, prior_01, heading_bonus, False) if (0, 1) in shapes else None
    moves = Moves(band, costs, insert)
    if skip_cost is not None:
        moves.source_skips = [s for s in block_skips(source, skip_cost) if s.end - s.start > 1 or (1, 0) not in shapes]
        moves.target_skips = [s for s in block_skips(target, skip_cost) if s.end - s.start > 1 or (0, 1) not in shapes]
    return moves


def calibrate_lengths(source: Units, target: Units, pairs: Sequence[tuple[int, int]]) -> tuple[float, float] | None:
    """Give the texts' length ratio and spread measured on 1-1 beads (source unit, target
    unit), or None when there are too few of them."""
    lengths = [(source.lengths[i], target.lengths[j]) for i, j in pairs
               if source.lengths[i] > 0 and target.lengths[j] > 0]
    if len(lengths) < 5:
        return None
    ratio = sum(t for _, t in lengths) / sum(s for s, _ in lengths)
    deviations = [abs(math.log((t + SMOOTHING) / (ratio * s + SMOOTHING))) for s, t in lengths]
    spread = min(0.5, max(0.05, sum(deviations) / len(deviations)))
    return ratio, spread
