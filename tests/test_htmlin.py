"""HTML editions are read block by block, in reading order, safely, whatever their encoding."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml.html import builder as E

from conftest import ESSAY_TEI
from toolkit.cli import main
from toolkit.editionfile import read_edition
from toolkit.errors import InputError
from toolkit.htmlin import parse_html, read_html
from toolkit.model import BlockKind, Container, Document, normalize_space
from toolkit.tei import read_tei
from toolkit.tei.check import check_file


def page(body: str, head: str = "", lang: str | None = None) -> bytes:
    lang_attr = f' lang="{lang}"' if lang else ""
    return (f'<!DOCTYPE html>\n<html{lang_attr}><head><meta charset="utf-8">{head}</head>\n'
            f"<body>\n{body}\n</body></html>\n").encode()


def blocks(body: str, **kwargs: str) -> list[tuple[str, str | None, str]]:
    return [(b.kind.value, b.label, b.text) for b in parse_html(page(body, **kwargs)).blocks]


# Headings, title, metadata, sections


def test_headings_paragraphs_and_the_title() -> None:
    body = "<h1>The Title</h1><p>Intro.</p><h2>Part one</h2><p>Text.</p><h3>Sub</h3><p>More.</p>"
    assert blocks(body) == [
        ("title", None, "The Title"), ("paragraph", None, "Intro."), ("heading", None, "Part one"),
        ("paragraph", None, "Text."), ("heading", None, "Sub"), ("paragraph", None, "More.")]


def test_metadata_from_title_and_html_lang() -> None:
    document = parse_html(page("<h1>Heading One</h1><p>Texte.</p>", "<title> Le\n titre </title>", "fr"),
                          "en", "x.html")
    assert document.metadata.title == "Le titre"
    assert document.metadata.language == "fr"
    assert all(block.lang == "fr" for block in document.blocks)
    assert document.front_blocks()[0].text == "Heading One"
    assert document.path == "x.html"


def test_without_lang_or_title_the_language_argument_and_the_h1() -> None:
    document = parse_html(page("<h1>Heading One</h1><p>Text.</p>"), "de")
    assert document.metadata.language == "de" and document.metadata.title == "Heading One"
    assert {block.lang for block in document.blocks} == {"de"}


@pytest.mark.parametrize("body", [
    "<h1>One</h1><p>Text.</p><h1>Two</h1><p>Text.</p>",
    "<p>Text first.</p><h1>Heading</h1>",
])
def test_no_title_unless_natural(body: str) -> None:
    document = parse_html(page(body))
    assert document.front == () and document.metadata.title == "Untitled"


def test_headings_and_rules_open_sections() -> None:
    document = parse_html(page("<p>One.</p><h2>A</h2><p>Two.</p><hr><p>Three.</p><div><h2>B</h2></div><p>Four.</p>"))
    assert [(s.heading.text if s.heading else None, [b.text for b in s.blocks]) for s in document.sections()] == [
        (None, ["One."]), ("A", ["A", "Two."]), (None, ["Three."]), ("B", ["B", "Four."])]
    assert all(isinstance(n, Container) and n.attrs == (("type", "section"),) for n in document.body)


def test_a_heading_is_one_block_whatever_it_holds() -> None:
    assert blocks("<h2>Part <em>one</em><br><br><span>and</span> <div>more</div></h2>") == [
        ("heading", None, "Part one and more")]


# Paragraphs, inline markup, bare text


def test_inline_markup_is_text_and_whitespace_is_normalised() -> None:
    body = ('<p>Some <em>emphasis</em>, <a href="#x">a link</a>,\n   <code>code</code>, '
            "&amp; &eacute;&nbsp;&#8212; a<br>b<wbr>c <img alt=\"picture\" src=\"p.png\"> "
            "<ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp></ruby> end.</p>")
    assert blocks(body) == [("paragraph", None, "Some emphasis, a link, code, & é\u00a0— a bc 漢 end.")]


def test_bare_text_is_split_into_paragraphs_at_two_line_breaks() -> None:
    body = "<div>First line<br>same paragraph.<br><br>\n<br>Second <b>one</b>.<br><br>Third.</div>"
    assert blocks(body) == [
        ("paragraph", None, "First line same paragraph."), ("paragraph", None, "Second one."),
        ("paragraph", None, "Third.")]


def test_bare_text_around_blocks_is_read_once_in_order() -> None:
    body = "<section>Before <p>inside</p> between <div>nested <p>deep</p></div> after</section>"
    assert blocks(body) == [("paragraph", None, t) for t in
                            ("Before", "inside", "between", "nested", "deep", "after")]


# Lists


def test_list_labels_as_a_browser_prints_them() -> None:
    body = ("<ul><li>bullet</li></ul>"
            '<ol start="3"><li>three</li><li value="10">ten</li><li></li><li>twelve</li></ol>'
            '<ol reversed><li>two</li><li>one</li></ol>'
            '<ol type="a"><li>a</li><li>b</li></ol><ol type="I" start="4"><li>iv</li></ol>')
    assert blocks(body) == [
        ("item", "•", "bullet"), ("item", "3.", "three"), ("item", "10.", "ten"),
        ("item", "12.", "twelve"), ("item", "2.", "two"), ("item", "1.", "one"),
        ("item", "a.", "a"), ("item", "b.", "b"), ("item", "IV.", "iv")]


def test_nested_lists_and_item_paragraphs() -> None:
    body = ("<ol><li><p>First paragraph.</p><p>Second paragraph.</p></li>"
            "<li>Own text<ul><li>nested a</li><li>nested b</li></ul>tail text</li>"
            "<li><ul><li>only nested</li></ul></li></ol><ul>stray <li>bullet</li></ul>")
    document = parse_html(page(body))
    assert [(b.kind.value, b.label, b.text) for b in document.blocks] == [
        ("item", "1.", "First paragraph. Second paragraph."),
        ("item", "2.", "Own text"), ("item", "•", "nested a"), ("item", "•", "nested b"),
        ("item", None, "tail text"), ("item", "•", "only nested"),
        ("item", None, "stray"), ("item", "•", "bullet")]
    first, *_, only, stray, _ = document.blocks
    # One list, as TEI can hold it: an item is a block, it cannot hold a list.
    assert document.same_container(first, only) and not document.same_container(only, stray)
    lists = [c for c in document.containers() if c.tag == "list"]
    assert [c.attrs for c in lists] == [(("type", "ordered"),), (("type", "bulleted"),)]


def test_everything_an_item_holds_is_its_text() -> None:
    assert blocks("<ul><li><h3>Heading</h3><blockquote>quoted</blockquote><table><td>cell</td></table></li></ul>") == [
        ("item", "•", "Heading quoted cell")]


# Quotations, tables, definition lists, figures


def test_block_quotations() -> None:
    body = ("<blockquote>Bare quoted text.</blockquote>"
            "<blockquote><p>One.</p><p>Two.</p><h3>Quoted heading</h3><ul><li>item</li></ul></blockquote>")
    document = parse_html(page(body))
    assert [(b.kind.value, b.label, b.text) for b in document.blocks] == [
        ("quotation", None, "Bare quoted text."), ("quotation", None, "One."), ("quotation", None, "Two."),
        ("quotation", None, "Quoted heading"), ("item", "•", "item")]
    # The text in a quote, as the plain-text reader has it: TEI's <cit> cannot hold bare text.
    assert {tuple(getattr(part, "tag", part) for part in b.content)
            for b in document.blocks if b.kind is BlockKind.QUOTATION} == {("quote",)}


def test_tables_definition_lists_and_figures_are_simple_paragraphs() -> None:
    body = ("<table><caption>Caption</caption><tr><th>Term</th><td> </td><td><p>one</p><p>two</p></td></tr>"
            "<tr><td>cell <i>text</i></td></tr></table>"
            "<dl><dt>Soviet</dt><dd>Council</dd></dl>"
            '<figure><img src="x.png" alt="A photo"><figcaption>The caption</figcaption></figure>'
            "<address>Somewhere</address>")
    assert blocks(body) == [("paragraph", None, t) for t in (
        "Caption", "Term", "one", "two", "cell text", "Soviet", "Council", "The caption", "Somewhere")]


# What is not text of the work


def test_furniture_code_and_hidden_text_are_skipped() -> None:
    head = "<title>T</title><style>p { color: red }</style><script>var inHead = 1;</script>"
    body = ("<nav><ul><li>Home</li></ul></nav><div role=\"navigation\">Menu</div>"
            "<p>Text <script>document.write('no')</script>kept.</p>"
            "<template><p>template</p></template><noscript>Enable JavaScript</noscript>"
            "<pre><code class=\"language-python\">print('code')</code></pre>"
            "<svg><text>svg text</text></svg><math><mi>x</mi></math>"
            "<p hidden>hidden</p><form><button>Send</button><textarea>typed</textarea></form>"
            "<!-- a comment --><p>End.</p>")
    document = parse_html(page(body, head))
    assert [b.text for b in document.blocks] == ["Text kept.", "End."]


def test_only_main_is_read_when_the_page_marks_it() -> None:
    body = ("<header><p>Site name</p></header><aside>Sidebar</aside>"
            "<main><header><h1>Essay</h1></header><p>Text.</p><footer>Notes of the essay</footer></main>"
            "<footer>Copyright</footer>")
    assert blocks(body) == [("title", None, "Essay"), ("paragraph", None, "Text."),
                            ("paragraph", None, "Notes of the essay")]
    assert blocks('<p>Furniture</p><div role="main"><p>Work.</p></div>') == [("paragraph", None, "Work.")]


def test_else_the_articles_are_read() -> None:
    body = ("<header>Site</header><article><header><h2>Post</h2></header><p>One.</p></article>"
            "<div>Between</div><article><p>Two.</p></article>")
    assert blocks(body) == [("heading", None, "Post"), ("paragraph", None, "One."), ("paragraph", None, "Two.")]


def test_else_the_whole_body_header_and_footer_included() -> None:
    body = ('<header id="title-block-header"><h1 class="title">Title</h1><p class="author">Author</p></header>'
            "<nav>Contents</nav><p>Text.</p><footer>Footer</footer>")
    assert blocks(body) == [("title", None, "Title"), ("paragraph", None, "Author"),
                            ("paragraph", None, "Text."), ("paragraph", None, "Footer")]


# Languages and lines


def test_block_language_is_that_of_the_nearest_lang() -> None:
    body = ('<p>English.</p><div lang="ru"><p>Русский.</p><p lang="">Unknown.</p></div>'
            '<p>With a <span lang="fr">mot</span> inside.</p><p xml:lang="de">Deutsch.</p>')
    document = parse_html(page(body, lang="en"))
    assert [(b.text, b.lang) for b in document.blocks] == [
        ("English.", "en"), ("Русский.", "ru"), ("Unknown.", "und"),
        ("With a mot inside.", "en"), ("Deutsch.", "de")]


def test_lines_are_where_the_text_starts() -> None:
    data = b"<html><body>\n<h1>Title</h1>\n<p>One\ntwo</p>\n<div>\n  bare\n<p>p</p>\n  after <b>x</b>\n</div>\n<ul>\n<li>item</li>\n</ul>"
    document = parse_html(data)
    assert [(b.text, b.line) for b in document.blocks] == [
        ("Title", 2), ("One two", 3), ("bare", 6), ("p", 7), ("after x", 8), ("item", 11)]


# Encodings


def test_declared_windows_1252_is_read(tmp_path: Path) -> None:
    path = tmp_path / "cp1252.html"
    path.write_bytes('<html><head><meta charset="windows-1252"><title>Café</title></head>'
                     "<body><p>“Quoted” café – 5 €</p></body></html>".encode("cp1252"))
    document = read_edition(path)
    assert document.metadata.title == "Café"
    assert [b.text for b in document.blocks] == ["“Quoted” café – 5 €"]


@pytest.mark.parametrize("declaration", [
    '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">',  # read as windows-1252
    "<meta charset='ascii'>",
    '<META HTTP-EQUIV="content-type" CONTENT="text/html;charset=&quot;windows-1252&quot;">',
])
def test_other_declarations_of_windows_1252(declaration: str) -> None:
    data = f"<html><head>{declaration}</head><body><p>“Quoted” café</p></body></html>".encode("cp1252")
    assert [b.text for b in parse_html(data).blocks] == ["“Quoted” café"]


def test_xml_declaration_of_xhtml_is_honoured() -> None:
    data = ('<?xml version="1.0" encoding="ISO-8859-15"?>\n'
            '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>Prix : 5 €</p></body></html>').encode("iso-8859-15")
    assert [b.text for b in parse_html(data).blocks] == ["Prix : 5 €"]


@pytest.mark.parametrize("bom, encoding", [(b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"),
                                           (b"\xfe\xff", "utf-16-be")])
def test_a_byte_order_mark_wins(bom: bytes, encoding: str) -> None:
    data = bom + '<meta charset="windows-1252"><p>Ünïcödé</p>'.encode(encoding)
    assert [b.text for b in parse_html(data).blocks] == ["Ünïcödé"]


def test_undeclared_and_not_utf8_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "latin1.html"
    path.write_bytes("<html><body>\n<p>Un caf\u00e9.</p>\n</body></html>".encode("latin-1"))
    with pytest.raises(InputError) as raised:
        read_edition(path)
    message = str(raised.value)
    assert message.startswith(f"{path}:2:10: not UTF-8: byte 0xe9")
    assert "declare the charset" in message and "convert" in message


def test_declared_charset_that_does_not_fit(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not utf-8 as declared") as raised:
        parse_html(b'<meta charset="utf-8">\n<p>ok</p>\n<p>bad \xff</p>', path="x.html")
    assert (raised.value.location.line, raised.value.location.column) == (3, 8)


def test_unknown_charset() -> None:
    with pytest.raises(InputError, match="unknown charset 'klingon'") as raised:
        parse_html(b'<html><head>\n<meta charset="klingon"></head><p>x</p></html>', path="x.html")
    assert raised.value.location.line == 2


def test_control_characters_are_refused() -> None:
    with pytest.raises(InputError, match="U\\+0001") as raised:
        parse_html(b"<p>\nab\x01</p>", path="x.html")
    assert (raised.value.location.line, raised.value.location.column) == (2, 3)


@pytest.mark.parametrize("data", [b"", b"  \n", b"<!-- nothing -->", b"<?pi nothing?>",
                                  b"<html><head><title>T</title></head><body></body></html>"])
def test_nothing_to_read_gives_a_document_without_blocks(data: bytes) -> None:
    assert parse_html(data).blocks == ()


def test_empty_and_missing_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    assert read_html(empty).blocks == () and read_edition(empty).blocks == ()
    with pytest.raises(InputError, match="no such file"):
        read_edition(tmp_path / "absent.html")


# Hostile pages


def test_nothing_is_fetched_and_no_entity_is_expanded(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET", encoding="utf-8")
    dtd = tmp_path / "evil.dtd"
    dtd.write_text(f'<!ENTITY leak SYSTEM "{secret.as_uri()}">', encoding="utf-8")
    for data in (
        f'<!DOCTYPE html SYSTEM "{dtd.as_uri()}"><html><body><p>a &leak; b</p></body></html>',
        f'<!DOCTYPE html [<!ENTITY leak SYSTEM "{secret.as_uri()}">]><p>a &leak; b</p>',
        '<!DOCTYPE html [<!ENTITY a "AAAAAAAAAA"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><p>&c; &amp;</p>',
        f'<?xml version="1.0"?><!DOCTYPE html SYSTEM "{dtd.as_uri()}">'
        '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>a &leak; b</p></body></html>',
        f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY leak SYSTEM "{secret.as_uri()}">]>'
        '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>a &leak; b</p></body></html>',
        '<!DOCTYPE html SYSTEM "http://example.invalid/never.dtd"><p>x</p>',
    ):
        text = " ".join(b.text for b in parse_html(data.encode()).blocks)
        assert "SECRET" not in text and "AAAA" not in text


def test_script_text_is_never_a_block() -> None:
    body = ("<script>alert('a')</script><p>One<script>alert('b')</script></p>"
            "<div><script type=\"text/template\"><p>alert('c')</p></script></div>"
            "<p onclick=\"alert('d')\">Two</p><iframe srcdoc=\"<p>alert('e')</p>\"></iframe>")
    document = parse_html(page(body))
    assert [b.text for b in document.blocks] == ["One", "Two"]


# XHTML


XHTML = ('<?xml version="1.0" encoding="UTF-8"?>\n'
         '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
         '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n'
         '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="de" lang="de">\n'
         "<head><title>Titel</title><script src=\"x.js\"/></head>\n"
         "<body><h1>Titel</h1><p>Stra&szlig;e&nbsp;1 &amp; &unknown;</p><a id=\"x\"/><p>Ende.</p></body>\n"
         "</html>\n")


@pytest.mark.parametrize("name", ["page.xhtml", "page.xml", "page.html", "page"])
def test_xhtml_is_read_as_html_whatever_its_name(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(XHTML, encoding="utf-8")
    document = read_edition(path, "en")
    assert document.metadata.language == "de" and document.metadata.title == "Titel"
    assert [(b.kind.value, b.text, b.lang, b.line) for b in document.blocks] == [
        ("title", "Titel", "de", 5), ("paragraph", "Straße\u00a01 & &unknown;", "de", 5),
        ("paragraph", "Ende.", "de", 5)]


def test_html_is_recognised_by_its_start(tmp_path: Path) -> None:
    path = tmp_path / "page"
    path.write_bytes(b"<!DOCTYPE html>\n<p>Sniffed.</p>")
    assert [b.text for b in read_edition(path).blocks] == ["Sniffed."]


# The command line


def test_cli_text_prints_the_blocks(tmp_path: Path) -> None:
    path = tmp_path / "essay.html"
    path.write_bytes(page("<h1>Title</h1><p>Some <em>text</em>.</p><ol><li>one</li><li>two</li></ol>"
                          "<blockquote><p>Quoted.</p></blockquote>"))
    result = CliRunner().invoke(main, ["text", str(path)], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stdout == "Title\n\nSome text.\n\n1. one\n2. two\n\nQuoted.\n"
    result = CliRunner().invoke(main, ["text", "--ids", str(path)], catch_exceptions=False)
    assert result.stdout == "0\tTitle\n1\tSome text.\n2\t1. one\n3\t2. two\n4\tQuoted.\n"


def test_cli_reports_bad_html_without_traceback(tmp_path: Path) -> None:
    path = tmp_path / "bad.htm"
    path.write_bytes(b"<p>caf\xe9</p>")
    result = CliRunner().invoke(main, ["text", str(path)])
    assert result.exit_code == 1
    assert f"{path}:1:7: not UTF-8" in result.stderr


def encode_html(tmp_path: Path) -> tuple[Path, Path]:
    source, out = tmp_path / "essay.html", tmp_path / "essay.xml"
    source.write_bytes(page("<h1>Title</h1><div>Bare text.<br><br>More.</div><h2>Part</h2>"
                            "<ol><li><p>one</p><p>more</p><ul><li>nested</li></ul></li><li>two</li></ol>"
                            "<blockquote><h3>Quoted heading</h3><p>Quoted.</p></blockquote>"
                            "<table><tr><td>a</td><td>b</td></tr></table><dl><dt>t</dt><dd>d</dd></dl>",
                            lang="es"))
    result = CliRunner().invoke(main, ["encode", str(source), "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return source, out


def test_cli_encode_makes_tei_from_html(tmp_path: Path) -> None:
    source, out = encode_html(tmp_path)
    assert check_file(out).problems == ()
    encoded = read_tei(out)
    assert [(b.kind, b.label, b.text) for b in encoded.blocks] == [
        (b.kind, b.label, b.text) for b in read_html(source).blocks]


def test_tei_encoded_from_html_is_valid_tei_all(tmp_path: Path, tei_all) -> None:
    assert check_file(encode_html(tmp_path)[1], tei_all).problems == ()


# The essay, and properties


def as_html(document: Document) -> bytes:
    """*document* as an HTML page, the way a translator might publish it."""
    body: list[lxml.html.HtmlElement] = []
    items: lxml.html.HtmlElement | None = None
    for block in document.blocks:
        if block.kind is BlockKind.ITEM:
            if items is None:
                items = E.OL()
                body.append(items)
            items.append(E.LI(block.text))
            continue
        items = None
        if block.kind is BlockKind.TITLE:
            body.append(E.H1(block.text))
        elif block.kind is BlockKind.HEADING:
            body.append(E.H2(block.text))
        elif block.kind is BlockKind.QUOTATION:
            body.append(E.BLOCKQUOTE(E.P(block.text)))
        else:
            body.append(E.P(block.text))
    page = E.HTML(E.HEAD(E.META(charset="utf-8"), E.TITLE(document.metadata.title)), E.BODY(*body))
    page.set("lang", document.metadata.language)
    return bytes(lxml.html.tostring(page, doctype="<!DOCTYPE html>", encoding="utf-8"))


def test_the_essay_as_html_reads_as_its_tei() -> None:
    essay = read_tei(ESSAY_TEI)
    document = parse_html(as_html(essay))
    # The essay's items are labelled "1)"; a browser prints an <ol>'s numbers "1.".
    assert [(b.kind, b.label and b.label.replace(".", ")"), b.text) for b in document.blocks] == [
        (b.kind, b.label, b.text) for b in essay.blocks]
    assert document.metadata.title == essay.metadata.title
    assert document.metadata.language == essay.metadata.language


paragraph_text = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn"), blacklist_characters="\ufeff"),
    min_size=1, max_size=40,
).filter(lambda t: normalize_space(t) != "")


@settings(max_examples=150, deadline=None)
@given(st.lists(paragraph_text, min_size=1, max_size=6))
def test_paragraphs_written_as_html_read_back_as_the_same_blocks(texts: list[str]) -> None:
    data = lxml.html.tostring(E.HTML(E.BODY(*(E.P(t) for t in texts))), encoding="utf-8")
    assert [(b.kind, b.text) for b in parse_html(bytes(data)).blocks] == [
        (BlockKind.PARAGRAPH, normalize_space(t)) for t in texts]
