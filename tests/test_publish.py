"""``toolkit publish``: the static bilingual site, read back with lxml as a browser would parse it.

Every test works in a copy of the project (settings, TEI, catalogues, editions), so that
nothing in the repository changes. Sites that many tests only read are built once per
module or session.
"""

from __future__ import annotations

import copy
import os
import posixpath
import random
import re
import shutil
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import polib
import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st
from lxml.html import HtmlElement

from conftest import entry_span
from revisions import Entry, Revision, chunks_of, new_paragraph
from toolkit.cli import main
from toolkit.languages import bcp47, direction
from toolkit.model import BlockKind, Document, Element
from toolkit.project import find_project
from toolkit.publish import PublishReport, publish
from toolkit.site import HtmlElement as SiteElement
from toolkit.site import inline_html
from toolkit.tei import read_tei
from toolkit.tei.check import check_file

REPO = Path(__file__).resolve().parents[1]
DOMAIN = "revolution-betrayed"
TEI = f"tei/{DOMAIN}.xml"
LANGUAGES = ("ar", "es", "fr")
PAGES = ("index.html", "en.html", "es.html", "fr.html", "ar.html", "en-es.html", "en-fr.html", "en-ar.html")


# --- helpers -----------------------------------------------------------------------------------


def copy_project(root: Path) -> Path:
    """A copy of the repository's project (settings, TEI, catalogues, editions) in *root*."""
    root.mkdir(parents=True, exist_ok=True)
    for folder in ("tei", "locale", "editions"):
        shutil.copytree(REPO / folder, root / folder)
    shutil.copy(REPO / "toolkit.toml", root / "toolkit.toml")
    return root


def po_path(root: Path, language: str) -> Path:
    return root / "locale" / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def run_cli(cwd: Path, *args: str) -> Result:
    """Run ``toolkit ARGS`` from *cwd*, as a user in that folder would."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(cwd)
        return CliRunner().invoke(main, list(args))


def assert_clean(result: Result) -> None:
    """The command ended by itself (an exit status), not by an exception; no traceback shown."""
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.output


def one_error(result: Result) -> str:
    """The one ``Error: ...`` line of a command that failed cleanly."""
    assert_clean(result)
    assert result.exit_code != 0, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1, result.output
    return errors[0][len("Error: "):]


def publish_library(root: Path, output: Path, progress=None) -> PublishReport:
    project = find_project(root)
    assert project is not None
    return publish(project, output, progress)


def site_files(folder: Path) -> dict[str, bytes]:
    """Every file under *folder*, by POSIX path relative to it, with its bytes."""
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def read_pages(folder: Path) -> dict[str, HtmlElement]:
    return {path.name: lxml.html.fromstring(path.read_bytes()) for path in sorted(folder.glob("*.html"))}


def ids(page: HtmlElement) -> list[str]:
    return [str(value) for value in page.xpath("//@id")]


def by_id(page: HtmlElement, anchor: str) -> HtmlElement:
    found = page.xpath("//*[@id=$anchor]", anchor=anchor)
    assert len(found) == 1, f"{len(found)} elements with id {anchor!r}"
    return found[0]


def classes(element: HtmlElement) -> set[str]:
    return set((element.get("class") or "").split())


def cells(page: HtmlElement) -> list[HtmlElement]:
    return page.find_class("cell")


def rows(page: HtmlElement) -> list[HtmlElement]:
    return page.find_class("row")


def visible_text(element: HtmlElement, drop: tuple[str, ...] = ("sr", "pending-note", "label")) -> str:
    """The text of *element* as a reader sees it in the cell: screen-reader-only words, the
    pending note and list labels left out, whitespace normalised."""
    element = copy.deepcopy(element)
    for name in drop:
        for inner in element.find_class(name):
            inner.drop_tree()
    return " ".join(element.text_content().split())


def normalize(text: str) -> str:
    return " ".join(text.split())


def block_ids(document: Document) -> list[str]:
    return [str(block.id) for block in document.blocks]


def pending_ids(report: PublishReport, language: str) -> set[str]:
    """The blocks the build of *language* gives in the source's language."""
    [build] = [build for code, _, build in report.builds if code == language]
    return set(build.untranslated) | set(build.fuzzy) | set(build.stale) | {p.block_id for p in build.problems}


def translated_ids(report: PublishReport, language: str) -> list[str]:
    [build] = [build for code, _, build in report.builds if code == language]
    return list(build.translated)


def edit_po(path: Path, msgstrs: dict[str, str], headers: dict[str, str] | None = None) -> None:
    """Set the translation of some entries (by context) and some header fields, with polib."""
    catalogue = polib.pofile(str(path), wrapwidth=78)
    entries = {entry.msgctxt: entry for entry in catalogue}
    for context, msgstr in msgstrs.items():
        entries[context].msgstr = msgstr
    for name, value in (headers or {}).items():
        catalogue.metadata[name] = value
    catalogue.save()


def resolve_links(folder: Path, pages: dict[str, HtmlElement]) -> int:
    """Check every ``href`` and ``src`` of every page; give how many were checked.

    A relative link must name a file of the site (never outside it); a fragment must name
    an element of the page it points to. No link leaves the site.
    """
    page_ids = {name: set(ids(page)) for name, page in pages.items()}
    checked = 0
    for name, page in pages.items():
        for element in page.xpath("//*[@href or @src]"):
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is None:
                    continue
                parts = urlsplit(value)
                assert not parts.scheme and not parts.netloc, f"{name}: link out of the site: {value}"
                target = name
                if parts.path:
                    target = posixpath.normpath(posixpath.join(posixpath.dirname(name), parts.path))
                    assert not target.startswith(".."), f"{name}: {value} leaves the site"
                    assert (folder / target).is_file(), f"{name}: {value} names no file of the site"
                if parts.fragment:
                    assert target in page_ids, f"{name}: {value}: a fragment of a file that is no page"
                    assert parts.fragment in page_ids[target], f"{name}: {value}: no element with that id"
                checked += 1
    return checked


@dataclass
class Site:
    root: Path
    out: Path
    report: PublishReport
    pages: dict[str, HtmlElement]
    files: dict[str, bytes]


# --- the project's own site, built once ----------------------------------------------------------


@pytest.fixture(scope="session")
def essay_doc() -> Document:
    return read_tei(REPO / TEI)


@pytest.fixture(scope="session")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The site of an untouched copy of the project, published by the library. Read only."""
    root = copy_project(tmp_path_factory.mktemp("pristine") / "project")
    out = root.parent / "site"
    report = publish_library(root, out)
    return Site(root, out, report, read_pages(out), site_files(out))


# 1. The files, and every link ------------------------------------------------------------------


def expected_files(root: Path) -> set[str]:
    from toolkit.editions import load_editions

    names = set(PAGES) | {"assets/site.css", "assets/site.js", f"sources/{DOMAIN}.xml"}
    for language in LANGUAGES:
        names |= {f"sources/{DOMAIN}.{language}.po", f"sources/{DOMAIN}-{language}.xml"}
    for edition in load_editions(root / "editions" / "editions.toml"):
        if edition.file.is_file():
            names.add(f"sources/editions/{edition.siglum}{''.join(edition.file.suffixes)}")
    return names


def test_the_site_has_every_page_asset_and_source(pristine: Site) -> None:
    assert set(pristine.files) == expected_files(pristine.root)
    assert sorted(pristine.report.written) == sorted(pristine.files)
    assert pristine.report.unchanged == []
    # The sources are the project's files, byte for byte; the built TEIs are valid, with the
    # source's blocks in the translation's language.
    assert pristine.files[f"sources/{DOMAIN}.xml"] == (pristine.root / TEI).read_bytes()
    source_ids = read_tei(pristine.root / TEI).ids  # the blocks' and the sections'
    for language in LANGUAGES:
        assert pristine.files[f"sources/{DOMAIN}.{language}.po"] == po_path(pristine.root, language).read_bytes()
        built = pristine.out / "sources" / f"{DOMAIN}-{language}.xml"
        assert check_file(built).problems == ()
        document = read_tei(built)
        assert document.metadata.language == language
        assert document.ids == source_ids
    for name in PAGES:
        assert pristine.pages[name].tag == "html"


def test_the_index_links_every_file_of_the_site(pristine: Site) -> None:
    index = pristine.pages["index.html"]
    targets = {posixpath.normpath(urlsplit(value).path)
               for value in index.xpath("//@href | //@src") if urlsplit(value).path}
    assert targets == set(pristine.files), set(pristine.files) ^ targets
    # Each translation's row offers its reading page, its bilingual page and its downloads.
    for language in LANGUAGES:
        [row] = [tr for tr in index.xpath("//table[@class='editions-list']/tbody/tr")
                 if tr.xpath(f".//a[@href='{language}.html']")]
        assert {a.get("href") for a in row.xpath(".//a")} == {
            f"{language}.html", f"en-{language}.html", f"sources/{DOMAIN}.{language}.po",
            f"sources/{DOMAIN}-{language}.xml"}


def test_every_link_of_every_page_resolves(pristine: Site, essay_doc: Document) -> None:
    checked = resolve_links(pristine.out, pristine.pages)
    # Every row's number link and every contents entry was among them.
    numbers = sum(len(page.find_class("num")) for page in pristine.pages.values())
    toc = sum(len(page.xpath("//nav[@class='contents']//a")) for page in pristine.pages.values())
    assert numbers == 7 * len(essay_doc.blocks) and toc > 7 * 10
    assert checked > numbers + toc
    headings = [b.id for b in essay_doc.blocks if b.kind is BlockKind.HEADING]
    for name in ("en.html", "en-es.html", "es.html", "ar.html"):
        toc = pristine.pages[name].xpath("//nav[@class='contents']//a/@href")
        assert toc == [f"#{anchor}" for anchor in headings], name


# 2. Anchors ------------------------------------------------------------------------------------


def test_every_block_has_its_row_and_cells_on_the_bilingual_page(pristine: Site, essay_doc: Document) -> None:
    page = pristine.pages["en-es.html"]
    assert [row.get("id") for row in rows(page)] == block_ids(essay_doc)
    for block in essay_doc.blocks:
        row = by_id(page, block.id)
        assert "row" in classes(row)
        source, translation = by_id(page, f"{block.id}-en"), by_id(page, f"{block.id}-es")
        assert source.getparent() is row and translation.getparent() is row
        assert {"cell", "source"} <= classes(source) and {"cell", "translation"} <= classes(translation)


def test_ids_are_unique_and_rows_link_to_themselves_on_every_page(pristine: Site) -> None:
    for name, page in pristine.pages.items():
        repeated = [anchor for anchor, count in Counter(ids(page)).items() if count > 1]
        assert repeated == [], f"{name}: ids used more than once: {repeated}"
        for row in rows(page):
            numbers = row.xpath("./div[@class='gutter']/a[@class='num']")
            assert len(numbers) == 1, (name, row.get("id"))
            assert numbers[0].get("href") == f"#{row.get('id')}"


def test_a_block_named_like_a_page_element_does_not_duplicate_an_id(
    pristine: Site, tmp_path: Path
) -> None:
    own = sorted({anchor for name in ("en.html", "en-es.html") for anchor in ids(pristine.pages[name])
                  if not anchor.startswith("rb-")})
    assert "tk-about-title" in own and "tk-main" in own
    root = copy_project(tmp_path / "project")
    tei = root / TEI
    text = tei.read_text(encoding="utf-8")
    plain = ["rb-p002", "rb-p004", "rb-p005", "rb-p007", "rb-p009", "rb-p013", "rb-p016", "rb-p017",
             "rb-p020", "rb-p021", "rb-p023", "rb-p025"]
    for block_id, anchor in zip(plain, own, strict=False):
        text = text.replace(f'xml:id="{block_id}"', f'xml:id="{anchor}"', 1)
    tei.write_text(text, encoding="utf-8")
    publish_library(root, tmp_path / "site")
    for name, page in read_pages(tmp_path / "site").items():
        repeated = [anchor for anchor, count in Counter(ids(page)).items() if count > 1]
        assert repeated == [], f"{name}: ids used more than once: {repeated}"


# 3. Anchors survive a revision of the English text ---------------------------------------------

EDIT = ("greatest single event", "most momentous episode")


@dataclass
class Revised:
    before: HtmlElement
    after: HtmlElement
    after_pages: dict[str, HtmlElement]
    entries: list[Entry]
    document: Document
    new_id: str
    deleted: str
    old_ids: list[str]


@pytest.fixture(scope="module")
def revised(tmp_path_factory: pytest.TempPathFactory, pristine: Site) -> Revised:
    """The project after a revision of the English text made with the toolkit's own commands:
    a plain-text revision encoded with the IDs of the TEI, then extract, update, publish."""
    root = copy_project(tmp_path_factory.mktemp("revised") / "project")
    essay = read_tei(root / TEI)
    chunks = chunks_of(essay)

    def place(block_id: str) -> int:
        return next(k for k, chunk in enumerate(chunks) if chunk[0].expect == ("keep", block_id))

    edited = chunks[place("rb-p002")][0]
    assert EDIT[0] in edited.text
    edited.text = edited.text.replace(*EDIT)
    chunks.pop(place("rb-p005"))
    moved = chunks.pop(place("rb-p020"))
    chunks.insert(place("rb-p040") + 1, moved)
    new_text = new_paragraph(random.Random("publish"))
    chunks.insert(place("rb-p004") + 1, [Entry(new_text, BlockKind.PARAGRAPH, ("new",))])
    (root / "revised.txt").write_text(Revision(chunks).text(), encoding="utf-8")

    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        for args in (("encode", "revised.txt", "--ids-from", TEI, "-o", TEI), ("extract",), ("update",),
                     ("publish", "-o", "site")):
            result = run_cli(root, *args)
            assert_clean(result)
            assert result.exit_code == 0, (args, result.output)
    document = read_tei(root / TEI)
    [new_block] = [b for b in document.blocks if normalize(b.text) == normalize(new_text)]
    entries = [entry for chunk in chunks for entry in chunk if entry.expect != ("break",)]
    pages = read_pages(root / "site")
    return Revised(pristine.pages["en-es.html"], pages["en-es.html"], pages, entries, document,
                   str(new_block.id), "rb-p005", block_ids(essay))


def test_a_revision_keeps_the_ids_it_should(revised: Revised) -> None:
    expected = [entry.expect[1] if entry.expect[0] == "keep" else revised.new_id for entry in revised.entries]
    assert block_ids(revised.document) == expected
    assert revised.new_id not in revised.old_ids
    assert revised.deleted in revised.document.retired_ids


def test_anchors_survive_a_revision(revised: Revised) -> None:
    after = revised.after
    assert [row.get("id") for row in rows(after)] == block_ids(revised.document)
    survivors = [i for i in revised.old_ids if i != revised.deleted]
    assert set(survivors) | {revised.new_id} == {row.get("id") for row in rows(after)}
    # Each anchor names the block it named: the text at #ID is the text of block ID.
    compared = 0
    for entry in revised.entries:
        block_id = entry.expect[1] if entry.expect[0] == "keep" else revised.new_id
        now = visible_text(by_id(after, f"{block_id}-en"))
        assert now == normalize(entry.text), block_id
        if entry.expect[0] != "keep" or block_id == "rb-p002":
            continue
        then = visible_text(by_id(revised.before, f"{block_id}-en"))
        if then == normalize(entry.text):  # not a block whose page shows an editor's correction
            assert now == then, block_id
            compared += 1
    assert compared > 80
    # The edited block keeps its anchor, with its new words.
    old = visible_text(by_id(revised.before, "rb-p002-en"))
    new = visible_text(by_id(after, "rb-p002-en"))
    assert EDIT[0] in old and EDIT[1] in new and old.replace(*EDIT) == new
    # The moved block keeps its anchor, at its new place.
    order = [row.get("id") for row in rows(after)]
    assert order.index("rb-p020") == order.index("rb-p040") + 1


def test_a_deleted_block_leaves_no_anchor(revised: Revised) -> None:
    for name, page in revised.after_pages.items():
        gone = [anchor for anchor in ids(page) if anchor == revised.deleted or anchor.startswith(f"{revised.deleted}-")]
        assert gone == [], name
        assert page.xpath("//@href[contains(., $anchor)]", anchor=revised.deleted) == [], name


def test_a_revision_shows_changed_and_new_blocks_untranslated(revised: Revised) -> None:
    after = revised.after
    for block_id in ("rb-p002", revised.new_id):  # changed: its translation is fuzzy; new: none
        cell = by_id(after, f"{block_id}-es")
        assert "pending" in classes(cell) and cell.get("lang") == "en", block_id
    # An untouched block keeps its translation at its anchor.
    for block_id in ("rb-p004", "rb-p020", "rb-p040"):
        cell = by_id(after, f"{block_id}-es")
        assert "pending" not in classes(cell) and cell.get("lang") == "es"
        assert visible_text(cell) == visible_text(by_id(revised.before, f"{block_id}-es"))


# 4. Determinism --------------------------------------------------------------------------------


def test_publishing_is_deterministic(pristine: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = tmp_path / "first"
    publish_library(pristine.root, first)
    assert site_files(first) == pristine.files
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    second = tmp_path / "second"
    publish_library(pristine.root, second)
    assert site_files(second) == pristine.files
    # Another copy of the project, elsewhere, through the command: the same site.
    other = copy_project(tmp_path / "elsewhere" / "deeper" / "project")
    result = run_cli(other, "publish", "-o", str(tmp_path / "third"))
    assert_clean(result)
    assert result.exit_code == 0, result.output
    assert site_files(tmp_path / "third") == pristine.files


def test_publishing_does_not_depend_on_the_hash_seed(pristine: Site, tmp_path: Path) -> None:
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        env.pop("SOURCE_DATE_EPOCH", None)
        out = tmp_path / f"seed-{seed}"
        done = subprocess.run([sys.executable, "-m", "toolkit", "publish", "-o", str(out)], cwd=pristine.root,
                              env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert site_files(out) == pristine.files


def test_publishing_again_touches_nothing(pristine: Site, tmp_path: Path) -> None:
    out = tmp_path / "site"
    publish_library(pristine.root, out)
    past = 1_000_000_000
    for path in out.rglob("*"):
        os.utime(path, (past, past))
    before = {path: (path.stat().st_mtime_ns, path.stat().st_ino) for path in out.rglob("*")}
    report = publish_library(pristine.root, out)
    assert report.written == []
    assert sorted(report.unchanged) == sorted(pristine.files)
    assert {path: (path.stat().st_mtime_ns, path.stat().st_ino) for path in out.rglob("*")} == before
    # A page changed by hand is the only one written again, and is restored.
    (out / "en.html").write_text("changed", encoding="utf-8")
    report = publish_library(pristine.root, out)
    assert report.written == ["en.html"]
    assert site_files(out) == pristine.files


# 5. Language marking ---------------------------------------------------------------------------


@pytest.mark.parametrize(("code", "tag"), [
    ("pt_BR", "pt-BR"), ("sr@latin", "sr-Latn"), ("sr_RS@latin", "sr-Latn-RS"), ("uz@cyrillic", "uz-Cyrl"),
    ("zh_Hant_TW", "zh-Hant-TW"), ("EN_us", "en-US"), ("es_419", "es-419"), ("es", "es"),
])
def test_bcp47(code: str, tag: str) -> None:
    assert bcp47(code) == tag


@pytest.mark.parametrize(("tag", "way"), [
    ("he", "rtl"), ("az-Arab", "rtl"), ("ku-Latn", "ltr"), ("ar", "rtl"), ("ar_EG", "rtl"), ("fa", "rtl"),
    ("ur_PK", "rtl"), ("yi", "rtl"), ("ckb", "rtl"), ("pa-Arab", "rtl"), ("ar-Latn", "ltr"), ("en", "ltr"),
    ("sr@latin", "ltr"), ("uz@arabic", "rtl"), ("pt_BR", "ltr"),
])
def test_direction(tag: str, way: str) -> None:
    assert direction(tag) == way


@given(
    st.sampled_from(["en", "ar", "he", "fa", "ku", "az", "sr", "pt", "zh", "ur", "de"]),
    st.sampled_from(["", "_Latn", "_Arab", "_Cyrl", "_Hebr", "-Hant", "@latin", "@arabic", "@cyrillic"]),
    st.sampled_from(["", "_BR", "-IR", "_419"]),
)
def test_bcp47_is_stable_and_keeps_the_direction(language: str, script: str, region: str) -> None:
    code = language + (region + script if script.startswith("@") else script + region)
    tag = bcp47(code)
    assert bcp47(tag) == tag
    assert direction(tag) == direction(code)
    assert "_" not in tag and "@" not in tag


def test_every_cell_says_its_language_and_direction(pristine: Site) -> None:
    for name, page in pristine.pages.items():
        for cell in cells(page):
            lang, way = cell.get("lang"), cell.get("dir")
            assert lang and way in ("ltr", "rtl"), (name, cell.get("id"))
            assert way == direction(lang), (name, cell.get("id"))
    for cell in cells(pristine.pages["en.html"]):
        assert (cell.get("lang"), cell.get("dir")) == ("en", "ltr")
    assert len(cells(pristine.pages["en.html"])) == len(rows(pristine.pages["en.html"])) > 100


def test_partial_translations_are_marked_cell_by_cell(pristine: Site) -> None:
    french = pristine.pages["en-fr.html"]
    done, pending = translated_ids(pristine.report, "fr"), pending_ids(pristine.report, "fr")
    assert done and pending
    cell = by_id(french, f"{done[0]}-fr")
    assert (cell.get("lang"), cell.get("dir")) == ("fr", "ltr") and "pending" not in classes(cell)
    assert cell.find_class("pending-note") == []
    cell = by_id(french, f"{sorted(pending)[0]}-fr")
    assert (cell.get("lang"), cell.get("dir")) == ("en", "ltr") and "pending" in classes(cell)
    assert len(cell.find_class("pending-note")) == 1
    arabic = pristine.pages["en-ar.html"]
    for block_id in translated_ids(pristine.report, "ar"):
        cell = by_id(arabic, f"{block_id}-ar")
        assert (cell.get("lang"), cell.get("dir")) == ("ar", "rtl"), block_id
        source = by_id(arabic, f"{block_id}-en")
        assert (source.get("lang"), source.get("dir")) == ("en", "ltr"), block_id
    reading = by_id(pristine.pages["ar.html"], "tk-text")
    assert (reading.get("lang"), reading.get("dir")) == ("ar", "rtl")
    # Words in another language inside a block carry their own language.
    assert [i.text for i in by_id(pristine.pages["en-es.html"], "rb-p043-en").xpath(".//*[@lang='ru-Latn']")] \
        == ["burzhuyiki"]


@pytest.mark.parametrize("language", ["ar", "es"])
def test_the_title_of_a_translations_page_is_in_its_language(pristine: Site, language: str) -> None:
    page = pristine.pages[f"{language}.html"]
    [title] = page.xpath("/html/head/title")
    assert title.text != pristine.pages["en.html"].xpath("/html/head/title")[0].text  # translated
    lang = title.get("lang") or page.get("lang")
    assert bcp47(lang) == language
    assert (title.get("dir") or page.get("dir")) == direction(language)


# 7. Untranslated blocks are never labelled as the target language ------------------------------


def test_pending_cells_are_in_the_source_language(pristine: Site) -> None:
    for language in LANGUAGES:
        pending = pending_ids(pristine.report, language)
        for name, side in ((f"en-{language}.html", "translation"), (f"{language}.html", "source")):
            page = pristine.pages[name]
            marked = {cell.get("id") for cell in cells(page) if "pending" in classes(cell)}
            assert marked == {f"{block_id}-{language}" for block_id in pending}, name
            for cell in cells(page):
                if side not in classes(cell):
                    continue
                if "pending" in classes(cell):
                    assert (cell.get("lang"), cell.get("dir")) == ("en", "ltr"), (name, cell.get("id"))
                    assert len(cell.find_class("pending-note")) == 1
                else:
                    assert cell.get("lang") == language, (name, cell.get("id"))
                    assert cell.find_class("pending-note") == []
    assert pending_ids(pristine.report, "es") == set()


# 6. Escaping -----------------------------------------------------------------------------------

HOSTILE = {
    "rb-p001": "<title>La revolución traicionada</title> <script>alert(1)</script>",
    "rb-p002": "Texto <img src=x onerror=alert(2)> fin.",
    "rb-p004": "Comillas \" y ' y &amp; y &lt;script&gt;alert(3)&lt;/script&gt; fin.",
    "rb-t001": "<title>Título</title> <img src=x onerror=alert(4)>",
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """A site from hostile input: translations, a translator, a TEI and an editions manifest
    that try to inject markup and script."""
    root = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    edit_po(po_path(root, "es"), HOSTILE, {"Last-Translator": "<script>x</script>"})
    tei = root / TEI
    text = tei.read_text(encoding="utf-8")
    for old, new in (
        ('<title type="main">The Revolution Betrayed - a Marxist Masterpiece</title>',
         '<title type="main">Betrayed &lt;/title&gt;&lt;script&gt;alert(5)&lt;/script&gt;</title>'),
        ("This is a finished programme", 'This is a finished <ref target="javascript:alert(6)">programme</ref>'),
        ("the phenomenon of Stalinism",
         'the phenomenon of <foreign xml:lang="x&quot; onmouseover=&quot;alert(7)">Stalinism</foreign>'),
    ):
        assert old in text
        text = text.replace(old, new, 1)
    tei.write_text(text, encoding="utf-8")
    shutil.copy(root / "editions" / f"{DOMAIN}-2001.txt", root / "editions" / "hostile.txt")
    with (root / "editions" / "editions.toml").open("a", encoding="utf-8") as manifest:
        manifest.write('\n[[edition]]\nsiglum = "W<script>alert(8)</script>"\n'
                       'title = "<img src=x onerror=alert(9)>"\nlanguage = "en"\n'
                       'date = "2002\\" onmouseover=\\"alert(10)"\ntype = "variant"\n'
                       'source = "<script>alert(11)</script>"\nfile = "hostile.txt"\n')
    out = root / "site"
    report = publish_library(root, out)
    return Site(root, out, report, read_pages(out), site_files(out))


def test_no_page_runs_hostile_input(hostile: Site) -> None:
    assert len(hostile.pages) == len(PAGES) + 1  # and the comparison of the two variants
    for name, page in hostile.pages.items():
        scripts = page.xpath("//script")
        assert len(scripts) == 1 and scripts[0].get("src") == "assets/site.js", name
        assert scripts[0].getparent().tag == "head"
        assert not (scripts[0].text or "").strip()
        assert page.xpath("//img | //iframe | //object | //embed | //svg | //form") == [], name
        handlers = page.xpath("//@*[starts-with(translate(name(), 'ON', 'on'), 'on')]")
        assert handlers == [], f"{name}: {[(h.getparent().tag, h.attrname) for h in handlers]}"
        for link in page.xpath("//@href | //@src"):
            assert urlsplit(link.strip()).scheme == "", f"{name}: {link}"
    resolve_links(hostile.out, hostile.pages)


def test_hostile_translations_show_as_text(hostile: Site) -> None:
    page = hostile.pages["en-es.html"]
    for block_id, shown in (("rb-p002", "Texto <img src=x onerror=alert(2)> fin."),
                            ("rb-p004", "Comillas \" y ' y & y <script>alert(3)</script> fin."),
                            ("rb-t001", "Título <img src=x onerror=alert(4)>")):
        cell = by_id(page, f"{block_id}-es")
        assert "pending" not in classes(cell) and cell.get("lang") == "es"
        assert visible_text(cell) == shown
        assert visible_text(by_id(hostile.pages["es.html"], f"{block_id}-es")) == shown
    assert hostile.pages["es.html"].xpath("/html/head/title")[0].text == "Título <img src=x onerror=alert(4)>"
    # The translator's name is shown as it is written.
    for name in ("es.html", "en-es.html"):
        about = by_id(hostile.pages[name], "tk-about")
        [translator] = about.xpath(".//dt[.='Translator']/following-sibling::dd[1]")
        assert translator.text_content() == "<script>x</script>"


def test_a_hostile_translation_that_breaks_placeholders_falls_back_and_is_reported(hostile: Site) -> None:
    cell = by_id(hostile.pages["en-es.html"], "rb-p001-es")
    assert "pending" in classes(cell) and cell.get("lang") == "en"
    assert visible_text(cell) == visible_text(by_id(hostile.pages["en-es.html"], "rb-p001-en"))
    assert "alert(1)" not in cell.text_content()
    [(path, problem)] = hostile.report.problems
    assert path == po_path(hostile.root, "es") and problem.block_id == "rb-p001"
    assert "<script>" in problem.message
    start, end = entry_span(path.read_text(encoding="utf-8"), "rb-p001")
    assert problem.line is not None and start <= problem.line <= end


def test_hostile_tei_and_manifest_show_as_text(hostile: Site) -> None:
    title = "Betrayed </title><script>alert(5)</script>"
    for name in ("index.html", "en.html"):
        assert hostile.pages[name].xpath("/html/head/title")[0].text == title
    assert hostile.pages["en-es.html"].xpath("/html/head/title")[0].text == f"{title}: English and Spanish"
    index = hostile.pages["index.html"]
    assert index.xpath("//h1")[0].text_content() == title
    # The javascript: link is no link, its words are kept.
    for name, anchor in (("en.html", "rb-p007-en"), ("en-es.html", "rb-p007-en"), ("en-es.html", "rb-p007-es")):
        cell = by_id(hostile.pages[name], anchor)
        assert cell.xpath(".//a") == [] and "finished programme of" in visible_text(cell), (name, anchor)
    # A hostile language tag is not a language: it becomes "und", inside its attribute.
    [foreign] = by_id(hostile.pages["en.html"], "rb-p009-en").xpath(".//i")
    assert foreign.text == "Stalinism" and foreign.get("lang") == "und"
    # The manifest's texts are text, and the comparison page's name is a plain file name.
    items = index.xpath("//section[@aria-labelledby='tk-editions-title']//li")
    assert "W<script>alert(8)</script>: <img src=x onerror=alert(9)> (2002\" onmouseover=\"alert(10)). " \
           "<script>alert(11)</script> File" in [normalize(li.text_content()) for li in items]
    [compare] = index.xpath("//section[@aria-labelledby='tk-compare-title']//a/@href")
    assert re.fullmatch(r"compare-[A-Za-z0-9._-]+\.html", compare) and (hostile.out / compare).is_file()


@pytest.mark.parametrize("target", [
    "javascript:alert(1)", " JavaScript:alert(1)", "java\tscript:alert(1)", "\njavascript:alert(1)",
    "JAVASCRIPT:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)",
    "//evil.example/x.js",
])
def test_a_ref_to_code_is_not_a_link(target: str) -> None:
    for tag in ("ref", "ptr"):
        content = inline_html(["See ", Element(tag, (("target", target),), ("here",)), "."], "en")
        assert content == ("See ", SiteElement("span", (("class", tag),), ("here",)), "."), (tag, content)


@pytest.mark.parametrize("target", ["https://example.org/a?b=c", "notes.html#n1", "#rb-p001", "http://x.org"])
def test_a_ref_to_a_page_is_a_link(target: str) -> None:
    content = inline_html([Element("ref", (("target", target),), ("here",))], "en")
    assert content == (SiteElement("a", (("href", target),), ("here",)),)


# 8. Bad input, from the command line -----------------------------------------------------------


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def test_no_project_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    message = one_error(run_cli(empty, "publish"))
    assert "toolkit.toml" in message
    assert list(empty.iterdir()) == []


def test_a_malformed_catalogue_is_named_with_its_line(project: Path) -> None:
    po = po_path(project, "fr")
    lines = po.read_text(encoding="utf-8").split("\n")
    number = lines.index('msgctxt "rb-t001"') + 3  # the msgstr line, 1-based
    assert lines[number - 1].startswith('msgstr "') and lines[number - 1].endswith('"')
    lines[number - 1] = lines[number - 1][:-1]  # the string is no longer closed
    po.write_text("\n".join(lines), encoding="utf-8")
    result = run_cli(project, "publish", "-o", "out")
    message = one_error(result)
    assert f"locale/fr/LC_MESSAGES/{DOMAIN}.po:{number}:" in message, message
    assert not (project / "out").exists(), "a site was written from a catalogue that could not be read"


def test_a_missing_source_is_named(project: Path) -> None:
    (project / TEI).unlink()
    message = one_error(run_cli(project, "publish", "-o", "out"))
    assert TEI in message and "not exist" in message


def test_an_output_that_is_a_file(project: Path) -> None:
    (project / "taken").write_text("mine", encoding="utf-8")
    result = run_cli(project, "publish", "-o", "taken")
    message = one_error(result)
    assert "taken" in message and "is a file" in message
    assert (project / "taken").read_text(encoding="utf-8") == "mine"


def test_an_output_inside_a_file(project: Path) -> None:
    (project / "taken").write_text("mine", encoding="utf-8")
    message = one_error(run_cli(project, "publish", "-o", "taken/site"))
    assert "taken" in message


def test_a_page_that_cannot_be_written(project: Path) -> None:
    (project / "out" / "index.html").mkdir(parents=True)
    message = one_error(run_cli(project, "publish", "-o", "out"))
    assert "index.html" in message and "cannot write" in message
    assert list((project / "out").rglob(".*.tmp")) == []


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result, dict[str, HtmlElement]]:
    """The project with a Spanish translation that lost its <title> placeholder, published."""
    root = copy_project(tmp_path_factory.mktemp("broken") / "project")
    edit_po(po_path(root, "es"), {"rb-p001": "La revolución traicionada es uno de los textos marxistas más "
                                             "importantes de todos los tiempos."})
    result = run_cli(root, "publish", "-o", "site")
    return root, result, read_pages(root / "site")


def test_a_broken_translation_is_reported_and_shown_in_the_source(
    broken: tuple[Path, Result, dict[str, HtmlElement]]
) -> None:
    root, result, pages = broken
    assert_clean(result)
    assert result.exit_code == 1, result.output
    po = f"locale/es/LC_MESSAGES/{DOMAIN}.po"
    reported = [line for line in result.stderr.splitlines() if line.startswith(f"{po}:")]
    assert len(reported) == 1, result.stderr
    place, block_id, message = reported[0].split(": ", 2)
    assert block_id == "rb-p001" and "title" in message
    start, end = entry_span(po_path(root, "es").read_text(encoding="utf-8"), "rb-p001")
    assert start <= int(place.rsplit(":", 1)[1]) <= end
    # The site is written all the same, the block in English, marked.
    assert set(site_files(root / "site")) == expected_files(root)
    cell = by_id(pages["en-es.html"], "rb-p001-es")
    assert "pending" in classes(cell) and cell.get("lang") == "en" and cell.find_class("pending-note")
    assert visible_text(cell) == visible_text(by_id(pages["en-es.html"], "rb-p001-en"))
    assert "pending" not in classes(by_id(pages["en-es.html"], "rb-p002-es"))


def test_the_progress_does_not_count_a_broken_translation(
    broken: tuple[Path, Result, dict[str, HtmlElement]]
) -> None:
    index = broken[2]["index.html"]
    [row] = [tr for tr in index.xpath("//table[@class='editions-list']/tbody/tr") if tr.xpath(".//a[@href='es.html']")]
    progress = normalize(row.xpath("./td")[0].text_content())
    assert progress.startswith("107 of 108 blocks")
    words = re.search(r"([\d,]+) of ([\d,]+) words", progress)
    assert words is not None
    assert int(words.group(1).replace(",", "")) < int(words.group(2).replace(",", ""))


# 9. Atomic and non-destructive -----------------------------------------------------------------


def test_publishing_leaves_other_files_and_the_inputs_alone(project: Path) -> None:
    site = project / "site"  # the default output folder
    others = {"notes.txt": b"my notes\n", ".htaccess": b"Options -Indexes\n", "assets/extra.css": b"p{}\n",
              "sources/keep.txt": b"keep\n", "old/compare-A-B.html": b"<p>an old page</p>\n"}
    for name, data in others.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_bytes(data)
    inputs = {name: data for name, data in site_files(project).items() if not name.startswith("site/")}
    result = run_cli(project, "publish")
    assert_clean(result)
    assert result.exit_code == 0, result.output
    files = site_files(site)
    for name, data in others.items():
        assert files.pop(name) == data, name
    assert set(files) == expected_files(project)
    assert {name: data for name, data in site_files(project).items() if not name.startswith("site/")} == inputs
    assert [path for path in project.rglob("*") if path.name.endswith(".tmp")] == []
    assert f"site/index.html: {len(expected_files(project))} files written, 0 unchanged" in result.stderr


# 10. Variant editions --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def variant(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, str, list[tuple[int, int]]]:
    """The project with a second English variant: words changed in one paragraph, one removed."""
    root = copy_project(tmp_path_factory.mktemp("variant") / "project")
    chunks = (root / "editions" / f"{DOMAIN}-2001.txt").read_text(encoding="utf-8").split("\n\n")
    assert "greatest single event" in chunks[2]
    chunks[2] = chunks[2].replace("greatest single event", "most remarkable event")
    removed = chunks.pop(5)
    (root / "editions" / "revised-2002.txt").write_text("\n\n".join(chunks), encoding="utf-8")
    with (root / "editions" / "editions.toml").open("a", encoding="utf-8") as manifest:
        manifest.write('\n[[edition]]\nsiglum = "W2002"\ntitle = "The Revolution Betrayed, revised"\n'
                       'language = "en"\ndate = "2002"\ntype = "variant"\n'
                       'source = "A revision made for the tests."\nfile = "revised-2002.txt"\n')
    calls: list[tuple[int, int]] = []
    out = root / "site"
    report = publish_library(root, out, lambda done, total: calls.append((done, total)))
    return Site(root, out, report, read_pages(out), site_files(out)), normalize(removed), calls


def test_variant_editions_are_compared(variant: tuple[Site, str, list[tuple[int, int]]]) -> None:
    site, removed, _ = variant
    name = "compare-W2001-W2002.html"
    assert name in site.pages
    assert name in site.pages["index.html"].xpath("//section[@aria-labelledby='tk-compare-title']//a/@href")
    resolve_links(site.out, site.pages)
    page = site.pages[name]
    assert len(rows(page)) > 100
    assert [a for a, n in Counter(ids(page)).items() if n > 1] == []
    for row in rows(page):
        assert row.get("id")
        assert row.xpath("./div[@class='gutter']/a[@class='num']/@href") == [f"#{row.get('id')}"]
        assert [(c.get("lang"), c.get("dir")) for c in cells(row)] == [("en", "ltr"), ("en", "ltr")]
    changed = [row for row in rows(page) if "op-changed" in classes(row)]
    assert len(changed) == 1
    first, second = cells(changed[0])
    assert [visible_text(d) for d in first.xpath(".//del")] == ["greatest single"]
    assert [visible_text(i) for i in second.xpath(".//ins")] == ["most remarkable"]
    assert first.xpath(".//ins") == [] and second.xpath(".//del") == []
    deleted = [row for row in rows(page) if "op-deleted" in classes(row)]
    assert len(deleted) == 1
    first, second = cells(deleted[0])
    assert visible_text(first) == removed and second.find_class("empty-cell")
    assert all("op-same" in classes(row) for row in rows(page) if row not in changed + deleted)


# 11. Progress ----------------------------------------------------------------------------------


def test_progress_counts_up_to_the_pages(pristine: Site, tmp_path: Path,
                                          variant: tuple[Site, str, list[tuple[int, int]]]) -> None:
    calls: list[tuple[int, int]] = []
    publish_library(pristine.root, tmp_path / "site", lambda done, total: calls.append((done, total)))
    for found, site in ((calls, pristine), (variant[2], variant[0])):
        pages = len([name for name in site.files if name.endswith(".html")])
        assert found == [(done, pages) for done in range(1, pages + 1)]
