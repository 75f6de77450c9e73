"""A short description of an edition, for people."""

from __future__ import annotations

from collections import Counter

from toolkit.model import BlockKind, Document, words


def describe(document: Document) -> list[str]:
    """Give lines describing *document*: what it is, its blocks and sections, its IDs."""
    metadata = document.metadata
    blocks = document.blocks
    kinds = Counter(block.kind for block in blocks)
    counts = ", ".join(
        f"{kinds[kind]} {kind.value}{'s' if kinds[kind] != 1 else ''}"
        for kind in BlockKind
        if kinds[kind]
    )
    word_count = sum(len(words(block.text)) for block in blocks)
    identified = sum(1 for block in blocks if block.id is not None)
    sections = document.sections()
    lines = [
        f"title:     {metadata.title}",
        f"author:    {metadata.author or 'unknown'}",
        f"language:  {metadata.language}",
        f"blocks:    {len(blocks)} ({counts})",
        f"words:     {word_count}",
        f"IDs:       {identified} of {len(blocks)} blocks identified; "
        f"{len(document.retired_ids)} retired",
        f"revisions: {len(document.revisions)}",
        f"sections:  {len(sections)}",
    ]
    for section in sections:
        label = section.id or "-"
        lines.append(f"  {label:10} {section.title} ({len(section.blocks)} blocks)")
    return lines
