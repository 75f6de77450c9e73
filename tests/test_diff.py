"""Comparing editions: blocks matched and words compared, the outputs, and the ``diff`` command.

Every expectation here is worked out by hand from the inputs, not copied from
a run: the constructed editions below are made so that each kind of change
happens once, in a known place.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ESSAY_TEI, ESSAY_TEXT, REPO, shared_file
from constructed import (
    KEPT,
    EDITED_NEW,
    MOVED,
    DELETED,
    SPLIT_FIRST,
    SPLIT_SECOND,
    MERGED_FIRST,
    MERGED_SECOND,
    KEPT_2,
    ADDED,
    KEPT_3,
    OLD_BLOCKS,
    NEW_BLOCKS,
)
from toolkit.cli import main
from toolkit.diff import (
    BlockDiff,
    Change,
    DiffOptions,
    EditionDiff,
    Piece,
    changes_of,
    diff_editions,
    word_pieces,
)
from toolkit.diffout import diff_data, diff_json, diff_text
from toolkit.editionfile import read_edition
from toolkit.model import Block, BlockKind, Container, Document, with_sections
from toolkit.plaintext import parse_plain_text

OPS = ("same", "changed", "moved", "split", "merged", "added", "deleted")

# In the second edition's reading order; the deleted block (old 3) comes right
# after what its predecessor (old 2, MOVED) became: new block 8, the last.
EXPECTED_BY_POSITION = [
    ("same", ("0",), ("0",)),
    ("changed", ("1",), ("1",)),
    ("split", ("4",), ("2", "3")),
    ("merged", ("5", "6"), ("4",)),
    ("same", ("7",), ("5",)),
    ("added", (), ("6",)),
    ("same", ("8",), ("7",)),
    ("moved", ("2",), ("8",)),
    ("deleted", ("3",), ()),
]
EXPECTED_SUMMARY = {"same": 3, "changed": 1, "moved": 1, "split": 1, "merged": 1, "added": 1, "deleted": 1}

# The same editions with IDs of one scheme: a block carried on keeps its ID.
OLD_IDS = ["e-1", "e-2", "e-3", "e-4", "e-5", "e-6", "e-7", "e-8", "e-9"]
NEW_IDS = ["e-1", "e-2", "e-5", "e-10", "e-6", "e-8", "e-11", "e-9", "e-3"]
EXPECTED_BY_ID = [
    ("same", ("e-1",), ("e-1",)),
    ("changed", ("e-2",), ("e-2",)),
    ("split", ("e-5",), ("e-5", "e-10")),
    ("merged", ("e-6", "e-7"), ("e-6",)),
    ("same", ("e-8",), ("e-8",)),
    ("added", (), ("e-11",)),
    ("same", ("e-9",), ("e-9",)),
    ("moved", ("e-3",), ("e-3",)),
    ("deleted", ("e-4",), ()),
]


def plain(blocks: list[str]) -> Document:
    """An edition received as plain text: the blocks separated by blank lines."""
    return parse_plain_text("\n\n".join(blocks) + "\n", "en")


def identified(blocks: list[str], ids: list[str], section: str = "s1") -> Document:
    """An edition with an ID on every block, all in one division."""
    paragraphs = tuple(Block(BlockKind.PARAGRAPH, (text,), id=block_id) for block_id, text in zip(ids, blocks))
    return Document(body=with_sections((Container("div", paragraphs, id=section),)))


def outline(diff: EditionDiff) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    return [(entry.op, entry.a, entry.b) for entry in diff.blocks]


def entry(diff: EditionDiff, op: str) -> BlockDiff:
    found = [e for e in diff.blocks if e.op == op]
    assert len(found) == 1, outline(diff)
    return found[0]


def joined(pieces: tuple[Piece, ...], skip: str) -> str:
    return "".join(piece.text for piece in pieces if piece.op != skip)


def old_side(pieces: tuple[Piece, ...]) -> str:
    return joined(pieces, "insert")


def new_side(pieces: tuple[Piece, ...]) -> str:
    return joined(pieces, "delete")


@pytest.fixture(scope="module")
def constructed() -> EditionDiff:
    return diff_editions(plain(OLD_BLOCKS), plain(NEW_BLOCKS))


# 1. Constructed editions ====================================================


def test_constructed_editions_parse_as_intended() -> None:
    # The premise of the tests below: one paragraph per block, nothing taken for a title.
    assert [b.text for b in plain(OLD_BLOCKS).blocks] == OLD_BLOCKS
    assert [b.text for b in plain(NEW_BLOCKS).blocks] == NEW_BLOCKS
    assert {b.kind for b in plain(OLD_BLOCKS + NEW_BLOCKS).blocks} == {BlockKind.PARAGRAPH}


def test_every_kind_of_change_without_ids(constructed: EditionDiff) -> None:
    assert outline(constructed) == EXPECTED_BY_POSITION
    assert constructed.summary() == EXPECTED_SUMMARY
    assert constructed.witnesses == ("A", "B")


def test_every_kind_of_change_with_shared_ids() -> None:
    diff = diff_editions(identified(OLD_BLOCKS, OLD_IDS), identified(NEW_BLOCKS, NEW_IDS))
    assert outline(diff) == EXPECTED_BY_ID
    assert diff.summary() == EXPECTED_SUMMARY
    # Each block's section is its division's ID, on the side(s) where it stands.
    assert {(e.section_a, e.section_b) for e in diff.blocks} == {("s1", "s1"), (None, "s1"), ("s1", None)}


def test_changed_block_shows_the_one_word_replaced(constructed: EditionDiff) -> None:
    changed = entry(constructed, "changed")
    assert list(changed.changes) == [Change("replace", "60", "70")]
    assert changed.pieces == (
        Piece("equal", "With a delay of "),
        Piece("delete", "60"),
        Piece("insert", "70"),
        Piece("equal", " years the railway finally reached the mountain village."),
    )


def test_unchanged_moved_split_and_merged_blocks_have_no_word_changes(constructed: EditionDiff) -> None:
    for op, text in [("moved", MOVED), ("split", f"{SPLIT_FIRST} {SPLIT_SECOND}"),
                     ("merged", f"{MERGED_FIRST} {MERGED_SECOND}")]:
        found = entry(constructed, op)
        assert found.changes == ()
        assert found.pieces == (Piece("equal", text),)
    assert [e.pieces for e in constructed.blocks if e.op == "same"] == [
        (Piece("equal", KEPT),), (Piece("equal", KEPT_2),), (Piece("equal", KEPT_3),)
    ]


def test_added_and_deleted_blocks_carry_their_whole_text(constructed: EditionDiff) -> None:
    added, deleted = entry(constructed, "added"), entry(constructed, "deleted")
    assert (added.a, added.pieces, added.changes) == ((), (Piece("insert", ADDED),), (Change("insert", "", ADDED),))
    assert (deleted.b, deleted.pieces, deleted.changes) == (
        (), (Piece("delete", DELETED),), (Change("delete", DELETED, ""),)
    )


def test_every_block_is_accounted_for_exactly_once(constructed: EditionDiff) -> None:
    assert sorted((n for e in constructed.blocks for n in e.a), key=int) == [str(i) for i in range(9)]
    assert [n for e in constructed.blocks for n in e.b] == [str(i) for i in range(9)]


def test_identical_editions_are_all_same() -> None:
    diff = diff_editions(plain(OLD_BLOCKS), plain(OLD_BLOCKS))
    assert outline(diff) == [("same", (str(i),), (str(i),)) for i in range(9)]


def test_deleted_block_stands_after_what_its_predecessor_became() -> None:
    # Without IDs, a block rewritten with none of the same words is one block deleted and
    # another added: the deletion comes right after the block before it (0.5), the addition at 1.
    first = "Lanterns hung from every balcony along the promenade."
    rewritten_old = "Ninety sailors deserted in autumn."
    rewritten_new = "Pottery kilns cooled slowly overnight."
    last = "Fishermen mended nets while gulls circled overhead."
    diff = diff_editions(plain([first, rewritten_old, last]), plain([first, rewritten_new, last]))
    assert outline(diff) == [
        ("same", ("0",), ("0",)),
        ("deleted", ("1",), ()),
        ("added", (), ("1",)),
        ("same", ("2",), ("2",)),
    ]
    # A deleted first block has no predecessor: it comes first.
    diff = diff_editions(plain([rewritten_old, first, last]), plain([first, last]))
    assert outline(diff) == [("deleted", ("0",), ()), ("same", ("1",), ("0",)), ("same", ("2",), ("1",))]


def test_shared_ids_are_followed_even_when_the_text_changed_a_lot() -> None:
    first = "Lanterns hung from every balcony along the promenade."
    rewritten_old = "Ninety sailors deserted in autumn."
    rewritten_new = "Pottery kilns cooled slowly overnight."
    last = "Fishermen mended nets while gulls circled overhead."
    ids = ["p1", "p2", "p3"]
    diff = diff_editions(identified([first, rewritten_old, last], ids), identified([first, rewritten_new, last], ids))
    assert outline(diff) == [("same", ("p1",), ("p1",)), ("changed", ("p2",), ("p2",)), ("same", ("p3",), ("p3",))]
    # No word in common: semantic cleanup makes the whole text one replacement.
    # No word in common but the spaces and the full stop: semantic cleanup drops the one-space
    # equalities between edits, so all but the shared final full stop is one replacement.
    assert list(entry(diff, "changed").changes) == [Change("replace", rewritten_old[:-1], rewritten_new[:-1])]
    # Two blocks whose texts swapped places keep their IDs: two changed blocks, nothing moved.
    diff = diff_editions(identified([first, rewritten_old, last], ids), identified([rewritten_old, first, last], ids))
    assert outline(diff) == [("changed", ("p1",), ("p1",)), ("changed", ("p2",), ("p2",)), ("same", ("p3",), ("p3",))]


def test_ids_of_unrelated_schemes_are_ignored_for_content() -> None:
    # Of four IDs, one coincides (x-1), on another block: content decides, not the ID.
    blocks = [
        "Lanterns hung from every balcony along the promenade.",
        "Ninety sailors deserted in autumn.",
        "Pottery kilns cooled slowly overnight.",
        "Fishermen mended nets while gulls circled overhead.",
    ]
    diff = diff_editions(identified(blocks, ["x-1", "x-2", "x-3", "x-4"]),
                         identified(blocks, ["y-1", "y-2", "y-3", "x-1"]))
    assert outline(diff) == [
        ("same", ("x-1",), ("y-1",)),
        ("same", ("x-2",), ("y-2",)),
        ("same", ("x-3",), ("y-3",)),
        ("same", ("x-4",), ("x-1",)),
    ]


def test_an_edition_with_ids_against_one_without() -> None:
    diff = diff_editions(identified(OLD_BLOCKS, OLD_IDS), plain(NEW_BLOCKS))
    names = dict(zip(map(str, range(9)), OLD_IDS))
    assert outline(diff) == [(op, tuple(names[n] for n in a), b) for op, a, b in EXPECTED_BY_POSITION]


def test_witnesses_are_kept() -> None:
    diff = diff_editions(plain([KEPT]), plain([KEPT]), witnesses=("1818", "1831"))
    assert diff.witnesses == ("1818", "1831")


def test_headings_are_not_matched_with_paragraphs() -> None:
    # The same words as a heading in one edition and a paragraph in the other are two blocks.
    heading = Block(BlockKind.HEADING, ("Harbour pilots at dusk",), id="h1")
    paragraph = Block(BlockKind.PARAGRAPH, ("Harbour pilots at dusk",), id="q1")
    kept = Block(BlockKind.PARAGRAPH, (KEPT_2,), id="k1")
    old = Document(body=(Container("div", (heading, kept)),))
    new = Document(body=(Container("div", (paragraph, kept)),))
    assert outline(diff_editions(old, new)) == [
        ("deleted", ("h1",), ()), ("added", (), ("q1",)), ("same", ("k1",), ("k1",))
    ]


# 2. Word pieces ===============================================================

WORDS = st.sampled_from(["the", "The", "fox", "FOX", "a", "ran", "over", "dog", ",", ".", "!", "’", "'",
                         "—", "-", "naïve", "60", "70", "é"])
ANY_OPTIONS = st.builds(DiffOptions, st.booleans(), st.booleans(), st.booleans(), st.booleans())


@settings(max_examples=100, deadline=None)
@given(st.lists(WORDS, max_size=15), st.lists(WORDS, max_size=15))
def test_pieces_reproduce_both_texts(old_words: list[str], new_words: list[str]) -> None:
    old, new = " ".join(old_words), " ".join(new_words)
    pieces = word_pieces(old, new)
    assert old_side(pieces) == old
    assert new_side(pieces) == new
    assert all(piece.text for piece in pieces)
    assert all(x.op != y.op for x, y in zip(pieces, pieces[1:]))
    assert (old == new) == all(piece.op == "equal" for piece in pieces)


@settings(max_examples=100, deadline=None)
@given(st.lists(WORDS, max_size=15), st.lists(WORDS, max_size=15), ANY_OPTIONS)
def test_pieces_always_show_the_second_text(old_words: list[str], new_words: list[str],
                                            options: DiffOptions) -> None:
    # Whatever the options, the equal and inserted runs are the second text, exactly.
    new = " ".join(new_words)
    assert new_side(word_pieces(" ".join(old_words), new, options)) == new


def test_word_pieces_example() -> None:
    assert word_pieces("With a delay of 60 years", "With a delay of 70 years") == (
        Piece("equal", "With a delay of "), Piece("delete", "60"), Piece("insert", "70"), Piece("equal", " years")
    )


def test_empty_texts() -> None:
    assert word_pieces("", "") == ()
    assert word_pieces("", "New words.") == (Piece("insert", "New words."),)
    assert word_pieces("Old words.", "") == (Piece("delete", "Old words."),)


def test_rewritten_phrase_is_one_replacement() -> None:
    pieces = word_pieces("the quick brown fox jumps", "the slow red fox jumps")
    assert pieces == (
        Piece("equal", "the "), Piece("delete", "quick brown"), Piece("insert", "slow red"), Piece("equal", " fox jumps")
    )
    assert changes_of(pieces) == (Change("replace", "quick brown", "slow red"),)


def test_changes_of_pairs_deletions_with_following_insertions() -> None:
    pieces = (Piece("insert", "x"), Piece("equal", " a "), Piece("delete", "y"), Piece("insert", "z"),
              Piece("equal", " b "), Piece("delete", "w"))
    assert changes_of(pieces) == (Change("insert", "", "x"), Change("replace", "y", "z"), Change("delete", "w", ""))


# Each kind of difference, and the options that make it disappear.  Typographic
# quotes and dashes are punctuation too, so ignoring punctuation hides them as well.
DIFFERENCES = {
    "case": ("The river rose.", "the river rose.", {"ignore_case"}),
    "punctuation": ("The river rose.", "The river rose!", {"ignore_punctuation"}),
    "whitespace": ("The river rose .", "The river rose.", {"ignore_whitespace"}),
    "typography": ("The “river’s” rise – slowly.", "The \"river's\" rise - slowly.",
                   {"normalize_typography", "ignore_punctuation"}),
}
OPTION_NAMES = ["ignore_case", "ignore_punctuation", "ignore_whitespace", "normalize_typography"]


@pytest.mark.parametrize("kind", sorted(DIFFERENCES))
@pytest.mark.parametrize("option", OPTION_NAMES)
def test_each_option_hides_its_own_kind_of_difference(kind: str, option: str) -> None:
    old, new, hidden_by = DIFFERENCES[kind]
    assert any(p.op != "equal" for p in word_pieces(old, new)), "a difference without options"
    pieces = word_pieces(old, new, DiffOptions(**{option: True}))
    if option in hidden_by:
        assert pieces == (Piece("equal", new),)
    else:
        assert any(p.op != "equal" for p in pieces)


@pytest.mark.parametrize("option", [
    "ignore_case",
    "ignore_punctuation",
    "ignore_whitespace",
    "normalize_typography",
])
def test_an_option_leaves_other_differences(option: str) -> None:
    # One difference the option ignores, and one word replaced that it must still show.
    old, new = {
        "ignore_case": ("The River rose in May.", "the river rose in June."),
        "ignore_punctuation": ("The river, rose in May.", "The river rose in June!"),
        "ignore_whitespace": ("The river rose in May .", "The river rose in June."),
        "normalize_typography": ("The river’s rise – in May.", "The river's rise - in June."),
    }[option]
    assert changes_of(word_pieces(old, new, DiffOptions(**{option: True}))) == (Change("replace", "May", "June"),)


def test_ignore_whitespace_shows_the_second_texts_spacing() -> None:
    pieces = word_pieces("a well-known fact", "a well - known fact", DiffOptions(ignore_whitespace=True))
    assert pieces == (Piece("equal", "a well - known fact"),)
    pieces = word_pieces("ab xy cd", "ab cd", DiffOptions(ignore_whitespace=True))
    assert changes_of(pieces) == (Change("delete", "xy", ""),)
    assert new_side(pieces) == "ab cd"


def test_a_replaced_word_is_one_replacement_when_ignoring_whitespace() -> None:
    pieces = word_pieces("a b c", "a x c", DiffOptions(ignore_whitespace=True))
    assert changes_of(pieces) == (Change("replace", "b", "x"),)


def test_options_apply_to_whole_editions() -> None:
    old = plain(["The River rose in May, as “usual”.", KEPT])
    new = plain(["the river rose in May as \"usual\"", KEPT])
    assert [e.op for e in diff_editions(old, new).blocks] == ["changed", "same"]
    options = DiffOptions(ignore_case=True, ignore_punctuation=True)
    assert [e.op for e in diff_editions(old, new, options).blocks] == ["same", "same"]


def test_a_no_break_space_replaced_is_a_difference() -> None:
    old, new = "Il a payé 10\u00a0000 francs.", "Il a payé 10 000 francs."
    pieces = word_pieces(old, new)
    assert old_side(pieces) == old
    assert new_side(pieces) == new
    assert entry(diff_editions(plain([old]), plain([new])), "changed")


# 3. The essay: its TEI and the text it was encoded from ======================


def test_essay_tei_against_its_received_text_is_all_same() -> None:
    tei, text = read_edition(ESSAY_TEI), read_edition(ESSAY_TEXT, "en")
    diff = diff_editions(tei, text)
    assert diff.summary() == {"same": 108, **{op: 0 for op in OPS if op != "same"}}
    assert [e.a for e in diff.blocks] == [(block.id,) for block in tei.blocks]
    assert [e.b for e in diff.blocks] == [(str(i),) for i in range(108)]
    assert all(len(e.pieces) == 1 and e.pieces[0].op == "equal" for e in diff.blocks)


def test_essay_diff_command() -> None:
    result = CliRunner().invoke(main, ["diff", str(ESSAY_TEI), str(ESSAY_TEXT)])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "revolution-betrayed.xml -> revolution-betrayed-2001.txt: "
        "108 same, 0 changed, 0 moved, 0 split, 0 merged, 0 added, 0 deleted\n"
    )


# 4. Frankenstein, 1818 and 1831 ==============================================


@pytest.fixture(scope="module")
def frankenstein() -> tuple[Document, Document, EditionDiff]:
    old = read_edition(shared_file("variants", "frankenstein", "frankenstein_1818_full.xml"))
    new = read_edition(shared_file("variants", "frankenstein", "frankenstein_1831_full.xml"))
    return old, new, diff_editions(old, new, witnesses=("1818", "1831"))


def test_frankenstein_every_block_accounted_for(frankenstein) -> None:
    old, new, diff = frankenstein
    assert len(old.blocks) == 853
    assert sorted(n for e in diff.blocks for n in e.a) == sorted(b.id for b in old.blocks)
    assert sorted(n for e in diff.blocks for n in e.b) == sorted(b.id for b in new.blocks)
    # The entries follow the 1831 edition's reading order.
    order = {block.id: index for index, block in enumerate(new.blocks)}
    firsts = [order[e.b[0]] for e in diff.blocks if e.b]
    assert firsts == sorted(firsts)
    assert sum(diff.summary().values()) == len(diff.blocks)
    diff_text(diff)
    json.loads(diff_json(diff))


def test_frankenstein_diff_is_byte_identical_across_processes(frankenstein) -> None:
    # Real text has ties among candidate blocks: two processes with different string hashing,
    # run side by side, give the same bytes, and the same as this process.
    old = shared_file("variants", "frankenstein", "frankenstein_1818_full.xml")
    new = shared_file("variants", "frankenstein", "frankenstein_1831_full.xml")
    runs = [
        subprocess.Popen([sys.executable, "-m", "toolkit", "diff", str(old), str(new), "--format", "json"],
                         stdout=subprocess.PIPE, env={**os.environ, "PYTHONHASHSEED": seed}, cwd=REPO)
        for seed in ("1", "2")
    ]
    outputs = [run.communicate()[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0]
    assert outputs[0] == outputs[1]
    computed = frankenstein[2]
    assert outputs[0].decode("utf-8") == diff_json(EditionDiff((old.name, new.name), computed.blocks))


def test_frankenstein_1831_introduction_is_added(frankenstein) -> None:
    _, new, diff = frankenstein
    introduction = [b.id for b in new.blocks if b.id.startswith("introduction")]
    assert len(introduction) == 19
    entries = [e for e in diff.blocks if any(n.startswith("introduction") for n in e.b)]
    assert [(e.op, e.a, e.b) for e in entries] == [("added", (), (name,)) for name in introduction]


def test_frankenstein_most_of_1818_is_carried_on(frankenstein) -> None:
    _, _, diff = frankenstein
    carried = {n for e in diff.blocks if e.op in ("same", "changed", "moved", "split", "merged") for n in e.a}
    assert len(carried) > 700


def test_frankenstein_known_revisions(frankenstein) -> None:
    _, _, diff = frankenstein
    by_old = {e.a: e for e in diff.blocks if len(e.a) == 1}
    # The preface: "—Shakespeare, in the Tempest and Midsummer" became "—Shakspeare, in the Tempest, and Midsummer".
    preface = by_old[("preface1_p2",)]
    assert (preface.op, preface.b) == ("changed", ("preface1_p2",))
    assert list(preface.changes) == [Change("replace", "Shakespeare", "Shakspeare"), Change("insert", "", ",")]
    # Walton's first letter: "the phænomena of the heavenly bodies" lost its ligature.
    letter = by_old[("novel1_letter1_div1_p3",)]
    assert (letter.op, letter.b) == ("changed", ("novel1_letter1_div1_p3",))
    assert list(letter.changes) == [Change("replace", "phænomena", "phenomena")]
    # The preface's opening paragraph is the same in both.
    assert (by_old[("preface1_p1",)].op, by_old[("preface1_p1",)].b) == ("same", ("preface1_p1",))


# 5. Output ===================================================================

EXPECTED_TEXT = f"""A -> B: 3 same, 1 changed, 1 moved, 1 split, 1 merged, 1 added, 1 deleted

@@ changed: 1 -> 1 @@
With a delay of [-60-]{{+70+}} years the railway finally reached the mountain village.

@@ split: 4 -> 2 + 3 @@
{SPLIT_FIRST} {SPLIT_SECOND}

@@ merged: 5 + 6 -> 4 @@
{MERGED_FIRST} {MERGED_SECOND}

@@ added: - -> 6 @@
{{+{ADDED}+}}

@@ moved: 2 -> 8 @@
{MOVED}

@@ deleted: 3 -> - @@
[-{DELETED}-]
"""


def test_text_output(constructed: EditionDiff) -> None:
    text = diff_text(constructed)
    assert text == EXPECTED_TEXT
    assert "\x1b" not in text


def test_text_output_with_all_blocks(constructed: EditionDiff) -> None:
    text = diff_text(constructed, all_blocks=True)
    assert f"\n@@ same: 0 -> 0 @@\n{KEPT}\n" in text
    assert f"\n@@ same: 8 -> 7 @@\n{KEPT_3}\n" in text
    assert text.count("\n@@ ") == 9
    assert "\x1b" not in text


def test_text_output_names_the_section() -> None:
    diff = diff_editions(identified(OLD_BLOCKS, OLD_IDS), identified(NEW_BLOCKS, NEW_IDS))
    assert "\n@@ changed: e-2 -> e-2  (section s1) @@\n" in diff_text(diff)
    assert "\n@@ deleted: e-4 -> -  (section s1) @@\n" in diff_text(diff)


def test_text_output_in_color(constructed: EditionDiff) -> None:
    text = diff_text(constructed, color=True)
    assert "\x1b[36m@@ changed: 1 -> 1 @@\x1b[0m" in text
    assert "With a delay of \x1b[31m60\x1b[0m\x1b[32m70\x1b[0m years" in text
    assert "[-" not in text and "{+" not in text


def test_json_output(constructed: EditionDiff) -> None:
    data = json.loads(diff_json(constructed))
    assert list(data) == ["witnesses", "blocks", "summary"]
    assert data["witnesses"] == ["A", "B"]
    assert [(b["op"], tuple(b["a"]), tuple(b["b"])) for b in data["blocks"]] == EXPECTED_BY_POSITION
    assert all(list(b) == ["op", "a", "b", "changes"] for b in data["blocks"])
    assert data["blocks"][1]["changes"] == [{"op": "replace", "a": "60", "b": "70"}]
    assert data["blocks"][5]["changes"] == [{"op": "insert", "a": "", "b": ADDED}]
    assert data["blocks"][8]["changes"] == [{"op": "delete", "a": DELETED, "b": ""}]
    assert data["summary"] == EXPECTED_SUMMARY
    assert data["summary"] == {op: sum(b["op"] == op for b in data["blocks"]) for op in OPS}
    assert data == diff_data(constructed)
    assert diff_json(constructed).endswith("}\n")


def test_json_output_is_deterministic(constructed: EditionDiff) -> None:
    assert diff_json(constructed) == diff_json(diff_editions(plain(OLD_BLOCKS), plain(NEW_BLOCKS)))


def write_editions(folder: Path) -> tuple[Path, Path]:
    old, new = folder / "old.txt", folder / "new.txt"
    old.write_text("\n\n".join(OLD_BLOCKS) + "\n", encoding="utf-8")
    new.write_text("\n\n".join(NEW_BLOCKS) + "\n", encoding="utf-8")
    return old, new


def test_diff_command_is_byte_identical_across_processes(tmp_path: Path) -> None:
    # Two processes with different string hashing: the output does not depend on set order.
    old, new = write_editions(tmp_path)
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-m", "toolkit", "diff", str(old), str(new), "--format", "json"],
                              capture_output=True, env=env, cwd=REPO, check=True)
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert json.loads(outputs[0])["summary"] == EXPECTED_SUMMARY


def test_names_of_an_edition_without_ids_are_its_text_positions(tmp_path: Path) -> None:
    old, new = write_editions(tmp_path)
    runner = CliRunner()
    data = json.loads(runner.invoke(main, ["diff", str(old), str(new), "--format", "json"]).stdout)
    lines = runner.invoke(main, ["text", "--ids", str(new)]).stdout.splitlines()
    text_of = dict(line.split("\t", 1) for line in lines)
    assert list(text_of) == [str(i) for i in range(9)]
    changed = [b for b in data["blocks"] if b["op"] == "changed"]
    assert [b["b"] for b in changed] == [["1"]]
    assert text_of["1"] == EDITED_NEW
    moved = [b for b in data["blocks"] if b["op"] == "moved"]
    assert text_of[moved[0]["b"][0]] == MOVED
    added = [b for b in data["blocks"] if b["op"] == "added"]
    assert text_of[added[0]["b"][0]] == ADDED


# 6. The diff command =========================================================


def test_diff_command_text(tmp_path: Path) -> None:
    old, new = write_editions(tmp_path)
    result = CliRunner().invoke(main, ["diff", str(old), str(new)])
    assert result.exit_code == 0, result.output
    assert result.stdout == EXPECTED_TEXT.replace("A -> B", "old.txt -> new.txt")
    assert result.stderr == ""


def test_diff_command_options_reach_the_comparison(tmp_path: Path) -> None:
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text("The River rose in May, as usual.\n", encoding="utf-8")
    new.write_text("the river rose in May as usual\n", encoding="utf-8")
    runner = CliRunner()
    plain_run = json.loads(runner.invoke(main, ["diff", str(old), str(new), "--format", "json"]).stdout)
    assert plain_run["summary"]["changed"] == 1
    ignoring = runner.invoke(main, ["diff", str(old), str(new), "--format", "json", "--ignore-case",
                                    "--ignore-punctuation"])
    assert json.loads(ignoring.stdout)["summary"]["same"] == 1


def test_diff_command_writes_json_file_atomically(tmp_path: Path) -> None:
    old, new = write_editions(tmp_path)
    out = tmp_path / "out.json"
    result = CliRunner().invoke(main, ["diff", str(old), str(new), "--format", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and result.stderr == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.txt", "old.txt", "out.json"]
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["witnesses"] == ["old.txt", "new.txt"]
    assert data["summary"] == EXPECTED_SUMMARY
    # Text to a file: no color codes, even though it is not a pipe.
    text_out = tmp_path / "out.txt"
    result = CliRunner().invoke(main, ["diff", str(old), str(new), "-o", str(text_out)])
    assert result.exit_code == 0 and result.stdout == ""
    assert text_out.read_text(encoding="utf-8") == EXPECTED_TEXT.replace("A -> B", "old.txt -> new.txt")


def test_diff_command_needs_two_editions(tmp_path: Path) -> None:
    old, _ = write_editions(tmp_path)
    result = CliRunner().invoke(main, ["diff", str(old)])
    assert result.exit_code == 2, result.output
    assert "give two editions or more" in result.stderr
    assert result.stdout == ""


def test_three_editions_are_collated_not_refused(tmp_path: Path) -> None:
    old, new = write_editions(tmp_path)
    again = tmp_path / "again.txt"
    again.write_bytes(old.read_bytes())
    result = CliRunner().invoke(main, ["diff", str(old), str(new), str(again)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("old.txt / new.txt / again.txt (base old.txt)")


def test_diff_command_without_editions_is_a_usage_error() -> None:
    assert CliRunner().invoke(main, ["diff"]).exit_code == 2


def error_line(result) -> str:
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0]


@pytest.mark.parametrize("name", ["missing.txt", "missing.xml"])
def test_diff_command_missing_file(tmp_path: Path, name: str) -> None:
    old, _ = write_editions(tmp_path)
    missing = tmp_path / name
    line = error_line(CliRunner().invoke(main, ["diff", str(old), str(missing)]))
    assert line == f"Error: {missing}: no such file"


def test_diff_command_malformed_xml(tmp_path: Path) -> None:
    _, new = write_editions(tmp_path)
    bad = tmp_path / "bad.xml"
    bad.write_text('<?xml version="1.0"?>\n<TEI><text><p>x</TEI>\n', encoding="utf-8")
    line = error_line(CliRunner().invoke(main, ["diff", str(bad), str(new)]))
    assert line.startswith(f"Error: {bad}:2:")
    assert "malformed XML" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.xml", "new.txt", "old.txt"]


@pytest.mark.parametrize("value", ["0", "0.04", "1.01", "-1", "inf", "much"])
def test_diff_command_threshold_out_of_range(tmp_path: Path, value: str) -> None:
    old, new = write_editions(tmp_path)
    result = CliRunner().invoke(main, ["diff", str(old), str(new), "--threshold", value])
    assert result.exit_code == 2, result.output
    assert "--threshold" in result.stderr


@pytest.mark.parametrize("value", ["0.05", "1.0"])
def test_diff_command_threshold_bounds_are_accepted(tmp_path: Path, value: str) -> None:
    old, new = write_editions(tmp_path)
    result = CliRunner().invoke(main, ["diff", str(old), str(new), "--threshold", value])
    assert result.exit_code == 0, result.output


def test_diff_command_threshold_nan_is_a_usage_error(tmp_path: Path) -> None:
    old, new = write_editions(tmp_path)
    result = CliRunner().invoke(main, ["diff", str(old), str(new), "--threshold", "nan"])
    assert result.exit_code == 2, result.output
