"""Turn an alignment into a translated edition: the source's structure and IDs, the aligned text.

Like ``toolkit build``, but from an alignment rather than a catalogue, and
unreviewed: every source block gets the text its bead gives it, whatever the
confidence (the header says how many blocks are below the threshold). Where
there is none (a 1-0 bead, or the later blocks of a shared paragraph that
could not be cut between sentences), the block keeps the source text, marked
with the source's language, as a build does.

The aligned text is plain: a block's inline markup is not carried over. A
block whose content is elements only (a block quotation, ``cit``: ``quote``
and ``bibl``) gets its text inside its first element, so that it stays valid.

A paragraph the translation adds (0-1) is kept as a ``<note type="translator">``
at the end of the block it follows (at the start of the first block when it
comes before all of them), in the translation's language: notes are not part
of a block's running text, so the edition reads, checks and aligns as before.
"""

from __future__ import annotations

from dataclasses import replace

from .bitext import EditionAlignment
from .build import BuildReport, language_name, translation_header
from .catalogue import Catalogue
from .errors import StructureError
from .languages import bcp47
from .model import Block, Container, Document, Element, Inline, map_document

ADDITION_NOTE_TYPE = "translator"


def _element_only(content: tuple[Inline, ...]) -> bool:
    return any(isinstance(item, Element) for item in content) and all(
        isinstance(item, Element) or not item.strip() for item in content
    )


def _with_text(block: Block, text: str) -> tuple[Inline, ...]:
    """The content of *block* with its text replaced by *text*, plain."""
    if _element_only(block.content):
        first = next(item for item in block.content if isinstance(item, Element))
        return (Element(first.tag, first.attrs, (text,)),)
    return (text,)


def _with_notes(content: tuple[Inline, ...], before: list[Element], after: list[Element]) -> tuple[Inline, ...]:
    """*content* with notes at its start and end; inside the first element where the
    content is elements only (a ``cit`` holds no notes of its own in the toolkit's schema)."""
    if not before and not after:
        return content
    if _element_only(content):
        at = next(k for k, item in enumerate(content) if isinstance(item, Element))
        first = content[at]
        assert isinstance(first, Element)
        inner = _with_notes(first.children, before, after)
        return content[:at] + (Element(first.tag, first.attrs, inner),) + content[at + 1:]
    return tuple(before) + content + tuple(after)


def aligned_edition(
    alignment: EditionAlignment,
    language: str,
    source_reference: str = "",
    translation_reference: str = "",
) -> Document:
    """Give the source of *alignment* translated with the aligned text, in *language*.

    The references are the paths of the source and of the translation as the
    header should name them (relative to where the edition is written).
    """
    source = alignment.source
    missing = [block for block in source.blocks if block.id is None]
    if missing:
        raise StructureError(
            f"{len(missing)} block(s) of the source have no xml:id: a translated edition carries the "
            "source's IDs, so assign them first (`toolkit encode`)",
            source.path,
            missing[0].line,
        )
    lang = bcp47(language)
    source_language = source.metadata.language
    report = BuildReport(lang)
    items = alignment.translations
    target = alignment.target_blocks
    position = 0
    title: list[str] = []
    low = 0

    def notes(positions: tuple[int, ...], block_lang: str | None) -> list[Element]:
        attrs: tuple[tuple[str, str], ...] = (("type", ADDITION_NOTE_TYPE),)
        if block_lang is not None and block_lang != lang:
            attrs += (("xml:lang", lang),)
        return [Element("note", attrs, (target[j].text,)) for j in positions if target[j].text]

    def translate(block: Block) -> Block:
        nonlocal position, low
        item = items[position]
        position += 1
        assert block.id is not None
        if item.text:
            report.translated.append(block.id)
            low += item.low
            if block.kind.value == "title" and not title:
                title.append(item.text)
            content = _with_text(block, item.text)
            block_lang: str | None = lang
        else:
            report.untranslated.append(block.id)
            content = block.content
            block_lang = block.lang or source_language
        content = _with_notes(content, notes(item.added_before, block_lang), notes(item.added_after, block_lang))
        return replace(block, content=content, lang=block_lang)

    def relabel(container: Container) -> Container:
        # Containers said to be in the source language now hold the translation.
        return replace(container, lang=None) if container.lang == source_language else container

    translated = map_document(source, translate, relabel)
    metadata = replace(source.metadata, language=lang, title=title[0] if title else source.metadata.title)
    added = sum(len(item.added_before) + len(item.added_after) for item in items)
    total = len(items)
    statement = (
        f"{language_name(lang)} translation, aligned by the toolkit with "
        f"{translation_reference or 'an existing translation'}: an unreviewed alignment. "
        f"{len(report.translated)} of {total} blocks are given their aligned translation, {low} of them with "
        f"low confidence (below {alignment.threshold:g}), as plain text without the source's inline markup; "
        f"{len(report.untranslated)} without a counterpart in the translation are given in the source language "
        f"and marked with its xml:lang. Paragraphs that the translation adds: {added}, kept as notes "
        f"(note type=\"{ADDITION_NOTE_TYPE}\") in the block they follow."
    )
    header = translation_header(
        source, metadata, report, source_reference, translation_reference, Catalogue(),
        statement=statement, translation_words=", aligned with ",
    )
    return replace(translated, metadata=metadata, header=header)
