"""The catalogue workflow on files: extract, update, build, check and count.

Each function reads its inputs, calls the pure functions of the library, and
writes its output atomically, only when it changed. The ``toolkit`` commands
are thin wrappers over these; each function imports the parts it uses, so
that a command loads no more than it needs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from .catalogue import Catalogue
from .errors import InputError
from .fileio import write_atomic
from .po import catalogue_text, parse_catalogue, read_catalogue, write_catalogue
from .project import is_language_code

if TYPE_CHECKING:
    from .alignpo import CatalogueAlignment
    from .bitext import EditionAlignment
    from .build import BuildReport
    from .qa import Finding
    from .stats import LanguageStats
    from .update import UpdateReport


@dataclass(frozen=True)
class ExtractResult:
    """What extraction wrote."""

    path: Path
    entries: int
    written: bool


def _epoch() -> int | None:
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        raise InputError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, not {value!r}") from None


def extract(source: Path, output: Path, reference: str, project: str = "", bugs_address: str = "") -> ExtractResult:
    """Write the catalogue template of the TEI *source* to *output*.

    *reference* is how entries name the source (``#:``). The file is left alone
    when the only change would be its creation date.
    """
    from .editionfile import read_edition
    from .extract import TemplateInfo, creation_date, extract_template

    document = read_edition(source)
    info = TemplateInfo(
        project=project or source.stem,
        creation_date=creation_date(document, _epoch()),
        title=document.metadata.title,
        bugs_address=bugs_address,
    )
    template = extract_template(document, reference, info)
    text = catalogue_text(template)
    if output.exists() and _same_but_for_date(template, text, output):
        return ExtractResult(output, len(template.entries), False)
    output.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(output, text.encode("utf-8"))
    return ExtractResult(output, len(template.entries), True)


def _same_but_for_date(template: Catalogue, text: str, path: Path) -> bool:
    """Whether the template at *path* says what *text* says, its creation date aside."""
    existing = path.read_bytes().decode("utf-8", errors="replace")
    if existing == text:
        return True
    # The header comes first, up to the first blank line; the entries follow.
    head, _, entries = text.partition("\n\n")
    old_head, _, old_entries = existing.partition("\n\n")
    if entries != old_entries:
        return False
    try:
        old_date = parse_catalogue(old_head + "\n", path).header("POT-Creation-Date")
    except InputError:
        return False
    header_only = replace(template, entries=()).with_header("POT-Creation-Date", old_date)
    return catalogue_text(header_only) == old_head + "\n"


def check_language(language: str) -> str:
    """Give *language* if it is a plausible language code, else refuse it."""
    if not is_language_code(language):
        raise InputError(f"{language!r} is not a language code (write it like es, fr, pt_BR)")
    return language


def update(template_path: Path, catalogue_path: Path, language: str, title: str = "") -> tuple[UpdateReport, bool]:
    """Create or update the catalogue of *language* at *catalogue_path* from the template."""
    from .update import update_catalogue

    check_language(language)
    if not template_path.exists():
        raise InputError("no catalogue template: run `toolkit extract` first", template_path)
    template = read_catalogue(template_path)
    existing = read_catalogue(catalogue_path) if catalogue_path.exists() else None
    catalogue, report = update_catalogue(template, existing, language, title)
    catalogue_path.parent.mkdir(parents=True, exist_ok=True)
    return report, write_catalogue(catalogue_path, catalogue)


def _relative(target: Path, start: Path) -> str:
    return Path(os.path.relpath(target.resolve(), start.resolve())).as_posix()


def build(
    source: Path, catalogue_path: Path, language: str, output: Path, min_percent: float = 0.0
) -> tuple[BuildReport, bool]:
    """Write the edition of *source* translated with the catalogue of *language* to *output*.

    Refuses (writing nothing) below *min_percent*; entries whose placeholders
    are broken, or whose context names no block, are in the report's problems.
    """
    from .build import BuildProblem, build_translation, require_completeness
    from .editionfile import read_edition
    from .tei import tei_bytes

    check_language(language)
    document = read_edition(source)
    if not catalogue_path.exists():
        raise InputError(f"no catalogue for {language}: run `toolkit update --lang {language}` first", catalogue_path)
    catalogue = read_catalogue(catalogue_path)
    folder = output.parent
    edition, report = build_translation(
        document, catalogue, language, _relative(source, folder), _relative(catalogue_path, folder)
    )
    ids = {block.id for block in document.blocks}
    for entry in catalogue.live():
        if entry.context is not None and entry.context not in ids and entry.has_translation:
            report.problems.append(
                BuildProblem(entry.context, entry.line,
                             f"names no block of {source}: its translation is not used (run `toolkit update`)")
            )
    require_completeness(report, min_percent, str(catalogue_path))
    data = tei_bytes(edition)
    folder.mkdir(parents=True, exist_ok=True)
    if output.exists() and output.read_bytes() == data:
        return report, False
    write_atomic(output, data)
    return report, True


def align_catalogue(
    alignment: EditionAlignment,
    catalogue_path: Path,
    language: str,
    reference: str,
    project: str = "",
    bugs_address: str = "",
    overwrite: bool = False,
) -> tuple[CatalogueAlignment, bool]:
    """Write or update the catalogue of *language* at *catalogue_path* with the aligned
    translations of *alignment*; give what was done and whether the file changed.

    The entries are those ``toolkit extract`` makes from the alignment's source (named
    *reference* in them); an existing catalogue is brought up to date as ``toolkit update``
    does, and its translations are kept unless *overwrite*.
    """
    from .alignpo import aligned_catalogue
    from .extract import TemplateInfo, creation_date, extract_template

    check_language(language)
    source = alignment.source
    info = TemplateInfo(
        project=project or Path(reference).stem,
        creation_date=creation_date(source, _epoch()),
        title=source.metadata.title,
        bugs_address=bugs_address,
    )
    template = extract_template(source, reference, info)
    existing = read_catalogue(catalogue_path) if catalogue_path.exists() else None
    catalogue, report = aligned_catalogue(alignment, template, existing, language, overwrite)
    catalogue_path.parent.mkdir(parents=True, exist_ok=True)
    return report, write_catalogue(catalogue_path, catalogue)


def quality(catalogue_path: Path, source: Path | None = None) -> list[Finding]:
    """Check every translation of the catalogue at *catalogue_path*."""
    from .editionfile import read_edition
    from .qa import check_catalogue

    catalogue = read_catalogue(catalogue_path)
    block_ids = None
    if source is not None and source.exists():
        block_ids = [block.id for block in read_edition(source).blocks if block.id is not None]
    return check_catalogue(catalogue, block_ids)


def statistics(catalogues: Sequence[tuple[str, Path]]) -> list[LanguageStats]:
    """Count each language's catalogue by state."""
    from .stats import catalogue_stats

    return [catalogue_stats(read_catalogue(path), language) for language, path in catalogues]
