"""The block aligner (toolkit.align): its shape on any input, and its accuracy on real
translations with known correspondences (the UDHR gold sets of ../shared, skipped where absent).

The accuracy floors here are what the aligner reaches now, kept so that a change cannot
make it worse unnoticed; the targets of the alignment issue are higher (strict F1 0.99 on
the texts as published, 0.95 on careless editions).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import SHARED_DATA
from toolkit.align import BEAD_PRIORS, align_texts
from toolkit.alignunits import looks_like_heading, numbers

GOLD = SHARED_DATA / "parallel" / "udhr-gold"

paragraphs = st.lists(st.text(alphabet="abc de.,?1", min_size=0, max_size=80), min_size=0, max_size=25)


@given(paragraphs, paragraphs)
def test_an_alignment_covers_every_block_once_in_order(source: list[str], target: list[str]) -> None:
    alignment = align_texts(source, target)
    sources = [i for bead in alignment.beads for i in bead.source]
    targets = [j for bead in alignment.beads for j in bead.target]
    assert sources == list(range(len(source)))
    assert targets == list(range(len(target)))
    for bead in alignment.beads:
        assert bead.source or bead.target
        assert 0.0 <= bead.confidence <= 1.0


def test_a_text_aligned_with_itself_gives_one_to_one_beads_with_confidence() -> None:
    text = [f"Paragraph {n} says {'something ' * (n % 7 + 3)}and ends here." for n in range(40)]
    alignment = align_texts(text, text)
    assert [(b.source, b.target) for b in alignment.beads] == [((n,), (n,)) for n in range(40)]
    assert min(b.confidence for b in alignment.beads) > 0.9


def test_a_merged_and_a_dropped_paragraph_are_found() -> None:
    source = [f"Article {n}. " + "Everyone has the right to things of kind %d. " % n * (n % 4 + 2) for n in range(1, 21)]
    target = [text.replace("Everyone", "Toda persona") for text in source]
    target[5:7] = [target[5] + " " + target[6]]  # the translator merged two paragraphs
    del target[12]  # and dropped one (source 13)
    beads = [(b.source, b.target) for b in align_texts(source, target).beads]
    assert ((5, 6), (5,)) in beads
    assert ((13,), ()) in beads


def test_numbers_and_headings_are_features() -> None:
    assert looks_like_heading("Artículo 15") and numbers("Artículo 15") == ("15",)
    assert not looks_like_heading("The General Assembly,")


def _read_gold(path: Path) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    beads = []
    for line in path.read_text(encoding="utf-8").splitlines():
        left, right = line.split(":")
        beads.append((tuple(json.loads(left)), tuple(json.loads(right))))
    return beads


def _strict_f1(test: list[tuple[tuple[int, ...], tuple[int, ...]]],
               gold: list[tuple[tuple[int, ...], tuple[int, ...]]]) -> float:
    """Strict F1 as vecalign's score.py computes it: exact beads, 1-0 and 0-1 left out."""
    found = {bead for bead in test if bead[0] and bead[1]}
    wanted = {bead for bead in gold if bead[0] and bead[1]}
    if not found or not wanted:
        return 0.0
    precision, recall = len(found & wanted) / len(found), len(found & wanted) / len(wanted)
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


# Floors: what the aligner reaches now (see the module docstring).
FLOORS = {"clean": 0.95, "perturbed": 0.80}


@pytest.mark.skipif(not GOLD.is_dir(), reason="the UDHR gold sets (../shared/data/parallel/udhr-gold) are absent")
@pytest.mark.parametrize("pair", ["eng-spa", "eng-deu_1996", "eng-rus", "eng-fra", "eng-cmn_hans"])
@pytest.mark.parametrize("condition", ["clean", "perturbed"])
def test_udhr_accuracy_does_not_fall(pair: str, condition: str) -> None:
    folder = GOLD / f"{pair}_{condition}"
    source = (folder / "src.txt").read_text(encoding="utf-8").splitlines()
    target = (folder / "tgt.txt").read_text(encoding="utf-8").splitlines()
    alignment = align_texts(source, target)
    f1 = _strict_f1([(b.source, b.target) for b in alignment.beads], _read_gold(folder / "gold.txt"))
    assert f1 >= FLOORS[condition], f"{pair} {condition}: strict F1 {f1:.3f}"
