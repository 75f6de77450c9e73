"""Matching blocks of two editions by content, linearly."""

from __future__ import annotations

from toolkit.matching import match_blocks

A = "The October Revolution was the greatest single event in human history, said Trotsky."
B = "Marx and Engels explained long ago that socialism requires material conditions."
C = "The productive forces of Russia were artificially constrained by the bureaucratic system."
D = "Foreign investment was always very feeble, but even that has evaporated after the crisis."


def test_identical_editions_match_in_order() -> None:
    m = match_blocks([A, B, C], [A, B, C])
    assert m.pairs == {0: 0, 1: 1, 2: 2}
    assert not (m.moved or m.added or m.deleted or m.split_parts or m.merged_parts)


def test_edit_move_add_delete() -> None:
    edited = A.replace("greatest", "biggest")
    m = match_blocks([A, B, C, D], [C, edited, B, "An entirely new paragraph of other words."])
    assert m.pairs == {0: 1, 1: 2, 2: 0}
    assert m.moved == {0}
    assert m.added == [3]
    assert m.deleted == [3]


def test_split_and_merge() -> None:
    first, second = "The October Revolution was the greatest single event", "in human history, said Trotsky."
    m = match_blocks([A, B, C, D], [first, second, B, C + " " + D])
    assert set(m.pairs) == {0, 1, 2} or set(m.pairs) == {0, 1, 3}
    assert m.split_parts in ({1: 0}, {0: 0})
    assert m.merged_parts in ({3: 3}, {2: 3})


def test_headings_match_only_headings() -> None:
    m = match_blocks(["Social collapse", A], [A, "Social collapse"], ["h", "p"], ["p", "p"])
    assert m.pairs == {1: 0}
    assert m.deleted == [0] and m.added == [1]


def test_duplicate_blocks_pair_in_order() -> None:
    m = match_blocks(["* * *", A, "* * *", B], ["* * *", A, "* * *", B])
    assert m.pairs == {0: 0, 1: 1, 2: 2, 3: 3}
