"""Banded dynamic programming over two sequences of units: the best path of beads, and
how sure each part of it is.

The lattice has a node (i, j) for every pair of positions between units: i source
units and j target units consumed. A *move* (a, b) goes from (i - a, j - b) to (i, j)
and stands for a bead of a source units and b target units; moves with b = 0 or a = 0
leave units alone. *Skips* are moves that leave a whole run of units alone at once (a
paragraph dropped or added, seen from its sentences). Only the nodes inside a band
are visited: row i holds the columns ``lo[i] .. lo[i] + width - 1``, so the work grows
with the text times the band, not with the square of the text.

Costs are given per move and node, as arrays; everything here is about paths, nothing
about texts. Rows are computed one after the other and each row at once with NumPy,
which is what keeps the aligner fast in Python.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]

INF = float("inf")
# Stands for an impossible step inside a running sum, where INF would make NaN.
_LARGE = 1e12


@dataclass(frozen=True)
class Band:
    """The nodes visited: columns ``lo[i] .. lo[i] + width - 1`` of each row i (0..n)."""

    lo: Ints
    width: int
    n: int
    m: int

    def columns(self) -> Ints:
        """The target position of every node, as an (n + 1, width) array."""
        return self.lo[:, None] + np.arange(self.width)[None, :]


def band_around(centre: Sequence[float] | Floats, n: int, m: int, half_width: int) -> Band:
    """Give a band of *half_width* columns on either side of *centre* (one target
    position per row, nondecreasing), wide enough for the path to get from each row to
    the next and to reach both corners."""
    centre = np.asarray(centre, dtype=np.float64)
    if n == 0:
        # One row: all of it, from (0, 0) to (0, m).
        return Band(np.zeros(1, dtype=np.int64), m + 1, n, m)
    steps = np.diff(centre) if len(centre) > 1 else np.zeros(1)
    width = int(2 * half_width + np.ceil(max(float(steps.max(initial=0.0)), 0.0)) + 4)
    width = min(width, m + 1)
    lo = np.floor(centre).astype(np.int64) - half_width
    lo = np.clip(lo, 0, max(0, m - width + 1))
    lo = np.maximum.accumulate(lo)
    lo[0] = 0
    lo[-1] = max(0, m - width + 1)
    # Nondecreasing from the end too, so that the last row is reachable.
    lo = np.minimum(lo, lo[-1])
    return Band(lo, width, n, m)


@dataclass(frozen=True)
class Skip:
    """A move that leaves units ``start .. end - 1`` of one side alone, at *cost*."""

    start: int
    end: int
    cost: float


@dataclass
class Moves:
    """The costs of every move at every node of a band.

    ``costs[(a, b)]`` is an (n + 1, width) array: the cost of the move that ends at
    each node (INF where it cannot). ``insert`` is the (0, 1) move, kept apart because
    it stays in its row. Skips of source units go down a column; skips of target units
    along a row.
    """

    band: Band
    costs: dict[tuple[int, int], Floats]
    insert: Floats | None = None
    source_skips: list[Skip] = field(default_factory=list)
    target_skips: list[Skip] = field(default_factory=list)


# Codes of the back pointers beyond the moves' own indices.
_INSERT, _TARGET_SKIP, _SOURCE_SKIP = -1, -2, -3


@dataclass(frozen=True)
class Step:
    """One bead of a path: from node (i0, j0) to node (i1, j1)."""

    i0: int
    j0: int
    i1: int
    j1: int


def _shifted(row: Floats, shift: int, width: int, fill: float) -> Floats:
    """Give ``row[k + shift]`` for k in 0..width-1, *fill* outside the row."""
    out = np.full(width, fill)
    start, stop = max(0, -shift), min(width, len(row) - shift)
    if start < stop:
        out[start:stop] = row[start + shift:stop + shift]
    return out


def _in_row_min(row: Floats, step_costs: Floats, valid: NDArray[np.bool_]) -> tuple[Floats, NDArray[np.bool_]]:
    """Best costs along a row where each node may also be reached from its left
    neighbour at ``step_costs[k]``; and which nodes were."""
    steps = np.where(valid, np.minimum(step_costs, _LARGE), 0.0)
    steps[0] = 0.0
    total = np.cumsum(steps)
    with np.errstate(invalid="ignore"):
        reached = total + np.minimum.accumulate(np.where(valid, row - total, INF))
    reached = np.where(valid, reached, INF)
    # Rounding in the running sums must not pass a node's own value off as its neighbour's.
    with np.errstate(invalid="ignore"):
        from_left = np.where(np.isfinite(row), reached < row - 1e-9 * (1.0 + np.abs(row)), reached < INF)
    return np.minimum(reached, row), from_left


def _in_row_logsum(row: Floats, step_costs: Floats, valid: NDArray[np.bool_]) -> Floats:
    """Log-sums along a row where each node also collects its left neighbour's, less the step."""
    steps = np.where(valid, -np.minimum(step_costs, _LARGE), 0.0)
    steps[0] = 0.0
    total = np.cumsum(steps)
    with np.errstate(invalid="ignore"):
        out = total + np.logaddexp.accumulate(np.where(valid, row - total, -INF))
    return np.where(valid, out, -INF)


def _row_log_sums(row: Floats, steps: Floats | None, valid: NDArray[np.bool_],
                  moves: Sequence[tuple[int, int, float]]) -> Floats:
    """Log-sums along a row, left to right: each node collects its left neighbour's less
    ``steps[k]``, and the value of each move's origin less its cost at its end; in
    stretches that begin where a move ends, so that every node is final before anything
    leaves it."""
    width = len(row)
    arriving: dict[int, list[tuple[int, float]]] = {}
    for origin, end, cost in moves:
        arriving.setdefault(end, []).append((origin, cost))
    starts = sorted({0, *arriving})
    row = row.copy()
    for number, first in enumerate(starts):
        stop = starts[number + 1] if number + 1 < len(starts) else width
        for origin, cost in arriving.get(first, ()):
            row[first] = np.logaddexp(row[first], row[origin] - cost)
        if steps is None:
            continue
        if first > 0 and valid[first]:
            row[first] = np.logaddexp(row[first], row[first - 1] - min(steps[first], _LARGE))
        if stop - first > 1:
            row[first:stop] = _in_row_logsum(row[first:stop], steps[first:stop], valid[first:stop])
    return row


class Lattice:
    """The search over one band: the best path (Viterbi) and the posteriors (forward-backward)."""

    def __init__(self, moves: Moves) -> None:
        self.moves = moves
        band = moves.band
        self.band = band
        self.shapes = list(moves.costs)
        self.valid = band.columns() <= band.m
        # Every shape's costs side by side, row by row: one array operation per row and shape.
        width = band.width
        self.stacked = np.stack([moves.costs[shape] for shape in self.shapes], axis=1) if self.shapes \
            else np.zeros((band.n + 1, 0, width))
        # Room on either side of each stored row for the shifts between nearby rows.
        lo = band.lo
        shifts = [int((lo[a:] - lo[:-a]).max()) for a in (1, 2, 3) if len(lo) > a]
        self.pad = max(shifts, default=0) + 4
        self.skips_by_end: dict[int, list[Skip]] = {}
        for skip in moves.source_skips:
            self.skips_by_end.setdefault(skip.end, []).append(skip)
        self.skips_by_start: dict[int, list[Skip]] = {}
        for skip in moves.source_skips:
            self.skips_by_start.setdefault(skip.start, []).append(skip)
        self.target_skips = sorted(moves.target_skips, key=lambda s: (s.start, s.end))
        self.row_skips = self._target_skips_by_row()
        self.forward: Floats | None = None
        self.backward: Floats | None = None
        self.total = -INF

    def _target_skips_by_row(self) -> list[list[Skip]]:
        """For each row, the target skips that lie wholly inside its band."""
        rows: list[list[Skip]] = [[] for _ in range(self.band.n + 1)]
        if not self.target_skips:
            return rows
        starts = [skip.start for skip in self.target_skips]
        width = self.band.width
        for i, lo in enumerate(self.band.lo.tolist()):
            first = bisect_left(starts, lo)
            last = bisect_left(starts, lo + width)
            rows[i] = [skip for skip in self.target_skips[first:last] if skip.end < lo + width]
        return rows

    def _previous(self, table: Floats, i: int, a: int, b: int) -> Floats:
        """Row i - a of the padded *table*, lined up with row i for a move (a, b)."""
        shift = int(self.band.lo[i] - self.band.lo[i - a]) - b
        start = self.pad + shift
        if 0 <= start <= 2 * self.pad:
            return table[i - a, start:start + self.band.width]
        return _shifted(table[i - a, self.pad:self.pad + self.band.width], shift, self.band.width, table[0, 0])

    def best_path(self) -> list[Step]:
        """Give the path of least total cost from (0, 0) to (n, m), as steps."""
        band, width, pad = self.band, self.band.width, self.pad
        n, m, lo = band.n, band.m, band.lo
        best = np.full((n + 1, width + 2 * pad), INF)
        back = np.zeros((n + 1, width), dtype=np.int8)
        skip_from = np.zeros((n + 1, width), dtype=np.int64)
        insert = self.moves.insert
        shapes = self.shapes
        candidates = np.empty((len(shapes), width))
        columns = np.arange(width)
        for i in range(n + 1):
            costs = self.stacked[i]
            for index, (a, b) in enumerate(shapes):
                if a > i:
                    candidates[index] = INF
                else:
                    np.add(self._previous(best, i, a, b), costs[index], out=candidates[index])
            if shapes:
                pick = candidates.argmin(axis=0)
                row = candidates[pick, columns]
                code = pick.astype(np.int8)
            else:
                row = np.full(width, INF)
                code = np.zeros(width, dtype=np.int8)
            origin = np.zeros(width, dtype=np.int64)
            for skip in self.skips_by_end.get(i, ()):
                previous = self._previous(best, i, i - skip.start, 0) + skip.cost
                better = previous < row
                row = np.where(better, previous, row)
                code = np.where(better, _SOURCE_SKIP, code).astype(np.int8)
                origin = np.where(better, skip.start, origin)
            if i == 0:
                row[0 - int(lo[0])] = 0.0
            if insert is not None or self.row_skips[i]:
                row, code, origin = self._best_in_row(i, row, code, origin)
            best[i, pad:pad + width], back[i], skip_from[i] = row, code, origin
        end = m - int(lo[n])
        if not 0 <= end < width or best[n, pad + end] == INF:
            return []
        return self._trace(back, skip_from)

    def _best_in_row(self, i: int, row: Floats, code: NDArray[np.int8], origin: Ints) -> tuple[
            Floats, NDArray[np.int8], Ints]:
        """The row's best costs once moves along it (insertions, target skips) are taken:
        left to right, in stretches that begin where a skip ends, so that every node is
        final before anything leaves it."""
        lo = int(self.band.lo[i])
        valid = self.valid[i]
        width = self.band.width
        insert = self.moves.insert[i] if self.moves.insert is not None else None
        arriving: dict[int, list[Skip]] = {}
        for skip in self.row_skips[i]:
            arriving.setdefault(skip.end - lo, []).append(skip)
        starts = sorted({0, *arriving})
        row, code, origin = row.copy(), code.copy(), origin.copy()
        for number, first in enumerate(starts):
            stop = starts[number + 1] if number + 1 < len(starts) else width
            for skip in arriving.get(first, ()):
                value = row[skip.start - lo] + skip.cost
                if value < row[first]:
                    row[first], code[first], origin[first] = value, _TARGET_SKIP, skip.start
            if insert is None:
                continue
            if first > 0 and valid[first]:
                value = row[first - 1] + insert[first]
                if value < row[first]:
                    row[first], code[first] = value, _INSERT
            if stop - first > 1:
                part, from_left = _in_row_min(row[first:stop], insert[first:stop], valid[first:stop])
                row[first:stop] = part
                code[first:stop] = np.where(from_left, _INSERT, code[first:stop])
        return row, code, origin

    def _trace(self, back: NDArray[np.int8], skip_from: Ints) -> list[Step]:
        lo = self.band.lo
        i, j = self.band.n, self.band.m
        steps: list[Step] = []
        while i or j:
            k = j - int(lo[i])
            code = int(back[i, k])
            if code == _INSERT:
                i0, j0 = i, j - 1
            elif code == _TARGET_SKIP:
                i0, j0 = i, int(skip_from[i, k])
            elif code == _SOURCE_SKIP:
                i0, j0 = int(skip_from[i, k]), j
            else:
                a, b = self.shapes[code]
                i0, j0 = i - a, j - b
            steps.append(Step(i0, j0, i, j))
            i, j = i0, j0
        steps.reverse()
        return steps

    def run_posteriors(self) -> float:
        """Compute the forward and backward log-sums over all paths in the band; give the
        log-sum of all paths (-inf when none reaches the end)."""
        band, width, pad = self.band, self.band.width, self.pad
        n, m, lo = band.n, band.m, band.lo
        shapes = self.shapes
        terms = np.empty((len(shapes), width))
        forward = np.full((n + 1, width + 2 * pad), -INF)
        for i in range(n + 1):
            costs = self.stacked[i]
            for index, (a, b) in enumerate(shapes):
                if a > i:
                    terms[index] = -INF
                else:
                    np.subtract(self._previous(forward, i, a, b), costs[index], out=terms[index])
            row = np.logaddexp.reduce(terms, axis=0) if shapes else np.full(width, -INF)
            for skip in self.skips_by_end.get(i, ()):
                row = np.logaddexp(row, self._previous(forward, i, i - skip.start, 0) - skip.cost)
            if i == 0:
                row[0 - int(lo[0])] = 0.0
            forward[i, pad:pad + width] = self._sum_in_row(i, row)
        # Going back up, each finished row is kept less each shape's cost, padded, for the
        # rows above it to read from.
        backward = np.full((n + 1, width), -INF)
        arriving = np.full((4, max(1, len(shapes)), width + 2 * pad), -INF)
        end = m - int(lo[n])
        for i in range(n, -1, -1):
            for index, (a, b) in enumerate(shapes):
                if i + a > n:
                    terms[index] = -INF
                else:
                    shift = int(lo[i] - lo[i + a]) + b
                    start = pad + shift
                    if 0 <= start <= 2 * pad:
                        terms[index] = arriving[(i + a) % 4, index, start:start + width]
                    else:
                        terms[index] = _shifted(arriving[(i + a) % 4, index, pad:pad + width], shift, width, -INF)
            row = np.logaddexp.reduce(terms, axis=0) if shapes else np.full(width, -INF)
            for skip in self.skips_by_start.get(i, ()):
                row = np.logaddexp(row, _shifted(backward[skip.end], int(lo[i] - lo[skip.end]), width, -INF) - skip.cost)
            if i == n and 0 <= end < width:
                row[end] = 0.0
            row = self._sum_in_row_backward(i, row)
            backward[i] = row
            for index in range(len(shapes)):
                np.subtract(row, self.stacked[i, index], out=arriving[i % 4, index, pad:pad + width])
        self.forward, self.backward = forward[:, pad:pad + width], backward
        total = forward[n, pad + end] if 0 <= end < width else -INF
        self.total = float(total)
        return self.total

    def _sum_in_row(self, i: int, row: Floats) -> Floats:
        """The row's forward log-sums once moves along it are taken (see :meth:`_best_in_row`)."""
        lo = int(self.band.lo[i])
        insert = self.moves.insert[i] if self.moves.insert is not None else None
        moves = [(skip.start - lo, skip.end - lo, skip.cost) for skip in self.row_skips[i]]
        return _row_log_sums(row, insert, self.valid[i], moves)

    def _sum_in_row_backward(self, i: int, row: Floats) -> Floats:
        """The row's backward log-sums: the same sums, right to left."""
        lo = int(self.band.lo[i])
        width = self.band.width
        steps = None
        if self.moves.insert is not None:
            # Node k also reaches node k + 1 by an insertion costing insert[i, k + 1].
            steps = np.zeros(width)
            steps[1:] = self.moves.insert[i][:0:-1]
        moves = [(width - 1 - (skip.end - lo), width - 1 - (skip.start - lo), skip.cost) for skip in self.row_skips[i]]
        return _row_log_sums(row[::-1].copy(), steps, self.valid[i][::-1], moves)[::-1]

    def node_posterior(self, i: int, j: int) -> float:
        """The probability that the path passes through node (i, j)."""
        assert self.forward is not None and self.backward is not None
        k = j - int(self.band.lo[i])
        if not 0 <= k < self.band.width or self.total == -INF:
            return 0.0
        return float(min(1.0, np.exp(self.forward[i, k] + self.backward[i, k] - self.total)))

    def step_posterior(self, step: Step, cost: float) -> float:
        """The probability that the path takes *step*, whose cost is *cost*."""
        assert self.forward is not None and self.backward is not None
        lo = self.band.lo
        k0, k1 = step.j0 - int(lo[step.i0]), step.j1 - int(lo[step.i1])
        if self.total == -INF or not (0 <= k0 < self.band.width and 0 <= k1 < self.band.width):
            return 0.0
        value = self.forward[step.i0, k0] - cost + self.backward[step.i1, k1] - self.total
        return float(min(1.0, np.exp(value)))

    def step_cost(self, step: Step) -> float:
        """The cost of one step of a path found here."""
        a, b = step.i1 - step.i0, step.j1 - step.j0
        k = step.j1 - int(self.band.lo[step.i1])
        if (a, b) in self.moves.costs:
            return float(self.moves.costs[(a, b)][step.i1, k])
        if (a, b) == (0, 1) and self.moves.insert is not None:
            return float(self.moves.insert[step.i1, k])
        if b == 0:
            for skip in self.skips_by_end.get(step.i1, ()):
                if skip.start == step.i0:
                    return skip.cost
        if a == 0:
            for skip in self.target_skips:
                if (skip.start, skip.end) == (step.j0, step.j1):
                    return skip.cost
        return INF

    def touches_edge(self, steps: list[Step]) -> bool:
        """Whether the path runs along the band's edge, where a better one may lie outside."""
        lo, width, m = self.band.lo, self.band.width, self.band.m
        for step in steps:
            k = step.j1 - int(lo[step.i1])
            if (k == 0 and lo[step.i1] > 0) or (k == width - 1 and lo[step.i1] + width - 1 < m):
                return True
        return False
