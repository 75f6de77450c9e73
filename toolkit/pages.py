"""HTML pages, from Jinja2 templates with autoescaping: the only module that uses Jinja2.

Every text that reaches a page (from a TEI file, a catalogue, a file name) is
escaped by the template engine, so that no text can inject markup or script.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from .diff import BlockDiff, EditionDiff

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


def _anchors(diff: EditionDiff) -> list[str]:
    """One anchor per entry, from the block's name, the same across runs; positions (names of
    blocks of editions without IDs) get the edition's letter, and a clash a number."""
    anchors: list[str] = []
    taken: set[str] = set()
    for entry in diff.blocks:
        side, name = ("b", entry.b[0]) if entry.b else ("a", entry.a[0])
        anchor = f"{side}-{name}" if name.isdigit() else name
        candidate, number = anchor, 1
        while candidate in taken:
            number += 1
            candidate = f"{anchor}-{number}"
        taken.add(candidate)
        anchors.append(candidate)
    return anchors


def diff_html(diff: EditionDiff, languages: tuple[str, str] = ("und", "und"), title: str = "") -> str:
    """Give *diff* as a standalone HTML page: a summary, the list of changed blocks, then the
    two editions side by side, one row per entry, changes marked with del and ins.

    *languages* are the BCP 47 languages of the two editions, set on their cells.
    """
    anchors = _anchors(diff)
    row_of_a_name = {name: anchor for entry, anchor in zip(diff.blocks, anchors) for name in entry.a}
    rows: list[_Row] = []
    markers: dict[str, list[_Row]] = {}
    for entry, anchor in zip(diff.blocks, anchors):
        label = f"{_OP_WORDS[entry.op]}: {' + '.join(entry.a) or '–'} → {' + '.join(entry.b) or '–'}"
        moved_from = None
        if entry.op == "moved":
            # Where the block stood in the first edition: a marker row there links to it.
            moved_from = f"from-{anchor}"
            marker = _Row(moved_from, entry, label, marker_for=anchor)
            after = row_of_a_name.get(entry.after_a) if entry.after_a else None
            markers.setdefault(after or "", []).append(marker)
        rows.append(_Row(anchor, entry, label, moved_from))
    ordered: list[_Row] = list(markers.get("", []))
    for row in rows:
        ordered.append(row)
        ordered.extend(markers.get(row.anchor, []))
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
