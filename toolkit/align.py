"""Align a translation with its source block by block: a monotonic sequence of beads.

A bead joins consecutive source blocks with consecutive target blocks: 1-1,
1-0 (the translator dropped a block), 0-1 (the translator added one), 2-1 and
1-2 (merged or split), 2-2, 3-1 and 1-3. The alignment is the sequence of beads
of least total cost, found by dynamic programming, as Gale and Church did over
sentences, inside a band around the diagonal that widens wherever the best path
touches its edge, so that the work grows linearly with the text.

A bead's cost adds

- its kind's prior (most beads are 1-1);
- the lengths: the target's length against the source's times the ratio of the
  two texts, with the ratio and its spread estimated from the texts
  themselves (a first alignment gives the 1-1 beads they are measured on);
- anchors that survive translation: numbers, and marks such as question
  marks, brackets and quotation marks, compared as multisets;
- structure: a heading-like block with a paragraph-like one costs more.

Each bead's confidence is its posterior probability: the share of all
alignments, weighted by their cost, that contain it (forward-backward).

Everything here is pure: texts in, beads out.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

# Bead shapes and the negative log of their prior probability (after Gale and Church 1993,
# with 3-1 and 1-3 added for the restructured ends of preambles and the like).
BEAD_PRIORS: dict[tuple[int, int], float] = {
    (1, 1): -math.log(0.89),
    (1, 0): -math.log(0.0099),
    (0, 1): -math.log(0.0099),
    (2, 1): -math.log(0.089 / 2),
    (1, 2): -math.log(0.089 / 2),
    (2, 2): -math.log(0.011),
    (3, 1): -math.log(0.004),
    (1, 3): -math.log(0.004),
}

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_MARKS = "?!()[]\"«»“”„"
_TERMINAL = tuple(".,;:!?…。，、；：！？»\"”)")
_WORD = re.compile(r"\w+")
# Characters added to both lengths, so that very short blocks do not weigh like long ones.
_SMOOTHING = 20.0


@dataclass(frozen=True)
class BlockFeatures:
    """What the aligner looks at in one block."""

    length: int
    numbers: tuple[str, ...]
    marks: tuple[str, ...]
    heading: bool


def features(text: str, heading: bool | None = None) -> BlockFeatures:
    """Give the features of a block of text; *heading* says whether it is a heading, where
    the markup knows; otherwise a short line without closing punctuation counts as one.

    >>> features("Article 5").heading, features("Everyone has the right to life.").heading
    (True, False)
    >>> features("In 1917, 6 million (or more)?").numbers
    ('1917', '6')
    """
    normal = unicodedata.normalize("NFKC", text)
    stripped = normal.strip()
    length = sum(1 for char in stripped if not char.isspace())
    numbers = tuple(number.replace(",", "").replace(".", "") for number in _NUMBER.findall(normal))
    marks = tuple(char for char in normal if char in _MARKS)
    if heading is None:
        heading = 0 < len(_WORD.findall(stripped)) <= 8 and not stripped.endswith(_TERMINAL)
    return BlockFeatures(length, numbers, marks, heading)


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
    """The beads, in order, covering every block of both texts once; and the length ratio used."""

    beads: tuple[Bead, ...]
    ratio: float
    spread: float
    band: int
    problems: tuple[str, ...] = field(default=())

    @property
    def confidence(self) -> float:
        """The mean confidence of the beads, weighted by the blocks they hold."""
        weights = [len(b.source) + len(b.target) for b in self.beads]
        total = sum(weights)
        return sum(b.confidence * w for b, w in zip(self.beads, weights)) / total if total else 0.0


class _Costs:
    """The cost of every bead the search considers, from prefix sums of the features."""

    def __init__(self, source: Sequence[BlockFeatures], target: Sequence[BlockFeatures],
                 ratio: float, spread: float) -> None:
        self.source, self.target = source, target
        self.ratio, self.spread = ratio, spread
        self.src_len = [0]
        for block in source:
            self.src_len.append(self.src_len[-1] + block.length)
        self.tgt_len = [0]
        for block in target:
            self.tgt_len.append(self.tgt_len[-1] + block.length)
        self.memo: dict[tuple[int, int, int, int], float] = {}
        self.src_numbers = [Counter(block.numbers) for block in source]
        self.tgt_numbers = [Counter(block.numbers) for block in target]
        self.src_marks = [Counter(block.marks) for block in source]
        self.tgt_marks = [Counter(block.marks) for block in target]

    def __call__(self, i: int, j: int, a: int, b: int) -> float:
        """The cost of the bead of source blocks i-a..i-1 and target blocks j-b..j-1."""
        key = (i, j, a, b)
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = self._cost(i, j, a, b)
        return found

    def _cost(self, i: int, j: int, a: int, b: int) -> float:
        cost = BEAD_PRIORS[(a, b)]
        if a == 0 or b == 0:
            # A block left alone: a heading is more likely to be a translator's addition.
            block = self.target[j - 1] if a == 0 else self.source[i - 1]
            return cost - (1.0 if block.heading else 0.0)
        ls = self.src_len[i] - self.src_len[i - a]
        lt = self.tgt_len[j] - self.tgt_len[j - b]
        # Paragraphs differ in length by a share, not by a constant: the log of the ratio,
        # with heavy (Laplace) tails, so that one free translation does not break the rest.
        cost += abs(math.log((lt + _SMOOTHING) / (ls * self.ratio + _SMOOTHING))) / self.spread
        sources = self.source[i - a:i]
        targets = self.target[j - b:j]
        if any(block.numbers for block in sources) or any(block.numbers for block in targets):
            numbers_s = sum(self.src_numbers[i - a:i], Counter())
            numbers_t = sum(self.tgt_numbers[j - b:j], Counter())
            missing = sum(((numbers_s - numbers_t) + (numbers_t - numbers_s)).values())
            cost += min(4.0, 1.5 * missing)
        if any(block.marks for block in sources) or any(block.marks for block in targets):
            marks_s = sum(self.src_marks[i - a:i], Counter())
            marks_t = sum(self.tgt_marks[j - b:j], Counter())
            cost += min(2.0, 0.25 * sum(((marks_s - marks_t) + (marks_t - marks_s)).values()))
        headings_s = sum(block.heading for block in sources)
        headings_t = sum(block.heading for block in targets)
        if headings_s != headings_t:
            cost += 3.0 * abs(headings_s - headings_t)
        return cost


def _band_limits(n: int, m: int, width: int) -> list[tuple[int, int]]:
    """For each source position i (0..n), the range of target positions searched."""
    limits = []
    for i in range(n + 1):
        centre = i * m / n if n else 0
        low = max(0, int(centre) - width)
        high = min(m, int(math.ceil(centre)) + width)
        limits.append((low, high))
    return limits


def _viterbi(costs: _Costs, n: int, m: int, limits: list[tuple[int, int]]) -> tuple[list[tuple[int, int, int, int]], bool]:
    """The least-cost path through the band, as beads (i, j, a, b) ending at (i, j); and whether
    the path touched the band's edge (where it may have been cut off)."""
    inf = math.inf
    best: list[dict[int, float]] = [dict() for _ in range(n + 1)]
    back: list[dict[int, tuple[int, int]]] = [dict() for _ in range(n + 1)]
    best[0][0] = 0.0
    shapes = list(BEAD_PRIORS)
    for i in range(n + 1):
        low, high = limits[i]
        row = best[i]
        for j in range(low, high + 1):
            if i == 0 and j == 0:
                continue
            found, how = inf, (0, 0)
            for a, b in shapes:
                if a > i or b > j:
                    continue
                previous = best[i - a].get(j - b)
                if previous is None:
                    continue
                total = previous + costs(i, j, a, b)
                if total < found:
                    found, how = total, (a, b)
            if found < inf:
                row[j] = found
                back[i][j] = how
    if m not in best[n]:
        return [], True
    path: list[tuple[int, int, int, int]] = []
    i, j = n, m
    touched = False
    while i or j:
        a, b = back[i][j]
        low, high = limits[i]
        if (j == low and low > 0) or (j == high and high < m):
            touched = True
        path.append((i, j, a, b))
        i, j = i - a, j - b
    path.reverse()
    return path, touched


def _logsumexp(values: list[float]) -> float:
    top = max(values)
    return top + math.log(sum(math.exp(v - top) for v in values))


def _posteriors(costs: _Costs, n: int, m: int, limits: list[tuple[int, int]],
                path: list[tuple[int, int, int, int]]) -> list[float]:
    """The posterior probability of each bead of *path*, over all paths in the band."""
    shapes = list(BEAD_PRIORS)
    forward: list[dict[int, float]] = [dict() for _ in range(n + 1)]
    forward[0][0] = 0.0
    for i in range(n + 1):
        low, high = limits[i]
        for j in range(low, high + 1):
            if i == 0 and j == 0:
                continue
            terms = [forward[i - a][j - b] - costs(i, j, a, b)
                     for a, b in shapes if a <= i and b <= j and (j - b) in forward[i - a]]
            if terms:
                forward[i][j] = _logsumexp(terms)
    backward: list[dict[int, float]] = [dict() for _ in range(n + 1)]
    backward[n][m] = 0.0
    for i in range(n, -1, -1):
        low, high = limits[i]
        for j in range(high, low - 1, -1):
            if i == n and j == m:
                continue
            terms = [backward[i + a][j + b] - costs(i + a, j + b, a, b)
                     for a, b in shapes if i + a <= n and j + b <= m and (j + b) in backward[i + a]]
            if terms:
                backward[i][j] = _logsumexp(terms)
    total = forward[n][m]
    result = []
    for i, j, a, b in path:
        log_p = forward[i - a][j - b] - costs(i, j, a, b) + backward[i][j] - total
        result.append(min(1.0, math.exp(log_p)))
    return result


def _search(source: Sequence[BlockFeatures], target: Sequence[BlockFeatures], ratio: float, spread: float,
            band: int) -> tuple[list[tuple[int, int, int, int]], _Costs, list[tuple[int, int]], int]:
    n, m = len(source), len(target)
    costs = _Costs(source, target, ratio, spread)
    width = max(band, abs(n - m) + 3)
    while True:
        limits = _band_limits(n, m, width)
        path, touched = _viterbi(costs, n, m, limits)
        if path and (not touched or width >= max(n, m)):
            return path, costs, limits, width
        width = min(max(n, m), width * 2)


def align_features(source: Sequence[BlockFeatures], target: Sequence[BlockFeatures], band: int = 20) -> Alignment:
    """Give the alignment of two texts given as block features."""
    n, m = len(source), len(target)
    if n == 0 or m == 0:
        alone = [Bead((i,), (), 0.0, 0.0) for i in range(n)] + [Bead((), (j,), 0.0, 0.0) for j in range(m)]
        return Alignment(tuple(alone), 1.0, 1.0, 0, ("one of the texts has no blocks",))
    total_s = sum(block.length for block in source) or 1
    total_t = sum(block.length for block in target) or 1
    ratio = total_t / total_s
    spread = 0.2
    path, costs, limits, width = _search(source, target, ratio, spread, band)
    # Calibrate on the first alignment's 1-1 beads: the texts' own ratio and spread.
    pairs = [(costs.src_len[i] - costs.src_len[i - 1], costs.tgt_len[j] - costs.tgt_len[j - 1])
             for i, j, a, b in path if (a, b) == (1, 1)]
    pairs = [(ls, lt) for ls, lt in pairs if ls > 0 and lt > 0]
    if len(pairs) >= 5:
        ratio = sum(lt for _, lt in pairs) / sum(ls for ls, _ in pairs)
        deviations = sorted(abs(math.log((lt + _SMOOTHING) / (ratio * ls + _SMOOTHING))) for ls, lt in pairs)
        spread = min(0.5, max(0.05, sum(deviations) / len(deviations)))
        path, costs, limits, width = _search(source, target, ratio, spread, band)
    confidences = _posteriors(costs, n, m, limits, path)
    beads = tuple(
        Bead(tuple(range(i - a, i)), tuple(range(j - b, j)), round(costs(i, j, a, b), 4), round(p, 4))
        for (i, j, a, b), p in zip(path, confidences)
    )
    return Alignment(beads, ratio, spread, width)


def align_texts(source: Sequence[str], target: Sequence[str], source_headings: Sequence[bool] | None = None,
                target_headings: Sequence[bool] | None = None, band: int = 20) -> Alignment:
    """Give the alignment of two texts given as lists of blocks; the headings lists say which
    blocks are headings, where the markup knows."""
    src = [features(text, source_headings[k] if source_headings else None) for k, text in enumerate(source)]
    tgt = [features(text, target_headings[k] if target_headings else None) for k, text in enumerate(target)]
    return align_features(src, tgt, band)
