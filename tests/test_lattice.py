"""The banded lattice (toolkit.lattice) against brute force: on problems small enough to list
every monotone path, the best path must cost the least of them all, and the forward-backward
sums must be the sums over all of them.

A path goes from node (0, 0) to node (n, m) by moves: the shapes (a, b) of ``Moves.costs``
(their cost read at the node where they end), the insertion (0, 1), and skips that leave a
run of units of one side alone. Only nodes inside the band may be visited. The reference
below knows nothing of rows, padding or NumPy: it follows the moves from node to node and
lists every path.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.lattice import INF, Band, Lattice, Moves, Skip, Step, band_around

SHAPES = ((1, 1), (1, 0), (2, 1), (1, 2), (2, 2))
Node = tuple[int, int]


# --- the reference: every path, listed ------------------------------------------------------------


def full_band(n: int, m: int) -> Band:
    """The band holding every node."""
    return Band(np.zeros(n + 1, dtype=np.int64), m + 1, n, m)


def in_band(band: Band, i: int, j: int) -> bool:
    return 0 <= i <= band.n and 0 <= j <= band.m and int(band.lo[i]) <= j < int(band.lo[i]) + band.width


def out_of(moves: Moves, i: int, j: int) -> list[tuple[Step, float]]:
    """The steps leaving node (i, j) that stay inside the band, with their costs."""
    band = moves.band
    found: list[tuple[Step, float]] = []
    for (a, b), costs in moves.costs.items():
        if in_band(band, i + a, j + b):
            cost = float(costs[i + a, j + b - int(band.lo[i + a])])
            if cost < INF:
                found.append((Step(i, j, i + a, j + b), cost))
    if moves.insert is not None and in_band(band, i, j + 1):
        cost = float(moves.insert[i, j + 1 - int(band.lo[i])])
        if cost < INF:
            found.append((Step(i, j, i, j + 1), cost))
    for skip in moves.source_skips:
        if skip.start == i and in_band(band, skip.end, j):
            found.append((Step(i, j, skip.end, j), skip.cost))
    for skip in moves.target_skips:
        if skip.start == j and in_band(band, i, skip.end):
            found.append((Step(i, j, i, skip.end), skip.cost))
    return found


def all_paths(moves: Moves) -> list[tuple[float, tuple[Step, ...]]]:
    """Every path from (0, 0) to (n, m) inside the band, with its total cost."""
    band = moves.band
    leaving = {(i, j): out_of(moves, i, j) for i in range(band.n + 1) for j in range(band.m + 1)
               if in_band(band, i, j)}
    end = (band.n, band.m)
    found: list[tuple[float, tuple[Step, ...]]] = []
    taken: list[Step] = []

    def walk(node: Node, cost: float) -> None:
        if node == end:
            found.append((cost, tuple(taken)))
            return
        for step, step_cost in leaving[node]:
            taken.append(step)
            walk((step.i1, step.j1), cost + step_cost)
            taken.pop()

    if in_band(band, 0, 0) and in_band(band, *end):
        walk((0, 0), 0.0)
    return found


@dataclass
class Sums:
    """What the forward-backward pass must give, summed over the listed paths."""

    total: float  # log of the sum of exp(-cost) over all paths
    node: dict[Node, float]  # probability of passing through each node
    step: dict[Step, float]  # probability of taking each step


def path_sums(paths: list[tuple[float, tuple[Step, ...]]]) -> Sums:
    least = min(cost for cost, _ in paths)
    weights = [math.exp(least - cost) for cost, _ in paths]
    whole = math.fsum(weights)
    node: defaultdict[Node, float] = defaultdict(float)
    step: defaultdict[Step, float] = defaultdict(float)
    for weight, (_, steps) in zip(weights, paths):
        node[(0, 0)] += weight / whole
        for taken in steps:
            node[(taken.i1, taken.j1)] += weight / whole
            step[taken] += weight / whole
    return Sums(math.log(whole) - least, dict(node), dict(step))


# --- random problems --------------------------------------------------------------------------------


def runs(size: int, cuts: list[bool]) -> list[tuple[int, int]]:
    """The units 0 .. size - 1 cut into consecutive runs (a block's sentences): a cut after
    unit k where ``cuts[k]``."""
    found, start = [], 0
    for k in range(1, size + 1):
        if k == size or cuts[k - 1]:
            found.append((start, k))
            start = k
    return found if size else []


@dataclass
class Problem:
    moves: Moves
    shapes: tuple[tuple[int, int], ...]


@st.composite
def problems(draw: st.DrawFn, narrow: bool = False, target_skips: int = 0, max_size: int = 6) -> Problem:
    """A lattice of at most 6 x 6 units: random costs for a random set of the shapes, an
    insertion move or not, and skips over runs of two units or more (as the aligner makes
    them for paragraphs of several sentences); at most *target_skips* of them on the
    target side. The band covers everything, or (*narrow*) lies around a random path."""
    n = draw(st.integers(0, max_size), label="n")
    m = draw(st.integers(0, max_size), label="m")
    if narrow:
        # A nondecreasing centre from 0 to m, as the aligner's passes draw it.
        inner = sorted(draw(st.lists(st.floats(0, m), min_size=max(0, n - 1), max_size=max(0, n - 1))))
        centre = [0.0, *inner, float(m)] if n else [0.0]
        band = band_around(centre, n, m, draw(st.integers(0, 2), label="half width"))
    else:
        band = full_band(n, m)
    shapes: tuple[tuple[int, int], ...] = SHAPES
    if draw(st.booleans(), label="some shapes only"):
        shapes = tuple(shape for shape in SHAPES if shape == (1, 1) or draw(st.booleans()))
    seed = draw(st.integers(0, 2**32 - 1), label="seed")
    rng = np.random.default_rng(seed)
    columns = band.columns()
    rows = np.arange(n + 1)[:, None]
    costs = {}
    for a, b in shapes:
        # INF where the move cannot be (past the last column, or starting before the first
        # unit), as beadcost.moves_for gives them.
        possible = (columns <= m) & (rows >= a) & (columns >= b)
        costs[(a, b)] = np.where(possible, rng.uniform(0.0, 6.0, (n + 1, band.width)), INF)
    insert = None
    if draw(st.booleans(), label="insert"):
        insert = np.where((columns <= m) & (columns >= 1), rng.uniform(0.0, 6.0, (n + 1, band.width)), INF)
    source_skips = [Skip(s, e, float(rng.uniform(0.0, 6.0)))
                    for s, e in runs(n, draw(st.lists(st.booleans(), min_size=n, max_size=n))) if e - s >= 2]
    target_runs = [(s, e) for s, e in runs(m, draw(st.lists(st.booleans(), min_size=m, max_size=m))) if e - s >= 2]
    skips_t = [Skip(s, e, float(rng.uniform(0.0, 6.0))) for s, e in target_runs[:target_skips]]
    return Problem(Moves(band, costs, insert, source_skips, skips_t), shapes)


def assert_is_path(steps: list[Step], moves: Moves) -> None:
    """The steps chain from (0, 0) to (n, m), each one a move the lattice offers."""
    band = moves.band
    assert steps, "no path where one exists"
    assert (steps[0].i0, steps[0].j0) == (0, 0)
    assert (steps[-1].i1, steps[-1].j1) == (band.n, band.m)
    for before, after in zip(steps, steps[1:]):
        assert (before.i1, before.j1) == (after.i0, after.j0)
    for step in steps:
        assert step in {offered for offered, _ in out_of(moves, step.i0, step.j0)}


def reference_cost(moves: Moves, step: Step) -> float:
    return min(cost for offered, cost in out_of(moves, step.i0, step.j0) if offered == step)


# --- the best path --------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(problems(target_skips=1))
def test_the_best_path_costs_the_least_of_all_paths(problem: Problem) -> None:
    moves = problem.moves
    lattice = Lattice(moves)
    steps = lattice.best_path()
    paths = all_paths(moves)
    if not paths:
        assert steps == []
        return
    least = min(cost for cost, _ in paths)
    if moves.band.n == moves.band.m == 0:
        assert steps == [] and least == 0.0
        return
    assert_is_path(steps, moves)
    # step_cost reads the same cost as the reference does.
    assert [lattice.step_cost(step) for step in steps] == [reference_cost(moves, step) for step in steps]
    assert math.fsum(lattice.step_cost(step) for step in steps) == pytest.approx(least, rel=1e-9, abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(problems(narrow=True, target_skips=1))
def test_the_best_path_in_a_narrow_band_is_the_best_of_the_paths_inside_it(problem: Problem) -> None:
    moves = problem.moves
    lattice = Lattice(moves)
    steps = lattice.best_path()
    paths = all_paths(moves)
    if not paths or moves.band.n == moves.band.m == 0:
        assert steps == []
        return
    assert_is_path(steps, moves)
    assert all(in_band(moves.band, step.i1, step.j1) for step in steps)
    least = min(cost for cost, _ in paths)
    assert math.fsum(lattice.step_cost(step) for step in steps) == pytest.approx(least, rel=1e-9, abs=1e-9)


# --- forward-backward -----------------------------------------------------------------------------


def check_posteriors(problem: Problem) -> None:
    moves = problem.moves
    band = moves.band
    lattice = Lattice(moves)
    total = lattice.run_posteriors()
    paths = all_paths(moves)
    if not paths:
        assert total == -INF
        assert lattice.node_posterior(0, 0) == 0.0
        return
    expected = path_sums(paths)
    assert total == pytest.approx(expected.total, rel=1e-9, abs=1e-9)
    assert lattice.node_posterior(0, 0) == pytest.approx(1.0, abs=1e-9)
    assert lattice.node_posterior(band.n, band.m) == pytest.approx(1.0, abs=1e-9)
    for i in range(band.n + 1):
        for j in range(band.m + 1):
            posterior = lattice.node_posterior(i, j)
            assert 0.0 <= posterior <= 1.0
            if in_band(band, i, j):
                assert posterior == pytest.approx(expected.node.get((i, j), 0.0), abs=1e-9), (i, j)
            else:
                assert posterior == 0.0
    for step in lattice.best_path():
        posterior = lattice.step_posterior(step, lattice.step_cost(step))
        assert 0.0 <= posterior <= 1.0
        assert posterior == pytest.approx(expected.step[step], abs=1e-9), step


@settings(max_examples=60, deadline=None)
@given(problems())
def test_forward_backward_sums_over_every_path(problem: Problem) -> None:
    check_posteriors(problem)


@settings(max_examples=60, deadline=None)
@given(problems(narrow=True))
def test_forward_backward_in_a_narrow_band_sums_over_the_paths_inside_it(problem: Problem) -> None:
    check_posteriors(problem)


@settings(max_examples=60, deadline=None)
@given(problems(target_skips=3))
def test_forward_backward_sums_over_every_path_with_target_skips(problem: Problem) -> None:
    check_posteriors(problem)


def test_the_only_path_is_certain_everywhere_on_it() -> None:
    # A 3 x 3 lattice with (1, 1) moves only: the diagonal is the one path.
    band = full_band(3, 3)
    costs = np.where(band.columns() == np.arange(4)[:, None], 1.5, INF)
    costs[0, 0] = INF
    lattice = Lattice(Moves(band, {(1, 1): costs}))
    steps = lattice.best_path()
    assert steps == [Step(k, k, k + 1, k + 1) for k in range(3)]
    assert lattice.run_posteriors() == pytest.approx(-4.5)
    for k in range(4):
        assert lattice.node_posterior(k, k) == pytest.approx(1.0)
    assert lattice.node_posterior(1, 2) == 0.0
    assert [lattice.step_posterior(step, 1.5) for step in steps] == [pytest.approx(1.0)] * 3


def test_two_equal_paths_share_the_probability() -> None:
    # 1 x 1: a (1, 1) move, or a (1, 0) then an insertion, all three costing 1 in all:
    # the diagonal costs 1, the detour 0.5 + 0.5. Each path has probability 1/2; node
    # (1, 0) lies on the detour only.
    band = full_band(1, 1)
    one_one = np.array([[INF, INF], [INF, 1.0]])
    one_zero = np.array([[INF, INF], [0.5, INF]])
    insert = np.array([[INF, INF], [INF, 0.5]])
    lattice = Lattice(Moves(band, {(1, 1): one_one, (1, 0): one_zero}, insert))
    assert lattice.run_posteriors() == pytest.approx(math.log(2 * math.exp(-1.0)))
    assert lattice.node_posterior(1, 0) == pytest.approx(0.5)
    assert lattice.node_posterior(0, 1) == 0.0
    assert lattice.step_posterior(Step(0, 0, 1, 1), 1.0) == pytest.approx(0.5)


def test_without_any_path_there_is_no_best_path_and_no_mass() -> None:
    # Source units to consume but only insertions to do it with.
    band = full_band(2, 2)
    insert = np.where(band.columns() >= 1, 1.0, INF)
    lattice = Lattice(Moves(band, {}, insert))
    assert lattice.best_path() == []
    assert lattice.run_posteriors() == -INF
    assert lattice.node_posterior(0, 0) == 0.0
    assert lattice.step_posterior(Step(0, 0, 0, 1), 1.0) == 0.0


def test_a_skip_leaves_a_run_alone_in_one_step() -> None:
    # Source units 0..2 left alone as one skip is cheaper than three 1-0 moves.
    band = full_band(3, 1)
    one_zero = np.where(band.columns() <= 1, 2.0, INF)
    one_zero[0] = INF
    one_one = np.full((4, 2), INF)
    one_one[1, 1] = 0.5  # source 0 with target 0
    moves = Moves(band, {(1, 1): one_one, (1, 0): one_zero}, None, [Skip(1, 3, 1.0)])
    lattice = Lattice(moves)
    steps = lattice.best_path()
    assert steps == [Step(0, 0, 1, 1), Step(1, 1, 3, 1)]
    assert [lattice.step_cost(step) for step in steps] == [0.5, 1.0]
    assert lattice.step_cost(Step(0, 0, 2, 0)) == INF  # no such skip


# --- known faults ------------------------------------------------------------------------------


@pytest.mark.parametrize("insert", [True, False], ids=["with-insertions", "skips-only"])
def test_forward_backward_counts_each_path_once_in_a_row_with_target_skips(insert: bool) -> None:
    # One source unit, three target units; the first two make a paragraph that may be
    # skipped as one.
    band = full_band(1, 3)
    one_zero = np.array([[INF] * 4, [1.0] * 4])
    moves = Moves(band, {(1, 0): one_zero}, np.where(band.columns() >= 1, 1.0, INF) if insert else None,
                  [], [Skip(0, 2, 1.5), *([] if insert else [Skip(2, 3, 1.0)])])
    problem = Problem(moves, ((1, 0),))
    check_posteriors(problem)


def test_the_best_path_may_alternate_target_skips_and_insertions_in_a_row() -> None:
    # Target units 0..5 in paragraphs [0, 2), [2], [3, 5), [5], all added by the translator
    # before source unit 0's 1-0 at the end: skip, insert, skip, insert, then 1-0, cost 5.
    band = full_band(1, 6)
    insert = np.array([[INF, 10.0, 10.0, 1.0, 10.0, 10.0, 1.0], [INF] + [100.0] * 6])
    one_one = np.full((2, 7), INF)
    one_one[1, 6] = 10.0
    one_zero = np.full((2, 7), INF)
    one_zero[1, 6] = 1.0
    moves = Moves(band, {(1, 1): one_one, (1, 0): one_zero}, insert, [], [Skip(0, 2, 1.0), Skip(3, 5, 1.0)])
    lattice = Lattice(moves)
    steps = lattice.best_path()
    assert math.fsum(lattice.step_cost(step) for step in steps) == min(cost for cost, _ in all_paths(moves)) == 5.0


# --- the band ----------------------------------------------------------------------------------


@st.composite
def centres(draw: st.DrawFn) -> tuple[list[float], int, int, int]:
    n = draw(st.integers(1, 120))
    m = draw(st.integers(0, 120))
    inner = sorted(draw(st.lists(st.floats(0, m), min_size=max(0, n - 1), max_size=max(0, n - 1))))
    centre = [0.0, *inner, float(m)] if n else [0.0]
    return centre, n, m, draw(st.integers(0, 25))


@settings(max_examples=80, deadline=None)
@given(centres())
def test_a_band_holds_both_corners_its_centre_and_a_way_between_rows(case: tuple[list[float], int, int, int]) -> None:
    centre, n, m, half = case
    band = band_around(centre, n, m, half)
    lo = band.lo
    assert (band.n, band.m) == (n, m) and len(lo) == n + 1
    assert 1 <= band.width <= m + 1
    assert lo[0] == 0 and lo[n] + band.width - 1 >= m
    assert (np.diff(lo) >= 0).all()
    # Each row shares a column with the next, so that a path can go down.
    assert (lo[1:] <= lo[:-1] + band.width - 1).all()
    for i, c in enumerate(centre):
        # The centre is inside, with half_width columns either side where the text has them.
        assert lo[i] <= max(0, math.floor(c) - half)
        assert lo[i] + band.width - 1 >= min(m, math.floor(c) + half)
    assert band.columns().shape == (n + 1, band.width)
    assert (band.columns()[:, 0] == lo).all()


def test_a_band_of_one_row_holds_both_corners() -> None:
    band = band_around([0.0], 0, 6, 0)
    assert band.lo[0] == 0 and band.lo[0] + band.width - 1 >= 6


def test_a_band_wider_than_the_text_is_the_whole_lattice() -> None:
    band = band_around([0.0, 1.5, 3.0, 4.5, 6.0], 4, 6, 10)
    assert band.width == 7 and (band.lo == 0).all()


def test_a_path_along_the_band_edge_touches_it() -> None:
    # Rows 0..4 hold columns {0, 1}, {1, 2}, {2, 3}, {3, 4}, {3, 4}: the diagonal runs
    # along the left edge from row 1 on, where columns lie beyond.
    lo = np.array([0, 1, 2, 3, 3], dtype=np.int64)
    band = Band(lo, 2, 4, 4)
    costs = np.ones((5, 2))
    lattice = Lattice(Moves(band, {(1, 1): costs}))
    diagonal = [Step(k, k, k + 1, k + 1) for k in range(4)]
    assert lattice.touches_edge(diagonal)
    assert lattice.touches_edge([Step(0, 0, 1, 2)])  # row 1's right edge, with columns 3 and 4 beyond
    assert not lattice.touches_edge([Step(3, 3, 4, 4)])  # row 4's right edge is the last column
    whole = Lattice(Moves(full_band(4, 4), {(1, 1): np.ones((5, 5))}))
    assert not whole.touches_edge(diagonal)
