"""PO files read and written without loss, laid out as GNU gettext lays them out, and bad
input refused with the file and the line."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ESSAY_TEI, shared_file
from toolkit.catalogue import Catalogue, Entry
from toolkit.errors import InputError
from toolkit.po import catalogue_text, parse_catalogue, read_catalogue, write_catalogue

REAL_PO = ["gnome-clocks_fr.po", "gnome-clocks_ru.po", "inkscape_fr.po", "po4a_bin_fr.po"]
HEADER = (
    ("Project-Id-Version", "test 1.0"),
    ("MIME-Version", "1.0"),
    ("Content-Type", "text/plain; charset=UTF-8"),
    ("Content-Transfer-Encoding", "8bit"),
)


def gettext_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"GNU gettext's {name} is not installed")
    return path


def msgcat(path: Path) -> bytes:
    result = subprocess.run([gettext_tool("msgcat"), str(path)], capture_output=True, check=True)
    return result.stdout


def msgfmt_check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([gettext_tool("msgfmt"), "--check", "-o", os.devnull, str(path)],
                          capture_output=True, text=True)


@pytest.fixture(scope="module", params=REAL_PO)
def real(request, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Catalogue, str, Path]:
    """A real catalogue: where it is, as read, as text, and as written by write_catalogue."""
    path = shared_file("po", request.param)
    catalogue = read_catalogue(path)
    text = catalogue_text(catalogue)
    written = tmp_path_factory.mktemp("po") / request.param
    assert write_catalogue(written, catalogue) is True
    assert written.read_text(encoding="utf-8") == text
    return path, catalogue, text, written


def key(context: str | None, source: str, obsolete: bool) -> tuple[str | None, str, bool]:
    return (context, source, obsolete)


def comment_lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


# --- real catalogues ---------------------------------------------------------------------------


def test_real_catalogue_reads_back_equal(real) -> None:
    path, catalogue, text, written = real
    again = read_catalogue(written)
    assert again == catalogue
    assert again.entries and again.metadata
    assert [e.line for e in again.entries] == sorted(e.line for e in again.entries)  # lines are the file's


def test_real_catalogue_loses_nothing_polib_reads(real) -> None:
    path, catalogue, text, written = real
    original = polib.pofile(str(path), wrapwidth=0)
    again = read_catalogue(written)
    ours = {key(e.context, e.source, e.obsolete): e for e in again.entries}
    theirs = {key(e.msgctxt, e.msgid, bool(e.obsolete)): e for e in original}
    assert len(again.entries) == len(original)
    assert ours.keys() == theirs.keys()
    assert sum(e.obsolete for e in ours.values()) == len(original.obsolete_entries())
    assert dict(catalogue.metadata) == dict(original.metadata)
    assert list(dict(catalogue.metadata)) == list(original.metadata)  # header fields keep their order
    for entry_key, theirs_entry in theirs.items():
        ours_entry = ours[entry_key]
        assert ours_entry.translation == theirs_entry.msgstr, entry_key
        assert ours_entry.flags == tuple(theirs_entry.flags), entry_key
        assert comment_lines(ours_entry.translator_comments) == comment_lines(theirs_entry.tcomment), entry_key
        assert comment_lines(ours_entry.extracted_comments) == comment_lines(theirs_entry.comment), entry_key
        assert ours_entry.source_plural == (theirs_entry.msgid_plural or None), entry_key
        if theirs_entry.msgid_plural:
            assert ours_entry.plural_translations == tuple(
                theirs_entry.msgstr_plural[i] for i in sorted(theirs_entry.msgstr_plural)), entry_key
        assert ours_entry.previous_source == theirs_entry.previous_msgid, entry_key
        assert ours_entry.previous_context == theirs_entry.previous_msgctxt, entry_key
        assert [(p, l or None) for p, l in ours_entry.references] == [
            (p, str(l) if l else None) for p, l in theirs_entry.occurrences], entry_key


# Lines that carry something: each must be there as often in our output as in the original.
COUNTED_LINES = {
    "msgctxt": r"msgctxt ",
    "msgid": r"msgid ",
    "plural": r"msgid_plural ",
    "plural forms": r"msgstr\[\d+\] ",
    "flags": r"#, ",
    "fuzzy": r"#, fuzzy",
    "translator comments": r"# \S",
    "extracted comments": r"#\. ?\S",
    "previous msgid": r"#\| msgid ",
    "previous msgctxt": r"#\| msgctxt ",
    "obsolete msgid": r"#~ msgid ",
    "obsolete msgctxt": r"#~ msgctxt ",
    "obsolete msgstr": r"#~ msgstr",
}


def count_lines(text: str) -> dict[str, int]:
    return {name: len(re.findall(f"(?m)^{pattern}", text)) for name, pattern in COUNTED_LINES.items()}


def test_real_catalogue_keeps_every_line_that_carries_something(real) -> None:
    path, catalogue, text, written = real
    original = path.read_text(encoding="utf-8")
    counts = count_lines(original)
    assert counts["msgid"] > 0
    assert count_lines(text) == counts
    flags = Counter(flag for line in original.split("\n") if line.startswith("#, ")
                    for flag in line[3:].split(", "))
    assert Counter(flag for entry in catalogue.entries for flag in entry.flags) == flags
    references = Counter(ref for line in original.split("\n") if line.startswith("#: ") for ref in line[3:].split())
    assert Counter(ref for line in text.split("\n") if line.startswith("#: ") for ref in line[3:].split()) == references


def test_real_catalogue_written_as_gettext_writes_it(real) -> None:
    path, catalogue, text, written = real
    assert msgcat(written) == written.read_bytes()
    check = msgfmt_check(written)
    assert check.returncode == 0, check.stderr


def test_gettext_formatted_original_is_written_byte_for_byte(real) -> None:
    path, catalogue, text, written = real
    original = path.read_bytes()
    formatted = msgcat(path)
    if formatted == original:
        assert written.read_bytes() == original
    else:
        # Laid out otherwise: ours is what msgcat makes of it, but for the empty '#.' lines
        # that polib drops (a known limit).
        assert written.read_bytes() == re.sub(rb"(?m)^#\.\n", b"", formatted)


def test_the_repository_catalogues_are_written_byte_for_byte() -> None:
    root = ESSAY_TEI.parent.parent / "locale"
    paths = sorted(root.rglob("*.po")) + sorted(root.glob("*.pot"))
    assert paths
    for path in paths:
        assert catalogue_text(read_catalogue(path)) == path.read_text(encoding="utf-8"), path


# --- small catalogues --------------------------------------------------------------------------


def test_every_field_survives_writing_and_reading() -> None:
    catalogue = Catalogue(
        entries=(
            Entry("Plain", "Simple", context="c1", translator_comments="checked\nby two",
                  extracted_comments="Paragraph 1", references=(("tei/a.xml", None), ("src/b.c", "12"))),
            Entry("Changed", "Cambiado", context="c2", flags=("fuzzy", "c-format"),
                  previous_context="c0", previous_source="Chanjed"),
            Entry("%d file", context="c3", source_plural="%d files", plural_translations=("%d f", "%d fs"),
                  previous_source="%d fil", previous_source_plural="%d fils", flags=("fuzzy",)),
            Entry("Empty context", "Contexto vacío", context=""),
            Entry("Gone", "Ido", context="c4", obsolete=True, flags=("fuzzy",), translator_comments="old"),
        ),
        metadata=HEADER + (("Plural-Forms", "nplurals=2; plural=(n != 1);"),),
        header_comment="A header\ncomment",
        header_fuzzy=True,
    )
    text = catalogue_text(catalogue)
    assert parse_catalogue(text, "x.po") == catalogue


def test_empty_file_is_an_empty_catalogue(tmp_path: Path) -> None:
    path = tmp_path / "empty.po"
    path.write_bytes(b"")
    catalogue = read_catalogue(path)
    assert catalogue.entries == () and catalogue.metadata == ()
    assert list(catalogue.live()) == []


# --- bad input ---------------------------------------------------------------------------------

GOOD_START = (
    'msgid ""\n'
    'msgstr ""\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n'
    "\n"
    'msgctxt "a"\n'
    'msgid "one"\n'
    'msgstr "uno"\n'
    "\n"
)
GOOD_END = '\nmsgctxt "c"\nmsgid "three"\nmsgstr "tres"\n'


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    lines = text.split("\n")
    found = [number for number, line in enumerate(lines, 1) if needle in line]
    return found[occurrence - 1]


def read_error(path: Path) -> InputError:
    with pytest.raises(InputError) as caught:
        read_catalogue(path)
    return caught.value


def test_missing_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "missing.po"
    error = read_error(path)
    assert str(path) in str(error)
    assert "no such file" in str(error)


def test_a_file_that_is_not_po_is_refused(tmp_path: Path) -> None:
    error = read_error(ESSAY_TEI)
    assert str(error).startswith(f"{ESSAY_TEI}:1:")
    assert "not a PO file" in str(error)


@pytest.mark.parametrize(
    ("bad", "needle"),
    [
        pytest.param('msgctxt "b"\nmsgid "two"\nmsgstr "dos"\nthis line is garbage\n', "garbage", id="garbage-line"),
        pytest.param('msgctxt "b"\nmsgid "two"\nmsgstring "dos"\n', "msgstring", id="bad-keyword"),
        pytest.param('msgctxt "b"\nmsgstr "dos"\n', 'msgstr "dos"', id="msgstr-without-msgid"),
    ],
)
def test_syntax_error_in_the_middle_names_its_line(tmp_path: Path, bad: str, needle: str) -> None:
    text = GOOD_START + bad + GOOD_END
    path = tmp_path / "broken.po"
    path.write_text(text, encoding="utf-8")
    error = read_error(path)
    assert str(error).startswith(f"{path}:{line_of(text, needle)}: ")
    assert error.location.line == line_of(text, needle)


def test_unterminated_string_is_refused(tmp_path: Path) -> None:
    text = GOOD_START + 'msgctxt "b"\nmsgid "two\nmsgstr "dos"\n' + GOOD_END
    path = tmp_path / "unterminated.po"
    path.write_text(text, encoding="utf-8")
    error = read_error(path)
    line = line_of(text, 'msgid "two')
    assert str(error).startswith(f"{path}:{line}:")


def test_non_utf8_bytes_are_refused_at_their_line_and_column(tmp_path: Path) -> None:
    data = (GOOD_START + 'msgctxt "b"\nmsgid "caf\u00e9"\nmsgstr "x"\n' + GOOD_END).encode("latin-1")
    path = tmp_path / "latin1.po"
    path.write_bytes(data)
    error = read_error(path)
    offset = data.index(b"\xe9")
    line = data[:offset].count(b"\n") + 1
    column = offset - data.rfind(b"\n", 0, offset)
    assert (error.location.line, error.location.column) == (line, column)
    assert str(error).startswith(f"{path}:{line}:{column}: ")
    assert "UTF-8" in str(error)


def test_a_header_declaring_another_charset_is_refused(tmp_path: Path) -> None:
    text = GOOD_START.replace("charset=UTF-8", "charset=ISO-8859-1") + GOOD_END
    path = tmp_path / "iso.po"
    path.write_text(text, encoding="utf-8")
    error = read_error(path)
    assert str(error).startswith(f"{path}:{line_of(text, 'charset=')}: ")
    assert "ISO-8859-1" in str(error)
    assert "msgconv" in str(error)


def test_duplicate_entries_are_refused_naming_both_lines(tmp_path: Path) -> None:
    text = GOOD_START + 'msgctxt "b"\nmsgid "two"\nmsgstr ""\n\nmsgctxt "a"\nmsgid "one"\nmsgstr "otra"\n' + GOOD_END
    path = tmp_path / "dup.po"
    path.write_text(text, encoding="utf-8")
    error = read_error(path)
    first, second = line_of(text, 'msgctxt "a"', 1), line_of(text, 'msgctxt "a"', 2)
    assert str(error).startswith(f"{path}:{second}: ")
    assert f"line {first}" in str(error)
    assert "'a'" in str(error)
    # gettext agrees that the file is wrong.
    assert msgfmt_check(path).returncode != 0


def test_an_obsolete_copy_of_a_live_entry_is_not_a_duplicate(tmp_path: Path) -> None:
    text = GOOD_START + '#~ msgctxt "a"\n#~ msgid "one"\n#~ msgstr "viejo"\n'
    catalogue = parse_catalogue(text, "x.po")
    assert catalogue.get("a").translation == "uno"  # type: ignore[union-attr]
    assert [e.translation for e in catalogue.obsolete()] == ["viejo"]


# --- writing -----------------------------------------------------------------------------------


def small_catalogue(translation: str = "uno") -> Catalogue:
    return Catalogue(entries=(Entry("one", translation, context="a"),), metadata=HEADER, header_comment="Test")


def test_write_catalogue_leaves_an_unchanged_file_alone(tmp_path: Path) -> None:
    path = tmp_path / "x.po"
    assert write_catalogue(path, small_catalogue()) is True
    os.utime(path, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    before = path.stat()
    assert write_catalogue(path, small_catalogue()) is False
    after = path.stat()
    assert (after.st_mtime_ns, after.st_ino) == (before.st_mtime_ns, before.st_ino)
    assert write_catalogue(path, small_catalogue("una")) is True
    assert path.stat().st_mtime_ns != before.st_mtime_ns
    assert read_catalogue(path).get("a").translation == "una"  # type: ignore[union-attr]


def test_write_catalogue_is_atomic(tmp_path: Path) -> None:
    path = tmp_path / "x.po"
    write_catalogue(path, small_catalogue())
    os.chmod(path, 0o640)
    with path.open("rb") as reader:  # a reader of the old file ...
        assert write_catalogue(path, small_catalogue("una" * 5000)) is True
        assert reader.read() == catalogue_text(small_catalogue()).encode()  # ... still sees it whole
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.po"]  # no temporary file left
    assert path.stat().st_mode & 0o777 == 0o640
    assert read_catalogue(path) == small_catalogue("una" * 5000)


# --- gettext's layout --------------------------------------------------------------------------

PIECES = st.sampled_from([
    "word", "Revolution", "a", "of", "the", "bureaucracy", "anti-Soviet", "co-operatives", "x" * 40,
    " ", "  ", "-", " - ", "--", ",", ".", ";", ":", "!", "?", "(", ")", "'", '"', "«", "»", "“", "”",
    "é", "Ça", "naïve", "e\u0301", "ñandú", "—", "\t", "\n", "\\", "/", "1917",
])
TEXTS = st.lists(PIECES, min_size=1, max_size=80).map("".join)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(TEXTS, TEXTS)
def test_field_lines_lay_out_strings_as_gettext_does(tmp_path: Path, text: str, other: str) -> None:
    gettext_tool("msgcat")
    catalogue = Catalogue(
        entries=(
            Entry(text, other, context="live"),
            Entry(other, text, context="fuzzy", flags=("fuzzy",), previous_source=text, previous_context=other),
            Entry(text, context="plural", source_plural=other,
                  plural_translations=(text, other + "!")),
            Entry(other, text + "!", context=text, obsolete=True),
        ),
        metadata=HEADER + (("Plural-Forms", "nplurals=2; plural=(n != 1);"),),
        header_comment="Generated",
    )
    written = catalogue_text(catalogue)
    path = tmp_path / "generated.po"
    path.write_bytes(written.encode("utf-8"))
    assert msgcat(path).decode("utf-8") == written
    assert parse_catalogue(written) == catalogue


# --- known layout differences from gettext -----------------------------------------------------


def test_translator_comment_with_an_empty_line_is_written_as_gettext_does(tmp_path: Path) -> None:
    text = (
        '# Header\nmsgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '# first paragraph\n#\n# second paragraph\nmsgctxt "a"\nmsgid "x"\nmsgstr "y"\n'
    )
    path = tmp_path / "comment.po"
    path.write_text(text, encoding="utf-8")
    assert msgcat(path).decode("utf-8") == text  # the input is gettext's own layout
    assert catalogue_text(read_catalogue(path)) == text


def test_catalogue_without_header_comment_is_written_as_gettext_does(tmp_path: Path) -> None:
    text = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgctxt "a"\nmsgid "x"\nmsgstr "y"\n'
    path = tmp_path / "bare.po"
    path.write_text(text, encoding="utf-8")
    assert msgcat(path).decode("utf-8") == text  # the input is gettext's own layout
    assert catalogue_text(read_catalogue(path)) == text
