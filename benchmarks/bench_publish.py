#!/usr/bin/env python3
"""Benchmark ``toolkit publish`` on the shipped essay and on editions of up to 1,000,000 words.

The targets: publishing the essay in all its languages takes under 2 s, and a
1,000,000-word edition in 10 languages publishes in time linear in its size.
This script

1. times ``toolkit publish -o DIR`` as a subprocess on the repository's own
   project (``toolkit.toml``: the TEI of *The Revolution Betrayed* and its
   catalogues), into an empty folder each run, and again into a folder that
   already holds the same site; and ``toolkit --version`` for the start-up;
2. builds synthetic projects of several sizes (by default 62,500 to 1,000,000
   words), each with 10 languages, from the real novels of
   ``../shared/data/tei-documents/``, with the toolkit itself: the prose as
   plain text, ``toolkit encode``, ``toolkit extract``, ``toolkit update``,
   catalogues filled with fake translations (9 blocks in 10) by polib; they are
   cached, keyed by size, so that later runs skip this step, which is never
   timed;
3. times ``toolkit publish`` on each of them, and reports seconds per size,
   time and words as ratios to the smallest size (linear growth: equal ratios),
   and the size of the site written;
4. times ``toolkit.publish.publish`` in this process on the largest project,
   with Python's garbage-collector thresholds (what a library caller gets) and
   with those the ``toolkit`` command sets, with the collector's share and the
   time of each stage of publishing (reading the catalogues, building the
   translations, the pages' rows, rendering them...); and gives a cProfile of
   one more call: the top 10 functions by own time.

CPU is user + system time of the whole process; peak RSS is the warm-up run's.
Where ``../shared`` is absent, step 1 runs and steps 2 to 4 are skipped (exit
status 0).  Run::

    python benchmarks/bench_publish.py               # 3 timed runs of each command
    python benchmarks/bench_publish.py --quick       # small sizes only, 1 run: a fast check
    python benchmarks/bench_publish.py --sizes 62500,250000 --repeat 5
    python benchmarks/bench_publish.py --json        # the same figures as JSON
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import importlib.metadata
import io
import json
import os
import pstats
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchrun import (  # noqa: E402
    NOVELS,
    SHARED_NOVELS,
    RSS_LAUNCHER,
    checkout,
    run_benchmark,
    summary,
    toolkit_command,
)

import polib  # noqa: E402

from toolkit import __version__  # noqa: E402
from toolkit.model import BlockKind, words  # noqa: E402
from toolkit.project import find_project  # noqa: E402
from toolkit.publish import publish  # noqa: E402
from toolkit.tei import read_tei  # noqa: E402


SIZES = (62_500, 125_000, 250_000, 500_000, 1_000_000)
QUICK_SIZES = (15_625, 31_250, 62_500)
LANGUAGES = ("de", "fr", "es", "it", "pt", "ru", "ar", "he", "zh", "ja")
UNTRANSLATED = 0.10  # the share of entries left without a translation
SEED = 20261125
# Bump when the fixtures change, so that cached ones are made again.
FIXTURE_VERSION = 1
DEFAULT_CACHE = Path(tempfile.gettempdir()) / "toolkit-bench-publish-cache"
# The garbage collector's thresholds that the toolkit command sets before it runs a
# command (toolkit/cli.py, _Group.invoke); a library call runs with Python's (700, 10, 10).
COMMAND_GC_THRESHOLD = (50_000, 50, 50)

# --------------------------------------------------------------------------
# Running commands
# --------------------------------------------------------------------------


@dataclass
class Tool:
    """A command to time: what it is, where it runs, what to do before each run."""

    name: str
    command: list[str]
    cwd: Path
    runs: int
    prepare: Callable[[], None] | None = None  # untimed, before every run (the warm-up's too)


@dataclass
class Timing:
    """The figures of several runs of one command."""

    tool: Tool
    cpu: list[float] = field(default_factory=list)
    wall: list[float] = field(default_factory=list)
    rss_mb: float | None = None
    status: int | None = None  # the exit status that failed, if one did
    message: str = ""
    log: str = ""  # what the warm-up run wrote to standard error

    @property
    def ok(self) -> bool:
        return self.status is None and bool(self.cpu)


def run_process(command: list[str], folder: Path, log: Path) -> tuple[float, float, int]:
    """Run *command* in *folder*, its output to *log*; give its CPU seconds (user + system),
    wall seconds and exit status.

    The CPU time is the change of ``getrusage(RUSAGE_CHILDREN)`` across the run:
    the whole process and any processes it waited for, every thread included.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(log, "wb") as out:
        start = time.perf_counter()
        done = subprocess.run(command, cwd=folder, stdout=out, stderr=subprocess.STDOUT,
                              stdin=subprocess.DEVNULL, check=False)
        wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall, done.returncode


def peak_rss_mb(command: list[str], folder: Path, log: Path, record: Path) -> tuple[float | None, int]:
    """Run *command* once through the launcher; give its peak RSS in MB and exit status."""
    record.unlink(missing_ok=True)
    _, _, status = run_process([sys.executable, "-S", "-c", RSS_LAUNCHER, str(record), *command],
                               folder, log)
    if not record.exists():
        return None, status or 1
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB elsewhere
    return int(record.read_text()) * scale / 2**20, status


def time_tools(tools: list[Tool], work: Path) -> list[Timing]:
    """Run each tool once to warm up (and measure its peak memory), then its number of
    runs, round robin, so that a change of the machine's load touches every tool alike."""
    timings = [Timing(tool) for tool in tools]
    for round_number in range(max(tool.runs for tool in tools) + 1):
        for timing in timings:
            tool = timing.tool
            if timing.status is not None or round_number > tool.runs:
                continue
            if tool.prepare:
                tool.prepare()
            name = re.sub(r"\W+", "-", tool.name).strip("-")
            log = work / f"{name}.log"
            if round_number == 0:
                rss, status = peak_rss_mb(tool.command, tool.cwd, log, work / "rss.txt")
                timing.rss_mb = rss
                timing.log = log.read_text(encoding="utf-8", errors="replace")
            else:
                cpu, wall, status = run_process(tool.command, tool.cwd, log)
            if status != 0:
                timing.status = status
                timing.message = log.read_text(encoding="utf-8", errors="replace").strip()[-400:]
                continue
            if round_number:
                timing.cpu.append(cpu)
                timing.wall.append(wall)
    return timings


def timing_figures(timing: Timing) -> dict[str, Any]:
    tool = timing.tool
    figures: dict[str, Any] = {"name": tool.name, "command": " ".join(tool.command), "runs": tool.runs}
    if not timing.ok:
        figures["failed"] = f"exit {timing.status}: {timing.message}"
        return figures
    figures.update(cpu_s=summary(timing.cpu), wall_s=summary(timing.wall),
                   peak_rss_mb=None if timing.rss_mb is None else round(timing.rss_mb, 1))
    return figures


def removed(folder: Path) -> Callable[[], None]:
    """A prepare step: *folder* deleted, so that the command publishes into an empty one."""
    return lambda: shutil.rmtree(folder, ignore_errors=True)


def site_size(folder: Path) -> tuple[int, int]:
    """The number of files in *folder* and their size in bytes."""
    files = [path for path in folder.rglob("*") if path.is_file()]
    return len(files), sum(path.stat().st_size for path in files)


_BUILD_LINE = re.compile(r"^(\S+): (\d+) of (\d+) blocks translated", re.M)


def translated_counts(log: str) -> dict[str, tuple[int, int]]:
    """Each language's translated and total blocks, from what ``toolkit publish`` prints."""
    return {match[1]: (int(match[2]), int(match[3])) for match in _BUILD_LINE.finditer(log)}


def package_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


# --------------------------------------------------------------------------
# The synthetic projects
# --------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"""[.,;:!?…]["'’”»)\]]*$""")


def novel_blocks() -> list[tuple[str, str]] | None:
    """Give the blocks of the shared novels as (kind, one-line text), kind "heading" or
    "paragraph", in reading order; None where ../shared is absent."""
    if not all((SHARED_NOVELS / name).exists() for name in NOVELS):
        return None
    found: list[tuple[str, str]] = []
    for name in NOVELS:
        for block in read_tei(SHARED_NOVELS / name).blocks:
            text = " ".join(block.text.split())
            if not text:
                continue
            if block.kind in (BlockKind.HEADING, BlockKind.TITLE):
                # A heading in plain text: a short line without the punctuation that ends a sentence.
                heading = text.rstrip(" .,;:!?…")
                if heading and len(heading.split()) <= 10 and len(heading) <= 80:
                    found.append(("heading", heading))
                    continue
            found.append(("paragraph", text))
    return found


def plain_text(blocks: list[tuple[str, str]], target: int, title: str) -> tuple[str, int]:
    """Give a plain text of *target* words (as :func:`toolkit.model.words` counts them) made of
    *blocks* over and over: copy 2 and later give each block a suffix, ``(Reprise 2.)``, so
    that no two blocks are the same; and the number of words it has."""
    lines = [title]
    count = len(words(title))
    copy = 0
    while count < target:
        copy += 1
        for kind, text in blocks:
            if kind == "heading":
                text = text if copy == 1 else f"{text} (reprise {copy})"
            else:
                text = text if copy == 1 else f"{text} (Reprise {copy}.)"
                if not _SENTENCE_END.search(text):
                    text += "."  # so that a short paragraph is not read as a heading
            n = len(words(text))
            if count + n > target:
                if kind == "heading":
                    break
                tokens = text.split()
                while tokens and count + len(words(" ".join(tokens))) > target:
                    tokens.pop()
                if not tokens:
                    break
                text = " ".join(tokens).rstrip(",;:") + "."
                n = len(words(text))
            lines.append(text)
            count += n
            if count >= target:
                break
    return "\n\n".join(lines) + "\n", count


# A placeholder tag, or an escaped character, which a fake translation must keep as it is.
_KEEP = re.compile(r"(<[^\W\d][\w.-]*\s*/?>|</[^\W\d][\w.-]*\s*>|&(?:lt|gt|amp);)")
_LATIN = "abcdefghijklmnopqrstuvwxyz"
# Letters of each language's script, for a fake translation that takes as many bytes as a real one.
_SCRIPTS = {
    "ru": "абвгдежзийклмнопрстуфхцчшщ",
    "ar": "ابتثجحخدذرزسشصضطظعغفقكلمنه",
    "he": "אבגדהוזחטיכלמנסעפצקרשתךםןףץ",
    "zh": "的一是在不了有和人这中大为上个国我以要他时来用们",
    "ja": "あいうえおかきくけこさしすせそたちつてとなにぬねのは",
}
_TABLES = {lang: str.maketrans(_LATIN + _LATIN.upper(), "".join(letters[i % len(letters)] for i in range(52)))
           for lang, letters in _SCRIPTS.items()}


def fake_translation(msgid: str, language: str) -> str:
    """Give *msgid* with the words of each stretch of text in reverse order (and, for a
    language of another script, its Latin letters in that script), every placeholder and
    escaped character kept as it is and where it is."""
    table = _TABLES.get(language)
    pieces = _KEEP.split(msgid)
    for i in range(0, len(pieces), 2):  # the even pieces are text, the odd ones what is kept
        piece = pieces[i]
        if not piece.strip():
            continue
        lead = piece[: len(piece) - len(piece.lstrip())]
        trail = piece[len(piece.rstrip()):]
        text = " ".join(reversed(piece.split()))
        pieces[i] = lead + (text.translate(table) if table else text) + trail
    return "".join(pieces)


def fixture_key(target: int, languages: tuple[str, ...]) -> str:
    return f"w{target}-{'-'.join(languages)}-s{SEED}-v{FIXTURE_VERSION}"


def make_project(folder: Path, blocks: list[tuple[str, str]], target: int,
                 languages: tuple[str, ...]) -> dict[str, Any]:
    """Make a project of *target* words in *folder* with the toolkit's own commands."""
    toolkit = toolkit_command()
    start = time.perf_counter()

    def run(*arguments: str) -> None:
        done = subprocess.run([*toolkit, *arguments], cwd=folder, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"toolkit {' '.join(arguments)} failed ({done.returncode}): "
                               f"{(done.stderr or done.stdout).strip()[-600:]}")

    text, counted = plain_text(blocks, target, f"A Reader of {target:,} Words")
    (folder / "tei").mkdir(parents=True)
    (folder / "text.txt").write_text(text, encoding="utf-8")
    run("encode", "text.txt", "-o", "tei/work.xml", "--lang", "en", "--author", "Edna Lyall and Paul Adam",
        "--id-prefix", "wk")
    (folder / "toolkit.toml").write_text(
        "# A synthetic project of bench_publish.py.\n[catalogues]\n"
        'source = "tei/work.xml"\ndomain = "work"\nlocale = "locale"\neditions = "editions"\n',
        encoding="utf-8")
    run("extract")
    run("update", *(argument for language in languages for argument in ("--lang", language)))
    rng = random.Random(f"{SEED}-{target}")
    filled: dict[str, int] = {}
    for language in languages:
        path = folder / "locale" / language / "LC_MESSAGES" / "work.po"
        catalogue = polib.pofile(str(path), wrapwidth=79)
        catalogue.metadata["Last-Translator"] = f"bench_publish.py (fake {language} translation)"
        count = 0
        for entry in catalogue:
            if entry.obsolete or (rng.random() < UNTRANSLATED and "Title" not in entry.comment):
                continue
            entry.msgstr = fake_translation(entry.msgid, language)
            count += 1
        catalogue.save(str(path))
        filled[language] = count
    run("update")  # the catalogues laid out as the toolkit writes them
    document = read_tei(folder / "tei" / "work.xml")
    kinds = [block.kind for block in document.blocks]
    catalogue_bytes = sum((folder / "locale" / language / "LC_MESSAGES" / "work.po").stat().st_size
                          for language in languages)
    return {
        "target_words": target,
        "words": sum(len(words(block.text)) for block in document.blocks),
        "text_words": counted,
        "blocks": len(kinds),
        "headings": kinds.count(BlockKind.HEADING),
        "languages": list(languages),
        "translated_entries": filled,
        "tei_mb": round((folder / "tei" / "work.xml").stat().st_size / 1e6, 2),
        "catalogues_mb": round(catalogue_bytes / 1e6, 1),
        "made_in_s": round(time.perf_counter() - start, 1),
        "made_with": f"toolkit {__version__} at {checkout()}",
        "fixture_version": FIXTURE_VERSION,
    }


def cached_project(cache: Path, blocks: list[tuple[str, str]], target: int,
                   languages: tuple[str, ...]) -> tuple[Path, dict[str, Any], bool]:
    """Give the project of *target* words from *cache*, making it first where it is not there;
    and whether it was made now. ``fixture.json``, written last, marks a complete one."""
    folder = cache / fixture_key(target, languages)
    manifest = folder / "fixture.json"
    if manifest.is_file():
        return folder, json.loads(manifest.read_text(encoding="utf-8")), False
    cache.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(prefix=folder.name + ".", suffix=".partial", dir=cache))
    try:
        info = make_project(partial, blocks, target, languages)
        (partial / "fixture.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
        shutil.rmtree(folder, ignore_errors=True)
        partial.rename(folder)
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return folder, info, True


# --------------------------------------------------------------------------
# In this process
# --------------------------------------------------------------------------

# The stages of publishing: the function that does each, as publish finds it (a name of
# toolkit.publish, or of the module it imports the function from when it runs).  A stage
# may name functions of several versions of the toolkit; those not found are left out.
STAGES = (
    ("read the source TEI", "toolkit.publish", "read_edition"),
    ("read the catalogues", "toolkit.po", "read_catalogue"),
    ("build the translations", "toolkit.publish", "build_translation"),
    ("translated TEI as bytes", "toolkit.tei", "tei_bytes"),
    ("catalogue statistics", "toolkit.publish", "catalogue_stats"),
    ("blocks as page parts", "toolkit.publish", "block_parts"),
    ("parts' HTML, once a page", "toolkit.pages", "prerender"),
    ("reading page rows", "toolkit.publish", "reading_rows"),
    ("bilingual page rows", "toolkit.publish", "bilingual_rows"),
    ("tables of contents", "toolkit.publish", "contents"),
    ("render pages (Jinja2)", "toolkit.pages", "site_page"),
    ("write the files", "toolkit.publish", "_Site.write"),
    ("write the files", "toolkit.publish", "_Site._write"),
)


class StageClocks:
    """Wraps the functions of :data:`STAGES` for the length of a ``with``, adding up the CPU
    and wall seconds spent in each (a few hundred calls a run: the wrappers cost nothing
    that shows)."""

    def __init__(self) -> None:
        self.cpu = {label: 0.0 for label, *_ in STAGES}
        self.wall = {label: 0.0 for label, *_ in STAGES}
        self.missing: list[str] = []
        self.found: set[str] = set()  # the labels of the stages timed
        self._undo: list[tuple[Any, str, Any]] = []

    def __enter__(self) -> "StageClocks":
        import importlib

        for label, module_name, attribute in STAGES:
            owner: Any = importlib.import_module(module_name)
            *path, name = attribute.split(".")
            for part in path:
                owner = getattr(owner, part, None)
            original = getattr(owner, name, None) if owner is not None else None
            if original is None:
                self.missing.append(f"{module_name}.{attribute}")
                continue
            self.found.add(label)
            self._undo.append((owner, name, owner.__dict__.get(name)))
            setattr(owner, name, self._clocked(label, original))
        return self

    def _clocked(self, label: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def clocked(*args: Any, **kwargs: Any) -> Any:
            cpu, wall = time.process_time(), time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.cpu[label] += time.process_time() - cpu
                self.wall[label] += time.perf_counter() - wall
        return clocked

    def __exit__(self, *exc: object) -> None:
        for owner, name, before in reversed(self._undo):
            if before is None:
                delattr(owner, name)  # it came from the module's __getattr__
            else:
                setattr(owner, name, before)
        self._undo.clear()


class GcClock:
    """A ``gc.callbacks`` entry adding up the CPU seconds of the garbage collector's passes,
    and counting them by generation."""

    def __init__(self) -> None:
        self.cpu = 0.0
        self.collections = [0, 0, 0]
        self._start = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._start = time.process_time()
        else:
            self.cpu += time.process_time() - self._start
            self.collections[info["generation"]] += 1


def publish_once(project_folder: Path, output: Path) -> Any:
    project = find_project(project_folder)
    assert project is not None
    return publish(project, output)


def in_process(project_folder: Path, output: Path, runs: int,
               threshold: tuple[int, int, int] | None = None) -> dict[str, Any]:
    """Time *runs* calls of :func:`toolkit.publish.publish` into an empty *output* (emptied
    untimed), with the benchmark's own objects frozen out of the collector's sight and the
    collector's *threshold* (default: as it is, Python's own); and the time of each stage,
    and of the collector, in the fastest call."""
    cpu, wall = [], []
    best: dict[str, Any] | None = None
    before = gc.get_threshold()
    for _ in range(runs):
        shutil.rmtree(output, ignore_errors=True)
        collector = GcClock()
        gc.collect()
        gc.freeze()
        gc.set_threshold(*(threshold or before))
        gc.callbacks.append(collector)
        with StageClocks() as clocks:
            start_cpu, start = time.process_time(), time.perf_counter()
            report = publish_once(project_folder, output)
            wall.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        gc.callbacks.remove(collector)
        gc.set_threshold(*before)
        del report
        gc.unfreeze()
        if best is None or cpu[-1] <= best["cpu_s"]:
            best = {"cpu_s": cpu[-1], "clocks": clocks, "gc": collector}
    shutil.rmtree(output, ignore_errors=True)
    assert best is not None
    clocks = best["clocks"]
    functions: dict[str, list[str]] = {}
    for label, module, attribute in STAGES:
        if f"{module}.{attribute}" not in clocks.missing:
            functions.setdefault(label, []).append(f"{module}.{attribute}")
    stages = [{"stage": label, "function": ", ".join(names), "cpu_s": round(clocks.cpu[label], 2),
               "wall_s": round(clocks.wall[label], 2), "share": round(clocks.cpu[label] / best["cpu_s"], 3)}
              for label, names in functions.items()]
    rest = best["cpu_s"] - sum(clocks.cpu.values())
    stages.append({"stage": "everything else", "function": "", "cpu_s": round(rest, 2), "wall_s": None,
                   "share": round(rest / best["cpu_s"], 3)})
    collector = best["gc"]
    return {"runs": runs, "cpu_s": summary(cpu), "wall_s": summary(wall), "stages": stages,
            "stages_not_found": clocks.missing, "gc_threshold": list(threshold or before),
            "gc_cpu_s": round(collector.cpu, 2), "gc_collections": collector.collections}


def profile_of(project_folder: Path, output: Path, top: int = 10) -> dict[str, Any]:
    """Give cProfile's top *top* functions by own time for one call of publish, with the
    command's collector thresholds."""
    shutil.rmtree(output, ignore_errors=True)
    before = gc.get_threshold()
    gc.collect()
    gc.freeze()
    gc.set_threshold(*COMMAND_GC_THRESHOLD)
    profiler = cProfile.Profile()
    profiler.enable()
    publish_once(project_folder, output)
    profiler.disable()
    gc.set_threshold(*before)
    gc.unfreeze()
    shutil.rmtree(output, ignore_errors=True)
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream)
    total = stats.total_tt  # type: ignore[attr-defined]
    stats.strip_dirs().sort_stats("tottime").print_stats(top)
    text = stream.getvalue()
    table = text[text.index("ncalls"):] if "ncalls" in text else text
    return {"total_s": round(total, 2), "top": table.rstrip()}


# --------------------------------------------------------------------------
# The benchmark
# --------------------------------------------------------------------------


def bench(options: argparse.Namespace, work: Path) -> dict[str, Any]:
    toolkit = toolkit_command()
    repeat = options.repeat
    result: dict[str, Any] = {
        "repeat": repeat,
        "quick": options.quick,
        "cpus": os.cpu_count(),
        "load_average": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
        "versions": {
            "toolkit": f"toolkit {__version__} at {checkout()} ({' '.join(toolkit)})",
            "python": sys.version.split()[0],
            "lxml": package_version("lxml"),
            "jinja2": package_version("jinja2"),
            "polib": package_version("polib"),
        },
    }

    # 1. The shipped project.
    project = find_project(REPO)
    assert project is not None, "no toolkit.toml in the repository"
    source_document = read_tei(project.source)
    shipped_fresh, shipped_again = work / "shipped-fresh", work / "shipped-again"
    shipped = time_tools([
        Tool("publish (empty folder)", [*toolkit, "publish", "-o", str(shipped_fresh)], REPO, repeat,
             removed(shipped_fresh)),
        Tool("publish again (site unchanged)", [*toolkit, "publish", "-o", str(shipped_again)], REPO, repeat),
        Tool("--version (start-up)", [*toolkit, "--version"], REPO, repeat),
    ], work)
    files, size = site_size(shipped_fresh) if shipped[0].ok else (0, 0)
    result["shipped"] = {
        "source": project.relative(project.source),
        "languages": project.languages(),
        "blocks": len(source_document.blocks),
        "words": sum(len(words(block.text)) for block in source_document.blocks),
        "translated": {lang: list(counts) for lang, counts in translated_counts(shipped[0].log).items()},
        "files": files,
        "site_mb": round(size / 1e6, 2),
        "commands": [timing_figures(timing) for timing in shipped],
    }

    # 2. Synthetic projects of several sizes.
    blocks = novel_blocks()
    if blocks is None:
        result["scaling_skipped"] = f"{SHARED_NOVELS} is absent (no ../shared): no synthetic projects"
        return result
    languages = LANGUAGES[: options.languages]
    cache = options.cache.resolve()
    projects: list[tuple[int, Path, dict[str, Any]]] = []
    made = []
    for target in options.sizes:
        if not options.json:
            print(f"  project of {target:,} words in {len(languages)} languages ...", end=" ",
                  file=sys.stderr, flush=True)
        folder, info, new = cached_project(cache, blocks, target, languages)
        if not options.json:
            print(f"made in {info['made_in_s']:.0f} s" if new else "cached", file=sys.stderr)
        if new:
            made.append(target)
        projects.append((target, folder, info))
    tools = [Tool(f"publish {target:,} words", [*toolkit, "publish", "-o", str(work / f"site-{target}")],
                  folder, repeat, removed(work / f"site-{target}"))
             for target, folder, _ in projects]
    timings = time_tools(tools, work)
    rows = []
    for (target, folder, info), timing in zip(projects, timings):
        output = work / f"site-{target}"
        files, size = site_size(output) if timing.ok else (0, 0)
        if not options.keep:
            shutil.rmtree(output, ignore_errors=True)  # a million words in ten languages take 0.7 GB
        counts = translated_counts(timing.log)
        rows.append({
            **timing_figures(timing),
            "words": info["words"],
            "blocks": info["blocks"],
            "tei_mb": info["tei_mb"],
            "catalogues_mb": info["catalogues_mb"],
            "translated_blocks": sum(t for t, _ in counts.values()),
            "language_blocks": sum(n for _, n in counts.values()),
            "files": files,
            "site_mb": round(size / 1e6, 1),
        })
    base = rows[0]
    for row in rows:
        if row.get("cpu_s") and base.get("cpu_s"):
            row["words_ratio"] = round(row["words"] / base["words"], 2)
            row["cpu_ratio"] = round(row["cpu_s"]["best"] / base["cpu_s"]["best"], 2)
            row["wall_ratio"] = round(row["wall_s"]["best"] / base["wall_s"]["best"], 2)
            row["cpu_s_per_100000_words"] = round(row["cpu_s"]["best"] / row["words"] * 100_000, 3)
    result.update(languages=list(languages), cache=str(cache), fixtures_made=made,
                  fixture_source=", ".join(NOVELS), scaling=rows)

    # 3. The library call in this process, and its profile, on the largest project.
    target, folder, info = projects[-1]
    output = work / "site-in-process"
    result["in_process"] = {
        "words": info["words"],
        "languages": len(languages),
        "python_gc": in_process(folder, output, options.library_runs),
        "command_gc": in_process(folder, output, options.library_runs, COMMAND_GC_THRESHOLD),
    }
    if not options.no_profile:
        result["profile"] = {"words": info["words"], **profile_of(folder, output)}
    return result


# --------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------


def _s(figures: dict[str, float] | None, key: str = "best") -> str:
    return "-" if figures is None else f"{figures[key]:.2f} s"


def print_report(r: dict[str, Any]) -> None:
    print(f"Publish benchmark ({r['repeat']} timed run{'s' if r['repeat'] != 1 else ''} after one warm-up, "
          f"{r['cpus']} CPUs, load {r['load_average']})")
    print("  CPU = user + system time of the whole process (getrusage RUSAGE_CHILDREN) or, in this")
    print("  process, time.process_time; wall = time.perf_counter; peak RSS of the warm-up run.")
    print()
    s = r["shipped"]
    translated = ", ".join(f"{lang} {t}/{n}" for lang, (t, n) in s["translated"].items())
    print(f"  1. The shipped project: {s['source']}, {s['blocks']:,} blocks, {s['words']:,} words; "
          f"languages {', '.join(s['languages'])} (blocks translated: {translated})")
    print(f"    {'command':<32} {'runs':>4} {'CPU best':>9} {'CPU median':>10} {'wall best':>9} "
          f"{'wall median':>11} {'peak RSS':>8}")
    for row in s["commands"]:
        if "failed" in row:
            print(f"    {row['name']:<32} FAILED ({row['failed'][:300]})")
            continue
        rss = "-" if row["peak_rss_mb"] is None else f"{row['peak_rss_mb']:.0f} MB"
        print(f"    {row['name']:<32} {row['runs']:>4} {_s(row['cpu_s']):>9} {_s(row['cpu_s'], 'median'):>10} "
              f"{_s(row['wall_s']):>9} {_s(row['wall_s'], 'median'):>11} {rss:>8}")
    print(f"    site: {s['files']} files, {s['site_mb']:.2f} MB. Target: under 2 s.")
    if "scaling_skipped" in r:
        print()
        print(f"  2-3. Skipped: {r['scaling_skipped']}")
        print(f"  The benchmark took {r['bench_seconds']:.0f} s.")
        return
    print()
    made = (f"; made now: {', '.join(f'{w:,}' for w in r['fixtures_made'])} words" if r["fixtures_made"]
            else "; all from the cache")
    print(f"  2. Synthetic projects, {len(r['languages'])} languages ({' '.join(r['languages'])}), "
          f"prose of {r['fixture_source']}")
    print(f"     cached in {r['cache']}{made}")
    print(f"    {'words':>9} {'blocks':>6} {'CPU best':>9} {'CPU med':>8} {'wall best':>9} {'peak RSS':>8} "
          f"{'words x':>7} {'CPU x':>6} {'wall x':>6} {'CPU/100k w':>10} {'translated':>10} {'site':>9} "
          f"{'TEI':>7} {'POs':>7}")
    for row in r["scaling"]:
        if "failed" in row:
            print(f"    {row['words']:>9,} {row['blocks']:>6,} FAILED ({row['failed'][:300]})")
            continue
        rss = "-" if row["peak_rss_mb"] is None else f"{row['peak_rss_mb']:.0f} MB"
        share = (f"{100 * row['translated_blocks'] / row['language_blocks']:.1f}%"
                 if row["language_blocks"] else "-")
        print(f"    {row['words']:>9,} {row['blocks']:>6,} {_s(row['cpu_s']):>9} {_s(row['cpu_s'], 'median'):>8} "
              f"{_s(row['wall_s']):>9} {rss:>8} {row.get('words_ratio', 0):>7.2f} {row.get('cpu_ratio', 0):>6.2f} "
              f"{row.get('wall_ratio', 0):>6.2f} {row.get('cpu_s_per_100000_words', 0):>8.3f} s "
              f"{share:>10} {row['site_mb']:>6.1f} MB {row['tei_mb']:>4.1f} MB {row['catalogues_mb']:>4.0f} MB")
    print("    words x, CPU x, wall x: ratios to the smallest size (linear growth: CPU x = words x);")
    print("    translated: blocks translated over all languages; site: what publish wrote (MB = 10^6 bytes);")
    print("    TEI, POs: the project's source TEI and its catalogues together.")
    print()
    lib = r["in_process"]
    print(f"  3. toolkit.publish.publish in this process, {lib['words']:,} words in {lib['languages']} languages "
          f"(CPU best, median; wall best; of the CPU, in the garbage collector)")
    for key, label in (("python_gc", "Python's collector thresholds"), ("command_gc", "the command's thresholds")):
        run = lib[key]
        print(f"    {label + ' ' + str(tuple(run['gc_threshold'])):<48} {_s(run['cpu_s'])}, "
              f"{_s(run['cpu_s'], 'median')}; {_s(run['wall_s'])}; gc {run['gc_cpu_s']:.2f} s "
              f"({100 * run['gc_cpu_s'] / run['cpu_s']['best']:.0f}%, collections by generation "
              f"{tuple(run['gc_collections'])}); {run['runs']} run{'s' if run['runs'] != 1 else ''}")
    run = lib["command_gc"]
    print("    time by stage in the fastest call with the command's thresholds (CPU, wall; share of its CPU):")
    for stage in run["stages"]:
        wall = "" if stage["wall_s"] is None else f"{stage['wall_s']:7.2f} s"
        print(f"      {stage['stage']:<26} {stage['cpu_s']:>7.2f} s {wall:>9} {100 * stage['share']:5.1f}%  "
              f"{stage['function']}")
    if run["stages_not_found"]:
        print(f"      (not in this version of the toolkit, so not timed: {', '.join(run['stages_not_found'])})")
    profile = r.get("profile")
    if profile:
        print(f"    cProfile of one call ({profile['total_s']:.1f} s under the profiler), "
              "top 10 functions by own time:")
        for line in profile["top"].splitlines():
            print("      " + line)
    print()
    print("  Versions: " + "; ".join(f"{k}: {v}" for k, v in r["versions"].items()))
    print(f"  The benchmark took {r['bench_seconds']:.0f} s.")


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(sorted({int(part.replace("_", "")) for part in text.split(",") if part.strip()}))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of word counts: {text!r}") from None
    if not sizes or sizes[0] < 1000:
        raise argparse.ArgumentTypeError("sizes are word counts of at least 1000, e.g. 62500,125000")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=_sizes, metavar="N,N,...",
                        help=f"word counts of the synthetic projects (default {','.join(map(str, SIZES))}; "
                             f"with --quick {','.join(map(str, QUICK_SIZES))})")
    parser.add_argument("--repeat", type=int, help="timed runs of each command (default 3; 1 with --quick)")
    parser.add_argument("--quick", action="store_true",
                        help="small sizes only, 1 timed run, no profile: a fast check")
    parser.add_argument("--languages", type=int, default=len(LANGUAGES), choices=range(1, len(LANGUAGES) + 1),
                        metavar="N", help=f"languages of the synthetic projects (default {len(LANGUAGES)})")
    parser.add_argument("--library-runs", type=int, default=1,
                        help="timed in-process calls on the largest project (default 1)")
    parser.add_argument("--no-profile", action="store_true", help="leave out the cProfile")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, metavar="DIR",
                        help=f"where the synthetic projects are kept between runs (default {DEFAULT_CACHE})")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="write the sites and logs to DIR (kept) instead of a temporary directory")
    options = parser.parse_args(argv)
    if options.repeat is None:
        options.repeat = 1 if options.quick else 3
    if options.quick:
        options.no_profile = True
    if options.sizes is None:
        options.sizes = QUICK_SIZES if options.quick else SIZES
    if options.repeat < 1 or options.library_runs < 1:
        parser.error("--repeat and --library-runs must be at least 1")
    return run_benchmark(options, bench, print_report, "bench-publish-")


if __name__ == "__main__":
    sys.exit(main())
