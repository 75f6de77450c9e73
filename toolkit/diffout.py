"""Write a comparison of editions for people (text, like ``git diff --word-diff``) and for
scripts (JSON): one function per format."""

from __future__ import annotations

import json
from typing import Any

from .collate import Collation
from .diff import BlockDiff, EditionDiff


def _names(names: tuple[str, ...]) -> str:
    return " + ".join(names) if names else "-"


def _heading(entry: BlockDiff) -> str:
    where = entry.section_b or entry.section_a
    section = f"  (section {where})" if where else ""
    return f"@@ {entry.op}: {_names(entry.a)} -> {_names(entry.b)}{section} @@"


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


def _grouped(witnesses: tuple[str, ...], readings: tuple[str, ...]) -> list[tuple[str, list[str]]]:
    """The distinct readings of a variant location with the witnesses that read each, base first."""
    groups: dict[str, list[str]] = {}
    for witness, reading in zip(witnesses, readings):
        groups.setdefault(reading, []).append(witness)
    return list(groups.items())


def collation_text(collation: Collation, color: bool = False, all_blocks: bool = False) -> str:
    """Give *collation* as text: per witness a summary, then each block that varies (every
    block with *all_blocks*) headed by each witness's blocks and what became of them, its
    variant locations written ``[A, C: 1920 | B: 1921]``."""
    lines = [f"{' / '.join(collation.witnesses)} (base {collation.witnesses[0]})"]
    for witness, counts in collation.summary().items():
        lines.append(f"  {witness}: " + ", ".join(f"{count} {op}" for op, count in counts.items()))
    for block in collation.blocks:
        if not block.varies and not all_blocks:
            continue
        parts = []
        for index, (witness, names) in enumerate(zip(collation.witnesses, block.names)):
            described = " + ".join(names) if names else "-"
            op = f" ({block.ops[index - 1]})" if index and block.ops[index - 1] not in ("same", "-") else ""
            parts.append(f"{witness} {described}{op}")
        lines.append("")
        lines.append(_style("@@ " + " | ".join(parts) + " @@", "cyan", color))
        text: list[str] = []
        for segment in block.segments:
            if not segment.varies:
                text.append(segment.readings[0])
                continue
            shown = " | ".join(
                f"{', '.join(witnesses)}: {reading or '(nothing)'}"
                for reading, witnesses in _grouped(collation.witnesses, segment.readings)
            )
            text.append(_style(f"[{shown}]", "red", color))
        lines.append("".join(text))
    return "\n".join(lines) + "\n"


def collation_data(collation: Collation) -> dict[str, Any]:
    """Give *collation* as plain data (the JSON format for three or more editions)."""
    blocks = []
    for block in collation.blocks:
        segments: list[dict[str, Any]] = []
        for segment in block.segments:
            if segment.varies:
                segments.append({"readings": dict(zip(collation.witnesses, segment.readings))})
            else:
                segments.append({"text": segment.readings[0]})
        blocks.append(
            {
                "names": {witness: list(names) for witness, names in zip(collation.witnesses, block.names)},
                "ops": dict(zip(collation.witnesses[1:], block.ops)),
                "segments": segments,
            }
        )
    return {"witnesses": list(collation.witnesses), "blocks": blocks, "summary": collation.summary()}


def collation_json(collation: Collation) -> str:
    """Give *collation* as JSON text, ending with a newline."""
    return json.dumps(collation_data(collation), ensure_ascii=False, indent=2) + "\n"
