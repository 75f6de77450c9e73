"""HTML pages, from Jinja2 templates with autoescaping: the only module that uses Jinja2.

Every text that reaches a page (from a TEI file, a catalogue, a file name) is
escaped by the template engine, so that no text can inject markup or script.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from .diff import BlockDiff, EditionDiff
from .languages import bcp47, direction
from .site import Anchors, Part

_ENVIRONMENT = Environment(
    loader=PackageLoader("toolkit", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)

_OP_WORDS = {
    "same": "unchanged",
    "changed": "changed",
    "moved": "moved",
    "split": "split",
    "merged": "merged",
    "added": "added",
    "deleted": "deleted",
}


def prerender(parts: Sequence[Part]) -> list[Part]:
    """Give *parts* with their content rendered as page markup (escaped by the engine), so
    that a block shown on several pages is rendered once."""
    inline = _ENVIRONMENT.get_template("site/macros.html.j2").module.inline  # type: ignore[attr-defined]
    return [replace(part, html=inline(part.content)) for part in parts]


def site_page(kind: str, **context: Any) -> str:
    """Give a page of the bilingual site: *kind* is ``index``, ``reading``, ``bilingual`` or
    ``compare``; *context* holds the :mod:`toolkit.site` and :mod:`toolkit.publish` data it shows."""
    return _ENVIRONMENT.get_template(f"site/{kind}.html.j2").render(page_kind=kind, **context)


def render(template: str, **context: Any) -> str:
    """Give the page made from *template* with *context*, every value escaped."""
    return _ENVIRONMENT.get_template(template).render(**context)


@dataclass(frozen=True)
class _Row:
    anchor: str
    entry: BlockDiff
    label: str
    moved_from: str | None = None
    marker_for: str | None = None
    langs: tuple[str, str] = ("und", "und")
    dirs: tuple[str, str] = ("ltr", "ltr")


# The page's own IDs, which no row may take.
_PAGE_IDS = frozenset({"summary-title", "changes-title", "editions-title"})


def _row_anchor(entry: BlockDiff) -> str:
    """The anchor a row wants: its block's ID; a position (a block of an edition without
    IDs) gets its edition's letter."""
    side, name = ("b", entry.b[0]) if entry.b else ("a", entry.a[0])
    return f"{side}-{name}" if name.isdigit() else name


def diff_html(
    diff: EditionDiff,
    languages: tuple[str, str] = ("und", "und"),
    title: str = "",
    block_languages: tuple[Mapping[str, str], Mapping[str, str]] = ({}, {}),
) -> str:
    """Give *diff* as a standalone HTML page: a summary, the list of changed blocks, then the
    two editions side by side, one row per entry, changes marked with del and ins.

    *languages* are the languages of the two editions; *block_languages* the language of
    each block that differs from its edition's (by the names the diff gives blocks), so
    that a block left in another language is marked as such. Each cell gets ``lang`` and
    ``dir`` in BCP 47.
    """
    anchor = Anchors(_PAGE_IDS)
    anchors = [anchor(_row_anchor(entry)) for entry in diff.blocks]

    def language(side: int, names: tuple[str, ...]) -> str:
        found = block_languages[side].get(names[0]) if names else None
        return bcp47(found or languages[side])

    # Where each block of the first edition now stands on the page: its row, or, for a
    # moved block, the marker left where it stood.
    place_of_a: dict[str, str] = {}
    rows: list[_Row] = []
    for entry, row_anchor in zip(diff.blocks, anchors):
        label = f"{_OP_WORDS[entry.op]}: {' + '.join(entry.a) or '–'} → {' + '.join(entry.b) or '–'}"
        moved_from = anchor(f"from-{row_anchor}") if entry.op == "moved" else None
        langs = (language(0, entry.a), language(1, entry.b))
        rows.append(_Row(row_anchor, entry, label, moved_from, langs=langs,
                         dirs=(direction(langs[0]), direction(langs[1]))))
        for name in entry.a:
            place_of_a[name] = moved_from or row_anchor
    followers: dict[str, list[_Row]] = {}
    for row in rows:
        if row.moved_from is not None:
            marker = _Row(row.moved_from, row.entry, row.label, marker_for=row.anchor)
            after = place_of_a.get(row.entry.after_a, "") if row.entry.after_a else ""
            followers.setdefault(after, []).append(marker)
    ordered: list[_Row] = []

    def emit(row: _Row) -> None:
        ordered.append(row)
        for follower in followers.get(row.anchor, []):
            emit(follower)

    for marker in followers.get("", []):
        emit(marker)
    for row in rows:
        emit(row)
    changed = [row for row in rows if row.entry.op != "same"]
    return render(
        "diff.html.j2",
        title=title or f"{diff.witnesses[0]} → {diff.witnesses[1]}",
        witnesses=diff.witnesses,
        languages=languages,
        summary=diff.summary(),
        words=_OP_WORDS,
        rows=ordered,
        changed=changed,
    )
