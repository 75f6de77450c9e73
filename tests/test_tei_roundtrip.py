"""TEI read into the model and written back loses nothing, and writing is deterministic."""

from __future__ import annotations

import re

import pytest
from lxml import etree

from conftest import ESSAY_TEI, shared_file
from toolkit.model import BlockKind, Element
from toolkit.tei import parse_tei, read_tei, tei_bytes

TEI_NS = "http://www.tei-c.org/ns/1.0"
DOCUMENTS = [
    "ELTeC-eng_ENG18872_Lyall.xml",
    "ELTeC-fra_FRA00101_Adam.xml",
    "TEIC_P5-Exemplars_tei_lite.odd.xml",
    "TEIC_GettingStarted_diaryfragment.xml",
]


def element_signature(data: bytes) -> list[tuple[str, tuple[tuple[str, str], ...], str]]:
    """Every element in document order: its name, attributes, and (for leaves) its text.

    Comments are not elements: the toolkit does not keep them.
    """
    root = etree.fromstring(data)
    signature = []
    for el in root.iter(tag=etree.Element):
        leaf = not any(isinstance(child.tag, str) for child in el)
        text = re.sub(r"[ \t\r\n]+", " ", "".join(el.itertext())).strip() if leaf else ""
        signature.append((el.tag, tuple(sorted(el.attrib.items())), text))
    return signature


def block_texts(data: bytes) -> list[str]:
    return [re.sub(r"[ \t\r\n]+", " ", "".join(p.itertext())).strip()
            for p in etree.fromstring(data).iter(f"{{{TEI_NS}}}p")]


@pytest.mark.parametrize("name", DOCUMENTS)
def test_real_tei_documents_round_trip_without_loss(name: str) -> None:
    path = shared_file("tei-documents", name)
    original = path.read_bytes()
    document = read_tei(path)
    written = tei_bytes(document)
    assert element_signature(written) == element_signature(original)
    assert block_texts(written) == block_texts(original)
    again = parse_tei(written)
    assert again == document
    assert tei_bytes(again) == written  # writing is a fixed point


@pytest.mark.parametrize("name", DOCUMENTS)
def test_real_tei_documents_read_into_blocks(name: str) -> None:
    document = read_tei(shared_file("tei-documents", name))
    paragraphs = [b for b in document.blocks if b.kind is BlockKind.PARAGRAPH]
    assert paragraphs
    assert all(b.lang for b in document.blocks)
    expected_lang = {"ELTeC-fra_FRA00101_Adam.xml": "fr"}.get(name)
    if expected_lang:
        assert document.metadata.language == expected_lang


def test_the_essay_file_is_written_as_the_toolkit_writes_it() -> None:
    # The committed TEI is in the canonical form, so that any rewrite shows only real changes.
    assert tei_bytes(read_tei(ESSAY_TEI)) == ESSAY_TEI.read_bytes()


SMALL = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en">
<teiHeader><fileDesc><titleStmt><title>Small</title><author>A. N. Author</author></titleStmt>
<publicationStmt><p>x</p></publicationStmt><sourceDesc><p>x</p></sourceDesc></fileDesc>
<revisionDesc><change when="2020-01-01">Made. <list type="retired-ids"><item><ident>s-p009</ident></item></list></change></revisionDesc>
</teiHeader>
<text><body><div xml:id="s-s001"><head xml:id="s-h001">Head</head>
<p xml:id="s-p001">The <choice><sic>teh</sic><corr>the</corr></choice> word<note>not read</note> and
<foreign xml:lang="ru-Latn">burzhuyiki</foreign>, <del>gone</del>line<lb break="no"/>break.</p>
<list type="ordered"><label>1)</label><item xml:id="s-i001">one</item><label>2)</label><item xml:id="s-i002">two</item></list>
<cit xml:id="s-q001"><quote>"Quoted."</quote> <bibl>(Source.)</bibl></cit>
<quote><p xml:id="s-p002">A paragraph in a quotation.</p></quote>
<p xml:id="s-p003" xml:lang="fr">En français.</p>
<p xml:id="s-p004"><egXML xmlns="http://www.tei-c.org/ns/Examples"><p>example</p></egXML></p>
</div></body></text></TEI>
""".encode("utf-8")


def test_small_document_reads_into_the_expected_model() -> None:
    document = parse_tei(SMALL, "small.xml")
    assert document.metadata.title == "Small"
    assert document.metadata.author == "A. N. Author"
    assert document.retired_ids == {"s-p009"}
    blocks = {b.id: b for b in document.blocks}
    assert blocks["s-p001"].text == "The teh word and burzhuyiki, linebreak."
    assert blocks["s-p001"].section == "s-s001"
    assert blocks["s-i001"].label == "1)" and blocks["s-i002"].labelled_text == "2) two"
    assert blocks["s-q001"].kind is BlockKind.QUOTATION
    assert blocks["s-q001"].text == '"Quoted." (Source.)'
    assert blocks["s-p002"].kind is BlockKind.PARAGRAPH  # the quotation is a container here
    assert blocks["s-p003"].lang == "fr" and blocks["s-h001"].lang == "en"
    egxml = blocks["s-p004"].content[0]
    assert isinstance(egxml, Element) and egxml.tag == "{http://www.tei-c.org/ns/Examples}egXML"
    assert document.same_container(blocks["s-i001"], blocks["s-i002"])


def test_small_document_round_trips() -> None:
    document = parse_tei(SMALL)
    written = tei_bytes(document)
    assert parse_tei(written) == document
    assert b'xmlns="http://www.tei-c.org/ns/Examples"' in written
    assert b"<ident>s-p009</ident>" in written
    assert element_signature(written) == element_signature(SMALL)


def test_text_is_escaped_not_injected() -> None:
    document = parse_tei(SMALL.replace("En français.".encode(), b"a &lt;script&gt; &amp; b"))
    written = tei_bytes(document)
    assert b"&lt;script&gt; &amp; b" in written
    assert parse_tei(written).block("s-p003").text == "a <script> & b"
