"""ID carry-over at novel scale, scored against a revision with known edits nobody here made.

``../shared/data/variants/frankenstein-synthetic``: the 1818 *Frankenstein* as
861 blocks, and a revision with 5 paragraphs moved far, 5 split, 5 merged,
3 deleted, 3 inserted and 30 one-word edits, with the gold record of each.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict

from conftest import shared_file
from toolkit.ids import carry_over_ids
from toolkit.model import Block, BlockKind, Container, Document, Metadata, with_sections

KINDS = {"p": BlockKind.PARAGRAPH, "ab": BlockKind.PARAGRAPH, "head": BlockKind.HEADING,
         "l": BlockKind.VERSE}


def edition(rows: list[dict[str, object]], tags: list[str], with_ids: bool) -> Document:
    blocks = tuple(
        Block(kind=KINDS.get(tag, BlockKind.OTHER), content=(str(row["text"]),),
              id=f"P{row['n']:03d}" if with_ids else None, lang="en")
        for row, tag in zip(rows, tags)
    )
    body = with_sections((Container("div", blocks, id="f-s001" if with_ids else None),))
    return Document(metadata=Metadata(language="en"), body=body)


def test_carry_over_matches_the_gold_record() -> None:
    folder = shared_file("variants", "frankenstein-synthetic")
    original = [json.loads(line) for line in (folder / "f1818.jsonl").open(encoding="utf-8")]
    revised = [json.loads(line) for line in (folder / "fsynth.jsonl").open(encoding="utf-8")]
    gold = json.loads((folder / "synthetic_gold.json").read_text(encoding="utf-8"))
    tag_of = {f"P{row['n']:03d}": row.get("tag", "p") for row in original}
    revised_tags = [tag_of[m["from"][0]] if m["from"] else "p" for m in gold["map"]]
    previous = edition(original, [row.get("tag", "p") for row in original], True)
    result, report, _ = carry_over_ids(previous, edition(revised, revised_tags, False), "x")

    ids = [block.id for block in result.blocks]
    outcome: Counter[tuple[str, bool]] = Counter()
    parts: dict[str, list[str]] = defaultdict(list)
    for row in gold["map"]:
        got, kind, sources = ids[row["n"]], row["kind"], row["from"]
        if kind == "split":
            parts[sources[0]].append(str(got))
            continue
        if kind in ("same", "edited", "moved"):
            right = got == sources[0]
        elif kind == "merge":
            right = got in sources
        else:  # inserted
            right = got is not None and got.startswith("x-")
        outcome[kind, right] += 1
    for source, pieces in parts.items():
        outcome["split", pieces.count(source) == 1 and len(pieces) == 2] += 1

    assert not [key for key in outcome if not key[1]], outcome
    assert outcome["same", True] == 808 and outcome["edited", True] == 30
    assert outcome["moved", True] == 5 and outcome["split", True] == 5
    assert outcome["merge", True] == 5 and outcome["inserted", True] == 3
    assert sorted(report.moved) == sorted(m["id"] for m in gold["gold"]["moves"])
    deleted = {d["id"] for d in gold["gold"]["deletions"]}
    merged_away = {i for group, kept in report.merged for i in group if i != kept}
    assert set(report.retired) == deleted | merged_away
    assert len(report.split) == 5 and len(report.merged) == 5 and len(report.new) == 3
