"""The costs of beads (toolkit.beadcost). What the lexicon's evidence weighs
(term_weights): a hit says more in a short stretch than in a long one, a term whose
partner turns up by chance as often as in translation says nothing, and lengths nearly
alike weigh nearly alike. What a sentence bead pays for crossing paragraphs' ends."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from toolkit.align import BEAD_PRIORS, STRADDLE
from toolkit.alignunits import Vocabulary, text_units
from toolkit.beadcost import Scoring, bead_costs, term_weights
from toolkit.lattice import band_around

rates = st.floats(min_value=1e-6, max_value=0.1)
kept = st.floats(min_value=0.05, max_value=0.9)
lengths = st.floats(min_value=1.0, max_value=5000.0)


def weights(rate: float, keep: float, length: float, unit: float = 100.0) -> tuple[float, float]:
    hit, miss = term_weights(np.array([rate]), np.array([keep]), np.array([length]), unit)
    return float(hit[0]), float(miss[0])


@given(rates, kept, lengths, lengths)
def test_a_hit_says_no_more_in_a_longer_stretch_and_never_counts_against(
        rate: float, keep: float, short: float, long: float) -> None:
    short, long = min(short, long), max(short, long)
    # Below one in a hundred, chance is taken as one in a hundred: no stretch is that sure.
    assume(-np.expm1(-rate * short) > 0.01)
    hit_short, miss_short = weights(rate, keep, short)
    hit_long, miss_long = weights(rate, keep, long)
    assert hit_short >= hit_long - 1e-9 >= -1e-9
    assert miss_short <= 1e-9 and miss_long <= 1e-9


@given(rates, kept, lengths)
def test_a_term_as_likely_found_by_chance_as_kept_says_nothing(rate: float, keep: float, length: float) -> None:
    chance = -np.expm1(-rate * length)
    hit, miss = weights(rate, keep, length)
    if chance >= keep and length <= 100.0:
        assert hit == 0.0 and miss == 0.0
    if chance < keep * 0.5 and length <= 100.0:
        assert hit > 0.0 and miss < 0.0


@given(rates, kept, lengths)
def test_nearly_equal_lengths_weigh_nearly_alike(rate: float, keep: float, length: float) -> None:
    # No jump where a term stops telling anything: a line of a few characters added to a
    # paragraph must not change what the paragraph's terms weigh by much.
    hit, miss = weights(rate, keep, length)
    hit_more, miss_more = weights(rate, keep, length * 1.01)
    assert abs(hit - hit_more) < 0.05 and abs(miss - miss_more) < 0.05


def test_a_short_line_added_to_a_long_paragraph_hardly_changes_the_weights() -> None:
    # What counting units instead of characters got wrong: two units weighed as twice one.
    hit_alone, _ = weights(0.002, 0.8, 550.0, unit=200.0)
    hit_with_line, _ = weights(0.002, 0.8, 570.0, unit=200.0)
    hit_twice, _ = weights(0.002, 0.8, 1100.0, unit=200.0)
    assert hit_alone - hit_with_line < 0.05
    assert hit_alone - hit_twice > 0.2


def sentence_bead_costs(source: list[str], target: list[str]) -> Callable[[int, int, int, int], float]:
    """The cost, without a lexicon, of the sentence bead of source sentences i0..i1 - 1 and
    target sentences j0..j1 - 1 of these paragraphs, as the aligner's sentence pass sees it."""
    vocabulary = Vocabulary()
    _, source_units = text_units(source, vocabulary)
    _, target_units = text_units(target, vocabulary)
    n, m = len(source_units), len(target_units)
    band = band_around(np.arange(n + 1) * (m / n), n, m, n + m)
    scoring = Scoring(1.0, 0.3, BEAD_PRIORS, straddle=STRADDLE, marks=False, headings=False)
    costs = bead_costs(source_units, target_units, band, list(BEAD_PRIORS), scoring, len(vocabulary))

    def cost(i0: int, i1: int, j0: int, j1: int) -> float:
        return float(costs[(i1 - i0, j1 - j0)][i1, j1 - band.lo[i1]])
    return cost


def test_a_sentence_bead_pays_for_each_side_whose_paragraph_end_it_crosses() -> None:
    # Two paragraphs of one sentence each, on both sides, of equal lengths: a 2-2 bead
    # joining them crosses a paragraph's end on both sides.
    paragraphs = ["No official to receive a wage higher than a skilled worker.", "No standing army."]
    both_sides = sentence_bead_costs(paragraphs, paragraphs)(0, 2, 0, 2)
    one_side = sentence_bead_costs(paragraphs, [" ".join(paragraphs)])(0, 2, 0, 2)
    neither = sentence_bead_costs([" ".join(paragraphs)], [" ".join(paragraphs)])(0, 2, 0, 2)
    assert both_sides - one_side == pytest.approx(STRADDLE)
    assert one_side - neither == pytest.approx(STRADDLE)


def test_a_paragraph_that_breaks_off_in_mid_sentence_is_joined_to_the_next_for_free() -> None:
    broken = ["Now, therefore,", "the General Assembly proclaims this Declaration."]
    whole = ["Now, therefore, the General Assembly proclaims this Declaration."]
    closed = ["Now, therefore.", "The General Assembly proclaims this Declaration."]
    two_sentences = ["Now, therefore. The General Assembly proclaims this Declaration."]
    joined = sentence_bead_costs(broken, whole)(0, 2, 0, 1)
    crossing = sentence_bead_costs(closed, whole)(0, 2, 0, 1)
    inside = sentence_bead_costs(two_sentences, whole)(0, 2, 0, 1)
    assert joined == pytest.approx(inside, abs=0.05)  # lengths differ by a letter or two
    assert crossing - inside == pytest.approx(STRADDLE, abs=0.05)
