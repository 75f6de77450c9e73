"""Build a translated edition from a document and a language's catalogue.

Every block keeps its ID and place. A block whose entry is translated (and not
fuzzy) gets the translation, with its markup restored from the placeholders;
any other block keeps the source text, marked with the source's language, and
is counted. A translation whose placeholders do not match the source's never
yields broken markup: the block falls back to the source and the fault is
reported with the catalogue's file, line and the block's ID.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .catalogue import Catalogue
from .errors import ToolkitError
from .model import Block, Container, Document, Element, Inline, Metadata, map_document
from .placeholders import PlaceholderError, from_message, to_message
from .update import LANGUAGE_NAMES


@dataclass(frozen=True)
class BuildProblem:
    """A translation that could not be used, and why."""

    block_id: str
    line: int | None
    message: str


@dataclass
class BuildReport:
    """How much of the edition is translated, block by block."""

    language: str
    translated: list[str] = field(default_factory=list)
    fuzzy: list[str] = field(default_factory=list)
    untranslated: list[str] = field(default_factory=list)
    # Translated, but for another version of the block's text: the catalogue needs an update.
    stale: list[str] = field(default_factory=list)
    problems: list[BuildProblem] = field(default_factory=list)

    @property
    def total(self) -> int:
        """How many blocks the edition has."""
        return (
            len(self.translated) + len(self.fuzzy) + len(self.untranslated) + len(self.stale) + len(self.problems)
        )

    @property
    def percent(self) -> float:
        """The share of blocks translated, 0 to 100."""
        return 100.0 * len(self.translated) / self.total if self.total else 0.0

    def summary(self) -> str:
        """One line: translated, fuzzy, untranslated and broken blocks."""
        text = (
            f"{len(self.translated)} of {self.total} blocks translated ({self.percent:.0f}%); "
            f"{len(self.fuzzy)} fuzzy and {len(self.untranslated)} untranslated given in the source language"
        )
        if self.stale:
            text += (
                f"; {len(self.stale)} translated from an older source text given in the source language "
                "(run `toolkit extract` and `toolkit update`)"
            )
        if self.problems:
            text += f"; {len(self.problems)} with broken placeholders given in the source language"
        return text


class IncompleteTranslation(ToolkitError):
    """A translation below the completeness a build asks for."""


def language_name(code: str) -> str:
    """Give the English name of language *code*, or the code itself."""
    return LANGUAGE_NAMES.get(code.replace("_", "-").split("-")[0], code)


def build_translation(
    document: Document,
    catalogue: Catalogue,
    language: str,
    source_reference: str = "",
    catalogue_reference: str = "",
) -> tuple[Document, BuildReport]:
    """Give *document* translated with *catalogue* into *language*, and how complete it is.

    The references are the paths of the source TEI and of the catalogue as the
    built edition's header should name them (relative to where it is written).
    """
    report = BuildReport(language)
    source_language = document.metadata.language
    translated_title: list[str] = []

    def translate(block: Block) -> Block:
        if block.id is None:
            return block
        message = to_message(block.content)
        if not message.text.strip():
            return block
        entry = catalogue.get(block.id)
        fallback = replace(block, lang=block.lang or source_language)
        if entry is None or not entry.has_translation:
            report.untranslated.append(block.id)
            return fallback
        if entry.source != message.text:
            report.stale.append(block.id)
            return fallback
        if not entry.translated:
            report.fuzzy.append(block.id)
            return fallback
        try:
            content = from_message(entry.translation, message)
        except PlaceholderError as error:
            report.problems.append(BuildProblem(block.id, entry.line, str(error)))
            return fallback
        report.translated.append(block.id)
        if block.kind.value == "title" and not translated_title:
            translated_title.append(Element("x", (), content).all_text)
        return replace(block, content=content, lang=language)

    def relabel(container: Container) -> Container:
        # Containers said to be in the source language now hold the translation.
        return replace(container, lang=None) if container.lang == source_language else container

    translated = map_document(document, translate, relabel)
    title = " ".join(translated_title[0].split()) if translated_title else document.metadata.title
    metadata = replace(document.metadata, language=language, title=title)
    header = translation_header(document, metadata, report, source_reference, catalogue_reference, catalogue)
    return replace(translated, metadata=metadata, header=header), report


def require_completeness(report: BuildReport, minimum: float, catalogue_path: str) -> None:
    """Refuse, with a message saying how far short it is, a translation below *minimum* percent."""
    if report.percent + 1e-9 < minimum:
        raise IncompleteTranslation(
            f"only {report.percent:.1f}% of the blocks are translated ({len(report.translated)} of "
            f"{report.total}); --min-percent asks for {minimum:g}%",
            catalogue_path,
        )


def _element(tag: str, *children: Inline, **attrs: str) -> Element:
    return Element(tag, tuple(attrs.items()), tuple(children))


def translation_header(
    source: Document,
    metadata: Metadata,
    report: BuildReport,
    source_reference: str,
    catalogue_reference: str,
    catalogue: Catalogue,
    *,
    statement: str | None = None,
    translation_words: str = ", translated in ",
) -> Element:
    """Give the TEI header of a translated edition: what it translates, by whom, how completely.

    *statement* replaces the edition statement of a built edition (an aligned one says
    what it is); *translation_words* introduce *catalogue_reference*, the file the
    translation comes from, in the source description.
    """
    name = language_name(metadata.language)
    translator = catalogue.header("Last-Translator") or catalogue.header("Language-Team") or "Unknown translator"
    title_stmt: list[Inline] = [
        _element("title", metadata.title, type="main"),
        _element("title", f"{name} translation of {source.metadata.title}", type="sub"),
    ]
    if source.metadata.author:
        title_stmt.append(_element("author", source.metadata.author))
    title_stmt.append(_element("respStmt", _element("resp", f"Translation into {name}"), _element("name", translator)))
    edition = _element(
        "edition",
        statement
        or f"{name} translation, built by the toolkit from the catalogue {catalogue_reference or 'of the language'}: "
        f"{report.summary()}. Blocks not translated are given in the source language and marked with its xml:lang.",
    )
    source_header = source.header
    file_desc_of_source = source_header.find("fileDesc") if source_header is not None else None
    publication = file_desc_of_source.find("publicationStmt") if file_desc_of_source is not None else None
    if publication is None:
        publication = _element("publicationStmt", _element("p", "Unpublished: built with the toolkit."))
    bibl_parts: list[Inline] = [_element("title", source.metadata.title, level="a")]
    if source_reference:
        bibl_parts += [", the source edition, ", _element("ref", source_reference, target=source_reference)]
    if catalogue_reference:
        bibl_parts += [translation_words, _element("ref", catalogue_reference, target=catalogue_reference)]
    bibl_parts.append(".")
    file_desc = _element(
        "fileDesc",
        _element("titleStmt", *title_stmt),
        _element("editionStmt", edition),
        _strip_layout(publication),
        _element("sourceDesc", _element("bibl", *bibl_parts, type="source")),
    )
    parts: list[Inline] = [file_desc]
    encoding = source_header.find("encodingDesc") if source_header is not None else None
    if encoding is not None:
        parts.append(_strip_layout(encoding))
    languages = [_element("language", name, ident=metadata.language)]
    if source.metadata.language != metadata.language:
        source_name = language_name(source.metadata.language)
        languages.append(
            _element("language", f"{source_name}: blocks not yet translated", ident=source.metadata.language)
        )
    profile = source_header.find("profileDesc") if source_header is not None else None
    usage = profile.find("langUsage") if profile is not None else None
    if usage is not None:
        for language in usage.elements():
            if language.get("ident") not in {metadata.language, source.metadata.language}:
                languages.append(_strip_layout(language))
    parts.append(_element("profileDesc", _element("langUsage", *languages)))
    return _element("teiHeader", *parts)


def _strip_layout(element: Element) -> Element:
    """Give *element* without whitespace-only text between elements, to be laid out afresh."""
    has_elements = any(isinstance(child, Element) for child in element.children)
    children: list[Inline] = []
    for child in element.children:
        if isinstance(child, Element):
            children.append(_strip_layout(child))
        elif not (has_elements and not child.strip() and _element_only(element)):
            children.append(child)
    return Element(element.tag, element.attrs, tuple(children))


def _element_only(element: Element) -> bool:
    return all(isinstance(child, Element) or not child.strip() for child in element.children)
