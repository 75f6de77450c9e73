"""Scoring alignments as vecalign's score.py does (toolkit.alignscore), on tiny cases worked out by hand."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from toolkit.alignscore import Counts, Scores, format_beads, lone_beads, parse_gold, read_gold, score_beads
from toolkit.errors import InputError


def test_a_perfect_alignment_scores_one_everywhere() -> None:
    gold = [([0], [0]), ([1, 2], [1]), ([3], []), ([], [2]), ([4], [3, 4])]
    scores = score_beads(gold, gold)
    assert scores.as_dict() == {"precision_strict": 1.0, "recall_strict": 1.0, "f1_strict": 1.0,
                                "precision_lax": 1.0, "recall_lax": 1.0, "f1_lax": 1.0}
    # Precision counts all five beads; recall the three with both sides.
    assert scores.precision_counts == Counts(strict_tp=5, strict_fp=0, lax_tp=5, lax_fp=0)
    assert scores.recall_counts == Counts(strict_tp=3, strict_fp=0, lax_tp=3, lax_fp=0)


def test_a_two_one_bead_predicted_as_one_one_and_one_zero() -> None:
    # Gold: sources 0 and 1 share target 0 (a 2-1 bead), then two 1-1 beads.
    gold = [([0, 1], [0]), ([2], [1]), ([3], [2])]
    test = [([0], [0]), ([1], []), ([2], [1]), ([3], [2])]
    scores = score_beads(gold, test)
    # Precision over 4 test beads: 2 exact; [0]:[0] overlaps the 2-1 on both sides (lax
    # only); [1]:[] has no target, so it misses even laxly.
    assert scores.precision_counts == Counts(strict_tp=2, strict_fp=2, lax_tp=3, lax_fp=1)
    # Recall over the 3 gold beads (none is 1-0 or 0-1): 2 exact; the 2-1 reaches the
    # test's [0]:[0] through its source 0, so it is found laxly.
    assert scores.recall_counts == Counts(strict_tp=2, strict_fp=1, lax_tp=3, lax_fp=0)
    assert scores.precision_strict == pytest.approx(2 / 4)
    assert scores.precision_lax == pytest.approx(3 / 4)
    assert scores.recall_strict == pytest.approx(2 / 3)
    assert scores.recall_lax == 1.0
    assert scores.f1_strict == pytest.approx(2 * (1 / 2) * (2 / 3) / (1 / 2 + 2 / 3))  # 4/7
    assert scores.f1_strict == pytest.approx(4 / 7)
    assert scores.f1_lax == pytest.approx(2 * (3 / 4) / (3 / 4 + 1))  # 6/7
    assert scores.f1_lax == pytest.approx(6 / 7)


def test_lone_beads_count_in_precision_but_not_in_recall() -> None:
    gold = [([0], [0]), ([1], []), ([2], [1]), ([], [2])]
    # The dropped source 1 is missed: joined to the next bead; the added target 2 is found.
    test = [([0], [0]), ([1, 2], [1]), ([], [2])]
    scores = score_beads(gold, test)
    # [0]:[0] and []:[2] exact; [1, 2]:[1] overlaps [2]:[1] through source 2 (lax).
    assert scores.precision_counts == Counts(2, 1, 3, 0)
    # Recall ignores [1]:[] and []:[2]: [0]:[0] exact; [2]:[1] meets [1, 2]:[1] (lax).
    assert scores.recall_counts == Counts(1, 1, 2, 0)
    assert (scores.precision_strict, scores.recall_strict) == (pytest.approx(2 / 3), 0.5)
    assert (scores.precision_lax, scores.recall_lax) == (1.0, 1.0)
    assert lone_beads(gold, test) == {"1-0": {"gold": 1, "test": 0, "found": 0},
                                      "0-1": {"gold": 1, "test": 1, "found": 1}}


def test_an_extra_lone_bead_is_a_false_positive_strict_and_lax() -> None:
    gold = [([0], [0]), ([1], [1])]
    test = [([0], [0]), ([1], []), ([], [1])]
    scores = score_beads(gold, test)
    assert scores.precision_counts == Counts(1, 2, 1, 2)
    # Recall: the gold [1]:[1] has no test bead with both sides to meet.
    assert scores.recall_counts == Counts(1, 1, 1, 1)
    assert scores.f1_strict == pytest.approx(2 * (1 / 3) * (1 / 2) / (1 / 3 + 1 / 2))  # 0.4
    assert scores.f1_lax == pytest.approx(0.4)


def test_nothing_to_count_gives_zero_and_beads_count_once() -> None:
    assert score_beads([([0], [0])], []).as_dict() == dict.fromkeys(
        ("precision_strict", "recall_strict", "f1_strict", "precision_lax", "recall_lax", "f1_lax"), 0.0)
    # Empty beads are ignored; a bead given twice is one bead (sets, as score.py).
    twice = score_beads([([0], [0])], [([0], [0]), ([0], [0]), ([], [])])
    assert twice.precision_counts == Counts(1, 0, 1, 0)


def test_scores_of_several_texts_add_up_by_counts() -> None:
    first = score_beads([([0], [0])], [([0], [0])])
    second = score_beads([([0], [0]), ([1], [1])], [([0, 1], [0, 1])])
    total = first + second
    assert total.precision_counts == Counts(1, 1, 2, 0)
    assert total.recall_counts == Counts(1, 2, 3, 0)
    assert total.precision_strict == 0.5 and total.recall_strict == pytest.approx(1 / 3)
    assert Scores() + first == first


def test_gold_files_are_read_and_written_in_the_vecalign_format(tmp_path: Path) -> None:
    path = tmp_path / "gold.txt"
    path.write_text("[0]:[0]\n[1, 2]:[1]\n\n[3]:[]\n[]:[2]\n", encoding="utf-8")
    beads = read_gold(path)
    assert beads == [((0,), (0,)), ((1, 2), (1,)), ((3,), ()), ((), (2,))]
    assert format_beads(beads) == "[0]:[0]\n[1, 2]:[1]\n[3]:[]\n[]:[2]\n"


@pytest.mark.parametrize("line", ["[0]", "[0]:[1]:[2]", "[a]:[0]", "[0.5]:[1]", "[-1]:[0]", "0:[0]", "[true]:[0]"])
def test_a_bad_gold_line_is_named_by_file_and_line(tmp_path: Path, line: str) -> None:
    path = tmp_path / "gold.txt"
    path.write_text(f"[0]:[0]\n{line}\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_gold(path)
    assert str(error.value).startswith(f"{path}:2: not a bead")


def test_a_missing_gold_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_gold(tmp_path / "absent.txt")


def _alignment(draw: st.DrawFn) -> list[tuple[list[int], list[int]]]:
    beads: list[tuple[list[int], list[int]]] = []
    i = j = 0
    for a, b in draw(st.lists(st.sampled_from([(1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2)]), max_size=12)):
        beads.append((list(range(i, i + a)), list(range(j, j + b))))
        i, j = i + a, j + b
    return beads


@st.composite
def alignments(draw: st.DrawFn) -> list[tuple[list[int], list[int]]]:
    return _alignment(draw)


@given(alignments(), alignments())
def test_lax_is_never_below_strict_and_a_text_scores_one_against_itself(
        gold: list[tuple[list[int], list[int]]], test: list[tuple[list[int], list[int]]]) -> None:
    scores = score_beads(gold, test)
    assert scores.precision_lax >= scores.precision_strict
    assert scores.recall_lax >= scores.recall_strict
    assert 0.0 <= scores.f1_strict <= scores.f1_lax <= 1.0
    assert parse_gold(format_beads(gold)) == [(tuple(s), tuple(t)) for s, t in gold]
    if any(s and t for s, t in gold):
        assert score_beads(gold, gold).f1_strict == 1.0
