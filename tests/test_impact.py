"""What a new edition costs translators: `toolkit diff --impact`."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from click.testing import CliRunner

from conftest import ESSAY_TEI, REPO
from toolkit.catalogue import Catalogue, Entry
from toolkit.cli import main
from toolkit.diff import diff_editions
from toolkit.impact import impact
from toolkit.tei import read_tei, tei_bytes
from toolkit.model import Block, Container, Document, Node, map_document

SPANISH = REPO / "locale" / "es" / "LC_MESSAGES" / "revolution-betrayed.po"


def revised_essay(essay: Document) -> Document:
    """The essay with rb-p004 edited (a year changed) and rb-p006 deleted; the rest as it was."""

    def edit(block: Block) -> Block:
        if block.id != "rb-p004":
            return block
        content = tuple(part.replace("1920", "1921") if isinstance(part, str) else part for part in block.content)
        return replace(block, content=content)

    def drop(nodes: tuple[Node, ...]) -> tuple[Node, ...]:
        kept: list[Node] = []
        for node in nodes:
            if isinstance(node, Block) and node.id == "rb-p006":
                continue
            if isinstance(node, Container):
                node = replace(node, children=drop(node.children))
            kept.append(node)
        return tuple(kept)

    edited = map_document(essay, edit)
    return replace(edited, body=drop(edited.body))


def test_impact_lists_the_translated_entries_a_revision_invalidates(essay) -> None:
    revised = revised_essay(essay)
    catalogue = Catalogue(entries=(
        Entry(source="x", translation="traducido", context="rb-p004", line=10),
        Entry(source="y", translation="traducido", context="rb-p006", line=20),
        Entry(source="z", translation="traducido", context="rb-p005", line=30),
        Entry(source="w", translation="", context="rb-p003", line=40),
    ))
    found = impact(diff_editions(essay, revised), catalogue)
    assert [(item.block_id, item.op, item.line) for item in found] == [("rb-p004", "changed", 10),
                                                                        ("rb-p006", "deleted", 20)]
    assert found[0].becomes == ("rb-p004",) and found[1].becomes == ()


def test_the_impact_command_counts_the_real_spanish_catalogue(essay, tmp_path: Path) -> None:
    revised = tmp_path / "revised.xml"
    revised.write_bytes(tei_bytes(revised_essay(essay)))
    result = CliRunner().invoke(main, ["diff", str(ESSAY_TEI), str(revised), "--impact", "es", "--po", str(SPANISH)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{SPANISH}:") and ": rb-p004: changed (becomes rb-p004)" in lines[0]
    assert ": rb-p006: deleted (becomes nothing)" in lines[1]
    assert "es: 2 of 108 translated entries invalidated" in result.stderr


def test_no_revision_invalidates_nothing(essay) -> None:
    catalogue = Catalogue(entries=(Entry(source="x", translation="t", context="rb-p004"),))
    assert impact(diff_editions(essay, read_tei(ESSAY_TEI)), catalogue) == []
