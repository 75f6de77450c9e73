"""Publish the work as a static bilingual site: ``toolkit publish``.

From the project's TEI and catalogues (and its editions manifest, where there
is one) this writes, into one folder that any web server can serve:

- ``index.html``: the work, its languages with their progress, its editions;
- ``<lang>.html``: a reading page for the source and for each translation;
- ``<source>-<lang>.html``: each translation beside the source, one row per block;
- ``compare-<A>-<B>.html``: each pair of variant editions in one language;
- ``assets/``: the stylesheet and script; ``sources/``: the TEI, catalogues and editions.

Each translation is built from its catalogue as ``toolkit build`` would build it,
in memory. Every file is written atomically, and only when its bytes change, so
that a rebuild leaves unchanged pages untouched. Nothing depends on the clock.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.resources import files
from itertools import combinations
from pathlib import Path

from .build import BuildProblem, BuildReport, build_translation, language_name
from .catalogue import Catalogue
from .editionfile import read_edition
from .editions import Edition, load_editions
from .errors import InputError, OutputError
from .fileio import write_atomic
from .languages import autonym, bcp47, direction
from .model import Document, normalize_space, words
from .placeholders import strip_placeholders, to_message
from .project import Project
from .site import bilingual_rows, block_parts, contents, reading_rows, variant_rows

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Link:
    """A link in the site's navigation."""

    href: str
    text: str
    lang: str | None = None
    dir: str | None = None


@dataclass(frozen=True)
class SiteInfo:
    """What every page says about the work."""

    title: str
    author: str | None
    date: str | None
    lang: str
    dir: str
    licence: str
    links: tuple[Link, ...]


@dataclass(frozen=True)
class EditionInfo:
    """The source or one translation, as the site presents it."""

    code: str
    lang: str
    dir: str
    name: str
    autonym: str
    title: str
    is_source: bool
    reading_href: str
    bilingual_href: str | None
    source_name: str
    description: str
    facts: tuple[tuple[str, str, str | None], ...]
    progress: str = ""
    percent: float = 100.0
    downloads: tuple[tuple[str, str], ...] = ()

    @property
    def percent_css(self) -> str:
        """The share translated, as a CSS length's number."""
        return f"{self.percent:.1f}"


@dataclass(frozen=True)
class VariantInfo:
    """A comparison page of two variant editions."""

    href: str
    title: str
    summary: str


@dataclass(frozen=True)
class ReceivedEdition:
    """An edition listed in the manifest."""

    siglum: str
    title: str
    date: str
    source: str
    lang: str
    dir: str
    href: str | None


@dataclass
class PublishReport:
    """What publishing did: the files written, and each translation's state."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    builds: list[tuple[str, Path, BuildReport]] = field(default_factory=list)

    @property
    def problems(self) -> list[tuple[Path, BuildProblem]]:
        """Translations that could not be used (broken placeholders), with their catalogue."""
        return [(path, problem) for _, path, report in self.builds for problem in report.problems]


def _asset(name: str) -> bytes:
    return files("toolkit").joinpath("assets", name).read_bytes()


def _licence(document: Document) -> str:
    """The availability statement of the source's header, as one line."""
    header = document.header
    if header is None:
        return ""
    for element in header.iter():
        if element.tag == "availability":
            return normalize_space(element.all_text)
    return ""


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-") or "edition"


def _words(number: int) -> str:
    return f"{number:,}"


class _Site:
    """Writes the site's files as they are made, each only when its bytes change.

    Pages are written as soon as they are rendered, so that memory holds one
    language's pages at a time; the index is held back and written last, so
    that until it is, readers of an earlier build see that build's pages.
    """

    def __init__(self, output: Path, report: PublishReport) -> None:
        self.output = output
        self.report = report
        self.index: bytes | None = None

    def add(self, name: str, data: bytes | str) -> None:
        data = data.encode("utf-8") if isinstance(data, str) else data
        if name == "index.html":
            self.index = data
        else:
            self._write(name, data)

    def finish(self) -> None:
        if self.index is not None:
            self._write("index.html", self.index)

    def _write(self, name: str, data: bytes) -> None:
        path = self.output / name
        if path.is_file() and path.read_bytes() == data:
            self.report.unchanged.append(name)
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OutputError(f"cannot make the folder {path.parent}: {error.strerror}", path) from None
        write_atomic(path, data)
        self.report.written.append(name)


def publish(project: Project, output: Path, progress: Progress | None = None) -> PublishReport:
    """Write the project's site into *output*; *progress* hears (done, total) as pages are made."""
    from .pages import prerender, site_page
    from .po import read_catalogue

    if not project.source.is_file():
        raise InputError("the project's source TEI does not exist", project.source)
    source = read_edition(project.source)
    source_code = source.metadata.language or "en"
    source_lang = bcp47(source_code)
    source_name = language_name(source_code)
    languages = project.languages()
    manifest = project.editions / "editions.toml"
    received = load_editions(manifest) if manifest.is_file() else []
    variant_pairs = _variant_pairs(received)
    # Every catalogue read before anything is written: a bad one leaves the site as it was.
    catalogues = {}
    for code in languages:
        catalogues[code] = read_catalogue(project.po_path(code))
        # polib's parser holds itself and the file's text in a reference cycle; collect it
        # now, or ten large catalogues' worth of it waits for a full collection.
        gc.collect(1)
    total = 2 + 2 * len(languages) + len(variant_pairs)
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    report = PublishReport()
    site = _Site(output, report)
    site.add("assets/site.css", _asset("site.css"))
    site.add("assets/site.js", _asset("site.js"))
    source_file = f"sources/{project.source.name}"
    site.add(source_file, project.source.read_bytes())

    links = [Link(f"{source_lang}.html", source_name)]
    links += [Link(f"{source_lang}-{bcp47(code)}.html", f"{source_name} + {language_name(code)}") for code in languages]
    info = SiteInfo(
        title=source.metadata.title,
        author=source.metadata.author,
        date=source.metadata.date,
        lang=source_lang,
        dir=direction(source_lang),
        licence=_licence(source),
        links=tuple(links),
    )
    source_facts: list[tuple[str, str, str | None]] = [("Language", source_name, None)]
    if source.metadata.author:
        source_facts.append(("Author", source.metadata.author, None))
    if source.metadata.date:
        source_facts.append(("Date", source.metadata.date, None))
    if info.licence:
        source_facts.append(("Licence", info.licence, None))
    source_facts.append(("TEI source", source_file, source_file))
    source_info = EditionInfo(
        code=source_code, lang=source_lang, dir=direction(source_lang), name=source_name,
        autonym=autonym(source_lang), title=source.metadata.title, is_source=True,
        reading_href=f"{source_lang}.html", bilingual_href=None, source_name=source_name,
        description=f"The source text, in {source_name}: {len(source.blocks)} blocks.",
        facts=tuple(source_facts), downloads=(("TEI", source_file),),
    )
    common = {"site": info, "pending_label": f"Not yet translated: shown in {source_name}"}
    # The source's blocks, rendered once: every bilingual page shows them.
    source_parts = prerender(block_parts(source))
    rows = reading_rows(source, parts=source_parts)
    site.add(source_info.reading_href, site_page(
        "reading", page_title=source.metadata.title, page_lang=source_lang, page_dir=direction(source_lang),
        page_file=source_info.reading_href, edition=source_info, rows=rows, toc=contents(rows),
        columns=(source_name,),
        has_title=any(row.kind.value == "title" for row in rows), **common,
    ))
    step()

    editions_info = [source_info]
    for code in languages:
        translated, edition, not_translated = _translation(
            project, source, code, catalogues.pop(code), source_file, info, report, site
        )
        editions_info.append(edition)
        translated_parts = prerender(block_parts(translated))
        rows = reading_rows(translated, not_translated, translated_parts)
        site.add(edition.reading_href, site_page(
            "reading", page_title=translated.metadata.title, page_lang=edition.lang, page_dir=edition.dir,
            page_file=edition.reading_href, edition=edition, rows=rows, columns=(edition.name,),
            toc=contents(rows), has_title=any(row.kind.value == "title" for row in rows), **common,
        ))
        step()
        pair = bilingual_rows(source, translated, not_translated, source_parts, translated_parts)
        assert edition.bilingual_href is not None
        site.add(edition.bilingual_href, site_page(
            "bilingual", page_title=f"{source.metadata.title}: {source_name} and {edition.name}", page_lang="en",
            page_dir="ltr", page_file=edition.bilingual_href, edition=edition, rows=pair, toc=contents(pair),
            columns=(source_name, edition.name), has_title=any(row.kind.value == "title" for row in pair),
            **common,
        ))
        step()

    variants, received_info = _variant_pages(site, received, variant_pairs, common, step)
    site.add("index.html", site_page(
        "index", page_title=source.metadata.title, page_lang="en", page_dir="ltr", page_file="index.html",
        editions=editions_info, variants=variants, received=received_info, source_name=source_name,
        counts=f"{len(source.blocks)} blocks in {source_name}, translated into {len(languages)} "
               f"language{'s' if len(languages) != 1 else ''}.",
        **common,
    ))
    step()
    site.finish()
    return report


def _translation(
    project: Project,
    source: Document,
    code: str,
    catalogue: Catalogue,
    source_file: str,
    info: SiteInfo,
    report: PublishReport,
    site: _Site,
) -> tuple[Document, EditionInfo, frozenset[str]]:
    """Build the translation into *code* from its catalogue, add its catalogue and TEI to the
    site, and give it, how the site presents it, and the blocks it leaves untranslated."""
    from .tei import tei_bytes

    catalogue_path = project.po_path(code)
    catalogue_file = f"sources/{project.domain}.{code}.po"
    tei_file = f"sources/{project.domain}-{code}.xml"
    translated, build = build_translation(
        source, catalogue, code, project.source.name, catalogue_file.removeprefix("sources/")
    )
    report.builds.append((code, catalogue_path, build))
    site.add(catalogue_file, catalogue_path.read_bytes())
    site.add(tei_file, tei_bytes(translated))

    source_name = language_name(source.metadata.language or "en")
    lang = bcp47(code)
    name = language_name(code)
    translator = catalogue.header("Last-Translator") or "not named"
    team = catalogue.header("Language-Team")
    # Words counted as the catalogues count them (placeholders aside), from the build, so
    # that a translation the build could not use does not count as translated.
    translated_ids = frozenset(build.translated)
    counts = [(block.id in translated_ids, len(words(strip_placeholders(to_message(block.content).text))))
              for block in source.blocks if block.id is not None]
    progress_text = (
        f"{len(build.translated)} of {build.total} blocks ({build.percent:.0f}%), "
        f"{_words(sum(n for done, n in counts if done))} of {_words(sum(n for _, n in counts))} words"
    )
    facts: list[tuple[str, str, str | None]] = [
        ("Language", f"{name} ({autonym(lang)})", None),
        ("Translator", translator, None),
    ]
    if team and team != translator:
        facts.append(("Team", team, None))
    facts.append(("Translated", progress_text, None))
    revised = catalogue.header("PO-Revision-Date")
    if revised and not revised.startswith("YEAR"):
        facts.append(("Revised", revised, None))
    if info.licence:
        facts.append(("Licence", info.licence, None))
    facts += [
        ("Source TEI", source_file, source_file),
        ("Catalogue (PO)", catalogue_file, catalogue_file),
        ("Translated TEI", tei_file, tei_file),
    ]
    not_translated = frozenset(build.untranslated + build.fuzzy + build.stale
                               + [problem.block_id for problem in build.problems])
    description = f"{name} translation of {source.metadata.title}, by {translator}: {build.percent:.0f}% translated"
    if not_translated:
        count = len(not_translated)
        description += (f"; {count} block{'s' if count != 1 else ''} not yet translated "
                        f"{'are' if count != 1 else 'is'} shown in {source_name}, marked")
    source_lang = bcp47(source.metadata.language or "en")
    edition = EditionInfo(
        code=code, lang=lang, dir=direction(lang), name=name, autonym=autonym(lang),
        title=translated.metadata.title, is_source=False, reading_href=f"{lang}.html",
        bilingual_href=f"{source_lang}-{lang}.html", source_name=source_name,
        description=description + ".", facts=tuple(facts), progress=progress_text,
        percent=build.percent, downloads=(("PO", catalogue_file), ("TEI", tei_file)),
    )
    return translated, edition, not_translated


def _variant_pairs(received: list[Edition]) -> list[tuple[Edition, Edition]]:
    variants = [edition for edition in received if edition.type == "variant"]
    return [(a, b) for a, b in combinations(variants, 2) if bcp47(a.language) == bcp47(b.language)]


def _variant_pages(
    site: _Site,
    received: list[Edition],
    pairs: list[tuple[Edition, Edition]],
    common: dict[str, object],
    step: Callable[[], None],
) -> tuple[list[VariantInfo], list[ReceivedEdition]]:
    from .diff import diff_editions
    from .pages import site_page

    received_info: list[ReceivedEdition] = []
    for edition in received:
        href = None
        if edition.file.is_file():
            # Named by siglum: two editions' files may share a name.
            href = f"sources/editions/{_slug(edition.siglum)}{''.join(edition.file.suffixes)}"
            site.add(href, edition.file.read_bytes())
        lang = bcp47(edition.language)
        received_info.append(ReceivedEdition(edition.siglum, edition.title, edition.date, edition.source,
                                             lang, direction(lang), href))
    variants: list[VariantInfo] = []
    for first, second in pairs:
        a = read_edition(first.file, first.language)
        b = read_edition(second.file, second.language)
        diff = diff_editions(a, b, witnesses=(first.siglum, second.siglum))
        rows = variant_rows(diff, a, b)
        counts = diff.summary()
        summary = ", ".join(f"{count} {op}" for op, count in counts.items() if count)
        href = f"compare-{_slug(first.siglum)}-{_slug(second.siglum)}.html"
        title = f"{first.siglum} and {second.siglum} compared"
        site.add(href, site_page(
            "compare", page_title=title, page_lang="en", page_dir="ltr", page_file=href, rows=rows,
            columns=(f"{first.siglum} ({first.date})", f"{second.siglum} ({second.date})"),
            summary=f"Block by block and word by word: {summary}.", **common,
        ))
        variants.append(VariantInfo(href, title, summary))
        step()
    return variants, received_info

