"""Markdown editions are read block by block, in reading order, as ``toolkit text`` lists them."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ESSAY_TEI
from toolkit.cli import main
from toolkit.editionfile import read_edition
from toolkit.errors import InputError
from toolkit.markdown import parse_markdown, read_markdown
from toolkit.model import Block, BlockKind, Container, Document, normalize_space
from toolkit.plaintext import plain_text
from toolkit.tei import read_tei
from toolkit.tei.check import check_file


def blocks(text: str, language: str = "en") -> list[tuple[str, str | None, str]]:
    return [(b.kind.value, b.label, b.text) for b in parse_markdown(text, language).blocks]


def escape(text: str) -> str:
    """*text* as Markdown that reads back as itself: every ASCII punctuation mark escaped."""
    return "".join("\\" + char if char in string.punctuation else char for char in text)


# Headings, title and sections


def test_atx_and_setext_headings() -> None:
    text = "Title\n=====\n\nIntro.\n\nPart one\n--------\n\nText.\n\n### Part two ###\n\nMore.\n"
    assert blocks(text) == [
        ("title", None, "Title"),
        ("paragraph", None, "Intro."),
        ("heading", None, "Part one"),
        ("paragraph", None, "Text."),
        ("heading", None, "Part two"),
        ("paragraph", None, "More."),
    ]


def test_the_title_is_on_the_title_page_and_in_the_metadata() -> None:
    document = parse_markdown("# The Title\n\nText.\n", "fr", "x.md")
    assert document.metadata.title == "The Title"
    assert document.metadata.language == "fr"
    assert document.front_blocks()[0].kind is BlockKind.TITLE
    [title_page] = document.front
    assert isinstance(title_page, Container) and title_page.tag == "titlePage"
    assert [c.tag for c in title_page.children if isinstance(c, Container)] == ["docTitle"]
    assert document.path == "x.md"
    assert all(block.lang == "fr" for block in document.blocks)


@pytest.mark.parametrize("text", [
    "# One\n\nText.\n\n# Two\n\nText.\n",  # two level-1 headings: chapters, not a title
    "Text first.\n\n# Heading\n\nText.\n",  # the level-1 heading does not open the text
    "## Level two\n\nText.\n",
])
def test_no_title_unless_natural(text: str) -> None:
    document = parse_markdown(text)
    assert document.front == ()
    assert document.metadata.title == "Untitled"
    assert BlockKind.TITLE not in [block.kind for block in document.blocks]


def test_each_heading_and_each_thematic_break_opens_a_section() -> None:
    document = parse_markdown("# T\n\nOne.\n\n## A\n\nTwo.\n\n***\n\nThree.\n\n## B\n\nFour.\n")
    sections = [(s.heading.text if s.heading else None, [b.text for b in s.blocks]) for s in document.sections()]
    assert sections == [(None, ["One."]), ("A", ["A", "Two."]), (None, ["Three."]), ("B", ["B", "Four."])]
    assert all(isinstance(node, Container) and node.tag == "div"
               and node.attrs == (("type", "section"),) for node in document.body)


def test_lines_are_those_of_the_source() -> None:
    document = parse_markdown("# T\n\nOne\ntwo.\n\n- a\n- b\n\n> q\n")
    assert [(b.text, b.line) for b in document.blocks] == [
        ("T", 1), ("One two.", 3), ("a", 6), ("b", 7), ("q", 9)]


# Paragraphs and inline markup


def test_breaks_are_spaces_and_inline_markup_is_text() -> None:
    text = ("Some *emphasis*, __strong__, [a link](http://example.org \"t\"), `code`,\n"
            "a soft break, a hard one  \nand one with a backslash\\\nthen ~~struck~~ &amp; &eacute;"
            " <span lang=\"ru\">слово</span> a<br>b ![a picture](p.png) end.\n")
    assert blocks(text) == [("paragraph", None,
                             "Some emphasis, strong, a link, code, a soft break, a hard one and one with "
                             "a backslash then struck & é слово a b end.")]


def test_whitespace_is_normalised_but_no_break_spaces_are_text() -> None:
    assert blocks("Words   spread\tout, « guillemets\u00a0».\n") == [
        ("paragraph", None, "Words spread out, « guillemets\u00a0».")]


def test_link_reference_definitions_are_not_text() -> None:
    assert blocks("See [the essay][1].\n\n[1]: http://example.org\n") == [
        ("paragraph", None, "See the essay.")]


# Lists


def test_ordered_and_bullet_lists_keep_their_labels_as_printed() -> None:
    text = "1. one\n2. two\n\n7) seven\n8) eight\n\n- dash\n\n* star\n\n+ plus\n"
    assert blocks(text) == [
        ("item", "1.", "one"), ("item", "2.", "two"),
        ("item", "7)", "seven"), ("item", "8)", "eight"),
        ("item", "-", "dash"), ("item", "*", "star"), ("item", "+", "plus"),
    ]


def test_items_of_one_list_share_a_container() -> None:
    document = parse_markdown("Intro.\n\n1. one\n2. two\n\n- other\n")
    one, two, other = document.blocks[1:]
    assert document.same_container(one, two)
    assert not document.same_container(two, other)
    lists = [c for c in document.containers() if c.tag == "list"]
    assert [c.attrs for c in lists] == [(("type", "ordered"),), (("type", "bulleted"),)]


def test_nested_items_are_blocks_of_their_own_in_the_outer_list() -> None:
    document = parse_markdown("1. one\n   - a\n   - b\n2. two\n")
    assert [(b.kind.value, b.label, b.text) for b in document.blocks] == [
        ("item", "1.", "one"), ("item", "-", "a"), ("item", "-", "b"), ("item", "2.", "two")]
    one, a, b, two = document.blocks
    # One list, as TEI can hold it: an item is a block, it cannot hold a list.
    assert document.same_container(one, a) and document.same_container(b, two)
    assert len([c for c in document.containers() if c.tag == "list"]) == 1


def test_an_item_is_one_block_and_nothing_is_read_twice() -> None:
    text = "- First paragraph\n  of the item.\n\n  Second paragraph.\n\n- Next item.\n"
    assert blocks(text) == [
        ("item", "-", "First paragraph of the item. Second paragraph."),
        ("item", "-", "Next item."),
    ]


def test_everything_an_item_holds_is_its_text() -> None:
    assert blocks("1. ## Heading in an item\n\n   > quoted in an item\n2. two\n") == [
        ("item", "1.", "Heading in an item quoted in an item"), ("item", "2.", "two")]


def test_text_after_a_nested_list_is_an_item_without_label() -> None:
    assert blocks("- one\n\n  - nested\n\n  after\n- two\n") == [
        ("item", "-", "one"), ("item", "-", "nested"), ("item", None, "after"), ("item", "-", "two")]


def test_an_item_without_text_of_its_own_gives_no_block() -> None:
    assert blocks("- - inner\n-\n- last\n") == [("item", "-", "inner"), ("item", "-", "last")]


# Quotations


def test_block_quotation_paragraphs_are_quotations() -> None:
    document = parse_markdown("Before.\n\n> First quoted\n> paragraph.\n>\n> Second.\n\nAfter.\n")
    assert [(b.kind.value, b.text) for b in document.blocks] == [
        ("paragraph", "Before."), ("quotation", "First quoted paragraph."),
        ("quotation", "Second."), ("paragraph", "After.")]
    # The text in a quote, as the plain-text reader has it: TEI's <cit> cannot hold bare text.
    assert [[getattr(part, "tag", part) for part in b.content]
            for b in document.blocks if b.kind is BlockKind.QUOTATION] == [["quote"], ["quote"]]


def test_inside_a_quotation_headings_are_quoted_and_items_stay_items() -> None:
    assert blocks("> ## Quoted heading\n>\n> - an item\n>\n> > nested\n") == [
        ("quotation", None, "Quoted heading"), ("item", "-", "an item"), ("quotation", None, "nested")]


# What is not text of the work


def test_code_html_blocks_and_comments_are_skipped() -> None:
    text = ("Before.\n\n```python\nprint('code')\n```\n\n    indented code\n\n"
            "<div>\nraw html\n</div>\n\n<!-- a comment -->\n\nAfter.\n")
    assert blocks(text) == [("paragraph", None, "Before."), ("paragraph", None, "After.")]
    assert "python" not in plain_text(parse_markdown(text))


def test_front_matter_is_skipped_and_lines_still_count() -> None:
    document = parse_markdown("---\ntitle: Front\nlang: fr\n---\n# Title\n\nText.\n")
    assert [(b.kind.value, b.text, b.line) for b in document.blocks] == [
        ("title", "Title", 5), ("paragraph", "Text.", 7)]


def test_a_leading_thematic_break_is_not_front_matter() -> None:
    assert blocks("---\n\nText.\n\n---\n\nMore.\n") == [
        ("paragraph", None, "Text."), ("paragraph", None, "More.")]


def test_table_cells_are_paragraphs() -> None:
    assert blocks("| Term | Meaning |\n|---|---|\n| *soviet* | council |\n|  | empty |\n") == [
        ("paragraph", None, "Term"), ("paragraph", None, "Meaning"),
        ("paragraph", None, "soviet"), ("paragraph", None, "council"), ("paragraph", None, "empty")]


@pytest.mark.parametrize("text", ["", "\n\n   \n", "\ufeff", "<!-- nothing -->\n", "```\ncode\n```\n"])
def test_nothing_to_read_gives_a_document_without_blocks(text: str) -> None:
    document = parse_markdown(text)
    assert document.blocks == () and document.metadata.title == "Untitled"


# Files, errors and the command line


def test_read_markdown_and_read_edition(tmp_path: Path) -> None:
    for name in ("essay.md", "essay.MARKDOWN"):
        path = tmp_path / name
        path.write_bytes("\ufeff# Título\n\nUn párrafo.\n".encode())
        for document in (read_markdown(path, "es"), read_edition(path, "es")):
            assert [(b.kind, b.text) for b in document.blocks] == [
                (BlockKind.TITLE, "Título"), (BlockKind.PARAGRAPH, "Un párrafo.")]
            assert document.metadata.language == "es" and document.path == str(path)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.md"
    path.write_bytes(b"")
    assert read_edition(path).blocks == ()


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file") as raised:
        read_edition(tmp_path / "absent.md")
    assert raised.value.location.path == str(tmp_path / "absent.md")


def test_not_utf8_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "latin1.md"
    path.write_bytes("# Title\n\nUn caf\u00e9.\n".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8") as raised:
        read_edition(path)
    assert (raised.value.location.line, raised.value.location.column) == (3, 7)
    assert str(raised.value).startswith(f"{path}:3:7: ")


def test_control_characters_are_refused_where_they_stand() -> None:
    with pytest.raises(InputError, match="U\\+000C") as raised:
        parse_markdown("# T\n\nab\x0ccd\n", path="x.md")
    assert (raised.value.location.line, raised.value.location.column) == (3, 3)


def test_cli_text_prints_the_blocks(tmp_path: Path) -> None:
    path = tmp_path / "essay.md"
    path.write_text("# Title\n\nSome *text*.\n\n1. one\n2. two\n\n> Quoted.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["text", str(path)], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stdout == "Title\n\nSome text.\n\n1. one\n2. two\n\nQuoted.\n"
    result = CliRunner().invoke(main, ["text", "--ids", str(path)], catch_exceptions=False)
    assert result.stdout == "0\tTitle\n1\tSome text.\n2\t1. one\n3\t2. two\n4\tQuoted.\n"


def test_cli_reports_bad_markdown_without_traceback(tmp_path: Path) -> None:
    path = tmp_path / "bad.md"
    path.write_bytes(b"Text \xff.\n")
    result = CliRunner().invoke(main, ["text", str(path)])
    assert result.exit_code == 1
    assert f"{path}:1:6: not UTF-8" in result.stderr


def encode_markdown(tmp_path: Path) -> tuple[Path, Path]:
    source, out = tmp_path / "essay.md", tmp_path / "essay.xml"
    source.write_text("# Title\n\nText.\n\n## Part\n\n1. one\n\n   more of one\n   - nested\n2. two\n\n"
                      "> Quoted.\n>\n> ## Quoted heading\n\n| a | b |\n|---|---|\n| c | d |\n",
                      encoding="utf-8")
    result = CliRunner().invoke(main, ["encode", str(source), "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return source, out


def test_cli_encode_makes_tei_from_markdown(tmp_path: Path) -> None:
    source, out = encode_markdown(tmp_path)
    assert check_file(out).problems == ()
    encoded = read_tei(out)
    assert [(b.kind, b.label, b.text) for b in encoded.blocks] == [
        (b.kind, b.label, b.text) for b in read_markdown(source).blocks]
    assert all(b.id for b in encoded.blocks)


def test_tei_encoded_from_markdown_is_valid_tei_all(tmp_path: Path, tei_all) -> None:
    assert check_file(encode_markdown(tmp_path)[1], tei_all).problems == ()


# The essay, and properties


def as_markdown(document: Document) -> str:
    """*document* written as Markdown, the way a translator might publish it: a
    section without a heading is opened by a thematic break."""
    lines: list[str] = []
    previous: Block | None = None
    openings = {s.blocks[0]: s.heading is None and s.number > 1 for s in document.sections()}
    for block in document.blocks:
        text = escape(block.text)
        if openings.get(block):
            lines += ["***", ""]
        elif block.kind is BlockKind.ITEM and previous is not None and previous.kind is BlockKind.ITEM:
            lines.pop()  # items of one list stand on consecutive lines
        if block.kind is BlockKind.TITLE:
            lines.append(f"# {text}")
        elif block.kind is BlockKind.HEADING:
            lines.append(f"## {text}")
        elif block.kind is BlockKind.ITEM:
            lines.append(f"{block.label} {text}")
        elif block.kind is BlockKind.QUOTATION:
            lines.append(f"> {text}")
        else:
            lines.append(text)
        lines.append("")
        previous = block
    return "\n".join(lines)


def test_the_essay_as_markdown_reads_as_its_tei() -> None:
    essay = read_tei(ESSAY_TEI)
    document = parse_markdown(as_markdown(essay), "en")
    assert [(b.kind, b.label, b.text) for b in document.blocks] == [
        (b.kind, b.label, b.text) for b in essay.blocks]
    assert [s.title for s in document.sections()] == [s.title for s in essay.sections()]


paragraph_text = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp"),
                  blacklist_characters="\ufeff"),  # a byte-order mark opening a file is not text
    min_size=1, max_size=40
).filter(lambda t: t.strip() == t and t != "")


@settings(max_examples=150, deadline=None)
@given(st.lists(paragraph_text, min_size=1, max_size=6))
def test_paragraphs_written_as_markdown_read_back_as_the_same_blocks(texts: list[str]) -> None:
    text = "\n\n".join(escape(t) for t in texts) + "\n"
    document = parse_markdown(text)
    assert [(b.kind, b.text) for b in document.blocks] == [
        (BlockKind.PARAGRAPH, normalize_space(t)) for t in texts]


@settings(max_examples=100, deadline=None)
@given(st.lists(paragraph_text, min_size=1, max_size=5), st.booleans())
def test_list_items_read_back_with_their_labels(texts: list[str], ordered: bool) -> None:
    labels = [f"{n}." if ordered else "-" for n in range(1, len(texts) + 1)]
    text = "".join(f"{label} {escape(t)}\n" for label, t in zip(labels, texts))
    document = parse_markdown(text)
    assert [(b.kind, b.label, b.text) for b in document.blocks] == [
        (BlockKind.ITEM, label, normalize_space(t)) for label, t in zip(labels, texts)]
