"""The catalogue commands from a translator's shell: extract, update, build, stats and qa in a
project of their own, and every kind of bad input answered with one clear line."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from lxml import etree

from conftest import REPO
from toolkit.cli import main
from toolkit.po import read_catalogue

DOMAIN = "revolution-betrayed"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
SUMMARY = re.compile(
    r"^(?P<lang>[\w-]+): (?P<kept>\d+) kept, (?P<changed>\d+) fuzzy \(source changed\), "
    r"(?P<suggested>\d+) fuzzy \(suggested\), (?P<new>\d+) new, (?P<obsolete>\d+) obsolete"
    r"(?:, (?P<revived>\d+) revived)? -> (?P<path>\S+) \((?P<state>created|written|unchanged)\)$"
)


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the repository's project (TEI, catalogues, settings), the current folder."""
    root = tmp_path / "project"
    root.mkdir()
    for folder in ("tei", "locale"):
        shutil.copytree(REPO / folder, root / folder)
    shutil.copy(REPO / "toolkit.toml", root / "toolkit.toml")
    monkeypatch.chdir(root)
    return root


def po_path(root: Path, language: str) -> Path:
    return root / "locale" / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def run(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    assert not result.exception or isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.output
    return result


def summaries(result: Result) -> dict[str, dict[str, str]]:
    found = {}
    for line in result.stdout.splitlines():
        match = SUMMARY.match(line)
        assert match, f"not a summary line: {line!r}"
        found[match["lang"]] = match.groupdict()
    return found


def snapshot(root: Path) -> dict[str, bytes | str]:
    return {
        path.relative_to(root).as_posix(): (path.read_bytes() if path.is_file() else "<folder>")
        for path in sorted(root.rglob("*"))
    }


def run_failing(root: Path, *args: str, exit_code: int = 1) -> str:
    """Run a command that must fail cleanly, touching no file; give its one error message."""
    before = snapshot(root)
    result = run(*args)
    assert result.exit_code == exit_code, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1, result.output
    assert result.stdout == "", result.stdout
    assert snapshot(root) == before, "a failing command changed files"
    return errors[0][len("Error: "):]


def revise_tei(path: Path, edits: dict[str, tuple[str, str]], deleted: set[str]) -> None:
    """Edit the TEI file as an editor would: words changed in some blocks, others removed."""
    tree = etree.parse(str(path))
    for element in list(tree.iter()):
        identifier = element.get(XML_ID)
        if identifier in edits:
            old, new = edits[identifier]
            assert element.text and old in element.text
            element.text = element.text.replace(old, new, 1)
        elif identifier in deleted:
            parent = element.getparent()
            previous = element.getprevious()
            if previous is not None:
                previous.tail = element.tail
            parent.remove(element)
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def expected_counts(catalogue_path: Path, edited: set[str], deleted: set[str]) -> dict[str, int]:
    """What update must report for a catalogue after *edited* and *deleted* blocks."""
    live = list(read_catalogue(catalogue_path).live())
    translated = {e.context for e in live if e.has_translation}
    return {
        "kept": len(live) - len(edited) - len(deleted),
        "changed": len(edited & translated),
        "suggested": 0,
        "new": len(edited - translated),
        "obsolete": len(deleted & translated),
    }


# --- the workflow ------------------------------------------------------------------------------


def test_extract_writes_the_template_once(project: Path) -> None:
    pot = project / "locale" / f"{DOMAIN}.pot"
    pot.unlink()
    result = run("extract")
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == f"{pot}: 108 entries (written)"
    assert pot.read_bytes() == (REPO / "locale" / f"{DOMAIN}.pot").read_bytes()
    again = run("extract")
    assert again.stderr.strip() == f"{pot}: 108 entries (unchanged)"


def test_update_reports_per_language(project: Path) -> None:
    edited = {"rb-p002": ("brief but glorious", "short but glorious")}
    deleted = {"rb-p020", "rb-p030"}
    languages = sorted(folder.name for folder in (project / "locale").iterdir() if folder.is_dir())
    expected = {lang: expected_counts(po_path(project, lang), set(edited), deleted) for lang in languages}
    revise_tei(project / "tei" / f"{DOMAIN}.xml", edited, deleted)
    assert run("extract").exit_code == 0
    result = run("update")
    assert result.exit_code == 0, result.output
    found = summaries(result)
    assert sorted(found) == languages
    for language, counts in expected.items():
        line = found[language]
        assert {key: int(line[key]) for key in counts} == counts, (language, line)
        assert line["path"] == f"locale/{language}/LC_MESSAGES/{DOMAIN}.po"
        assert line["state"] == "written"
        catalogue = read_catalogue(po_path(project, language))
        assert {e.context for e in catalogue.obsolete()} == deleted & {
            e.context for e in read_catalogue(po_path(REPO, language)).entries if e.has_translation}
    assert expected["es"] == {"kept": 105, "changed": 1, "suggested": 0, "new": 0, "obsolete": 2}
    # Nothing more to do the second time.
    again = summaries(run("update"))
    assert {lang: line["state"] for lang, line in again.items()} == {lang: "unchanged" for lang in languages}
    assert int(again["es"]["kept"]) == 106 and again["es"]["changed"] == "0"


def test_update_creates_a_new_language(project: Path) -> None:
    result = run("update", "--lang", "de")
    assert result.exit_code == 0, result.output
    line = summaries(result)["de"]
    assert (line["kept"], line["new"], line["state"]) == ("0", "108", "created")
    path = po_path(project, "de")
    catalogue = read_catalogue(path)
    assert catalogue.header("Language") == "de"
    assert catalogue.header("Plural-Forms") == "nplurals=2; plural=(n != 1);"
    assert [e.context for e in catalogue.entries] == [
        e.context for e in read_catalogue(project / "locale" / f"{DOMAIN}.pot").entries]
    assert not any(e.has_translation for e in catalogue.entries)
    if shutil.which("msgfmt"):
        checked = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)],
                                 capture_output=True, text=True, check=False)
        assert checked.returncode == 0, checked.stderr
    # The others are left as they were.
    assert po_path(project, "es").read_bytes() == po_path(REPO, "es").read_bytes()
    # And stats now lists it.
    assert "de " in run("stats").stdout


def test_update_with_named_files(project: Path, tmp_path: Path) -> None:
    po = tmp_path / "elsewhere" / "it.po"
    result = run("update", "--lang", "it", "--pot", str(project / "locale" / f"{DOMAIN}.pot"), "--po", str(po))
    assert result.exit_code == 0, result.output
    assert summaries(result)["it"]["new"] == "108"
    assert read_catalogue(po).header("Language") == "it"


def test_build_stats_and_qa_in_the_project(project: Path) -> None:
    result = run("build", "--lang", "es")
    assert result.exit_code == 0, result.output
    assert (project / "editions" / f"{DOMAIN}-es.xml").read_bytes() == (
        REPO / "editions" / f"{DOMAIN}-es.xml").read_bytes()
    qa = run("qa", "--lang", "es")
    assert qa.exit_code == 0 and qa.stdout == "", qa.output
    stats = run("stats", "--lang", "es", "--lang", "fr")
    assert stats.exit_code == 0
    assert [line.split()[0] for line in stats.stdout.splitlines()] == ["language", "es", "fr"]


# --- bad input: one line, naming the file, no traceback ----------------------------------------


def test_update_without_a_template(project: Path) -> None:
    pot = project / "locale" / f"{DOMAIN}.pot"
    pot.unlink()
    message = run_failing(project, "update")
    assert message.startswith(f"{pot}: ") and "toolkit extract" in message


def test_update_with_a_corrupt_catalogue(project: Path) -> None:
    po = po_path(project, "es")
    lines = po.read_text(encoding="utf-8").split("\n")
    at = lines.index('msgctxt "rb-p003"')
    lines[at + 1] = "this is not a PO line"
    po.write_text("\n".join(lines), encoding="utf-8")
    message = run_failing(project, "update", "--lang", "es")
    assert message.startswith(f"{po}:{at + 2}: "), message
    # The other commands that read it say the same.
    assert run_failing(project, "build", "--lang", "es").startswith(f"{po}:{at + 2}: ")
    assert run_failing(project, "stats", "--lang", "es").startswith(f"{po}:{at + 2}: ")


def test_update_with_an_unterminated_string(project: Path) -> None:
    po = po_path(project, "es")
    lines = po.read_text(encoding="utf-8").split("\n")
    at = lines.index('msgctxt "rb-p001"') + 2  # the second line of the msgid
    assert lines[at].startswith('"') and lines[at].endswith('"')
    lines[at] = lines[at][:-1]
    po.write_text("\n".join(lines), encoding="utf-8")
    message = run_failing(project, "update", "--lang", "es")
    assert message.startswith(f"{po}:{at + 1}: "), message


def test_update_with_a_latin1_catalogue(project: Path) -> None:
    po = po_path(project, "es")
    text = po.read_text(encoding="utf-8").replace("charset=UTF-8", "charset=ISO-8859-1")
    data = text.encode("iso-8859-1", errors="replace")
    po.write_bytes(data)
    first = next(number for number, line in enumerate(data.split(b"\n"), 1) if any(byte > 127 for byte in line))
    message = run_failing(project, "update", "--lang", "es")
    assert re.match(rf"{re.escape(str(po))}:{first}:\d+: ", message), message
    assert "UTF-8" in message


def test_update_with_a_catalogue_declaring_another_charset(project: Path) -> None:
    """Bytes that happen to be ASCII, but a header that says ISO-8859-1: refused at that line."""
    po = po_path(project, "de")
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: de\\n"\n"Content-Type: text/plain; charset=ISO-8859-1\\n"\n',
        encoding="ascii",
    )
    message = run_failing(project, "update", "--lang", "de")
    assert message.startswith(f"{po}:4: ") and "ISO-8859-1" in message


def test_update_with_a_bad_language_code(project: Path) -> None:
    message = run_failing(project, "update", "--lang", "../x")
    assert "'../x'" in message and "language code" in message
    assert not (project / "x").exists() and not (project / "locale" / "x").exists()


def test_build_without_the_catalogue(project: Path) -> None:
    message = run_failing(project, "build", "--lang", "it")
    assert message.startswith(f"{po_path(project, 'it')}: ") and "toolkit update --lang it" in message
    assert not (project / "editions").exists()


@pytest.mark.parametrize("command", [["stats"], ["qa"], ["update"], ["build", "--lang", "es"]])
def test_commands_outside_a_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]) -> None:
    outside = tmp_path / "nowhere"
    outside.mkdir()
    monkeypatch.chdir(outside)
    message = run_failing(outside, *command, exit_code=2)
    assert "toolkit.toml" in message
