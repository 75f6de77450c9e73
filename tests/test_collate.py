"""Collating three editions or more: change regions, segments, collated blocks, the outputs,
and the ``diff`` command with three editions.

Every expectation here is worked out by hand from the inputs, not copied from a run:
the constructed editions below are made so that each kind of change happens once, in
a known place, and their words are found nowhere else, so that nothing can take one
block for another.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import shared_file
from toolkit.cli import main
from toolkit.collate import Collation, Segment, collate, collate_texts
from toolkit.diff import DiffOptions, Region, change_regions
from toolkit.diffout import collation_data, collation_json, collation_text
from toolkit.editionfile import read_edition
from toolkit.model import Document
from toolkit.plaintext import parse_plain_text
from toolkit.tei.apparatus import collation_bytes

TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def plain(blocks: list[str]) -> Document:
    """An edition received as plain text: the blocks separated by blank lines."""
    return parse_plain_text("\n\n".join(blocks) + "\n", "en")


def applied(old: str, regions: tuple[Region, ...]) -> str:
    """*old* with each region's span replaced by its text."""
    parts, cursor = [], 0
    for region in regions:
        parts += [old[cursor : region.start], region.text]
        cursor = region.end
    parts.append(old[cursor:])
    return "".join(parts)


def rows(segments: tuple[Segment, ...]) -> list[tuple[str, ...]]:
    return [segment.readings for segment in segments]


def read_by(segments: tuple[Segment, ...], witness: int) -> str:
    """What one witness reads over all the segments."""
    return "".join(segment.readings[witness] for segment in segments)


# 1. change_regions ===========================================================

# Words and punctuation, and the spaces between them: an ordinary space, a no-break
# space (part of the text: it joins "10 000"), and line ends and tabs.
TOKENS = st.sampled_from(["the", "The", "fox", "a", "ran", "over", "dog", "60", "70", "naïve", "é",
                          ",", ".", "!", "’", "'", "—", "-", " ", " ", " ", "\u00a0", "\n", "\t"])
# Runs of ordinary spaces and line ends are one space to the comparison (a documented
# choice, see toolkit.diff._key): texts written with single spaces rebuild exactly.
ORDINARY_SPACES = re.compile(r"[ \t\r\n]+")


def single_spaced(tokens: list[str]) -> str:
    return ORDINARY_SPACES.sub(" ", "".join(tokens))


def check_regions(old: str, regions: tuple[Region, ...]) -> None:
    for region in regions:
        assert 0 <= region.start <= region.end <= len(old), regions
        # Each region is a difference: something deleted or something inserted.
        assert region.start < region.end or region.text, regions
        assert old[region.start : region.end] != region.text, regions
    for earlier, later in zip(regions, regions[1:]):
        assert earlier.end <= later.start, regions
        assert (earlier.start, earlier.end) < (later.start, later.end), regions


@settings(max_examples=200, deadline=None)
@given(st.lists(TOKENS, max_size=16), st.lists(TOKENS, max_size=16))
def test_regions_applied_to_the_old_text_rebuild_the_new(old_tokens: list[str], new_tokens: list[str]) -> None:
    old, new = single_spaced(old_tokens), single_spaced(new_tokens)
    regions = change_regions(old, new)
    check_regions(old, regions)
    assert applied(old, regions) == new
    assert (regions == ()) == (old == new)


@settings(max_examples=200, deadline=None)
@given(st.lists(TOKENS, max_size=16), st.lists(TOKENS, max_size=16))
def test_regions_rebuild_the_new_text_up_to_runs_of_spaces(old_tokens: list[str], new_tokens: list[str]) -> None:
    # With any spacing, what is rebuilt differs from the new text at most in runs of ordinary spaces.
    old, new = "".join(old_tokens), "".join(new_tokens)
    regions = change_regions(old, new)
    check_regions(old, regions)
    assert ORDINARY_SPACES.sub(" ", applied(old, regions)) == ORDINARY_SPACES.sub(" ", new)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("a delay of 60 years", "a delay of 70 years", (Region(11, 13, "70"),)),
        # "b c" (2-5) becomes "x".
        ("a b c d", "a x d", (Region(2, 5, "x"),)),
        # Added at the end: the space before it comes with it.
        ("a b", "a b c", (Region(3, 3, " c"),)),
        # Added before a word: the space after it comes with it.
        ("a b", "c a b", (Region(0, 0, "c "),)),
        ("a b", "a x b", (Region(2, 2, "x "),)),
        ("x y", "", (Region(0, 3, ""),)),
        ("", "x y", (Region(0, 0, "x y"),)),
        ("", "", ()),
        ("same text", "same text", ()),
    ],
)
def test_change_regions_examples(old: str, new: str, expected: tuple[Region, ...]) -> None:
    assert change_regions(old, new) == expected
    assert applied(old, expected) == new


# 2. collate_texts ============================================================

WORDS = st.sampled_from(["the", "The", "fox", "a", "ran", "over", "dog", "60", "70", "naïve", ",", ".", "!",
                         "’", "—"])


@st.composite
def edited(draw: st.DrawFn, base: list[str]) -> list[str]:
    """*base* with a few words inserted, deleted or replaced at random."""
    words = list(base)
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["insert", "delete", "replace"]))
        if kind == "insert":
            words.insert(draw(st.integers(0, len(words))), draw(WORDS))
        elif words:
            index = draw(st.integers(0, len(words) - 1))
            if kind == "delete":
                del words[index]
            else:
                words[index] = draw(WORDS)
    return words


@st.composite
def witnesses_of_a_base(draw: st.DrawFn) -> list[str]:
    """Three or four texts: a base, and two or three texts derived from it."""
    base = draw(st.lists(WORDS, max_size=12))
    count = draw(st.integers(2, 3))
    return [" ".join(base)] + [" ".join(draw(edited(base))) for _ in range(count)]


def check_segments(segments: tuple[Segment, ...], width: int) -> None:
    assert segments
    assert all(len(segment.readings) == width for segment in segments)
    for segment in segments:
        if not segment.varies:
            assert len(set(segment.readings)) == 1
    # Locations are maximal: between two of them stands text that does not vary, never nothing.
    for earlier, later in zip(segments, segments[1:]):
        assert earlier.varies != later.varies, rows(segments)
    if len(segments) > 1:
        assert all(segment.readings[0] for segment in segments if not segment.varies), rows(segments)


@settings(max_examples=200, deadline=None)
@given(witnesses_of_a_base())
def test_each_witness_reads_its_own_text_whole(texts: list[str]) -> None:
    segments = collate_texts(texts[0], texts[1:])
    check_segments(segments, len(texts))
    for index, text in enumerate(texts):
        assert read_by(segments, index) == text, (index, rows(segments))


@settings(max_examples=100, deadline=None)
@given(witnesses_of_a_base(), st.data())
def test_a_witness_without_the_block_reads_nothing(texts: list[str], data: st.DataObject) -> None:
    missing = data.draw(st.integers(1, len(texts) - 1))
    others: list[str | None] = list(texts[1:])
    others[missing - 1] = None
    segments = collate_texts(texts[0], others)
    assert all(len(segment.readings) == len(texts) for segment in segments)
    assert all(segment.readings[missing] == "" for segment in segments)
    for index, text in enumerate(texts):
        if index != missing:
            assert read_by(segments, index) == text


def test_docstring_example() -> None:
    assert rows(collate_texts("in 1920 six", ["in 1921 six", "in 1920 five"])) == [
        ("in ", "in ", "in "), ("1920", "1921", "1920"), (" ", " ", " "), ("six", "six", "five"),
    ]


def test_overlapping_changes_are_one_location() -> None:
    # W2 changes "b c" (2-5) to "x", W3 "c d" (4-7) to "y": they share "c", so one
    # location covers "b c d" and gives each witness's reading whole.
    segments = collate_texts("a b c d", ["a x d", "a b y"])
    assert rows(segments) == [("a ", "a ", "a "), ("b c d", "x d", "b y")]
    assert [segment.varies for segment in segments] == [False, True]


def test_touching_changes_are_one_location() -> None:
    # W2 changes "b" (2-3), W3 the comma right after it (3-4): they touch, so one location "b,".
    segments = collate_texts("a b, c d", ["a x, c d", "a b; c d"])
    assert rows(segments) == [("a ", "a ", "a "), ("b,", "x,", "b;"), (" c d", " c d", " c d")]


def test_insertions_at_one_place_are_one_location() -> None:
    segments = collate_texts("a b", ["a x b", "a y b", "a b"])
    assert rows(segments) == [("a ", "a ", "a ", "a "), ("", "x ", "y ", ""), ("b", "b", "b", "b")]


def test_changes_far_apart_stay_apart() -> None:
    # W2 changes "b" (2-3), W3 "i" (16-17); W4 reads the base.
    segments = collate_texts("a b c d e f g h i j", ["a x c d e f g h i j", "a b c d e f g h y j",
                                                    "a b c d e f g h i j"])
    assert rows(segments) == [
        ("a ",) * 4,
        ("b", "x", "b", "b"),
        (" c d e f g h ",) * 4,
        ("i", "i", "y", "i"),
        (" j",) * 4,
    ]
    assert [segment.varies for segment in segments] == [False, True, False, True, False]


def test_a_missing_witness_reads_nothing_even_where_another_differs() -> None:
    assert rows(collate_texts("a b", ["a c", None])) == [("a ", "a ", ""), ("b", "c", "")]


def test_texts_that_agree_are_one_segment() -> None:
    assert rows(collate_texts("a b", ["a b", "a b"])) == [("a b", "a b", "a b")]
    assert rows(collate_texts("", ["", None])) == [("", "", "")]
    assert rows(collate_texts("", ["x", ""])) == [("", "x", "")]


# 3. collate: constructed editions ============================================

KEPT = "Harbour pilots guided the trawlers past the lighthouse at dusk."
EDITED_OLD = "In 1920 the railway finally reached the mountain village."
EDITED_NEW = "In 1921 the railway finally reached the mountain village."
DELETED = "Astronomers catalogued seventeen comets during one winter survey."
SPLIT_FIRST = "The committee met twice in March and argued about money for books."
SPLIT_SECOND = "Eventually it approved funding for a new library wing."
SPLIT_WHOLE = f"{SPLIT_FIRST} {SPLIT_SECOND}"
MERGED_FIRST = "Rivers flood the plains each spring."
MERGED_SECOND = "Farmers welcome the silt it leaves behind."
KEPT_2 = "Weavers sold scarves at the Saturday market."
KEPT_2_CHANGED = "Weavers sold scarves at the Sunday market."
ADDED = "Volunteers repainted chapel doors bright green."
ADDED_FIRST = "Glassblowers shaped amber vases for the harbour festival."

# The base, A: 0 KEPT, 1 EDITED, 2 DELETED, 3 SPLIT (one block), 4-5 MERGED (two blocks), 6 KEPT_2.
A = [KEPT, EDITED_OLD, DELETED, SPLIT_WHOLE, MERGED_FIRST, MERGED_SECOND, KEPT_2]
# B: 1920 becomes 1921, DELETED goes, ADDED comes after MERGED_SECOND.
B = [KEPT, EDITED_NEW, SPLIT_WHOLE, MERGED_FIRST, MERGED_SECOND, ADDED, KEPT_2]
# C: the committee paragraph split in two, the rivers paragraphs merged into one.
C = [KEPT, EDITED_OLD, DELETED, SPLIT_FIRST, SPLIT_SECOND, f"{MERGED_FIRST} {MERGED_SECOND}", KEPT_2]
# D: a block added before all, 1921 as in B, Sunday for Saturday.
D = [ADDED_FIRST, KEPT, EDITED_NEW, DELETED, SPLIT_WHOLE, MERGED_FIRST, MERGED_SECOND, KEPT_2_CHANGED]

DATE_ROW = [("In ",) * 3, ("1920", "1921", "1920"), (" the railway finally reached the mountain village.",) * 3]

# (names per witness, ops per witness after the base, segments), in the collation's order.
EXPECTED_ABC = [
    ((("0",), ("0",), ("0",)), ("same", "same"), [(KEPT,) * 3]),
    ((("1",), ("1",), ("1",)), ("changed", "same"), DATE_ROW),
    # B lacks it and reads nothing.
    ((("2",), (), ("2",)), ("deleted", "same"), [(DELETED, "", DELETED)]),
    # C carries it in two blocks, with the same words.
    ((("3",), ("2",), ("3", "4")), ("same", "split"), [(SPLIT_WHOLE,) * 3]),
    # C's block 5 holds base blocks 4 and 5: read in the first, where the second's words are added...
    ((("4",), ("3",), ("5",)), ("same", "merged"), [(MERGED_FIRST,) * 3, ("", "", f" {MERGED_SECOND}")]),
    # ... so that C reads nothing for the second.
    ((("5",), ("4",), ("5",)), ("same", "merged"), [(MERGED_SECOND, MERGED_SECOND, "")]),
    # B's added block 5 stands after the block it follows in B: base block 5.
    (((), ("5",), ()), ("added", "-"), [("", ADDED, "")]),
    ((("6",), ("6",), ("6",)), ("same", "same"), [(KEPT_2,) * 3]),
]


def outline(collation: Collation) -> list[tuple[tuple[tuple[str, ...], ...], tuple[str, ...], list]]:
    return [(block.names, block.ops, rows(block.segments)) for block in collation.blocks]


@pytest.fixture(scope="module")
def abc() -> Collation:
    return collate([plain(A), plain(B), plain(C)], witnesses=("A", "B", "C"))


def test_constructed_editions_parse_as_intended() -> None:
    for blocks in (A, B, C, D):
        assert [block.text for block in plain(blocks).blocks] == blocks


def test_three_witnesses(abc: Collation) -> None:
    assert abc.witnesses == ("A", "B", "C")
    assert outline(abc) == EXPECTED_ABC
    assert [block.varies for block in abc.blocks] == [False, True, True, True, True, True, True, False]
    assert abc.summary() == {
        "B": {"same": 5, "changed": 1, "moved": 0, "split": 0, "merged": 0, "added": 1, "deleted": 1},
        "C": {"same": 4, "changed": 0, "moved": 0, "split": 1, "merged": 1, "added": 0, "deleted": 0},
    }
    assert [diff.witnesses for diff in abc.comparisons] == [("A", "B"), ("A", "C")]


def test_four_witnesses() -> None:
    collation = collate([plain(A), plain(B), plain(C), plain(D)], witnesses=("A", "B", "C", "D"))
    # Each row of the three-witness collation, with D's names, op and readings added; D's
    # blocks are numbered one more than the base's, since D opens with a block of its own.
    d_names = {"0": ("1",), "1": ("2",), "2": ("3",), "3": ("4",), "4": ("5",), "5": ("6",), "6": ("7",)}
    expected = [(((), (), (), ("0",)), ("-", "-", "added"), [("", "", "", ADDED_FIRST)])]
    for names, ops, segments in EXPECTED_ABC:
        if not names[0]:
            expected.append(((*names, ()), (*ops, "-"), [(*row, "") for row in segments]))
            continue
        base = names[0][0]
        if base == "1":
            segments = [("In ",) * 4, ("1920", "1921", "1920", "1921"),
                        (" the railway finally reached the mountain village.",) * 4]
            expected.append(((*names, d_names[base]), (*ops, "changed"), segments))
        elif base == "6":
            segments = [("Weavers sold scarves at the ",) * 4, ("Saturday", "Saturday", "Saturday", "Sunday"),
                        (" market.",) * 4]
            expected.append(((*names, d_names[base]), (*ops, "changed"), segments))
        else:
            expected.append(((*names, d_names[base]), (*ops, "same"), [(*row, row[0]) for row in segments]))
    assert outline(collation) == expected
    assert [block.varies for block in collation.blocks] == [True, False, True, True, True, True, True, True, True]
    assert collation.summary()["D"] == {"same": 5, "changed": 2, "moved": 0, "split": 0, "merged": 0,
                                        "added": 1, "deleted": 0}


def test_every_block_of_every_witness_is_somewhere(abc: Collation) -> None:
    # The base's blocks, each once and in order; every block of each witness at least once.
    assert [block.names[0] for block in abc.blocks if block.names[0]] == [(str(i),) for i in range(7)]
    for index, blocks in enumerate((A, B, C)):
        assert {name for block in abc.blocks for name in block.names[index]} == {str(i) for i in range(len(blocks))}


def test_identical_editions_never_vary() -> None:
    collation = collate([plain(A), plain(A), plain(A)])
    assert collation.witnesses == ("W1", "W2", "W3")
    assert [block.ops for block in collation.blocks] == [("same", "same")] * 7
    assert not any(block.varies for block in collation.blocks)
    assert [rows(block.segments) for block in collation.blocks] == [[(text,) * 3] for text in A]


def test_a_moved_block_is_read_where_the_base_has_it() -> None:
    # B puts EDITED_OLD first: it is matched as moved, and the collation keeps the base's order.
    moved = [EDITED_OLD, KEPT, *A[2:]]
    collation = collate([plain(A), plain(moved), plain(A)], witnesses=("A", "B", "C"))
    assert [(block.names, block.ops) for block in collation.blocks][:2] == [
        ((("0",), ("1",), ("0",)), ("same", "same")),
        ((("1",), ("0",), ("1",)), ("moved", "same")),
    ]
    assert [block.varies for block in collation.blocks] == [False, True] + [False] * 5


def test_collation_needs_two_editions() -> None:
    with pytest.raises(ValueError):
        collate([plain(A)])


def test_two_editions_are_a_collation_too() -> None:
    collation = collate([plain(A), plain(B)], witnesses=("A", "B"))
    assert [(block.names, block.ops) for block in collation.blocks] == [
        (names[:2], ops[:1]) for names, ops, _ in EXPECTED_ABC
    ]


def test_identical_witnesses_read_alike_even_in_added_blocks() -> None:
    # B and its copy B2 are the same edition: wherever one reads something, the other reads it too.
    collation = collate([plain(A), plain(B), plain(B)], witnesses=("A", "B", "B2"))
    for block in collation.blocks:
        assert block.ops[0] == block.ops[1], outline(collation)
        assert block.names[1] == block.names[2], outline(collation)
        assert all(segment.readings[1] == segment.readings[2] for segment in block.segments), outline(collation)


# 4. Outputs ==================================================================

def expected_text(a: str = "A", b: str = "B", c: str = "C") -> str:
    """The text output of the three-witness collation, its witnesses named *a*, *b*, *c*."""
    return f"""{a} / {b} / {c} (base {a})
  {b}: 5 same, 1 changed, 0 moved, 0 split, 0 merged, 1 added, 1 deleted
  {c}: 4 same, 0 changed, 0 moved, 1 split, 1 merged, 0 added, 0 deleted

@@ {a} 1 | {b} 1 (changed) | {c} 1 @@
In [{a}, {c}: 1920 | {b}: 1921] the railway finally reached the mountain village.

@@ {a} 2 | {b} - (deleted) | {c} 2 @@
[{a}, {c}: {DELETED} | {b}: (nothing)]

@@ {a} 3 | {b} 2 | {c} 3 + 4 (split) @@
{SPLIT_WHOLE}

@@ {a} 4 | {b} 3 | {c} 5 (merged) @@
{MERGED_FIRST}[{a}, {b}: (nothing) | {c}:  {MERGED_SECOND}]

@@ {a} 5 | {b} 4 | {c} 5 (merged) @@
[{a}, {b}: {MERGED_SECOND} | {c}: (nothing)]

@@ {a} - | {b} 5 (added) | {c} - @@
[{a}, {c}: (nothing) | {b}: {ADDED}]
"""


def test_collation_text(abc: Collation) -> None:
    assert collation_text(abc) == expected_text()


def test_collation_text_with_all_blocks(abc: Collation) -> None:
    text = collation_text(abc, all_blocks=True)
    first = f"\n@@ A 0 | B 0 | C 0 @@\n{KEPT}\n"
    last = f"\n@@ A 6 | B 6 | C 6 @@\n{KEPT_2}\n"
    header, rest = expected_text().split("\n\n", 1)
    assert text == f"{header}\n{first}\n{rest}{last}"


def test_collation_data(abc: Collation) -> None:
    data = collation_data(abc)
    assert list(data) == ["witnesses", "blocks", "summary"]
    assert data["witnesses"] == ["A", "B", "C"]
    assert data["summary"] == abc.summary()
    assert len(data["blocks"]) == 8
    for block in data["blocks"]:
        assert list(block) == ["names", "ops", "segments"]
        assert list(block["names"]) == ["A", "B", "C"]
        assert list(block["ops"]) == ["B", "C"]
        for segment in block["segments"]:
            assert list(segment) in (["text"], ["readings"])
            if "readings" in segment:
                assert list(segment["readings"]) == ["A", "B", "C"]
    assert data["blocks"][1] == {
        "names": {"A": ["1"], "B": ["1"], "C": ["1"]},
        "ops": {"B": "changed", "C": "same"},
        "segments": [
            {"text": "In "},
            {"readings": {"A": "1920", "B": "1921", "C": "1920"}},
            {"text": " the railway finally reached the mountain village."},
        ],
    }
    assert data["blocks"][2]["names"] == {"A": ["2"], "B": [], "C": ["2"]}
    assert data["blocks"][2]["segments"] == [{"readings": {"A": DELETED, "B": "", "C": DELETED}}]
    assert data["blocks"][3]["names"] == {"A": ["3"], "B": ["2"], "C": ["3", "4"]}
    assert data["blocks"][3]["ops"] == {"B": "same", "C": "split"}
    assert data["blocks"][3]["segments"] == [{"text": SPLIT_WHOLE}]
    assert data["blocks"][6] == {
        "names": {"A": [], "B": ["5"], "C": []},
        "ops": {"B": "added", "C": "-"},
        "segments": [{"readings": {"A": "", "B": ADDED, "C": ""}}],
    }


def test_collation_json_is_the_data_and_deterministic(abc: Collation) -> None:
    text = collation_json(abc)
    assert text.endswith("}\n")
    assert json.loads(text) == collation_data(abc)
    again = collate([plain(A), plain(B), plain(C)], witnesses=("A", "B", "C"))
    assert collation_json(again) == text
    assert collation_bytes(again) == collation_bytes(abc)


def apparatus_checks(data: bytes, collation: Collation, schema) -> etree._Element:
    """Check the TEI of *collation*: valid, each block an ab, each reading where it should be."""
    root = etree.fromstring(data)
    assert schema.problems(etree.ElementTree(root), "collation.xml") == []
    listed = [witness.get(XML_ID) for witness in next(root.iter(f"{TEI}listWit"))]
    assert len(listed) == len(collation.witnesses) == len(set(listed))
    pointers = [f"#{identifier}" for identifier in listed]
    abs_ = list(root.iter(f"{TEI}ab"))
    assert len(abs_) == len(collation.blocks)
    for ab, block in zip(abs_, collation.blocks):
        assert ab.get("type") == "collated"
        assert all(child.tag == f"{TEI}app" for child in ab)
        apps = list(ab)
        varying = [segment for segment in block.segments if segment.varies]
        assert len(apps) == len(varying)
        for app, segment in zip(apps, varying):
            readings = list(app)
            assert readings[0].tag == f"{TEI}lem"
            assert all(reading.tag == f"{TEI}rdg" for reading in readings[1:])
            seen: list[str] = []
            for reading in readings:
                wits = reading.get("wit").split()
                assert set(wits) <= set(pointers)
                text = reading.text or ""
                # Exactly the witnesses that read this text.
                assert wits == [p for p, r in zip(pointers, segment.readings) if r == text]
                seen += wits
            # The lem is the base's reading; every witness is in one reading, once.
            assert pointers[0] in readings[0].get("wit").split()
            assert (readings[0].text or "") == segment.readings[0]
            assert sorted(seen) == sorted(pointers)
        # What each witness reads in the ab, taken from the TEI, is what the collation says.
        for index, pointer in enumerate(pointers):
            parts = [ab.text or ""]
            for app in apps:
                parts += [next(r.text or "" for r in app if pointer in r.get("wit").split()), app.tail or ""]
            assert "".join(parts) == read_by(block.segments, index)
    return root


def test_collation_tei(abc: Collation, tei_all) -> None:
    data = collation_bytes(abc)
    root = apparatus_checks(data, abc, tei_all)
    assert [w.get(XML_ID) for w in root.iter(f"{TEI}witness")] == ["w-A", "w-B", "w-C"]
    assert [ab.get("n") for ab in root.iter(f"{TEI}ab")] == [
        "A:0 B:0 C:0", "A:1 B:1 C:1", "A:2 C:2", "A:3 B:2 C:3 C:4", "A:4 B:3 C:5", "A:5 B:4 C:5", "B:5",
        "A:6 B:6 C:6",
    ]
    date = root.findall(f".//{TEI}ab")[1]
    assert etree.tostring(date, encoding="unicode", with_tail=False) == (
        f'<ab xmlns="{TEI[1:-1]}" type="collated" n="A:1 B:1 C:1">In <app><lem wit="#w-A #w-C">1920</lem>'
        '<rdg wit="#w-B">1921</rdg></app> the railway finally reached the mountain village.</ab>'
    )
    added = root.findall(f".//{TEI}ab")[6]
    assert [(r.tag, r.get("wit"), r.text) for r in added[0]] == [
        (f"{TEI}lem", "#w-A #w-C", None), (f"{TEI}rdg", "#w-B", ADDED)
    ]


def test_collation_tei_of_four_witnesses_with_titles(tei_all) -> None:
    collation = collate([plain(A), plain(B), plain(C), plain(D)], witnesses=("A.txt", "B.txt", "C.txt", "D.txt"))
    data = collation_bytes(collation, ("First", "Second", "Third", "Fourth"))
    root = apparatus_checks(data, collation, tei_all)
    assert [w.text for w in root.iter(f"{TEI}witness")] == [
        "A.txt: First", "B.txt: Second", "C.txt: Third", "D.txt: Fourth"
    ]
    title = root.find(f".//{TEI}title")
    assert title.text == "Comparison of A.txt, B.txt, C.txt and D.txt"


def test_collation_tei_with_witness_names_outside_xml_names(tei_all) -> None:
    # Spanish editions named by their number: 1ª (primera), 2ª, 3ª edición. ª, like º µ ² ½, is a
    # word character (\w) but not an XML name character: the xml:id must do without it.
    names = ("1ª edición.txt", "2ª edición.txt", "3ª edición.txt")
    collation = collate([plain(A), plain(B), plain(C)], witnesses=names)
    apparatus_checks(collation_bytes(collation), collation, tei_all)


@pytest.fixture(scope="module")
def frankenstein() -> Collation:
    first = read_edition(shared_file("variants", "frankenstein", "frankenstein_1818_full.xml"))
    second = read_edition(shared_file("variants", "frankenstein", "frankenstein_1831_full.xml"))
    return collate([first, second, first], witnesses=("1818", "1831", "1818"))


def test_frankenstein_1818_1831_1818(frankenstein: Collation, tei_all) -> None:
    collation = frankenstein
    # The third witness is the base again: it reads every base block as the base does.
    base_blocks = [block for block in collation.blocks if block.names[0]]
    assert len(base_blocks) == 853
    assert all(block.ops[1] == "same" and block.names[2] == block.names[0] for block in base_blocks)
    assert all(segment.readings[2] == segment.readings[0] for block in collation.blocks
               for segment in block.segments)
    assert any(block.ops[0] == "added" for block in collation.blocks)
    assert any(block.ops[0] == "changed" for block in collation.blocks)
    root = apparatus_checks(collation_bytes(collation), collation, tei_all)
    # Two witnesses share a name: their IDs are kept apart, and both are in every lem.
    assert [w.get(XML_ID) for w in root.iter(f"{TEI}witness")] == ["w-1818", "w-1831", "w-1818-2"]
    assert all(lem.get("wit").split()[:1] == ["#w-1818"] and "#w-1818-2" in lem.get("wit").split()
               for lem in root.iter(f"{TEI}lem"))
    collation_text(collation)


# 5. The diff command with three editions =====================================


@pytest.fixture()
def editions(tmp_path: Path) -> list[Path]:
    paths = []
    for name, blocks in (("a.txt", A), ("b.txt", B), ("c.txt", C)):
        path = tmp_path / name
        path.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def test_diff_command_prints_the_collation(editions: list[Path]) -> None:
    result = CliRunner().invoke(main, ["diff", *map(str, editions)])
    assert result.exit_code == 0, result.output
    assert result.stdout == expected_text("a.txt", "b.txt", "c.txt")
    assert "In [a.txt, c.txt: 1920 | b.txt: 1921] the railway" in result.stdout


def test_diff_command_writes_json(editions: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    result = CliRunner().invoke(main, ["diff", *map(str, editions), "--format", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["witnesses"] == ["a.txt", "b.txt", "c.txt"]
    assert data["blocks"][1]["segments"][1] == {"readings": {"a.txt": "1920", "b.txt": "1921", "c.txt": "1920"}}
    assert data["blocks"][6]["ops"] == {"b.txt": "added", "c.txt": "-"}
    assert list(data["summary"]) == ["b.txt", "c.txt"]
    expected = collate([read_edition(path, "en") for path in editions], DiffOptions(),
                       ("a.txt", "b.txt", "c.txt"))
    assert data == collation_data(expected)


def test_diff_command_writes_tei(editions: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "out.xml"
    result = CliRunner().invoke(main, ["diff", *map(str, editions), "--format", "tei", "-o", str(out)])
    assert result.exit_code == 0, result.output
    root = etree.fromstring(out.read_bytes())
    assert root.tag == f"{TEI}TEI"
    assert [w.get(XML_ID) for w in root.iter(f"{TEI}witness")] == ["w-a.txt", "w-b.txt", "w-c.txt"]
    assert len(list(root.iter(f"{TEI}ab"))) == 8
    # To standard output, the same bytes.
    printed = CliRunner().invoke(main, ["diff", *map(str, editions), "--format", "tei"])
    assert printed.exit_code == 0
    assert printed.stdout_bytes == out.read_bytes()


def test_diff_command_refuses_html_for_three_editions(editions: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "out.html"
    result = CliRunner().invoke(main, ["diff", *map(str, editions), "--format", "html", "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    for word in ("text", "json", "tei"):
        assert word in result.stderr
    assert not out.exists()


def test_diff_command_refuses_impact_for_three_editions(editions: list[Path]) -> None:
    result = CliRunner().invoke(main, ["diff", *map(str, editions), "--impact", "es"])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert "--impact" in result.stderr


def test_diff_command_json_keeps_every_witness_when_a_file_is_given_twice(editions: list[Path]) -> None:
    a, b, _ = editions
    result = CliRunner().invoke(main, ["diff", str(a), str(b), str(a), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(set(data["witnesses"])) == 3
    for block in data["blocks"]:
        assert len(block["names"]) == 3
        assert len(block["ops"]) == 2
        for segment in block["segments"]:
            if "readings" in segment:
                assert len(segment["readings"]) == 3
