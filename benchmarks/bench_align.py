#!/usr/bin/env python3
"""Benchmark ``toolkit align``: accuracy on gold sets, speed and growth, and bad input.

The claims to check (issue 6, points 4 to 6): strict F1 of at least 0.99 on
translations as published and 0.95 on careless editions (lax F1 0.99), exact
1-0 and 0-1 beads included; two editions of 100,000 words aligned in under a
second, the cost linear in the length; a translation that does not correspond
reported with low confidence rather than aligned confidently. This script

1. aligns the UDHR gold sets of ``../shared/data/parallel/udhr-gold`` (English
   against Spanish, German, Russian, French and Chinese, as published and as a
   careless edition) with :func:`toolkit.align.align_texts` and scores the beads
   as vecalign's ``score.py`` does (:mod:`toolkit.alignscore`): strict and lax
   precision, recall and F1, the exact 1-0 and 0-1 beads found, CPU time; and
   any other folders of sets in the same format given with ``--gold-dir``, with
   the mean and the lowest figures per condition;
2. times ``align_texts`` (CPU, best of several runs, each size in a fresh
   process so that its peak RSS is its own) on the essay
   (``tei/revolution-betrayed.xml``) against its Spanish translation
   (``editions/revolution-betrayed-es.xml``), 108 blocks and 10,430 words,
   repeated 1, 10 and 100 times (1,000 with ``--full``); and on a pair made of
   distinct texts, the essay followed by the UDHR (English and Spanish), as is
   and in copies whose letters are enciphered, each copy with its own cipher,
   so that no copy repeats another's vocabulary; it scores each against the
   known correspondence and times the command, ``toolkit align SOURCE.xml
   TRANSLATION.txt --to json``, on the essay repeated 10 times;
3. aligns the essay with texts that do not translate it (the Spanish UDHR, its
   own translation with the paragraphs shuffled, itself) and with an empty or a
   wrongly encoded file, and reports what the toolkit says: whether the texts
   correspond, the mean confidence, the problems, the command's exit status;
   and, each case's true beads being known, the wrong beads it is sure of.

Where ``../shared`` is absent it says so, skips what needs it and measures the
rest (exit status 0).  Everything happens in a temporary directory.  Run::

    python benchmarks/bench_align.py                 # accuracy, 1x 10x 100x, the command, bad input
    python benchmarks/bench_align.py --quick         # accuracy, 1x and 10x only (under a minute)
    python benchmarks/bench_align.py --full          # add 1000x (10 million words: minutes, GBs)
    python benchmarks/bench_align.py --gold-dir /tmp/align-dev/gold --json figures.json
"""

from __future__ import annotations

import argparse
import gc
import importlib.metadata
import json
import os
import random
import resource
import statistics
import string
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchrun import RSS_LAUNCHER, checkout, summary, toolkit_command  # noqa: E402

from toolkit import __version__  # noqa: E402
from toolkit.align import align_texts  # noqa: E402
from toolkit.alignscore import Counts, Pair, Scores, lone_beads, read_gold, score_beads  # noqa: E402
from toolkit.bitext import align_editions  # noqa: E402
from toolkit.editionfile import read_edition  # noqa: E402
from toolkit.fileio import read_text  # noqa: E402
from toolkit.model import Block, Container, Document, Metadata, Node, map_nodes, with_sections, words  # noqa: E402
from toolkit.plaintext import parse_plain_text, plain_text  # noqa: E402

SHARED_GOLD = REPO.parent / "shared" / "data" / "parallel" / "udhr-gold"
PAIRS = ("eng-spa", "eng-deu_1996", "eng-rus", "eng-fra", "eng-cmn_hans")
CONDITIONS = ("clean", "perturbed")
ESSAY = REPO / "tei" / "revolution-betrayed.xml"
ESSAY_ES = REPO / "editions" / "revolution-betrayed-es.xml"
# The UDHR set joined to the essay in the "distinct" series, and the unrelated text of part 3.
UDHR_SPA = SHARED_GOLD / "eng-spa_clean"

SERIES = ("repeated", "distinct")
QUICK_SCALES = (1, 10)
SCALES = (1, 10, 100)
FULL_SCALES = (1, 10, 100, 1000)
COMMAND_SCALE = 10


# --------------------------------------------------------------------------
# The texts
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Texts:
    """Two texts as lists of blocks, which blocks are headings (None: let the aligner
    guess), and the gold beads between them."""

    source: list[str]
    target: list[str]
    source_headings: list[bool] | None
    target_headings: list[bool] | None
    gold: list[Pair]


def read_lines(path: Path) -> list[str]:
    """The lines of a UTF-8 file with one paragraph a line (a final newline ends the last)."""
    text = read_text(path)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.rstrip("\r") for line in lines]


def read_set(folder: Path) -> Texts:
    """A gold set: ``src.txt``, ``tgt.txt`` and ``gold.txt``."""
    return Texts(read_lines(folder / "src.txt"), read_lines(folder / "tgt.txt"), None, None,
                 read_gold(folder / "gold.txt"))


def essay_documents() -> tuple[Document, Document]:
    """The essay and its Spanish translation, read afresh (the model caches blocks' texts)."""
    return read_edition(ESSAY), read_edition(ESSAY_ES)


def essay_texts() -> Texts:
    """The essay against its Spanish translation: block i translates block i (same IDs)."""
    source, target = essay_documents()
    if [b.id for b in source.blocks] != [b.id for b in target.blocks]:
        raise SystemExit(f"{ESSAY} and {ESSAY_ES} no longer share their block IDs: the benchmark needs them to")
    n = len(source.blocks)
    return Texts([b.text for b in source.blocks], [b.text for b in target.blocks],
                 [b.kind.is_heading for b in source.blocks], [b.kind.is_heading for b in target.blocks],
                 [((i,), (i,)) for i in range(n)])


def joined(first: Texts, second: Texts) -> Texts:
    """*first* followed by *second*, the gold of the second shifted."""
    n, m = len(first.source), len(first.target)

    def heads(flags: list[bool] | None, texts: list[str]) -> list[bool]:
        # Lines of a gold set are paragraphs and list items: none is a heading.
        return list(flags) if flags is not None else [False] * len(texts)

    return Texts(first.source + second.source, first.target + second.target,
                 heads(first.source_headings, first.source) + heads(second.source_headings, second.source),
                 heads(first.target_headings, first.target) + heads(second.target_headings, second.target),
                 first.gold + [(tuple(i + n for i in s), tuple(j + m for j in t)) for s, t in second.gold])


def cipher(copy: int, seed: int) -> dict[int, int]:
    """A substitution of the Latin letters, its own for each *copy* (lower to lower, upper to
    upper), the same for both languages: shared names and borrowed words stay shared."""
    letters = list(string.ascii_lowercase)
    random.Random(f"bench-align:{seed}:{copy}").shuffle(letters)
    table = {ord(a): ord(b) for a, b in zip(string.ascii_lowercase, letters)}
    table.update({ord(a.upper()): ord(b.upper()) for a, b in zip(string.ascii_lowercase, letters)})
    return table


def copies_of(base: Texts, copies: int, enciphered: bool, seed: int) -> Texts:
    """*base* *copies* times over; with *enciphered*, copy 2 and later with their letters
    enciphered: a longer text of the same make (lengths, numbers, punctuation, headings)
    whose copies share no vocabulary."""
    result = Texts([], [], [], [], [])
    for copy in range(1, copies + 1):
        part = base
        if enciphered and copy > 1:
            table = cipher(copy, seed)
            part = replace(base, source=[t.translate(table) for t in base.source],
                           target=[t.translate(table) for t in base.target])
        result = joined(result, part)
    return result


def series_texts(series: str, copies: int, seed: int) -> Texts:
    """The texts of one size of one series of part 2."""
    if series == "repeated":
        return copies_of(essay_texts(), copies, False, seed)
    return copies_of(joined(essay_texts(), read_set(UDHR_SPA)), copies, True, seed)


def word_count(texts: Sequence[str]) -> int:
    return sum(len(words(text)) for text in texts)


def repeated_document(document: Document, copies: int) -> Document:
    """*document* *copies* times over, each copy in a division of its own with all its
    structure (title page, divisions, lists), the IDs of copy 2 and later given a suffix
    (``-r2``...) so that they stay unique."""
    body: list[Node] = []
    nodes = document.front + document.body + document.back
    for copy in range(1, copies + 1):
        suffix = "" if copy == 1 else f"-r{copy}"

        def block(node: Block, suffix: str = suffix) -> Block:
            return node if node.id is None else replace(node, id=node.id + suffix)

        def container(node: Container, suffix: str = suffix) -> Container:
            return node if node.id is None else replace(node, id=node.id + suffix)

        body.append(Container("div", map_nodes(nodes, block, container), id=f"copy{copy}"))
    return Document(metadata=document.metadata, body=with_sections(tuple(body)))


# --------------------------------------------------------------------------
# Measuring
# --------------------------------------------------------------------------


def beads_of(alignment: Any) -> list[Pair]:
    return [(tuple(b.source), tuple(b.target)) for b in alignment.beads]


def shapes(beads: Sequence[Pair]) -> dict[str, int]:
    counts = Counter(f"{len(s)}-{len(t)}" for s, t in beads)
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def rss_mb() -> float:
    """This process's peak RSS so far, in MB."""
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB elsewhere
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 2**20


def time_alignment(texts: Texts, runs: int) -> tuple[list[float], list[float], Any]:
    """Align *texts* *runs* times; give the CPU and wall seconds of each run and the last alignment.

    The first run is the one a user's fresh process makes; later runs find the aligner's
    caches (of words' terms) warm.
    """
    cpu: list[float] = []
    wall: list[float] = []
    alignment = None
    for _ in range(runs):
        alignment = None
        gc.collect()
        gc.freeze()  # the benchmark's own objects out of the collector's sight
        start_cpu, start = time.process_time(), time.perf_counter()
        alignment = align_texts(texts.source, texts.target, texts.source_headings, texts.target_headings)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        gc.unfreeze()
    return cpu, wall, alignment


def accuracy(texts: Texts, test: list[Pair]) -> dict[str, Any]:
    """The scores of *test* against the gold of *texts*, and its 1-0 and 0-1 beads."""
    scores = score_beads(texts.gold, test)
    return {**scores.as_dict(), "lone": lone_beads(texts.gold, test)}


def score_folder(folder: Path, runs: int) -> dict[str, Any]:
    """Align one gold set and score it."""
    texts = read_set(folder)
    cpu, wall, alignment = time_alignment(texts, runs)
    test = beads_of(alignment)
    return {
        "set": folder.name,
        "folder": str(folder),
        "condition": condition_of(folder.name),
        "blocks": [len(texts.source), len(texts.target)],
        "gold_shapes": shapes(texts.gold),
        "shapes": shapes(test),
        **accuracy(texts, test),
        "confidence": round(alignment.confidence, 4),
        "cpu_s": round(min(cpu), 3),
        "wall_s": round(min(wall), 3),
        "counts": _counts(score_beads(texts.gold, test)),
    }


def _counts(scores: Scores) -> dict[str, list[int]]:
    """The counts behind the scores, so that sets can be summed as score.py sums files."""
    p, r = scores.precision_counts, scores.recall_counts
    return {"precision": [p.strict_tp, p.strict_fp, p.lax_tp, p.lax_fp],
            "recall": [r.strict_tp, r.strict_fp, r.lax_tp, r.lax_fp]}


def condition_of(name: str) -> str:
    """``clean`` or ``perturbed`` from a set's folder name (``eng-fin_perturbed_seed2``)."""
    for condition in CONDITIONS:
        if f"_{condition}" in name:
            return condition
    return "other"


def gold_folders(folder: Path) -> list[Path]:
    """The gold sets in *folder* (subfolders with src.txt, tgt.txt and gold.txt), by name;
    *folder* itself if it is one."""
    def is_set(path: Path) -> bool:
        return all((path / name).is_file() for name in ("src.txt", "tgt.txt", "gold.txt"))

    if is_set(folder):
        return [folder]
    return sorted(path for path in folder.iterdir() if path.is_dir() and is_set(path))


def condition_summary(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per condition: the number of sets, the mean and lowest strict and lax F1 (and the set
    with the lowest strict F1), and the F1 of all sets' counts summed (as score.py sums files)."""
    result: dict[str, dict[str, Any]] = {}
    for condition in sorted({row["condition"] for row in rows}):
        chosen = [row for row in rows if row["condition"] == condition]
        strict = [row["f1_strict"] for row in chosen]
        lax = [row["f1_lax"] for row in chosen]
        total = Scores()
        for row in chosen:
            total = total + Scores(Counts(*row["counts"]["precision"]), Counts(*row["counts"]["recall"]))
        lone = {shape: {key: sum(row["lone"][shape][key] for row in chosen) for key in ("gold", "test", "found")}
                for shape in ("1-0", "0-1")}
        worst = min(chosen, key=lambda row: row["f1_strict"])
        result[condition] = {
            "sets": len(chosen),
            "f1_strict_mean": round(statistics.mean(strict), 4),
            "f1_strict_min": round(min(strict), 4),
            "f1_strict_min_set": worst["set"],
            "f1_lax_mean": round(statistics.mean(lax), 4),
            "f1_lax_min": round(min(lax), 4),
            "pooled": total.as_dict(),
            "lone": lone,
            "sets_strict_below_target": sum(1 for value in strict
                                            if value < (0.99 if condition == "clean" else 0.95)),
            "sets_lax_below_target": sum(1 for value in lax if value < 0.99),
            "cpu_s_total": round(sum(row["cpu_s"] for row in chosen), 2),
        }
    return result


# --------------------------------------------------------------------------
# Part 2: sizes, each in its own process
# --------------------------------------------------------------------------


def worker(spec: dict[str, Any]) -> dict[str, Any]:
    """Build one size of one series, align it, and give the figures (run in a fresh process).

    The process's address space is capped at ``memory_limit_mb``, so that a size that
    needs more memory than the machine has fails with a MemoryError here instead of
    pushing the machine into swap or its out-of-memory killer.
    """
    limit = spec.get("memory_limit_mb")
    if limit:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = int(limit * 2**20)
        resource.setrlimit(resource.RLIMIT_AS, (cap if hard == resource.RLIM_INFINITY else min(cap, hard), hard))
    try:
        return _measure(spec)
    except MemoryError:
        return {**spec, "failed": f"out of memory: the process was capped at {limit:,.0f} MB "
                                  "(three quarters of the memory available when it started)"}


def _measure(spec: dict[str, Any]) -> dict[str, Any]:
    texts = series_texts(spec["series"], spec["copies"], spec["seed"])
    before = rss_mb()
    cpu, wall, alignment = time_alignment(texts, spec["runs"])
    peak = rss_mb()
    test = beads_of(alignment)
    per_copy = len(texts.source) // spec["copies"]
    found = set(test)
    # The copies where a gold bead was missed: where the errors are.
    wrong_copies = sorted({bead[0][0] // per_copy for bead in texts.gold if bead not in found and bead[0]})
    return {
        "series": spec["series"],
        "copies": spec["copies"],
        "runs": spec["runs"],
        "blocks": [len(texts.source), len(texts.target)],
        "words": [word_count(texts.source), word_count(texts.target)],
        "cpu_s": [round(value, 3) for value in cpu],
        "wall_s": [round(value, 3) for value in wall],
        "rss_before_mb": round(before, 1),
        "peak_rss_mb": round(peak, 1),
        **accuracy(texts, test),
        "exact": sum(1 for bead in texts.gold if bead in found),
        "gold_beads": len(texts.gold),
        "copies_with_errors": len(wrong_copies),
        "first_copy_with_error": wrong_copies[0] + 1 if wrong_copies else None,
        "shapes": shapes(test),
        "confidence": round(alignment.confidence, 4),
        "band": alignment.band,
        "links": alignment.links,
    }


def run_worker(spec: dict[str, Any], folder: Path) -> dict[str, Any]:
    """Run :func:`worker` in a fresh process started from a small launcher (so that its peak
    RSS is its own, not this process's)."""
    record = folder / "rss.txt"
    record.unlink(missing_ok=True)
    command = [sys.executable, "-S", "-c", RSS_LAUNCHER, str(record),
               sys.executable, str(Path(__file__).resolve()), "--worker", json.dumps(spec)]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return {**spec, "failed": f"exit {done.returncode}: {done.stderr.strip()[-600:]}"}
    figures: dict[str, Any] = json.loads(done.stdout)
    if "failed" not in figures:
        figures["process_s"] = round(time.perf_counter() - start, 1)
    return figures


def memory_available_mb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def growth(options: argparse.Namespace, folder: Path, shared: bool) -> dict[str, list[dict[str, Any]]]:
    scales = FULL_SCALES if options.full else QUICK_SCALES if options.quick else SCALES
    result: dict[str, list[dict[str, Any]]] = {}
    for series in SERIES:
        rows: list[dict[str, Any]] = []
        result[series] = rows
        if series == "distinct" and not shared:
            rows.append({"series": series, "skipped": f"{UDHR_SPA} is absent (../shared): no UDHR to join"})
            continue
        for copies in scales:
            if copies == 1000 and series == "distinct":
                rows.append({"series": series, "copies": copies, "skipped": "1000x is measured on the repeated "
                             "essay only"})
                continue
            runs = options.runs if copies <= 10 else 1
            available = memory_available_mb()
            if rows and "peak_rss_mb" in rows[-1] and available is not None:
                # Memory grows faster than the text (at 1000x: 18 times that of 100x); a
                # linear projection is the least it needs.
                need = rows[-1]["peak_rss_mb"] * copies / rows[-1]["copies"]
                if need > available:
                    rows.append({"series": series, "copies": copies,
                                 "skipped": f"would need more than {need:,.0f} MB (the last size's peak times "
                                            f"{copies // rows[-1]['copies']}), {available:,.0f} MB available"})
                    continue
            print(f"  ... {series} {copies}x", file=sys.stderr, flush=True)
            row = run_worker({"series": series, "copies": copies, "runs": runs, "seed": options.seed,
                              "memory_limit_mb": None if available is None else round(available * 0.75)}, folder)
            rows.append(row)
        previous = None
        for row in rows:
            if "cpu_s" not in row:
                continue
            row["cpu_best_s"] = min(row["cpu_s"])
            row["ms_per_1000_words"] = round(row["cpu_best_s"] / row["words"][0] * 1e6, 2)
            if previous is not None:
                row["ratio_to_previous"] = round(row["cpu_best_s"] / previous["cpu_best_s"], 2)
                row["scale_to_previous"] = row["copies"] // previous["copies"]
            previous = row
    return result


# --------------------------------------------------------------------------
# The command, as a user runs it
# --------------------------------------------------------------------------


def this_checkout() -> dict[str, str]:
    """The environment for commands, with this checkout's package first on the path: the
    command then runs the toolkit measured in this process, even from an export of a commit
    (``git archive``) beside an editable install of another tree."""
    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": str(REPO) + (os.pathsep + path if path else "")}


def run_process(command: list[str], folder: Path) -> tuple[float, float, int, str]:
    """Run *command* in *folder*; give its CPU seconds (getrusage of the children), wall
    seconds, exit status and standard error."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=folder, capture_output=True, stdin=subprocess.DEVNULL, check=False,
                          env=this_checkout())
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall, done.returncode, done.stderr.decode("utf-8", errors="replace")


def peak_rss_of(command: list[str], folder: Path) -> tuple[float | None, int, str]:
    """Run *command* once through the launcher; give its peak RSS in MB, exit status, stderr."""
    record = folder / "rss.txt"
    record.unlink(missing_ok=True)
    _, _, status, err = run_process([sys.executable, "-S", "-c", RSS_LAUNCHER, str(record), *command], folder)
    if not record.exists():
        return None, status, err
    scale = 1 if sys.platform == "darwin" else 1024
    return int(record.read_text()) * scale / 2**20, status, err


def time_command(options: argparse.Namespace, folder: Path) -> dict[str, Any]:
    """``toolkit align SOURCE.xml TRANSLATION.txt --lang es --to json -o out.json`` on the essay
    repeated 10 times: the source as TEI with IDs, the translation as plain text."""
    from toolkit.tei import tei_bytes

    copies = COMMAND_SCALE
    source, target = essay_documents()
    source_big = repeated_document(source, copies)
    target_big = repeated_document(target, copies)
    (folder / "source.xml").write_bytes(tei_bytes(source_big))
    (folder / "translation.txt").write_text(plain_text(target_big), encoding="utf-8")
    toolkit = toolkit_command()
    command = [*toolkit, "align", "source.xml", "translation.txt", "--lang", "es", "--to", "json",
               "-o", "out.json"]
    runs = 1 if options.quick else options.runs
    rss, status, err = peak_rss_of(command, folder)  # the warm-up
    figures: dict[str, Any] = {"copies": copies, "command": " ".join(["toolkit", *command[len(toolkit):]]),
                               "runs": runs}
    if status != 0:
        figures["failed"] = f"exit {status}: {err.strip()[-600:]}"
        return figures
    cpu: list[float] = []
    wall: list[float] = []
    for _ in range(runs):
        spent, elapsed, status, err = run_process(command, folder)
        cpu.append(spent)
        wall.append(elapsed)
    data = json.loads((folder / "out.json").read_text(encoding="utf-8"))
    index = {block.id: k for k, block in enumerate(source_big.blocks)}
    test = [(tuple(index[name] for name in bead["source"]), tuple(int(name) for name in bead["target"]))
            for bead in data["beads"]]
    n_target = len(parse_plain_text((folder / "translation.txt").read_text(encoding="utf-8"), "es").blocks)
    gold: list[Pair] = [((i,), (i,)) for i in range(len(source_big.blocks))]
    startup = [run_process([*toolkit, "--version"], folder)[0] for _ in range(max(1, runs))]
    figures.update(
        blocks=[len(source_big.blocks), n_target],
        words=[word_count([b.text for b in source_big.blocks]), word_count([b.text for b in target_big.blocks])],
        input_kb=[round((folder / name).stat().st_size / 1024) for name in ("source.xml", "translation.txt")],
        cpu_s=summary(cpu), wall_s=summary(wall), peak_rss_mb=None if rss is None else round(rss, 1),
        startup_cpu_s=summary(startup),
        stderr_first_line=err.strip().splitlines()[0] if err.strip() else "",
        corresponds=data.get("corresponds"), confidence=data.get("confidence"),
        **accuracy(Texts([], [], None, None, gold), test),
        exact=len(set(test) & set(gold)),
    )
    return figures


# --------------------------------------------------------------------------
# Part 3: texts that do not correspond
# --------------------------------------------------------------------------


def lines_document(lines: Sequence[str], language: str) -> Document:
    """Paragraphs one a line, read as the command reads a plain-text file (blank lines between)."""
    return parse_plain_text("\n\n".join(lines) + "\n", language)


def robustness(options: argparse.Namespace, folder: Path, shared: bool) -> dict[str, Any]:
    """The essay aligned with what does not translate it; each case with its true beads, so
    that the beads the aligner is sure of (confidence at or above the threshold) and gets
    wrong can be counted: what the issue asks never to see."""
    source, target = essay_documents()
    n = len(source.blocks)
    identity: list[Pair] = [((i,), (i,)) for i in range(n)]
    order = list(range(len(target.blocks)))
    random.Random(f"bench-align:shuffle:{options.seed}").shuffle(order)
    Case = tuple[str, Document | None, list[Pair]]
    cases: list[Case] = [
        ("the Spanish translation (for comparison)", target, identity),
        ("its Spanish translation, paragraphs shuffled",
         lines_document([target.blocks[k].text for k in order], "es"),
         [((k,), (position,)) for position, k in enumerate(order)]),
        ("the source itself", essay_documents()[0], identity),
        ("an empty translation", Document(metadata=Metadata(language="es")), []),
    ]
    if shared:
        udhr = read_lines(UDHR_SPA / "tgt.txt")
        half = n // 2
        cases.insert(1, ("an unrelated text: the Spanish UDHR", lines_document(udhr, "es"), []))
        # Another text as long as half the essay, then the second half of the translation.
        cases.insert(3, ("first half replaced by the Spanish UDHR",
                         lines_document(udhr + [b.text for b in target.blocks[half:]], "es"),
                         [((i,), (len(udhr) + i - half,)) for i in range(half, n)]))
    else:
        cases.insert(1, ("an unrelated text: the Spanish UDHR", None, []))
    library: list[dict[str, Any]] = []
    for name, document, truth in cases:
        if document is None:
            library.append({"case": name, "skipped": f"{UDHR_SPA} is absent (../shared)"})
            continue
        source = essay_documents()[0]
        start = time.process_time()
        result = align_editions(source, document)
        spent = time.process_time() - start
        summary_counts = {shape: count for shape, count in result.summary().items() if count}
        right = set(truth)
        wrong = [bead for bead in result.beads
                 if bead.source and bead.target and (tuple(bead.source), tuple(bead.target)) not in right]
        library.append({
            "case": name,
            "blocks": [len(source.blocks), len(document.blocks)],
            "corresponds": result.corresponds,
            "confidence": round(result.confidence, 4),
            "below_threshold": len(result.low),
            "beads": len(result.beads),
            "wrong": len(wrong),
            "wrong_sure": len([bead for bead in wrong if not result.is_low(bead)]),
            "wrong_sure_90": len([bead for bead in wrong if bead.confidence >= 0.9]),
            "shapes": summary_counts,
            "problems": list(result.problems),
            "cpu_s": round(spent, 3),
        })
    # The command on files a user might give it.
    spanish = plain_text(target)
    files = {
        "empty.txt": b"",
        "blank.txt": b"\n\n   \n",
        "latin1.txt": spanish.encode("latin-1", errors="replace"),
        "utf16.txt": spanish.encode("utf-16"),
    }
    toolkit = toolkit_command()
    (folder / "essay.xml").write_bytes(ESSAY.read_bytes())
    runs: list[tuple[str, bytes, list[str]]] = [(name, data, ["--to", "json", "-o", f"{name}.json"])
                                                for name, data in files.items()]
    po = ["--lang", "es", "--to", "po", "-o", "out.po"]
    runs.append(("essay-again.xml", ESSAY.read_bytes(), po))
    if shared:
        runs.append(("udhr-es.txt", "\n\n".join(read_lines(UDHR_SPA / "tgt.txt")).encode("utf-8"), po))
    commands = []
    for name, data, rest in runs:
        (folder / name).write_bytes(data)
        command = [*toolkit, "align", "essay.xml", name, *rest]
        _, _, status, err = run_process(command, folder)
        commands.append({"file": name, "bytes": len(data), "command": " ".join(["toolkit", *command[len(toolkit):]]),
                         "exit": status, "stderr": [line for line in err.strip().splitlines() if line]})
    return {"library": library, "commands": commands}


# --------------------------------------------------------------------------
# The benchmark
# --------------------------------------------------------------------------


def package_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def bench(options: argparse.Namespace, folder: Path) -> dict[str, Any]:
    shared = SHARED_GOLD.is_dir()
    result: dict[str, Any] = {
        "quick": options.quick,
        "full": options.full,
        "runs": options.runs,
        "seed": options.seed,
        "cpus": os.cpu_count(),
        "load_average": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
        "versions": {"toolkit": f"toolkit {__version__} at {checkout()}", "python": sys.version.split()[0],
                     "numpy": package_version("numpy")},
    }
    accuracy_runs = 1 if options.quick else options.runs
    if shared:
        print("  ... accuracy on the shared gold sets", file=sys.stderr, flush=True)
        rows = []
        for pair in PAIRS:
            for condition in CONDITIONS:
                path = SHARED_GOLD / f"{pair}_{condition}"
                rows.append({"pair": pair, **score_folder(path, accuracy_runs)} if path.is_dir()
                            else {"pair": pair, "set": path.name, "condition": condition, "skipped": "absent"})
        result["accuracy"] = rows
        result["accuracy_summary"] = condition_summary([row for row in rows if "skipped" not in row])
    else:
        result["accuracy"] = None
        result["accuracy_skipped"] = f"{SHARED_GOLD} is absent (../shared): no shared gold sets to score"
    result["gold_dirs"] = []
    for gold_dir in options.gold_dir:
        print(f"  ... accuracy on {gold_dir}", file=sys.stderr, flush=True)
        rows = [score_folder(path, accuracy_runs) for path in gold_folders(gold_dir)]
        result["gold_dirs"].append({"folder": str(gold_dir), "sets": rows, "summary": condition_summary(rows)})
    result["growth"] = growth(options, folder, shared)
    print("  ... the command", file=sys.stderr, flush=True)
    result["command"] = time_command(options, folder)
    print("  ... bad input", file=sys.stderr, flush=True)
    result["robustness"] = robustness(options, folder, shared)
    return result


# --------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------


def _lone(lone: dict[str, int]) -> str:
    return f"{lone['found']}/{lone['gold']} ({lone['test']})"


def _accuracy_table(rows: list[dict[str, Any]], name_width: int = 24) -> None:
    print(f"    {'set':<{name_width}} {'blocks':>7} {'P strict':>8} {'R strict':>8} {'F1 strict':>9} {'P lax':>6} "
          f"{'R lax':>6} {'F1 lax':>6} {'1-0':>10} {'0-1':>10} {'conf':>5} {'CPU':>6}")
    for row in rows:
        if "skipped" in row:
            print(f"    {row['set']:<{name_width}} {row['skipped']}")
            continue
        blocks = f"{row['blocks'][0]}/{row['blocks'][1]}"
        print(f"    {row['set']:<{name_width}} {blocks:>7} {row['precision_strict']:>8.3f} "
              f"{row['recall_strict']:>8.3f} {row['f1_strict']:>9.3f} {row['precision_lax']:>6.3f} "
              f"{row['recall_lax']:>6.3f} {row['f1_lax']:>6.3f} {_lone(row['lone']['1-0']):>10} "
              f"{_lone(row['lone']['0-1']):>10} {row['confidence']:>5.2f} {row['cpu_s']:>5.2f}s")


def _summary_table(summary_rows: dict[str, dict[str, Any]]) -> None:
    print(f"    {'condition':<10} {'sets':>4} {'F1 strict mean':>14} {'min':>6} {'F1 lax mean':>11} {'min':>6} "
          f"{'pooled strict':>13} {'pooled lax':>10} {'strict < target':>15} {'lax < 0.99':>10} "
          f"{'1-0':>10} {'0-1':>10}  lowest strict")
    for condition, s in summary_rows.items():
        print(f"    {condition:<10} {s['sets']:>4} {s['f1_strict_mean']:>14.3f} {s['f1_strict_min']:>6.3f} "
              f"{s['f1_lax_mean']:>11.3f} {s['f1_lax_min']:>6.3f} {s['pooled']['f1_strict']:>13.3f} "
              f"{s['pooled']['f1_lax']:>10.3f} {s['sets_strict_below_target']:>15} {s['sets_lax_below_target']:>10} "
              f"{_lone(s['lone']['1-0']):>10} {_lone(s['lone']['0-1']):>10}  {s['f1_strict_min_set']}")


def print_report(r: dict[str, Any]) -> None:
    print(f"Alignment benchmark ({r['cpus']} CPUs, load {r['load_average']}; "
          f"{'quick' if r['quick'] else 'full' if r['full'] else 'default'} run, seed {r['seed']})")
    print("  " + "; ".join(f"{k}: {v}" for k, v in r["versions"].items()))
    print()
    print("  1. Accuracy: align_texts on the UDHR gold sets, scored as vecalign's score.py "
          "(strict: exact bead; lax: overlapping)")
    print("     1-0, 0-1: exact lone beads found / in the gold (how many the aligner gave); conf: mean confidence; "
          "CPU: one alignment")
    if r["accuracy"] is None:
        print(f"    skipped: {r['accuracy_skipped']}")
    else:
        _accuracy_table(r["accuracy"])
        print("    Per condition (targets: strict F1 >= 0.99 clean, >= 0.95 perturbed; lax F1 >= 0.99); pooled: the")
        print("    counts of all sets summed, as score.py does with several files:")
        _summary_table(r["accuracy_summary"])
    for gold_dir in r["gold_dirs"]:
        print()
        print(f"    {gold_dir['folder']}: {len(gold_dir['sets'])} sets")
        _accuracy_table(gold_dir["sets"], max([len(row["set"]) for row in gold_dir["sets"]] + [24]))
        _summary_table(gold_dir["summary"])
    print()
    print("  2. Speed: align_texts, each size in a fresh process; CPU (time.process_time) of the first run, and "
          "the best of the runs")
    print("     repeated: the essay (en) and its Spanish translation k times over; distinct: the essay then the "
          "UDHR (en, es),")
    print("     copy 2 and later with their letters enciphered (each copy its own cipher: no vocabulary shared "
          "between copies)")
    print(f"    {'series':<9} {'k':>5} {'blocks':>15} {'words (source)':>14} {'runs':>4} {'CPU first':>9} "
          f"{'CPU best':>9} {'ms/1k w':>7} {'x prev':>6} {'peak RSS':>9} {'F1 strict':>9} {'exact':>13} "
          f"{'1-0/0-1':>9}  copies with errors")
    for series, rows in r["growth"].items():
        for g in rows:
            if "skipped" in g or "failed" in g:
                print(f"    {series:<9} {g.get('copies', ''):>5} {g.get('skipped') or 'FAILED: ' + g['failed']}")
                continue
            blocks = f"{g['blocks'][0]:,}/{g['blocks'][1]:,}"
            ratio = f"{g['ratio_to_previous']:.1f}" if "ratio_to_previous" in g else ""
            exact = f"{g['exact']:,}/{g['gold_beads']:,}"
            lone = f"{g['shapes'].get('1-0', 0)}/{g['shapes'].get('0-1', 0)}"
            errors = (f"{g['copies_with_errors']} of {g['copies']} (first: {g['first_copy_with_error']})"
                      if g["copies_with_errors"] else "none")
            print(f"    {series:<9} {g['copies']:>5} {blocks:>15} {g['words'][0]:>14,} {g['runs']:>4} "
                  f"{g['cpu_s'][0]:>8.2f}s {g['cpu_best_s']:>8.2f}s {g['ms_per_1000_words']:>7.1f} {ratio:>6} "
                  f"{g['peak_rss_mb']:>6.0f} MB {g['f1_strict']:>9.3f} {exact:>13} {lone:>9}  {errors}")
    print("    ms/1k w: CPU best per 1,000 words of the source; x prev: CPU best over that of the size before "
          "(linear: 10)")
    print("    peak RSS: the whole process (reading, building the texts, aligning); exact: gold beads found exactly")
    c = r["command"]
    print()
    print(f"    The command, {c['copies']}x: {c['command']}")
    if "failed" in c:
        print(f"      FAILED: {c['failed']}")
    else:
        print(f"      {c['blocks'][0]:,} source blocks (TEI, {c['input_kb'][0]:,} KB), {c['blocks'][1]:,} translation "
              f"blocks (plain text, {c['input_kb'][1]:,} KB), {c['words'][0]:,} + {c['words'][1]:,} words")
        print(f"      CPU {c['cpu_s']['best']:.2f} s best, {c['cpu_s']['median']:.2f} s median of {c['runs']}; "
              f"wall {c['wall_s']['best']:.2f} s; peak RSS {c['peak_rss_mb']:.0f} MB; "
              f"start-up (toolkit --version) {c['startup_cpu_s']['best']:.2f} s")
        print(f"      strict F1 {c['f1_strict']:.3f}, {c['exact']:,}/{c['blocks'][0]:,} blocks exact; mean confidence "
              f"{c['confidence']}; corresponds: {c['corresponds']}")
        print(f"      stderr: {c['stderr_first_line']}")
    print()
    print("  3. Bad input: the essay (108 blocks) aligned with... (toolkit.bitext.align_editions)")
    print("    low: beads below the threshold (0.5); wrong: beads with both sides that are not true ones, of which")
    print("    sure: at or above the threshold, and >= 0.9 (what the issue asks never to see)")
    print(f"    {'translation':<45} {'blocks':>7} {'corresponds':>11} {'conf':>5} {'low':>4} {'wrong':>5} {'sure':>4} "
          f"{'>=0.9':>5}  shapes; problems")
    for row in r["robustness"]["library"]:
        if "skipped" in row:
            print(f"    {row['case']:<45} {row['skipped']}")
            continue
        shapes_text = ", ".join(f"{n} {shape}" for shape, n in row["shapes"].items())
        print(f"    {row['case']:<45} {row['blocks'][1]:>7} {str(row['corresponds']):>11} {row['confidence']:>5.2f} "
              f"{row['below_threshold']:>4} {row['wrong']:>5} {row['wrong_sure']:>4} {row['wrong_sure_90']:>5}  "
              f"{shapes_text}")
        for problem in row["problems"]:
            print(f"    {'':<45}   - {problem}")
    print("    the command:")
    for row in r["robustness"]["commands"]:
        print(f"    {row['command']} ({row['bytes']:,} bytes): exit {row['exit']}")
        lines = row["stderr"]
        for line in lines[:1] + [line for line in lines[1:] if line.startswith(("warning:", "Error:"))]:
            print(f"      {line[:150]}")
    print()
    print(f"  The benchmark took {r['bench_seconds']:.0f} s.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="accuracy, then 1x and 10x only (under a minute)")
    parser.add_argument("--full", action="store_true", help="add 1000x of the repeated essay (10 million words: 2 minutes and 3 GB at commit "
                             "7c89d3d, 20 minutes and 22 GB at b773fee; capped at 3/4 of the memory available)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs at 1x and 10x (default 3; 1 above)")
    parser.add_argument("--gold-dir", type=Path, action="append", default=[], metavar="DIR",
                        help="also score the gold sets in DIR (repeatable)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the ciphers and of the shuffle (default 1)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the figures to FILE as JSON")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="write the files to DIR (kept) instead of a temporary directory")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.worker:
        print(json.dumps(worker(json.loads(options.worker))))
        return 0
    if options.quick and options.full:
        parser.error("--quick and --full exclude each other")
    if options.quick:
        options.runs = min(options.runs, 2)
    if options.runs < 1:
        parser.error("--runs must be at least 1")
    for gold_dir in options.gold_dir:
        if not gold_dir.is_dir() or not gold_folders(gold_dir):
            parser.error(f"--gold-dir {gold_dir}: no folder with src.txt, tgt.txt and gold.txt there")
    if not SHARED_GOLD.is_dir():
        print(f"{SHARED_GOLD} is absent (../shared): the shared gold sets and the UDHR are skipped",
              file=sys.stderr)
    start = time.perf_counter()
    if options.keep:
        options.keep.mkdir(parents=True, exist_ok=True)
        result = bench(options, options.keep.resolve())
    else:
        with tempfile.TemporaryDirectory(prefix="bench-align-") as folder:
            result = bench(options, Path(folder))
    result["bench_seconds"] = round(time.perf_counter() - start, 1)
    print_report(result)
    if options.json:
        options.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
