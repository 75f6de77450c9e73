"""Write a comparison of editions for people (text, like ``git diff --word-diff``) and for
scripts (JSON): one function per format."""

from __future__ import annotations

import json
from typing import Any

from .diff import BlockDiff, EditionDiff

_LABELS = {
    "changed": "changed",
    "moved": "moved",
    "split": "split",
    "merged": "merged",
    "added": "added",
    "deleted": "deleted",
    "same": "same",
}


def _names(names: tuple[str, ...]) -> str:
    return " + ".join(names) if names else "-"


def _heading(entry: BlockDiff) -> str:
    where = entry.section_b or entry.section_a
    section = f"  (section {where})" if where else ""
    return f"@@ {_LABELS[entry.op]}: {_names(entry.a)} -> {_names(entry.b)}{section} @@"


def diff_text(diff: EditionDiff, color: bool = False, all_blocks: bool = False) -> str:
    """Give *diff* as text: a summary, then each block that differs (every block with
    *all_blocks*) headed by what became of it, its names in the first and second
    edition (ID, or position where the edition has no IDs) and its section, its words marked ``[-deleted-]`` and
    ``{+inserted+}`` (in red and green instead with *color*)."""
    summary = ", ".join(f"{count} {op}" for op, count in diff.summary().items())
    lines = [f"{diff.witnesses[0]} -> {diff.witnesses[1]}: {summary}"]
    for entry in diff.blocks:
        if entry.op == "same" and not all_blocks:
            continue
        lines.append("")
        lines.append(_style(_heading(entry), "cyan", color))
        parts: list[str] = []
        for piece in entry.pieces:
            if piece.op == "equal":
                parts.append(piece.text)
            elif piece.op == "delete":
                parts.append(_style(piece.text, "red", color) if color else f"[-{piece.text}-]")
            else:
                parts.append(_style(piece.text, "green", color) if color else f"{{+{piece.text}+}}")
        lines.append("".join(parts))
    return "\n".join(lines) + "\n"


_COLOURS = {"red": "\x1b[31m", "green": "\x1b[32m", "cyan": "\x1b[36m"}


def _style(text: str, colour: str, color: bool) -> str:
    return f"{_COLOURS[colour]}{text}\x1b[0m" if color else text


def diff_data(diff: EditionDiff) -> dict[str, Any]:
    """Give *diff* as plain data (the JSON format documented in the README)."""
    return {
        "witnesses": list(diff.witnesses),
        "blocks": [
            {
                "op": entry.op,
                "a": list(entry.a),
                "b": list(entry.b),
                "changes": [{"op": change.op, "a": change.a, "b": change.b} for change in entry.changes],
            }
            for entry in diff.blocks
        ],
        "summary": diff.summary(),
    }


def diff_json(diff: EditionDiff) -> str:
    """Give *diff* as JSON text, keys in a fixed order, ending with a newline."""
    return json.dumps(diff_data(diff), ensure_ascii=False, indent=2) + "\n"
