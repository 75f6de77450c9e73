#!/usr/bin/env python3
"""Benchmark ``toolkit diff`` on Frankenstein, 1818 against 1831, and the usual word diffs.

The claim to check: comparing two editions of a novel block by block and word
by word takes a couple of seconds, and the cost grows about linearly with the
text, where a word diff of the whole text (Python's difflib, diff-match-patch)
takes many times longer and says nothing of moved, split or merged paragraphs.
This script

1. times ``toolkit diff 1818.xml 1831.xml --format json -o out.json`` as a
   subprocess (CPU, wall, peak RSS; best and median of several runs), reads the
   summary counts from ``out.json``, times ``toolkit.diff.diff_editions`` in this
   process on the two documents already read, and times ``--format html`` and
   ``--format tei``;
2. times ``diff_editions`` on editions made of the 1818 and 1831 texts repeated
   1, 2 and 4 times (fresh IDs for each copy), in seconds per 10,000 words, to
   show how the cost grows;
3. times the points of comparison on the plain texts of the two editions
   (``toolkit text``): ``wdiff``, ``dwdiff``, ``git diff --no-index
   --word-diff``, Python's ``difflib.SequenceMatcher`` over the words (not with
   ``--quick``) and diff-match-patch over the whole text (only with ``--slow``);
4. prints the figures side by side, with the moved, split and merged blocks
   ours reports, which none of the others does.

It reads the two editions from ``../shared/data/variants/frankenstein/``; where
``../shared`` is absent it says so and stops (exit status 0).  Everything else
happens in a temporary directory.  Run::

    python benchmarks/bench_diff.py            # 5 timed runs of the json diff, 3 of the others
    python benchmarks/bench_diff.py --quick    # 2 runs (1 of the others), no difflib
    python benchmarks/bench_diff.py --slow     # add diff-match-patch over the whole text (~4 min)
    python benchmarks/bench_diff.py --json     # the same figures as JSON
"""

from __future__ import annotations

import argparse
import difflib
import gc
import importlib.metadata
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchrun import (  # noqa: E402
    RSS_LAUNCHER,
    checkout,
    run_benchmark,
    summary,
    toolkit_command,
    version_of,
)

from diff_match_patch import diff_match_patch  # noqa: E402

from toolkit import __version__  # noqa: E402
from toolkit.diff import EditionDiff, diff_editions  # noqa: E402
from toolkit.diffout import diff_json  # noqa: E402
from toolkit.model import Container, Document, with_sections, words  # noqa: E402
from toolkit.tei import read_tei  # noqa: E402

SHARED = REPO.parent / "shared" / "data" / "variants" / "frankenstein"
EDITIONS = {"1818.xml": "frankenstein_1818_full.xml", "1831.xml": "frankenstein_1831_full.xml"}
COPIES = (1, 2, 4)
OPS = ("same", "changed", "moved", "split", "merged", "added", "deleted")

# --------------------------------------------------------------------------
# Running commands
# --------------------------------------------------------------------------






def package_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"




@dataclass
class Tool:
    """A command to time: what it is, how to run it, where its result goes."""

    name: str
    command: list[str]
    output: str | None = None  # the file it writes (deleted before each run, checked after)
    stdout: str | None = None  # the file its standard output goes to, if it writes there
    runs: int = 1
    version: str = ""
    missing: str = ""  # why it cannot run, if it cannot
    statuses: tuple[int, ...] = (0,)  # exit statuses of success (diff tools exit 1 on differences)


@dataclass
class Timing:
    """The figures of several runs of one command."""

    tool: Tool
    cpu: list[float] = field(default_factory=list)
    wall: list[float] = field(default_factory=list)
    rss_mb: float | None = None
    status: int | None = None  # the exit status that failed, if one did
    message: str = ""
    output_kb: int | None = None  # the size of what it wrote

    @property
    def ok(self) -> bool:
        return not self.tool.missing and self.status is None and bool(self.cpu)


# Runs a command as its own child and writes the child's peak RSS (KiB) to a file.
# A process spawned from this benchmark would report the benchmark's own RSS as
# its peak (Linux keeps the high-water mark across fork and exec); one forked
# from this small launcher starts from the launcher's few MB instead.


def run_process(command: list[str], folder: Path, stdout: Path, log: Path) -> tuple[float, float, int]:
    """Run *command* in *folder*, its output to *stdout* and its errors to *log*; give its
    CPU seconds (user + system), wall seconds and exit status.

    The CPU time is the change of ``getrusage(RUSAGE_CHILDREN)`` across the run:
    the whole process and any processes it waited for, every thread included.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(stdout, "wb") as out, open(log, "wb") as err:
        start = time.perf_counter()
        done = subprocess.run(command, cwd=folder, stdout=out, stderr=err,
                              stdin=subprocess.DEVNULL, check=False)
        wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall, done.returncode


def peak_rss_mb(command: list[str], folder: Path, stdout: Path, log: Path) -> tuple[float | None, int]:
    """Run *command* once through the launcher; give its peak RSS in MB and exit status."""
    record = folder / "rss.txt"
    record.unlink(missing_ok=True)
    _, _, status = run_process([sys.executable, "-S", "-c", RSS_LAUNCHER, str(record), *command],
                               folder, stdout, log)
    if not record.exists():
        return None, status or 1
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB elsewhere
    return int(record.read_text()) * scale / 2**20, status


def time_tools(tools: list[Tool], folder: Path) -> list[Timing]:
    """Run each available tool once to warm up (and measure its peak memory), then its
    number of runs, round robin, so that a change of the machine's load touches every
    tool alike."""
    timings = [Timing(tool) for tool in tools]
    for round_number in range(max(tool.runs for tool in tools) + 1):
        for timing in timings:
            tool = timing.tool
            if tool.missing or timing.status is not None or round_number > tool.runs:
                continue
            if tool.output:
                (folder / tool.output).unlink(missing_ok=True)
            name = re.sub(r"\W+", "-", tool.name).strip("-")
            stdout = folder / (tool.stdout or f"{name}.out")
            log = folder / f"{name}.log"
            if round_number == 0:
                rss, status = peak_rss_mb(tool.command, folder, stdout, log)
                timing.rss_mb = rss
            else:
                cpu, wall, status = run_process(tool.command, folder, stdout, log)
            if status not in tool.statuses or (tool.output and not (folder / tool.output).exists()):
                timing.status = status
                timing.message = log.read_text(encoding="utf-8", errors="replace").strip()[-400:]
                continue
            if round_number:
                timing.cpu.append(cpu)
                timing.wall.append(wall)
    return timings


@dataclass
class Clock:
    """CPU (time.process_time) and wall (time.perf_counter) seconds of calls in this process."""

    cpu: list[float] = field(default_factory=list)
    wall: list[float] = field(default_factory=list)


def in_process(call: Callable[..., object], runs: int, prepare: Callable[[], tuple[Any, ...]]) -> tuple[Clock, Any]:
    """Time *runs* calls of *call*, each on what a fresh *prepare* gives (untimed); give
    the times and the last call's result."""
    clock = Clock()
    result = None
    for _ in range(runs):
        arguments = prepare()
        # The benchmark's own objects out of the collector's sight, as in a fresh process.
        gc.collect()
        gc.freeze()
        start_cpu, start = time.process_time(), time.perf_counter()
        result = call(*arguments)
        clock.wall.append(time.perf_counter() - start)
        clock.cpu.append(time.process_time() - start_cpu)
        gc.unfreeze()
    return clock, result




# --------------------------------------------------------------------------
# The editions and what the tools report
# --------------------------------------------------------------------------


def read_both(folder: Path) -> tuple[Document, Document]:
    """Read the two editions afresh (the model caches derived values, such as a block's text)."""
    return read_tei(folder / "1818.xml"), read_tei(folder / "1831.xml")


def repeated(document: Document, copies: int, distinct: bool = False) -> Document:
    """Give an edition made of *document*'s blocks *copies* times over, one division per
    copy, each copy's IDs made fresh with a suffix (``-r2``, ``-r3``...).

    With *distinct*, every word of copy 2 and later gets a suffix too (``light`` becomes
    ``lightr2``), so that the copies share no word: a longer text of the same make
    without repeated blocks.  Such a copy's blocks hold their text without markup (the
    diff compares blocks' texts only): suffixing the strings of the markup would cut
    words that an element splits, as ``<lb break="no"/>`` does.
    """
    blocks = document.blocks
    body = []
    for copy in range(1, copies + 1):
        suffix = "" if copy == 1 else f"r{copy}"
        renamed = tuple(
            replace(block, id=None if block.id is None else f"{block.id}-{suffix}" if suffix else block.id,
                    content=(_WORDS.sub(lambda match: match.group() + suffix, block.text),)
                    if distinct and suffix else block.content)
            for block in blocks
        )
        body.append(Container("div", renamed, id=f"copy{copy}"))
    return Document(metadata=document.metadata, body=with_sections(tuple(body)))


_WORDS = re.compile(r"\w+")


def word_count(document: Document) -> int:
    return sum(len(words(block.text)) for block in document.blocks)


def changes_in(diff_data: dict[str, Any]) -> int:
    """The number of word changes in a ``--format json`` diff (an added or deleted block is one)."""
    return sum(len(block["changes"]) for block in diff_data["blocks"])


# A deletion, with the insertion that replaces it if one follows; or an insertion.  The
# markers of wdiff, dwdiff and git's word diff alike.
_MARKED = re.compile(r"\[-.*?-\](?:\s?\{\+.*?\+\})?|\{\+.*?\+\}", re.DOTALL)


def marked_changes(path: Path) -> int:
    """The number of changes (a replacement is one) in a word diff marked ``[-...-]{+...+}``."""
    return len(_MARKED.findall(path.read_text(encoding="utf-8", errors="replace")))


_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
_FIRST_CODE = 0x100


def dmp_word_diff(old: str, new: str) -> list[tuple[int, str]]:
    """diff-match-patch over the whole texts in the word mode ours uses inside a block (each
    distinct token one character), no time limit, semantic cleanup."""
    table: dict[str, str] = {}

    def encode(text: str) -> str:
        chars = []
        for match in _TOKEN.finditer(text):
            token = match.group()
            char = table.get(token)
            if char is None:
                code = _FIRST_CODE + len(table)
                char = table[token] = chr(code + 0x800 if code >= 0xD800 else code)
            chars.append(char)
        return "".join(chars)

    engine = diff_match_patch()
    engine.Diff_Timeout = 0
    diffs: list[tuple[int, str]] = engine.diff_main(encode(old), encode(new), False)
    engine.diff_cleanupSemantic(diffs)
    return diffs


# --------------------------------------------------------------------------
# The benchmark
# --------------------------------------------------------------------------


def timing_figures(timing: Timing) -> dict[str, Any]:
    tool = timing.tool
    figures: dict[str, Any] = {"tool": tool.name, "command": " ".join(tool.command), "runs": tool.runs}
    if tool.missing:
        figures["missing"] = tool.missing
        return figures
    if not timing.ok:
        figures["failed"] = f"exit {timing.status}: {timing.message}"
        return figures
    figures.update(cpu_s=summary(timing.cpu), wall_s=summary(timing.wall),
                   peak_rss_mb=None if timing.rss_mb is None else round(timing.rss_mb, 1))
    return figures


def bench(options: argparse.Namespace, folder: Path) -> dict[str, Any]:
    runs = options.runs
    other_runs = 1 if options.quick else min(runs, 3)  # html, tei, start-up, plain text
    growth_runs = 1 if options.quick else 2  # the 4 repeated copies take ~15 s a run
    toolkit = toolkit_command()

    def missing(program: str) -> str:
        return "" if shutil.which(program) else "not installed"

    versions = {
        "toolkit": f"toolkit {__version__} at {checkout()} ({' '.join(toolkit)})",
        "python": sys.version.split()[0],
        "lxml": package_version("lxml"),
        "diff-match-patch": package_version("diff-match-patch"),
        "wdiff": version_of(["wdiff", "--version"]) if shutil.which("wdiff") else "",
        "dwdiff": version_of(["dwdiff", "--version"]) if shutil.which("dwdiff") else "",
        "git": version_of(["git", "--version"]) if shutil.which("git") else "",
    }

    # The inputs: the two TEI editions, and their plain texts as `toolkit text` gives them.
    for name, source in EDITIONS.items():
        shutil.copyfile(SHARED / source, folder / name)
    for name in EDITIONS:
        with open(folder / name.replace(".xml", ".txt"), "wb") as out:
            subprocess.run([*toolkit, "text", name], cwd=folder, stdout=out, check=True)
    first, second = read_both(folder)
    inputs = {
        name: {"blocks": len(document.blocks), "words": word_count(document),
               "tei_kb": round((folder / name).stat().st_size / 1024),
               "text_kb": round((folder / name.replace(".xml", ".txt")).stat().st_size / 1024)}
        for name, document in (("1818.xml", first), ("1831.xml", second))
    }

    # 1. The command, as a subprocess, and the library call in this process.
    diff = [*toolkit, "diff", "1818.xml", "1831.xml", "--format"]
    commands = time_tools([
        Tool("diff --format json", [*diff, "json", "-o", "out.json"], "out.json", runs=runs),
        Tool("diff --format html", [*diff, "html", "-o", "out.html"], "out.html", runs=other_runs),
        Tool("diff --format tei", [*diff, "tei", "-o", "out.tei.xml"], "out.tei.xml", runs=other_runs),
        Tool("--version (start-up)", [*toolkit, "--version"], runs=other_runs),
    ], folder)
    for timing in commands:
        if timing.ok and timing.tool.output:
            timing.output_kb = round((folder / timing.tool.output).stat().st_size / 1024)
    result_json = None
    if commands[0].ok:
        result_json = json.loads((folder / "out.json").read_text(encoding="utf-8"))

    def our_diff(old: Document, new: Document) -> EditionDiff:
        return diff_editions(old, new, witnesses=("1818.xml", "1831.xml"))

    library, in_process_result = in_process(our_diff, runs, lambda: read_both(folder))
    same_as_command = (commands[0].ok
                       and diff_json(in_process_result) == (folder / "out.json").read_text(encoding="utf-8"))

    # 2. Growth: the editions repeated 1, 2 and 4 times; and, to tell the cost of size from
    #    the cost of repeated blocks, copies that share no word (1 copy is the same in both).
    growth: dict[str, list[dict[str, Any]]] = {"repeated": [], "distinct": []}
    base_summary = in_process_result.summary()
    for kind, rows in growth.items():
        for copies in COPIES:
            if kind == "distinct" and copies == 1:
                rows.append(growth["repeated"][0])
                continue

            def prepare(copies: int = copies, distinct: bool = kind == "distinct") -> tuple[Document, Document]:
                old, new = read_both(folder)
                return repeated(old, copies, distinct), repeated(new, copies, distinct)

            old, new = prepare()
            words_compared = word_count(old) + word_count(new)
            blocks = len(old.blocks) + len(new.blocks)
            del old, new
            clock, grown = in_process(our_diff, growth_runs, prepare)
            counts = grown.summary()
            rows.append({
                "copies": copies,
                "blocks": blocks,
                "words": words_compared,
                "cpu_s": summary(clock.cpu),
                "wall_s": summary(clock.wall),
                "cpu_s_per_10000_words": round(min(clock.cpu) / words_compared * 10_000, 4),
                "summary": counts,
                "summary_is_copies_times_1x": counts == {op: n * copies for op, n in base_summary.items()},
            })
            del grown
    growth_ratio = {kind: round(rows[-1]["cpu_s"]["best"] / rows[0]["cpu_s"]["best"], 2)
                    for kind, rows in growth.items()}

    # 3. The points of comparison, on the plain texts.
    plain_tools = time_tools([
        Tool("toolkit diff (plain text)", [*toolkit, "diff", "1818.txt", "1831.txt", "--format", "json",
                                           "-o", "outp.json"], "outp.json", runs=other_runs),
        Tool("wdiff", ["wdiff", "1818.txt", "1831.txt"], stdout="wdiff.out", runs=runs,
             version=versions["wdiff"], missing=missing("wdiff"), statuses=(0, 1)),
        Tool("dwdiff", ["dwdiff", "1818.txt", "1831.txt"], stdout="dwdiff.out", runs=runs,
             version=versions["dwdiff"], missing=missing("dwdiff"), statuses=(0, 1)),
        Tool("git diff --word-diff", ["git", "diff", "--no-index", "--word-diff", "1818.txt", "1831.txt"],
             stdout="git.out", runs=runs, version=versions["git"], missing=missing("git"),
             statuses=(0, 1)),
    ], folder)
    comparison: list[dict[str, Any]] = []
    if result_json is not None:
        comparison.append({**timing_figures(commands[0]), "tool": "toolkit diff (TEI)", "input": "TEI",
                           "changes": changes_in(result_json), "summary": result_json["summary"]})
    for timing in plain_tools:
        entry = {**timing_figures(timing), "input": "plain text"}
        if timing.ok:
            if timing.tool.output:
                data = json.loads((folder / timing.tool.output).read_text(encoding="utf-8"))
                entry.update(changes=changes_in(data), summary=data["summary"])
            else:
                assert timing.tool.stdout
                entry.update(changes=marked_changes(folder / timing.tool.stdout),
                             output_kb=round((folder / timing.tool.stdout).stat().st_size / 1024))
        comparison.append(entry)

    text_a = (folder / "1818.txt").read_text(encoding="utf-8")
    text_b = (folder / "1831.txt").read_text(encoding="utf-8")
    words_a, words_b = text_a.split(), text_b.split()
    in_python: list[dict[str, Any]] = []
    row: dict[str, Any] = {"tool": "difflib.SequenceMatcher (words)", "input": "plain text",
                           "command": "SequenceMatcher(None, words_1818, words_1831).get_opcodes()"}
    if options.quick:
        row["skipped"] = "skipped with --quick (about 6-11 s)"
    else:
        def sequence_matcher() -> list[Any]:
            return difflib.SequenceMatcher(None, words_a, words_b).get_opcodes()

        clock, opcodes = in_process(sequence_matcher, 1, lambda: ())
        row.update(runs=1, cpu_s=summary(clock.cpu), wall_s=summary(clock.wall),
                   changes=sum(tag != "equal" for tag, *_ in opcodes))
    in_python.append(row)
    row = {"tool": "diff-match-patch (whole text, words)", "input": "plain text",
           "command": "diff_main(words as characters, Diff_Timeout=0) + diff_cleanupSemantic"}
    if not options.slow:
        row["skipped"] = "only with --slow (about 3.5-4.5 min)"
    else:
        clock, diffs = in_process(dmp_word_diff, 1, lambda: (text_a, text_b))
        changes, previous = 0, 0
        for code, _ in diffs:
            changes += code != 0 and not (code == 1 and previous == -1)  # a replacement is one
            previous = code
        row.update(runs=1, cpu_s=summary(clock.cpu), wall_s=summary(clock.wall), changes=changes)
    in_python.append(row)

    return {
        "runs": runs,
        "quick": options.quick,
        "slow": options.slow,
        "cpus": os.cpu_count(),
        "load_average": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
        "versions": versions,
        "inputs": inputs,
        "commands": [{**timing_figures(t), "output_kb": t.output_kb} for t in commands],
        "summary": None if result_json is None else result_json["summary"],
        "changes": None if result_json is None else changes_in(result_json),
        "in_process_cpu_s": summary(library.cpu),
        "in_process_wall_s": summary(library.wall),
        "in_process_same_output": same_as_command,
        "growth_runs": growth_runs,
        "growth": growth,
        "growth_ratio_4x_1x": growth_ratio,
        "comparison": comparison + in_python,
        "bench_seconds": None,
    }


# --------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------


def _s(figures: dict[str, float] | None, key: str = "best") -> str:
    return "-" if figures is None else f"{figures[key]:.2f} s"


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{op} {counts[op]}" for op in OPS)


def _against(counts: dict[str, int], base: dict[str, int], copies: int) -> str:
    """Say whether *counts* are *copies* times *base*, and where not, how they differ."""
    off = [f"{op} {counts[op]:,} ({copies * base[op]:,})" for op in OPS if counts[op] != copies * base[op]]
    return "yes" if not off else "no: " + ", ".join(off)


def print_report(r: dict[str, Any]) -> None:
    print(f"Edition diff benchmark: Frankenstein, 1818 against 1831 ({r['runs']} timed run"
          f"{'s' if r['runs'] != 1 else ''} after one warm-up, {r['cpus']} CPUs, load {r['load_average']})")
    for name, i in r["inputs"].items():
        print(f"  {name:<9} {i['blocks']:,} blocks, {i['words']:,} words; TEI {i['tei_kb']:,} KB, "
              f"plain text {i['text_kb']:,} KB")
    print("  CPU = user + system time of the whole process (getrusage RUSAGE_CHILDREN) or, in this")
    print("  process, time.process_time; wall = time.perf_counter; peak RSS of the warm-up run.")
    print()
    print("  1. toolkit diff 1818.xml 1831.xml as a subprocess")
    print(f"    {'command':<22} {'runs':>4} {'CPU best':>9} {'CPU median':>10} {'wall best':>9} "
          f"{'peak RSS':>8} {'output':>8}")
    for row in r["commands"]:
        name = row["tool"]
        if "missing" in row or "failed" in row:
            print(f"    {name:<22} {row.get('missing') or 'FAILED (' + row['failed'][:200] + ')'}")
            continue
        rss = "-" if row["peak_rss_mb"] is None else f"{row['peak_rss_mb']:.0f} MB"
        size = "" if row["output_kb"] is None else f"{row['output_kb']:,} KB"
        print(f"    {name:<22} {row['runs']:>4} {_s(row['cpu_s']):>9} {_s(row['cpu_s'], 'median'):>10} "
              f"{_s(row['wall_s']):>9} {rss:>8} {size:>8}")
    if r["summary"] is not None:
        print(f"    out.json: {_counts(r['summary'])}; {r['changes']:,} word changes")
    print(f"    diff_editions in this process, on the documents already read: "
          f"{_s(r['in_process_cpu_s'])} best, {_s(r['in_process_cpu_s'], 'median')} median CPU "
          f"({_s(r['in_process_wall_s'])} wall); output "
          f"{'identical to' if r['in_process_same_output'] else 'DIFFERS from'} the command's")
    print()
    runs = "one run each" if r["growth_runs"] == 1 else f"best of {r['growth_runs']}"
    print(f"  2. Growth: diff_editions on editions made of several copies of each text (fresh IDs "
          f"for each copy), {runs}")
    print(f"    {'text':<9} {'copies':>6} {'blocks':>7} {'words':>9} {'CPU best':>9} {'wall best':>9} "
          f"{'s / 10,000 words':>16}  summary = copies x 1x (where not, what copies x 1x gives)")
    labels = {"repeated": "repeated", "distinct": "distinct"}
    base = r["growth"]["repeated"][0]["summary"]
    for kind, rows in r["growth"].items():
        for g in rows:
            if kind == "distinct" and g["copies"] == 1:
                continue  # the same edition as one repeated copy
            print(f"    {labels[kind]:<9} {g['copies']:>6} {g['blocks']:>7,} {g['words']:>9,} {_s(g['cpu_s']):>9} "
                  f"{_s(g['wall_s']):>9} {g['cpu_s_per_10000_words']:>16.3f}  "
                  f"{_against(g['summary'], base, g['copies'])}")
    ratios = r["growth_ratio_4x_1x"]
    print(f"    time(4x) / time(1x) = {ratios['repeated']:.2f} repeated, {ratios['distinct']:.2f} distinct "
          f"(linear growth: 4)")
    print("    repeated: the texts over again, each block k times in each edition; distinct: each copy's")
    print("    words get a suffix (light, lightr2, lightr3...), a longer text with no repeated block.")
    print()
    print("  3. Points of comparison (words = blocks' words of both editions; plain text = `toolkit text`)")
    print(f"    {'tool':<37} {'input':<10} {'runs':>4} {'CPU best':>9} {'wall best':>9} {'peak RSS':>8} "
          f"{'changes':>7}  moved/split/merged")
    for row in r["comparison"]:
        name = row["tool"]
        if "missing" in row or "failed" in row or "skipped" in row:
            why = row.get("missing") or row.get("skipped") or f"FAILED ({row['failed'][:200]})"
            print(f"    {name:<37} {row['input']:<10} {why}")
            continue
        rss = "-" if row.get("peak_rss_mb") is None else f"{row['peak_rss_mb']:.0f} MB"
        counts = row.get("summary")
        reported = (f"{counts['moved']} / {counts['split']} / {counts['merged']}" if counts
                    else "not reported")
        print(f"    {name:<37} {row['input']:<10} {row['runs']:>4} {_s(row['cpu_s']):>9} "
              f"{_s(row['wall_s']):>9} {rss:>8} {row['changes']:>7,}  {reported}")
    print("    changes: our word changes (an added or deleted block is one); for the others, each")
    print("    [-deleted-], {+inserted+} or pair of them (a replacement), or each non-equal opcode.")
    print("    None of the others reports moved, split or merged paragraphs: a moved paragraph is a")
    print("    deletion and an insertion, a split or merge a few words inserted or deleted.")
    print()
    print("  Versions: " + "; ".join(f"{k}: {v or 'not installed'}" for k, v in r["versions"].items()))
    print(f"  The benchmark took {r['bench_seconds']:.0f} s.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs of the json diff (default 5)")
    parser.add_argument("--quick", action="store_true",
                        help="2 timed runs, 1 of the others and of growth; difflib skipped")
    parser.add_argument("--slow", action="store_true",
                        help="add diff-match-patch over the whole text (about 4 minutes)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="write the files to DIR (kept) instead of a temporary directory")
    options = parser.parse_args(argv)
    if options.quick:
        options.runs = min(options.runs, 2)
    if options.runs < 1:
        parser.error("--runs must be at least 1")
    absent = [name for name in EDITIONS.values() if not (SHARED / name).exists()]
    if absent:
        reason = f"{SHARED} has no {', '.join(absent)} (../shared is absent): nothing to measure"
        print(json.dumps({"skipped": reason}) if options.json else reason)
        return 0
    return run_benchmark(options, bench, print_report, "bench-diff-")


if __name__ == "__main__":
    sys.exit(main())
