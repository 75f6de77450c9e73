"""The catalogue template: one entry per block, keyed by its ID, described for the translator,
the same file every time, and the `toolkit extract` command."""

from __future__ import annotations

import datetime
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from conftest import ESSAY_TEI, REPO
from toolkit.cli import main
from toolkit.errors import ToolkitError
from toolkit.extract import TemplateInfo, creation_date, extract_template
from toolkit.placeholders import parse_message, to_message
from toolkit.po import read_catalogue
from toolkit.tei import parse_tei, read_tei
from toolkit.workflow import extract

SHIPPED_POT = REPO / "locale" / "revolution-betrayed.pot"
REFERENCE = "tei/revolution-betrayed.xml"
TEI = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
NS = {"t": TEI}


def gettext_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"GNU gettext's {name} is not installed")
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def description(entry) -> str:
    return entry.extracted_comments.split("\n")[0]


def words(element: etree._Element) -> str:
    return " ".join("".join(element.itertext()).split())


@pytest.fixture(autouse=True)
def no_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


@pytest.fixture(scope="module")
def essay_pot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The essay's template, extracted afresh (no SOURCE_DATE_EPOCH) outside the repository."""
    saved = os.environ.pop("SOURCE_DATE_EPOCH", None)
    try:
        output = tmp_path_factory.mktemp("extract") / "revolution-betrayed.pot"
        result = extract(ESSAY_TEI, output, REFERENCE, "revolution-betrayed")
    finally:
        if saved is not None:
            os.environ["SOURCE_DATE_EPOCH"] = saved
    assert result.written and result.path == output
    return output


@pytest.fixture(scope="module")
def template(essay_pot: Path):
    return read_catalogue(essay_pot)


@pytest.fixture(scope="module")
def essay_xml() -> etree._Element:
    return etree.parse(str(ESSAY_TEI)).getroot()


# --- the essay's template ----------------------------------------------------------------------


def test_shipped_template_is_a_fresh_extraction(essay_pot: Path) -> None:
    assert essay_pot.read_bytes() == SHIPPED_POT.read_bytes()


def test_extracting_twice_gives_the_same_bytes(essay_pot: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.pot"
    extract(ESSAY_TEI, again, REFERENCE, "revolution-betrayed")
    assert again.read_bytes() == essay_pot.read_bytes()


def test_template_is_laid_out_as_gettext_and_passes_msgfmt(essay_pot: Path) -> None:
    cat = subprocess.run([gettext_tool("msgcat"), str(essay_pot)], capture_output=True, check=True)
    assert cat.stdout == essay_pot.read_bytes()
    check = subprocess.run([gettext_tool("msgfmt"), "--check", "-o", os.devnull, str(essay_pot)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


def test_one_entry_per_block_in_document_order(template, essay, essay_xml) -> None:
    assert [entry.context for entry in template.entries] == [block.id for block in essay.blocks]
    # The blocks, straight from the XML: every element of the text with an ID, but the divisions.
    text = essay_xml.find("t:text", NS)
    ids = [el.get(XML_ID) for el in text.iter() if el.get(XML_ID) and etree.QName(el).localname != "div"]
    assert [entry.context for entry in template.entries] == ids
    for entry, block in zip(template.entries, essay.blocks):
        assert entry.source == to_message(block.content).text
        assert entry.translation == "" and not entry.obsolete and entry.flags == ()
        assert entry.references == ((REFERENCE, None),)
    assert template.header_fuzzy
    assert template.header("Project-Id-Version") == "revolution-betrayed"
    assert template.header("Content-Type") == "text/plain; charset=UTF-8"


def test_references_have_no_line_numbers(essay_pot: Path, template) -> None:
    lines = [line for line in essay_pot.read_text(encoding="utf-8").split("\n") if line.startswith("#:")]
    assert len(lines) == len(template.entries)
    assert set(lines) == {f"#: {REFERENCE}"}


def test_title_is_described_as_the_title(template, essay_xml) -> None:
    title_ids = [el.get(XML_ID) for el in essay_xml.iterfind(".//t:titlePart", NS)]
    assert title_ids
    for title_id in title_ids:
        assert description(template.get(title_id)) == "Title of the work"


def body_sections(essay_xml: etree._Element) -> list[etree._Element]:
    return essay_xml.findall("t:text/t:body/t:div", NS)


def place_of(section: etree._Element, number: int) -> str:
    head = section.find("t:head", NS)
    return f"'{words(head)}'" if head is not None else f"section {number} (no heading)"


def test_headings_say_their_section_number(template, essay_xml) -> None:
    sections = body_sections(essay_xml)
    heads = {section.find("t:head", NS).get(XML_ID): number
             for number, section in enumerate(sections, 1) if section.find("t:head", NS) is not None}
    assert "rb-h004" in heads
    assert description(template.get("rb-h004")) == f"Heading of section {heads['rb-h004']}"
    for head_id, number in heads.items():
        assert description(template.get(head_id)) == f"Heading of section {number}"


def test_paragraphs_say_their_number_in_their_section(template, essay_xml) -> None:
    checked = 0
    for number, section in enumerate(body_sections(essay_xml), 1):
        for k, paragraph in enumerate(section.findall("t:p", NS), 1):
            assert description(template.get(paragraph.get(XML_ID))) == f"Paragraph {k} of {place_of(section, number)}"
            checked += 1
    assert checked > 50
    # One of them by hand, to be sure the XML walk above is the right one.
    assert description(template.get("rb-p026")) == "Paragraph 1 of 'The failure of the 'market''"


def test_list_items_say_their_number_label_and_place(template, essay_xml) -> None:
    checked = 0
    for number, section in enumerate(body_sections(essay_xml), 1):
        for found in section.iterfind(".//t:list", NS):
            label = None
            k = 0
            for child in found:
                if etree.QName(child).localname == "label":
                    label = words(child)
                elif etree.QName(child).localname == "item":
                    k += 1
                    assert description(template.get(child.get(XML_ID))) == (
                        f"Item {k} (labelled {label}) of the numbered list in {place_of(section, number)}")
                    checked += 1
    assert checked >= 2
    assert description(template.get("rb-i002")).startswith("Item 2 (labelled 2)) of the numbered list in ")


def test_placeholders_are_explained_once_each(template) -> None:
    for entry in template.entries:
        names = {re.sub(r"-\d+$", "", slot.name) for slot in parse_message(entry.source).slots}
        legend = [line for line in entry.extracted_comments.split("\n") if line.startswith("Placeholders:")]
        if not names:
            assert legend == [], entry.context
            continue
        assert len(legend) == 1, entry.context
        for name in names:
            assert legend[0].count(f"<{name}> ") == 1, (entry.context, name)


def test_creation_date_is_the_latest_revision(template, essay_xml) -> None:
    dates = [change.get("when") for change in essay_xml.iterfind(".//t:revisionDesc/t:change", NS)]
    latest = max(dates)
    assert template.header("POT-Creation-Date") == f"{latest} 00:00+0000"


# --- small documents ---------------------------------------------------------------------------

TINY = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:its="http://www.w3.org/2005/11/its" xml:lang="en">
  <teiHeader>
    <fileDesc>
      <titleStmt><title>Tiny</title></titleStmt>
      <publicationStmt><p>Unpublished.</p></publicationStmt>
      <sourceDesc><p>Made up.</p></sourceDesc>
    </fileDesc>
    <revisionDesc>
      <change when="2024-03-05">Second.</change>
      <change when="2025-07-09">Latest.</change>
      <change when="2023-01-01">First.</change>
    </revisionDesc>
  </teiHeader>
  <text>
    <body>
      <div xml:id="t-s1">
        <head xml:id="t-h1">Only heading</head>
        <p xml:id="t-p1">Same sentence.</p>
        <p xml:id="t-p2">Same sentence.</p>
        <p xml:id="t-p3" its:locNote="Keep it   short:
           the line is a caption.">A caption.</p>
        <p xml:id="t-p4"/>
        PLACE
      </div>
    </body>
  </text>
</TEI>
"""


def tiny(tmp_path: Path, extra: str = "") -> Path:
    path = tmp_path / "tiny.xml"
    path.write_text(TINY.replace("PLACE", extra), encoding="utf-8")
    return path


def test_identical_sentences_stay_two_entries(tmp_path: Path) -> None:
    output = tmp_path / "tiny.pot"
    extract(tiny(tmp_path), output, "tiny.xml")
    catalogue = read_catalogue(output)
    same = [entry for entry in catalogue.entries if entry.source == "Same sentence."]
    assert [entry.context for entry in same] == ["t-p1", "t-p2"]
    assert [description(entry) for entry in same] == ["Paragraph 1 of 'Only heading'", "Paragraph 2 of 'Only heading'"]
    if shutil.which("msgfmt"):
        check = subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(output)], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr


def test_a_block_without_text_has_no_entry(tmp_path: Path) -> None:
    document = read_tei(tiny(tmp_path))
    assert "t-p4" in document
    catalogue = extract_template(document, "tiny.xml", TemplateInfo("tiny", "2025-01-01 00:00+0000"))
    assert [entry.context for entry in catalogue.entries] == ["t-h1", "t-p1", "t-p2", "t-p3"]


def test_localization_note_is_passed_to_the_translator(tmp_path: Path) -> None:
    document = read_tei(tiny(tmp_path))
    assert dict(document.block("t-p3").attrs)["{http://www.w3.org/2005/11/its}locNote"]
    catalogue = extract_template(document, "tiny.xml", TemplateInfo("tiny", "2025-01-01 00:00+0000"))
    comments = catalogue.get("t-p3").extracted_comments.split("\n")  # type: ignore[union-attr]
    assert "Note for translators: Keep it short: the line is a caption." in comments
    assert not any("Note for translators" in entry.extracted_comments
                   for entry in catalogue.entries if entry.context != "t-p3")


def test_a_block_without_id_is_refused_naming_file_and_line(tmp_path: Path) -> None:
    source = tiny(tmp_path, "<p>This paragraph has no identifier.</p>")
    line = next(number for number, text in enumerate(source.read_text().split("\n"), 1) if "no identifier" in text)
    output = tmp_path / "tiny.pot"
    with pytest.raises(ToolkitError) as caught:
        extract(source, output, "tiny.xml")
    assert str(caught.value).startswith(f"{source}:{line}: ")
    assert "xml:id" in str(caught.value)
    assert not output.exists()


def test_source_date_epoch_sets_the_creation_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    epoch = 1_700_000_000
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
    output = tmp_path / "tiny.pot"
    extract(tiny(tmp_path), output, "tiny.xml")
    moment = datetime.datetime.fromtimestamp(epoch, tz=datetime.timezone.utc)
    assert read_catalogue(output).header("POT-Creation-Date") == moment.strftime("%Y-%m-%d %H:%M+0000")
    assert creation_date(read_tei(tiny(tmp_path)), epoch) == moment.strftime("%Y-%m-%d %H:%M+0000")


def test_without_source_date_epoch_the_date_is_the_latest_revision(tmp_path: Path) -> None:
    output = tmp_path / "tiny.pot"
    extract(tiny(tmp_path), output, "tiny.xml")
    # The revisions are listed out of order: the latest wins, not the first or the last.
    assert read_catalogue(output).header("POT-Creation-Date") == "2025-07-09 00:00+0000"


def test_a_bad_source_date_epoch_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(ToolkitError) as caught:
        extract(tiny(tmp_path), tmp_path / "tiny.pot", "tiny.xml")
    assert "SOURCE_DATE_EPOCH" in str(caught.value)


def test_template_header_names_project_and_title(tmp_path: Path) -> None:
    output = tmp_path / "tiny.pot"
    extract(tiny(tmp_path), output, "tiny.xml", project="tinyproj", bugs_address="bugs@example.org")
    catalogue = read_catalogue(output)
    assert catalogue.header("Project-Id-Version") == "tinyproj"
    assert catalogue.header("Report-Msgid-Bugs-To") == "bugs@example.org"
    assert "Tiny" in catalogue.header_comment and "tiny.xml" in catalogue.header_comment


def described(body: str, front: str = "", back: str = "") -> dict[str, str]:
    data = (
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>'
        "<publicationStmt><p>U</p></publicationStmt><sourceDesc><p>M</p></sourceDesc></fileDesc></teiHeader>"
        f"<text><front>{front}</front><body>{body}</body><back>{back}</back></text></TEI>"
    ).encode()
    catalogue = extract_template(parse_tei(data, "t.xml"), "t.xml", TemplateInfo("t", "2025-01-01 00:00+0000"))
    return {entry.context: description(entry) for entry in catalogue.entries}  # type: ignore[misc]


def test_front_and_back_matter_are_described_as_such() -> None:
    found = described(
        body='<div xml:id="c1"><head xml:id="h1">Chapter one</head><p xml:id="p1">First.</p></div>',
        front='<div><p xml:id="f1">Preface.</p></div>',
    )
    assert found == {"f1": "Paragraph 1 of the front matter", "h1": "Heading of section 1",
                     "p1": "Paragraph 1 of 'Chapter one'"}


def test_divisions_without_id_are_described_by_their_own_heading() -> None:
    found = described(
        body='<div type="chapter"><head xml:id="h1">Chapter one</head><p xml:id="p1">First.</p></div>'
             '<div type="chapter"><head xml:id="h2">Chapter two</head><p xml:id="p2">Second.</p></div>',
        front='<div><p xml:id="f1">Preface.</p></div>',
    )
    assert found["h1"] == "Heading of section 1"
    assert found["p1"] == "Paragraph 1 of 'Chapter one'"
    assert found["h2"] == "Heading of section 2"
    assert found["p2"] == "Paragraph 1 of 'Chapter two'"
    assert found["f1"] == "Paragraph 1 of the front matter"


def test_back_matter_numbering_starts_afresh() -> None:
    found = described(
        body='<div xml:id="c1"><head xml:id="h1">Chapter one</head><p xml:id="p1">First.</p></div>',
        front='<div><p xml:id="f1">Preface.</p><p xml:id="f2">More preface.</p></div>',
        back='<div><p xml:id="k1">Appendix.</p></div>',
    )
    assert found["f2"] == "Paragraph 2 of the front matter"
    assert found["k1"] == "Paragraph 1 of the back matter"


# --- the command -------------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(REPO / "tei", tmp_path / "tei")
    shutil.copy(REPO / "toolkit.toml", tmp_path / "toolkit.toml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_bare_extract_in_a_project_writes_the_shipped_template(project: Path, essay) -> None:
    code, stdout, stderr = run("extract")
    assert code == 0, stderr
    written = project / "locale" / "revolution-betrayed.pot"
    assert written.read_bytes() == SHIPPED_POT.read_bytes()
    assert stderr.strip().endswith(f"{len(essay.blocks)} entries (written)")


def test_extract_again_on_an_unchanged_tei_leaves_the_file_alone(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    written = project / "locale" / "revolution-betrayed.pot"
    assert run("extract")[0] == 0
    old = 1_000_000_000_000_000_000
    os.utime(written, ns=(old, old))
    inode = written.stat().st_ino
    code, _, stderr = run("extract")
    assert code == 0
    assert stderr.strip().endswith("entries (unchanged)")
    assert (written.stat().st_mtime_ns, written.stat().st_ino) == (old, inode)
    # A new SOURCE_DATE_EPOCH alone is no reason to rewrite it either.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    code, _, stderr = run("extract")
    assert code == 0 and stderr.strip().endswith("entries (unchanged)")
    assert written.stat().st_mtime_ns == old


def test_extract_rewrites_when_the_tei_changes(project: Path) -> None:
    written = project / "locale" / "revolution-betrayed.pot"
    run("extract")
    source = project / "tei" / "revolution-betrayed.xml"
    source.write_text(source.read_text(encoding="utf-8").replace(
        "six million people starved", "six million people died of hunger"), encoding="utf-8")
    code, _, stderr = run("extract")
    assert code == 0 and stderr.strip().endswith("entries (written)")
    assert "six million people died of hunger" in written.read_text(encoding="utf-8").replace('"\n"', "")


def test_extract_with_explicit_source_and_output(project: Path, tmp_path: Path) -> None:
    output = tmp_path / "elsewhere" / "out.pot"
    code, _, stderr = run("extract", "tei/revolution-betrayed.xml", "-o", str(output))
    assert code == 0, stderr
    assert output.read_bytes() == SHIPPED_POT.read_bytes()


def test_extract_without_project_or_source_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, stdout, stderr = run("extract")
    assert code == 2
    assert "Usage:" in stderr
    assert "toolkit.toml" in stderr
    assert "Traceback" not in stderr + stdout
    assert list(tmp_path.iterdir()) == []


def test_extract_refuses_a_block_without_id_as_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tiny(tmp_path, "<p>No identifier here.</p>")
    monkeypatch.chdir(tmp_path)
    code, _, stderr = run("extract", str(source), "-o", str(tmp_path / "out.pot"))
    assert code == 1
    assert stderr.startswith(f"Error: {source}:")
    assert "Traceback" not in stderr
