"""Checking translations (qa) and counting them (stats), on the real catalogues and crafted ones."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import replace
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner, Result

from conftest import ESSAY_TEI, REPO
from toolkit.catalogue import FUZZY, Catalogue, Entry
from toolkit.cli import main
from toolkit.model import Document
from toolkit.po import read_catalogue, write_catalogue
from toolkit.qa import ERROR, WARNING, check_catalogue, check_entry
from toolkit.stats import catalogue_stats
from toolkit.workflow import quality

ES_PO = REPO / "locale" / "es" / "LC_MESSAGES" / "revolution-betrayed.po"
FR_PO = REPO / "locale" / "fr" / "LC_MESSAGES" / "revolution-betrayed.po"
STATES = ("translated", "fuzzy", "untranslated", "obsolete")


def run(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    assert not result.exception or isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.output
    return result


def checks(source: str, translation: str) -> set[tuple[str, str]]:
    """The (check, severity) pairs that fire for one entry."""
    return {(f.check, f.severity) for f in check_entry(Entry(source, translation, "rb-p001"))}


# --- qa on the shipped Spanish catalogue -------------------------------------------------------


def test_shipped_spanish_catalogue_has_no_errors(essay: Document) -> None:
    catalogue = read_catalogue(ES_PO)
    findings = check_catalogue(catalogue, essay.ids)
    assert [f for f in findings if f.severity == ERROR] == []
    assert all(f.path == str(ES_PO) for f in findings)


# --- each check fires on a fault and keeps quiet on a legitimate variant ----------------------

SOURCE = "Read <title>Capital</title> and <q>this</q> now."


@pytest.mark.parametrize(
    "translation, fires",
    [
        ("Lea Capital y <q>esto</q> ahora.", True),  # missing
        ("Lea <title>El capital</title> y <q>esto</q><lb/> ahora.", True),  # added
        ("Lea <title>El capital</title> y <q>esto</q> y <title>más</title>.", True),  # duplicated
        ("Lea <title>El <q>capital</title> y esto</q> ahora.", True),  # crossing
        ("Lea <title/> y <q>esto</q> ahora.", True),  # emptied
        ("Lea <title>El capital</title> y <q>esto</q> ahora.", False),
        ("<q>Esto</q> ahora, y lea <title>El capital</title>.", False),  # reordered
    ],
)
def test_placeholders(translation: str, fires: bool) -> None:
    found = checks(SOURCE, translation)
    assert (("placeholders", ERROR) in found) is fires, found


@pytest.mark.parametrize(
    "source, translation, fires",
    [
        ("The revolution of 1917.", "La revolución de 1918.", True),
        ("The revolution of 1917.", "La revolución.", True),
        ("In 1905 and 1917.", "En 1905 y 1905.", True),
        ("Growth of 7.7 percent.", "Un crecimiento del 7,7 por ciento.", False),
        ("Growth of 7.7 percent.", "Un crecimiento del 7,8 por ciento.", True),
        ("Losses of $150 billion.", "Pérdidas de 150 mil millones de dólares.", False),
        ("Only 500,000 remained.", "Solo quedaron 500 000.", False),
        ("Only 500,000 remained.", "Solo quedaron 500.000.", False),
        ("Only 500,000 remained.", "Solo quedaron 500\u00a0000.", False),
        ("Only 500,000 remained.", "Solo quedaron 50 000.", True),
        ("In 1905 and 1917.", "En 1917 y en 1905.", False),  # reordered
        ("From <title>1917</title> on.", "Desde <title>1917</title>.", False),
    ],
)
def test_numbers(source: str, translation: str, fires: bool) -> None:
    found = checks(source, translation)
    assert (("numbers", ERROR) in found) is fires, found


def test_numbers_side_by_side_are_two_numbers() -> None:
    assert checks("In 1917 500 workers struck.", "En 1917, 500 obreros fueron a la huelga.") == set()


@pytest.mark.parametrize(
    "source, translation, fires",
    [
        ('He said (in 1917) "no".', 'Dijo (en 1917 "no".', True),
        ('He said "no".', 'Dijo "no.', True),
        ('He said "no".', "Dijo « no.", True),
        ("Why so low?", "¿Por qué tan baja", True),
        ('He said (in 1917) "no".', "Dijo (en 1917) «no».", False),
        ('He said "no".', "Dijo “no”.", False),
        ("Why so low?", "¿Por qué tan baja?", False),
        ("Why? How?", "¿Por qué? ¿Cómo?", False),
        ("An aside (unclosed in the source.", "Un inciso (sin cerrar en el original.", False),
    ],
)
def test_quotes(source: str, translation: str, fires: bool) -> None:
    found = checks(source, translation)
    assert (("quotes", ERROR) in found) is fires, found


def test_german_quotation_marks_are_balanced() -> None:
    assert checks('He said "no" to them.', "Er sagte „nein“ zu ihnen.") == set()


@pytest.mark.parametrize(
    "source, translation, fires",
    [
        ("The Revolution Betrayed", "The Revolution Betrayed", True),
        ("1917", "1917", False),  # nothing to translate
        ("The Revolution Betrayed", "La revolución traicionada", False),
    ],
)
def test_identical_to_source(source: str, translation: str, fires: bool) -> None:
    found = checks(source, translation)
    assert (("untranslated", WARNING) in found) is fires, found
    assert not any(severity == ERROR for _, severity in found)


@pytest.mark.parametrize(
    "source, translation, fires",
    [
        ("Betrayed.", " Traicionada.", True),
        ("Betrayed.", "Traicionada. ", True),
        ("Betrayed.", "Traicionada.\n", True),
        ("Betrayed. ", "Traicionada.", True),
        ("Betrayed. ", "Traicionada. ", False),
        ("Betrayed.", "Traicionada.", False),
    ],
)
def test_whitespace(source: str, translation: str, fires: bool) -> None:
    found = checks(source, translation)
    assert (("whitespace", WARNING) in found) is fires, found
    assert not any(severity == ERROR for _, severity in found)


def length_catalogue(ratio: float) -> Catalogue:
    """Six ordinary entries (translation 1.1 times the source) and one of the given *ratio*."""
    entries = []
    for number in range(6):
        source = f"Ordinary sentence number {'x' * number} with enough words in it to count."
        entries.append(Entry(source, "t" * round(len(source) * 1.1), f"rb-p{number + 1:03d}"))
    source = "The odd one out, with as many words as the others, more or less."
    entries.append(Entry(source, "u" * round(len(source) * ratio), "rb-p100"))
    return Catalogue(tuple(entries))


@pytest.mark.parametrize("ratio, fires", [(3.0, True), (0.3, True), (1.5, False), (0.8, False)])
def test_length_ratio(ratio: float, fires: bool) -> None:
    findings = check_catalogue(length_catalogue(ratio))
    flagged = {f.context for f in findings if f.check == "length"}
    assert flagged == ({"rb-p100"} if fires else set())
    assert all(f.severity == WARNING for f in findings if f.check == "length")


def test_length_is_not_judged_on_too_few_entries() -> None:
    catalogue = length_catalogue(3.0)
    few = replace(catalogue, entries=catalogue.entries[-4:])
    assert [f for f in check_catalogue(few) if f.check == "length"] == []


def test_unknown_id(essay: Document) -> None:
    catalogue = Catalogue((Entry("Text.", "Texto.", "rb-p001"), Entry("Text.", "Texto.", "rb-p999"),
                           Entry("Gone.", "Ido.", "rb-p998", obsolete=True)))
    findings = check_catalogue(catalogue, essay.ids)
    assert [(f.check, f.severity, f.context) for f in findings] == [("unknown-id", ERROR, "rb-p999")]
    assert check_catalogue(catalogue) == []


def test_unknown_id_is_checked_against_block_ids(essay: Document) -> None:
    catalogue = Catalogue((Entry("Text.", "Texto.", "rb-s002"),))
    block_ids = [block.id for block in essay.blocks]
    assert [(f.check, f.context) for f in check_catalogue(catalogue, block_ids)] == [("unknown-id", "rb-s002")]


def test_qa_reports_an_entry_naming_a_section(tmp_path: Path) -> None:
    po = tmp_path / "es.po"
    write_catalogue(po, Catalogue((Entry("Text.", "Texto.", "rb-s002"),)))
    findings = quality(po, ESSAY_TEI)
    assert [(f.check, f.context) for f in findings] == [("unknown-id", "rb-s002")]


def test_untranslated_fuzzy_and_obsolete_entries() -> None:
    """qa reads translations: an empty one has nothing to check; an obsolete one is not in use."""
    assert check_entry(Entry("In 1917.", "", "rb-p001")) == []
    assert check_entry(Entry("In 1917.", "En 1918.", "rb-p001", obsolete=True)) == []
    assert {f.check for f in check_entry(Entry("In 1917.", "En 1918.", "rb-p001", flags=(FUZZY,)))} == {"numbers"}


# --- the qa command ------------------------------------------------------------------------------


def entry_line(text: str, context: str) -> int:
    """The line where polib (and so the toolkit) says the entry *context* starts: its first line."""
    lines = text.split("\n")
    at = lines.index(f'msgctxt "{context}"')
    while at > 0 and lines[at - 1].strip():
        at -= 1
    return at + 1


def crafted_po(tmp_path: Path, *, errors: bool, warnings: bool) -> Path:
    spanish = read_catalogue(ES_PO)

    def spoil(entry: Entry) -> Entry:
        if errors and entry.context == "rb-p002":  # 1917 -> 1918
            return replace(entry, translation=entry.translation.replace("1917", "1918"))
        if errors and entry.context == "rb-p001":  # the title's placeholder lost
            return replace(entry, translation=re.sub(r"</?title>", "", entry.translation))
        if warnings and entry.context == "rb-p003":
            return replace(entry, translation=entry.translation + " ")
        return entry

    path = tmp_path / "es.po"
    write_catalogue(path, replace(spanish, entries=tuple(spoil(e) for e in spanish.entries)))
    return path


FINDING_LINE = re.compile(r"^(?P<path>.+):(?P<line>\d+): (?P<id>[\w.-]+): \[(?P<check>[\w-]+)\] (?P<severity>error|warning): \S")


def findings_printed(result: Result) -> list[tuple[str, int, str, str, str]]:
    lines = result.stdout.splitlines()
    parsed = [FINDING_LINE.match(line) for line in lines]
    assert all(parsed), result.stdout
    return [(m["path"], int(m["line"]), m["id"], m["check"], m["severity"]) for m in parsed]  # type: ignore[index]


def test_qa_command_prints_each_finding_and_fails_on_errors(tmp_path: Path) -> None:
    po = crafted_po(tmp_path, errors=True, warnings=True)
    result = run("qa", "--po", str(po))
    assert result.exit_code == 1
    text = po.read_text(encoding="utf-8")
    printed = findings_printed(result)
    assert printed == [
        (str(po), entry_line(text, "rb-p001"), "rb-p001", "placeholders", "error"),
        (str(po), entry_line(text, "rb-p002"), "rb-p002", "numbers", "error"),
        (str(po), entry_line(text, "rb-p003"), "rb-p003", "whitespace", "warning"),
    ]
    assert "2 error(s), 1 warning(s)" in result.stderr
    # The same as the library's findings, one line each.
    assert result.stdout.splitlines() == [str(f) for f in check_catalogue(read_catalogue(po))]


def test_qa_command_passes_with_warnings_unless_strict(tmp_path: Path) -> None:
    po = crafted_po(tmp_path, errors=False, warnings=True)
    result = run("qa", "--po", str(po))
    assert result.exit_code == 0, result.output
    assert [p[3:] for p in findings_printed(result)] == [("whitespace", "warning")]
    strict = run("qa", "--po", str(po), "--strict")
    assert strict.exit_code == 1
    assert strict.stdout == result.stdout


def test_qa_command_on_a_clean_catalogue(tmp_path: Path) -> None:
    po = crafted_po(tmp_path, errors=False, warnings=False)
    for args in (("qa", "--po", str(po)), ("qa", "--po", str(po), "--strict")):
        result = run(*args)
        assert result.exit_code == 0 and result.stdout == "", result.output


def test_qa_command_in_a_project_checks_ids(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for folder in ("tei", "locale"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    shutil.copy(REPO / "toolkit.toml", tmp_path / "toolkit.toml")
    po = tmp_path / "locale" / "es" / "LC_MESSAGES" / "revolution-betrayed.po"
    spanish = read_catalogue(po)
    write_catalogue(po, replace(spanish, entries=spanish.entries + (Entry("Text.", "Texto.", "rb-p999"),)))
    monkeypatch.chdir(tmp_path)
    result = run("qa", "--lang", "es")
    assert result.exit_code == 1
    assert [p[2:] for p in findings_printed(result)] == [("rb-p999", "unknown-id", "error")]
    assert run("qa", "--lang", "fr").exit_code == 0


# --- stats ---------------------------------------------------------------------------------------

TAG = re.compile(r"</?[A-Za-z_][\w.]*(?:-\d+)?\s*/?>")


def expected_stats(path: Path) -> dict[str, dict[str, int]]:
    """Entries and source words by state, read with polib directly."""
    figures = {state: {"entries": 0, "words": 0} for state in STATES}
    for entry in polib.pofile(str(path)):
        if entry.obsolete:
            state = "obsolete"
        elif entry.msgstr and "fuzzy" not in entry.flags:
            state = "translated"
        elif entry.msgstr:
            state = "fuzzy"
        else:
            state = "untranslated"
        text = TAG.sub("", entry.msgid).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        figures[state]["entries"] += 1
        figures[state]["words"] += len(re.findall(r"\w+", text))
    return figures


def figures_of(stats) -> dict[str, dict[str, int]]:
    return {state: {"entries": getattr(stats, state).entries, "words": getattr(stats, state).words}
            for state in STATES}


@pytest.mark.parametrize("language, path", [("es", ES_PO), ("fr", FR_PO)])
def test_stats_of_the_shipped_catalogues(language: str, path: Path) -> None:
    stats = catalogue_stats(read_catalogue(path), language)
    expected = expected_stats(path)
    assert figures_of(stats) == expected
    live = sum(expected[s]["entries"] for s in STATES[:3])
    assert stats.total.entries == live == 108
    if language == "es":
        assert expected["translated"]["entries"] == 108 and stats.percent("translated") == 100.0
    else:
        assert expected["translated"]["entries"] == 40
        assert stats.percent("translated", "entries") == pytest.approx(100 * 40 / 108)
        words = expected["translated"]["words"] / sum(expected[s]["words"] for s in STATES[:3])
        assert stats.percent("translated") == pytest.approx(100 * words)


@pytest.fixture()
def stats_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project whose French catalogue has fuzzy and obsolete entries too."""
    for folder in ("tei", "locale"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    shutil.copy(REPO / "toolkit.toml", tmp_path / "toolkit.toml")
    po = tmp_path / "locale" / "fr" / "LC_MESSAGES" / "revolution-betrayed.po"
    french = read_catalogue(po)
    translated = [e for e in french.entries if e.translated]
    fuzzy, buried = {id(e) for e in translated[:3]}, {id(e) for e in translated[3:5]}

    def change(entry: Entry) -> Entry:
        if id(entry) in fuzzy:
            return entry.with_flag(FUZZY)
        if id(entry) in buried:
            return replace(entry, obsolete=True, references=(), extracted_comments="")
        return entry

    changed = tuple(change(e) for e in french.entries)
    # Obsolete entries go last, as gettext keeps them.
    write_catalogue(po, replace(french, entries=tuple(e for e in changed if not e.obsolete)
                                + tuple(e for e in changed if e.obsolete)))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_fuzzy_and_obsolete_entries_are_counted_as_such(stats_project: Path) -> None:
    po = stats_project / "locale" / "fr" / "LC_MESSAGES" / "revolution-betrayed.po"
    stats = catalogue_stats(read_catalogue(po), "fr")
    expected = expected_stats(po)
    assert figures_of(stats) == expected
    assert (expected["translated"]["entries"], expected["fuzzy"]["entries"], expected["obsolete"]["entries"]) == (
        35, 3, 2)
    assert stats.total.entries == 106


def test_stats_json_has_the_same_figures(stats_project: Path) -> None:
    result = run("stats", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    languages = {item["language"]: item for item in data["languages"]}
    assert sorted(languages) == sorted(folder.name for folder in (stats_project / "locale").iterdir()
                                       if folder.is_dir())
    for language, item in languages.items():
        expected = expected_stats(stats_project / "locale" / language / "LC_MESSAGES" / "revolution-betrayed.po")
        live_entries = sum(expected[s]["entries"] for s in STATES[:3])
        live_words = sum(expected[s]["words"] for s in STATES[:3])
        for state in STATES:
            assert item[state]["entries"] == expected[state]["entries"], (language, state)
            assert item[state]["words"] == expected[state]["words"], (language, state)
            if state != "obsolete":
                assert item[state]["percent_entries"] == round(100 * expected[state]["entries"] / live_entries, 1)
                assert item[state]["percent_words"] == round(100 * expected[state]["words"] / live_words, 1)
        assert item["total"] == {"entries": live_entries, "words": live_words}


def test_stats_text_table(stats_project: Path) -> None:
    result = run("stats", "--lang", "fr")
    assert result.exit_code == 0, result.output
    header, row = result.stdout.splitlines()
    assert header.split()[:2] == ["language", "entries"]
    expected = expected_stats(stats_project / "locale" / "fr" / "LC_MESSAGES" / "revolution-betrayed.po")
    live = sum(expected[s]["entries"] for s in STATES[:3])
    words = sum(expected[s]["words"] for s in STATES[:3])
    cells = row.split()
    assert cells[0] == "fr" and int(cells[1]) == live
    assert f"{expected['translated']['entries']} ({100 * expected['translated']['entries'] / live:.1f}%)" in row
    assert f"{expected['fuzzy']['entries']} ({100 * expected['fuzzy']['entries'] / live:.1f}%)" in row
    assert f"{expected['translated']['words']}/{words}" in row


def test_faults_of_a_fuzzy_entry_are_warnings_said_to_be_fuzzy(tmp_path: Path) -> None:
    # After an update the old translation of a changed source often disagrees with it:
    # the translator must see that, but the entry is not built, so it is no error.
    entry = Entry(source="In 1921 five million died.", translation="En 1920 murieron seis millones.",
                  context="rb-p004", flags=(FUZZY,))
    findings = check_entry(entry)
    assert [(f.check, f.severity) for f in findings] == [("numbers", WARNING)]
    assert findings[0].message.startswith("fuzzy entry: ")
    reviewed = check_entry(replace(entry, flags=()))
    assert [(f.check, f.severity) for f in reviewed] == [("numbers", ERROR)]

    path = tmp_path / "es.po"
    write_catalogue(path, Catalogue(entries=(entry,), metadata=(("Content-Type", "text/plain; charset=UTF-8"),)))
    assert run("qa", "--po", str(path)).exit_code == 0
    assert run("qa", "--strict", "--po", str(path)).exit_code == 1
