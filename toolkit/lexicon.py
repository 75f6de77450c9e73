"""A bilingual lexicon learned from the two texts themselves: which term of the translation
translates which term of the source.

No dictionary is needed, and none is used: the aligner first aligns by length and
anchors alone, and the beads it is sure of say which terms keep company. A source term
and a target term are linked when they occur in the same beads far more often than
chance would have them (Dunning's log-likelihood ratio, and a Dice coefficient), or when
they are written alike on both sides (names, numbers in words, borrowed words). Each
term gets at most one partner, the best first (Melamed's competitive linking), so that
frequent words do not collect the links of rare ones.

For each link the lexicon keeps how often the partner is there when the term is, in the
beads it was learned on (shrunk towards chance, so that a link seen twice promises
little), and how often the partner's side has the partner by chance.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

# Links need this many beads in common, and this strength of association.
MIN_COOCCURRENCE = 2
MIN_DICE = 0.3
MIN_LOG_LIKELIHOOD = 10.0
# Pseudo-beads of chance behaviour mixed into each link's estimate.
SHRINK = 3.0
# No term's partner is kept in every translation (paraphrase, pronouns, synonyms): a link
# learned from beads where it always held promises no more than this.
MAX_PROBABILITY = 0.9
# Terms written alike on both sides need this many characters to count as one word.
MIN_COGNATE = 4
# At most this many beads are learned from.
MAX_BEADS = 400
# A term with this many candidates as good as its best (the best one included) is left without one.
MAX_TIES = 4
# Terms present in more than this share of the beads tell nothing about any one bead.
MAX_SHARE = 0.5


@dataclass(frozen=True)
class Lexicon:
    """The links between source terms and target terms (by term number).

    ``partner_of_source[s]`` is the target term linked to source term s (-1: none), and
    ``partner_of_target`` the reverse. For each source term with a partner, ``kept``
    is the probability that the partner is in the bead when the term is;
    ``chance_in_target[s]`` the share of target units holding s's partner;
    ``chance_in_source[t]`` the share of source units holding target term t's partner.
    """

    partner_of_source: NDArray[np.int64]
    partner_of_target: NDArray[np.int64]
    kept: NDArray[np.float64]
    chance_in_target: NDArray[np.float64]
    chance_in_source: NDArray[np.float64]
    links: int

    @property
    def empty(self) -> bool:
        """Whether no link was found."""
        return self.links == 0


def _log_likelihood(k11: NDArray[np.float64], row: NDArray[np.float64], column: NDArray[np.float64],
                    total: float) -> NDArray[np.float64]:
    """Dunning's G² for 2x2 tables given the joint count, the margins and the total."""
    k12, k21 = row - k11, column - k11
    k22 = total - row - column + k11

    def h(*counts: NDArray[np.float64]) -> NDArray[np.float64]:
        whole = sum(counts)
        out = np.zeros_like(k11)
        for count in counts:
            with np.errstate(divide="ignore", invalid="ignore"):
                out += np.where(count > 0, count * np.log(np.where(count > 0, count, 1) / whole), 0.0)
        return out

    return 2 * (h(k11, k12, k21, k22) - h(k11 + k12, k21 + k22) - h(k11 + k21, k12 + k22))


def _unambiguous(candidates: NDArray[np.int64], source: NDArray[np.int64], target: NDArray[np.int64],
                 rank: NDArray[np.float64], count: NDArray[np.float64]) -> NDArray[np.int64]:
    """The candidates in order of strength, less those that tie with another candidate of
    their source or target term at their best: terms that always keep the same company
    (a passage repeated word for word) say nothing about which of them translates which."""
    order = candidates[np.lexsort((target[candidates], source[candidates], -count[candidates], -rank[candidates]))]
    keep = np.ones(len(order), dtype=bool)
    for side in (source, target):
        terms = side[order]
        # Within each term's candidates, strongest first: how many are as good as its best.
        by_term = np.lexsort((-count[order], -rank[order], terms))
        grouped = terms[by_term]
        starts = np.flatnonzero(np.r_[True, grouped[1:] != grouped[:-1]]) if len(grouped) else grouped
        first = np.repeat(starts, np.diff(np.r_[starts, len(grouped)]))
        as_good = (rank[order][by_term] == rank[order][by_term][first]) & \
                  (count[order][by_term] == count[order][by_term][first])
        ties = np.bincount(grouped, weights=as_good.astype(np.float64), minlength=int(side.max(initial=0)) + 1)
        keep &= ties[terms] < MAX_TIES
    return order[keep]


def _document_frequency(units: Sequence[Sequence[int]], size: int) -> NDArray[np.float64]:
    counts = np.zeros(size)
    for terms in units:
        if terms:
            counts[np.fromiter(terms, dtype=np.int64, count=len(terms))] += 1
    return counts


def learn_lexicon(source_units: Sequence[Sequence[int]], target_units: Sequence[Sequence[int]],
                  beads: Sequence[tuple[Sequence[int], Sequence[int]]], names: Sequence[str]) -> Lexicon:
    """Give the lexicon learned from *beads* (source units, target units) whose terms are
    ``source_units[i]`` and ``target_units[j]`` (term numbers; *names* spells them)."""
    size = len(names)
    # A passage repeated word for word (a refrain, boilerplate, a text pasted twice) is one
    # piece of evidence, not many: each pair of texts counts once.
    distinct: dict[tuple[tuple[int, ...], tuple[int, ...]], None] = {}
    for bead_sources, bead_targets in beads:
        key = (sum((tuple(source_units[i]) for i in bead_sources), ()),
               sum((tuple(target_units[j]) for j in bead_targets), ()))
        distinct.setdefault(key, None)
    learned = [(tuple(dict.fromkeys(source_terms)), tuple(dict.fromkeys(target_terms)))
               for source_terms, target_terms in distinct]
    if len(learned) > MAX_BEADS:
        # Evenly through the text: a long text teaches no more links from more beads than
        # these, and the pairs of terms to count grow with them.
        learned = [learned[k * len(learned) // MAX_BEADS] for k in range(MAX_BEADS)]
    bead_source = [list(source_terms) for source_terms, _ in learned]
    bead_target = [list(target_terms) for _, target_terms in learned]
    total = float(len(learned))
    df_source = _document_frequency(bead_source, size)
    df_target = _document_frequency(bead_target, size)
    # Pairs of terms met in one bead, counted over the beads: only terms that could make a
    # link (in two beads at least, in at most half of them), and cognates of any frequency.
    cognate = np.array([len(name) >= MIN_COGNATE and max(name) <= "\u2fff" for name in names],
                       dtype=bool) if size else np.zeros(0, dtype=bool)
    limit = max(MIN_COOCCURRENCE, MAX_SHARE * total)
    useful_source = (df_source >= MIN_COOCCURRENCE) & (df_source <= limit)
    useful_target = (df_target >= MIN_COOCCURRENCE) & (df_target <= limit)
    codes: list[NDArray[np.int64]] = []
    for s_terms, t_terms in zip(bead_source, bead_target):
        s = np.asarray(s_terms, dtype=np.int64)
        t = np.asarray(t_terms, dtype=np.int64)
        s_keep, t_keep = s[useful_source[s]] if len(s) else s, t[useful_target[t]] if len(t) else t
        if len(s_keep) and len(t_keep):
            codes.append((s_keep[:, None] * size + t_keep[None, :]).ravel())
        both = np.intersect1d(s, t, assume_unique=True) if len(s) and len(t) else s[:0]
        both = both[cognate[both] & ~(useful_source[both] & useful_target[both])] if len(both) else both
        if len(both):
            codes.append(both * size + both)
    candidates: list[tuple[float, float, int, int]] = []
    if codes:
        pairs, counts = np.unique(np.concatenate(codes), return_counts=True)
        s_of, t_of = pairs // size, pairs % size
        counts_f = counts.astype(np.float64)
        dice = 2 * counts_f / (df_source[s_of] + df_target[t_of])
        same = s_of == t_of
        strong = (counts >= MIN_COOCCURRENCE) & (dice >= MIN_DICE)
        tested = np.flatnonzero(strong)
        strong[tested] = _log_likelihood(counts_f[tested], df_source[s_of[tested]], df_target[t_of[tested]],
                                         total) >= MIN_LOG_LIKELIHOOD
        # Terms written alike need less evidence: one bead in common will do.
        alike = same & cognate[s_of] & (counts >= 1)
        keep = strong | alike
        rank = dice + np.where(alike, 0.5, 0.0)
        chosen = _unambiguous(np.flatnonzero(keep), s_of, t_of, rank, counts_f)
        candidates = list(zip(rank[chosen].tolist(), counts_f[chosen].tolist(),
                              s_of[chosen].tolist(), t_of[chosen].tolist()))
    source_share = _document_frequency(source_units, size) / max(1, len(source_units))
    target_share = _document_frequency(target_units, size) / max(1, len(target_units))
    partner_of_source = np.full(size, -1, dtype=np.int64)
    partner_of_target = np.full(size, -1, dtype=np.int64)
    kept = np.zeros(size)
    for _, count, source_term, target_term in candidates:
        if partner_of_source[source_term] >= 0 or partner_of_target[target_term] >= 0:
            continue
        partner_of_source[source_term] = target_term
        partner_of_target[target_term] = source_term
        chance = max(float(target_share[target_term]), float(source_share[source_term]))
        seen = max(float(df_source[source_term]), float(df_target[target_term]))
        kept[source_term] = min(MAX_PROBABILITY, (count + SHRINK * chance) / (seen + SHRINK))
    linked = partner_of_source >= 0
    chance_in_target = np.zeros(size)
    chance_in_target[linked] = target_share[partner_of_source[linked]]
    linked_t = partner_of_target >= 0
    chance_in_source = np.zeros(size)
    chance_in_source[linked_t] = source_share[partner_of_target[linked_t]]
    return Lexicon(partner_of_source, partner_of_target, kept, chance_in_target, chance_in_source,
                   int(linked.sum()))
