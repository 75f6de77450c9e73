"""Score an alignment against a gold one: strict and lax precision, recall and F1 of beads.

The measure is that of vecalign's ``score.py`` (after Sennrich and Volk 2011), so
that figures compare with those published for other aligners:

- **precision** goes through every bead of the test alignment, 1-0 and 0-1 beads
  included. A bead that is in the gold is a true positive, strict and lax. One
  that is not is a strict false positive; it is still a lax true positive when it
  overlaps a gold bead on both sides: some target block of the test bead is
  among the gold targets of one of its source blocks. A test 1-0 or 0-1 bead not
  in the gold therefore always counts against both.
- **recall** is the same count with the roles swapped (the gold beads scored
  against the test alignment) after the 1-0 and 0-1 beads of both are left out.
- **F1** is the harmonic mean of the two; any ratio whose denominator is 0 is 0.

Beads are compared as sets (a bead listed twice counts once), and a bead's
indexes in the order given, as vecalign does. Scores of several texts add up by
their counts (:meth:`Scores.__add__`), as ``score.py`` does with several files.

Gold files are in the vecalign/Bleualign format, one bead a line, 0-based
positions: ``[0, 1]:[2]``, ``[3]:[]``.

Everything here but :func:`read_gold` is pure.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from toolkit.errors import InputError
from toolkit.fileio import read_text

Pair = tuple[tuple[int, ...], tuple[int, ...]]
"""A bead as scored: its source positions and its target positions."""


@dataclass(frozen=True)
class Counts:
    """True and false positives, strict and lax, of one direction of the scoring."""

    strict_tp: int = 0
    strict_fp: int = 0
    lax_tp: int = 0
    lax_fp: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.strict_tp + other.strict_tp, self.strict_fp + other.strict_fp,
                      self.lax_tp + other.lax_tp, self.lax_fp + other.lax_fp)

    @property
    def strict(self) -> float:
        """The share of strict true positives (0 where there is nothing to count)."""
        return _ratio(self.strict_tp, self.strict_tp + self.strict_fp)

    @property
    def lax(self) -> float:
        """The share of lax true positives (0 where there is nothing to count)."""
        return _ratio(self.lax_tp, self.lax_tp + self.lax_fp)


@dataclass(frozen=True)
class Scores:
    """The counts of both directions, and the precision, recall and F1 they give."""

    precision_counts: Counts = Counts()
    recall_counts: Counts = Counts()

    def __add__(self, other: Scores) -> Scores:
        return Scores(self.precision_counts + other.precision_counts, self.recall_counts + other.recall_counts)

    @property
    def precision_strict(self) -> float:
        return self.precision_counts.strict

    @property
    def precision_lax(self) -> float:
        return self.precision_counts.lax

    @property
    def recall_strict(self) -> float:
        return self.recall_counts.strict

    @property
    def recall_lax(self) -> float:
        return self.recall_counts.lax

    @property
    def f1_strict(self) -> float:
        return _f1(self.precision_strict, self.recall_strict)

    @property
    def f1_lax(self) -> float:
        return _f1(self.precision_lax, self.recall_lax)

    def as_dict(self, digits: int = 4) -> dict[str, float]:
        """The six figures, named as ``score.py`` names them, rounded to *digits*."""
        return {name: round(getattr(self, name), digits) for name in (
            "precision_strict", "recall_strict", "f1_strict", "precision_lax", "recall_lax", "f1_lax")}


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _pairs(beads: Iterable[tuple[Sequence[int], Sequence[int]]]) -> list[Pair]:
    return [(tuple(source), tuple(target)) for source, target in beads]


def _count(gold: Iterable[Pair], test: Iterable[Pair]) -> Counts:
    """The test beads counted against the gold ones (vecalign's ``_precision``)."""
    gold_set = {bead for bead in gold if bead[0] or bead[1]}
    test_set = {bead for bead in test if bead[0] or bead[1]}
    gold_targets: defaultdict[int, set[int]] = defaultdict(set)
    for source, target in gold_set:
        for i in source:
            gold_targets[i].update(target)
    strict_tp = strict_fp = lax_tp = lax_fp = 0
    for bead in test_set:
        if bead in gold_set:
            strict_tp += 1
            lax_tp += 1
            continue
        strict_fp += 1
        source, target = bead
        reached = set().union(*(gold_targets.get(i, set()) for i in source))
        if reached.intersection(target):
            lax_tp += 1
        else:
            lax_fp += 1
    return Counts(strict_tp, strict_fp, lax_tp, lax_fp)


def score_beads(gold: Iterable[tuple[Sequence[int], Sequence[int]]],
                test: Iterable[tuple[Sequence[int], Sequence[int]]]) -> Scores:
    """Give the scores of the *test* beads against the *gold* ones.

    A 2-1 bead found as a 1-1 and a 1-0: of the three test beads one is exact, one
    overlaps (lax only) and the 1-0 misses; of the two gold beads with both sides,
    one is exact and the other overlaps.

    >>> scores = score_beads(gold=[([0, 1], [0]), ([2], [1])], test=[([0], [0]), ([1], []), ([2], [1])])
    >>> round(scores.precision_strict, 3), round(scores.precision_lax, 3)
    (0.333, 0.667)
    >>> scores.recall_strict, scores.recall_lax
    (0.5, 1.0)
    >>> round(scores.f1_strict, 3), round(scores.f1_lax, 3)
    (0.4, 0.8)
    >>> score_beads([([0], [0]), ([1], [])], [([0], [0]), ([1], [])]).as_dict()["f1_strict"]
    1.0
    """
    gold_pairs, test_pairs = _pairs(gold), _pairs(test)
    precision = _count(gold_pairs, test_pairs)
    # Recall: the gold scored against the test, insertions and deletions left out of both.
    recall = _count([bead for bead in test_pairs if bead[0] and bead[1]],
                    [bead for bead in gold_pairs if bead[0] and bead[1]])
    return Scores(precision, recall)


def lone_beads(gold: Iterable[tuple[Sequence[int], Sequence[int]]],
               test: Iterable[tuple[Sequence[int], Sequence[int]]]) -> dict[str, dict[str, int]]:
    """Give, for 1-0 and 0-1 beads, how many the gold has, how many the test has, and
    how many of the gold's the test has exactly.

    >>> lone_beads([([0], []), ([1], [0]), ([], [1])], [([0], []), ([1], [0, 1])])
    {'1-0': {'gold': 1, 'test': 1, 'found': 1}, '0-1': {'gold': 1, 'test': 0, 'found': 0}}
    """
    gold_pairs, test_pairs = set(_pairs(gold)), set(_pairs(test))
    result: dict[str, dict[str, int]] = {}
    for shape in ("1-0", "0-1"):
        wanted = {bead for bead in gold_pairs if _shape(bead) == shape}
        found = {bead for bead in test_pairs if _shape(bead) == shape}
        result[shape] = {"gold": len(wanted), "test": len(found), "found": len(wanted & found)}
    return result


def _shape(bead: Pair) -> str:
    return f"{len(bead[0])}-{len(bead[1])}"


def parse_gold(text: str, path: str | Path | None = None) -> list[Pair]:
    """Give the beads of a gold alignment written one a line as ``[0, 1]:[2]``
    (blank lines are skipped); *path* is named in errors.

    >>> parse_gold("[0]:[0]\\n[1, 2]:[1]\\n[3]:[]\\n[]:[2]\\n")
    [((0,), (0,)), ((1, 2), (1,)), ((3,), ()), ((), (2,))]
    >>> parse_gold("[0]:[0]\\n[1] [1]\\n", "gold.txt")
    Traceback (most recent call last):
    ...
    toolkit.errors.InputError: gold.txt:2: not a bead: '[1] [1]' (write a bead as [0, 1]:[2], 0-based positions)
    """
    beads: list[Pair] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        sides = line.split(":")
        try:
            if len(sides) != 2:
                raise ValueError(line)
            parsed = [json.loads(side) for side in sides]
            if not all(isinstance(side, list) and all(type(i) is int and i >= 0 for i in side) for side in parsed):
                raise ValueError(line)
        except ValueError:
            raise InputError(f"not a bead: {line.strip()!r} (write a bead as [0, 1]:[2], 0-based positions)",
                             path, number) from None
        beads.append((tuple(parsed[0]), tuple(parsed[1])))
    return beads


def read_gold(path: str | Path) -> list[Pair]:
    """Give the beads of the gold alignment in the UTF-8 file *path* (see :func:`parse_gold`)."""
    return parse_gold(read_text(path), path)


def format_beads(beads: Iterable[tuple[Sequence[int], Sequence[int]]]) -> str:
    """Give beads in the gold format, one a line.

    >>> print(format_beads([((0, 1), (0,)), ((2,), ())]), end="")
    [0, 1]:[0]
    [2]:[]
    """
    return "".join(f"{list(source)}:{list(target)}\n" for source, target in _pairs(beads))
