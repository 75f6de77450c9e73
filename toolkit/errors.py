"""The toolkit's one exception hierarchy.

Every error names the file and, where there is one, the line and column, in
the ``file:line:column: message`` form that editors and terminals link to.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Location:
    """A place in an input file, for messages."""

    path: str | None = None
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        parts = [self.path or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


class ToolkitError(Exception):
    """An error in the input or the environment that the user can act on."""

    def __init__(
        self,
        message: str,
        path: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.location = Location(None if path is None else str(path), line, column)

    def __str__(self) -> str:
        if self.location.path is None and self.location.line is None:
            return self.message
        return f"{self.location}: {self.message}"


class InputError(ToolkitError):
    """A file that is missing, unreadable, or not in the expected encoding."""


class MalformedXMLError(ToolkitError):
    """XML that is not well-formed."""


class UnsafeXMLError(ToolkitError):
    """XML that declares entities or otherwise tries to reach beyond the file."""


class StructureError(ToolkitError):
    """Input that is well-formed but not a document the toolkit can read."""


class DuplicateIdError(ToolkitError):
    """Two blocks share one ID.

    ``places`` holds (line, column, message) for every repetition found.
    """

    def __init__(
        self,
        message: str,
        path: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
        places: tuple[tuple[int | None, int | None, str], ...] = (),
    ) -> None:
        super().__init__(message, path, line, column)
        self.places = places


class OutputError(ToolkitError):
    """A file could not be written."""
