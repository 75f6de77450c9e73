"""Read and write gettext PO and POT files: the only module that uses polib.

polib parses and writes the files. Two things are set here so that a file the
toolkit writes is the file GNU gettext would write (``msgcat`` leaves it
byte-identical, and a file saved by Poedit or by gettext tools does not fight
with ours in git):

- strings are wrapped as gettext wraps them: at 79 columns, at the line-break
  opportunities of Unicode's line-breaking algorithm (UAX #14), after each
  ``\\n``, with ``msgid ""`` first when the string does not fit on one line.
  polib wraps with Python's textwrap, which breaks elsewhere. The break
  opportunities come from GNU libunistring, the library gettext itself uses,
  where it is installed (it comes with gettext); elsewhere, breaks after
  spaces and hyphens approximate it, and files differ from gettext's only in
  where a long line is cut;
- header fields keep their order (polib sorts the ones it does not know).
"""

from __future__ import annotations

import ctypes
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

import polib

from .catalogue import Catalogue, Entry
from .errors import InputError
from .fileio import decode_utf8, read_bytes, write_atomic

PAGE_WIDTH = 79
_NO_WRAP_WIDTH = 2**31 - 1

_BREAK_PROHIBITED = 1
_BREAK_POSSIBLE = 2
# The escapes gettext writes; any other control character is written as it is.
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\b": "\\b", "\f": "\\f"}
# A space between letters: a line-break opportunity in every version of UAX #14.
_SURE_BREAK = re.compile(r"[A-Za-z0-9] [A-Za-z]")
_POLIB_LINE = re.compile(r"\(line (\d+)\)")


# The library's names on Linux, macOS (Homebrew) and Windows (MSYS2), tried before a search
# (ctypes.util.find_library runs ldconfig or gcc, which costs more than the whole lookup).
_LIBUNISTRING_NAMES = ("libunistring.so.5", "libunistring.so.2", "libunistring.dylib", "libunistring-5.dll",
                       "libunistring-2.dll")


@lru_cache(maxsize=1)
def _libunistring() -> Any:
    library = None
    for name in _LIBUNISTRING_NAMES:
        try:
            library = ctypes.CDLL(name)
            break
        except OSError:
            continue
    if library is None:
        from ctypes.util import find_library

        found = find_library("unistring")
        if found is None:
            return None
        try:
            library = ctypes.CDLL(found)
        except OSError:
            return None
    try:
        function = library.u8_width_linebreaks
    except AttributeError:
        return None
    function.restype = ctypes.c_int
    function.argtypes = [
        ctypes.c_char_p,
        ctypes.c_size_t,
        ctypes.c_int,
        ctypes.c_int,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_char_p,
        ctypes.c_char_p,
    ]
    return function


def _approximate_linebreaks(text: bytes, width: int, start_column: int, overrides: bytes) -> bytes:
    """Break opportunities after spaces and hyphens, filled greedily as libunistring does."""
    decoded = text.decode("utf-8")
    breaks = bytearray(len(text))
    last_break: int | None = None
    last_column = start_column
    piece_width = 0
    offset = 0
    previous = ""
    for char in decoded:
        size = len(char.encode("utf-8"))
        possible = (
            offset > 0
            and overrides[offset] != _BREAK_PROHIBITED
            and not char.isspace()
            and (previous == " " or (previous == "-" and char.isalpha()))
        )
        if possible:
            if last_break is not None and last_column + piece_width > width:
                breaks[last_break] = _BREAK_POSSIBLE
                last_column = 0
            last_break = offset
            last_column += piece_width
            piece_width = 0
        piece_width += 2 if unicodedata.east_asian_width(char) in "WF" else 1
        previous = char
        offset += size
    if last_break is not None and last_column + piece_width > width:
        breaks[last_break] = _BREAK_POSSIBLE
    return bytes(breaks)


class _Breaker:
    """Calls libunistring with one reusable result buffer (a call per long string adds up)."""

    def __init__(self) -> None:
        self.buffer = ctypes.create_string_buffer(4096)

    def __call__(self, text: bytes, width: int, start_column: int, overrides: bytes | None) -> bytes:
        function = _libunistring()
        if function is None:
            return _approximate_linebreaks(text, width, start_column, overrides or bytes(len(text)))
        if len(text) > len(self.buffer):
            self.buffer = ctypes.create_string_buffer(2 * len(text))
        function(text, len(text), width, start_column, 0, overrides, b"UTF-8", self.buffer)
        return ctypes.string_at(self.buffer, len(text))


_linebreaks = _Breaker()
_POSSIBLE = re.compile(bytes([2]))


def _portions(value: str) -> list[str]:
    """Split *value* after each newline, as gettext lays out one portion per line."""
    if not value:
        return [""]
    portions = value.split("\n")
    result = [portion + "\n" for portion in portions[:-1]]
    if portions[-1]:
        result.append(portions[-1])
    return result


def _escape(text: str) -> str:
    if "\\" in text:
        text = text.replace("\\", "\\\\")
    if '"' in text:
        text = text.replace('"', '\\"')
    for char in "\n\t\r\b\f":
        if char in text:
            text = text.replace(char, _ESCAPES[char])
    return text


def field_lines(prefix: str, keyword: str, value: str, width: int = PAGE_WIDTH) -> list[str]:
    """Give the lines gettext writes for ``keyword "value"``, each line starting with *prefix*.

    >>> field_lines("", "msgid", "Short")
    ['msgid "Short"']
    >>> field_lines("", "msgstr", "Line one\\nLine two")
    ['msgstr ""', '"Line one\\\\n"', '"Line two"']
    """
    after_break = len(prefix) + 1
    line_width = width - 1 - after_break
    lines: list[str] = []
    first_line = True
    escaped_text = ""
    if "\n" not in value:
        escaped_text = _escape(value)
        start = len(prefix) + len(keyword) + 2 - after_break
        # Bounds on the columns the text takes: a character takes one or two, a
        # non-ASCII one at least two bytes (and a combining mark none).
        length = len(escaped_text)
        if escaped_text.isascii():
            fewest = most = length
        else:
            fewest, most = 2 * length - len(escaped_text.encode("utf-8")), 2 * length
        if start + most <= line_width:
            return [f'{prefix}{keyword} "{escaped_text}"']
        if start + fewest > line_width and _SURE_BREAK.search(escaped_text):
            # It cannot fit, and it can break: gettext starts with an empty first line.
            lines.append(f'{prefix}{keyword} ""')
            first_line = False
    portions = _portions(value) if "\n" in value else [value]
    for number, portion in enumerate(portions):
        escaped = (escaped_text if len(portions) == 1 and "\n" not in value else _escape(portion)).encode("utf-8")
        overrides: bytes | None = None
        if b"\\" in escaped or portion.endswith("\n"):
            # No break inside an escape sequence, nor before a final newline.
            prohibited = bytearray(len(escaped))
            position = escaped.find(b"\\")
            while position != -1:
                prohibited[position + 1] = _BREAK_PROHIBITED
                position = escaped.find(b"\\", position + 2)
            if portion.endswith("\n"):
                prohibited[len(escaped) - 2] = _BREAK_PROHIBITED
            overrides = bytes(prohibited)
        more_follow = number < len(portions) - 1
        while True:
            start = len(prefix) + (len(keyword) + 1 if first_line else 0) + 1 - after_break
            breaks = _linebreaks(escaped, line_width, start, overrides)
            if first_line and escaped and (more_follow or start > line_width or _BREAK_POSSIBLE in breaks):
                lines.append(f'{prefix}{keyword} ""')
                first_line = False
                continue
            break
        cuts = [0] + [match.start() for match in _POSSIBLE.finditer(breaks)] + [len(escaped)]
        head = f"{prefix}{keyword} " if first_line else prefix
        lines.append(f'{head}"{escaped[: cuts[1]].decode("utf-8")}"')
        lines.extend(f'{prefix}"{escaped[begin:end].decode("utf-8")}"' for begin, end in zip(cuts[1:], cuts[2:]))
        first_line = False
    return lines


def reference_lines(references: Sequence[str], width: int = PAGE_WIDTH) -> list[str]:
    """Give the ``#:`` lines gettext writes for *references*, as many to a line as fit.

    >>> reference_lines(["tei/essay.xml"])
    ['#: tei/essay.xml']
    """
    lines: list[str] = []
    line = "#:"
    for reference in references:
        if line != "#:" and len(line) + 1 + len(reference) > width:
            lines.append(line)
            line = "#:"
        line += " " + reference
    lines.append(line)
    return lines


class _Entry(polib.POEntry):  # type: ignore[misc]
    """polib's entry, with gettext's own layout of strings and references."""

    def __unicode__(self, wrapwidth: int = 0) -> str:
        text: str = super().__unicode__(0)
        if "# \n" in text:
            # An empty comment line: gettext writes "#", polib "# ".
            text = "\n".join("#" if line == "# " else line for line in text.split("\n"))
        if self.obsolete or not self.occurrences:
            return text
        references = [f"{path}:{line}" if line else path for path, line in self.occurrences]
        single = "#: " + " ".join(references)
        if len(single) <= PAGE_WIDTH or len(references) == 1:
            return text  # polib's one line is gettext's too
        lines = text.split("\n")
        at = lines.index(single)
        lines[at : at + 1] = reference_lines(references)
        return "\n".join(lines)

    def _str_field(
        self, fieldname: str, delflag: str, plural_index: str, field: str, wrapwidth: int = PAGE_WIDTH
    ) -> list[str]:
        if fieldname.startswith("previous_"):
            fieldname = fieldname[len("previous_") :]
        # gettext keeps an entry flagged no-wrap on as few lines as its newlines allow.
        width = _NO_WRAP_WIDTH if "no-wrap" in self.flags else PAGE_WIDTH
        return field_lines(delflag, fieldname + plural_index, field, width)


class _File(polib.POFile):  # type: ignore[misc]
    """polib's file, keeping header fields in their own order, and its header comment as
    gettext writes it (no comment line at all when there is none)."""

    def __unicode__(self) -> str:
        body: str = polib._BaseFile.__unicode__(self)
        if not self.header:
            return body
        lines = [
            "#" if not line else ("#" + line if line[:1] in ",:" else "# " + line)
            for line in self.header.split("\n")
        ]
        return "\n".join(lines) + "\n" + body

    def ordered_metadata(self) -> list[tuple[str, str]]:
        return list(self.metadata.items())

    def metadata_as_entry(self) -> polib.POEntry:
        entry = super().metadata_as_entry()
        return _Entry(
            msgid=entry.msgid, msgstr=entry.msgstr, flags=entry.flags, tcomment=entry.tcomment
        )


def _to_polib(entry: Entry) -> polib.POEntry:
    plural: dict[int, str] = {}
    if entry.source_plural is not None:
        plural = dict(enumerate(entry.plural_translations or ("", "")))
    return _Entry(
        msgid=entry.source,
        msgstr="" if entry.source_plural is not None else entry.translation,
        msgctxt=entry.context,
        msgid_plural=entry.source_plural,
        msgstr_plural=plural,
        flags=list(entry.flags),
        tcomment=entry.translator_comments,
        comment=entry.extracted_comments,
        occurrences=[(path, line or "") for path, line in entry.references],
        previous_msgctxt=entry.previous_context,
        previous_msgid=entry.previous_source,
        previous_msgid_plural=entry.previous_source_plural,
        obsolete=entry.obsolete,
    )


def _from_polib(entry: polib.POEntry) -> Entry:
    plural: tuple[str, ...] = ()
    if entry.msgid_plural:
        plural = tuple(entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural))
    return Entry(
        source=entry.msgid,
        translation=entry.msgstr,
        context=entry.msgctxt,
        source_plural=entry.msgid_plural or None,
        plural_translations=plural,
        flags=tuple(entry.flags),
        translator_comments=entry.tcomment or "",
        extracted_comments=entry.comment or "",
        references=tuple((path, str(line) if line else None) for path, line in entry.occurrences),
        previous_context=entry.previous_msgctxt,
        previous_source=entry.previous_msgid,
        previous_source_plural=entry.previous_msgid_plural,
        obsolete=bool(entry.obsolete),
        line=entry.linenum,
    )


def catalogue_text(catalogue: Catalogue) -> str:
    """Give *catalogue* as the text of a PO file, laid out as GNU gettext lays it out."""
    pofile = _File(wrapwidth=0)
    pofile.header = catalogue.header_comment
    pofile.metadata = dict(catalogue.metadata)
    pofile.metadata_is_fuzzy = catalogue.header_fuzzy
    for entry in catalogue.entries:
        pofile.append(_to_polib(entry))
    text = str(pofile)
    return text if text.endswith("\n") else text + "\n"


def _syntax_line(message: str) -> int | None:
    match = _POLIB_LINE.search(message)
    return int(match.group(1)) if match else None


def parse_catalogue(text: str, path: str | Path | None = None) -> Catalogue:
    """Give the catalogue that PO *text* holds; an InputError names the place of any fault."""
    label = str(path) if path is not None else "<catalogue>"
    if text.strip() and not _looks_like_po(text):
        raise InputError(
            "not a PO file: no msgid line found (a gettext catalogue has 'msgid \"...\"' lines)",
            path=label,
            line=1,
        )
    unterminated = _unterminated_string(text)
    if unterminated is not None:
        raise InputError(
            "not a valid PO file: a string is not closed with '\"' before the end of the line",
            path=label,
            line=unterminated,
        )
    try:
        pofile = polib.pofile(text, encoding="utf-8", wrapwidth=0, klass=_File)
    except (OSError, ValueError) as error:
        raise InputError(
            f"not a valid PO file: {_polib_reason(str(error))}", path=label, line=_syntax_line(str(error))
        ) from None
    charset = _declared_charset(pofile.metadata.get("Content-Type", ""))
    if charset and charset.upper() not in {"UTF-8", "UTF8", "CHARSET"}:
        raise InputError(
            f"the catalogue declares charset {charset}; the toolkit reads UTF-8 catalogues only "
            f"(convert it with: msgconv --to-code=UTF-8 {label})",
            path=label,
            line=_header_line(text),
        )
    entries = tuple(_from_polib(entry) for entry in pofile)
    _refuse_duplicates(entries, label)
    return Catalogue(
        entries=entries,
        metadata=tuple(pofile.metadata.items()),
        header_comment=pofile.header or "",
        header_fuzzy=bool(pofile.metadata_is_fuzzy),
        path=str(path) if path is not None else None,
    )


_STRING_LINE = re.compile(r'^(?:#~\|?\s*|#\|\s*)?(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?(".*)$')


def _unterminated_string(text: str) -> int | None:
    """Give the number of the first line whose quoted string is not closed, or None.

    polib reads such a line as if it were closed, dropping a character; msgfmt refuses it.
    """
    for number, line in enumerate(text.split("\n"), 1):
        line = line.strip()
        if not line or (line.startswith("#") and not line.startswith(("#~", "#|"))):
            continue
        if line.endswith('"'):
            # Closed, unless the quote is escaped or is the string's opening one.
            if line.endswith('\\"') or line == '"' or line.endswith(' "'):
                string = line[line.index('"') :]
                backslashes = len(string[:-1]) - len(string[:-1].rstrip("\\"))
                if len(string) < 2 or backslashes % 2:
                    return number
            continue
        if _STRING_LINE.match(line):
            return number
    return None


def _looks_like_po(text: str) -> bool:
    for line in text.splitlines():
        stripped = line.lstrip()
        if stripped.startswith(("msgid", "#~ msgid", "#~msgid")):
            return True
    return False


def _polib_reason(message: str) -> str:
    reason = message.split("):", 1)[1].strip() if "):" in message else "syntax error"
    return reason or "syntax error"


def _declared_charset(content_type: str) -> str:
    _, _, charset = content_type.partition("charset=")
    return charset.strip().split(";")[0].strip()


def _header_line(text: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if "charset=" in line:
            return number
    return 1


def _refuse_duplicates(entries: Sequence[Entry], label: str) -> None:
    seen: dict[tuple[str | None, str, bool], Entry] = {}
    for entry in entries:
        key = (entry.context, entry.source, entry.obsolete)
        if key in seen and not entry.obsolete:
            first = seen[key]
            what = f"context {entry.context!r}" if entry.context is not None else f"msgid {entry.source[:40]!r}"
            raise InputError(
                f"duplicate entry for {what} (first at line {first.line}); msgfmt would refuse this file",
                path=label,
                line=entry.line,
            )
        seen.setdefault(key, entry)


def read_catalogue(path: str | Path) -> Catalogue:
    """Read the PO or POT file at *path*: UTF-8 text, with faults reported by file and line."""
    data = read_bytes(path)
    text = decode_utf8(data, path)
    return parse_catalogue(text, path)


def write_catalogue(path: str | Path, catalogue: Catalogue) -> bool:
    """Write *catalogue* to *path* atomically; give False (and leave the file alone) if unchanged."""
    data = catalogue_text(catalogue).encode("utf-8")
    target = Path(path)
    if target.exists() and target.read_bytes() == data:
        return False
    write_atomic(target, data)
    return True
