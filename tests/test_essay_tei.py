"""The essay is encoded as a careful textual editor would, and validates."""

from __future__ import annotations

import re

from lxml import etree

from conftest import ESSAY_TEI
from toolkit.tei.check import check_file

TEI = {"t": "http://www.tei-c.org/ns/1.0"}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def tree() -> etree._ElementTree:
    return etree.parse(str(ESSAY_TEI))


def texts(xpath: str) -> list[str]:
    return [" ".join("".join(e.itertext()).split()) for e in tree().xpath(xpath, namespaces=TEI)]


def test_passes_the_toolkits_own_check() -> None:
    result = check_file(ESSAY_TEI)
    assert result.problems == ()
    assert result.document is not None


def test_valid_against_official_tei_all(tei_all) -> None:
    result = check_file(ESSAY_TEI, tei_all)
    assert result.problems == ()


def test_header_describes_the_work_and_the_id_policy() -> None:
    assert texts("//t:titleStmt/t:title") == ["The Revolution Betrayed - a Marxist Masterpiece"]
    assert texts("//t:titleStmt/t:author") == ["Alan Woods"]
    assert texts("//t:sourceDesc/t:bibl/t:date") == ["2001"]
    assert texts("//t:publicationStmt/t:publisher")
    policy = " ".join(texts("//t:encodingDesc//t:p"))
    assert "never handed out again" in policy and "retired" in policy
    assert tree().xpath("//t:langUsage/t:language/@ident", namespaces=TEI)[0] == "en"
    assert tree().xpath("//t:revisionDesc/t:change", namespaces=TEI)


def test_every_translatable_block_has_a_readable_unique_id() -> None:
    blocks = tree().xpath("//t:text//t:head | //t:text//t:p | //t:text//t:item | "
                          "//t:text//t:titlePart | //t:body//t:div/t:cit", namespaces=TEI)
    ids = [b.get(XML_ID) for b in blocks]
    assert None not in ids
    assert len(ids) == len(set(ids)) == 108
    assert all(re.fullmatch(r"rb-[thpiq]\d{3}", i) for i in ids)
    assert tree().getroot().find(".//t:titlePart", TEI).get(XML_ID) == "rb-t001"


def test_sections_are_divisions_with_their_heads() -> None:
    divs = tree().xpath("//t:body/t:div", namespaces=TEI)
    assert len(divs) == 15
    assert all(re.fullmatch(r"rb-s\d{3}", d.get(XML_ID)) for d in divs)
    headed = [d for d in divs if d.find("t:head", TEI) is not None]
    assert len(headed) == 13


def test_programme_is_a_list_keeping_its_labels() -> None:
    lists = tree().xpath("//t:list[@type='ordered']", namespaces=TEI)
    assert len(lists) == 1
    assert texts("//t:list[@type='ordered']/t:label") == ["1)", "2)", "3)", "4)"]
    assert len(lists[0].findall("t:item", TEI)) == 4


def test_block_quotation_with_its_citation() -> None:
    cit = tree().xpath("//t:div/t:cit", namespaces=TEI)
    assert len(cit) == 1
    assert cit[0].find("t:quote", TEI) is not None
    assert texts("//t:div/t:cit/t:bibl/t:title") == ["Financial Times"]


def test_quotations_and_their_citations() -> None:
    bibls = texts("//t:p//t:cit/t:bibl")
    assert "(Leon Trotsky, The Revolution Betrayed, p. 252.)" in bibls
    assert "(Ibid., p. 253.)" in bibls
    assert len(texts("//t:p//t:quote")) >= 10
    assert len(texts("//t:p//t:soCalled")) >= 20


def test_titles_of_books_and_periodicals() -> None:
    titles = set(texts("//t:text//t:title"))
    for expected in ("The Revolution Betrayed", "State and Revolution", "The Economist",
                     "Financial Times", "BusinessWeek", "Socialism Utopian and Scientific"):
        assert expected in titles
    assert len(texts("//t:text//t:title[.='The Revolution Betrayed']")) >= 15
    levels = {t.get("level") for t in tree().xpath("//t:text//t:title", namespaces=TEI)}
    assert levels <= {"m", "j"}


def test_foreign_words_carry_their_language() -> None:
    foreign = {(" ".join("".join(f.itertext()).split()), f.get(XML_LANG))
               for f in tree().xpath("//t:foreign", namespaces=TEI)}
    assert ("burzhuyiki", "ru-Latn") in foreign
    assert ("latifundiya", "ru-Latn") in foreign


def test_source_errors_kept_with_corrections() -> None:
    choices = tree().xpath("//t:choice", namespaces=TEI)
    pairs = {(c.findtext("t:sic", namespaces=TEI), c.findtext("t:corr", namespaces=TEI))
             for c in choices}
    assert ("émi gré", "émigré") in pairs
    assert all(sic and corr and sic != corr for sic, corr in pairs)
