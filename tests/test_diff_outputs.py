"""The comparison of editions as a standalone HTML page and as a TEI critical apparatus.

The page is parsed (lxml.html for its structure, html.parser for the start tags
exactly as written), never matched as strings where structure matters; the
apparatus is validated against the official tei_all schema and read back.
"""

from __future__ import annotations

import copy
import os
import random
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner
from lxml import etree

from conftest import ESSAY_TEI, REPO, shared_file
from constructed import (
    KEPT,
    EDITED_OLD,
    EDITED_NEW,
    MOVED,
    DELETED,
    SPLIT_FIRST,
    SPLIT_SECOND,
    KEPT_2,
    ADDED,
    KEPT_3,
    OLD_BLOCKS,
    NEW_BLOCKS,
)
from revisions import revise
from toolkit.cli import main
from toolkit.diff import EditionDiff, block_names, diff_editions
from toolkit.editionfile import read_edition
from toolkit.model import Block, BlockKind, Container, Document, with_sections
from toolkit.pages import diff_html
from toolkit.plaintext import parse_plain_text
from toolkit.tei.apparatus import apparatus_bytes, witness_ids

T = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

OLD_IDS = ["e-1", "e-2", "e-3", "e-4", "e-5", "e-6", "e-7", "e-8", "e-9"]
NEW_IDS = ["e-1", "e-2", "e-5", "e-10", "e-6", "e-8", "e-11", "e-9", "e-3"]
OPS = ("same", "changed", "moved", "split", "merged", "added", "deleted")

HOSTILE = [
    "<script>alert(1)</script>",
    "Look: <img src=x onerror=alert(1)> here.",
    'Quoted " onmouseover="x" and \' onfocus=\'y\' too.',
    "Entities &amp; &lt;b&gt; &#60;script&#62; stay text.",
    "</td></tr></table><script>alert(2)</script><a href=javascript:alert(3)>x</a>",
]


def plain(blocks: list[str], language: str = "en") -> Document:
    """An edition received as plain text: the blocks separated by blank lines."""
    return parse_plain_text("\n\n".join(blocks) + "\n", language)


def identified(blocks: list[str], ids: list[str]) -> Document:
    """An edition with an ID on every block, all in one division."""
    paragraphs = tuple(Block(BlockKind.PARAGRAPH, (text,), id=block_id) for block_id, text in zip(ids, blocks))
    return Document(body=with_sections((Container("div", paragraphs, id="s1"),)))


@pytest.fixture(scope="module")
def pair() -> tuple[Document, Document, EditionDiff]:
    first, second = plain(OLD_BLOCKS), plain(NEW_BLOCKS)
    diff = diff_editions(first, second, witnesses=("old.txt", "new.txt"))
    assert [entry.op for entry in diff.blocks].count("same") == 3, diff
    assert {entry.op for entry in diff.blocks} == set(OPS)
    return first, second, diff


@pytest.fixture(scope="module")
def pair_with_ids() -> EditionDiff:
    diff = diff_editions(identified(OLD_BLOCKS, OLD_IDS), identified(NEW_BLOCKS, NEW_IDS))
    assert {entry.op for entry in diff.blocks} == set(OPS)
    return diff


@pytest.fixture(scope="module")
def frankenstein() -> tuple[Document, Document, EditionDiff]:
    old = read_edition(shared_file("variants", "frankenstein", "frankenstein_1818_full.xml"))
    new = read_edition(shared_file("variants", "frankenstein", "frankenstein_1831_full.xml"))
    return old, new, diff_editions(old, new, witnesses=("1818", "1831"))


@pytest.fixture(scope="module")
def revised_essay(essay: Document) -> tuple[Document, EditionDiff]:
    plan: list[str | None] = [None] * 89
    plan[4], plan[12], plan[30], plan[45], plan[60], plan[70] = (
        "heavy-edit", "move", "split", "merge", "delete", "insert")
    revision = revise(essay, plan, random.Random(7))
    second = parse_plain_text(revision.text(), "en")
    return second, diff_editions(essay, second, witnesses=("revolution-betrayed.xml", "revised.txt"))


def run(*args: str) -> tuple[int, bytes, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout_bytes, result.stderr


# HTML helpers ================================================================


class StartTags(HTMLParser):
    """Every start tag as written in the page, with its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def start_tags(page: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = StartTags()
    parser.feed(page)
    parser.close()
    return parser.tags


def parse_page(page: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(page)


def visible(element: lxml.html.HtmlElement) -> str:
    """The text of *element* as a sighted reader sees it: without the screen reader's words."""
    element = copy.deepcopy(element)
    for hidden in element.xpath('.//span[@class="sr"]'):
        hidden.drop_tree()
    return element.text_content()


def rows(doc: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    return doc.xpath('//table[@class="editions"]/tbody/tr')


def check_safe(page: str) -> None:
    """No script, no event handler, no image, no link out of the page, no javascript: URL."""
    for tag, attributes in start_tags(page):
        assert tag not in ("script", "img", "iframe", "object", "embed", "link"), (tag, attributes)
        for name, value in attributes.items():
            assert not name.startswith("on"), (tag, attributes)
            if name in ("href", "src"):
                assert value is not None and value.startswith("#"), (tag, attributes)
    doc = parse_page(page)
    assert doc.xpath("//script | //img | //iframe") == []
    assert doc.xpath("//@*[starts-with(name(), 'on')]") == []


def entry_rows(doc: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    return [row for row in rows(doc) if "marker" not in row.get("class", "").split()]


# 1. The HTML page ============================================================


def test_page_is_standalone(pair) -> None:
    page = diff_html(pair[2], ("en", "en"))
    tags = start_tags(page)
    names = [tag for tag, _ in tags]
    assert page.startswith("<!DOCTYPE html>")
    html = [attributes for tag, attributes in tags if tag == "html"]
    assert len(html) == 1 and html[0].get("lang")
    metas = [attributes for tag, attributes in tags if tag == "meta"]
    assert any((meta.get("charset") or "").lower() == "utf-8" for meta in metas)
    assert any(meta.get("name") == "viewport" and "width=device-width" in (meta.get("content") or "")
               for meta in metas)
    assert names.count("style") == 1
    assert "script" not in names and "link" not in names
    for _, attributes in tags:
        for name in ("src", "href"):
            value = attributes.get(name)
            if value is not None:
                assert not value.startswith(("http:", "https:", "//")), attributes
    style = parse_page(page).xpath("//style")[0].text
    assert "@import" not in style and "url(" not in style
    check_safe(page)


def test_css_turns_rows_into_blocks_on_narrow_screens(pair) -> None:
    style = parse_page(diff_html(pair[2])).xpath("//style")[0].text
    media = re.search(r"@media[^{]*max-width[^{]*\{(.*?)\n\}", style, re.S)
    assert media is not None
    assert re.search(r"\btr\b[^{]*\{[^}]*display:\s*block", media.group(1))


def test_summary_counts_are_the_diffs(pair) -> None:
    diff = pair[2]
    doc = parse_page(diff_html(diff))
    counts = [int(cell.text_content()) for cell in doc.xpath('//table[@class="summary"]//tr/td')]
    assert counts == list(diff.summary().values())
    assert len(doc.xpath('//table[@class="summary"]//tr/th')) == len(OPS)
    heading = doc.xpath('//nav/h2')[0].text_content()
    assert f"({sum(1 for entry in diff.blocks if entry.op != 'same')})" in heading


@pytest.mark.parametrize("which", ["plain", "ids"])
def test_list_of_differences_links_to_existing_rows(which, pair, pair_with_ids) -> None:
    diff = pair[2] if which == "plain" else pair_with_ids
    doc = parse_page(diff_html(diff))
    row_ids = {row.get("id") for row in rows(doc)}
    links = [a.get("href") for a in doc.xpath("//nav//a")]
    assert len(links) == sum(1 for entry in diff.blocks if entry.op != "same")
    assert all(link.startswith("#") and link[1:] in row_ids for link in links), (links, row_ids)
    assert len(set(links)) == len(links)
    # Each link leads to the row of an entry that differs, in reading order.
    linked = [doc.get_element_by_id(link[1:]) for link in links]
    assert [row.get("class") for row in linked] == [f"op-{e.op}" for e in diff.blocks if e.op != "same"]


@pytest.mark.parametrize("which", ["plain", "ids"])
def test_every_id_and_link_on_the_page(which, pair, pair_with_ids) -> None:
    diff = pair[2] if which == "plain" else pair_with_ids
    doc = parse_page(diff_html(diff))
    ids = doc.xpath("//@id")
    assert len(ids) == len(set(ids)), ids
    for href in doc.xpath("//a/@href"):
        assert href.startswith("#") and href[1:] in ids, href
    # One row per entry and one marker per moved entry.
    assert len(entry_rows(doc)) == len(diff.blocks)
    assert len(rows(doc)) == len(diff.blocks) + diff.summary()["moved"]


def test_row_ids_come_from_the_block_ids(pair_with_ids) -> None:
    diff = pair_with_ids
    doc = parse_page(diff_html(diff))
    expected = [entry.b[0] if entry.b else entry.a[0] for entry in diff.blocks]
    assert [row.get("id") for row in entry_rows(doc)] == expected
    markers = [row.get("id") for row in rows(doc) if row.get("class") == "marker"]
    assert markers == ["from-e-3"]


def test_row_ids_of_editions_without_ids_name_the_side_and_position(pair) -> None:
    diff = pair[2]
    doc = parse_page(diff_html(diff))
    expected = [f"b-{entry.b[0]}" if entry.b else f"a-{entry.a[0]}" for entry in diff.blocks]
    assert [row.get("id") for row in entry_rows(doc)] == expected


def test_page_is_byte_identical_across_runs(pair_with_ids) -> None:
    again = diff_editions(identified(OLD_BLOCKS, OLD_IDS), identified(NEW_BLOCKS, NEW_IDS))
    assert again == pair_with_ids
    assert diff_html(again, ("en", "fr")).encode() == diff_html(pair_with_ids, ("en", "fr")).encode()


def test_changed_words_are_marked_with_del_and_ins(pair) -> None:
    diff = pair[2]
    doc = parse_page(diff_html(diff, ("en", "en-GB")))
    changed = doc.get_element_by_id("b-1")
    assert changed.get("class") == "op-changed"
    first, second = changed.xpath("./td")
    assert [visible(d) for d in first.xpath(".//del")] == ["60"]
    assert first.xpath(".//ins") == []
    assert [visible(i) for i in second.xpath(".//ins")] == ["70"]
    assert second.xpath(".//del") == []
    for marked, word in ((first.xpath(".//del")[0], "deleted:"), (second.xpath(".//ins")[0], "inserted:")):
        hidden = marked.xpath('./span[@class="sr"]')
        assert hidden and word in hidden[0].text_content()
    assert visible(first) == EDITED_OLD
    assert visible(second) == EDITED_NEW


def test_cells_show_both_editions_and_carry_their_languages(pair) -> None:
    first_doc, second_doc, diff = pair
    doc = parse_page(diff_html(diff, ("en", "de-CH")))
    old_text = dict(zip(block_names(first_doc), (block.text for block in first_doc.blocks)))
    new_text = dict(zip(block_names(second_doc), (block.text for block in second_doc.blocks)))
    body_rows = entry_rows(doc)
    for entry, row in zip(diff.blocks, body_rows):
        assert row.get("class") == f"op-{entry.op}"
        first, second = row.xpath("./td")
        assert (first.get("lang"), second.get("lang")) == ("en", "de-CH")
        if entry.a:
            assert visible(first) == " ".join(old_text[name] for name in entry.a)
        else:
            assert first.xpath('./span[@class="none"]') and not first.xpath(".//del")
        if entry.b:
            assert visible(second) == " ".join(new_text[name] for name in entry.b)
        else:
            assert second.xpath('./span[@class="none"]') and not second.xpath(".//ins")
    added = doc.xpath('//tr[@class="op-added"]/td')[1]
    assert [visible(i) for i in added.xpath(".//ins")] == [ADDED]
    deleted = doc.xpath('//tr[@class="op-deleted"]/td')[0]
    assert [visible(d) for d in deleted.xpath(".//del")] == [DELETED]


def _marker_check(diff: EditionDiff) -> None:
    """Each moved entry's row links to a marker row standing where the block stood in the
    first edition (right after its predecessor there, as that predecessor stood there too),
    and the marker links back."""
    doc = parse_page(diff_html(diff))
    all_rows = rows(doc)
    entries = dict(zip((row.get("id") for row in entry_rows(doc)), diff.blocks))
    moved = [(anchor, entry) for anchor, entry in entries.items() if entry.op == "moved"]
    assert moved
    for anchor, entry in moved:
        row = doc.get_element_by_id(anchor)
        back = [a.get("href") for a in row.xpath("./th//a")]
        assert f"#from-{anchor}" in back
        marker = doc.get_element_by_id(f"from-{anchor}")
        assert marker.get("class") == "marker"
        assert [a.get("href") for a in marker.xpath(".//a")] == [f"#{anchor}"]
        position = all_rows.index(marker)
        if entry.after_a is None:
            assert position == 0 or all(r.get("class") == "marker" for r in all_rows[:position])
            continue
        before = all_rows[position - 1]
        if before.get("class") == "marker":
            stood = entries[before.xpath(".//a")[0].get("href")[1:]]
        else:
            stood = entries[before.get("id")]
            # A moved block's own row is where it is now, not where it stood.
            assert stood.op != "moved", (anchor, before.get("id"))
        assert entry.after_a in stood.a, (anchor, entry.after_a, before.get("id"))


def test_moved_block_has_a_marker_where_it_stood(pair, pair_with_ids) -> None:
    _marker_check(pair[2])
    _marker_check(pair_with_ids)
    doc = parse_page(diff_html(pair[2]))
    ids = [row.get("id") for row in rows(doc)]
    # MOVED stood after the edited block (b-1) in the first edition.
    assert ids[ids.index("b-1") + 1] == "from-b-8"


def test_block_moved_from_the_start_has_its_marker_first() -> None:
    blocks = [MOVED, KEPT, KEPT_2, KEPT_3, ADDED]
    diff = diff_editions(plain(blocks), plain(blocks[1:] + blocks[:1]))
    assert [entry.op for entry in diff.blocks] == ["same"] * 4 + ["moved"]
    _marker_check(diff)
    assert rows(parse_page(diff_html(diff)))[0].get("id") == "from-b-4"


# Found while writing these tests: see the report.
CHAIN = ["Alpha ships sail north tonight.", "Bravo cooks bake bread daily.", "Charlie miners dig deep tunnels.",
         "Delta farmers plant winter wheat.", "Echo singers practise old hymns.", "Foxtrot sailors mend torn nets.",
         "Golf pilots fly small planes.", "Hotel clerks file tax forms."]


def test_blocks_moved_together_have_markers_where_they_stood() -> None:
    diff = diff_editions(plain(CHAIN), plain([CHAIN[0], *CHAIN[3:], CHAIN[1], CHAIN[2]]))
    assert [(entry.op, entry.a) for entry in diff.blocks][-2:] == [("moved", ("1",)), ("moved", ("2",))]
    _marker_check(diff)


def test_block_ids_never_clash_with_the_pages_own_ids() -> None:
    ids_old = ["summary-title", "p-2", "from-p-2", "p-4"]
    ids_new = ["summary-title", "from-p-2", "p-4", "p-2"]
    old = [KEPT, MOVED, KEPT_2, KEPT_3]
    new = [KEPT, KEPT_2, KEPT_3, MOVED]
    diff = diff_editions(identified(old, ids_old), identified(new, ids_new))
    assert [entry.op for entry in diff.blocks] == ["same", "same", "same", "moved"]
    ids = parse_page(diff_html(diff)).xpath("//@id")
    assert len(ids) == len(set(ids)), ids


def test_hostile_text_is_shown_never_run() -> None:
    old = [*HOSTILE, KEPT, "Gone <b onclick=alert(4)>bold</b> &nbsp; block for good."]
    new = [HOSTILE[0], HOSTILE[1].replace("here", "<svg onload=alert(5)>"), *HOSTILE[2:], KEPT,
           "Added <iframe src=//evil.example></iframe> at last &copy;."]
    first, second = plain(old), plain(new)
    witnesses = ("<script>alert(6)</script>.txt", '" onmouseover="x &amp; <img src=y onerror=z>.txt')
    diff = diff_editions(first, second, witnesses=witnesses)
    assert {entry.op for entry in diff.blocks} >= {"same", "changed", "added", "deleted"}
    page = diff_html(diff, ('en" onclick="x', "<b>"), title="<script>alert(7)</script>")
    check_safe(page)
    doc = parse_page(page)
    assert doc.xpath("//title")[0].text_content() == "<script>alert(7)</script>"
    assert [s.text_content() for s in doc.xpath('//p[@class="witnesses"]/strong')] == list(witnesses)
    assert [th.text_content() for th in doc.xpath('//table[@class="editions"]/thead//th')][1:] == list(witnesses)
    cells = [visible(cell) for cell in doc.xpath('//table[@class="editions"]/tbody/tr/td')]
    for block in [*first.blocks, *second.blocks]:
        assert block.text in cells, block.text
    for row in entry_rows(doc):
        first_cell, second_cell = row.xpath("./td")
        # Hostile language tags are not languages: they become "und", inside the attribute.
        assert (first_cell.get("lang"), second_cell.get("lang")) == ("und", "und")
        assert (first_cell.get("data-label"), second_cell.get("data-label")) == witnesses


def test_hostile_file_names_through_the_cli(tmp_path: Path, tei_all) -> None:
    names = ["<img src=x onerror=alert(1)>.txt", '" onmouseover="x &amp; y.txt']
    try:
        paths = [tmp_path / name for name in names]
        paths[0].write_text(f"{HOSTILE[0]}\n\n{HOSTILE[1]}\n\n{KEPT}\n", encoding="utf-8")
        paths[1].write_text(f"{HOSTILE[0]}\n\n{HOSTILE[3]}\n\n{KEPT}\n", encoding="utf-8")
    except OSError:
        pytest.skip("the file system does not allow these names")
    code, out, _ = run("diff", str(paths[0]), str(paths[1]), "--format", "html")
    assert code == 0
    page = out.decode("utf-8")
    check_safe(page)
    doc = parse_page(page)
    assert [s.text_content() for s in doc.xpath('//p[@class="witnesses"]/strong')] == names
    cells = [visible(cell) for cell in doc.xpath('//table[@class="editions"]/tbody/tr/td')]
    assert HOSTILE[0] in cells and HOSTILE[1] in cells and HOSTILE[3] in cells
    # The apparatus of the same files: well-formed, valid, the names and texts kept as text.
    code, out, _ = run("diff", str(paths[0]), str(paths[1]), "--format", "tei")
    assert code == 0
    tree = etree.ElementTree(etree.fromstring(out))
    assert tei_all.problems(tree, "hostile.xml") == []
    witnesses = tree.findall(f".//{T}listWit/{T}witness")
    assert [w.text.split(": ")[0] for w in witnesses] == names
    texts = ["".join(ab.itertext()) for ab in tree.iter(f"{T}ab")]
    assert HOSTILE[0] in texts


def test_cli_html_to_standard_output(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("\n\n".join(OLD_BLOCKS) + "\n", encoding="utf-8")
    b.write_text("\n\n".join(NEW_BLOCKS) + "\n", encoding="utf-8")
    code, out, _ = run("diff", str(a), str(b), "--format", "html", "--lang", "fr")
    assert code == 0
    page = out.decode("utf-8")
    expected = diff_html(diff_editions(plain(OLD_BLOCKS, "fr"), plain(NEW_BLOCKS, "fr"),
                                       witnesses=("a.txt", "b.txt")), ("fr", "fr"))
    assert page == expected
    doc = parse_page(page)
    assert {cell.get("lang") for row in entry_rows(doc) for cell in row.xpath("./td")} == {"fr"}
    out_file = tmp_path / "page.html"
    code, out, _ = run("diff", str(a), str(b), "--format", "html", "-o", str(out_file))
    assert code == 0 and out == b""
    assert out_file.read_text(encoding="utf-8") == page.replace('lang="fr"', 'lang="en"')


def test_frankenstein_page(frankenstein) -> None:
    _, _, diff = frankenstein
    doc = parse_page(diff_html(diff, ("en", "en")))
    ids = doc.xpath("//@id")
    assert len(ids) == len(set(ids))
    assert all(href[1:] in ids for href in doc.xpath("//a/@href"))
    assert len(entry_rows(doc)) == len(diff.blocks)
    assert len(doc.xpath("//nav//a")) == sum(1 for entry in diff.blocks if entry.op != "same")
    counts = [int(cell.text_content()) for cell in doc.xpath('//table[@class="summary"]//tr/td')]
    assert counts == list(diff.summary().values())


# 2. The TEI apparatus ========================================================


def tree_of(data: bytes) -> etree._ElementTree:
    return etree.ElementTree(etree.fromstring(data))


def reading(ab: etree._Element, which: str) -> str:
    """The text of *ab* with the readings of one witness: ``lem`` (the first) or ``rdg``."""
    parts = [ab.text or ""]
    for app in ab:
        assert app.tag == f"{T}app"
        assert [child.tag for child in app] == [f"{T}lem", f"{T}rdg"]
        chosen = app.find(f"{T}{which}")
        assert len(chosen) == 0
        parts.append(chosen.text or "")
        parts.append(app.tail or "")
    return "".join(parts)


def check_apparatus(tree: etree._ElementTree, diff: EditionDiff, first: Document, second: Document) -> None:
    """Structure, witnesses, and readings: each ab rebuilds both editions' texts."""
    root = tree.getroot()
    assert root.tag == f"{T}TEI"
    encoding = root.findall(f"{T}teiHeader/{T}encodingDesc/{T}variantEncoding")
    assert len(encoding) == 1 and encoding[0].get("method") == "parallel-segmentation"
    witnesses = root.findall(f"{T}teiHeader/{T}fileDesc/{T}sourceDesc/{T}listWit/{T}witness")
    ids = [w.get(XML_ID) for w in witnesses]
    assert len(ids) == 2 and all(ids) and ids[0] != ids[1]
    assert ids == witness_ids(diff.witnesses)
    for lem in root.iter(f"{T}lem"):
        assert lem.get("wit") == f"#{ids[0]}"
    for rdg in root.iter(f"{T}rdg"):
        assert rdg.get("wit") == f"#{ids[1]}"
    abs_ = list(root.iter(f"{T}ab"))
    assert len(abs_) == len(diff.blocks)
    old_text = dict(zip(block_names(first), (block.text for block in first.blocks)))
    new_text = dict(zip(block_names(second), (block.text for block in second.blocks)))
    for entry, ab in zip(diff.blocks, abs_):
        assert ab.get("type") == entry.op
        assert ab.get("n") == " ".join([*(f"A:{n}" for n in entry.a), *(f"B:{n}" for n in entry.b)])
        assert reading(ab, "lem") == " ".join(old_text[name] for name in entry.a)
        assert reading(ab, "rdg") == " ".join(new_text[name] for name in entry.b)
        apps = ab.findall(f"{T}app")
        # One app per run of differences; a moved, split or merged block may have some too.
        runs = sum(1 for k, piece in enumerate(entry.pieces)
                   if piece.op != "equal" and (k == 0 or entry.pieces[k - 1].op == "equal"))
        assert len(apps) == runs
        if entry.op == "same":
            assert apps == []
        if entry.op == "changed":
            assert apps
        if entry.op in ("added", "deleted"):
            assert len(apps) == 1 and not ab.text and not apps[0].tail
            lem, rdg = apps[0]
            whole = (rdg if entry.op == "added" else lem).text or ""
            empty = lem if entry.op == "added" else rdg
            assert empty.text is None and len(empty) == 0
            assert whole == (new_text[entry.b[0]] if entry.op == "added" else old_text[entry.a[0]])


def test_constructed_apparatus_is_valid_tei_and_reads_right(pair, tei_all) -> None:
    first, second, diff = pair
    data = apparatus_bytes(diff)
    tree = tree_of(data)
    assert tei_all.problems(tree, "constructed.xml") == []
    check_apparatus(tree, diff, first, second)


def test_constructed_apparatus_readings_in_detail(pair) -> None:
    diff = pair[2]
    root = tree_of(apparatus_bytes(diff)).getroot()
    by_type = {ab.get("type"): ab for ab in root.iter(f"{T}ab")}
    changed = by_type["changed"]
    assert [(app[0].text, app[1].text) for app in changed] == [("60", "70")]
    assert reading(changed, "lem") == EDITED_OLD and reading(changed, "rdg") == EDITED_NEW
    assert reading(by_type["added"], "lem") == "" and reading(by_type["added"], "rdg") == ADDED
    assert reading(by_type["deleted"], "lem") == DELETED and reading(by_type["deleted"], "rdg") == ""
    assert "".join(by_type["split"].itertext()) == f"{SPLIT_FIRST} {SPLIT_SECOND}"
    assert "".join(by_type["moved"].itertext()) == MOVED


def test_apparatus_with_ids_is_valid(pair_with_ids, tei_all) -> None:
    tree = tree_of(apparatus_bytes(pair_with_ids, ("The first", "The second")))
    assert tei_all.problems(tree, "ids.xml") == []
    check_apparatus(tree, pair_with_ids, identified(OLD_BLOCKS, OLD_IDS), identified(NEW_BLOCKS, NEW_IDS))
    witnesses = tree.getroot().findall(f".//{T}listWit/{T}witness")
    assert [w.text for w in witnesses] == ["A: The first", "B: The second"]


def test_essay_against_revised_essay(essay, revised_essay, tei_all) -> None:
    second, diff = revised_essay
    assert {"changed", "moved", "split", "merged", "added", "deleted"} <= {e.op for e in diff.blocks}
    tree = tree_of(apparatus_bytes(diff))
    assert tei_all.problems(tree, "essay.xml") == []
    check_apparatus(tree, diff, essay, second)


def test_frankenstein_apparatus(frankenstein, tei_all) -> None:
    old, new, diff = frankenstein
    tree = tree_of(apparatus_bytes(diff))
    assert tei_all.problems(tree, "frankenstein.xml") == []
    check_apparatus(tree, diff, old, new)
    assert len(list(tree.getroot().iter(f"{T}ab"))) == len(diff.blocks)


def test_hostile_text_in_the_apparatus(tei_all) -> None:
    first, second = plain([*HOSTILE, KEPT]), plain([HOSTILE[0], HOSTILE[2], "A <new> & block.", KEPT])
    diff = diff_editions(first, second, witnesses=("<a>&b\".txt", "x y.txt"))
    data = apparatus_bytes(diff, ("<t>", "&amp;"))
    tree = tree_of(data)
    assert tei_all.problems(tree, "hostile.xml") == []
    check_apparatus(tree, diff, first, second)


def test_apparatus_is_deterministic(pair) -> None:
    first, second, diff = pair
    again = diff_editions(plain(OLD_BLOCKS), plain(NEW_BLOCKS), witnesses=("old.txt", "new.txt"))
    assert apparatus_bytes(again) == apparatus_bytes(diff)
    assert apparatus_bytes(diff, ("T1", "T2")) == apparatus_bytes(diff, ("T1", "T2"))


def test_witness_ids_are_unique_for_equal_names(tei_all) -> None:
    assert witness_ids(("a.txt", "a.txt")) == ["w-a.txt", "w-a.txt-2"]
    assert witness_ids(("a b", "a-b", "a?b")) == ["w-a-b", "w-a-b-2", "w-a-b-3"]
    assert witness_ids(("", "")) == ["w-witness", "w-witness-2"]
    many = witness_ids(("x", "x", "x-2", "x"))
    assert len(set(many)) == 4
    diff = diff_editions(plain(OLD_BLOCKS), plain(NEW_BLOCKS), witnesses=("same.txt", "same.txt"))
    tree = tree_of(apparatus_bytes(diff))
    assert tei_all.problems(tree, "same.xml") == []
    check_apparatus(tree, diff, plain(OLD_BLOCKS), plain(NEW_BLOCKS))


def test_witness_names_with_ordinal_indicators_give_well_formed_tei(tei_all) -> None:
    diff = diff_editions(plain(["One thing here."]), plain(["One thing there."]),
                         witnesses=("1ª edição.txt", "2ª edição.txt"))
    tree = tree_of(apparatus_bytes(diff))
    assert tei_all.problems(tree, "ordinal.xml") == []


def test_cli_tei_to_a_file(tmp_path: Path, tei_all) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("\n\n".join(OLD_BLOCKS) + "\n", encoding="utf-8")
    b.write_text("\n\n".join(NEW_BLOCKS) + "\n", encoding="utf-8")
    out = tmp_path / "out.xml"
    code, stdout, _ = run("diff", str(a), str(b), "--format", "tei", "-o", str(out))
    assert code == 0 and stdout == b""
    data = out.read_bytes()
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    tree = tree_of(data)
    assert tei_all.problems(tree, str(out)) == []
    first, second = plain(OLD_BLOCKS), plain(NEW_BLOCKS)
    diff = diff_editions(first, second, witnesses=("a.txt", "b.txt"))
    check_apparatus(tree, diff, first, second)
    code, stdout, _ = run("diff", str(a), str(b), "--format", "tei")
    assert code == 0 and stdout == data
    # The same file twice: equal names, distinct IDs.
    code, stdout, _ = run("diff", str(a), str(a), "--format", "tei")
    assert code == 0
    same = tree_of(stdout)
    assert tei_all.problems(same, "same.xml") == []
    assert len({w.get(XML_ID) for w in same.getroot().iter(f"{T}witness")}) == 2


@pytest.mark.parametrize("output_format", ["html", "tei"])
def test_cli_output_is_byte_identical_across_processes(tmp_path: Path, output_format: str) -> None:
    revised = tmp_path / "revised.txt"
    plan: list[str | None] = [None] * 89
    plan[3], plan[10], plan[20], plan[33], plan[50] = ("edit", "move", "split", "merge", "insert")
    from toolkit.tei import read_tei

    revised.write_text(revise(read_tei(ESSAY_TEI), plan, random.Random(3)).text(), encoding="utf-8")
    outputs = []
    for seed in ("0", "12345"):
        result = subprocess.run(
            [sys.executable, "-m", "toolkit", "diff", str(ESSAY_TEI), str(revised), "--format", output_format],
            capture_output=True, cwd=REPO, env={**os.environ, "PYTHONHASHSEED": seed}, check=True,
        )
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) > 10_000


def test_html_cells_carry_each_blocks_own_language_and_direction(tmp_path: Path) -> None:
    """Against a partial Arabic translation, a translated block's cell is Arabic and right to
    left; a block the translation leaves in English is marked English, never Arabic."""
    built = tmp_path / "ar.xml"
    runner = CliRunner()
    catalogue = REPO / "locale" / "ar" / "LC_MESSAGES" / "revolution-betrayed.po"
    result = runner.invoke(main, ["build", "--lang", "ar", "--source", str(ESSAY_TEI), "--po", str(catalogue),
                                  "-o", str(built)])
    assert result.exit_code == 0, result.output
    page = tmp_path / "diff.html"
    result = runner.invoke(main, ["diff", str(ESSAY_TEI), str(built), "--format", "html", "-o", str(page)])
    assert result.exit_code == 0, result.output
    root = lxml.html.parse(str(page)).getroot()
    translated = root.get_element_by_id("rb-p001").findall("td")
    untranslated = root.get_element_by_id("rb-p009").findall("td")
    assert [(td.get("lang"), td.get("dir")) for td in translated] == [("en", "ltr"), ("ar", "rtl")]
    assert [(td.get("lang"), td.get("dir")) for td in untranslated] == [("en", "ltr"), ("en", "ltr")]
