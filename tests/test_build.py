"""Building a translated edition: every block translated or given in the source, never broken."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from lxml import etree

from conftest import REPO, entry_span
from toolkit.build import build_translation
from toolkit.catalogue import FUZZY, Catalogue, Entry
from toolkit.cli import main
from toolkit.extract import TemplateInfo, creation_date, extract_template
from toolkit.model import Block, Document, Element, Inline, normalize_space
from toolkit.placeholders import strip_placeholders
from toolkit.po import read_catalogue, write_catalogue
from toolkit.tei import parse_tei, read_tei, tei_bytes
from toolkit.tei.check import check_file

ES_PO = REPO / "locale" / "es" / "LC_MESSAGES" / "revolution-betrayed.po"
FR_PO = REPO / "locale" / "fr" / "LC_MESSAGES" / "revolution-betrayed.po"
SHIPPED_ES = REPO / "editions" / "revolution-betrayed-es.xml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TEI_NS = "http://www.tei-c.org/ns/1.0"


# --- helpers -----------------------------------------------------------------------------------


def project(tmp_path: Path) -> Path:
    """A copy of the repository's project files (TEI, catalogues, settings) in *tmp_path*."""
    for folder in ("tei", "locale"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    shutil.copy(REPO / "toolkit.toml", tmp_path / "toolkit.toml")
    return tmp_path


def run(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    assert not result.exception or isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.output
    return result


def editor_text(content: tuple[Inline, ...]) -> str:
    """The text a reader of the translation sees: markup removed, the editor's reading of
    each ``choice`` (what a translator translated), whitespace normalised."""
    parts: list[str] = []
    for item in content:
        if isinstance(item, str):
            parts.append(item)
        elif item.tag == "choice":
            reading = item.find("corr") or item.find("reg") or item.find("expan")
            parts.append(editor_text(reading.children if reading is not None else item.children))
        else:
            parts.append(editor_text(item.children))
    return normalize_space("".join(parts))


def structure(document: Document) -> list[tuple[str, str | None, int]]:
    """The containers of *document*: tag, ID and number of children, in document order."""
    return [(c.tag, c.id, len(c.children)) for c in document.containers()]


def shape(block: Block) -> tuple:
    """Everything about a block but its language (and the line it was read from)."""
    return (block.id, block.kind, block.content, block.section, block.label, block.tag, block.attrs)


def problem_lines(stderr: str, po: Path) -> dict[str, int]:
    """The ``PO:LINE: ID: message`` lines of a build's stderr, as {ID: LINE}."""
    found: dict[str, int] = {}
    for line in stderr.splitlines():
        match = re.match(rf"{re.escape(str(po))}:(\d+): ([\w.-]+): \S", line)
        if match:
            found[match.group(2)] = int(match.group(1))
    return found


def with_entries(catalogue: Catalogue, change) -> Catalogue:
    return replace(catalogue, entries=tuple(change(entry) for entry in catalogue.entries))


@pytest.fixture(scope="module")
def spanish() -> Catalogue:
    return read_catalogue(ES_PO)


@pytest.fixture(scope="module")
def spanish_edition(spanish: Catalogue, essay: Document):
    edition, report = build_translation(essay, spanish, "es")
    return parse_tei(tei_bytes(edition)), report


# --- round trip: a translation identical to the source gives the source back -----------------


def test_round_trip_gives_every_block_back(essay: Document) -> None:
    info = TemplateInfo("revolution-betrayed", creation_date(essay), essay.metadata.title)
    template = extract_template(essay, "tei/revolution-betrayed.xml", info)
    assert len(template.entries) == len(essay.blocks)
    identical = with_entries(template, lambda entry: replace(entry, translation=entry.source))
    edition, report = build_translation(essay, identical, "de")
    assert report.translated == [block.id for block in essay.blocks]
    assert not (report.fuzzy or report.untranslated or report.problems)
    # Written and read back, as the command does.
    built = parse_tei(tei_bytes(edition))
    assert built.metadata.language == "de"
    assert [shape(block) for block in built.blocks] == [shape(block) for block in essay.blocks]
    assert all(block.lang == "de" for block in built.blocks)
    assert structure(built) == structure(essay)
    assert built.ids == essay.ids
    # The editor's corrections come back whole: sic and corr.
    def choices(document: Document) -> list[Element]:
        return [element for block in document.blocks for item in block.content if isinstance(item, Element)
                for element in item.iter() if element.tag == "choice"]

    assert choices(built) == choices(essay)
    assert choices(built) and all(choice.find("sic") is not None for choice in choices(built))


# --- the real Spanish catalogue --------------------------------------------------------------


def test_spanish_edition_holds_every_translation(spanish: Catalogue, essay: Document, spanish_edition) -> None:
    built, report = spanish_edition
    assert len(report.translated) == len(essay.blocks) == 108
    assert report.percent == 100.0
    assert built.metadata.language == "es"
    assert [block.id for block in built.blocks] == [block.id for block in essay.blocks]
    for block in built.blocks:
        entry = spanish.get(block.id)  # type: ignore[arg-type]
        assert entry is not None
        assert editor_text(block.content) == normalize_space(strip_placeholders(entry.translation)), block.id
        assert block.lang == "es", block.id
    assert structure(built) == structure(essay)


def test_spanish_edition_has_no_block_marked_english(spanish: Catalogue, spanish_edition) -> None:
    built, _ = spanish_edition
    root = etree.fromstring(tei_bytes(built))
    assert root.get(XML_LANG) == "es"
    text = root.find(f"{{{TEI_NS}}}text")
    assert text is not None
    marked = [el.get(XML_LANG) for el in text.iter() if el.get(XML_LANG)]
    assert "en" not in marked
    # The only other language inside the text is that of the Russian words in foreign.
    assert set(marked) <= {"ru-Latn"}
    title = spanish.get("rb-t001")
    assert title is not None
    assert built.metadata.title == normalize_space(strip_placeholders(title.translation))


def test_shipped_spanish_edition_is_a_fresh_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project(tmp_path))
    result = run("build", "--lang", "es")
    assert result.exit_code == 0, result.output
    built = tmp_path / "editions" / "revolution-betrayed-es.xml"
    assert built.read_bytes() == SHIPPED_ES.read_bytes()
    assert "108 of 108 blocks translated" in result.stderr


def test_spanish_edition_passes_check_and_tei_all(tmp_path: Path, tei_all) -> None:
    out = tmp_path / "es.xml"
    result = run("build", "--lang", "es", "--source", str(REPO / "tei" / "revolution-betrayed.xml"),
                 "--po", str(ES_PO), "-o", str(out))
    assert result.exit_code == 0, result.output
    checked = run("check", str(out))
    assert checked.exit_code == 0, checked.output
    assert checked.stdout.strip() == f"{out}: ok (108 blocks, 15 sections)"
    assert check_file(out, tei_all).problems == ()


# --- French: a third translated ---------------------------------------------------------------


@pytest.fixture()
def french(tmp_path: Path) -> tuple[Path, Catalogue]:
    """The French catalogue with its first translated paragraph marked fuzzy."""
    catalogue = read_catalogue(FR_PO)
    first = next(e for e in catalogue.entries if e.translated and e.context.startswith("rb-p"))  # type: ignore[union-attr]
    catalogue = with_entries(catalogue, lambda e: e.with_flag(FUZZY) if e is first else e)
    path = tmp_path / "fr.po"
    write_catalogue(path, catalogue)
    return path, catalogue


def test_french_falls_back_to_english(tmp_path: Path, essay: Document, french) -> None:
    po, catalogue = french
    translated = [e.context for e in catalogue.live() if e.translated]
    fuzzy = [e.context for e in catalogue.live() if e.fuzzy and e.has_translation]
    assert len(translated) == 39 and len(fuzzy) == 1
    out = tmp_path / "fr.xml"
    result = run("build", "--lang", "fr", "--source", str(REPO / "tei" / "revolution-betrayed.xml"),
                 "--po", str(po), "-o", str(out))
    assert result.exit_code == 0, result.output
    total = len(essay.blocks)
    rest = total - len(translated) - len(fuzzy)
    assert (f"{len(translated)} of {total} blocks translated ({100 * len(translated) / total:.0f}%); "
            f"{len(fuzzy)} fuzzy and {rest} untranslated") in result.stderr
    built = read_tei(out)
    assert built.metadata.language == "fr"
    for block, source in zip(built.blocks, essay.blocks, strict=True):
        assert block.id == source.id
        if block.id in translated:
            assert block.lang == "fr"
            entry = catalogue.get(block.id)  # type: ignore[arg-type]
            assert editor_text(block.content) == normalize_space(strip_placeholders(entry.translation))  # type: ignore[union-attr]
        else:
            assert block.lang == "en", block.id
            assert shape(block) == shape(source)
    # The fallback is said in the XML, on the block itself.
    root = etree.parse(str(out)).getroot()
    marked_en = {el.get("{http://www.w3.org/XML/1998/namespace}id") for el in root.iter()
                 if el.get(XML_LANG) == "en" and el.get("{http://www.w3.org/XML/1998/namespace}id")}
    assert marked_en == {b.id for b in essay.blocks} - set(translated)
    _, report = build_translation(essay, catalogue, "fr")
    assert report.translated == translated and report.fuzzy == fuzzy
    assert len(report.untranslated) == rest and report.total == total


@pytest.mark.parametrize("minimum, refused", [(50, True), (30, False), (37, False), (37.1, True)])
def test_min_percent(tmp_path: Path, minimum: float, refused: bool) -> None:
    out = tmp_path / "editions" / "fr.xml"
    result = run("build", "--lang", "fr", "--source", str(REPO / "tei" / "revolution-betrayed.xml"),
                 "--po", str(FR_PO), "-o", str(out), "--min-percent", str(minimum))
    if refused:
        assert result.exit_code == 1
        errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
        assert len(errors) == 1 and str(FR_PO) in errors[0] and "40 of 108" in errors[0]
        assert not out.exists() and not out.parent.exists()
    else:
        assert result.exit_code == 0, result.output
        assert read_tei(out).metadata.language == "fr"


# --- broken translations never give broken markup ---------------------------------------------


def break_placeholders(entry: Entry) -> Entry:
    text = entry.translation
    if entry.context == "rb-p001":  # missing: the title's tags taken out
        text = re.sub(r"</?title>", "", text)
    elif entry.context == "rb-p002":  # added: a placeholder the source does not have
        text = text.replace("Comuna de París", "<title>Comuna de París</title>")
    elif entry.context == "rb-p045":  # crossing: two placeholders no longer nest
        text = text.replace("</soCalled-1>", "").replace("</soCalled-2>", "</soCalled-1></soCalled-2>")
    else:
        return entry
    assert text != entry.translation
    return replace(entry, translation=text)


BROKEN = {"rb-p001", "rb-p002", "rb-p045"}


def test_broken_placeholders_fall_back_and_are_reported(tmp_path: Path, essay: Document,
                                                       spanish: Catalogue) -> None:
    po = tmp_path / "es.po"
    write_catalogue(po, with_entries(spanish, break_placeholders))
    out = tmp_path / "es.xml"
    result = run("build", "--lang", "es", "--source", str(REPO / "tei" / "revolution-betrayed.xml"),
                 "--po", str(po), "-o", str(out))
    assert result.exit_code == 1
    reported = problem_lines(result.stderr, po)
    assert set(reported) == BROKEN
    text = po.read_text(encoding="utf-8")
    for block_id, line in reported.items():
        start, end = entry_span(text, block_id)
        assert start <= line <= end, (block_id, line, start, end)
    assert "105 of 108 blocks translated" in result.stderr
    # Written all the same: well-formed, valid, the broken blocks in English as in the source.
    assert check_file(out).problems == ()
    built = read_tei(out)
    for block, source in zip(built.blocks, essay.blocks, strict=True):
        if block.id in BROKEN:
            assert block.lang == "en" and shape(block) == shape(source)
        else:
            assert block.lang == "es"


@pytest.mark.parametrize("context", ["rb-p999", "zz-p001"])
def test_an_entry_for_no_block_is_reported(tmp_path: Path, spanish: Catalogue, context: str) -> None:
    stray = Entry("A paragraph that was never there.", "Un párrafo que nunca existió.", context)
    po = tmp_path / "es.po"
    write_catalogue(po, replace(spanish, entries=spanish.entries + (stray,)))
    out = tmp_path / "es.xml"
    result = run("build", "--lang", "es", "--source", str(REPO / "tei" / "revolution-betrayed.xml"),
                 "--po", str(po), "-o", str(out))
    assert result.exit_code == 1
    reported = problem_lines(result.stderr, po)
    assert list(reported) == [context]
    start, end = entry_span(po.read_text(encoding="utf-8"), context)
    assert start <= reported[context] <= end
    assert check_file(out).problems == ()


def test_an_entry_naming_a_section_is_reported(tmp_path: Path, spanish: Catalogue) -> None:
    stray = Entry("The failure of the planned economy?", "¿El fracaso de la economía planificada?", "rb-s002")
    po = tmp_path / "es.po"
    write_catalogue(po, replace(spanish, entries=spanish.entries + (stray,)))
    result = run("build", "--lang", "es", "--source", str(REPO / "tei" / "revolution-betrayed.xml"),
                 "--po", str(po), "-o", str(tmp_path / "es.xml"))
    assert list(problem_lines(result.stderr, po)) == ["rb-s002"]
    assert result.exit_code == 1


def test_a_stale_entry_is_not_used(essay: Document, spanish: Catalogue) -> None:
    """An entry whose msgid is not the block's source (catalogue not updated) is not used,
    and the report says the catalogue is out of date."""
    stale = with_entries(spanish, lambda e: replace(e, source=e.source + " Extra.") if e.context == "rb-p003" else e)
    edition, report = build_translation(essay, stale, "es")
    assert report.stale == ["rb-p003"] and "rb-p003" not in report.untranslated + report.translated
    assert "toolkit update" in report.summary()
    block = next(b for b in edition.blocks if b.id == "rb-p003")
    assert block.content == essay.block("rb-p003").content and block.lang == "en"


def test_builds_are_deterministic(tmp_path: Path) -> None:
    outputs = []
    for attempt in range(2):
        out = tmp_path / "editions" / "fr.xml"
        if out.exists():
            out.unlink()
        result = run("build", "--lang", "fr", "--source", str(REPO / "tei" / "revolution-betrayed.xml"),
                     "--po", str(FR_PO), "-o", str(out))
        assert result.exit_code == 0 and "(written)" in result.stderr
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    # Building again over the same file leaves it alone.
    again = run("build", "--lang", "fr", "--source", str(REPO / "tei" / "revolution-betrayed.xml"),
                "--po", str(FR_PO), "-o", str(out))
    assert "(unchanged)" in again.stderr and out.read_bytes() == outputs[0]

