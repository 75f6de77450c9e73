"""Match the blocks of two editions by content: which block became which.

A pure function over texts.  Blocks are compared as bags of words weighted by
rarity (a shared rare word says more than a shared "the"); candidates come
from an index of each block's rarest words, so that the work grows about
linearly with the text instead of comparing every block with every other.

The stages, each working on what the earlier ones left open:

1. identical text, where it is found as often on both sides (paired in order);
2. similar text (weighted Dice ≥ the threshold), best pairs first: edited
   blocks, moved blocks, edited and moved blocks;
3. a block left over in the new edition that lies inside an old block whose
   match is its neighbour is a part split off; a block left over in the old
   edition that lies inside a new block whose match is its neighbour was
   merged into it;
4. blocks left between the same two matched neighbours on both sides are
   paired in order when they are at least a little alike (a heavy edit in
   place), and stage 3 runs again for what that pairing explains;
5. what remains was added or deleted.  A matched pair that is out of order
   with the others (outside the longest run in order) was moved.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from toolkit.model import normalize_space, words

SIMILAR = 0.45
"""Weighted Dice at which two blocks anywhere in the text count as the same block."""
SIMILAR_IN_PLACE = 0.3
"""Weighted Dice at which two blocks in the same place count as the same block."""
CONTAINED = 0.6
"""Share of a block's weight found in another for it to count as part of it."""

_CANDIDATE_WORDS = 12
_MAX_POSTINGS = 200
_MAX_GAP_CELLS = 250_000


@dataclass
class Matching:
    """Which old block became which new block, by index in each edition.

    ``pairs`` maps an old block to the new block that carries it on (same,
    edited or moved); ``split_parts`` maps a new block split off an old one to
    that old block; ``merged_parts`` maps an old block merged into a new one
    to that new block; ``moved`` holds the new indices of pairs out of order.
    """

    pairs: dict[int, int] = field(default_factory=dict)
    scores: dict[int, float] = field(default_factory=dict)
    split_parts: dict[int, int] = field(default_factory=dict)
    merged_parts: dict[int, int] = field(default_factory=dict)
    moved: set[int] = field(default_factory=set)
    added: list[int] = field(default_factory=list)
    deleted: list[int] = field(default_factory=list)


class _Blocks:
    """Word bags of one edition's blocks, with their weights."""

    def __init__(self, texts: Sequence[str], groups: Sequence[str]) -> None:
        self.texts = [normalize_space(t) for t in texts]
        self.bags = [Counter(words(t)) for t in texts]
        self.groups = list(groups)
        self.mass: list[float] = []

    def weigh(self, weight: dict[str, float]) -> None:
        self.mass = [sum(n * weight[w] for w, n in bag.items()) for bag in self.bags]


def match_blocks(
    old: Sequence[str],
    new: Sequence[str],
    old_groups: Sequence[str] | None = None,
    new_groups: Sequence[str] | None = None,
    threshold: float = SIMILAR,
    known: Mapping[int, int] | None = None,
) -> Matching:
    """Give the matching of the *old* block texts to the *new* ones.

    Blocks match only within the same group (for example headings with
    headings); *threshold* is the weighted Dice similarity at which blocks
    count as the same block wherever they are.  *known* pairs (old index to
    new index, say from IDs both editions share) are taken as they are, and
    content decides the rest.

    >>> m = match_blocks(["One block.", "Two blocks here.", "Three."],
    ...                  ["Three.", "One block.", "Two blocks there."])
    >>> sorted(m.pairs.items()), sorted(m.moved)
    ([(0, 1), (1, 2), (2, 0)], [0])
    """
    olds = _Blocks(old, old_groups or ["" for _ in old])
    news = _Blocks(new, new_groups or ["" for _ in new])
    frequency: Counter[str] = Counter()
    for bag in olds.bags + news.bags:
        frequency.update(bag.keys())
    total = len(old) + len(new)
    weight = {w: math.log(1 + total / n) for w, n in frequency.items()}
    olds.weigh(weight)
    news.weigh(weight)
    matcher = _Matcher(olds, news, weight, threshold)
    for i, j in (known or {}).items():
        matcher.pair(i, j, matcher.dice(i, j))
    return matcher.run()


class _Matcher:
    def __init__(
        self, olds: _Blocks, news: _Blocks, weight: dict[str, float], threshold: float
    ) -> None:
        self.olds, self.news, self.weight, self.threshold = olds, news, weight, threshold
        self.result = Matching()
        self.new_to_old: dict[int, int] = {}
        self.index: dict[str, list[int]] = defaultdict(list)
        for i, bag in enumerate(olds.bags):
            for w in bag:
                self.index[w].append(i)

    # -- similarity ---------------------------------------------------------

    def overlap(self, i: int, j: int) -> float:
        a, b = self.olds.bags[i], self.news.bags[j]
        if len(a) > len(b):
            a, b = b, a
        return sum(min(n, b[w]) * self.weight[w] for w, n in a.items() if w in b)

    def dice(self, i: int, j: int) -> float:
        if self.olds.texts[i] == self.news.texts[j]:
            return 1.0
        total = self.olds.mass[i] + self.news.mass[j]
        return 2 * self.overlap(i, j) / total if total else 0.0

    def compatible(self, i: int, j: int) -> bool:
        return self.olds.groups[i] == self.news.groups[j]

    def candidates(self, j: int) -> set[int]:
        """Old blocks sharing one of the rarest words of new block *j*."""
        # Only words the old edition has can lead to it: a new word, however
        # rare, says nothing about which old block this one was.
        shared = [w for w in self.news.bags[j] if w in self.index]
        rarest = sorted(shared, key=lambda w: (-self.weight[w], w))[:_CANDIDATE_WORDS]
        found: set[int] = set()
        for w in rarest:
            postings = self.index.get(w, ())
            found.update(postings[:_MAX_POSTINGS])
        return found

    def relative_distance(self, i: int, j: int) -> float:
        return abs(i / max(1, len(self.olds.texts)) - j / max(1, len(self.news.texts)))

    def pair(self, i: int, j: int, score: float) -> None:
        self.result.pairs[i] = j
        self.result.scores[i] = score
        self.new_to_old[j] = i

    # -- stages -------------------------------------------------------------

    def run(self) -> Matching:
        self.identical()
        self.similar()
        # Parts of split and merged blocks first, so that pairing blocks in
        # place does not take a part for an edited neighbour; then again, for
        # the parts of blocks that only pairing in place could match.
        self.splits_and_merges()
        self.in_place()
        self.splits_and_merges()
        self.finish()
        return self.result

    def identical(self) -> None:
        old_keys: dict[str, list[int]] = defaultdict(list)
        new_keys: dict[str, list[int]] = defaultdict(list)
        for i, text in enumerate(self.olds.texts):
            old_keys[text].append(i)
        for j, text in enumerate(self.news.texts):
            new_keys[text].append(j)
        for key, olds in old_keys.items():
            news = new_keys.get(key, [])
            # A text found as often in both editions (a refrain, a separator) is paired in
            # order, occurrence by occurrence; one found a different number of times is left
            # to the later stages, which weigh its neighbours.
            if len(olds) != len(news):
                continue
            for i, j in zip(olds, news):
                if i not in self.result.pairs and j not in self.new_to_old and self.compatible(i, j):
                    self.pair(i, j, 1.0)

    def similar(self) -> None:
        scored: list[tuple[float, float, int, int]] = []
        for j in range(len(self.news.texts)):
            if j in self.new_to_old:
                continue
            for i in self.candidates(j):
                if i in self.result.pairs or not self.compatible(i, j):
                    continue
                score = self.dice(i, j)
                if score >= self.threshold:
                    scored.append((-score, self.relative_distance(i, j), i, j))
        for negative, _, i, j in sorted(scored):
            if i not in self.result.pairs and j not in self.new_to_old:
                self.pair(i, j, -negative)

    def anchors(self) -> list[tuple[int, int]]:
        """The longest run of pairs in the same order in both editions."""
        ordered = sorted((j, i) for i, j in self.result.pairs.items())
        chain = _longest_increasing([i for _, i in ordered])
        return [(ordered[k][1], ordered[k][0]) for k in chain]

    def in_place(self) -> None:
        anchors = [(-1, -1), *self.anchors(), (len(self.olds.texts), len(self.news.texts))]
        for (i0, j0), (i1, j1) in zip(anchors, anchors[1:]):
            gap_old = [
                i for i in range(i0 + 1, i1)
                if i not in self.result.pairs and i not in self.result.merged_parts
            ]
            gap_new = [
                j for j in range(j0 + 1, j1)
                if j not in self.new_to_old and j not in self.result.split_parts
            ]
            if gap_old and gap_new and len(gap_old) * len(gap_new) <= _MAX_GAP_CELLS:
                for i, j, score in self.align_gap(gap_old, gap_new):
                    self.pair(i, j, score)

    def align_gap(self, gap_old: list[int], gap_new: list[int]) -> list[tuple[int, int, float]]:
        """The in-order pairing of a gap's blocks with the greatest total similarity."""
        rows, cols = len(gap_old), len(gap_new)
        best = [[0.0] * (cols + 1) for _ in range(rows + 1)]
        score: dict[tuple[int, int], float] = {}
        for a in range(rows):
            for b in range(cols):
                i, j = gap_old[a], gap_new[b]
                s = self.dice(i, j) if self.compatible(i, j) else 0.0
                if s >= SIMILAR_IN_PLACE:
                    score[a, b] = s
        for a in range(1, rows + 1):
            for b in range(1, cols + 1):
                take = best[a - 1][b - 1] + score.get((a - 1, b - 1), -1.0)
                best[a][b] = max(best[a - 1][b], best[a][b - 1], take)
        pairs: list[tuple[int, int, float]] = []
        a, b = rows, cols
        while a > 0 and b > 0:
            pair_score = score.get((a - 1, b - 1))
            if pair_score is not None and best[a][b] == best[a - 1][b - 1] + pair_score:
                pairs.append((gap_old[a - 1], gap_new[b - 1], pair_score))
                a, b = a - 1, b - 1
            elif best[a][b] == best[a - 1][b]:
                a -= 1
            else:
                b -= 1
        return pairs[::-1]

    def containment_old_in_new(self, i: int, j: int) -> float:
        mass = self.olds.mass[i]
        return self.overlap(i, j) / mass if mass else 0.0

    def containment_new_in_old(self, i: int, j: int) -> float:
        mass = self.news.mass[j]
        return self.overlap(i, j) / mass if mass else 0.0

    def splits_and_merges(self) -> None:
        changed = True
        while changed:
            changed = self.find_splits() | self.find_merges()

    def find_splits(self) -> bool:
        """New blocks left over that are parts of an old block next to them."""
        found = False
        # new index -> old block whose parts it holds (the carrier or a split part)
        owner = {j: i for j, i in self.new_to_old.items()}
        owner.update(self.result.split_parts)
        unmatched = [
            j for j in range(len(self.news.texts))
            if j not in self.new_to_old and j not in self.result.split_parts
        ]
        for j in unmatched:
            if j in self.new_to_old or j in self.result.split_parts:
                continue
            best: tuple[float, int] | None = None
            for i in self.candidates(j):
                if not self.compatible(i, j):
                    continue
                neighbours = {owner.get(j - 1), owner.get(j + 1)}
                if i in self.result.pairs and i not in neighbours:
                    continue
                share = self.containment_new_in_old(i, j)
                if share >= CONTAINED and (best is None or share > best[0]):
                    best = (share, i)
            if best is None:
                continue
            i = best[1]
            if i in self.result.pairs:
                self.result.split_parts[j] = i
                owner[j] = i
                found = True
            elif i not in self.result.merged_parts:
                # No part was similar enough to carry the old block on: if the
                # parts side by side make up most of it, the largest carries it.
                parts = self.run_of_parts(i, j)
                if len(parts) < 2 or self.coverage(i, parts) < CONTAINED:
                    continue
                carrier = max(parts, key=lambda k: (self.overlap(i, k), -k))
                self.pair(i, carrier, self.dice(i, carrier))
                owner[carrier] = i
                found = True
        return found

    def coverage(self, i: int, parts: list[int]) -> float:
        """The share of old block *i* found in the new blocks *parts* taken together."""
        together: Counter[str] = Counter()
        for k in parts:
            together.update(self.news.bags[k])
        bag = self.olds.bags[i]
        found = sum(min(n, together[w]) * self.weight[w] for w, n in bag.items() if w in together)
        return found / self.olds.mass[i] if self.olds.mass[i] else 0.0

    def run_of_parts(self, i: int, j: int) -> list[int]:
        """The unmatched new blocks next to each other around *j* that lie inside old block *i*."""

        def is_part(k: int) -> bool:
            return (
                0 <= k < len(self.news.texts)
                and k not in self.new_to_old
                and k not in self.result.split_parts
                and self.compatible(i, k)
                and self.containment_new_in_old(i, k) >= CONTAINED
            )

        start, end = j, j
        while is_part(start - 1):
            start -= 1
        while is_part(end + 1):
            end += 1
        return list(range(start, end + 1))

    def find_merges(self) -> bool:
        """Old blocks left over that went into a new block next to them."""
        found = False
        owner = {i: j for i, j in self.result.pairs.items()}
        owner.update(self.result.merged_parts)
        unmatched = [
            i for i in range(len(self.olds.texts))
            if i not in self.result.pairs and i not in self.result.merged_parts
        ]
        for i in unmatched:
            if i in self.result.pairs or i in self.result.merged_parts:
                continue
            best: tuple[float, int] | None = None
            neighbours = {owner.get(i - 1), owner.get(i + 1)} - {None}
            for j in neighbours:
                assert j is not None
                share = self.containment_old_in_new(i, j)
                if self.compatible(i, j) and share >= CONTAINED and (best is None or share > best[0]):
                    best = (share, j)
            if best is not None:
                self.result.merged_parts[i] = best[1]
                owner[i] = best[1]
                found = True
        # Old blocks none of which was similar enough to carry the new one on.
        leftovers = [
            j for j in range(len(self.news.texts))
            if j not in self.new_to_old and j not in self.result.split_parts
        ]
        for j in leftovers:
            if j in self.new_to_old:
                continue
            parts = [
                i for i in self.candidates(j)
                if i not in self.result.pairs and i not in self.result.merged_parts
                and self.compatible(i, j) and self.containment_old_in_new(i, j) >= CONTAINED
            ]
            if len(parts) >= 2 and max(parts) - min(parts) == len(parts) - 1:
                carrier = max(parts, key=lambda k: (self.overlap(k, j), -k))
                self.pair(carrier, j, self.dice(carrier, j))
                for i in parts:
                    if i != carrier:
                        self.result.merged_parts[i] = j
                found = True
        return found

    def finish(self) -> None:
        in_order = {j for _, j in self.anchors()}
        self.result.moved = {j for j in self.new_to_old if j not in in_order}
        self.result.added = [
            j for j in range(len(self.news.texts))
            if j not in self.new_to_old and j not in self.result.split_parts
        ]
        self.result.deleted = [
            i for i in range(len(self.olds.texts))
            if i not in self.result.pairs and i not in self.result.merged_parts
        ]


def _longest_increasing(values: Sequence[int]) -> list[int]:
    """Give the positions of a longest strictly increasing subsequence of *values*.

    >>> _longest_increasing([3, 0, 1, 4, 2, 5])
    [1, 2, 4, 5]
    """
    tails: list[int] = []
    tail_positions: list[int] = []
    previous = [-1] * len(values)
    for position, value in enumerate(values):
        k = bisect.bisect_left(tails, value)
        if k == len(tails):
            tails.append(value)
            tail_positions.append(position)
        else:
            tails[k] = value
            tail_positions[k] = position
        previous[position] = tail_positions[k - 1] if k else -1
    chain: list[int] = []
    position = tail_positions[-1] if tail_positions else -1
    while position != -1:
        chain.append(position)
        position = previous[position]
    return chain[::-1]
