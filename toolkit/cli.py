"""The ``toolkit`` command: a thin layer that parses options and calls the library.

Each command imports the parts of the library it uses when it runs, so that a
command loads only what it needs: start-up time counts for commands that
scripts run many times.
"""

from __future__ import annotations

import gc
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from toolkit import __version__
from toolkit.errors import ToolkitError
from toolkit.project import CONFIG_NAME, Project, find_project

if TYPE_CHECKING:
    from toolkit.bitext import EditionAlignment
    from toolkit.tei.check import Schema

FILE = click.Path(dir_okay=False, path_type=Path)


class _Group(click.Group):
    """Turns the library's errors into one clear line and exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        # A command builds many objects and ends soon: the garbage collector's passes over
        # them would cost time and find nothing to free (the imports are frozen out of sight).
        gc.freeze()
        gc.set_threshold(50_000, 50, 50)
        try:
            return super().invoke(ctx)
        except ToolkitError as error:
            raise click.ClickException(str(error)) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="toolkit")
def main() -> None:
    """Stable-ID TEI editions for translators and editors.

    Every translatable block of a text (heading, paragraph, list item) gets
    an ID that keeps its meaning for good; catalogues, alignments, diffs and
    bilingual pages all build on it.

    \b
    Start with:
      toolkit check tei/revolution-betrayed.xml
      toolkit info tei/revolution-betrayed.xml
    """


def _stderr_is_terminal() -> bool:
    return sys.stderr.isatty()


@main.command("encode")
@click.argument("source", type=FILE)
@click.option("-o", "--output", type=FILE, help="TEI file to write (default: standard output).")
@click.option("--ids-from", "previous_path", type=FILE,
              help="Previous edition (TEI with IDs) whose IDs the blocks inherit.")
@click.option("--lang", "language", metavar="LL",
              help="Language of a plain-text SOURCE (BCP 47; default: that of --ids-from, else en).")
@click.option("--title", help="Title for the header (default: the first line of the text).")
@click.option("--author", help="Author for the header.")
@click.option("--id-prefix", "prefix", metavar="PREFIX",
              help="Prefix of new IDs (default: that of --ids-from, else the initials "
                   "of the output file's name, e.g. rb for revolution-betrayed.xml).")
@click.option("--date", "when", metavar="YYYY-MM-DD",
              help="Date of the revision recorded with --ids-from (default: none, or "
                   "SOURCE_DATE_EPOCH when set, so that output never depends on the clock).")
@click.option("--note", help="What the revision was, for the revision history.")
@click.option("-v", "--verbose", is_flag=True, help="List every block that was not simply kept.")
def encode_command(
    source: Path,
    output: Path | None,
    previous_path: Path | None,
    language: str | None,
    title: str | None,
    author: str | None,
    prefix: str | None,
    when: str | None,
    note: str | None,
    verbose: bool,
) -> None:
    """Encode SOURCE (plain text, or TEI) as TEI with an ID on every block.

    Plain text is read by its layout: blocks are separated by blank lines; a
    short line without final punctuation is a heading; lines starting "1)" or
    "2." are list items; a paragraph that is one quotation is a block
    quotation; two blank lines mark a section break.

    With --ids-from, a revised edition inherits the IDs of the previous one:
    unchanged, edited and moved blocks keep theirs; of a split block, the
    part holding most of it keeps the ID; merged blocks keep one of their IDs;
    new blocks get fresh IDs, and the IDs of deleted blocks are retired and
    recorded so that they are never handed out again.

    \b
    Examples:
      toolkit encode editions/revolution-betrayed-2001.txt -o draft.xml
      toolkit encode revised.txt --ids-from tei/revolution-betrayed.xml -o revised.xml
    """
    from toolkit.encode import encode_edition
    from toolkit.fileio import write_atomic
    from toolkit.tei import tei_bytes

    result = encode_edition(
        source, previous_path, language, title, author, prefix, when, note, output_name=output
    )
    data = tei_bytes(result.document)
    if output is None or str(output) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        write_atomic(output, data)
    blocks = len(result.document.blocks)
    report = result.carried_over
    if report is None:
        click.echo(f"encoded {blocks} blocks; {len(result.handed_out)} IDs handed out", err=True)
        return
    click.echo(f"encoded {blocks} blocks: {report.summary()}", err=True)
    if verbose:
        for line in report.details():
            click.echo(f"  {line}", err=True)


@main.command("check")
@click.argument("files", type=FILE, nargs=-1, required=True)
@click.option("--schema", "schema_path", type=FILE,
              help="RELAX NG schema to validate against instead of the toolkit's own "
                   "(for example the official tei_all.rng).")
def check_command(files: tuple[Path, ...], schema_path: Path | None) -> None:
    """Check TEI FILES: well-formed, valid, every block with a unique ID.

    One line per problem, as FILE:LINE: message; the exit status is 1 when
    there is any problem.  The schema is the toolkit's own RELAX NG schema
    for the TEI subset it writes, unless --schema names another.

    \b
    Examples:
      toolkit check tei/revolution-betrayed.xml
      toolkit check --schema tei_all.rng tei/*.xml
    """
    from toolkit.tei.check import check_file, load_schema

    schema: Schema | None = None
    if schema_path is not None:
        if _stderr_is_terminal():
            click.echo(f"loading {schema_path.name} ...", err=True)
        schema = load_schema(schema_path)
    failed = 0
    with _progress(files, "checking") as checked:
        for path in checked:
            result = check_file(path, schema)
            for problem in result.problems:
                click.echo(str(problem))
            if result.problems:
                failed += 1
            elif result.document is not None:
                click.echo(f"{path}: ok ({len(result.document.blocks)} blocks, "
                           f"{len(result.document.sections())} sections)")
    if failed:
        raise click.ClickException(f"{failed} of {len(files)} files have problems")


@contextmanager
def _progress(items: tuple[Path, ...], label: str) -> Iterator[Any]:
    """A progress bar on a terminal for long runs; the bare items in a pipe."""
    if len(items) > 1 and _stderr_is_terminal():
        with click.progressbar(items, label=label, file=sys.stderr) as bar:
            yield bar
    else:
        yield items


@main.command("text")
@click.argument("file", type=FILE)
@click.option("--ids", is_flag=True, help="One block per line: ID, a tab, the text.")
@click.option("--lang", "language", default="en", show_default=True, metavar="LL",
              help="Language of a FILE in plain text, Markdown or HTML that does not declare one.")
def text_command(file: Path, ids: bool, language: str) -> None:
    """Print the plain text of an edition (TEI, plain text, Markdown or HTML).

    Blocks are separated by blank lines, as in the text received; with
    --ids, one block per line as ID<TAB>text, for scripts and grep.

    \b
    Examples:
      toolkit text tei/revolution-betrayed.xml
      toolkit text --ids tei/revolution-betrayed.xml | grep -i oxygen
    """
    from toolkit.editionfile import read_edition
    from toolkit.plaintext import block_lines, plain_text

    document = read_edition(file, language)
    click.echo(block_lines(document) if ids else plain_text(document), nl=False)


@main.command("info")
@click.argument("file", type=FILE)
@click.option("--lang", "language", default="en", show_default=True, metavar="LL",
              help="Language of a FILE in plain text, Markdown or HTML that does not declare one.")
def info_command(file: Path, language: str) -> None:
    """Summarise an edition: title, language, blocks, words, IDs and sections.

    \b
    Example:
      toolkit info tei/revolution-betrayed.xml
    """
    from toolkit.editionfile import read_edition
    from toolkit.summary import describe

    for line in describe(read_edition(file, language)):
        click.echo(line)


@main.command("editions")
@click.argument("manifest", type=FILE, default=Path("editions/editions.toml"))
def editions_command(manifest: Path) -> None:
    """List the editions in MANIFEST and verify each file against its checksum.

    \b
    Example:
      toolkit editions editions/editions.toml
    """
    from toolkit.editions import load_editions, verify

    for edition in load_editions(manifest):
        verify(edition)
        what = edition.type
        if edition.translation_of:
            what += f" of {edition.translation_of}"
        click.echo(f"{edition.siglum}\t{edition.language}\t{edition.date}\t{what}\t{edition.file}")


# The catalogue workflow =====================================================


def _project() -> Project:
    project = find_project()
    if project is None:
        raise click.UsageError(
            f"no {CONFIG_NAME} here or above: run inside a project, or name the files with options"
        )
    return project


def _languages(project: Project, asked: tuple[str, ...]) -> list[str]:
    languages = list(asked) or project.languages()
    if not languages:
        raise click.UsageError(f"no catalogues under {project.relative(project.locale)} yet: name one with --lang LL")
    from toolkit.workflow import check_language

    return [check_language(language) for language in languages]


@main.command("extract")
@click.argument("source", type=FILE, required=False)
@click.option("-o", "--output", type=FILE, help="Template to write (default: locale/<domain>.pot of the project).")
def extract_command(source: Path | None, output: Path | None) -> None:
    """Write the catalogue template (POT): one entry per block, keyed by its ID.

    Each entry's context (msgctxt) is the block's xml:id; a comment says what
    and where the block is; inline markup becomes placeholders such as
    <title>...</title>. Extracting again from the same TEI gives the same file.

    \b
    Example (in the repository, the bare command is enough):
      toolkit extract
      toolkit extract other.xml -o other.pot
    """
    from toolkit.workflow import extract

    project = find_project() if source is None or output is None else None
    if source is None:
        source = _project().source
    if output is None:
        output = project.pot_path if project else source.with_suffix(".pot")
    reference = project.relative(source) if project else source.as_posix()
    result = extract(source, output, reference, project.domain if project else source.stem,
                     project.bugs_address if project else "")
    state = "written" if result.written else "unchanged"
    click.echo(f"{output}: {result.entries} entries ({state})", err=True)


@main.command("update")
@click.option("--lang", "languages", multiple=True, metavar="LL",
              help="Language to update or create (repeatable; default: every language present).")
@click.option("--pot", "template", type=FILE, help="Template to update from (default: the project's).")
@click.option("--po", "catalogue", type=FILE, help="Catalogue to update (with a single --lang; default: the project's).")
def update_command(languages: tuple[str, ...], template: Path | None, catalogue: Path | None) -> None:
    """Create or update each language's catalogue from the template, losing no translation.

    Entries follow their block by ID. A changed source keeps its translation,
    marked fuzzy, with the previous source and the change shown; a new block
    is offered a translation only from a very similar entry; a deleted block's
    translation stays as an obsolete entry. Prints what happened per language.

    \b
    Example:
      toolkit update            # every language present
      toolkit update --lang es  # create or update Spanish
    """
    from toolkit.workflow import check_language, update

    if catalogue is not None:
        if len(languages) != 1 or template is None:
            raise click.UsageError("--po needs --pot and exactly one --lang")
        report, written = update(template, catalogue, check_language(languages[0]))
        click.echo(f"{languages[0]}: {report.summary()} -> {catalogue} ({'written' if written else 'unchanged'})")
        return
    project = _project()
    title = ""
    for language in _languages(project, languages):
        path = project.po_path(language)
        report, written = update(template or project.pot_path, path, language, title)
        state = "created" if report.created else ("written" if written else "unchanged")
        click.echo(f"{language}: {report.summary()} -> {project.relative(path)} ({state})")


@main.command("build")
@click.option("--lang", "language", required=True, metavar="LL", help="Language to build.")
@click.option("-o", "--output", type=FILE, help="Edition to write (default: editions/<domain>-<lang>.xml).")
@click.option("--source", type=FILE, help="Source TEI (default: the project's).")
@click.option("--po", "catalogue", type=FILE, help="Catalogue (default: the project's for --lang).")
@click.option("--min-percent", type=click.FloatRange(0, 100), default=0.0, show_default=True,
              help="Refuse to build if fewer blocks than this are translated.")
def build_command(language: str, output: Path | None, source: Path | None, catalogue: Path | None,
                  min_percent: float) -> None:
    """Write the translated edition as TEI: same structure and IDs as the source.

    Untranslated and fuzzy blocks keep the source text, marked with the
    source's xml:lang. A translation whose placeholders no longer match is
    never written as broken markup: its block falls back to the source, the
    entry is named by file, line and ID, and the command exits with status 1.

    \b
    Example:
      toolkit build --lang es
      toolkit build --lang fr --min-percent 90
    """
    from toolkit.workflow import build, check_language

    check_language(language)
    project = find_project() if None in (source, catalogue, output) else None
    if project is None and None in (source, catalogue, output):
        _project()
    assert project is not None or (source and catalogue and output)
    source = source or project.source  # type: ignore[union-attr]
    catalogue = catalogue or project.po_path(language)  # type: ignore[union-attr]
    output = output or project.edition_path(language)  # type: ignore[union-attr]
    report, written = build(source, catalogue, language, output, min_percent)
    for problem in report.problems:
        place = f"{catalogue}:{problem.line}" if problem.line else str(catalogue)
        click.echo(f"{place}: {problem.block_id}: {problem.message}", err=True)
    click.echo(f"{output}: {report.summary()} ({'written' if written else 'unchanged'})", err=True)
    if report.problems:
        raise click.exceptions.Exit(1)


@main.command("stats")
@click.option("--lang", "languages", multiple=True, metavar="LL", help="Language (repeatable; default: all).")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def stats_command(languages: tuple[str, ...], output_format: str) -> None:
    """Show, per language, entries and words translated, fuzzy, untranslated and obsolete.

    \b
    Example:
      toolkit stats
      toolkit stats --format json
    """
    from toolkit.workflow import statistics

    project = _project()
    figures = statistics([(language, project.po_path(language)) for language in _languages(project, languages)])
    if output_format == "json":
        click.echo(json.dumps({"languages": [stats.as_dict() for stats in figures]}, indent=2, ensure_ascii=False))
        return
    click.echo(f"{'language':<9} {'entries':>7}  {'translated':>16}  {'fuzzy':>14}  {'untranslated':>14}  "
               f"{'obsolete':>8}  {'words translated':>22}")
    for stats in figures:
        def cell(state: str) -> str:
            count = getattr(stats, state).entries
            return f"{count} ({stats.percent(state, 'entries'):.1f}%)"
        words = f"{stats.translated.words}/{stats.total.words} ({stats.percent('translated'):.1f}%)"
        click.echo(f"{stats.language:<9} {stats.total.entries:>7}  {cell('translated'):>16}  {cell('fuzzy'):>14}  "
                   f"{cell('untranslated'):>14}  {stats.obsolete.entries:>8}  {words:>22}")


@main.command("qa")
@click.option("--lang", "languages", multiple=True, metavar="LL", help="Language (repeatable; default: all).")
@click.option("--po", "catalogues", multiple=True, type=FILE, help="Check this catalogue instead (repeatable).")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
def qa_command(languages: tuple[str, ...], catalogues: tuple[Path, ...], strict: bool) -> None:
    """Check translations against their sources: placeholders, numbers, quotes and more.

    One line per finding, FILE:LINE: ID: [check] severity: message. Errors
    (placeholders missing, added, repeated or no longer nesting; numbers whose
    digits changed; unbalanced quotation marks or brackets; a context that
    names no block) make the exit status 1; warnings (left identical to the
    source, stray whitespace, unusual length, an entry `toolkit align` left
    to check) do so only with --strict.

    \b
    Example:
      toolkit qa --lang es
    """
    from toolkit.workflow import quality

    targets: list[tuple[Path, Path | None]] = []
    if catalogues:
        targets = [(path, None) for path in catalogues]
    else:
        project = _project()
        targets = [(project.po_path(language), project.source) for language in _languages(project, languages)]
    errors = warnings = 0
    for path, source in targets:
        for finding in quality(path, source):
            click.echo(str(finding))
            errors += finding.severity == "error"
            warnings += finding.severity == "warning"
    click.echo(f"{len(targets)} catalogue(s): {errors} error(s), {warnings} warning(s)", err=True)
    if errors or (strict and warnings):
        raise click.exceptions.Exit(1)


# Comparing editions =========================================================


@main.command("diff")
@click.argument("editions", type=FILE, nargs=-1, required=True)
@click.option("--format", "output_format", type=click.Choice(["text", "html", "json", "tei"]), default="text",
              show_default=True,
              help="text: for reading, like git's word diff; html: a page with the editions side by side; "
                   "json: for scripts; tei: a TEI critical apparatus (parallel segmentation).")
@click.option("-o", "--output", type=FILE, help="File to write (default: standard output).")
@click.option("--ignore-case", is_flag=True, help="Letters differing only in case are the same.")
@click.option("--ignore-punctuation", is_flag=True, help="Punctuation makes no difference.")
@click.option("--ignore-whitespace", is_flag=True, help="Spaces make no difference.")
@click.option("--normalize-typography", is_flag=True,
              help="Typographic quotes and dashes count as plain ones (“ ” « » ‘ ’ as \" ', – — as -).")
@click.option("--threshold", type=click.FloatRange(0.05, 1.0), default=0.45, show_default=True,
              help="How alike (weighted share of words) two blocks must be to count as one block changed.")
@click.option("--all", "all_blocks", is_flag=True, help="Text output: show unchanged blocks too.")
@click.option("--lang", "language", default="en", show_default=True, metavar="LL",
              help="Language of plain-text editions.")
@click.option("--impact", "impact_language", metavar="LL",
              help="Instead of the diff, list the translated entries of language LL (the project's catalogue, "
                   "or --po) that the second edition invalidates.")
@click.option("--po", "catalogue_path", type=FILE, help="With --impact: the catalogue to weigh.")
def diff_command(editions: tuple[Path, ...], output_format: str, output: Path | None, ignore_case: bool,
                 ignore_punctuation: bool, ignore_whitespace: bool, normalize_typography: bool, threshold: float,
                 all_blocks: bool, language: str, impact_language: str | None, catalogue_path: Path | None) -> None:
    """Compare editions block by block and word by word.

    Editions are TEI (with or without IDs) or plain text. Blocks are matched
    by ID where both editions share their IDs, by content otherwise: same,
    changed, moved, split, merged, added, deleted; inside each, the words
    that changed. With three editions or more, a collation: the first is the
    base, and each block shows which witnesses read what. Exit status 0
    whether or not they differ.

    \b
    Examples:
      toolkit diff tei/revolution-betrayed.xml editions/revolution-betrayed-2001.txt
      toolkit diff old.xml new.xml --format json -o changes.json
      toolkit diff tei/revolution-betrayed.xml revised.xml --impact es
      toolkit diff 1818.xml 1823.xml 1831.xml --format tei -o apparatus.xml
    """
    if len(editions) < 2:
        raise click.UsageError("give two editions or more")
    if threshold != threshold:  # NaN passes click's range check
        raise click.BadParameter("must be a number from 0.05 to 1", param_hint="--threshold")
    from toolkit.diff import DiffOptions, diff_editions
    from toolkit.diffout import diff_json, diff_text
    from toolkit.editionfile import read_edition

    documents = [read_edition(path, language) for path in editions]
    options = DiffOptions(ignore_case, ignore_punctuation, ignore_whitespace, normalize_typography, threshold)
    names = _witness_names(editions)
    if len(documents) > 2:
        _collate(documents, options, names, output_format, output, all_blocks, impact_language)
        return
    first, second = documents
    result = diff_editions(first, second, options, (names[0], names[1]))
    if impact_language is not None:
        _report_impact(result, impact_language, catalogue_path)
        return
    if output_format == "tei":
        from toolkit.tei.apparatus import apparatus_bytes

        titles = (first.metadata.title, second.metadata.title)
        _write_or_print(apparatus_bytes(result, titles), output)
        return
    if output_format == "html":
        from toolkit.pages import diff_html

        from toolkit.diff import block_names

        own = tuple(
            {name: block.lang for name, block in zip(block_names(document), document.blocks)
             if block.lang and block.lang != document.metadata.language}
            for document in (first, second)
        )
        page = diff_html(result, (first.metadata.language, second.metadata.language), "", (own[0], own[1]))
        _write_or_print(page.encode("utf-8"), output)
        return
    if output_format == "json":
        text = diff_json(result)
    else:
        text = diff_text(result, color=output is None and sys.stdout.isatty(), all_blocks=all_blocks)
    _write_or_print(text.encode("utf-8"), output)


def _witness_names(paths: tuple[Path, ...]) -> tuple[str, ...]:
    """Name each edition by its file name; by its path where two share a name; numbered where
    one file is given twice."""
    names = [path.name for path in paths]
    if len(set(names)) < len(names):
        names = [str(path) for path in paths]
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        unique.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return tuple(unique)


def _collate(documents: list[Any], options: Any, names: tuple[str, ...], output_format: str, output: Path | None,
             all_blocks: bool, impact_language: str | None) -> None:
    from toolkit.collate import collate
    from toolkit.diffout import collation_json, collation_text

    if impact_language is not None:
        raise click.UsageError("--impact compares two editions: the translated one and the new one")
    if output_format == "html":
        raise click.UsageError("the HTML page shows two editions; for three or more use text, json or tei")
    result = collate(documents, options, names)
    if output_format == "tei":
        from toolkit.tei.apparatus import collation_bytes

        _write_or_print(collation_bytes(result, tuple(document.metadata.title for document in documents)), output)
    elif output_format == "json":
        _write_or_print(collation_json(result).encode("utf-8"), output)
    else:
        text = collation_text(result, color=output is None and sys.stdout.isatty(), all_blocks=all_blocks)
        _write_or_print(text.encode("utf-8"), output)


def _write_or_print(data: bytes, output: Path | None) -> None:
    if output is None or str(output) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    from toolkit.fileio import write_atomic

    write_atomic(output, data)


def _report_impact(result: Any, language: str, catalogue_path: Path | None) -> None:
    from toolkit.impact import impact
    from toolkit.po import read_catalogue
    from toolkit.workflow import check_language

    check_language(language)
    path = catalogue_path or _project().po_path(language)
    catalogue = read_catalogue(path)
    invalidated = impact(result, catalogue)
    for item in invalidated:
        place = f"{path}:{item.line}" if item.line else str(path)
        becomes = " + ".join(item.becomes) if item.becomes else "nothing"
        click.echo(f"{place}: {item.block_id}: {item.op} (becomes {becomes}), {item.words} source words")
    translated = sum(1 for entry in catalogue.live() if entry.has_translation)
    total_words = sum(item.words for item in invalidated)
    click.echo(f"{language}: {len(invalidated)} of {translated} translated entries invalidated "
               f"({total_words} source words)", err=True)


# Aligning an existing translation ===========================================


@contextmanager
def _steps(label: str, total: int) -> Iterator[Any]:
    """A progress bar of *total* steps on a terminal; a silent stand-in in a pipe."""
    if not _stderr_is_terminal():
        yield lambda: None
        return
    with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
        yield lambda: bar.update(1)


def _excerpt(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


@main.command("align")
@click.argument("source", type=FILE)
@click.argument("translation", type=FILE)
@click.option("--lang", "language", metavar="LL",
              help="Language of the translation (default: the one it declares, as TEI and HTML may; "
                   "--to po and --to tei need one).")
@click.option("--source-lang", "source_language", metavar="LL",
              help="Language of a SOURCE that does not declare one (plain text, Markdown).")
@click.option("--to", "output_format", type=click.Choice(["json", "po", "tei", "html"]), default="json",
              show_default=True,
              help="json: the beads, for scripts; po: the language's catalogue, filled; tei: a translated "
                   "edition with the source's IDs; html: a page to review the alignment.")
@click.option("-o", "--output", type=FILE,
              help="File to write (default: json and html to standard output; po to the project's catalogue "
                   "of --lang; tei to editions/<domain>-<lang>-aligned.xml of the project, else standard output).")
@click.option("--threshold", type=click.FloatRange(0.0, 1.0), default=0.5, show_default=True,
              help="Beads less sure than this are to be checked: fuzzy in the catalogue, first on the page.")
@click.option("--overwrite", is_flag=True, help="--to po: replace existing translations with the aligned text.")
@click.option("--force", is_flag=True,
              help="--to po and --to tei: write even when the texts do not seem to correspond.")
def align_command(source: Path, translation: Path, language: str | None, source_language: str | None,
                  output_format: str, output: Path | None, threshold: float, overwrite: bool, force: bool) -> None:
    """Align TRANSLATION with SOURCE paragraph by paragraph, and turn it into a catalogue, an
    edition or a review page.

    SOURCE is the project's TEI (or any edition the toolkit reads); TRANSLATION
    is plain text, Markdown, HTML or TEI, with or without IDs. Each bead links
    source blocks with the translation's blocks (1-1, a merged 2-1, a split
    1-2, a dropped 1-0, an added 0-1...) and says how sure it is.

    One line on standard error sums up the beads; problems follow. Texts that
    do not seem to correspond (another text, or the source itself) are
    reported: json and html are written all the same; po and tei are refused,
    with exit status 1, unless --force.

    \b
    Examples:
      toolkit align tei/revolution-betrayed.xml traduccion.txt --lang es --to html -o review.html
      toolkit align tei/revolution-betrayed.xml traduccion.txt --lang es --to po
      toolkit align tei/revolution-betrayed.xml traduccion.md --lang es --to tei
      toolkit align tei/revolution-betrayed.xml traduccion.html --to json > beads.json
    """
    if threshold != threshold:  # NaN passes click's range check
        raise click.BadParameter("must be a number from 0 to 1", param_hint="--threshold")
    from toolkit.bitext import align_editions
    from toolkit.editionfile import read_edition
    from toolkit.errors import InputError
    from toolkit.workflow import check_language

    for code in (language, source_language):
        if code is not None:
            check_language(code)
    with _steps("aligning", 4) as step:
        source_document = read_edition(source, source_language or "und")
        step()
        target_document = read_edition(translation, language or "und")
        step()
        for path, document, what in ((source, source_document, "source"),
                                     (translation, target_document, "translation")):
            if not document.blocks:
                raise InputError(f"the {what} has no text to align: no paragraph found in it", path)
        declared = target_document.metadata.language
        target_language = language or (declared.replace("-", "_") if declared != "und" else None)
        if output_format in ("po", "tei") and target_language is None:
            raise click.UsageError(f"{translation} does not say what language it is in: give it with --lang LL")
        alignment = align_editions(source_document, target_document, threshold)
        step()
        refused = not alignment.corresponds and output_format in ("po", "tei") and not force
        lines: list[str] = []
        if not refused:
            lines = _write_alignment(alignment, source, translation, output_format, output, target_language,
                                     overwrite)
        step()
    _report_alignment(alignment)
    if refused:
        raise click.ClickException(
            f"{translation} does not seem to translate {source} (see the warnings): nothing written; "
            "give --force to write all the same"
        )
    for line in lines:
        click.echo(line, err=True)


def _report_alignment(alignment: EditionAlignment) -> None:
    """The summary, the problems and the paragraphs the translation adds, on stderr."""
    click.echo(alignment.summary_line(), err=True)
    for problem in alignment.problems:
        click.echo(f"warning: {problem}", err=True)
    names, target = alignment.source_names, alignment.target_blocks
    additions = alignment.additions()
    # Texts that do not correspond "add" half their blocks: a few show what is wrong.
    shown = additions if alignment.corresponds else additions[:5]
    for position, after in shown:
        where = f"after {names[after]}" if after is not None else "before the first block"
        click.echo(f"added: the translation adds block {alignment.target_names[position]} {where}: "
                   f"\"{_excerpt(target[position].text)}\"", err=True)
    if len(shown) < len(additions):
        click.echo(f"added: ... and {len(additions) - len(shown)} more blocks the translation adds", err=True)


def _write_alignment(alignment: EditionAlignment, source: Path, translation: Path, output_format: str,
                     output: Path | None, language: str | None, overwrite: bool) -> list[str]:
    """Write the alignment in *output_format*; give the lines that report it."""
    if output_format == "json":
        from toolkit.alignout import alignment_json

        _write_or_print(alignment_json(alignment, source.as_posix(), translation.as_posix()).encode("utf-8"), output)
        return []
    if output_format == "html":
        from toolkit.alignout import alignment_html

        page = alignment_html(alignment, source.as_posix(), translation.as_posix(),
                              alignment.source.metadata.language, language or "und")
        _write_or_print(page.encode("utf-8"), output)
        return []
    assert language is not None
    project = find_project()
    if output_format == "po":
        return _write_aligned_catalogue(alignment, source, output, language, overwrite, project)
    from toolkit.aligntei import aligned_edition
    from toolkit.tei import tei_bytes
    from toolkit.workflow import check_language

    check_language(language)
    if output is None and project is not None:
        output = project.editions / f"{project.domain}-{language}-aligned.xml"
    folder = output.parent if output is not None and str(output) != "-" else Path.cwd()
    edition = aligned_edition(alignment, language, _relative_to(source, folder), _relative_to(translation, folder))
    if output is not None and str(output) != "-":
        folder.mkdir(parents=True, exist_ok=True)
    _write_or_print(tei_bytes(edition), output)
    items = alignment.translations
    given = sum(1 for item in items if item.text)
    if output is None or str(output) == "-":
        where = "standard output"
    else:
        where = project.relative(output) if project is not None else output.as_posix()
    return [f"{where}: {given} of {len(items)} blocks given their aligned translation "
            f"({sum(1 for item in items if item.text and item.low)} below the threshold), "
            f"{len(items) - given} in the source language, {len(alignment.additions())} added paragraphs as notes"]


def _relative_to(path: Path, folder: Path) -> str:
    import os

    return Path(os.path.relpath(path.resolve(), folder.resolve())).as_posix()


def _write_aligned_catalogue(alignment: EditionAlignment, source: Path, output: Path | None, language: str,
                             overwrite: bool, project: Project | None) -> list[str]:
    from toolkit.workflow import align_catalogue, check_language

    check_language(language)
    if output is None:
        project = _project()
        if source.resolve() != project.source.resolve():
            raise click.UsageError(
                f"{source} is not the project's source ({project.relative(project.source)}): its catalogue is not "
                "the project's; name the catalogue to write with -o"
            )
        output = project.po_path(language)
    reference = project.relative(source) if project is not None else source.as_posix()
    domain = project.domain if project is not None else source.stem
    report, written = align_catalogue(alignment, output, language, reference, domain,
                                      project.bugs_address if project is not None else "", overwrite)
    where = project.relative(output) if project is not None else output.as_posix()
    lines = [f"{where}: {report.summary()} ({'written' if written else 'unchanged'})"]
    update = report.update
    if update.changed or update.obsoleted or update.suggested or update.revived:
        lines.append(f"{where}: brought up to date with the source first: {update.summary()}")
    if report.differ:
        lines.append(f"{where}: kept the existing translation where the alignment gives another text "
                     f"(--overwrite replaces it): {', '.join(report.differ)}")
    return lines


@main.command("publish")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the site into (default: site/ of the project).")
def publish_command(output: Path | None) -> None:
    """Publish the work as a static bilingual site.

    Builds each language's translation from its catalogue (as `toolkit build`
    does, in memory) and writes index.html, a reading page for the source
    and each translation, each translation beside the source (one row per
    block, anchored by block ID: #rb-p042, #rb-p042-es), a comparison of each
    pair of variant editions, and the TEI and PO files they come from. Pages
    need no script and make no request outside the site. Only files whose
    bytes change are rewritten. Exit status 1 when a translation could not be
    used (broken placeholders): its block is shown in the source language.

    \b
    Example:
      toolkit publish && open site/index.html
    """
    from toolkit.publish import publish

    project = _project()
    folder = output or project.root / "site"
    bar: Any = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if not _stderr_is_terminal():
            return
        if bar is None:
            bar = click.progressbar(length=total, label="publishing", file=sys.stderr)
            bar.__enter__()
        bar.update(1)

    try:
        report = publish(project, folder, progress)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    for language, path, build in report.builds:
        click.echo(f"{language}: {build.summary()}", err=True)
    for path, problem in report.problems:
        place = f"{project.relative(path)}:{problem.line}" if problem.line else project.relative(path)
        click.echo(f"{place}: {problem.block_id}: {problem.message}", err=True)
    where = project.relative(folder)
    click.echo(f"{where}/index.html: {len(report.written)} files written, {len(report.unchanged)} unchanged", err=True)
    if report.problems:
        raise click.exceptions.Exit(1)
