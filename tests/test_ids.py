"""ID carry-over: a revised edition keeps the IDs of the previous one, as the ID policy says."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from revisions import OPERATIONS, Revision, chunks_of, revise
from toolkit.encode import encode
from toolkit.ids import IdSource, assign_missing_ids, prefix_from_name
from toolkit.model import Document
from toolkit.plaintext import parse_plain_text
from toolkit.tei import parse_tei, tei_bytes


def carry(previous: Document, revision: Revision) -> Document:
    """Encode *revision* with IDs from *previous*, through TEI and back, as the CLI does."""
    revised = parse_plain_text(revision.text(), "en")
    result = encode(revised, previous)
    return parse_tei(tei_bytes(result.document))


def assert_ids_as_expected(previous: Document, revision: Revision, result: Document) -> None:
    """Every expectation of the revision holds in *result*, and no ID is ever reused."""
    entries = [entry for chunk in revision.chunks for entry in chunk if entry.expect != ("break",)]
    blocks = result.blocks
    assert [b.text for b in blocks] == [e.text for e in entries], "the text is not what was revised"
    old_ids = set(previous.ids)
    ever_used = old_ids | previous.retired_ids
    retired = result.retired_ids
    new_ids = [b.id for b in blocks]
    assert None not in new_ids
    assert len(set(result.ids)) == len(result.ids), "IDs are not unique"
    assert not (set(result.ids) & retired), "a retired ID is in use"
    assert previous.retired_ids <= retired, "a retired ID was forgotten"
    splits: dict[str, list[str]] = {}
    for entry, block in zip(entries, blocks):
        kind = entry.expect[0]
        if kind == "keep":
            assert block.id == entry.expect[1], f"{entry.expect[1]} lost its ID to {block.id}"
        elif kind == "split":
            splits.setdefault(entry.expect[1], []).append(str(block.id))
        elif kind == "merge":
            first, second = entry.expect[1], entry.expect[2]
            assert block.id in (first, second), f"merge of {first}+{second} got {block.id}"
            other = second if block.id == first else first
            assert other in retired, f"{other}, merged away, was not retired"
        elif kind == "new":
            assert block.id not in ever_used, f"new block got a used ID {block.id}"
    for original, parts in splits.items():
        assert parts.count(original) == 1, f"split of {original} gave {parts}"
        fresh = [p for p in parts if p != original]
        assert all(p not in ever_used for p in fresh), f"split of {original} reused an ID: {parts}"
    for deleted in revision.deleted:
        assert deleted in retired and deleted not in result, f"deleted {deleted} not retired"


def test_identity_revision_keeps_every_id(essay: Document) -> None:
    revision = Revision(chunks_of(essay))
    result = encode(parse_plain_text(revision.text(), "en"), essay)
    assert result.carried_over is not None
    report = result.carried_over
    assert len(report.unchanged) == len(essay.blocks)
    assert not (report.edited or report.moved or report.split or report.merged or report.new
                or report.retired)
    assert [b.id for b in result.document.blocks] == [b.id for b in essay.blocks]
    assert [c.id for c in result.document.containers() if c.tag == "div"] == [
        c.id for c in essay.containers() if c.tag == "div"
    ]


@pytest.mark.parametrize("operation", OPERATIONS)
def test_each_kind_of_revision(essay: Document, operation: str) -> None:
    paragraphs = sum(1 for c in chunks_of(essay) if c[0].kind.value == "paragraph")
    rng = random.Random(operation)
    applied = 0
    for target in (3, 20, 21, 41, 70, 71):
        plan: list[str | None] = [None] * paragraphs
        plan[target] = operation
        revision = revise(essay, plan, rng)
        if revision.operations:  # a merge needs a paragraph after, a split two sentences
            applied += 1
            assert_ids_as_expected(essay, revision, carry(essay, revision))
    assert applied >= 3


def test_report_says_what_happened(essay: Document) -> None:
    paragraphs = sum(1 for c in chunks_of(essay) if c[0].kind.value == "paragraph")
    plan: list[str | None] = [None] * paragraphs
    plan[5], plan[10], plan[20], plan[30], plan[40], plan[50], plan[60] = (
        "edit", "move", "split", "merge", "delete", "insert", "heavy-edit")
    revision = revise(essay, plan, random.Random(1))
    result = encode(parse_plain_text(revision.text(), "en"), essay)
    report = result.carried_over
    assert report is not None
    assert len(report.edited) == 2
    assert len(report.moved) >= 1
    assert len(report.split) == 1 and len(report.split[0][1]) == 2
    assert len(report.merged) == 1 and len(report.merged[0][0]) == 2
    assert len(report.new) == 1
    deleted = [op.split()[1] for op in revision.operations if op.startswith("delete")]
    merged_away = [i for i in report.merged[0][0] if i != report.merged[0][1]]
    assert sorted(report.retired) == sorted(deleted + merged_away)
    # The retirement is recorded in the TEI, so that the IDs are never handed out again.
    again = parse_tei(tei_bytes(result.document))
    assert set(report.retired) == set(again.retired_ids)
    assert again.revisions[0].retired == tuple(report.retired)


plans = st.lists(
    st.sampled_from([None] * 12 + list(OPERATIONS)),  # most paragraphs untouched
    min_size=89,
    max_size=89,
)


# Derandomized, so that every run (CI's included) tries the same examples: a failure is
# then reproducible, never an accident of one run. Known failures found by earlier random
# runs are kept below as their own tests.
@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=plans, seed=st.integers(0, 2**32 - 1))
def test_random_revisions_keep_ids_and_never_reuse_one(
    essay: Document, plan: list[str | None], seed: int
) -> None:
    rng = random.Random(seed)
    revision = revise(essay, plan, rng)
    result = carry(essay, revision)
    assert_ids_as_expected(essay, revision, result)
    # A second generation, revised from the first, never hands out an ID retired by either.
    second_plan = [rng.choice([None] * 6 + list(OPERATIONS)) for _ in plan]
    second = revise(result, second_plan, rng)
    assert_ids_as_expected(result, second, carry(result, second))


# Found by a random run of the test above (second generation of revisions).
_SHORT_PARAGRAPH_PLAN = [None,'split',None,None,None,None,None,'heavy-edit','move','split',None,None,None,None,None,None,None,None,'insert',None,None,None,None,None,None,None,None,None,None,None,None,'heavy-edit','delete','insert',None,None,None,None,None,'edit','move','merge',None,'move','split','insert',None,None,None,None,None,None,None,None,None,'edit','split',None,'edit','delete','insert',None,None,'split','split','merge',None,None,None,'edit','heavy-edit',None,'split',None,None,None,None,None,None,None,None,None,None,None,None,None,None,'insert','insert']


@pytest.mark.xfail(strict=True, reason=(
    "known limit of matching: in the second generation of this revision, rb-p096, a nine-word "
    "paragraph ('The key question remains the reaction of the workers.') with three words replaced "
    "by new ones, amid deletions, moves and splits around it, is taken for a new block (rb-p116): "
    "its six shared words are common ones, which weigh little"))
def test_a_short_paragraph_heavily_edited_amid_many_changes_keeps_its_id(essay: Document) -> None:
    rng = random.Random(4_294_967_295)
    revision = revise(essay, _SHORT_PARAGRAPH_PLAN, rng)
    result = carry(essay, revision)
    assert_ids_as_expected(essay, revision, result)
    second_plan = [rng.choice([None] * 6 + list(OPERATIONS)) for _ in _SHORT_PARAGRAPH_PLAN]
    second = revise(result, second_plan, rng)
    assert_ids_as_expected(result, second, carry(result, second))


def test_fresh_ids_follow_the_scheme_in_document_order() -> None:
    document = parse_plain_text("Title\n\nOne.\n\nHeading\n\nTwo.\n\n1) a\n2) b", "en")
    identified, handed_out = assign_missing_ids(document, "x")
    assert [b.id for b in identified.blocks] == ["x-t001", "x-p001", "x-h001", "x-p002", "x-i001", "x-i002"]
    assert handed_out[:2] == ["x-t001", "x-s001"]
    assert [b.section for b in identified.blocks[1:]] == ["x-s001", "x-s002", "x-s002", "x-s002", "x-s002"]


def test_id_source_never_hands_out_a_taken_or_retired_number() -> None:
    source = IdSource("rb", ["rb-p001", "rb-p007", "rb-h002", "other-p099"])
    assert source.fresh("p") == "rb-p008"
    assert source.fresh("p") == "rb-p009"
    assert source.fresh("h") == "rb-h003"
    assert source.fresh("q") == "rb-q001"


def test_prefix_from_file_name() -> None:
    assert prefix_from_name("tei/revolution-betrayed.xml") == "rb"
    assert prefix_from_name("2001.xml") == "b2"


def test_revision_made_in_the_tei_keeps_the_ids_its_editor_kept(essay: Document) -> None:
    from dataclasses import replace

    from toolkit.model import Block, Element, map_document

    def on_block(block: Block) -> Block:
        if block.id == "rb-p003":  # rewritten entirely, its ID kept by the editor
            return replace(block, content=("An entirely different paragraph about ",
                                           Element("title", (("level", "m"),), ("Capital",)), "."))
        if block.id == "rb-p004":  # a new paragraph put in its place, without an ID
            return replace(block, id=None, content=("Wholly new words, nothing like before.",))
        return block

    revised = map_document(essay, on_block)
    result = encode(revised, essay)
    document = result.document
    assert document.block("rb-p003").text == "An entirely different paragraph about Capital."
    assert "rb-p004" in document.retired_ids and "rb-p004" not in document
    new_id = document.blocks[4].id
    assert new_id not in essay.ids and new_id not in essay.retired_ids
    # Inline markup of a TEI revision survives encoding.
    titles = [c for c in document.block("rb-p001").content if isinstance(c, Element) and c.tag == "title"]
    assert titles and titles[0].children == ("The Revolution Betrayed",)
    assert [b.id for b in document.blocks if b.id != new_id] == [
        b.id for b in essay.blocks if b.id != "rb-p004"]


def test_a_retired_id_in_a_revision_is_not_reused(essay: Document) -> None:
    first = encode(parse_plain_text(Revision(chunks_of(essay)).text().replace(
        essay.block("rb-p010").text + "\n\n", ""), "en"), essay).document
    assert "rb-p010" in first.retired_ids
    # The editor pastes the old paragraph back with its old ID: it gets a fresh one.
    from dataclasses import replace

    from toolkit.model import map_document

    def restore(block):
        return replace(block, id="rb-p010") if block.id == "rb-p011" else block

    pasted = map_document(first, restore)
    again = encode(pasted, first).document
    assert "rb-p010" not in again
    assert "rb-p010" in again.retired_ids
