"""Reading input files with clear errors, and writing output files atomically."""

from __future__ import annotations

import os
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


def decode_utf8(data: bytes, path: str | Path | None) -> str:
    """Give *data* decoded as UTF-8 (a leading BOM is dropped).

    Raises :class:`InputError` at the line and column of the first byte that
    is not UTF-8, so that the user can find it.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        raise InputError(
            f"not UTF-8: byte 0x{data[error.start]:02x} cannot be decoded "
            "(convert the file to UTF-8, e.g. with iconv)",
            path,
            line,
            column,
        ) from None


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
