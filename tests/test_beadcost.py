"""What the lexicon's evidence weighs in a bead's cost (toolkit.beadcost.term_weights): a hit
says more in a short stretch than in a long one, a term whose partner turns up by chance
as often as in translation says nothing, and lengths nearly alike weigh nearly alike."""

from __future__ import annotations

import numpy as np
from hypothesis import assume, given
from hypothesis import strategies as st

from toolkit.beadcost import term_weights

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
