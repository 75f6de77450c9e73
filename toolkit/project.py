"""A project's settings (``toolkit.toml``): where its TEI, catalogues and editions live.

The file is looked for in the current folder and its parents, so that the bare
commands work anywhere inside the repository::

    [catalogues]
    source = "tei/revolution-betrayed.xml"   # the TEI the catalogues are extracted from
    domain = "revolution-betrayed"           # locale/<lang>/LC_MESSAGES/<domain>.po
    locale = "locale"
    editions = "editions"                    # where built translations go
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import StructureError
from .fileio import read_text

CONFIG_NAME = "toolkit.toml"
_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*$")


@dataclass(frozen=True)
class Project:
    """Where a project's files are, all paths absolute."""

    root: Path
    source: Path
    domain: str
    locale: Path
    editions: Path
    bugs_address: str = ""

    @property
    def pot_path(self) -> Path:
        """The catalogue template: ``locale/<domain>.pot``."""
        return self.locale / f"{self.domain}.pot"

    def po_path(self, language: str) -> Path:
        """The catalogue of *language*: ``locale/<lang>/LC_MESSAGES/<domain>.po``."""
        return self.locale / language / "LC_MESSAGES" / f"{self.domain}.po"

    def edition_path(self, language: str) -> Path:
        """Where the built edition in *language* goes: ``editions/<domain>-<lang>.xml``."""
        return self.editions / f"{self.domain}-{language}.xml"

    def languages(self) -> list[str]:
        """The languages that have a catalogue, sorted."""
        if not self.locale.is_dir():
            return []
        return sorted(
            folder.name
            for folder in self.locale.iterdir()
            if folder.is_dir() and (folder / "LC_MESSAGES" / f"{self.domain}.po").is_file()
        )

    def relative(self, path: Path) -> str:
        """Give *path* relative to the project root where it lies inside, in POSIX form."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


def is_language_code(code: str) -> bool:
    """Whether *code* looks like a gettext language code (``es``, ``pt_BR``, ``sr-Latn``).

    >>> is_language_code("pt_BR"), is_language_code("../x")
    (True, False)
    """
    return bool(_LANGUAGE.match(code))


def find_project(start: Path | None = None) -> Project | None:
    """Give the project whose ``toolkit.toml`` is in *start* (default: here) or above, or None."""
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        config = candidate / CONFIG_NAME
        if config.is_file():
            return load_project(config)
    return None


def load_project(config: Path) -> Project:
    """Read the project settings in *config*."""
    import tomllib  # only when there is a project file to read

    try:
        data = tomllib.loads(read_text(config))
    except tomllib.TOMLDecodeError as error:
        raise StructureError(f"not valid TOML: {error}", config) from None
    table = data.get("catalogues", {})
    if not isinstance(table, dict):
        raise StructureError("[catalogues] must be a table", config)
    root = config.resolve().parent
    values: dict[str, str] = {}
    for key, default in (
        ("source", ""), ("domain", ""), ("locale", "locale"), ("editions", "editions"), ("bugs", "")
    ):
        value = table.get(key, default)
        if not isinstance(value, str):
            raise StructureError(f"[catalogues] {key} must be a string", config)
        values[key] = value
    if not values["source"]:
        raise StructureError("[catalogues] needs source = \"path/to/the.tei.xml\"", config)
    domain = values["domain"] or Path(values["source"]).stem
    if not re.fullmatch(r"[\w.-]+", domain):
        raise StructureError(f"[catalogues] domain {domain!r} must be a plain file name", config)
    return Project(
        root=root,
        source=root / values["source"],
        domain=domain,
        locale=root / values["locale"],
        editions=root / values["editions"],
        bugs_address=values["bugs"],
    )
