#!/usr/bin/env python3
"""Make paragraph-alignment gold sets from two parallel texts with shared IDs.

A gold set is a folder of four files, the format of the UDHR gold sets in
``../shared/data/parallel/udhr-gold``:

* ``src.txt``, ``tgt.txt``: one paragraph per line (UTF-8);
* ``gold.txt``: the gold beads, one per line, in the vecalign/Bleualign
  format ``[src idx, ...]:[tgt idx, ...]`` (0-based line numbers, ``[]`` on
  one side for a 1-0 or 0-1 link);
* ``meta.json``: the original unit IDs of every line, the bead-type counts,
  the perturbations applied, what was left out and why, and the inputs'
  SHA-256.

Two kinds of input:

``udhr``
    two files of the UDHR in XML project (``udhr_<code>.xml``, any language,
    either direction).  Units are the ``para`` of the preamble and the
    ``para`` and ``listitem`` of each article, in order (article titles and
    notes are left out).  Unit IDs: ``pre.N`` and ``aN.M`` (M counts the
    ``para`` and ``listitem`` of article N, in order).  Units correspond by ID
    where both texts have as many units in the preamble or the article; where
    the counts differ, or where a unit's length is far from what its
    counterpart's predicts (``--length-factor``: a translation that
    restructured a passage without changing the count), or where told so
    (``--mismatched pre``: a restructuring of short units that only reading
    shows), the whole preamble or article is a mismatched region.  By default mismatched regions are left
    out of both texts (``--drop-mismatched``), so the gold is exact 1-1;
    with ``--no-drop-mismatched`` each region is one n-m bead.

``essay``
    two editions read with the toolkit's own reader
    (:func:`toolkit.editionfile.read_edition`), e.g. the project's
    ``tei/revolution-betrayed.xml`` and a translation built from its
    catalogue.  Units are the blocks that are not titles or headings, paired
    by block ID; a block without a counterpart is left out (with
    ``--tgt-lang``, target blocks in another language count as untranslated
    and are left out too, with their source blocks).

Two conditions:

``clean``
    the texts as they are.
``perturbed``
    a careless edition, from a seeded random generator: up to
    ``--tgt-merges`` merges of adjacent target paragraphs (2-1 beads), up to
    ``--src-merges`` merges of adjacent source paragraphs (1-2), then
    ``--deletions`` target paragraphs of 1-1 links deleted (1-0), then ``--insertions`` of
    the translation's own headings (UDHR: article titles; essay: section
    headings) put back before the paragraph they head (0-1), where that
    paragraph starts a bead (never inside a 1-2 link, which would split it).  A merge is
    tried at a random place and skipped where a side is already merged, hence
    "up to".  The gold is the connected components of the ID correspondence,
    so overlapping merges give 2-2 or 3-2 beads.

Only the standard library and lxml are needed (the ``essay`` input also
imports the toolkit from this repository).  Examples::

    python benchmarks/make_align_gold.py udhr udhr_eng.xml udhr_arb.xml -o gold
    python benchmarks/make_align_gold.py udhr udhr_fra.xml udhr_rus.xml -o gold \\
        --seed 1 --seed 2
    python benchmarks/make_align_gold.py udhr udhr_eng.xml udhr_rus.xml -o gold \\
        --no-drop-mismatched --conditions clean
    python benchmarks/make_align_gold.py essay tei/revolution-betrayed.xml \\
        editions/revolution-betrayed-es.xml -o gold --src-name en --tgt-name es
    python benchmarks/make_align_gold.py summary gold > gold/README.md

Each set goes to ``OUT/<prefix><src>-<tgt>_clean`` or
``OUT/<prefix><src>-<tgt>_perturbed_seed<N>``; the names default to the UDHR
file's key (``eng``, ``cmn_hans``) or the edition's language, the prefix to
nothing.  The perturbed condition's generator is seeded with the string
``<src>-<tgt>:<seed>`` (``--plain-seed``: the seed alone), so that every pair
gets its own edits and the same command gives the same files.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

REPO = Path(__file__).resolve().parent.parent

# Defaults of the perturbed condition: those of the shared UDHR gold sets.
TGT_MERGES = 6
SRC_MERGES = 6
DELETIONS = 3
INSERTIONS = 3
# A unit pair whose length ratio, against the whole text's, is off by more
# than this factor marks its preamble or article as restructured.
LENGTH_FACTOR = 2.5
# Units shorter than this (in characters, on the longer side, after scaling)
# are too short for the length check to mean anything.
LENGTH_MIN_CHARS = 40

MINIMUM_ARTICLES = 30


@dataclass(frozen=True)
class Unit:
    """One paragraph: its ID, its text (whitespace normalised) and its group.

    The group is where the unit belongs for the purpose of pairing: ``pre``
    or ``aN`` for the UDHR, the block's section for the essay.
    """

    id: str
    text: str
    group: str


@dataclass(frozen=True)
class Insertable:
    """A heading of the target text that a careless edition could carry.

    *anchor* is the ID of the unit it heads: it goes right before it.
    """

    id: str
    text: str
    anchor: str


@dataclass
class Text:
    """One side of a pair: its units in order and the headings it could insert."""

    name: str
    path: Path
    units: list[Unit]
    insertables: list[Insertable] = field(default_factory=list)


@dataclass(frozen=True)
class Region:
    """A preamble or article left out of the 1-1 correspondence, and why."""

    group: str
    reason: str
    src_ids: tuple[str, ...]
    tgt_ids: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        """Give the region as it is written in ``meta.json``."""
        return {
            "group": self.group,
            "reason": self.reason,
            "n_src": len(self.src_ids),
            "n_tgt": len(self.tgt_ids),
            "src_ids": list(self.src_ids),
            "tgt_ids": list(self.tgt_ids),
        }


@dataclass
class Pairing:
    """The two texts made ready for a gold set.

    *keys* maps every kept unit ID to the correspondence keys it carries: a
    source and a target unit correspond when they share a key.
    """

    src: list[Unit]
    tgt: list[Unit]
    keys_src: dict[str, frozenset[str]]
    keys_tgt: dict[str, frozenset[str]]
    insertables: list[Insertable]
    mismatched: list[Region]
    dropped: list[dict[str, Any]]
    notes: dict[str, Any]


# A line of src.txt or tgt.txt: the units it is made of (one, or several
# merged); an inserted heading is a line of one Insertable.
Line = list[Unit | Insertable]


# ---------------------------------------------------------------------------
# Reading


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _normalise(text: str) -> str:
    return " ".join(text.split())


def read_udhr(path: Path, name: str | None = None) -> Text:
    """Read a UDHR in XML file: its units and its article titles.

    Any namespace is accepted (the project's files have used three).
    """
    root = etree.parse(str(path)).getroot()
    key = name or root.get("key") or path.stem.removeprefix("udhr_")
    units: list[Unit] = []
    insertables: list[Insertable] = []
    articles = 0
    for part in root:
        kind = _local(part)
        if kind == "preamble":
            group, prefix = "pre", "pre."
        elif kind == "article":
            number = part.get("number") or str(articles + 1)
            group, prefix = f"a{number}", f"a{number}."
        else:
            continue
        found = _units_of(part, group, prefix)
        if kind == "article":
            articles += 1 if found else 0
            title = next((c for c in part if _local(c) == "title"), None)
            title_text = _normalise("".join(title.itertext())) if title is not None else ""
            if found and title_text:
                insertables.append(Insertable(f"title.{group}", title_text, found[0].id))
        units.extend(found)
    if articles < MINIMUM_ARTICLES:
        print(
            f"warning: {path.name}: only {articles} articles with text "
            f"(a stub?): the missing ones are mismatched regions",
            file=sys.stderr,
        )
    return Text(key, path, units, insertables)


def _units_of(part: etree._Element, group: str, prefix: str) -> list[Unit]:
    """Give the units of a preamble or article: its para and listitem, in order.

    A para inside a listitem belongs to the listitem; notes are left out; an
    empty unit is left out but keeps its number, so IDs stay comparable.
    """
    units: list[Unit] = []
    number = 0
    for element in part.iter():
        kind = _local(element)
        if kind not in ("para", "listitem"):
            continue
        ancestors = {_local(a) for a in element.iterancestors()}
        if "note" in ancestors or (kind == "para" and "listitem" in ancestors):
            continue
        if kind == "listitem" and "listitem" in ancestors:
            continue  # a nested list is part of its item's text
        number += 1
        text = _normalise("".join(element.itertext()))
        if text:
            units.append(Unit(f"{prefix}{number}", text, group))
    return units


def read_essay(path: Path, name: str | None, lang: str | None) -> Text:
    """Read an edition with the toolkit's reader: paragraphs as units, headings as insertables.

    With *lang*, blocks whose language is another are left out (an
    untranslated block of a partial translation).
    """
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from toolkit.editionfile import read_edition  # imported only for this kind of input

    document = read_edition(path)
    units: list[Unit] = []
    insertables: list[Insertable] = []
    pending: list[tuple[str, str]] = []
    for block in document.blocks:
        if block.id is None or not block.text:
            continue
        if lang is not None and (block.lang or document.metadata.language) != lang:
            pending = []
            continue
        if block.kind.is_heading:
            pending.append((block.id, block.text))
            continue
        units.append(Unit(block.id, block.text, block.section or ""))
        for heading_id, heading_text in pending:
            insertables.append(Insertable(f"title.{heading_id}", heading_text, block.id))
        pending = []
    key = name or lang or document.metadata.language or path.stem
    return Text(key, path, units, insertables)


# ---------------------------------------------------------------------------
# Pairing


def pair_udhr(
    src: Text,
    tgt: Text,
    *,
    drop_mismatched: bool,
    length_factor: float,
    forced: Iterable[str] = (),
) -> Pairing:
    """Pair two UDHR texts by preamble and article, and find the mismatched regions.

    *forced* names groups (``pre``, ``a12``) to treat as mismatched whatever
    the checks say: a restructuring found by reading that neither the counts
    nor the lengths show (short units moved by one place).
    """
    forced = set(forced)
    groups: list[str] = []
    by_group_src: dict[str, list[Unit]] = {}
    by_group_tgt: dict[str, list[Unit]] = {}
    for text, by_group in ((src, by_group_src), (tgt, by_group_tgt)):
        for unit in text.units:
            if unit.group not in by_group:
                by_group[unit.group] = []
                if unit.group not in groups:
                    groups.append(unit.group)
            by_group[unit.group].append(unit)
    groups.sort(key=_group_order)

    equal = [g for g in groups if len(by_group_src.get(g, [])) == len(by_group_tgt.get(g, []))]
    ratio = _length_ratio(by_group_src, by_group_tgt, equal)

    mismatched: list[Region] = []
    length_flags: list[dict[str, Any]] = []
    for group in groups:
        s_units = by_group_src.get(group, [])
        t_units = by_group_tgt.get(group, [])
        reason = ""
        if len(s_units) != len(t_units):
            reason = "count"
        elif group in forced:
            reason = "manual"
        elif length_factor > 0:
            for s, t in zip(s_units, t_units):
                q = _length_deviation(s.text, t.text, ratio)
                if q is not None and max(q, 1 / q) > length_factor:
                    reason = "length"
                    length_flags.append(
                        {"src": s.id, "tgt": t.id, "deviation": round(max(q, 1 / q), 2)}
                    )
        if reason:
            mismatched.append(
                Region(group, reason, tuple(u.id for u in s_units), tuple(u.id for u in t_units))
            )

    bad = {region.group for region in mismatched}
    keys_src: dict[str, frozenset[str]] = {}
    keys_tgt: dict[str, frozenset[str]] = {}
    kept_src: list[Unit] = []
    kept_tgt: list[Unit] = []
    for units, keys, kept in ((src.units, keys_src, kept_src), (tgt.units, keys_tgt, kept_tgt)):
        for unit in units:
            if unit.group in bad:
                if drop_mismatched:
                    continue
                keys[unit.id] = frozenset({f"region:{unit.group}"})
            else:
                keys[unit.id] = frozenset({unit.id})
            kept.append(unit)

    kept_tgt_ids = {u.id for u in kept_tgt}
    insertables = [i for i in tgt.insertables if i.anchor in kept_tgt_ids]
    dropped = [r.as_json() for r in mismatched] if drop_mismatched else []
    notes = {
        "length_ratio": round(ratio, 4),
        "length_factor": length_factor,
        "length_flags": length_flags,
    }
    return Pairing(
        kept_src, kept_tgt, keys_src, keys_tgt, insertables, mismatched, dropped, notes
    )


def _group_order(group: str) -> tuple[int, int]:
    if group == "pre":
        return (0, 0)
    if group.startswith("a") and group[1:].isdigit():
        return (1, int(group[1:]))
    return (2, 0)


def _length_ratio(
    by_src: dict[str, list[Unit]], by_tgt: dict[str, list[Unit]], groups: Iterable[str]
) -> float:
    """Give the target's length over the source's, on the groups with equal counts."""
    s = sum(len(u.text) for g in groups for u in by_src.get(g, []))
    t = sum(len(u.text) for g in groups for u in by_tgt.get(g, []))
    return t / s if s and t else 1.0


def _length_deviation(src_text: str, tgt_text: str, ratio: float) -> float | None:
    """Give how far the target's length is from what the source's predicts, or None if too short."""
    expected = len(src_text) * ratio
    if max(expected, len(tgt_text)) < LENGTH_MIN_CHARS:
        return None
    return max(len(tgt_text), 1) / max(expected, 1.0)


def pair_by_id(src: Text, tgt: Text) -> Pairing:
    """Pair two editions block by block, by ID; blocks without a counterpart are left out."""
    src_ids = {u.id for u in src.units}
    tgt_ids = {u.id for u in tgt.units}
    common = src_ids & tgt_ids
    kept_src = [u for u in src.units if u.id in common]
    kept_tgt = [u for u in tgt.units if u.id in common]
    order = {u.id: i for i, u in enumerate(kept_src)}
    if [order[u.id] for u in kept_tgt] != sorted(order[u.id] for u in kept_tgt):
        raise SystemExit("the two editions have their blocks in different orders")
    dropped: list[dict[str, Any]] = []
    for side, text, others in (("src", src, tgt_ids), ("tgt", tgt, src_ids)):
        missing = [u.id for u in text.units if u.id not in others]
        if missing:
            dropped.append(
                {"side": side, "reason": "no counterpart", "n": len(missing), "ids": missing}
            )
    keys_src = {u.id: frozenset({u.id}) for u in kept_src}
    keys_tgt = {u.id: frozenset({u.id}) for u in kept_tgt}
    insertables = [i for i in tgt.insertables if i.anchor in common]
    return Pairing(kept_src, kept_tgt, keys_src, keys_tgt, insertables, [], dropped, {})


# ---------------------------------------------------------------------------
# Perturbing


@dataclass
class Perturbation:
    """What a careless edition did to the texts."""

    tgt_merges: int = 0
    src_merges: int = 0
    tgt_deleted: list[str] = field(default_factory=list)
    tgt_inserted: list[str] = field(default_factory=list)


def perturb(
    pairing: Pairing,
    rng: random.Random,
    *,
    tgt_merges: int,
    src_merges: int,
    deletions: int,
    insertions: int,
) -> tuple[list[Line], list[Line], Perturbation]:
    """Make the careless edition: merges, then deletions, then inserted headings.

    Merges come first so that every gold bead stays a run of adjacent lines:
    a merge only ever joins two paragraphs that were neighbours in the text.
    """
    src_lines: list[Line] = [[u] for u in pairing.src]
    tgt_lines: list[Line] = [[u] for u in pairing.tgt]
    done = Perturbation()
    done.tgt_merges = _merge(tgt_lines, rng, tgt_merges, set())
    # The same two paragraphs merged on both sides would make an easy 1-1 line pair.
    merged_in_tgt = {frozenset(u.id for u in line) for line in tgt_lines if len(line) > 1}
    done.src_merges = _merge(src_lines, rng, src_merges, merged_in_tgt)

    # Deleted: target paragraphs in a 1-1 link, so that each leaves a 1-0 bead
    # (a paragraph merged on the source side would only shrink a 2-1 link).
    singles = [t[0] for s, t in gold_beads(src_lines, tgt_lines, pairing) if len(s) == len(t) == 1]
    for i in sorted(rng.sample(singles, min(deletions, len(singles))), reverse=True):
        done.tgt_deleted.append(tgt_lines[i][0].id)
        del tgt_lines[i]
    done.tgt_deleted.reverse()

    # A heading goes before the line that starts with the paragraph it heads,
    # and only where that line starts a bead: put inside a 1-2 or 2-2 link it
    # would split the link's target side in two.
    bead_starts = {t[0] for _, t in gold_beads(src_lines, tgt_lines, pairing) if t}
    starts = {line[0].id: i for i, line in enumerate(tgt_lines) if i in bead_starts}
    candidates = [ins for ins in pairing.insertables if ins.anchor in starts]
    chosen = rng.sample(candidates, min(insertions, len(candidates)))
    for ins in sorted(chosen, key=lambda c: starts[c.anchor], reverse=True):
        tgt_lines.insert(starts[ins.anchor], [ins])
    done.tgt_inserted = [ins.id for ins in chosen]
    return src_lines, tgt_lines, done


def _merge(
    lines: list[Line], rng: random.Random, tries: int, avoid: set[frozenset[str]]
) -> int:
    """Try *tries* merges of two adjacent single-paragraph lines; give how many were made.

    A try that falls on a line already merged, or on a pair in *avoid*, is lost.
    """
    made = 0
    for _ in range(tries):
        if len(lines) < 2:
            break
        i = rng.randrange(len(lines) - 1)
        pair = frozenset((lines[i][0].id, lines[i + 1][0].id))
        if len(lines[i]) == 1 and len(lines[i + 1]) == 1 and pair not in avoid:
            lines[i : i + 2] = [lines[i] + lines[i + 1]]
            made += 1
    return made


# ---------------------------------------------------------------------------
# Gold


def gold_beads(
    src_lines: Sequence[Line], tgt_lines: Sequence[Line], pairing: Pairing
) -> list[tuple[list[int], list[int]]]:
    """Give the gold beads: connected components of the ID correspondence, in text order."""
    parent = list(range(len(src_lines) + len(tgt_lines)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    owner: dict[str, int] = {}
    for side, lines, keys, offset in (
        ("s", src_lines, pairing.keys_src, 0),
        ("t", tgt_lines, pairing.keys_tgt, len(src_lines)),
    ):
        for i, line in enumerate(lines):
            for item in line:
                for key in keys.get(item.id, frozenset()) if isinstance(item, Unit) else ():
                    node = offset + i
                    if key in owner:
                        parent[find(node)] = find(owner[key])
                    else:
                        owner[key] = node

    components: dict[int, tuple[list[int], list[int]]] = {}
    for i in range(len(src_lines)):
        components.setdefault(find(i), ([], []))[0].append(i)
    for j in range(len(tgt_lines)):
        components.setdefault(find(len(src_lines) + j), ([], []))[1].append(j)

    beads: list[tuple[list[int], list[int]]] = []
    by_src = {i: comp for comp in components.values() for i in comp[0]}
    by_tgt = {j: comp for comp in components.values() for j in comp[1]}
    i = j = 0
    while i < len(src_lines) or j < len(tgt_lines):
        if i < len(src_lines) and not by_src[i][1]:
            beads.append(by_src[i])
            i += 1
        elif j < len(tgt_lines) and not by_tgt[j][0]:
            beads.append(by_tgt[j])
            j += 1
        else:
            if i >= len(src_lines) or j >= len(tgt_lines) or by_src[i] is not by_tgt[j]:
                raise AssertionError(f"gold is not monotone at src {i}, tgt {j}")
            s_side, t_side = by_src[i]
            if s_side != list(range(i, i + len(s_side))) or t_side != list(
                range(j, j + len(t_side))
            ):
                raise AssertionError(f"gold bead is not contiguous at src {i}, tgt {j}")
            beads.append(by_src[i])
            i += len(s_side)
            j += len(t_side)
    return beads


def bead_types(beads: Iterable[tuple[list[int], list[int]]]) -> dict[str, int]:
    """Count the beads by type (``1-1``, ``2-1``, ...), most frequent first."""
    counts = Counter(f"{len(s)}-{len(t)}" for s, t in beads)
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def format_bead(bead: tuple[list[int], list[int]]) -> str:
    """Write a bead as ``[0, 1]:[0]``."""
    return f"{bead[0]}:{bead[1]}"


# ---------------------------------------------------------------------------
# Writing


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _line_text(line: Line) -> str:
    return " ".join(item.text for item in line)


def write_set(
    folder: Path,
    src: Text,
    tgt: Text,
    pairing: Pairing,
    src_lines: Sequence[Line],
    tgt_lines: Sequence[Line],
    *,
    condition: str,
    kind: str,
    seed: int | None,
    perturbation: Perturbation | None,
    options: dict[str, Any],
) -> dict[str, Any]:
    """Write one gold set; give its meta data."""
    beads = gold_beads(src_lines, tgt_lines, pairing)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "src.txt").write_text(
        "".join(_line_text(line) + "\n" for line in src_lines), encoding="utf-8"
    )
    (folder / "tgt.txt").write_text(
        "".join(_line_text(line) + "\n" for line in tgt_lines), encoding="utf-8"
    )
    (folder / "gold.txt").write_text(
        "".join(format_bead(b) + "\n" for b in beads), encoding="utf-8"
    )
    meta: dict[str, Any] = {"lang": tgt.name, "cond": condition}
    if perturbation is not None:
        meta.update(
            tgt_merges=perturbation.tgt_merges,
            src_merges=perturbation.src_merges,
            tgt_deleted=perturbation.tgt_deleted,
            tgt_inserted=perturbation.tgt_inserted,
        )
    meta.update(
        bead_types=bead_types(beads),
        n_src=len(src_lines),
        n_tgt=len(tgt_lines),
        src_ids=[[item.id for item in line] for line in src_lines],
        tgt_ids=[[item.id for item in line] for line in tgt_lines],
        src_lang=src.name,
        tgt_lang=tgt.name,
        kind=kind,
        seed=seed,
        inputs={
            "src": {"file": src.path.name, "sha256": _sha256(src.path)},
            "tgt": {"file": tgt.path.name, "sha256": _sha256(tgt.path)},
        },
        units_before_pairing={"src": len(src.units), "tgt": len(tgt.units)},
        mismatched_regions=[r.as_json() for r in pairing.mismatched],
        dropped=pairing.dropped,
        options=options,
        **pairing.notes,
        generator="benchmarks/make_align_gold.py",
    )
    (folder / "meta.json").write_text(
        json.dumps(meta, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return meta


def make_sets(
    src: Text,
    tgt: Text,
    pairing: Pairing,
    out: Path,
    *,
    kind: str,
    conditions: Sequence[str],
    seeds: Sequence[int],
    args: argparse.Namespace,
    options: dict[str, Any],
) -> list[Path]:
    """Write the clean set and one perturbed set per seed; give their folders."""
    stem = f"{src.name}-{tgt.name}"
    written: list[Path] = []
    if "clean" in conditions:
        folder = out / f"{args.prefix}{stem}_clean"
        write_set(
            folder,
            src,
            tgt,
            pairing,
            [[u] for u in pairing.src],
            [[u] for u in pairing.tgt],
            condition="clean",
            kind=kind,
            seed=None,
            perturbation=None,
            options=options,
        )
        written.append(folder)
    if "perturbed" in conditions:
        for seed in seeds:
            rng = random.Random(seed) if args.plain_seed else random.Random(f"{stem}:{seed}")
            src_lines, tgt_lines, done = perturb(
                pairing,
                rng,
                tgt_merges=args.tgt_merges,
                src_merges=args.src_merges,
                deletions=args.deletions,
                insertions=args.insertions,
            )
            folder = out / f"{args.prefix}{stem}_perturbed_seed{seed}"
            write_set(
                folder,
                src,
                tgt,
                pairing,
                src_lines,
                tgt_lines,
                condition="perturbed",
                kind=kind,
                seed=seed,
                perturbation=done,
                options=options,
            )
            written.append(folder)
    return written


# ---------------------------------------------------------------------------
# Summary


def summary(folder: Path) -> str:
    """Give a Markdown table of the gold sets in *folder*."""
    rows = [
        "| set | pair | condition | seed | n_src | n_tgt | bead types | left out |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for meta_path in sorted(folder.glob("*/meta.json")):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        types = ", ".join(f"{n}×{t}" for t, n in meta["bead_types"].items())
        left_out = "; ".join(
            f"{d['group']} {d['n_src']}/{d['n_tgt']} ({d['reason']})"
            if "group" in d
            else f"{d['side']} {d['n']} ({d['reason']})"
            for d in meta.get("dropped", [])
        )
        pair = f"{meta.get('src_lang', '?')}→{meta.get('tgt_lang', meta['lang'])}"
        seed = meta.get("seed")
        rows.append(
            f"| {meta_path.parent.name} | {pair} | {meta['cond']} | "
            f"{'' if seed is None else seed} | {meta['n_src']} | {meta['n_tgt']} | "
            f"{types} | {left_out} |"
        )
    return "\n".join(rows) + "\n"


# ---------------------------------------------------------------------------
# Command line


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("src", type=Path, help="source text")
    parser.add_argument("tgt", type=Path, help="target text")
    parser.add_argument("-o", "--out", type=Path, required=True, help="folder for the sets")
    parser.add_argument("--src-name", help="name of the source in folder names")
    parser.add_argument("--tgt-name", help="name of the target in folder names")
    parser.add_argument(
        "--prefix", default="", help="prefix of the folder names (e.g. essay_)"
    )
    parser.add_argument(
        "--conditions",
        default="clean,perturbed",
        help="comma-separated: clean, perturbed (default: both)",
    )
    parser.add_argument(
        "--seed",
        type=int,
        action="append",
        help="seed of a perturbed set; repeat for several (default: 1)",
    )
    parser.add_argument(
        "--plain-seed",
        action="store_true",
        help="seed the generator with the seed alone (default: the seed and the "
        "pair's name, so that two pairs with the same seed get different edits)",
    )
    parser.add_argument(
        "--tgt-merges", type=int, default=TGT_MERGES, metavar="N",
        help=f"merges of adjacent target paragraphs tried (default {TGT_MERGES})",
    )
    parser.add_argument(
        "--src-merges", type=int, default=SRC_MERGES, metavar="N",
        help=f"merges of adjacent source paragraphs tried (default {SRC_MERGES})",
    )
    parser.add_argument(
        "--deletions", type=int, default=DELETIONS, metavar="N",
        help=f"target paragraphs deleted (default {DELETIONS})",
    )
    parser.add_argument(
        "--insertions", type=int, default=INSERTIONS, metavar="N",
        help=f"target headings inserted (default {INSERTIONS})",
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="See the module docstring (python -m pydoc) for the format and the rules.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    udhr = commands.add_parser("udhr", help="two UDHR in XML files")
    _add_common(udhr)
    udhr.add_argument(
        "--drop-mismatched",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="leave mismatched preambles/articles out of both texts (default); "
        "with --no-drop-mismatched each is one n-m bead",
    )
    udhr.add_argument(
        "--length-factor",
        type=float,
        default=LENGTH_FACTOR,
        help="mark a preamble/article as mismatched where a unit pair's length "
        f"ratio is off by more than this factor (default {LENGTH_FACTOR}; 0: off)",
    )
    udhr.add_argument(
        "--mismatched",
        action="append",
        default=[],
        metavar="GROUP",
        help="treat this preamble or article (pre, a12) as mismatched whatever the "
        "counts and lengths say: for a restructuring found by reading; repeatable",
    )

    essay = commands.add_parser("essay", help="two editions with shared block IDs")
    _add_common(essay)
    essay.add_argument(
        "--tgt-lang",
        help="keep only target blocks in this language (a partial translation)",
    )
    essay.add_argument(
        "--no-insertions-from-headings",
        action="store_true",
        help="do not insert the target's headings in the perturbed condition",
    )

    summarise = commands.add_parser("summary", help="Markdown table of the sets in a folder")
    summarise.add_argument("folder", type=Path)

    args = parser.parse_args(argv)
    if args.command == "summary":
        sys.stdout.write(summary(args.folder))
        return 0

    conditions = [c.strip() for c in args.conditions.split(",") if c.strip()]
    unknown = set(conditions) - {"clean", "perturbed"}
    if unknown:
        parser.error(f"unknown condition(s): {', '.join(sorted(unknown))}")
    seeds = args.seed or [1]
    options: dict[str, Any] = {
        "tgt_merges": args.tgt_merges,
        "src_merges": args.src_merges,
        "deletions": args.deletions,
        "insertions": args.insertions,
        "rng_seed": "seed" if args.plain_seed else "'<src>-<tgt>:<seed>' (string)",
    }

    if args.command == "udhr":
        src = read_udhr(args.src, args.src_name)
        tgt = read_udhr(args.tgt, args.tgt_name)
        pairing = pair_udhr(
            src,
            tgt,
            drop_mismatched=args.drop_mismatched,
            length_factor=args.length_factor,
            forced=args.mismatched,
        )
        options.update(
            drop_mismatched=args.drop_mismatched,
            length_factor=args.length_factor,
            forced_mismatched=args.mismatched,
        )
    else:
        src = read_essay(args.src, args.src_name, None)
        tgt = read_essay(args.tgt, args.tgt_name, args.tgt_lang)
        pairing = pair_by_id(src, tgt)
        if args.no_insertions_from_headings:
            pairing.insertables = []
        options.update(tgt_lang_filter=args.tgt_lang)

    written = make_sets(
        src,
        tgt,
        pairing,
        args.out,
        kind=args.command,
        conditions=conditions,
        seeds=seeds,
        args=args,
        options=options,
    )
    for folder in written:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        types = ", ".join(f"{n}×{t}" for t, n in meta["bead_types"].items())
        print(f"{folder}: {meta['n_src']}/{meta['n_tgt']} lines; {types}")
    for region in pairing.mismatched:
        action = "left out" if args.command == "udhr" and args.drop_mismatched else "one bead"
        print(
            f"  mismatched {region.group} ({region.reason}): "
            f"{len(region.src_ids)} vs {len(region.tgt_ids)} units, {action}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
