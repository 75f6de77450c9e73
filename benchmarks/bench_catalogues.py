#!/usr/bin/env python3
"""Benchmark the catalogue commands against GNU gettext, itstool and po4a.

The speed targets: on a ~350,000-word TEI of ~7,000 blocks, ``toolkit
extract`` takes less CPU time than ``xgettext --its``, a quarter of
itstool's and a tenth of po4a's; on a 5,000-entry catalogue with 5 % of its
blocks edited, ``toolkit update`` takes a twentieth of the CPU time of
``msgmerge``.  This script

1. builds the input from the real novels in ``../shared/data/tei-documents/``:
   their sentences, in their own order first and then in seeded shuffles, cut
   into unique blocks of ~50 words (no two blocks the same: xgettext merges
   identical msgids, which would flatter it), 140 chapters with a heading
   each, a few words of most paragraphs wrapped in ``title``, ``foreign`` or
   ``quote``; where ``../shared`` is absent, generated text instead;
2. times extraction of the whole TEI: ``toolkit extract`` against
   ``xgettext --its``, ``itstool -i`` (the same ITS rules) and
   ``po4a-gettextize -f xml``;
3. times the update of a complete 5,000-entry Spanish catalogue after 250 of
   its blocks were edited: ``toolkit update`` against ``msgmerge``, and checks
   both results entry by entry;
4. prints the figures: CPU time (user + system) of the whole process, best and
   median of several runs, wall time, peak memory, the toolkit's own time in
   this process, and each tool's ratio to ours.

Everything happens in a temporary directory.  Run::

    python benchmarks/bench_catalogues.py             # 5 runs of each command
    python benchmarks/bench_catalogues.py --quick     # 2 runs
    python benchmarks/bench_catalogues.py --profile   # plus a cProfile of our calls
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import os
import pstats
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
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
    version_of,
)

import polib  # noqa: E402

from toolkit import __version__  # noqa: E402
from toolkit import workflow  # noqa: E402
from toolkit.model import (  # noqa: E402
    Block,
    BlockKind,
    Container,
    Document,
    Element,
    Inline,
    Metadata,
    with_sections,
)
from toolkit.po import read_catalogue, write_catalogue  # noqa: E402
from toolkit.tei import read_tei, tei_bytes  # noqa: E402


WORDS = 350_000
CHAPTERS = 140
BLOCK_WORDS = 50
UPDATE_ENTRIES = 5_000
EDIT_SHARE = 0.05
LANGUAGE = "es"
PREFIX = "bk"
INLINE_TAGS = ("title", "foreign", "quote")


@dataclass(frozen=True)
class Target:
    """A speed target from the issue: ours at least *factor* times faster in CPU time."""

    factor: float
    their_seconds: float  # the other tool's CPU time on the issue author's machine


TARGETS = {
    "xgettext": Target(1.0, 0.29),
    "itstool": Target(4.0, 1.1),
    "po4a": Target(10.0, 3.3),
    "msgmerge": Target(20.0, 10.8),
}

# --------------------------------------------------------------------------
# The input: unique blocks of real prose
# --------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?…»])\s+")


def real_sentences() -> dict[str, list[str]] | None:
    """Give the sentences of the shared novels, by language, in reading order (None if absent)."""
    if not all((SHARED_NOVELS / name).exists() for name in NOVELS):
        return None
    found: dict[str, list[str]] = {}
    seen: set[str] = set()
    for name in NOVELS:
        document = read_tei(SHARED_NOVELS / name)
        language = document.metadata.language
        for block in document.blocks:
            if block.kind in (BlockKind.HEADING, BlockKind.TITLE):
                continue
            for sentence in _SENTENCE_END.split(block.text):
                sentence = sentence.strip()
                if sentence and sentence not in seen:
                    seen.add(sentence)
                    found.setdefault(language, []).append(sentence)
    return found


_SYLLABLES = ("ka", "lo", "mi", "dru", "sen", "vo", "tar", "quel", "bri", "os", "ne",
              "zu", "pha", "rim", "the", "and", "of", "to", "in")


def generated_sentences(rng: random.Random, words: int) -> dict[str, list[str]]:
    """Give made-up sentences of about *words* words in all (where ../shared is absent)."""
    vocabulary = sorted({"".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(1, 4)))
                         for _ in range(8_000)})
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]
    sentences: list[str] = []
    total = 0
    while total < words:
        length = rng.randint(6, 24)
        chosen = rng.choices(vocabulary, weights, k=length)
        sentences.append(" ".join(chosen).capitalize() + rng.choice(".....?!"))
        total += length
    return {"en": sentences}


@dataclass
class Paragraph:
    """A paragraph of the input: its text and its language."""

    text: str
    language: str


@dataclass
class Corpus:
    """The input as chapters: each a heading and paragraphs."""

    chapters: list[tuple[str, list[Paragraph]]]
    source: str
    source_words: int
    passes: int


def _cut(sentences: Sequence[str], rng: random.Random) -> list[str]:
    """Give *sentences*, in order, gathered into blocks of about BLOCK_WORDS words.

    A block ends at the sentence break nearest its goal (drawn between 0.7 and
    1.3 times BLOCK_WORDS); a sentence longer than twice that is cut between words.
    """
    def goal() -> int:
        return rng.randint(round(0.7 * BLOCK_WORDS), round(1.3 * BLOCK_WORDS))

    blocks: list[str] = []
    current: list[str] = []
    wanted = goal()
    for sentence in sentences:
        words = sentence.split()
        if current and len(current) + len(words) - wanted > wanted - len(current):
            blocks.append(" ".join(current))  # closer to the goal without this sentence
            current, wanted = [], goal()
        while len(words) > 2 * BLOCK_WORDS:
            cut = max(1, wanted - len(current))
            blocks.append(" ".join(current + words[:cut]))
            words = words[cut:]
            current, wanted = [], goal()
        current.extend(words)
        if len(current) >= wanted:
            blocks.append(" ".join(current))
            current, wanted = [], goal()
    if current:
        blocks.append(" ".join(current))
    return blocks


def build_corpus(rng: random.Random, words: int = WORDS, chapters: int = CHAPTERS) -> Corpus:
    """Give *chapters* chapters of unique paragraphs, about *words* words in all.

    The first pass over the sentences keeps the novels' own order; each further
    pass shuffles them (per language), so that every block is real prose and
    no two blocks are equal.
    """
    pool = real_sentences()
    source = "shared novels: " + ", ".join(NOVELS)
    if pool is None:
        pool = generated_sentences(rng, words // 4)
        source = "GENERATED text (../shared/data/tei-documents is absent)"
    source_words = sum(len(s.split()) for sentences in pool.values() for s in sentences)
    heading_words = chapters * 8
    paragraphs: list[Paragraph] = []
    seen: set[str] = set()
    total, passes = 0, 0
    while total < words - heading_words:
        per_language: list[list[Paragraph]] = []
        for language, sentences in sorted(pool.items()):
            ordered = list(sentences)
            if passes:
                rng.shuffle(ordered)
            per_language.append([Paragraph(text, language) for text in _cut(ordered, rng)])
        # One language's blocks, then the other's, as in an anthology.
        for group in per_language:
            for paragraph in group:
                if paragraph.text in seen:
                    continue
                seen.add(paragraph.text)
                paragraphs.append(paragraph)
                total += len(paragraph.text.split())
                if total >= words - heading_words:
                    break
            if total >= words - heading_words:
                break
        passes += 1
    # Chapters of about equal size, each with a heading made of real words.
    per_chapter = len(paragraphs) / chapters
    result: list[tuple[str, list[Paragraph]]] = []
    for number in range(chapters):
        chunk = paragraphs[round(number * per_chapter):round((number + 1) * per_chapter)]
        opening = " ".join(chunk[0].text.split()[:5]).rstrip(",;:.!?")
        result.append((f"Chapter {number + 1}: {opening}", chunk))
    return Corpus(result, source, source_words, passes)


def _marked_up(text: str, rng: random.Random) -> tuple[Inline, ...]:
    """Give *text* as inline content with a few words (one or two spans) wrapped in markup."""
    words = text.split(" ")
    if len(words) < 8:
        return (text,)
    spans = 2 if rng.random() < 0.3 else 1
    starts = sorted(rng.sample(range(1, len(words) - 4), spans))
    if spans == 2 and starts[1] - starts[0] < 5:
        starts = starts[:1]
    content: list[Inline] = []
    position = 0
    for start in starts:
        length = rng.randint(1, 3)
        tag = rng.choice(INLINE_TAGS)
        attrs = (("xml:lang", "la"),) if tag == "foreign" else ()
        content.append((" " if position else "") + " ".join(words[position:start]) + " ")
        content.append(Element(tag, attrs, (" ".join(words[start:start + length]),)))
        position = start + length
    content.append(" " + " ".join(words[position:]))
    return tuple(content)


@dataclass
class Edition:
    """The input as model blocks, by chapter, before it is made a Document."""

    chapters: list[list[Block]]
    language: str

    def first(self, count: int | None) -> "Edition":
        """Give the edition cut after its first *count* blocks."""
        if count is None:
            return self
        chapters: list[list[Block]] = []
        left = count
        for blocks in self.chapters:
            if left <= 0:
                break
            chapters.append(blocks[:left])
            left -= len(chapters[-1])
        return Edition(chapters, self.language)

    def blocks(self) -> list[Block]:
        return [block for blocks in self.chapters for block in blocks]

    def document(self, title: str) -> Document:
        body = tuple(
            Container("div", tuple(blocks), id=f"{PREFIX}-s{number:03d}", attrs=(("type", "chapter"),))
            for number, blocks in enumerate(self.chapters, 1)
        )
        return Document(
            metadata=Metadata(title=title, language=self.language, author="Benchmark",
                              source="Sentences of ELTeC novels, recombined", date="2025"),
            body=with_sections(body),
        )


def make_edition(corpus: Corpus, rng: random.Random) -> Edition:
    """Give the corpus as blocks with IDs (bk-h00001, bk-p00001) and inline markup."""
    languages = [p.language for _, ps in corpus.chapters for p in ps]
    main = max(set(languages), key=languages.count)
    chapters: list[list[Block]] = []
    paragraph_number = 0
    for number, (heading, paragraphs) in enumerate(corpus.chapters, 1):
        blocks = [Block(BlockKind.HEADING, (heading,), id=f"{PREFIX}-h{number:05d}", tag="head")]
        for paragraph in paragraphs:
            paragraph_number += 1
            blocks.append(Block(
                BlockKind.PARAGRAPH, _marked_up(paragraph.text, rng),
                id=f"{PREFIX}-p{paragraph_number:05d}", tag="p",
                lang=None if paragraph.language == main else paragraph.language,
            ))
        chapters.append(blocks)
    return Edition(chapters, main)


_EDIT_WORDS = ("indeed", "quietly", "certainly", "again", "very", "already", "perhaps",
               "toujours", "encore", "vraiment", "little", "old", "strange", "whole")


def revise(edition: Edition, share: float, rng: random.Random) -> tuple[Edition, list[str]]:
    """Give *edition* with *share* of its paragraphs edited (a few words changed or
    inserted, IDs kept), and the IDs of the edited blocks."""
    candidates = [block.id for block in edition.blocks()
                  if block.kind is BlockKind.PARAGRAPH and block.id is not None]
    count = round(share * sum(len(blocks) for blocks in edition.chapters))
    chosen = set(rng.sample(candidates, count))
    chapters: list[list[Block]] = []
    for blocks in edition.chapters:
        revised: list[Block] = []
        for block in blocks:
            if block.id in chosen:
                block = replace(block, content=_edit(block.content, rng))
            revised.append(block)
        chapters.append(revised)
    return Edition(chapters, edition.language), sorted(chosen)


def _edit(content: tuple[Inline, ...], rng: random.Random) -> tuple[Inline, ...]:
    """Change or insert one to three words in the longest stretch of plain text."""
    texts = {i: item for i, item in enumerate(content) if isinstance(item, str)}
    index = max(texts, key=lambda i: len(texts[i]))
    text = texts[index]
    words = text.split(" ")
    places = [i for i, word in enumerate(words) if word]
    for _ in range(rng.randint(1, 3)):
        place = rng.choice(places)
        new = rng.choice(_EDIT_WORDS)
        if rng.random() < 0.5 and words[place] != new:
            words[place] = new  # a word changed
        else:
            words.insert(place, new)  # a word inserted
            places = [i for i, word in enumerate(words) if word]
    edited = " ".join(words)
    assert edited != text
    return content[:index] + (edited,) + content[index + 1:]


# --------------------------------------------------------------------------
# Fake translations
# --------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"(</?[A-Za-z_][\w.]*(?:-\d+)?\s*/?>)")
_SPACED = re.compile(r"(\s*)(.*?)(\s*)", re.DOTALL)


def fake_translation(block_id: str, source: str) -> str:
    """Give a deterministic "translation" of *source*: the words between placeholders
    reversed, placeholders and the spaces around them kept, the block's ID as a suffix."""
    turned: list[str] = []
    for part in _PLACEHOLDER.split(source):
        if _PLACEHOLDER.fullmatch(part):
            turned.append(part)
        else:
            match = _SPACED.fullmatch(part)
            assert match is not None
            lead, core, trail = match.groups()
            turned.append(lead + " ".join(reversed(core.split(" "))) + trail)
    return "".join(turned) + f" [{LANGUAGE}:{block_id}]"


# --------------------------------------------------------------------------
# The other tools
# --------------------------------------------------------------------------

TEI_NS = "http://www.tei-c.org/ns/1.0"
# GNU gettext's ITS rules for TEI: the blocks are translatable units, inline
# elements are part of their text.  The gettext extension gt:contextRule gives
# each entry its block's xml:id as msgctxt, as ours does (itstool ignores it).
ITS_RULES = f"""<?xml version="1.0"?>
<its:rules xmlns:its="http://www.w3.org/2005/11/its" xmlns:tei="{TEI_NS}"
           xmlns:gt="https://www.gnu.org/s/gettext/ns/its/extensions/1.0" version="2.0">
  <its:translateRule selector="/tei:TEI" translate="no"/>
  <its:translateRule selector="//tei:text//tei:p | //tei:text//tei:head | //tei:text//tei:item
                               | //tei:text//tei:titlePart" translate="yes"/>
  <its:withinTextRule selector="//tei:title | //tei:foreign | //tei:quote | //tei:hi | //tei:emph
                                | //tei:q | //tei:soCalled | //tei:term | //tei:name | //tei:lb"
                      withinText="yes"/>
  <gt:contextRule selector="//tei:text//*[@xml:id]" contextPointer="@xml:id"/>
</its:rules>
"""
# po4a's XML module: only the blocks (tagsonly), inline elements kept in their text.
PO4A_OPTIONS = ("-o", "tagsonly",
                "-o", "translated=<div><p> <div><head> <list><item> <titlePage><titlePart>",
                "-o", "inline=<title> <foreign> <quote> <hi> <emph> <q> <soCalled> <term> <name>")








@dataclass
class Tool:
    """A command to time: what it is, how to run it, what it writes."""

    name: str
    command: list[str]
    output: str | None  # the file it writes (checked, and deleted before each run)
    version: str = ""
    missing: str = ""  # why it cannot run, if it cannot
    prepare: Callable[[], None] | None = None  # run before each run, untimed


@dataclass
class Timing:
    """The figures of several runs of one tool."""

    tool: Tool
    cpu: list[float] = field(default_factory=list)
    wall: list[float] = field(default_factory=list)
    rss_mb: float | None = None
    status: int = 0
    message: str = ""
    entries: int | None = None
    same_text: int | None = None

    @property
    def ok(self) -> bool:
        return not self.tool.missing and self.status == 0 and bool(self.cpu)


# Runs a command as its own child and writes the child's peak RSS (KiB) to a file.
# A process spawned from this benchmark would report the benchmark's own RSS as
# its peak (Linux keeps the high-water mark across fork and exec); one forked
# from this small launcher starts from the launcher's few MB instead.


def run_process(command: list[str], folder: Path, log: Path) -> tuple[float, float, int]:
    """Run *command* in *folder*; give its CPU seconds (user + system), wall seconds
    and exit status.

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


def peak_rss_mb(command: list[str], folder: Path, log: Path) -> tuple[float | None, int]:
    """Run *command* once through the launcher; give its peak RSS in MB and exit status."""
    record = folder / "rss.txt"
    record.unlink(missing_ok=True)
    _, _, status = run_process([sys.executable, "-S", "-c", RSS_LAUNCHER, str(record), *command],
                               folder, log)
    if not record.exists():
        return None, status or 1
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB elsewhere
    return int(record.read_text()) * scale / 2**20, status


def time_tools(tools: list[Tool], folder: Path, runs: int) -> list[Timing]:
    """Run each available tool once to warm up (and measure its peak memory), then
    *runs* times, round robin, so that a change of the machine's load touches
    every tool alike."""
    timings = [Timing(tool) for tool in tools]
    for round_number in range(runs + 1):
        for timing in timings:
            tool = timing.tool
            if tool.missing or timing.status:
                continue
            if tool.output:
                (folder / tool.output).unlink(missing_ok=True)
            if tool.prepare:
                tool.prepare()
            log = folder / f"{tool.name.split()[0]}.log"
            if round_number == 0:
                rss, status = peak_rss_mb(tool.command, folder, log)
                timing.rss_mb = rss
            else:
                cpu, wall, status = run_process(tool.command, folder, log)
            if status or (tool.output and not (folder / tool.output).exists()):
                timing.status = status or 1
                timing.message = log.read_text(encoding="utf-8", errors="replace").strip()[-400:]
                continue
            if round_number:
                timing.cpu.append(cpu)
                timing.wall.append(wall)
    return timings


def in_process(call: Callable[[], object], runs: int, prepare: Callable[[], None]) -> list[float]:
    """CPU seconds (time.process_time) of *runs* calls of *call*, each after *prepare*."""
    times = []
    for _ in range(runs):
        prepare()
        # The benchmark's own objects out of the collector's sight, as in a fresh process.
        gc.collect()
        gc.freeze()
        start = time.process_time()
        call()
        times.append(time.process_time() - start)
        gc.unfreeze()
    return times


def profile_of(call: Callable[[], object], prepare: Callable[[], None], top: int = 15) -> str:
    """Give cProfile's top *top* functions by own time for one call of *call*."""
    prepare()
    gc.collect()
    gc.freeze()
    profiler = cProfile.Profile()
    profiler.enable()
    call()
    profiler.disable()
    gc.unfreeze()
    stream = io.StringIO()
    pstats.Stats(profiler, stream=stream).strip_dirs().sort_stats("tottime").print_stats(top)
    return stream.getvalue()


# --------------------------------------------------------------------------
# Checking the results
# --------------------------------------------------------------------------

_TAG_OR_SPACE = re.compile(r"<[^<>]*>|\s+")


def plain(text: str) -> str:
    """Give *text* without markup or placeholders and without spaces, for comparing tools."""
    return _TAG_OR_SPACE.sub("", text.replace("&lt;", "<").replace("&amp;", "&"))


def live_entries(path: Path) -> list[polib.POEntry]:
    return [entry for entry in polib.pofile(str(path)) if not entry.obsolete]


@dataclass
class UpdateCheck:
    """How the catalogue an update wrote compares with what it must be."""

    entries: int = 0
    obsolete: int = 0
    unchanged_kept: int = 0  # unchanged blocks: own translation, not fuzzy
    unchanged_total: int = 0
    edited_own: int = 0  # edited blocks: own translation kept
    edited_fuzzy: int = 0
    edited_previous: int = 0  # ... with the msgid the translator saw as #| msgid
    edited_other: int = 0  # ... with another block's translation
    edited_lost: int = 0  # ... with no translation at all
    edited_total: int = 0
    wrong_donor: int = 0  # any entry with a translation that belongs to another block
    problems: list[str] = field(default_factory=list)


def check_update(path: Path, old_sources: dict[str, str], new_sources: dict[str, str],
                 edited: set[str]) -> UpdateCheck:
    """Check the updated catalogue at *path* against the fake translations of its blocks."""
    check = UpdateCheck(unchanged_total=len(old_sources) - len(edited), edited_total=len(edited))
    owner = {fake_translation(i, source): i for i, source in old_sources.items()}
    catalogue = polib.pofile(str(path))
    check.obsolete = sum(entry.obsolete for entry in catalogue)
    found: dict[str, polib.POEntry] = {}
    for entry in catalogue:
        if entry.obsolete:
            continue
        check.entries += 1
        # msgmerge keeps the context; an entry without one is named by its msgid.
        block_id = entry.msgctxt or next((i for i, s in new_sources.items() if s == entry.msgid), "?")
        found[block_id] = entry
        donor = owner.get(entry.msgstr)
        if entry.msgstr and donor != block_id:
            check.wrong_donor += 1
            if len(check.problems) < 5:
                check.problems.append(f"{block_id}: translation of {donor or 'no block'}")
    for block_id, source in old_sources.items():
        entry = found.get(block_id)
        own = fake_translation(block_id, source)
        fuzzy = entry is not None and "fuzzy" in entry.flags
        if block_id not in edited:
            check.unchanged_kept += entry is not None and entry.msgstr == own and not fuzzy
            continue
        if entry is None or not entry.msgstr:
            check.edited_lost += 1
            continue
        if entry.msgstr == own:
            check.edited_own += 1
        else:
            check.edited_other += 1
        check.edited_fuzzy += fuzzy
        check.edited_previous += entry.previous_msgid == source
    return check


# --------------------------------------------------------------------------
# The benchmark
# --------------------------------------------------------------------------




def timing_figures(timing: Timing, ours: Timing | None) -> dict[str, Any]:
    tool = timing.tool
    figures: dict[str, Any] = {"tool": tool.name, "version": tool.version,
                               "command": " ".join(tool.command)}
    if tool.missing:
        figures["missing"] = tool.missing
        return figures
    if not timing.ok:
        figures["failed"] = f"exit {timing.status}: {timing.message}"
        return figures
    figures.update(entries=timing.entries, same_text_as_ours=timing.same_text,
                   cpu_s=summary(timing.cpu), wall_s=summary(timing.wall),
                   peak_rss_mb=None if timing.rss_mb is None else round(timing.rss_mb, 1))
    target = TARGETS.get(tool.name)
    if ours is not None and ours.ok and timing is not ours:
        ratio = min(timing.cpu) / min(ours.cpu)
        figures["ratio"] = round(ratio, 2)
        figures["ratio_median"] = round(statistics.median(timing.cpu) / statistics.median(ours.cpu), 2)
        if target:
            figures["target"] = {"factor": target.factor, "their_cpu_s": target.their_seconds,
                                 "met": ratio >= target.factor}
    return figures


def bench(options: argparse.Namespace, folder: Path) -> dict[str, Any]:
    runs = options.runs
    rng = random.Random(options.seed)
    toolkit = toolkit_command()
    versions = {
        "toolkit": f"toolkit {__version__} at {checkout()} ({' '.join(toolkit)})",
        "python": sys.version.split()[0],
        "xgettext": version_of(["xgettext", "--version"]),
        "msgmerge": version_of(["msgmerge", "--version"]),
        "itstool": version_of(["itstool", "--version"]),
        "po4a": version_of(["po4a-updatepo", "--version"]),
    }

    # 1. The input.
    started = time.perf_counter()
    corpus = build_corpus(rng)
    edition = make_edition(corpus, rng)
    document = edition.document("The catalogue benchmark")
    big = folder / "big.xml"
    big.write_bytes(tei_bytes(document))
    block_texts = [block.text for block in document.blocks]
    assert len(set(block_texts)) == len(block_texts), "two blocks are equal"
    (folder / "rules.its").write_text(ITS_RULES, encoding="utf-8")
    input_figures = {
        "source": corpus.source,
        "source_words": corpus.source_words,
        "passes_over_source": corpus.passes,
        "words": sum(len(text.split()) for text in block_texts),
        "blocks": len(block_texts),
        "headings": sum(b.kind is BlockKind.HEADING for b in document.blocks),
        "paragraphs_with_markup": sum(any(isinstance(i, Element) for i in b.content)
                                      for b in document.blocks),
        "inline_elements": sum(isinstance(i, Element) for b in document.blocks for i in b.content),
        "tei_mb": round(big.stat().st_size / 2**20, 2),
        "build_s": round(time.perf_counter() - started, 2),
    }

    # 2. Extraction.
    def missing(*programs: str) -> str:
        return "" if all(shutil.which(p) for p in programs) else "not installed"

    extract_tools = [
        Tool("toolkit", [*toolkit, "extract", "big.xml", "-o", "toolkit.pot"], "toolkit.pot",
             versions["toolkit"]),
        Tool("xgettext", ["xgettext", "--its=rules.its", "-o", "xgettext.pot", "big.xml"],
             "xgettext.pot", versions["xgettext"], missing("xgettext")),
        Tool("itstool", ["itstool", "-i", "rules.its", "-o", "itstool.pot", "big.xml"],
             "itstool.pot", versions["itstool"], missing("itstool")),
        Tool("po4a", ["po4a-updatepo", "-f", "xml", "-m", "big.xml", "-M", "UTF-8",
                      "-p", "po4a.pot", *PO4A_OPTIONS], "po4a.pot", versions["po4a"],
             missing("po4a-updatepo")),
    ]
    extraction = time_tools(extract_tools, folder, runs)
    our_texts = {plain(e.msgid) for e in live_entries(folder / "toolkit.pot")}
    for timing in extraction:
        if timing.ok:
            assert timing.tool.output
            entries = live_entries(folder / timing.tool.output)
            timing.entries = len(entries)
            timing.same_text = sum(plain(e.msgid) in our_texts for e in entries)
    startup = time_tools([Tool("toolkit --version", [*toolkit, "--version"], None)], folder, runs)[0]

    def fresh_pot() -> None:
        (folder / "inproc.pot").unlink(missing_ok=True)

    def extract_call() -> object:
        return workflow.extract(big, folder / "inproc.pot", "big.xml", "big")

    extract_inproc = in_process(extract_call, runs, fresh_pot)
    same_extract = (folder / "inproc.pot").read_bytes() == (folder / "toolkit.pot").read_bytes()

    # 3. Update: the first 5,000 blocks, a complete catalogue, 5 % of the blocks edited.
    previous = edition.first(UPDATE_ENTRIES)
    revised, edited_ids = revise(previous, EDIT_SHARE, rng)
    for name, version in (("old", previous), ("new", revised)):
        (folder / name).mkdir(exist_ok=True)
        (folder / name / "book.xml").write_bytes(tei_bytes(version.document("The catalogue benchmark")))
        workflow.extract(folder / name / "book.xml", folder / f"{name}.pot", "book.xml", "book")
    catalogue_path = folder / "es.po"
    workflow.update(folder / "old.pot", catalogue_path, LANGUAGE)
    catalogue = read_catalogue(catalogue_path)
    catalogue = replace(catalogue, entries=tuple(
        replace(entry, translation=fake_translation(entry.context or "", entry.source))
        for entry in catalogue.entries))
    write_catalogue(catalogue_path, catalogue)
    old_sources = {e.msgctxt: e.msgid for e in live_entries(folder / "old.pot")}
    new_sources = {e.msgctxt: e.msgid for e in live_entries(folder / "new.pot")}
    edited = set(edited_ids)
    assert {i for i in old_sources if old_sources[i] != new_sources[i]} == edited

    def fresh_catalogue(name: str) -> Callable[[], None]:
        def copy() -> None:
            shutil.copyfile(catalogue_path, folder / name)
        return copy

    update_tools = [
        Tool("toolkit", [*toolkit, "update", "--pot", "new.pot", "--po", "toolkit-es.po",
                         "--lang", LANGUAGE], "toolkit-es.po", versions["toolkit"],
             prepare=fresh_catalogue("toolkit-es.po")),
        Tool("msgmerge", ["msgmerge", "es.po", "new.pot", "-o", "merged.po"], "merged.po",
             versions["msgmerge"], missing("msgmerge")),
    ]
    update_timings = time_tools(update_tools, folder, runs)
    checks: dict[str, UpdateCheck] = {}
    for timing in update_timings:
        if timing.ok:
            assert timing.tool.output
            checks[timing.tool.name] = check_update(folder / timing.tool.output, old_sources,
                                                    new_sources, edited)
            timing.entries = checks[timing.tool.name].entries
    prepare_update = fresh_catalogue("inproc-es.po")

    def update_call() -> object:
        return workflow.update(folder / "new.pot", folder / "inproc-es.po", LANGUAGE)

    update_inproc = in_process(update_call, runs, prepare_update)
    same_update = (update_timings[0].ok and (folder / "inproc-es.po").read_bytes()
                   == (folder / "toolkit-es.po").read_bytes())

    profiles = None
    if options.profile:
        profiles = {"extract": profile_of(extract_call, fresh_pot),
                    "update": profile_of(update_call, prepare_update)}

    return {
        "seed": options.seed,
        "runs": runs,
        "cpus": os.cpu_count(),
        "load_average": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
        "versions": versions,
        "input": input_figures,
        "extraction": [timing_figures(t, extraction[0]) for t in extraction],
        "extraction_in_process_cpu_s": summary(extract_inproc),
        "extraction_in_process_same_output": same_extract,
        "startup_cpu_s": summary(startup.cpu),
        "update_input": {"entries": len(old_sources), "edited": len(edited)},
        "update": [timing_figures(t, update_timings[0]) for t in update_timings],
        "update_in_process_cpu_s": summary(update_inproc),
        "update_in_process_same_output": same_update,
        "update_checks": {name: vars(check) for name, check in checks.items()},
        "profiles": profiles,
        "bench_seconds": None,
    }


# --------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------


def _seconds(figures: dict[str, float] | None, key: str) -> str:
    return "-" if figures is None else f"{figures[key]:.2f} s"


def print_table(rows: list[dict[str, Any]]) -> None:
    header = (f"    {'tool':<10} {'entries':>7} {'same text':>9} {'CPU best':>9} {'CPU median':>10} "
              f"{'wall best':>9} {'peak RSS':>9} {'ratio':>7}  {'target':<8} met")
    print(header)
    for row in rows:
        name = row["tool"]
        if "missing" in row:
            print(f"    {name:<10} {row['missing']}")
            continue
        if "failed" in row:
            print(f"    {name:<10} FAILED ({row['failed'][:200]})")
            continue
        ratio = f"{row['ratio']:.2f}x" if "ratio" in row else "1"
        target = row.get("target")
        wanted = f">= {target['factor']:g}x" if target else ""
        met = ("yes" if target["met"] else "NO") if target else ""
        rss = "-" if row["peak_rss_mb"] is None else f"{row['peak_rss_mb']:.0f} MB"
        same = "" if row["same_text_as_ours"] is None else f"{row['same_text_as_ours']:,}"
        print(f"    {name:<10} {row['entries']:>7,} {same:>9} {_seconds(row['cpu_s'], 'best'):>9} "
              f"{_seconds(row['cpu_s'], 'median'):>10} {_seconds(row['wall_s'], 'best'):>9} "
              f"{rss:>9} {ratio:>7}  {wanted:<8} {met}")


def print_report(r: dict[str, Any]) -> None:
    i = r["input"]
    print(f"Catalogue benchmark (seed {r['seed']}, {r['runs']} timed run{'s' if r['runs'] != 1 else ''} after one warm-up, "
          f"{r['cpus']} CPUs, load {r['load_average']})")
    print(f"  input      {i['words']:,} words in {i['blocks']:,} unique blocks ({i['headings']} headings), "
          f"{i['inline_elements']:,} inline elements in {i['paragraphs_with_markup']:,} blocks; "
          f"TEI {i['tei_mb']} MB")
    print(f"             from {i['source']} ({i['source_words']:,} words, sentences recombined "
          f"in {i['passes_over_source']} passes)")
    print("  CPU = user + system time of the whole process (getrusage RUSAGE_CHILDREN);")
    print("  ratio = the tool's best CPU time / ours (how many times faster ours is).")
    print()
    print("  Extraction of the whole TEI (POT written afresh each run)")
    print_table(r["extraction"])
    print(f"    toolkit in-process (workflow.extract): {_seconds(r['extraction_in_process_cpu_s'], 'best')} "
          f"best, {_seconds(r['extraction_in_process_cpu_s'], 'median')} median CPU; "
          f"output {'identical to' if r['extraction_in_process_same_output'] else 'DIFFERS from'} the command's")
    print(f"    toolkit start-up (`toolkit --version`): {_seconds(r['startup_cpu_s'], 'best')} CPU best")
    u = r["update_input"]
    print()
    print(f"  Update of a complete {u['entries']:,}-entry catalogue after {u['edited']} blocks were edited")
    print_table(r["update"])
    print(f"    toolkit in-process (workflow.update): {_seconds(r['update_in_process_cpu_s'], 'best')} "
          f"best, {_seconds(r['update_in_process_cpu_s'], 'median')} median CPU; "
          f"output {'identical to' if r['update_in_process_same_output'] else 'DIFFERS from'} the command's")
    print()
    print("  Correctness of the updated catalogues")
    for name, c in r["update_checks"].items():
        print(f"    {name:<9} unchanged: {c['unchanged_kept']:,}/{c['unchanged_total']:,} kept their "
              f"translation, not fuzzy")
        print(f"    {'':<9} edited:    {c['edited_own']}/{c['edited_total']} kept their own translation, "
              f"{c['edited_fuzzy']} fuzzy, {c['edited_previous']} with the previous msgid (#|), "
              f"{c['edited_other']} got another block's, {c['edited_lost']} lost theirs")
        if name == "msgmerge" and not c["edited_previous"]:
            print(f"    {'':<9} (msgmerge writes the previous msgid only when given --previous)")
        print(f"    {'':<9} entries with another block's translation: {c['wrong_donor']}; "
              f"{c['entries']:,} entries, {c['obsolete']} obsolete"
              + (f"; e.g. {', '.join(c['problems'])}" if c["problems"] else ""))
    print()
    print("  Versions: " + "; ".join(f"{k}: {v or 'not installed'}" for k, v in r["versions"].items()))
    print(f"  The benchmark took {r['bench_seconds']:.0f} s.")
    if r["profiles"]:
        for name, text in r["profiles"].items():
            print()
            print(f"  cProfile of the in-process {name} (top 15 by own time)")
            print(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each command (default 5)")
    parser.add_argument("--quick", action="store_true", help="2 timed runs instead of 5")
    parser.add_argument("--seed", type=int, default=20250601, help="random seed")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--profile", action="store_true",
                        help="add a cProfile of our in-process extract and update")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="write the files to DIR (kept) instead of a temporary directory")
    options = parser.parse_args(argv)
    if options.quick:
        options.runs = min(options.runs, 2)
    if options.runs < 1:
        parser.error("--runs must be at least 1")
    return run_benchmark(options, bench, print_report, "bench-catalogues-")


if __name__ == "__main__":
    sys.exit(main())
