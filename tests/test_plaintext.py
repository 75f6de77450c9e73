"""Plain text is read by its layout, as texts are received, and written back the same way."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.errors import InputError
from toolkit.model import BlockKind
from toolkit.plaintext import block_lines, parse_plain_text, plain_text


def kinds(text: str) -> list[tuple[str, str]]:
    return [(b.kind.value, b.labelled_text) for b in parse_plain_text(text, "en").blocks]


def test_title_headings_paragraphs() -> None:
    text = "A Title\n\nFirst paragraph, with words.\n\nA heading\n\nSecond paragraph.\n"
    assert kinds(text) == [
        ("title", "A Title"),
        ("paragraph", "First paragraph, with words."),
        ("heading", "A heading"),
        ("paragraph", "Second paragraph."),
    ]


@pytest.mark.parametrize("line", [
    "Yes, all that is true. But what is the situation now?",  # sentence punctuation
    '"A quoted line without a full stop"',                   # opens with a quotation mark
    "a lower-case line",
    " ".join(["word"] * 13),                                  # too long for a heading
])
def test_lines_that_are_not_headings(line: str) -> None:
    assert kinds(f"Title\n\n{line}\n\nAfter.")[1][0] != "heading"


def test_heading_may_end_in_a_quoted_word() -> None:
    assert kinds("Title\n\nRole of the 'Communist Party'\n\nText.")[1] == (
        "heading", "Role of the 'Communist Party'")


def test_hard_wrapped_paragraph_is_one_block() -> None:
    assert kinds("Title\n\nOne line\nand the next line\nend here.") == [
        ("title", "Title"), ("paragraph", "One line and the next line end here.")]


@pytest.mark.parametrize("labels", [["1)", "2)"], ["1.", "2."], ["(1)", "(2)"], ["a)", "b)"], ["-", "-"], ["•", "•"]])
def test_lists_one_item_per_line(labels: list[str]) -> None:
    text = "Title\n\n" + "\n".join(f"{label} item {n}" for n, label in enumerate(labels)) + "\n\nAfter."
    document = parse_plain_text(text, "en")
    items = [b for b in document.blocks if b.kind is BlockKind.ITEM]
    assert [b.label for b in items] == labels
    assert [b.text for b in items] == ["item 0", "item 1"]
    assert document.same_container(items[0], items[1])


def test_block_quotation_with_citation() -> None:
    document = parse_plain_text('Title\n\n"Quoted words, \'inner\' too." (Source, p. 1.)\n\nAfter.', "en")
    block = document.blocks[1]
    assert block.kind is BlockKind.QUOTATION
    assert [getattr(part, "tag", part) for part in block.content] == ["quote", " ", "bibl"]
    assert block.text == '"Quoted words, \'inner\' too." (Source, p. 1.)'


@pytest.mark.parametrize("text", [
    '"One quotation" and then the author goes on.',
    '"First" and "second" quotations.',
])
def test_paragraphs_that_only_start_with_a_quotation(text: str) -> None:
    assert parse_plain_text(f"Title\n\n{text}", "en").blocks[1].kind is BlockKind.PARAGRAPH


def test_two_blank_lines_open_a_section_without_heading() -> None:
    document = parse_plain_text("Title\n\nOne.\n\nHeading\n\nTwo.\n\n\nThree.\n", "en")
    sections = document.sections()
    assert [(s.heading.text if s.heading else None, [b.text for b in s.blocks if b.kind is BlockKind.PARAGRAPH])
            for s in sections] == [(None, ["One."]), ("Heading", ["Two."]), (None, ["Three."])]
    assert plain_text(document) == "Title\n\nOne.\n\nHeading\n\nTwo.\n\n\nThree.\n"


def test_control_character_is_refused_with_its_place() -> None:
    with pytest.raises(InputError) as caught:
        parse_plain_text("Title\n\nBad \x1b char.", "en", "x.txt")
    assert str(caught.value).startswith("x.txt:3:5:")


def test_block_lines_use_ids_or_positions() -> None:
    document = parse_plain_text("Title\n\nOne.\n\n1) a\n2) b", "en")
    assert block_lines(document) == "0\tTitle\n1\tOne.\n2\t1) a\n3\t2) b\n"


paragraph = st.lists(
    st.sampled_from("alpha beta gamma delta epsilon zeta eta theta".split()), min_size=3, max_size=30
).map(lambda words: words[0].capitalize() + " " + " ".join(words[1:]) + ".")


@settings(max_examples=50, deadline=None)
@given(st.lists(paragraph, min_size=1, max_size=12))
def test_reading_what_was_written_gives_the_same_blocks(paragraphs: list[str]) -> None:
    document = parse_plain_text("Title\n\n" + "\n\n".join(paragraphs), "en")
    again = parse_plain_text(plain_text(document), "en")
    assert [(b.kind, b.labelled_text) for b in again.blocks] == [
        (b.kind, b.labelled_text) for b in document.blocks]
