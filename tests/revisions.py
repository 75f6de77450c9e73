"""Make revised editions of the essay by known edits, and know what IDs each block must get.

Shared by the unit tests and the property tests of ID carry-over.  A revision
is built from the essay's plain text, chunk by chunk (a chunk is what stands
between blank lines), so that it goes through ``encode`` as a user's revised
text would.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from toolkit.model import BlockKind, Document

_SENTENCE_BREAK = re.compile(r"(?<=[.?!])\s+(?=[A-Z\"])")
_SYLLABLES = ("ka", "lo", "mi", "dru", "sen", "vo", "tar", "quel", "bri", "os", "ne", "zu", "pha", "rim")


def made_up_word(rng: random.Random) -> str:
    """A word that is in no text: new text that resembles nothing before it."""
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))


@dataclass
class Entry:
    """A block of the revised edition and what its ID must be.

    ``expect`` is one of: ("keep", id), ("split", id), ("merge", id1, id2), ("new",).
    """

    text: str
    kind: BlockKind
    expect: tuple[str, ...]
    label: str | None = None


@dataclass
class Revision:
    """A revised edition as chunks of entries, and what happened."""

    chunks: list[list[Entry]]
    deleted: list[str] = field(default_factory=list)
    operations: list[str] = field(default_factory=list)

    def text(self) -> str:
        out: list[str] = []
        for chunk in self.chunks:
            if chunk[0].expect == ("break",):
                out.append("")  # two blank lines: a section break without a heading
                continue
            lines = [f"{e.label} {e.text}" if e.label else e.text for e in chunk]
            out.append("\n".join(lines))
        return "\n\n".join(out).replace("\n\n\n\n", "\n\n\n") + "\n"


def chunks_of(document: Document) -> list[list[Entry]]:
    """The essay's blocks grouped as the plain text groups them (a list is one chunk)."""
    chunks: list[list[Entry]] = []
    previous = None
    unheaded = {s.blocks[0].id for s in document.sections()[1:] if s.heading is None}
    for block in document.blocks:
        if block.id in unheaded:
            chunks.append([Entry("", BlockKind.OTHER, ("break",))])
        entry = Entry(block.text, block.kind, ("keep", str(block.id)), block.label)
        if (
            previous is not None
            and previous.kind is BlockKind.ITEM
            and block.kind is BlockKind.ITEM
        ):
            chunks[-1].append(entry)
        else:
            chunks.append([entry])
        previous = block
    return chunks


def replace_words(text: str, count: int, rng: random.Random) -> str:
    """Replace *count* words of *text*, but never more than a third of them (the
    heaviest edit the ID policy promises to follow), by made-up ones, keeping
    punctuation and the first word."""
    tokens = text.split(" ")
    count = min(count, len(tokens) // 3)
    candidates = [k for k, token in enumerate(tokens) if k > 0 and re.fullmatch(r"[a-z]+", token)]
    for k in rng.sample(candidates, min(count, len(candidates))):
        tokens[k] = made_up_word(rng)
    return " ".join(tokens)


def sentences(text: str) -> list[str]:
    return _SENTENCE_BREAK.split(text)


def new_paragraph(rng: random.Random) -> str:
    words = [made_up_word(rng) for _ in range(rng.randint(8, 40))]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


OPERATIONS = ("edit", "heavy-edit", "move", "split", "merge", "delete", "insert")


def revise(document: Document, plan: list[str | None], rng: random.Random) -> Revision:
    """Apply *plan* (an operation or None for each paragraph of *document*, in order).

    Each paragraph is touched by at most one operation: a merge joins a
    paragraph with the next chunk when that is an untouched paragraph; a
    split cuts at a sentence boundary; moved paragraphs go far away.
    """
    chunks = chunks_of(document)
    plans = iter(plan)
    out: list[list[Entry]] = []
    moves: list[list[Entry]] = []
    revision = Revision(out)
    skip_next = False
    for position, chunk in enumerate(chunks):
        if skip_next:
            skip_next = False
            continue
        entry = chunk[0]
        if entry.kind is not BlockKind.PARAGRAPH:
            out.append(chunk)
            continue
        operation = next(plans, None)
        identifier = entry.expect[1]
        following = chunks[position + 1] if position + 1 < len(chunks) else None
        if operation == "split" and len(sentences(entry.text)) < 2:
            operation = None
        if operation == "merge" and (following is None or following[0].kind is not BlockKind.PARAGRAPH):
            operation = None
        if operation is None:
            out.append(chunk)
            continue
        revision.operations.append(f"{operation} {identifier}")
        if operation == "edit":
            entry.text = replace_words(entry.text, rng.randint(1, 3), rng)
            out.append(chunk)
        elif operation == "heavy-edit":
            entry.text = replace_words(entry.text, len(entry.text.split()) // 3, rng)
            out.append(chunk)
        elif operation == "move":
            moves.append(chunk)
        elif operation == "split":
            parts = sentences(entry.text)
            cut = rng.randint(1, len(parts) - 1)
            for piece in (parts[:cut], parts[cut:]):
                out.append([Entry(" ".join(piece), BlockKind.PARAGRAPH, ("split", identifier))])
        elif operation == "merge":
            assert following is not None
            other = following[0]
            next(plans, None)  # the paragraph merged in takes no operation of its own
            out.append([Entry(f"{entry.text} {other.text}", BlockKind.PARAGRAPH,
                              ("merge", identifier, other.expect[1]))])
            skip_next = True
        elif operation == "delete":
            revision.deleted.append(identifier)
        elif operation == "insert":
            out.append([Entry(new_paragraph(rng), BlockKind.PARAGRAPH, ("new",))])
            out.append(chunk)
    for moved in moves:
        targets = [k for k, c in enumerate(out) if c[0].kind is BlockKind.PARAGRAPH]
        out.insert(rng.choice(targets), moved)
    return revision
