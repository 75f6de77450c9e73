"""Every command answers bad input the same way.

One clear message naming the file (and the line, and the column where there
is one), a non-zero exit status, no Python traceback, and no file changed or
created that should not be: inputs stay byte for byte as they were, and a
failing ``encode -o`` leaves an existing output file alone and no temporary
file behind.

Every failing command here is run through :func:`run_failing`, which checks
those general promises; the tests then check what the message says.  """

from __future__ import annotations

import errno
import os
import re
import traceback
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from toolkit.cli import main

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'
HEADER = (
    "<teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>"
    "<publicationStmt><p>x</p></publicationStmt><sourceDesc><p>x</p></sourceDesc>"
    "</fileDesc>{revisions}</teiHeader>"
)
RETIRED_P002 = (
    '<revisionDesc><change>Revised.<list type="retired-ids">'
    "<item><ident>rb-p002</ident></item></list></change></revisionDesc>"
)

# Commands that read one edition, and how to call them on PATH.  "encode"
# writes to an output file in the same folder; "encode-stdout" to stdout.
COMMANDS = ["encode", "encode-stdout", "check", "text", "text-ids", "info"]


def tei(
    *blocks: str, doctype: str | None = None, revisions: str = "", div_id: str | None = "rb-s001"
) -> bytes:
    """A small TEI document, one line per item so that line numbers are known.

    Line 1 is the XML declaration, then the DOCTYPE if any, then one line with
    the root, the header and the opening of the body's one division; each of
    *blocks* has a line of its own; the last line closes everything.
    """
    lines = [XML_DECLARATION]
    if doctype:
        lines.append(doctype)
    div = f'<div xml:id="{div_id}">' if div_id else "<div>"
    lines.append(f'<TEI xmlns="{TEI_NS}">{HEADER.format(revisions=revisions)}<text><body>{div}')
    lines.extend(blocks)
    lines.append("</div></body></text></TEI>")
    return ("\n".join(lines) + "\n").encode("utf-8")


GOOD_TEI = tei('<p xml:id="rb-p001">One.</p>')
# A TEI file that is UTF-8 but for one byte: é in Latin-1 on line 3.
LATIN1_TEI = tei('<p xml:id="rb-p001">café</p>').replace("é".encode(), b"\xe9")


def write(path: Path, data: bytes | str) -> Path:
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def args_for(command: str, path: Path) -> list[str]:
    if command == "encode":
        return ["encode", str(path), "-o", str(path.parent / "out.xml")]
    if command == "encode-stdout":
        return ["encode", str(path)]
    if command == "text-ids":
        return ["text", "--ids", str(path)]
    return [command, str(path)]


def snapshot(root: Path) -> dict[str, object]:
    """Every file and folder under *root*: a file's bytes, inode and mtime."""
    state: dict[str, object] = {}
    for path in sorted(root.rglob("*")):
        name = path.relative_to(root).as_posix()
        if path.is_dir():
            state[name] = "<folder>"
        else:
            info = path.stat()
            state[name] = (path.read_bytes(), info.st_ino, info.st_mtime_ns)
    return state


def run_failing(folder: Path, args: list[str], exit_code: int | None = None) -> Result:
    """Run ``toolkit ARGS`` expecting a clean failure that leaves *folder* as it was."""
    before = snapshot(folder)
    result = CliRunner().invoke(main, args)
    after = snapshot(folder)
    if not isinstance(result.exception, SystemExit):
        trace = "".join(traceback.format_exception(*result.exc_info)) if result.exc_info else ""
        pytest.fail(
            f"toolkit {' '.join(args)} raised {result.exception!r} instead of a clean error:\n"
            f"{trace}\noutput:\n{result.output}"
        )
    assert result.exit_code != 0, f"exit status 0 for bad input:\n{result.output}"
    if exit_code is not None:
        assert result.exit_code == exit_code, result.output
    assert "Traceback" not in result.output
    created = sorted(set(after) - set(before))
    removed = sorted(set(before) - set(after))
    changed = sorted(name for name in set(before) & set(after) if before[name] != after[name])
    assert not (created or removed or changed), (
        f"toolkit {' '.join(args)} touched files: created {created}, removed {removed}, "
        f"changed {changed}"
    )
    return result


def one_error(result: Result) -> str:
    """The one message of a failed command (``Error: ...`` on stderr, nothing on stdout)."""
    lines = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(lines) == 1, f"expected one error message:\n{result.output}"
    assert result.stdout == "", f"nothing belongs on stdout after an error:\n{result.stdout}"
    return lines[0][len("Error: "):]


def check_problems(result: Result, bad: int = 1, total: int = 1) -> list[str]:
    """The problem lines of a failed ``check``, after checking the summary and exit status."""
    assert result.exit_code == 1, result.output
    summary = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert summary == [f"Error: {bad} of {total} files have problems"], result.output
    problems = result.stdout.splitlines()
    assert problems, result.output
    return problems


def complaint(command: str, result: Result) -> str:
    """What the failed *command* said about its input, whatever the command."""
    if command == "check":
        return "\n".join(check_problems(result))
    assert result.exit_code == 1, result.output
    return one_error(result)


def words(message: str, folder: Path) -> str:
    """*message* without the paths in *folder*, whose names come from the test's name
    (a test called test_duplicate_id would otherwise find 'duplicate' in any message)."""
    return message.replace(str(folder), "<folder>")


def located(path: Path, line: int | None = None) -> re.Pattern[str]:
    """``PATH:LINE:`` (or ``PATH:N:`` for any line N) at the start of a message line."""
    number = str(line) if line is not None else r"\d+"
    return re.compile(rf"(^|\n){re.escape(str(path))}:{number}(:\d+)?: \S")


# --- missing files and folders -----------------------------------------------------------


@pytest.mark.parametrize("name", ["missing.xml", "missing.txt"])
@pytest.mark.parametrize("command", COMMANDS)
def test_missing_file(tmp_path: Path, command: str, name: str) -> None:
    path = tmp_path / name
    message = complaint(command, run_failing(tmp_path, args_for(command, path)))
    assert f"{path}: no such file" in message


@pytest.mark.parametrize("command", COMMANDS)
def test_folder_instead_of_file(tmp_path: Path, command: str) -> None:
    path = tmp_path / "folder.xml"
    path.mkdir()
    result = run_failing(tmp_path, args_for(command, path), exit_code=2)
    message = one_error(result)
    assert str(path) in message
    assert "is a directory" in words(message, tmp_path)


@pytest.mark.parametrize("option", ["--ids-from", "-o"])
def test_encode_folder_given_for_an_option(tmp_path: Path, option: str) -> None:
    source = write(tmp_path / "good.xml", GOOD_TEI)
    folder = tmp_path / "folder"
    folder.mkdir()
    result = run_failing(tmp_path, ["encode", str(source), option, str(folder)], exit_code=2)
    message = one_error(result)
    assert str(folder) in message
    assert "is a directory" in words(message, tmp_path)


# --- malformed XML -----------------------------------------------------------------------


@pytest.mark.parametrize("command", COMMANDS)
def test_malformed_xml_unclosed_tag(tmp_path: Path, command: str) -> None:
    # The <p> on line 3 is never closed: </div> on the same line does not match it.
    path = write(tmp_path / "bad.xml", tei('<p xml:id="rb-p001">One.</div>'))
    message = complaint(command, run_failing(tmp_path, args_for(command, path)))
    assert f"{path}:3:" in message
    assert located(path, 3).search(message), message
    assert "malformed XML" in words(message, tmp_path)


@pytest.mark.parametrize("command", COMMANDS)
def test_malformed_xml_truncated_file(tmp_path: Path, command: str) -> None:
    path = write(tmp_path / "cut.xml", GOOD_TEI[: GOOD_TEI.index(b"</div>")])
    message = complaint(command, run_failing(tmp_path, args_for(command, path)))
    assert located(path).search(message), message
    assert "malformed XML" in words(message, tmp_path)


@pytest.mark.parametrize("command", COMMANDS)
def test_empty_xml_file(tmp_path: Path, command: str) -> None:
    path = write(tmp_path / "empty.xml", b"")
    message = complaint(command, run_failing(tmp_path, args_for(command, path)))
    assert located(path, 1).search(message), message


# --- duplicate IDs -----------------------------------------------------------------------


@pytest.mark.parametrize("command", COMMANDS)
def test_duplicate_id(tmp_path: Path, command: str) -> None:
    path = write(tmp_path / "dup.xml", tei('<p xml:id="x">One.</p>', '<p xml:id="x">Two.</p>'))
    message = complaint(command, run_failing(tmp_path, args_for(command, path)))
    assert located(path, 4).search(message), message
    assert "duplicate" in words(message, tmp_path).lower()


def test_check_lists_every_duplicate_id(tmp_path: Path) -> None:
    path = write(
        tmp_path / "dup.xml",
        tei('<p xml:id="x">One.</p>', '<p xml:id="x">Two.</p>', '<p xml:id="x">Three.</p>'),
    )
    problems = check_problems(run_failing(tmp_path, ["check", str(path)]))
    assert len(problems) == 2, problems
    for line, problem in zip((4, 5), problems):
        assert located(path, line).match(problem), problem
        assert "duplicate" in words(problem, tmp_path).lower()


# --- text that is not UTF-8 --------------------------------------------------------------


@pytest.mark.parametrize("command", ["encode", "encode-stdout", "text", "text-ids", "info"])
def test_plain_text_not_utf8(tmp_path: Path, command: str) -> None:
    path = write(tmp_path / "latin.txt", b"Title\n\ncaf\xe9 au lait.\n")
    message = complaint(command, run_failing(tmp_path, args_for(command, path)))
    assert f"{path}:3:4:" in message
    assert "UTF-8" in words(message, tmp_path)


def test_check_plain_text_not_utf8(tmp_path: Path) -> None:
    path = write(tmp_path / "latin.txt", b"Title\n\ncaf\xe9 au lait.\n")
    message = complaint("check", run_failing(tmp_path, ["check", str(path)]))
    assert located(path).search(message), message


@pytest.mark.parametrize("command", COMMANDS)
def test_xml_not_utf8(tmp_path: Path, command: str) -> None:
    path = write(tmp_path / "latin.xml", LATIN1_TEI)
    message = complaint(command, run_failing(tmp_path, args_for(command, path)))
    assert located(path, 3).search(message), message
    said = words(message, tmp_path).lower()
    assert "encoding" in said or "utf-8" in said


# --- entities ----------------------------------------------------------------------------



def billion_laughs() -> str:
    """A DOCTYPE whose entity lol9 expands to 10**9 times "lol"."""
    entities = ['<!ENTITY lol0 "lol">']
    for level in range(1, 10):
        reference = f"&lol{level - 1};"
        entities.append(f'<!ENTITY lol{level} "{reference * 10}">')
    return "<!DOCTYPE TEI [" + "".join(entities) + "]>"


BOMB_TEI = tei('<p xml:id="rb-p001">&lol9;</p>', doctype=billion_laughs())


@pytest.fixture(params=["etc-passwd", "local-secret"])
def external_entity(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, str]:
    """A TEI file whose external entity points at a local file, and text from that file."""
    if request.param == "etc-passwd":
        uri, secret = "file:///etc/passwd", "root:"
    else:
        secret = "SECRET-3f9c1e-DO-NOT-LEAK"
        uri = write(tmp_path / "secret.txt", secret + "\n").as_uri()
    doctype = f'<!DOCTYPE TEI [<!ENTITY xxe SYSTEM "{uri}">]>'
    path = write(tmp_path / "xxe.xml", tei('<p xml:id="rb-p001">&xxe;</p>', doctype=doctype))
    return path, secret


def assert_no_leak(result: Result, folder: Path, secret: str) -> None:
    for stream in (result.output, result.stdout, result.stderr):
        assert secret not in stream
    for path in folder.rglob("*"):
        if path.is_file() and path.name != "secret.txt":
            assert secret.encode() not in path.read_bytes(), path


@pytest.mark.parametrize("command", COMMANDS)
def test_external_entity_refused(
    tmp_path: Path, command: str, external_entity: tuple[Path, str]
) -> None:
    path, secret = external_entity
    result = run_failing(tmp_path, args_for(command, path))
    message = complaint(command, result)
    assert str(path) in message
    assert "entit" in words(message, tmp_path).lower()
    assert_no_leak(result, tmp_path, secret)
    assert not (tmp_path / "out.xml").exists()


@pytest.mark.parametrize("command", COMMANDS)
def test_entity_bomb_refused(tmp_path: Path, command: str) -> None:
    path = write(tmp_path / "bomb.xml", BOMB_TEI)
    result = run_failing(tmp_path, args_for(command, path))
    message = complaint(command, result)
    assert str(path) in message
    assert "entit" in words(message, tmp_path).lower()
    assert "lollol" not in result.output
    assert not (tmp_path / "out.xml").exists()


@pytest.mark.parametrize("command", COMMANDS)
def test_small_internal_entity_refused(tmp_path: Path, command: str) -> None:
    doctype = '<!DOCTYPE TEI [<!ENTITY who "Trotsky">]>'
    path = write(tmp_path / "ent.xml", tei('<p xml:id="rb-p001">&who;</p>', doctype=doctype))
    result = run_failing(tmp_path, args_for(command, path))
    message = complaint(command, result)
    assert str(path) in message
    assert "entit" in words(message, tmp_path).lower()
    assert "Trotsky" not in result.output.replace(str(path), "")


@pytest.mark.parametrize("command", ["check", "info"])
def test_entity_bomb_refused_as_entity_declaration(tmp_path: Path, command: str) -> None:
    path = write(tmp_path / "bomb.xml", BOMB_TEI)
    message = complaint(command, run_failing(tmp_path, args_for(command, path)))
    assert "malformed" not in words(message, tmp_path)
    assert "xmlCtxt" not in words(message, tmp_path)
    assert "entity declarations are refused" in words(message, tmp_path)


def test_entity_declaration_reported_at_its_line(tmp_path: Path) -> None:
    doctype = '<!DOCTYPE TEI [<!ENTITY who "Trotsky">]>'
    path = write(tmp_path / "ent.xml", tei('<p xml:id="rb-p001">&who;</p>', doctype=doctype))
    message = complaint("info", run_failing(tmp_path, ["info", str(path)]))
    # The declaration has no line of its own in libxml2: the message points at its use.
    assert f"{path}:4:" in message, message
    assert "&who;" in message


# --- XML that is not TEI P5 --------------------------------------------------------------

NOT_TEI = {
    name: f'<?xml version="1.0"?>\n<{root}>{inside}</{root}>\n'
    for name, root, inside in [
        ("html", "html", "<body><p>x</p></body>"),
        ("tei-no-namespace", "TEI", "<teiHeader/><text><body><p>x</p></body></text>"),
        ("tei-p4", "TEI.2", "<teiHeader/><text><body><p>x</p></body></text>"),
    ]
}


@pytest.mark.parametrize("variant", sorted(NOT_TEI))
@pytest.mark.parametrize("command", COMMANDS)
def test_not_tei_p5(tmp_path: Path, command: str, variant: str) -> None:
    path = write(tmp_path / f"{variant}.xml", NOT_TEI[variant])
    message = complaint(command, run_failing(tmp_path, args_for(command, path)))
    assert located(path, 2).search(message), message
    assert "not a TEI P5 document" in words(message, tmp_path)
    if variant != "html":
        assert TEI_NS in words(message, tmp_path)  # says where the P5 elements belong


def test_no_text_element(tmp_path: Path) -> None:
    path = write(tmp_path / "headless.xml", f'<TEI xmlns="{TEI_NS}"><teiHeader/></TEI>\n')
    message = complaint("info", run_failing(tmp_path, ["info", str(path)]))
    assert located(path, 1).search(message), message
    assert "<text>" in words(message, tmp_path)


# --- check: problems of identification, several files ------------------------------------


def test_check_blocks_without_ids(tmp_path: Path) -> None:
    path = write(tmp_path / "noids.xml", tei("<p>One.</p>", "<p>Two.</p>"))
    problems = check_problems(run_failing(tmp_path, ["check", str(path)]))
    assert len(problems) == 2, problems
    for line, problem in zip((3, 4), problems):
        assert re.fullmatch(rf"{re.escape(str(path))}:{line}: .*no xml:id.*", problem), problem


def test_check_retired_id_in_use(tmp_path: Path) -> None:
    path = write(
        tmp_path / "retired.xml",
        tei('<p xml:id="rb-p001">One.</p>', '<p xml:id="rb-p002">Two.</p>', revisions=RETIRED_P002),
    )
    problems = check_problems(run_failing(tmp_path, ["check", str(path)]))
    assert len(problems) == 1, problems
    assert re.fullmatch(rf"{re.escape(str(path))}:4: .*rb-p002.*retired.*", problems[0]), problems


@pytest.mark.parametrize("first", ["malformed", "not-tei", "not-utf8"])
def test_check_duplicate_id_after_other_bad_files(tmp_path: Path, first: str) -> None:
    before = {
        "malformed": tei('<p xml:id="rb-p001">One.</div>'),
        "not-tei": NOT_TEI["html"].encode(),
        "not-utf8": LATIN1_TEI,
    }[first]
    other = write(tmp_path / "other.xml", before)
    dup = write(
        tmp_path / "dup.xml",
        tei('<p xml:id="x">One.</p>', '<p xml:id="x">Two.</p>', '<p xml:id="x">Three.</p>'),
    )
    problems = check_problems(run_failing(tmp_path, ["check", str(other), str(dup)]), 2, 2)
    about_dup = [line for line in problems if line.startswith(f"{dup}:")]
    assert len(about_dup) == 2, problems
    for line, problem in zip((4, 5), about_dup):
        assert located(dup, line).match(problem), problem
        assert "duplicate" in words(problem, tmp_path).lower()


def test_check_good_and_bad_files(tmp_path: Path) -> None:
    good = write(tmp_path / "good.xml", GOOD_TEI)
    bad = write(tmp_path / "noids.xml", tei("<p>One.</p>"))
    result = run_failing(tmp_path, ["check", str(good), str(bad)])
    problems = check_problems(result, bad=1, total=2)
    assert f"{good}: ok (1 blocks, 1 sections)" in problems
    assert any(located(bad, 3).match(line) for line in problems), problems


def test_check_many_kinds_of_bad_file_at_once(tmp_path: Path) -> None:
    good = write(tmp_path / "good.xml", GOOD_TEI)
    missing = tmp_path / "missing.xml"
    malformed = write(tmp_path / "bad.xml", tei('<p xml:id="rb-p001">One.</div>'))
    latin = write(tmp_path / "latin.xml", LATIN1_TEI)
    files = [good, missing, malformed, latin]
    result = run_failing(tmp_path, ["check", *map(str, files)])
    problems = check_problems(result, bad=3, total=4)
    output = "\n".join(problems)
    assert f"{good}: ok" in output
    assert f"{missing}: no such file" in output
    assert located(malformed, 3).search(output), output
    assert located(latin, 3).search(output), output


# --- check --schema ----------------------------------------------------------------------


def test_check_schema_not_well_formed(tmp_path: Path) -> None:
    good = write(tmp_path / "good.xml", GOOD_TEI)
    schema = write(
        tmp_path / "bad.rng",
        '<grammar xmlns="http://relaxng.org/ns/structure/1.0">\n<start>\n'
        '<element name="TEI">\n</grammar>\n',
    )
    message = one_error(run_failing(tmp_path, ["check", "--schema", str(schema), str(good)], 1))
    assert f"{schema}:4:" in message
    assert "schema" in words(message, tmp_path) and "not well-formed" in words(message, tmp_path)


def test_check_schema_not_relax_ng(tmp_path: Path) -> None:
    good = write(tmp_path / "good.xml", GOOD_TEI)
    schema = write(tmp_path / "empty.rng", "<grammar/>\n")
    message = one_error(run_failing(tmp_path, ["check", "--schema", str(schema), str(good)], 1))
    assert message.startswith(f"{schema}: ")
    assert "RELAX NG" in words(message, tmp_path)


def test_check_schema_missing(tmp_path: Path) -> None:
    good = write(tmp_path / "good.xml", GOOD_TEI)
    schema = tmp_path / "nowhere.rng"
    message = one_error(run_failing(tmp_path, ["check", "--schema", str(schema), str(good)], 1))
    assert message == f"{schema}: no such file"


def test_check_schema_folder(tmp_path: Path) -> None:
    good = write(tmp_path / "good.xml", GOOD_TEI)
    schema = tmp_path / "schemas"
    schema.mkdir()
    message = one_error(run_failing(tmp_path, ["check", "--schema", str(schema), str(good)], 2))
    assert str(schema) in message and "is a directory" in words(message, tmp_path)


def test_check_schema_with_external_entity_leaks_nothing(tmp_path: Path) -> None:
    good = write(tmp_path / "good.xml", GOOD_TEI)
    secret = "SECRET-77aa1-DO-NOT-LEAK"
    uri = write(tmp_path / "secret.txt", secret).as_uri()
    schema = write(
        tmp_path / "xxe.rng",
        f'<?xml version="1.0"?>\n<!DOCTYPE grammar [<!ENTITY xxe SYSTEM "{uri}">]>\n'
        '<grammar xmlns="http://relaxng.org/ns/structure/1.0">\n'
        '<start><element name="TEI"><value>&xxe;</value></element></start>\n</grammar>\n',
    )
    result = run_failing(tmp_path, ["check", "--schema", str(schema), str(good)])
    assert_no_leak(result, tmp_path, secret)


# --- encode --ids-from -------------------------------------------------------------------


@pytest.mark.parametrize("to_stdout", [False, True], ids=["to-file", "to-stdout"])
def test_encode_ids_from_edition_without_ids(tmp_path: Path, to_stdout: bool) -> None:
    source = write(tmp_path / "revised.txt", "Title\n\nOne.\n")
    previous = write(tmp_path / "noids.xml", tei("<p>One.</p>", "<p>Two.</p>", div_id=None))
    output = [] if to_stdout else ["-o", str(tmp_path / "out.xml")]
    result = run_failing(tmp_path, ["encode", str(source), "--ids-from", str(previous), *output], 1)
    message = one_error(result)
    assert message.startswith(f"{previous}: ")
    assert "no IDs" in words(message, tmp_path)


@pytest.mark.parametrize(
    "previous_data, line",
    [(None, None), (tei('<p xml:id="rb-p001">One.</div>'), 3), (b"\xff\xfe junk", 1)],
    ids=["missing", "malformed", "binary"],
)
def test_encode_ids_from_bad_file(
    tmp_path: Path, previous_data: bytes | None, line: int | None
) -> None:
    source = write(tmp_path / "revised.txt", "Title\n\nOne.\n")
    previous = tmp_path / "previous.xml"
    if previous_data is not None:
        write(previous, previous_data)
    args = ["encode", str(source), "--ids-from", str(previous), "-o", str(tmp_path / "out.xml")]
    message = one_error(run_failing(tmp_path, args, 1))
    if line is None:
        assert message == f"{previous}: no such file"
    else:
        assert located(previous, line).match(message), message


# --- encode -o: atomic writes ------------------------------------------------------------

BAD_SOURCES = {
    "missing": None,
    "malformed": tei('<p xml:id="rb-p001">One.</div>'),
    "duplicate-id": tei('<p xml:id="x">One.</p>', '<p xml:id="x">Two.</p>'),
    "latin1-text": b"Title\n\ncaf\xe9\n",
    "external-entity": tei(
        '<p xml:id="rb-p001">&xxe;</p>',
        doctype='<!DOCTYPE TEI [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    ),
    "entity-bomb": BOMB_TEI,
    "html": NOT_TEI["html"].encode(),
}


@pytest.mark.parametrize("kind", sorted(BAD_SOURCES))
def test_failing_encode_keeps_existing_output(tmp_path: Path, kind: str) -> None:
    data = BAD_SOURCES[kind]
    source = tmp_path / ("source.txt" if kind == "latin1-text" else "source.xml")
    if data is not None:
        write(source, data)
    old = b"<old>the previous output, which must survive</old>\n"
    output = write(tmp_path / "out.xml", old)
    result = run_failing(tmp_path, ["encode", str(source), "-o", str(output)], 1)
    assert str(source) in one_error(result)
    assert output.read_bytes() == old
    if data is not None:
        assert source.read_bytes() == data
    assert not list(tmp_path.glob(".out.xml.*.tmp"))
    assert "root:" not in result.output


def test_encode_write_failure_keeps_existing_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A disk that fills up while the output is written: the old output survives whole."""
    source = write(tmp_path / "source.txt", "Title\n\nOne.\n\nTwo.\n")
    old = b"<old/>\n"
    output = write(tmp_path / "out.xml", old)

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", disk_full)
    result = run_failing(tmp_path, ["encode", str(source), "-o", str(output)], 1)
    message = one_error(result)
    assert message.startswith(f"{output}: cannot write")
    assert os.strerror(errno.ENOSPC) in words(message, tmp_path)
    assert output.read_bytes() == old
    assert not list(tmp_path.glob(".out.xml.*.tmp"))


def test_encode_output_in_missing_folder(tmp_path: Path) -> None:
    source = write(tmp_path / "source.txt", "Title\n\nOne.\n")
    output = tmp_path / "nowhere" / "out.xml"
    message = one_error(run_failing(tmp_path, ["encode", str(source), "-o", str(output)], 1))
    assert message.startswith(f"{output}: cannot write")
    assert "does not exist" in words(message, tmp_path)


@pytest.mark.parametrize("character", ["\x00", "\x1b", "\ufffe"], ids=["NUL", "ESC", "U+FFFE"])
def test_encode_plain_text_with_character_xml_cannot_hold(tmp_path: Path, character: str) -> None:
    source = write(tmp_path / "control.txt", f"Title\n\nBad {character} character.\n")
    output = write(tmp_path / "out.xml", b"<old/>\n")
    message = one_error(run_failing(tmp_path, ["encode", str(source), "-o", str(output)], 1))
    assert located(source, 3).match(message), message


# --- editions ----------------------------------------------------------------------------

EDITION = (
    '[[edition]]\nsiglum = "A"\ntitle = "T"\nlanguage = "en"\ndate = "2001"\n'
    'type = "variant"\nsource = "received"\nfile = "{file}"\n'
)


def run_editions(tmp_path: Path, manifest: Path) -> str:
    return one_error(run_failing(tmp_path, ["editions", str(manifest)], 1))


def test_editions_missing_manifest(tmp_path: Path) -> None:
    manifest = tmp_path / "editions.toml"
    assert run_editions(tmp_path, manifest) == f"{manifest}: no such file"


def test_editions_default_manifest_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    message = one_error(run_failing(tmp_path, ["editions"], 1))
    assert message == f"{Path('editions/editions.toml')}: no such file"


def test_editions_manifest_is_a_folder(tmp_path: Path) -> None:
    manifest = tmp_path / "editions.toml"
    manifest.mkdir()
    message = one_error(run_failing(tmp_path, ["editions", str(manifest)], 2))
    assert str(manifest) in message and "is a directory" in words(message, tmp_path)


def test_editions_manifest_not_toml(tmp_path: Path) -> None:
    manifest = write(tmp_path / "editions.toml", '[[edition]]\nsiglum = "A"\ntitle = "T\n')
    message = run_editions(tmp_path, manifest)
    assert message.startswith(f"{manifest}")
    assert "not valid TOML" in words(message, tmp_path)
    assert message.startswith(f"{manifest}:3:")


def test_editions_manifest_not_toml_located(tmp_path: Path) -> None:
    manifest = write(tmp_path / "editions.toml", '[[edition]]\nsiglum = "A"\ntitle = "T\n')
    assert located(manifest, 3).match(run_editions(tmp_path, manifest))


def test_editions_manifest_not_utf8(tmp_path: Path) -> None:
    manifest = write(tmp_path / "editions.toml", b'[[edition]]\nsiglum = "A"\ntitle = "caf\xe9"\n')
    message = run_editions(tmp_path, manifest)
    assert message.startswith(f"{manifest}:3:13: ")
    assert "UTF-8" in words(message, tmp_path)


@pytest.mark.parametrize("text", ["x = 1\n", 'edition = "x"\n', "[edition]\nsiglum = 'A'\n"])
def test_editions_manifest_without_editions(tmp_path: Path, text: str) -> None:
    manifest = write(tmp_path / "editions.toml", text)
    assert run_editions(tmp_path, manifest) == f"{manifest}: no [[edition]] tables"


def test_editions_entry_missing_fields(tmp_path: Path) -> None:
    manifest = write(tmp_path / "editions.toml", '[[edition]]\nsiglum = "A"\ndate = 2001\n')
    message = run_editions(tmp_path, manifest)
    assert message.startswith(f"{manifest}: edition 1: missing or not text: ")
    assert "date" in words(message, tmp_path)


@pytest.mark.parametrize("entries", ['["x"]', "[1]"])
def test_editions_entries_not_tables(tmp_path: Path, entries: str) -> None:
    manifest = write(tmp_path / "editions.toml", f"edition = {entries}\n")
    message = run_editions(tmp_path, manifest)
    assert message.startswith(f"{manifest}: ")


def test_editions_tei_not_text(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "Title\n")
    manifest = write(tmp_path / "editions.toml", EDITION.format(file="a.txt") + "tei = 5\n")
    message = run_editions(tmp_path, manifest)
    assert message.startswith(f"{manifest}: ")
    assert "tei" in words(message, tmp_path)


def test_editions_edition_file_missing(tmp_path: Path) -> None:
    manifest = write(tmp_path / "editions.toml", EDITION.format(file="gone.txt"))
    assert run_editions(tmp_path, manifest) == f"{tmp_path / 'gone.txt'}: no such file"


def test_editions_edition_file_is_a_folder(tmp_path: Path) -> None:
    (tmp_path / "a.txt").mkdir()
    manifest = write(tmp_path / "editions.toml", EDITION.format(file="a.txt"))
    assert run_editions(tmp_path, manifest) == f"{tmp_path / 'a.txt'}: is a directory, not a file"


def test_editions_edition_file_changed(tmp_path: Path) -> None:
    edition = write(tmp_path / "a.txt", "Title\n")
    manifest = write(
        tmp_path / "editions.toml", EDITION.format(file="a.txt") + f'sha256 = "{"0" * 64}"\n'
    )
    message = run_editions(tmp_path, manifest)
    assert message.startswith(f"{edition}: edition A has changed: sha256 ")
