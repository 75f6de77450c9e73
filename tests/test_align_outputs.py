"""``toolkit align`` around the aligner's core: the document-level alignment, its four outputs
(JSON, catalogue, TEI edition, review page), the command, and bad input.

The essay's Spanish edition carries the source's IDs, so it is a translation with a known
correspondence: written out without its IDs (as plain text, Markdown or HTML), aligning it
with the essay must give every block its own translation. The rules of the outputs (fuzzy
entries, split and joined paragraphs, added ones) are tested on alignments made by hand, so
that they hold whatever the core's beads.
"""

from __future__ import annotations

import html
import json
import shutil
import string
import subprocess
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner, Result

from conftest import ESSAY_TEI, REPO
from toolkit.align import Bead
from toolkit.alignout import alignment_html, alignment_json
from toolkit.alignpo import aligned_catalogue
from toolkit.aligntei import aligned_edition
from toolkit.bitext import EditionAlignment, align_editions, split_shared
from toolkit.catalogue import Catalogue, Entry
from toolkit.cli import main
from toolkit.extract import TemplateInfo, extract_template
from toolkit.model import Block, BlockKind, Container, Document, Element, Metadata
from toolkit.plaintext import plain_text
from toolkit.po import catalogue_text, read_catalogue
from toolkit.qa import aligned_notes, check_catalogue
from toolkit.sentences import sentences
from toolkit.tei import read_tei, tei_bytes
from toolkit.tei.check import check_file

DOMAIN = "revolution-betrayed"
SPANISH_TEI = REPO / "editions" / f"{DOMAIN}-es.xml"


# --- helpers -----------------------------------------------------------------------------------


def run(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.output
    return result


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the project (settings, TEI, catalogues, editions), the current folder."""
    root = tmp_path / "project"
    root.mkdir()
    for folder in ("tei", "locale", "editions"):
        shutil.copytree(REPO / folder, root / folder)
    shutil.copy(REPO / "toolkit.toml", root / "toolkit.toml")
    monkeypatch.chdir(root)
    return root


def po_path(root: Path, language: str = "es") -> Path:
    return root / "locale" / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@pytest.fixture(scope="module")
def spanish() -> Document:
    """The Spanish edition (built from the complete catalogue): IDs as in the essay."""
    return read_tei(SPANISH_TEI)


def markdown_escape(text: str) -> str:
    # CommonMark lets any ASCII punctuation be escaped, so the text reads back exactly.
    return "".join("\\" + char if char in string.punctuation else char for char in text)


def as_markdown(document: Document) -> str:
    parts: list[str] = []
    previous = None
    for block in document.blocks:
        text = markdown_escape(block.text)
        if block.kind is BlockKind.TITLE:
            parts.append(f"# {text}\n")
        elif block.kind is BlockKind.HEADING:
            parts.append(f"## {text}\n")
        elif block.kind is BlockKind.ITEM:
            if previous is BlockKind.ITEM:
                parts[-1] += f"1. {text}\n"
            else:
                parts.append(f"1. {text}\n")
        elif block.kind is BlockKind.QUOTATION:
            parts.append(f"> {text}\n")
        else:
            parts.append(f"{text}\n")
        previous = block.kind
    return "\n".join(parts)


def as_html(document: Document) -> str:
    lines = ['<!DOCTYPE html>', '<html lang="es"><head><meta charset="utf-8"><title>Traducción</title></head><body>']
    previous = None
    for block in document.blocks:
        if previous is BlockKind.ITEM and block.kind is not BlockKind.ITEM:
            lines.append("</ol>")
        text = html.escape(block.text)
        if block.kind is BlockKind.TITLE:
            lines.append(f"<h1>{text}</h1>")
        elif block.kind is BlockKind.HEADING:
            lines.append(f"<h2>{text}</h2>")
        elif block.kind is BlockKind.ITEM:
            if previous is not BlockKind.ITEM:
                lines.append("<ol>")
            lines.append(f"<li>{text}</li>")
        elif block.kind is BlockKind.QUOTATION:
            lines.append(f"<blockquote><p>{text}</p></blockquote>")
        else:
            lines.append(f"<p>{text}</p>")
        previous = block.kind
    lines.append("</body></html>")
    return "\n".join(lines) + "\n"


def spanish_text(spanish: Document, folder: Path, edit=None) -> Path:
    """The Spanish edition as plain text without IDs (``toolkit text``), perhaps edited."""
    text = plain_text(spanish)
    if edit is not None:
        text = edit(text)
    path = folder / "traduccion.txt"
    path.write_text(text, encoding="utf-8")
    return path


def doc(texts: list[str], ids: bool = True, lang: str = "en", prefix: str = "x",
        kinds: list[BlockKind] | None = None) -> Document:
    """A small edition: one division of paragraphs (or the kinds given)."""
    blocks = tuple(
        Block(kinds[k] if kinds else BlockKind.PARAGRAPH, (text,),
              id=f"{prefix}-p{k + 1:03d}" if ids else None,
              tag="head" if kinds and kinds[k] is BlockKind.HEADING else "p")
        for k, text in enumerate(texts)
    )
    division = Container("div", blocks, id=f"{prefix}-s001" if ids else None)
    return Document(metadata=Metadata(title="A small text", language=lang), body=(division,))


def by_hand(source: Document, target: Document, beads: list[tuple[tuple[int, ...], tuple[int, ...], float]],
            threshold: float = 0.5) -> EditionAlignment:
    """An alignment made by hand, so that the outputs' rules are tested whatever the core does."""
    made = tuple(Bead(s, t, 1.0, confidence) for s, t, confidence in beads)
    return EditionAlignment(source, target, made, (), sum(b.confidence for b in made) / len(made), threshold)


def template_of(source: Document) -> Catalogue:
    return extract_template(source, "src.xml", TemplateInfo("small", "2024-01-01 00:00+0000", "A small text"))


# --- sentences ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("One. Two! Three? Four", ["One.", "Two!", "Three?", "Four"]),
    ("See p. 252 and Vol. 3 of it. J. Smith agreed.", ["See p. 252 and Vol. 3 of it.", "J. Smith agreed."]),
    ('He said: "Go." She went.', ['He said: "Go."', "She went."]),
    ("¿Qué? ¡Nada! «Bien.» Fin.", ["¿Qué?", "¡Nada!", "«Bien.»", "Fin."]),
    ("第一句。第二句！第三句？", ["第一句。", "第二句！", "第三句？"]),
    ("هل هذا صحيح؟ نعم. هذا صحيح", ["هل هذا صحيح؟", "نعم.", "هذا صحيح"]),
    ("पहला वाक्य। दूसरा वाक्य॥", ["पहला वाक्य।", "दूसरा वाक्य॥"]),
    ("ประโยคแรก ประโยคที่สอง", ["ประโยคแรก", "ประโยคที่สอง"]),
    ("", []),
])
def test_sentences_in_many_scripts(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_a_shared_paragraph_is_cut_where_the_sentences_align() -> None:
    sources = ["In 1917 the workers took power. The old state fell within days.",
               "By 1921 the country was exhausted (6 million had died)."]
    target = ("En 1917 los obreros tomaron el poder. El viejo Estado cayó en pocos días. "
              "Hacia 1921 el país estaba agotado (habían muerto 6 millones).")
    assert split_shared(sources, [target]) == [
        "En 1917 los obreros tomaron el poder. El viejo Estado cayó en pocos días.",
        "Hacia 1921 el país estaba agotado (habían muerto 6 millones).",
    ]
    # One sentence cannot be cut between two blocks.
    assert split_shared(sources, ["En 1917 y 1921, todo (6 millones) en una frase"]) is None


# --- the document-level alignment --------------------------------------------------------------


@pytest.mark.parametrize("form", ["txt", "md", "html"])
def test_the_spanish_edition_without_ids_gives_every_block_its_translation(
        form: str, spanish: Document, essay: Document, tmp_path: Path) -> None:
    path = tmp_path / f"traduccion.{form}"
    text = {"txt": plain_text, "md": as_markdown, "html": as_html}[form](spanish)
    path.write_text(text, encoding="utf-8")
    from toolkit.editionfile import read_edition

    alignment = align_editions(essay, read_edition(path, "es"))
    assert alignment.corresponds
    assert [item.text for item in alignment.translations] == [block.text for block in spanish.blocks]
    assert all(item.share == "one" for item in alignment.translations)
    assert alignment.target_names == tuple(str(n) for n in range(len(spanish.blocks)))


def test_an_empty_translation_is_a_problem(essay: Document) -> None:
    alignment = align_editions(essay, Document())
    assert "the translation has no blocks" in alignment.problems
    assert not alignment.corresponds


def test_blocks_are_named_by_id_or_position() -> None:
    source, target = doc(["One.", "Two."]), doc(["Uno.", "Dos."], ids=False)
    alignment = by_hand(source, target, [((0,), (0,), 0.9), ((1,), (1,), 0.9)])
    assert alignment.source_names == ("x-p001", "x-p002")
    assert alignment.target_names == ("0", "1")


# --- JSON --------------------------------------------------------------------------------------


def test_json_has_the_documented_structure() -> None:
    source = doc(["First paragraph.", "Second paragraph.", "Third."])
    target = doc(["Primer párrafo y segundo.", "Nota.", "Tercero."], ids=False, lang="es")
    alignment = by_hand(source, target, [((0, 1), (0,), 0.4213), ((), (1,), 0.95), ((2,), (2,), 0.987654)])
    data = json.loads(alignment_json(alignment, "src.xml", "tgt.txt"))
    assert list(data)[:3] == ["source", "target", "beads"]
    assert data["source"] == "src.xml" and data["target"] == "tgt.txt"
    assert [{key: bead[key] for key in ("source", "target", "confidence")} for bead in data["beads"]] == [
        {"source": ["x-p001", "x-p002"], "target": ["0"], "confidence": 0.4213},
        {"source": [], "target": ["1"], "confidence": 0.95},
        {"source": ["x-p003"], "target": ["2"], "confidence": 0.9877},
    ]
    assert [bead["shape"] for bead in data["beads"]] == ["2-1", "0-1", "1-1"]
    assert data["summary"] == {"1-1": 1, "1-0": 0, "0-1": 1, "2-1": 1, "1-2": 0, "2-2": 0, "3-1": 0, "1-3": 0}
    assert data["below_threshold"] == 1 and data["threshold"] == 0.5
    text = alignment_json(alignment, "src.xml", "tgt.txt")
    assert text.endswith("}\n") and text == alignment_json(alignment, "src.xml", "tgt.txt")
    # One bead to a line.
    assert sum(1 for line in text.splitlines() if line.startswith('    {"source"')) == 3


def test_json_of_the_command_names_files_and_blocks(project: Path, spanish: Document) -> None:
    translation = spanish_text(spanish, project)
    result = run("align", "tei/revolution-betrayed.xml", str(translation.name), "--lang", "es")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["source"] == "tei/revolution-betrayed.xml" and data["target"] == "traduccion.txt"
    assert [bead["source"] for bead in data["beads"]] == [[block.id] for block in spanish.blocks]
    assert [bead["target"] for bead in data["beads"]] == [[str(n)] for n in range(len(spanish.blocks))]
    assert all(0 <= bead["confidence"] <= 1 for bead in data["beads"])
    summary = result.stderr.splitlines()[0]
    assert summary.startswith("108 source blocks, 108 translation blocks: 108 beads (108 1-1); ")
    assert "mean confidence" in summary


# --- the catalogue -----------------------------------------------------------------------------


def test_po_from_scratch_gives_every_entry_its_spanish_text(project: Path, spanish: Document) -> None:
    po_path(project).unlink()
    translation = spanish_text(spanish, project)
    result = run("align", "tei/revolution-betrayed.xml", translation.name, "--lang", "es", "--to", "po")
    assert result.exit_code == 0, result.output
    catalogue = read_catalogue(po_path(project))
    assert catalogue.header("Language") == "es"
    assert catalogue.header("Plural-Forms") == "nplurals=2; plural=(n != 1);"
    template = read_catalogue(project / "locale" / f"{DOMAIN}.pot")
    assert [(e.context, e.source) for e in catalogue.live()] == [(e.context, e.source) for e in template.live()]
    for entry in catalogue.live():
        assert entry.translation == spanish.block(entry.context).text
        has_placeholders = "<" in entry.source
        low = "low confidence" in entry.translator_comments
        assert entry.fuzzy == (has_placeholders or low), entry.context
        if has_placeholders:
            assert "# aligned: the aligned text is plain: restore the placeholders <" in \
                catalogue_text(catalogue).split(f'msgctxt "{entry.context}"')[0].rsplit("\n\n", 1)[-1]
    assert "locale/es/LC_MESSAGES/revolution-betrayed.po: 108 filled" in result.stderr
    if shutil.which("msgfmt"):
        checked = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po_path(project))],
                                 capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr
    # A second run changes nothing.
    before = po_path(project).read_bytes()
    again = run("align", "tei/revolution-betrayed.xml", translation.name, "--lang", "es", "--to", "po")
    assert again.exit_code == 0 and "(unchanged)" in again.stderr
    assert po_path(project).read_bytes() == before
    assert not [path for path in po_path(project).parent.iterdir() if path.name.endswith(".tmp")]


def test_placeholders_make_an_entry_fuzzy_with_the_list_to_restore() -> None:
    source = Document(metadata=Metadata(language="en"), body=(Container("div", (
        Block(BlockKind.PARAGRAPH, ("Read ", Element("title", (), ("Capital",)), " now.", Element("lb")),
              id="x-p001"),), id="x-s001"),))
    target = doc(["Lean El capital ya."], ids=False, lang="es")
    catalogue, report = aligned_catalogue(by_hand(source, target, [((0,), (0,), 0.99)]),
                                          template_of(source), None, "es")
    entry = catalogue.get("x-p001")
    assert entry is not None and entry.fuzzy and entry.translation == "Lean El capital ya."
    assert entry.translator_comments == (
        "aligned: the aligned text is plain: restore the placeholders <title>…</title>, <lb/>")
    assert report.fuzzy == ["x-p001"]


def test_low_confidence_is_fuzzy_with_a_comment_and_qa_names_it() -> None:
    source = doc(["The first block.", "The second block.", "The third."])
    target = doc(["El primer bloque.", "Algo que no tiene nada que ver.", "El tercero."], ids=False, lang="es")
    alignment = by_hand(source, target, [((0,), (0,), 0.97), ((1,), (1,), 0.42), ((2,), (2,), 0.9)])
    catalogue, report = aligned_catalogue(alignment, template_of(source), None, "es")
    low = catalogue.get("x-p002")
    assert low is not None and low.fuzzy
    assert low.translator_comments == (
        "aligned: low confidence 0.42 (1-1 bead): check that this is the block's translation")
    assert report.fuzzy == ["x-p002"] and report.filled == ["x-p001", "x-p002", "x-p003"]
    assert not catalogue.get("x-p001").fuzzy  # type: ignore[union-attr]
    text = catalogue_text(catalogue)
    assert "# aligned: low confidence 0.42 (1-1 bead)" in text
    findings = [f for f in check_catalogue(catalogue) if f.check == "aligned"]
    assert [(f.context, f.severity) for f in findings] == [("x-p002", "warning")]
    assert "low confidence 0.42" in str(findings[0])


def test_a_shared_paragraph_is_split_between_sentences_or_given_to_the_first() -> None:
    source = doc(["In 1917 the workers took power. The old state fell within days.",
                  "By 1921 the country was exhausted (6 million had died).",
                  "One more.", "And another (2001)."])
    target = doc(["En 1917 los obreros tomaron el poder. El viejo Estado cayó en pocos días. "
                  "Hacia 1921 el país estaba agotado (habían muerto 6 millones).",
                  "Uno más y otro (2001), en una sola frase"], ids=False, lang="es")
    alignment = by_hand(source, target, [((0, 1), (0,), 0.8), ((2, 3), (1,), 0.7)])
    catalogue, report = aligned_catalogue(alignment, template_of(source), None, "es")
    first, second, third, fourth = (catalogue.get(f"x-p00{n}") for n in range(1, 5))
    assert first and second and third and fourth
    assert first.translation == "En 1917 los obreros tomaron el poder. El viejo Estado cayó en pocos días."
    assert second.translation == "Hacia 1921 el país estaba agotado (habían muerto 6 millones)."
    assert not first.fuzzy and not second.fuzzy
    assert "shared with x-p002: cut between sentences (2-1 bead)" in first.translator_comments
    assert "shared with x-p001" in second.translator_comments
    # No sentence boundary: all of it to the first entry, fuzzy; the other untranslated; both say so.
    assert third.translation == "Uno más y otro (2001), en una sola frase" and third.fuzzy
    assert "could not be cut between sentences" in third.translator_comments
    assert "move what translates x-p004 to its entry" in third.translator_comments
    assert fourth.translation == "" and not fourth.fuzzy
    assert "all of it in the entry of x-p003" in fourth.translator_comments
    assert report.untranslated == ["x-p004"]
    assert [f.context for f in check_catalogue(catalogue) if f.check == "aligned"] == ["x-p003", "x-p004"]


def test_joined_dropped_and_added_paragraphs() -> None:
    source = doc(["One block.", "A dropped block.", "The last block."])
    target = doc(["Nota del traductor.", "Un bloque,", "en dos párrafos.", "Añadido.", "El último."],
                 ids=False, lang="es")
    alignment = by_hand(source, target, [((), (0,), 0.9), ((0,), (1, 2), 0.8), ((1,), (), 0.6),
                                         ((), (3,), 0.9), ((2,), (4,), 0.9)])
    catalogue, report = aligned_catalogue(alignment, template_of(source), None, "es")
    one, dropped, last = (catalogue.get(f"x-p00{n}") for n in range(1, 4))
    assert one and dropped and last
    assert one.translation == "Un bloque, en dos párrafos."
    assert one.translator_comments.split("\n") == [
        "aligned: 2 paragraphs of the translation joined into one (1-2 bead)",
        'aligned: the translation adds before this block: "Nota del traductor."',
    ]
    assert dropped.translation == "" and dropped.translator_comments.split("\n") == [
        "aligned: the translation has no counterpart for this block (1-0 bead)",
        'aligned: the translation adds after this block: "Añadido."',
    ]
    assert report.additions == [("x-p001", "before", "Nota del traductor."), ("x-p002", "after", "Añadido.")]
    assert last.translation == "El último."


def test_a_plain_text_that_looks_like_markup_is_escaped_and_passes_msgfmt(tmp_path: Path) -> None:
    source = doc(["Plain words.", "More words."])
    target = doc(['Palabras <b>"sueltas"</b> & \\ más.', 'Nota: "<i>"'], ids=False, lang="es")
    alignment = by_hand(source, target, [((0,), (0,), 0.9), ((), (1,), 0.9), ((1,), (), 0.3)])
    catalogue, _ = aligned_catalogue(alignment, template_of(source), None, "es")
    entry = catalogue.get("x-p001")
    assert entry is not None and entry.translation == 'Palabras &lt;b>"sueltas"&lt;/b> & \\ más.'
    assert entry.translator_comments == 'aligned: the translation adds after this block: "Nota: "<i>""'
    assert [f for f in check_catalogue(catalogue) if f.severity == "error"] == []
    path = tmp_path / "es.po"
    path.write_text(catalogue_text(catalogue), encoding="utf-8")
    assert read_catalogue(path).get("x-p001") == entry
    if shutil.which("msgfmt"):
        checked = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr


def test_existing_translations_are_kept_unless_overwrite() -> None:
    source = doc(["One block.", "Two blocks."])
    target = doc(["Un bloque.", "Dos bloques."], ids=False, lang="es")
    alignment = by_hand(source, target, [((0,), (0,), 0.9), ((1,), (1,), 0.9)])
    template = template_of(source)
    existing, _ = aligned_catalogue(alignment, template, None, "es")
    existing = existing.__class__(
        entries=tuple(entry if entry.context != "x-p001" else Entry(
            entry.source, "Mi propia traducción.", entry.context, translator_comments="a translator's note",
            extracted_comments=entry.extracted_comments, references=entry.references)
            for entry in existing.entries),
        metadata=existing.metadata, header_comment=existing.header_comment)
    kept, report = aligned_catalogue(alignment, template, existing, "es")
    assert kept.get("x-p001").translation == "Mi propia traducción."  # type: ignore[union-attr]
    assert kept.get("x-p001").translator_comments == "a translator's note"  # type: ignore[union-attr]
    assert report.kept == ["x-p001", "x-p002"] and report.differ == ["x-p001"] and report.filled == []
    replaced, report = aligned_catalogue(alignment, template, existing, "es", overwrite=True)
    assert replaced.get("x-p001").translation == "Un bloque."  # type: ignore[union-attr]
    assert replaced.get("x-p001").translator_comments == "a translator's note"  # type: ignore[union-attr]
    assert report.replaced == ["x-p001", "x-p002"]


def test_the_command_keeps_the_spanish_catalogue_and_overwrite_replaces_it(project: Path,
                                                                           spanish: Document) -> None:
    translation = spanish_text(spanish, project)
    original = po_path(project).read_bytes()
    result = run("align", "tei/revolution-betrayed.xml", translation.name, "--lang", "es", "--to", "po")
    assert result.exit_code == 0, result.output
    assert po_path(project).read_bytes() == original
    assert "0 filled (0 fuzzy), 108 existing translations kept" in result.stderr
    # Where the catalogue keeps an untranslated <corr>, the built edition reads the source's error.
    differ = [line for line in result.stderr.splitlines() if "kept the existing translation" in line]
    assert len(differ) == 1 and "rb-p036" in differ[0]
    result = run("align", "tei/revolution-betrayed.xml", translation.name, "--lang", "es", "--to", "po",
                 "--overwrite")
    assert result.exit_code == 0, result.output
    catalogue = read_catalogue(po_path(project))
    assert catalogue.get("rb-p036").translation == spanish.block("rb-p036").text  # type: ignore[union-attr]
    assert "108 replaced" in result.stderr


def test_merged_paragraphs_and_a_translators_note_in_the_catalogue(project: Path, spanish: Document) -> None:
    po_path(project).unlink()
    third, fourth = spanish.blocks[3].text, spanish.blocks[4].text
    note = "Nota del traductor: Trotsky escribió este libro en 1936, durante su exilio en Noruega."
    after = spanish.blocks[19].text

    def edit(text: str) -> str:
        text = text.replace(f"{third}\n\n{fourth}", f"{third} {fourth}")
        return text.replace(f"{after}\n\n", f"{after}\n\n{note}\n\n")

    translation = spanish_text(spanish, project, edit)
    result = run("align", "tei/revolution-betrayed.xml", translation.name, "--lang", "es", "--to", "po")
    assert result.exit_code == 0, result.output
    catalogue = read_catalogue(po_path(project))
    first, second = spanish.blocks[3].id, spanish.blocks[4].id
    assert catalogue.get(first).translation == third  # type: ignore[union-attr]
    assert catalogue.get(second).translation == fourth  # type: ignore[union-attr]
    assert "cut between sentences (2-1 bead)" in catalogue.get(first).translator_comments  # type: ignore[union-attr]
    noted = catalogue.get(spanish.blocks[19].id)
    assert noted is not None
    assert f'aligned: the translation adds after this block: "{note}"' in noted.translator_comments
    # The translation's block 19: after the merge, one block fewer stands before it.
    assert f'added: the translation adds block 19 after {spanish.blocks[19].id}: "Nota del traductor' in result.stderr


def test_qa_names_the_entries_below_the_threshold(project: Path, spanish: Document) -> None:
    po_path(project).unlink()
    translation = spanish_text(spanish, project)
    beads = json.loads(run("align", "tei/revolution-betrayed.xml", translation.name, "--lang", "es").stdout)["beads"]
    # A threshold that a quarter of the beads or so fall below, however sure the aligner is.
    confidences = sorted(bead["confidence"] for bead in beads)
    threshold = confidences[len(confidences) // 4 * 3]
    low = {bead["source"][0] for bead in beads if bead["confidence"] < threshold}
    result = run("align", "tei/revolution-betrayed.xml", translation.name, "--lang", "es", "--to", "po",
                 "--threshold", str(threshold))
    assert result.exit_code == 0, result.output
    qa = run("qa", "--lang", "es")
    named = {line.split(": ")[1] for line in qa.stdout.splitlines() if "[aligned] warning: low confidence" in line}
    assert named == low


def test_the_catalogue_is_deterministic(tmp_path: Path, spanish: Document, monkeypatch: pytest.MonkeyPatch) -> None:
    outputs = []
    for name in ("one", "two"):
        root = tmp_path / name
        for folder in ("tei", "locale"):
            shutil.copytree(REPO / folder, root / folder)
        shutil.copy(REPO / "toolkit.toml", root / "toolkit.toml")
        po_path(root).unlink()
        translation = spanish_text(spanish, root)
        monkeypatch.chdir(root)
        assert run("align", "tei/revolution-betrayed.xml", translation.name, "--lang", "es", "--to", "po",
                   "--threshold", "0.8").exit_code == 0
        outputs.append(po_path(root).read_bytes())
    assert outputs[0] == outputs[1]


def test_po_outside_the_project_source_needs_an_output(project: Path, spanish: Document) -> None:
    other = project / "other.xml"
    shutil.copy(ESSAY_TEI, other)
    translation = spanish_text(spanish, project)
    result = run("align", "other.xml", translation.name, "--lang", "es", "--to", "po")
    assert result.exit_code == 2 and "name the catalogue to write with -o" in result.stderr
    result = run("align", "other.xml", translation.name, "--lang", "es", "--to", "po", "-o", "other.po")
    assert result.exit_code == 0, result.output
    assert read_catalogue(project / "other.po").get("rb-p001") is not None


def test_qa_says_nothing_of_reviewed_entries() -> None:
    entry = Entry("Source.", "Fuente.", "x-p001", translator_comments="aligned: low confidence 0.30 (1-1 bead)")
    assert aligned_notes(entry) == []
    assert [f.message for f in aligned_notes(entry.with_flag("fuzzy"))] == ["low confidence 0.30 (1-1 bead)"]


# --- TEI ---------------------------------------------------------------------------------------


def test_tei_edition_of_the_spanish_text(project: Path, spanish: Document, tei_all) -> None:
    translation = spanish_text(spanish, project)
    result = run("align", "tei/revolution-betrayed.xml", translation.name, "--lang", "es", "--to", "tei")
    assert result.exit_code == 0, result.output
    out = project / "editions" / f"{DOMAIN}-es-aligned.xml"
    assert check_file(out).problems == ()
    assert check_file(out, tei_all).problems == ()
    edition = read_tei(out)
    assert edition.metadata.language == "es"
    assert [(b.id, b.text) for b in edition.blocks] == [(b.id, b.text) for b in spanish.blocks]
    assert b"an unreviewed alignment" in out.read_bytes()
    first = out.read_bytes()
    again = run("align", "tei/revolution-betrayed.xml", translation.name, "--lang", "es", "--to", "tei")
    assert again.exit_code == 0 and out.read_bytes() == first
    assert not [path for path in out.parent.iterdir() if path.name.endswith(".tmp")]
    assert (project / "editions" / f"{DOMAIN}-es.xml").read_bytes() == SPANISH_TEI.read_bytes()


def test_tei_keeps_added_paragraphs_as_notes_and_untranslated_blocks_in_the_source_language(
        tmp_path: Path, tei_all) -> None:
    source = doc(["One block.", "A dropped block.", "The last block."],
                 kinds=[BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.PARAGRAPH])
    target = doc(["Nota <b>previa</b>.", "Un bloque", "Añadido.", "El último."], ids=False, lang="es")
    alignment = by_hand(source, target, [((), (0,), 0.9), ((0,), (1,), 0.3), ((1,), (), 0.6),
                                         ((), (2,), 0.9), ((2,), (3,), 0.9)])
    edition = aligned_edition(alignment, "es", "src.xml", "tgt.txt")
    path = tmp_path / "aligned.xml"
    path.write_bytes(tei_bytes(edition))
    assert check_file(path).problems == ()
    assert check_file(path, tei_all).problems == ()
    back = read_tei(path)
    assert [(b.text, b.lang) for b in back.blocks] == [("Un bloque", "es"), ("A dropped block.", "en"),
                                                       ("El último.", "es")]
    first, dropped, _ = back.blocks
    assert first.content[0] == Element("note", (("type", "translator"),), ("Nota <b>previa</b>.",))
    assert dropped.content[-1] == Element("note", (("type", "translator"), ("xml:lang", "es")), ("Añadido.",))
    assert b"1 of them with low confidence" in path.read_bytes()


def test_tei_needs_source_ids(essay: Document) -> None:
    from toolkit.errors import StructureError

    source, target = doc(["One."], ids=False), doc(["Uno."], ids=False, lang="es")
    with pytest.raises(StructureError, match="have no xml:id"):
        aligned_edition(by_hand(source, target, [((0,), (0,), 0.9)]), "es")


# --- the review page ---------------------------------------------------------------------------


def test_review_page_escapes_and_puts_low_confidence_first() -> None:
    source = doc(["First <i>block</i>.", "Second block.", "Third block."])
    target = doc(["<script>alert('x')</script> primero.", "Segundo.", "Tercero."], ids=False, lang="ar")
    alignment = by_hand(source, target, [((0,), (0,), 0.9), ((1,), (1,), 0.2), ((2,), (2,), 0.45)])
    page = alignment_html(alignment, "src<1>.xml", "tgt.txt", "en", "ar")
    tree = lxml.html.fromstring(page)
    assert not tree.xpath("//script") and not tree.xpath("//i")
    assert "<script>alert('x')</script> primero." in tree.text_content()
    assert "src<1>.xml" in tree.text_content()
    rows = tree.xpath("//table[@class='beads']/tbody/tr")
    assert [row.get("id") for row in rows] == ["x-p002", "x-p003", "x-p001"]
    assert [row.get("class") for row in rows] == ["low", "low", "sure"]
    target_cell = rows[0].xpath("td")[1]
    assert target_cell.xpath("p/@lang") == ["ar"] and target_cell.xpath("p/@dir") == ["rtl"]
    assert rows[0].xpath("td")[0].xpath("p/@dir") == ["ltr"]
    assert "confidence 0.20" in rows[0].text_content() and rows[0].xpath(".//meter/@value") == ["0.2"]
    summary = tree.xpath("//table[@class='summary']")[0].text_content()
    assert "1-1 beads3" in summary.replace("\n", "") and "Mean confidence" in summary
    assert "@media (max-width: 40rem)" in page and "@media print" in page


def test_review_page_from_the_command(project: Path, spanish: Document) -> None:
    translation = spanish_text(spanish, project)
    result = run("align", "tei/revolution-betrayed.xml", translation.name, "--lang", "es", "--to", "html",
                 "-o", "review.html", "--threshold", "0.9")
    assert result.exit_code == 0, result.output
    tree = lxml.html.parse(str(project / "review.html")).getroot()
    rows = tree.xpath("//table[@class='beads']/tbody/tr")
    assert len(rows) == 108
    values = [float(row.xpath(".//meter/@value")[0]) for row in rows]
    low = [value for value in values if value < 0.9]
    assert values[:len(low)] == sorted(low)
    assert all(value >= 0.9 for value in values[len(low):])
    assert not list((project).glob(".review.html.*"))


# --- bad input ---------------------------------------------------------------------------------


def one_error(result: Result) -> str:
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1, result.output
    return errors[0][len("Error: "):]


def test_missing_empty_and_non_utf8_translations(project: Path) -> None:
    result = run("align", "tei/revolution-betrayed.xml", "missing.txt", "--lang", "es")
    assert result.exit_code == 1 and one_error(result) == "missing.txt: no such file"
    (project / "empty.txt").write_text("\n\n", encoding="utf-8")
    result = run("align", "tei/revolution-betrayed.xml", "empty.txt", "--lang", "es", "--to", "po")
    assert result.exit_code == 1
    assert one_error(result) == "empty.txt: the translation has no text to align: no paragraph found in it"
    (project / "latin1.txt").write_bytes("Título\n\nLa revolución.\n".encode("latin-1"))
    result = run("align", "tei/revolution-betrayed.xml", "latin1.txt", "--lang", "es")
    assert result.exit_code == 1 and one_error(result).startswith("latin1.txt:1:2: not UTF-8")
    result = run("align", "tei/revolution-betrayed.xml", "latin1.txt", "--to", "tei")
    assert result.exit_code == 1  # the encoding is said before the missing --lang


def test_po_and_tei_need_a_language(project: Path, spanish: Document) -> None:
    translation = spanish_text(spanish, project)
    result = run("align", "tei/revolution-betrayed.xml", translation.name, "--to", "po")
    assert result.exit_code == 2 and "give it with --lang LL" in result.stderr
    # An edition that says its language needs no --lang.
    (project / "es.html").write_text(as_html(spanish), encoding="utf-8")
    result = run("align", "tei/revolution-betrayed.xml", "es.html", "--to", "tei", "-o", "es.xml")
    assert result.exit_code == 0, result.output
    assert read_tei(project / "es.xml").metadata.language == "es"


def test_the_source_itself_is_reported_and_not_written_into_the_catalogue(project: Path) -> None:
    before = po_path(project).read_bytes()
    result = run("align", "tei/revolution-betrayed.xml", "tei/revolution-betrayed.xml", "--lang", "es",
                 "--to", "po", "--overwrite")
    assert result.exit_code == 1
    assert "warning: the translation seems to be the source itself" in result.stderr
    assert "nothing written; give --force" in one_error(result)
    assert po_path(project).read_bytes() == before
    result = run("align", "tei/revolution-betrayed.xml", "tei/revolution-betrayed.xml")
    assert result.exit_code == 0 and json.loads(result.stdout)["corresponds"] is False
    assert "warning: the translation seems to be the source itself" in result.stderr


def test_an_unrelated_text_is_reported_with_low_confidence(project: Path) -> None:
    words = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor".split()
    unrelated = "\n\n".join(" ".join(words[(k + n) % len(words)] for n in range(k % 9 + 3)).capitalize()
                            for k in range(12)) + "\n"
    (project / "unrelated.txt").write_text(unrelated, encoding="utf-8")
    result = run("align", "tei/revolution-betrayed.xml", "unrelated.txt", "--lang", "la", "--to", "json")
    assert result.exit_code == 0
    assert "warning: the texts do not seem to correspond" in result.stderr
    data = json.loads(result.stdout)
    assert data["corresponds"] is False
    result = run("align", "tei/revolution-betrayed.xml", "unrelated.txt", "--lang", "la", "--to", "tei")
    assert result.exit_code == 1 and not (project / "editions" / f"{DOMAIN}-la-aligned.xml").exists()
    result = run("align", "tei/revolution-betrayed.xml", "unrelated.txt", "--lang", "la", "--to", "tei", "--force")
    assert result.exit_code == 0 and (project / "editions" / f"{DOMAIN}-la-aligned.xml").exists()


def test_no_progress_bar_in_a_pipe(project: Path, spanish: Document) -> None:
    translation = spanish_text(spanish, project)
    result = run("align", "tei/revolution-betrayed.xml", translation.name, "--lang", "es", "-o", "beads.json")
    assert result.exit_code == 0
    assert "aligning" not in result.stderr and result.stdout == ""
    assert json.loads((project / "beads.json").read_text(encoding="utf-8"))["beads"]
