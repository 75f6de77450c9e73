"""Reading input files with clear errors, and writing output files atomically."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from toolkit.errors import InputError, OutputError


def read_bytes(path: str | Path) -> bytes:
    """Give the bytes of *path*, or raise :class:`InputError` naming it."""
    path = Path(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a file", path) from None
    except PermissionError:
        raise InputError("permission denied", path) from None
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror}", path) from None


def decode_utf8(
    data: bytes,
    path: str | Path | None,
    advice: str = "convert the file to UTF-8, e.g. with iconv",
) -> str:
    """Give *data* decoded as UTF-8 (a leading BOM is dropped).

    Raises :class:`InputError` at the line and column of the first byte that
    is not UTF-8, so that the user can find it; *advice* says what to do.
    """
    return decode(data, "utf-8-sig", path, f"not UTF-8: {{byte}} cannot be decoded ({advice})")


def decode(data: bytes, encoding: str, path: str | Path | None, message: str) -> str:
    """Give *data* decoded from *encoding*, or raise :class:`InputError` at the
    line and column of the first byte that cannot be decoded.

    *message* is the error's message, ``{byte}`` in it standing for the byte
    ("byte 0x81").
    """
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        byte = f"byte 0x{data[error.start]:02x}"
        raise InputError(message.format(byte=byte), path, line, column) from None


# Characters XML 1.0 cannot hold, so that no edition can carry them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def refuse_control_characters(text: str, path: str | Path | None) -> None:
    """Raise :class:`InputError` at the line and column of the first character
    of *text* that XML cannot hold (a control character), if there is one."""
    bad = _NOT_XML.search(text)
    if bad is not None:
        before = text[: bad.start()]
        raise InputError(
            f"control character U+{ord(bad.group()):04X} is not allowed in a text "
            "(XML cannot hold it): remove it",
            path,
            before.count("\n") + 1,
            bad.start() - (before.rfind("\n") + 1) + 1,
        )


def read_text(path: str | Path) -> str:
    """Give the text of the UTF-8 file *path*."""
    return decode_utf8(read_bytes(path), path)


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write *data* to *path* so that readers see the old file or the new one, never half.

    The data goes to a temporary file in the same folder, which then replaces
    *path*; an existing file's permissions are kept.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    except OSError as error:
        raise OutputError(f"cannot write: {error.strerror}", path) from None
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except FileNotFoundError:
        raise OutputError(f"cannot write: folder {folder} does not exist", path) from None
    except OSError as error:
        raise OutputError(f"cannot write: {error.strerror}", path) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except OSError as error:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise OutputError(f"cannot write: {error.strerror}", path) from None
