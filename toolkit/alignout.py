"""Write an alignment for scripts (JSON) and for a person to review (an HTML page): one
function per format.

JSON names the blocks of each edition by ID, or by 0-based position where the
edition has none (as ``toolkit text --ids`` lists them); the review page shows
the beads side by side, those below the confidence threshold first.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from .bitext import BlockTranslation, EditionAlignment
from .languages import bcp47, direction

# Figures are rounded to this many decimals, so that the same alignment always gives the same text.
DIGITS = 4


def shown(confidence: float) -> str:
    """Give a confidence as the page prints it: two decimals, rounded down, so that a bead
    below the threshold never reads as reaching it.

    >>> shown(0.9864), shown(1.0), shown(0.5)
    ('0.98', '1.00', '0.50')
    """
    return f"{math.floor(round(confidence * 100, 6)) / 100:.2f}"


def _number(value: float) -> float:
    return round(value, DIGITS) + 0.0  # + 0.0: never "-0.0"


def alignment_data(alignment: EditionAlignment, source_name: str, target_name: str) -> dict[str, Any]:
    """Give *alignment* as plain data (the JSON format documented in the README)."""
    source, target = alignment.source_names, alignment.target_names
    return {
        "source": source_name,
        "target": target_name,
        "beads": [
            {
                "source": [source[i] for i in bead.source],
                "target": [target[j] for j in bead.target],
                "confidence": _number(bead.confidence),
                "shape": bead.shape,
                "cost": _number(bead.cost),
            }
            for bead in alignment.beads
        ],
        "summary": alignment.summary(),
        "threshold": _number(alignment.threshold),
        "below_threshold": len(alignment.low),
        "confidence": _number(alignment.confidence),
        "corresponds": alignment.corresponds,
        "problems": list(alignment.problems),
    }


def alignment_json(alignment: EditionAlignment, source_name: str, target_name: str) -> str:
    """Give *alignment* as JSON text: keys in a fixed order, one bead to a line, ending with a
    newline. *source_name* and *target_name* are how the two files are named."""
    data = alignment_data(alignment, source_name, target_name)
    lines = ["{"]
    keys = list(data)
    for number, key in enumerate(keys):
        comma = "," if number < len(keys) - 1 else ""
        value = data[key]
        if key == "beads" and value:
            beads = ",\n".join("    " + json.dumps(bead, ensure_ascii=False) for bead in value)
            lines.append(f'  "beads": [\n{beads}\n  ]{comma}')
        else:
            lines.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


# The review page ==============================================================================


@dataclass(frozen=True)
class Text:
    """One block as a review page shows it: its name, text, language and direction."""

    name: str
    text: str
    lang: str
    dir: str


@dataclass(frozen=True)
class BeadRow:
    """One bead on the review page."""

    anchor: str
    number: int
    shape: str
    confidence: float
    percent: int
    low: bool
    source: tuple[Text, ...]
    target: tuple[Text, ...]
    notes: tuple[str, ...]


# The page's own IDs, which no bead may take.
_PAGE_IDS = frozenset({"summary-title", "check-title", "others-title"})


def _bead_notes(alignment: EditionAlignment, items: list[BlockTranslation]) -> tuple[str, ...]:
    """What the outputs make of a bead, in words, for the reviewer."""
    if not items:
        return ("The translation adds this paragraph: the catalogue keeps it in a comment, the TEI edition "
                "as a note, after the block it follows.",)
    names = [alignment.source_names[item.index] for item in items]
    share = items[0].share
    if share == "none":
        return ("The translation has no counterpart for this block: it stays untranslated.",)
    if share == "joined":
        return (f"{len(items[0].bead.target)} paragraphs of the translation for one block: joined.",)
    if share == "split":
        return (f"One text of the translation for {' and '.join(names)}: cut between sentences.",)
    if share in ("first", "rest"):
        return (f"One text of the translation for {' and '.join(names)}, which could not be cut between "
                f"sentences: all of it goes to {names[0]}.",)
    return ()


def review_rows(alignment: EditionAlignment, source_language: str, target_language: str) -> list[BeadRow]:
    """Give the beads of *alignment* as rows of the review page, in text order, each with
    the text of both sides in its language (BCP 47) and direction."""
    from .site import Anchors

    anchors = Anchors(_PAGE_IDS)
    source_default, target_default = bcp47(source_language), bcp47(target_language)
    by_bead: dict[int, list[BlockTranslation]] = {}
    positions = {id(bead): number for number, bead in enumerate(alignment.beads)}
    for item in alignment.translations:
        by_bead.setdefault(positions[id(item.bead)], []).append(item)

    def side(blocks: tuple[int, ...], names: tuple[str, ...], target: bool) -> tuple[Text, ...]:
        found = []
        for index in blocks:
            block = (alignment.target_blocks if target else alignment.source_blocks)[index]
            if target:
                # The translation's blocks are in its language unless they say otherwise.
                lang = bcp47(block.lang) if block.lang and block.lang != alignment.target.metadata.language \
                    else target_default
            else:
                lang = bcp47(block.lang) if block.lang else source_default
            found.append(Text(names[index], block.labelled_text, lang, direction(lang)))
        return tuple(found)

    rows = []
    for number, bead in enumerate(alignment.beads):
        first = alignment.source_names[bead.source[0]] if bead.source else ""
        wanted = first if first and not first.isdigit() else f"bead-{number + 1}"
        rows.append(
            BeadRow(
                anchor=anchors(wanted),
                number=number + 1,
                shape=bead.shape,
                confidence=_number(bead.confidence),
                percent=int(round(bead.confidence * 100)),
                low=alignment.is_low(bead),
                source=side(bead.source, alignment.source_names, False),
                target=side(bead.target, alignment.target_names, True),
                notes=_bead_notes(alignment, by_bead.get(number, [])),
            )
        )
    return rows


def alignment_html(
    alignment: EditionAlignment,
    source_name: str,
    target_name: str,
    source_language: str = "und",
    target_language: str = "und",
) -> str:
    """Give *alignment* as a standalone review page: a summary, the beads below the
    confidence threshold (least sure first), then all the others in the order of the text,
    each bead's two sides side by side with its shape and confidence. Every text is escaped."""
    from .pages import render

    rows = review_rows(alignment, source_language, target_language)
    low = sorted((row for row in rows if row.low), key=lambda row: (row.confidence, row.number))
    return render(
        "align.html.j2",
        title=f"Alignment to review: {source_name} → {target_name}",
        names=(source_name, target_name),
        languages=(bcp47(source_language), bcp47(target_language)),
        directions=(direction(source_language), direction(target_language)),
        summary=alignment.summary(),
        threshold=alignment.threshold,
        confidence=_number(alignment.confidence),
        percent=int(round(alignment.confidence * 100)),
        shown=shown,
        problems=alignment.problems,
        low=low,
        others=[row for row in rows if not row.low],
        counts=(len(alignment.source_blocks), len(alignment.target_blocks)),
    )
