"""The commands do their jobs: encode, check, text, info, editions."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ESSAY_TEI, ESSAY_TEXT, REPO
from revisions import Revision, chunks_of, revise
from toolkit.cli import main
from toolkit.tei import read_tei
from toolkit.tei.check import check_file


def run(*args: str, cwd: Path | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def revised_text(tmp_path_factory: pytest.TempPathFactory) -> Path:
    essay = read_tei(ESSAY_TEI)
    plan: list[str | None] = [None] * 89
    plan[4], plan[12], plan[30], plan[45], plan[60], plan[70] = (
        "heavy-edit", "move", "split", "merge", "delete", "insert")
    revision = revise(essay, plan, random.Random(7))
    assert len(revision.operations) == 6
    path = tmp_path_factory.mktemp("revised") / "revised.txt"
    path.write_text(revision.text(), encoding="utf-8")
    return path


def test_encode_received_text_gives_the_essay_structure(tmp_path: Path) -> None:
    out = tmp_path / "revolution-betrayed.xml"
    code, stdout, stderr = run("encode", str(ESSAY_TEXT), "-o", str(out), "--author", "Alan Woods")
    assert code == 0 and stdout == ""
    assert "encoded 108 blocks" in stderr
    encoded, essay = read_tei(out), read_tei(ESSAY_TEI)
    # Same blocks and the same IDs as the edition the editor prepared from it.
    assert [(b.id, b.kind, b.text) for b in encoded.blocks] == [
        (b.id, b.kind, b.text) for b in essay.blocks]
    assert check_file(out).problems == ()


def test_encode_is_deterministic(tmp_path: Path, revised_text: Path) -> None:
    outputs = []
    for name in ("a.xml", "b.xml"):
        run("encode", str(revised_text), "--ids-from", str(ESSAY_TEI), "-o", str(tmp_path / name))
        outputs.append((tmp_path / name).read_bytes())
    assert outputs[0] == outputs[1]
    assert b"when=" not in outputs[0].split(b"<revisionDesc>")[1].split(b"</change>")[0]


def test_encode_ids_from_reports_and_records(tmp_path: Path, revised_text: Path) -> None:
    out = tmp_path / "revised.xml"
    code, _, stderr = run("encode", str(revised_text), "--ids-from", str(ESSAY_TEI), "-o", str(out),
                          "--date", "2026-12-01", "-v")
    assert code == 0
    summary = stderr.splitlines()[0]
    for word in ("kept", "moved 1", "split 1", "merged 1", "new 1", "retired 2"):
        assert word in summary
    assert any(line.strip().startswith("split   rb-p") for line in stderr.splitlines())
    revised = read_tei(out)
    assert len(revised.retired_ids) == 2
    assert revised.revisions[0].when == "2026-12-01"
    assert revised.metadata.author == "Alan Woods"  # the previous header carries over
    assert check_file(out).problems == ()


def test_encoded_editions_are_valid_tei_all(tmp_path: Path, revised_text: Path, tei_all) -> None:
    fresh, revised = tmp_path / "fresh.xml", tmp_path / "revised.xml"
    run("encode", str(ESSAY_TEXT), "-o", str(fresh))
    run("encode", str(revised_text), "--ids-from", str(ESSAY_TEI), "-o", str(revised))
    for path in (fresh, revised):
        assert check_file(path, tei_all).problems == ()


def test_check_reports_schema_problems_with_lines(tmp_path: Path) -> None:
    text = ESSAY_TEI.read_text(encoding="utf-8").replace(
        '<p xml:id="rb-p002">', '<p xml:id="rb-p002"><blink>x</blink>', 1)
    bad = tmp_path / "bad.xml"
    bad.write_text(text, encoding="utf-8")
    line = next(n for n, l in enumerate(text.splitlines(), 1) if "<blink>" in l)
    code, stdout, stderr = run("check", str(bad))
    assert code == 1
    assert f"{bad}:{line}: not valid against toolkit-tei.rng" in stdout
    assert "1 of 1 files have problems" in stderr


def test_check_good_file(tmp_path: Path) -> None:
    code, stdout, _ = run("check", str(ESSAY_TEI))
    assert code == 0
    assert stdout.strip().endswith("ok (108 blocks, 15 sections)")


def test_text_and_ids(tmp_path: Path) -> None:
    code, stdout, _ = run("text", str(ESSAY_TEI))
    assert code == 0 and stdout == ESSAY_TEXT.read_text(encoding="utf-8") + "\n"
    code, stdout, _ = run("text", "--ids", str(ESSAY_TEI))
    lines = stdout.splitlines()
    assert len(lines) == 108
    assert lines[0] == "rb-t001\tThe Revolution Betrayed - a Marxist Masterpiece"
    assert "rb-i001\t1) Free and democratic elections" in stdout
    code, stdout, _ = run("text", "--ids", str(ESSAY_TEXT))
    assert stdout.splitlines()[1].startswith("1\tThe Revolution Betrayed is one")


def test_info_summarises(tmp_path: Path) -> None:
    code, stdout, _ = run("info", str(ESSAY_TEI))
    assert code == 0
    assert "author:    Alan Woods" in stdout
    assert "108 (1 title, 13 headings, 89 paragraphs, 4 items, 1 quotation)" in stdout
    assert "rb-s015    The problem of leadership" in stdout


def test_editions_lists_and_verifies() -> None:
    code, stdout, _ = run("editions", str(REPO / "editions" / "editions.toml"))
    assert code == 0
    assert stdout.startswith("W2001\ten\t2001\tvariant\t")


@pytest.mark.parametrize("command", ["encode", "check", "text", "info", "editions"])
def test_every_command_explains_itself_with_an_example(command: str) -> None:
    code, stdout, _ = run(command, "--help")
    assert code == 0
    assert "Example" in stdout and f"toolkit {command}" in stdout


def test_python_dash_m_toolkit() -> None:
    done = subprocess.run([sys.executable, "-m", "toolkit", "--version"], capture_output=True,
                          text=True, cwd=REPO, check=False)
    assert done.returncode == 0 and "toolkit" in done.stdout


def test_revision_round_trip_through_plain_text_keeps_every_id(tmp_path: Path) -> None:
    # Encoding the essay's own text with IDs from the essay changes nothing but the history.
    out = tmp_path / "same.xml"
    (tmp_path / "same.txt").write_text(Revision(chunks_of(read_tei(ESSAY_TEI))).text(), encoding="utf-8")
    code, _, stderr = run("encode", str(tmp_path / "same.txt"), "--ids-from", str(ESSAY_TEI), "-o", str(out))
    assert code == 0 and "retired 0" in stderr and "new 0" in stderr
    assert read_tei(out).ids == read_tei(ESSAY_TEI).ids


@pytest.mark.parametrize("option", [["--date", "yesterday"], ["--id-prefix", "a b"], ["--id-prefix", "1x"]])
def test_encode_refuses_options_that_would_make_invalid_tei(tmp_path: Path, option: list[str]) -> None:
    out = tmp_path / "out.xml"
    result = CliRunner().invoke(main, ["encode", str(ESSAY_TEXT), "-o", str(out), *option])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {option[0]} ")
    assert not out.exists()
