"""The TEI edition of the essay says exactly what the received text says, block for block."""

from __future__ import annotations

import hashlib

from conftest import ESSAY_TEI, ESSAY_TEXT, SEED, REPO
from toolkit.editions import load_editions, verify
from toolkit.model import BlockKind, normalize_space
from toolkit.plaintext import parse_plain_text, plain_text, read_plain_text
from toolkit.tei import read_tei

import pytest


def received_blocks() -> list[str]:
    """The received essay's blocks, by blank lines alone (no recognition rules), lines of a list apart."""
    text = ESSAY_TEXT.read_text(encoding="utf-8")
    blocks: list[str] = []
    for chunk in text.split("\n\n"):
        if not chunk.strip():
            continue
        lines = chunk.strip("\n").split("\n")
        blocks.extend(normalize_space(line) for line in lines)
    return blocks


def test_edition_is_the_seed_byte_for_byte() -> None:
    if not SEED.exists():
        pytest.skip("../shared/seed is absent")
    assert ESSAY_TEXT.read_bytes() == SEED.read_bytes()


def test_manifest_pins_the_received_text() -> None:
    editions = load_editions(REPO / "editions" / "editions.toml")
    received = next(e for e in editions if e.file.name == ESSAY_TEXT.name)
    assert received.type == "variant"
    assert received.language == "en"
    assert received.sha256 == hashlib.sha256(ESSAY_TEXT.read_bytes()).hexdigest()
    verify(received)
    assert received.tei is not None and received.tei.resolve() == ESSAY_TEI.resolve()


def test_tei_text_equals_received_text_block_for_block() -> None:
    document = read_tei(ESSAY_TEI)
    tei_blocks = [normalize_space(block.labelled_text) for block in document.blocks]
    assert tei_blocks == received_blocks()


def test_plain_text_of_tei_gives_back_the_received_file() -> None:
    # Character for character, the layout included (list lines, the section break).
    received = ESSAY_TEXT.read_text(encoding="utf-8")
    assert plain_text(read_tei(ESSAY_TEI)) == received + "\n"


def test_plain_text_reader_and_writer_round_trip_the_essay() -> None:
    received = ESSAY_TEXT.read_text(encoding="utf-8")
    document = parse_plain_text(received, "en")
    assert plain_text(document) == received + "\n"
    assert plain_text(parse_plain_text(plain_text(document), "en")) == plain_text(document)


def test_structure_follows_the_essay() -> None:
    document = read_tei(ESSAY_TEI)
    sections = document.sections()
    headings = [s.heading.text for s in sections if s.heading is not None]
    assert headings[0] == "The collapse of the USSR predicted"
    assert headings[-1] == "The problem of leadership"
    assert len(headings) == 13
    # The paragraphs before the first heading form the first section, and the
    # unheaded break before "The present situation..." opens a section of its own.
    assert sections[0].heading is None
    unheaded = [s for s in sections[1:] if s.heading is None]
    assert len(unheaded) == 1
    assert unheaded[0].blocks[0].text.startswith("The present situation in Russia is a graphic confirmation")
    items = [b for b in document.blocks if b.kind is BlockKind.ITEM]
    assert [b.label for b in items] == ["1)", "2)", "3)", "4)"]
    assert document.same_container(items[0], items[3])
    quotations = [b for b in document.blocks if b.kind is BlockKind.QUOTATION]
    assert len(quotations) == 1 and "Financial Times" in quotations[0].text
    titles = [b for b in document.blocks if b.kind is BlockKind.TITLE]
    assert [b.text for b in titles] == ["The Revolution Betrayed - a Marxist Masterpiece"]


def test_received_text_reads_into_the_same_blocks_as_the_tei() -> None:
    # encode's plain-text reader recognises the same kinds of block as the editor did.
    from_text = read_plain_text(ESSAY_TEXT, "en")
    from_tei = read_tei(ESSAY_TEI)
    assert [(b.kind, b.labelled_text) for b in from_text.blocks] == [
        (b.kind, b.labelled_text) for b in from_tei.blocks
    ]
