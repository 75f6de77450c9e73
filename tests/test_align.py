"""The block aligner (toolkit.align) end to end: its shape on any input; translations whose
correspondence is known because they were made from a real one (the essay's Spanish edition
carries the source's IDs: 108 blocks, each the translation of the same block of the essay),
edited as careless editions are (paragraphs merged, split, dropped, added, regrouped); texts
that do not correspond; and its accuracy on the UDHR gold sets of ../shared (skipped where
they are absent), scored as vecalign's score.py scores (toolkit.alignscore).
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from collections.abc import Callable, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ESSAY_TEI, REPO, SHARED_DATA
from toolkit.align import BEAD_PRIORS, Alignment, Bead, align_texts, align_units
from toolkit.alignscore import Pair, lone_beads, read_gold, score_beads
from toolkit.alignunits import Vocabulary, split_sentences, text_units
from toolkit.editionfile import read_edition

GOLD = SHARED_DATA / "parallel" / "udhr-gold"
SPANISH = REPO / "editions" / "revolution-betrayed-es.xml"


# --- helpers -------------------------------------------------------------------------------------


def pairs(alignment: Alignment) -> list[Pair]:
    return [(bead.source, bead.target) for bead in alignment.beads]


def assert_covers_in_order(alignment: Alignment, n: int, m: int) -> None:
    """Every block of both texts in exactly one bead, the beads in the order of both texts
    (so that they never cross), each bead's blocks consecutive."""
    assert [i for bead in alignment.beads for i in bead.source] == list(range(n))
    assert [j for bead in alignment.beads for j in bead.target] == list(range(m))
    for bead in alignment.beads:
        assert bead.source or bead.target
        assert 0.0 <= bead.confidence <= 1.0
    assert 0.0 <= alignment.confidence <= 1.0


def gold_of(n: int, links: Sequence[Sequence[int]]) -> set[Pair]:
    """The beads of a translation whose target block j translates source blocks ``links[j]``
    (none: the translator added it); source blocks no target block translates stand alone.
    Target blocks sharing a source block make one bead with all their source blocks."""
    groups: list[tuple[set[int], list[int]]] = []
    for j, sources in enumerate(links):
        if sources and groups and groups[-1][0] & set(sources):
            groups[-1][0].update(sources)
            groups[-1][1].append(j)
        else:
            groups.append((set(sources), [j]))
    beads = {(tuple(sorted(sources)), tuple(targets)) for sources, targets in groups}
    covered = set().union(*(sources for sources, _ in groups)) if groups else set()
    beads |= {((i,), ()) for i in range(n) if i not in covered}
    return beads


@pytest.fixture(scope="module")
def essay_pair() -> tuple[list[str], list[str]]:
    """The essay's blocks and their Spanish translations, block k translating block k."""
    english = read_edition(ESSAY_TEI).blocks
    spanish = read_edition(SPANISH).blocks
    assert [block.id for block in english] == [block.id for block in spanish]
    return [block.text for block in english], [block.text for block in spanish]


class Edition:
    """A translation being edited: its blocks, and the source blocks each one translates."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = list(texts)
        self.links: list[tuple[int, ...]] = [(k,) for k in range(len(texts))]

    def merge(self, j: int) -> Edition:
        """Target blocks j and j + 1 become one."""
        self.texts[j:j + 2] = [self.texts[j] + " " + self.texts[j + 1]]
        self.links[j:j + 2] = [self.links[j] + self.links[j + 1]]
        return self

    def split(self, j: int) -> Edition:
        """Target block j is cut in two between its sentences."""
        sentences = split_sentences(self.texts[j])
        assert len(sentences) >= 2, "a block of one sentence cannot be split"
        half = len(sentences) // 2
        self.texts[j:j + 1] = [" ".join(sentences[:half]), " ".join(sentences[half:])]
        self.links[j:j + 1] = [self.links[j], self.links[j]]
        return self

    def delete(self, j: int) -> Edition:
        del self.texts[j], self.links[j]
        return self

    def insert(self, j: int, text: str) -> Edition:
        self.texts.insert(j, text)
        self.links.insert(j, ())
        return self

    def regroup(self, j: int) -> Edition:
        """The first sentence of target block j goes to the end of block j - 1."""
        sentences = split_sentences(self.texts[j])
        assert len(sentences) >= 2
        self.texts[j - 1] += " " + sentences[0]
        self.texts[j] = " ".join(sentences[1:])
        both = self.links[j - 1] + self.links[j]
        self.links[j - 1] = self.links[j] = both
        return self

    def gold(self, n: int) -> set[Pair]:
        return gold_of(n, self.links)


def test_the_gold_of_an_edited_translation() -> None:
    edition = Edition([f"S{k}. Second {k}." for k in range(8)])
    edition.merge(1).delete(3).insert(4, "Note.").regroup(6)
    assert edition.links == [(0,), (1, 2), (3,), (5,), (), (6, 7), (6, 7)]
    assert edition.gold(8) == {((0,), (0,)), ((1, 2), (1,)), ((3,), (2,)), ((4,), ()), ((5,), (3,)),
                               ((), (4,)), ((6, 7), (5, 6))}


# --- any input ---------------------------------------------------------------------------------------

paragraphs = st.lists(st.text(alphabet="abc de.,?1Жж人。«»", max_size=80), max_size=25)


@settings(max_examples=40, deadline=None)
@given(paragraphs, paragraphs)
def test_an_alignment_covers_every_block_once_in_order(source: list[str], target: list[str]) -> None:
    alignment = align_texts(source, target)
    assert_covers_in_order(alignment, len(source), len(target))
    assert alignment.ratio > 0 and alignment.spread > 0
    if source and target:
        assert alignment.problems == ()
    # The same texts give the same beads.
    assert align_texts(source, target).beads == alignment.beads


def test_an_empty_translation_leaves_every_block_alone_and_says_so() -> None:
    alignment = align_texts(["One.", "Two.", "Three."], [])
    assert pairs(alignment) == [((0,), ()), ((1,), ()), ((2,), ())]
    assert alignment.problems == ("one of the texts has no blocks",)
    assert alignment.confidence == 0.0
    assert all(bead.confidence == 0.0 for bead in alignment.beads)
    other_way = align_texts([], ["Uno.", "Dos."])
    assert pairs(other_way) == [((), (0,)), ((), (1,))]
    assert other_way.problems == ("one of the texts has no blocks",)
    # align_units itself stops there, before any lattice is built over no rows or no columns.
    vocabulary = Vocabulary()
    source_blocks, source_sentences = text_units(["One.", "Two."], vocabulary)
    target_blocks, target_sentences = text_units([], vocabulary)
    direct = align_units(source_blocks, target_blocks, source_sentences, target_sentences, vocabulary)
    assert pairs(direct) == [((0,), ()), ((1,), ())] and direct.problems == ("one of the texts has no blocks",)


def test_two_empty_texts_give_no_beads_and_a_problem() -> None:
    alignment = align_texts([], [])
    assert alignment.beads == ()
    assert alignment.problems == ("one of the texts has no blocks",)
    assert alignment.confidence == 0.0


def test_the_confidence_of_an_alignment_is_weighted_by_blocks() -> None:
    beads = (Bead((0,), (0,), 0.1, 1.0), Bead((1, 2), (1,), 2.0, 0.0), Bead((), (2,), 3.0, 0.5))
    alignment = Alignment(beads, 1.0, 0.2, 20)
    # (1.0 x 2 + 0.0 x 3 + 0.5 x 1) / 6
    assert alignment.confidence == pytest.approx(2.5 / 6)
    assert [bead.shape for bead in beads] == ["1-1", "2-1", "0-1"]


def test_the_shapes_priors_favour_one_to_one_and_are_symmetric() -> None:
    assert min(BEAD_PRIORS, key=BEAD_PRIORS.__getitem__) == (1, 1)
    for (a, b), cost in BEAD_PRIORS.items():
        assert cost > 0 and BEAD_PRIORS[(b, a)] == cost
    assert BEAD_PRIORS[(2, 1)] < BEAD_PRIORS[(2, 2)]


# --- translations made from a known one -----------------------------------------------------------


def test_a_text_aligned_with_itself_gives_one_to_one_beads_with_confidence(
        essay_pair: tuple[list[str], list[str]]) -> None:
    english, _ = essay_pair
    alignment = align_texts(english, english)
    assert pairs(alignment) == [((k,), (k,)) for k in range(len(english))]
    assert min(bead.confidence for bead in alignment.beads) > 0.9
    generated = [f"Paragraph {n} says {'something ' * (n % 7 + 3)}and ends here." for n in range(40)]
    assert pairs(align_texts(generated, generated)) == [((n,), (n,)) for n in range(40)]


def test_a_faithful_translation_gives_one_to_one_beads_with_confidence(
        essay_pair: tuple[list[str], list[str]]) -> None:
    english, spanish = essay_pair
    alignment = align_texts(english, spanish)
    assert pairs(alignment) == [((k,), (k,)) for k in range(108)]
    assert min(bead.confidence for bead in alignment.beads) > 0.9
    assert alignment.confidence > 0.95
    assert 1.0 < alignment.ratio < 1.4  # Spanish takes more letters than English
    assert alignment.links > 50


NOTE = ("Nota del traductor: hemos conservado la terminología de la traducción de 1937, aunque algunos términos "
        "han cambiado desde entonces.")
# Each kind of edit a careless edition makes, and the bead it must give.
EDITS: dict[str, tuple[Callable[[Edition], Edition], Pair]] = {
    "merged": (lambda edition: edition.merge(20), ((20, 21), (20,))),  # two paragraphs joined: 2-1
    "split": (lambda edition: edition.split(30), ((30,), (30, 31))),  # one cut in two: 1-2
    "dropped": (lambda edition: edition.delete(40), ((40,), ())),  # one forgotten: 1-0
    "note added": (lambda edition: edition.insert(50, NOTE), ((), (50,))),  # 0-1
    "heading added": (lambda edition: edition.insert(60, "Nota del traductor"), ((), (60,))),  # 0-1
    "regrouped": (lambda edition: edition.regroup(12), ((11, 12), (11, 12))),  # A | B+C against A+B | C: 2-2
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_each_kind_of_careless_edit_gives_its_bead(essay_pair: tuple[list[str], list[str]], edit: str) -> None:
    english, spanish = essay_pair
    make, bead = EDITS[edit]
    edition = make(Edition(spanish))
    alignment = align_texts(english, edition.texts)
    assert_covers_in_order(alignment, len(english), len(edition.texts))
    assert bead in pairs(alignment)
    assert set(pairs(alignment)) == edition.gold(len(english))
    # Every other bead is a 1-1, and the edit's own bead is not in doubt.
    assert [b for b in pairs(alignment) if b != bead and (len(b[0]), len(b[1])) != (1, 1)] == []
    assert next(b.confidence for b in alignment.beads if (b.source, b.target) == bead) > 0.5


def test_a_careless_edition_with_every_kind_of_edit_at_once(essay_pair: tuple[list[str], list[str]]) -> None:
    english, spanish = essay_pair
    edition = Edition(spanish).regroup(95).insert(80, "Nota del traductor").delete(60).split(40).merge(20)
    edition.insert(10, "Nota del traductor: este capítulo se publicó por primera vez en 1937, en Nueva York.")
    alignment = align_texts(english, edition.texts)
    assert_covers_in_order(alignment, len(english), len(edition.texts))
    assert set(pairs(alignment)) == edition.gold(len(english))
    shapes = sorted(bead.shape for bead in alignment.beads if bead.shape != "1-1")
    assert shapes == ["0-1", "0-1", "1-0", "1-2", "2-1", "2-2"]


@pytest.mark.parametrize("paragraph", [2, 4, 69])
def test_a_sentence_moved_between_long_paragraphs_gives_a_two_two_bead(
        essay_pair: tuple[list[str], list[str]], paragraph: int) -> None:
    english, spanish = essay_pair
    alignment = align_texts(english, Edition(spanish).regroup(paragraph).texts)
    assert ((paragraph - 1, paragraph), (paragraph - 1, paragraph)) in pairs(alignment)


def broken_off(texts: list[str], k: int, pieces: int) -> list[str]:
    """The texts with block k's first clauses, up to its first *pieces* - 1 commas, made
    blocks of their own, as a hard-wrapped or badly converted edition has them."""
    clauses = texts[k].split(", ")
    return texts[:k] + [clause + "," for clause in clauses[:pieces - 1]] + [", ".join(clauses[pieces - 1:])] + texts[k + 1:]


@pytest.mark.parametrize("paragraph", [4, 18, 53, 105])
def test_a_clause_broken_off_its_paragraph_is_joined_to_it_not_dropped(
        essay_pair: tuple[list[str], list[str]], paragraph: int) -> None:
    english, spanish = essay_pair
    # "However," | "the Revolution took place, ..." against "Sin embargo, la Revolución ...":
    # the short block ends in a comma, its sentence runs on into the next block.
    beads = pairs(align_texts(broken_off(english, paragraph, 2), spanish))
    assert ((paragraph, paragraph + 1), (paragraph,)) in beads
    # Two clauses broken off: the three blocks are one sentence's worth, translated as one.
    beads = pairs(align_texts(broken_off(english, paragraph, 3), spanish))
    assert ((paragraph, paragraph + 1, paragraph + 2), (paragraph,)) in beads


def test_a_merged_and_a_dropped_paragraph_are_found_among_numbered_articles() -> None:
    source = [f"Article {n}. " + f"Everyone has the right to things of kind {n}. " * (n % 4 + 2) for n in range(1, 21)]
    target = [text.replace("Everyone", "Toda persona") for text in source]
    target[5:7] = [target[5] + " " + target[6]]  # the translator merged two paragraphs
    del target[12]  # and dropped one (source 13)
    beads = pairs(align_texts(source, target))
    assert ((5, 6), (5,)) in beads
    assert ((13,), ()) in beads


# --- texts that do not correspond --------------------------------------------------------------------


def test_another_text_is_aligned_with_low_confidence(essay_pair: tuple[list[str], list[str]]) -> None:
    english, spanish = essay_pair
    # The first half of the essay against the Spanish of the second half: same author, same
    # subject, no paragraph in common.
    alignment = align_texts(english[:54], spanish[54:])
    assert_covers_in_order(alignment, 54, 54)
    assert alignment.confidence < 0.5


def test_a_translation_in_reverse_order_is_aligned_with_low_confidence(
        essay_pair: tuple[list[str], list[str]]) -> None:
    english, spanish = essay_pair
    alignment = align_texts(english, spanish[::-1])
    assert alignment.confidence < 0.5


def test_the_universal_declaration_is_not_a_translation_of_the_essay(essay_pair: tuple[list[str], list[str]]) -> None:
    udhr = GOLD / "eng-spa_clean" / "tgt.txt"
    if not udhr.exists():
        pytest.skip(f"{udhr} is absent (the shared test material is only beside CI clones)")
    english, _ = essay_pair
    alignment = align_texts(english, udhr.read_text(encoding="utf-8").splitlines())
    assert alignment.confidence < 0.5


def shuffled(texts: list[str]) -> tuple[list[str], list[int]]:
    order = list(range(len(texts)))
    random.Random(0).shuffle(order)
    return [texts[k] for k in order], order


def test_a_shuffled_translation_is_reported_unsure(essay_pair: tuple[list[str], list[str]]) -> None:
    english, spanish = essay_pair
    target, order = shuffled(spanish)
    alignment = align_texts(english, target)
    # Below what bitext takes for texts that correspond (toolkit.bitext.CORRESPONDENCE_FLOOR).
    assert alignment.confidence < 0.5
    wrong = [b for b in alignment.beads if b.shape == "1-1" and order[b.target[0]] != b.source[0]]
    # Its mean is low: some of the paragraphs it pairs wrongly are marked for a person to check.
    assert any(b.confidence < 0.5 for b in wrong)


@pytest.mark.xfail(strict=True, reason="on the essay against its own translation shuffled, one 1-1 bead pairs "
                   "paragraphs that do not translate each other with confidence 0.965 (source 96, target 103; 11 "
                   "more wrong ones lie between 0.5 and 0.9): too few beads are sure enough to learn a lexicon from, "
                   "so nothing lowers the confidence that lengths alone give; the whole is reported as not "
                   "corresponding (mean confidence 0.36)")
def test_a_shuffled_translation_gives_no_confident_wrong_bead(essay_pair: tuple[list[str], list[str]]) -> None:
    english, spanish = essay_pair
    target, order = shuffled(spanish)
    wrong = [(b.source, b.target, b.confidence) for b in align_texts(english, target).beads
             if b.shape == "1-1" and order[b.target[0]] != b.source[0] and b.confidence >= 0.9]
    assert wrong == []


# --- determinism ----------------------------------------------------------------------------------------

_SCRIPT = """
import json, sys
from toolkit.align import align_texts
from toolkit.editionfile import read_edition
english = [b.text for b in read_edition(sys.argv[1]).blocks]
spanish = [b.text for b in read_edition(sys.argv[2]).blocks]
spanish[20:22] = [spanish[20] + " " + spanish[21]]
del spanish[60]
alignment = align_texts(english, spanish)
print(json.dumps([[b.source, b.target, b.cost, b.confidence] for b in alignment.beads]))
"""


def test_the_same_texts_give_the_same_beads_in_any_process(essay_pair: tuple[list[str], list[str]]) -> None:
    english, spanish = essay_pair
    spanish = spanish[:20] + [spanish[20] + " " + spanish[21]] + spanish[22:]
    del spanish[60]
    alignment = align_texts(english, spanish)
    here = [[list(b.source), list(b.target), b.cost, b.confidence] for b in alignment.beads]
    assert align_texts(english, spanish) == alignment
    for seed in ("1", "2"):
        environment = {**os.environ, "PYTHONHASHSEED": seed}
        output = subprocess.run([sys.executable, "-c", _SCRIPT, str(ESSAY_TEI), str(SPANISH)], env=environment,
                                capture_output=True, text=True, check=True, cwd=REPO).stdout
        assert json.loads(output) == here


# --- Chinese ----------------------------------------------------------------------------------------------


def read_set(name: str) -> tuple[list[str], list[str], list[Pair]]:
    folder = GOLD / name
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent (the shared test material is only beside CI clones)")
    source = (folder / "src.txt").read_text(encoding="utf-8").splitlines()
    target = (folder / "tgt.txt").read_text(encoding="utf-8").splitlines()
    return source, target, read_gold(folder / "gold.txt")


def test_chinese_paragraphs_merged_dropped_and_added_are_found() -> None:
    english, chinese, gold = read_set("eng-cmn_hans_clean")
    links: list[tuple[int, ...]] = [() for _ in chinese]
    for sources, targets in gold:
        for j in targets:
            links[j] = sources
    edition = Edition(chinese)
    edition.links = links
    # Chinese joins sentences without a space.
    edition.texts[20:22] = [edition.texts[20] + edition.texts[21]]
    edition.links[20:22] = [edition.links[20] + edition.links[21]]
    edition.delete(30).insert(40, "译者注：本译文依据联合国大会一九四八年通过的中文正式文本。")
    alignment = align_texts(english, edition.texts)
    assert_covers_in_order(alignment, len(english), len(edition.texts))
    found = set(pairs(alignment))
    expected = edition.gold(len(english))
    edits = {((22, 23), (20,)), ((33,), ()), ((), (40,))}
    assert edits <= expected
    assert edits <= found
    # Elsewhere, as well as on the text as published (see the floors below).
    assert score_beads(expected, found).f1_strict >= 0.93


# --- accuracy on the UDHR gold sets -------------------------------------------------------------------
#
# Strict F1 (exact beads; 1-0 and 0-1 beads count in precision, not in recall), as vecalign's
# score.py computes it. The floors are what the aligner reaches now less about one bead's worth
# (0.03; measured: clean 1.0 / 0.975 / 1.0 / 1.0 / 0.966, careless 0.970 / 1.0 / 0.970 / 0.970 /
# 0.938 for spa / deu / rus / fra / cmn), kept so that no change makes it worse unnoticed. The
# targets of issue 6 are higher: strict F1 of at least 0.99 on the texts as published and 0.95
# on the careless editions, lax F1 of at least 0.99, exact 1-0 and 0-1 beads included.

STRICT_FLOORS = {
    ("eng-spa", "clean"): 0.97, ("eng-deu_1996", "clean"): 0.94, ("eng-rus", "clean"): 0.97,
    ("eng-fra", "clean"): 0.97, ("eng-cmn_hans", "clean"): 0.93,
    ("eng-spa", "perturbed"): 0.94, ("eng-deu_1996", "perturbed"): 0.97, ("eng-rus", "perturbed"): 0.94,
    ("eng-fra", "perturbed"): 0.94, ("eng-cmn_hans", "perturbed"): 0.90,
}
# Measured: clean 1.0 / 0.992 / 1.0 / 1.0 / 0.983, careless 0.990 / 1.0 / 0.990 / 1.0 / 0.980.
LAX_FLOOR = 0.97


@pytest.mark.parametrize("pair", ["eng-spa", "eng-deu_1996", "eng-rus", "eng-fra", "eng-cmn_hans"])
@pytest.mark.parametrize("condition", ["clean", "perturbed"])
def test_udhr_accuracy_does_not_fall(pair: str, condition: str) -> None:
    source, target, gold = read_set(f"{pair}_{condition}")
    alignment = align_texts(source, target)
    assert_covers_in_order(alignment, len(source), len(target))
    scores = score_beads(gold, pairs(alignment))
    assert scores.f1_strict >= STRICT_FLOORS[(pair, condition)], f"{pair} {condition}: {scores.as_dict()}"
    assert scores.f1_lax >= LAX_FLOOR, f"{pair} {condition}: {scores.as_dict()}"


@pytest.mark.parametrize("pair", ["eng-spa", "eng-deu_1996", "eng-rus", "eng-fra", "eng-cmn_hans"])
def test_udhr_paragraphs_dropped_and_added_are_found_exactly(pair: str) -> None:
    source, target, gold = read_set(f"{pair}_perturbed")
    found = lone_beads(gold, pairs(align_texts(source, target)))
    # Measured: all of them, but for one 0-1 bead of the Chinese.
    for shape in ("1-0", "0-1"):
        assert found[shape]["found"] >= found[shape]["gold"] - 1, f"{pair} {shape}: {found[shape]}"
    assert found["1-0"]["found"] + found["0-1"]["found"] >= found["1-0"]["gold"] + found["0-1"]["gold"] - 1
