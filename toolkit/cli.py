"""The ``toolkit`` command: a thin layer that parses options and calls the library."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from toolkit import __version__
from toolkit.editions import load_editions, verify
from toolkit.encode import encode_edition, read_edition
from toolkit.errors import ToolkitError
from toolkit.fileio import write_atomic
from toolkit.plaintext import block_lines, plain_text
from toolkit.summary import describe
from toolkit.tei import tei_bytes
from toolkit.tei.check import Schema, check_file, load_schema

FILE = click.Path(dir_okay=False, path_type=Path)


class _Group(click.Group):
    """Turns the library's errors into one clear line and exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
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
              help="Language of a plain-text FILE.")
def text_command(file: Path, ids: bool, language: str) -> None:
    """Print the plain text of an edition (TEI or plain text).

    Blocks are separated by blank lines, as in the text received; with
    --ids, one block per line as ID<TAB>text, for scripts and grep.

    \b
    Examples:
      toolkit text tei/revolution-betrayed.xml
      toolkit text --ids tei/revolution-betrayed.xml | grep -i oxygen
    """
    document = read_edition(file, language)
    click.echo(block_lines(document) if ids else plain_text(document), nl=False)


@main.command("info")
@click.argument("file", type=FILE)
@click.option("--lang", "language", default="en", show_default=True, metavar="LL",
              help="Language of a plain-text FILE.")
def info_command(file: Path, language: str) -> None:
    """Summarise an edition: title, language, blocks, words, IDs and sections.

    \b
    Example:
      toolkit info tei/revolution-betrayed.xml
    """
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
    for edition in load_editions(manifest):
        verify(edition)
        what = edition.type
        if edition.translation_of:
            what += f" of {edition.translation_of}"
        click.echo(f"{edition.siglum}\t{edition.language}\t{edition.date}\t{what}\t{edition.file}")
