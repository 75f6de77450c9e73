"""Check TEI files: well-formed, valid, every translatable block identified."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from lxml import etree

from toolkit.errors import DuplicateIdError, ToolkitError
from toolkit.fileio import read_bytes
from toolkit.model import Document
from toolkit.tei.reader import tree_to_document
from toolkit.tei.xmlio import parse_xml

OWN_SCHEMA = "toolkit-tei.rng"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, where it is."""

    path: str
    line: int | None
    message: str
    column: int | None = None

    def __str__(self) -> str:
        where = [self.path]
        if self.line is not None:
            where.append(str(self.line))
            if self.column is not None:
                where.append(str(self.column))
        return f"{':'.join(where)}: {self.message}"


@dataclass(frozen=True)
class CheckResult:
    """The problems found in one file, and the document when it could be read."""

    path: str
    problems: tuple[Problem, ...]
    document: Document | None


class Schema:
    """A RELAX NG schema, loaded once and used for many files."""

    def __init__(self, validator: etree.RelaxNG, name: str) -> None:
        self._validator = validator
        self.name = name

    def problems(self, tree: etree._ElementTree, path: str) -> list[Problem]:
        """Give one problem per place where *tree* breaks the schema."""
        if self._validator.validate(tree):
            return []
        return [
            Problem(path, error.line or None, f"not valid against {self.name}: {error.message}")
            for error in self._validator.error_log
        ]


def load_schema(path: str | Path | None = None) -> Schema:
    """Give the RELAX NG schema at *path*, or the toolkit's own (for the TEI subset it writes)."""
    if path is None:
        return _own_schema()
    data = read_bytes(path)
    try:
        document = etree.fromstring(data, etree.XMLParser(no_network=True, resolve_entities=False))
        return Schema(etree.RelaxNG(document), Path(path).name)
    except etree.XMLSyntaxError as error:
        line = error.position[0] if error.position else None
        raise ToolkitError(f"schema is not well-formed XML: {error.msg}", path, line) from None
    except etree.RelaxNGParseError as error:
        raise ToolkitError(f"not a usable RELAX NG schema: {error}", path) from None


@lru_cache(maxsize=1)
def _own_schema() -> Schema:
    text = resources.files("toolkit.tei").joinpath("schema", OWN_SCHEMA).read_bytes()
    return Schema(etree.RelaxNG(etree.fromstring(text)), OWN_SCHEMA)


def check_file(path: str | Path, schema: Schema | None = None) -> CheckResult:
    """Give every problem found in the TEI file *path*.

    Checked: the file can be read and is UTF-8, well-formed XML with no
    entity declarations, valid against *schema* (the toolkit's own by
    default), its IDs unique, every block an ID, and no retired ID in use.
    """
    name = str(path)
    try:
        data = read_bytes(path)
        tree = parse_xml(data, name)
    except DuplicateIdError as error:
        duplicates = tuple(
            Problem(name, line, f"duplicate ID: {message}", column)
            for line, column, message in error.places
        )
        return CheckResult(name, duplicates, None)
    except ToolkitError as error:
        return CheckResult(name, (_problem(error, name),), None)
    problems = (schema or _own_schema()).problems(tree, name)
    try:
        document = tree_to_document(tree, name)
    except ToolkitError as error:
        return CheckResult(name, (*problems, _problem(error, name)), None)
    return CheckResult(name, (*problems, *identification_problems(document, name)), document)


def identification_problems(document: Document, path: str) -> list[Problem]:
    """Give a problem for every block without an ID and every retired ID in use."""
    problems = [
        Problem(path, block.line, f"<{block.tag}> has no xml:id: every translatable block needs one "
                "(toolkit encode adds them)")
        for block in document.blocks
        if block.id is None
    ]
    retired = document.retired_ids
    in_use: dict[str, int | None] = {b.id: b.line for b in document.blocks if b.id is not None}
    in_use.update({c.id: c.line for c in document.containers() if c.id is not None})
    problems += [
        Problem(path, line, f"ID {identifier} was retired by an earlier revision and must not be "
                "used again: give the block a fresh ID")
        for identifier, line in in_use.items()
        if identifier in retired
    ]
    return problems


def _problem(error: ToolkitError, fallback: str) -> Problem:
    location = error.location
    return Problem(location.path or fallback, location.line, error.message, location.column)
