#!/usr/bin/env python3
"""Benchmark ``toolkit encode --ids-from`` on a 100,000-word text of 1,000 blocks.

The speed target: carrying the IDs of a previous edition over to a revised
one of that size takes well under a second.  This script

1. generates, from a fixed seed, a plain-text edition of about 100,000 words
   in 1,000 blocks (a title, a heading every ~20 paragraphs, paragraphs of
   ~100 pseudo-English words drawn from a Zipf-distributed vocabulary);
2. encodes it as TEI with IDs: the previous edition;
3. revises it as an editor would: ~5% of paragraphs edited (some lightly,
   some with a third of their words changed), ~1% each moved far, split in
   two, merged with the next, deleted, and inserted;
4. times the whole ``toolkit encode revised.txt --ids-from previous.xml -o
   out.xml`` job in-process (best and median of several runs), the ID
   carry-over alone, each stage of the job, and the command as a subprocess
   (interpreter start-up included); measures peak memory;
5. checks the result against what the revision really did: edited and moved
   blocks must keep their IDs, splits, merges, deletions and insertions must
   be reported as such.

Everything happens in a temporary directory; nothing is read from outside the
repository and nothing from the network.  Run::

    python benchmarks/bench_encode.py            # plain report
    python benchmarks/bench_encode.py --json     # the same figures as JSON
    python benchmarks/bench_encode.py --profile  # plus a cProfile of the job
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import cProfile
import io
import math
import os
import pstats
import random
import statistics
import subprocess
import sys
import textwrap
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchrun import run_benchmark  # noqa: E402

from toolkit.cli import main as cli_main  # noqa: E402
from toolkit.encode import encode, read_edition  # noqa: E402
from toolkit.fileio import write_atomic  # noqa: E402
from toolkit.ids import CarryOverReport, carry_over_ids  # noqa: E402
from toolkit.model import BlockKind, Document, words  # noqa: E402
from toolkit.tei import tei_bytes  # noqa: E402

TARGET_SECONDS = 1.0
"""The target: the in-process job takes well under this."""
CONCERN_SECONDS = 0.5
"""Above this, the job is not "well under" the target any more."""

# --------------------------------------------------------------------------
# The text: a vocabulary and a generator of headings and paragraphs
# --------------------------------------------------------------------------

FUNCTION_WORDS = (
    "the of and to a in that is was he for it with as his on be at by this had not "
    "are but from or have an they which one you were her all she there would their "
    "we him been has when who will more no if out so said what up its about into than "
    "them can only other new some could time these two may then do first any my now "
    "such like our over man me even most made after also did many before must through"
).split()
ONSETS = ("b c d f g h j k l m n p r s t v w z bl br ch cl cr dr fl fr gl gr kn pl pr "
          "qu sc sh sk sl sm sn sp st str sw th tr wh").split()
VOWELS = "a e i o u a e i o ea ee ai ou oa io ie au y".split()
CODAS = ["", "", "", "n", "r", "s", "t", "l", "m", "d", "nd", "st", "rt", "ck", "ng", "ll",
         "nt", "sh", "rd", "x"]
ZIPF_EXPONENT = 1.07


class Vocabulary:
    """Pseudo-English words with Zipf-like frequencies: short words are common."""

    def __init__(self, rng: random.Random, size: int) -> None:
        chosen: list[str] = list(FUNCTION_WORDS)
        seen = set(chosen)
        while len(chosen) < size:
            rank = len(chosen)
            # Common words are short, rare ones long.
            syllables = 1 + min(3, int(rng.expovariate(1.0) * (0.4 + math.log10(rank) / 2)))
            word = "".join(
                rng.choice(ONSETS) * (k > 0 or rng.random() < 0.8)
                + rng.choice(VOWELS)
                + (rng.choice(CODAS) if k == syllables - 1 or rng.random() < 0.3 else "")
                for k in range(syllables)
            )
            if 2 <= len(word) <= 16 and word not in seen:
                seen.add(word)
                chosen.append(word)
        self.words = chosen
        self.rng = rng
        cumulative, total = [], 0.0
        for rank in range(1, len(chosen) + 1):
            total += 1.0 / rank**ZIPF_EXPONENT
            cumulative.append(total)
        self._cumulative = cumulative

    def draw(self, n: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self._cumulative, k=n)

    def draw_content(self, n: int) -> list[str]:
        """Words from the less common part of the vocabulary (for headings)."""
        return self.rng.sample(self.words[len(FUNCTION_WORDS):len(FUNCTION_WORDS) + 1500], n)


def sentence(vocabulary: Vocabulary, length: int) -> str:
    rng = vocabulary.rng
    tokens = vocabulary.draw(length)
    tokens[0] = tokens[0].capitalize()
    for k in range(2, length - 2):
        if rng.random() < 0.06:
            tokens[k] += ","
    tokens[-1] += "?" if rng.random() < 0.03 else "."
    return " ".join(tokens)


def paragraph(vocabulary: Vocabulary, length: int) -> str:
    """A paragraph of exactly *length* words, in sentences of about 6 to 30 words."""
    rng = vocabulary.rng
    sentences, left = [], length
    while left > 0:
        n = max(6, min(30, int(rng.gauss(17, 6))))
        if left - n < 6:
            n = left
        sentences.append(sentence(vocabulary, n))
        left -= n
    return " ".join(sentences)


def heading(vocabulary: Vocabulary) -> str:
    rng = vocabulary.rng
    title = [w.capitalize() for w in vocabulary.draw_content(rng.randint(2, 5))]
    if rng.random() < 0.5:
        title.insert(rng.randint(1, len(title) - 1), rng.choice(["and", "of", "in", "the"]))
    return " ".join(title)


@dataclass
class Entry:
    """A block of the generated text, and (in the revision) where it came from."""

    kind: str  # "title", "heading" or "paragraph"
    text: str
    origin: str = "unchanged"  # what the revision did to it
    source: tuple[int, ...] = ()  # indices of the previous blocks it comes from


def generate(rng: random.Random, vocabulary: Vocabulary, total_words: int, blocks: int,
             per_section: int) -> list[Entry]:
    """The previous edition: a title, sections of ~*per_section* paragraphs under a heading."""
    paragraphs = round((blocks - 1) * per_section / (per_section + 1))
    headings = blocks - 1 - paragraphs
    sizes = [per_section] * headings
    # Vary the section sizes, keeping the total.
    for _ in range(headings * 3):
        a, b = rng.randrange(headings), rng.randrange(headings)
        if sizes[a] > per_section // 2 and sizes[b] < per_section * 3 // 2:
            sizes[a] -= 1
            sizes[b] += 1
    sizes[-1] += paragraphs - sum(sizes)

    entries = [Entry("title", " ".join(w.capitalize() for w in vocabulary.draw_content(4)))]
    heading_texts = [heading(vocabulary) for _ in range(headings)]
    heading_words = sum(len(words(t)) for t in heading_texts) + len(words(entries[0].text))
    # Paragraph lengths around the mean, adjusted to give the total exactly.
    mean = (total_words - heading_words) / paragraphs
    lengths = [max(20, min(300, round(rng.gauss(mean, mean * 0.4)))) for _ in range(paragraphs)]
    excess = sum(lengths) - (total_words - heading_words)
    while excess:
        k = rng.randrange(paragraphs)
        step = 1 if excess > 0 else -1
        if 20 < lengths[k] - step < 300:
            lengths[k] -= step
            excess -= step
    lengths_iter = iter(lengths)
    for title, size in zip(heading_texts, sizes):
        entries.append(Entry("heading", title))
        for _ in range(size):
            entries.append(Entry("paragraph", paragraph(vocabulary, next(lengths_iter))))
    for k, entry in enumerate(entries):
        entry.source = (k,)
    return entries


def render(entries: list[Entry], rng: random.Random) -> str:
    """The plain text: blocks separated by blank lines; half the paragraphs hard-wrapped."""
    out = []
    for entry in entries:
        if entry.kind == "paragraph" and rng.random() < 0.5:
            out.append(textwrap.fill(entry.text, 72, break_long_words=False,
                                     break_on_hyphens=False))
        else:
            out.append(entry.text)
    return "\n\n".join(out) + "\n"


# --------------------------------------------------------------------------
# The revision
# --------------------------------------------------------------------------

RATES = {
    "edited": 0.04,  # a few words changed
    "heavily edited": 0.01,  # a third of the words changed
    "moved": 0.01,  # moved far, text unchanged
    "split": 0.01,  # split in two at a sentence break
    "merged": 0.01,  # merged with the next paragraph
    "deleted": 0.01,
    "inserted": 0.01,
}


def _word_core(token: str) -> tuple[str, str]:
    core = token.rstrip(".,?")
    return core, token[len(core):]


def edit_lightly(text: str, vocabulary: Vocabulary) -> str:
    """Change 1 to 5 words: replace, insert or delete."""
    rng = vocabulary.rng
    edited = text
    while edited == text:  # a replacement may draw the same word
        edited = _edit_lightly(text, vocabulary, rng)
    return edited


def _edit_lightly(text: str, vocabulary: Vocabulary, rng: random.Random) -> str:
    tokens = text.split()
    for _ in range(rng.randint(1, 5)):
        k = rng.randrange(1, len(tokens) - 1)
        core, tail = _word_core(tokens[k])
        action = rng.random()
        if action < 0.6:
            new = vocabulary.draw(1)[0]
            tokens[k] = (new.capitalize() if core[:1].isupper() else new) + tail
        elif action < 0.8 and not core[:1].isupper():
            tokens.insert(k, vocabulary.draw(1)[0])
        elif not tail and not core[:1].isupper():
            del tokens[k]
    return " ".join(tokens)


def edit_heavily(text: str, vocabulary: Vocabulary) -> str:
    """Replace a third of the words."""
    rng = vocabulary.rng
    tokens = text.split()
    for k in rng.sample(range(len(tokens)), len(tokens) // 3):
        core, tail = _word_core(tokens[k])
        new = vocabulary.draw(1)[0]
        tokens[k] = (new.capitalize() if core[:1].isupper() else new) + tail
    return " ".join(tokens)


def split_text(text: str, rng: random.Random) -> tuple[str, str] | None:
    """Split at the sentence break nearest a point 30-70% of the way in."""
    tokens = text.split()
    breaks = [k + 1 for k, t in enumerate(tokens[:-1]) if t.endswith((".", "?"))]
    if not breaks:
        return None
    aim = len(tokens) * rng.uniform(0.3, 0.7)
    cut = min(breaks, key=lambda k: abs(k - aim))
    return " ".join(tokens[:cut]), " ".join(tokens[cut:])


def revise(previous: list[Entry], rng: random.Random, vocabulary: Vocabulary,
           mean_words: int) -> list[Entry]:
    """The revised edition, each entry saying what the revision did to it."""
    paragraphs = [k for k, e in enumerate(previous) if e.kind == "paragraph"]
    counts = {what: max(1, round(rate * len(paragraphs))) for what, rate in RATES.items()}
    # Pick the paragraphs to change, none next to another change, so that
    # what happened to each is unambiguous.
    reserved: set[int] = set()
    chosen: dict[str, list[int]] = {}
    candidates = paragraphs[:]
    rng.shuffle(candidates)
    for what in ("split", "merged", "moved", "deleted", "heavily edited", "edited"):
        picked: list[int] = []
        for k in candidates:
            if len(picked) == counts[what]:
                break
            span = [k, k + 1] if what == "merged" else [k]
            if what == "merged" and (k + 1 >= len(previous)
                                     or previous[k + 1].kind != "paragraph"):
                continue
            if what == "split" and split_text(previous[k].text, random.Random(0)) is None:
                continue
            if any(i in reserved for s in span for i in (s - 1, s, s + 1)):
                continue
            picked.append(k)
            reserved.update(span)
        chosen[what] = sorted(picked)

    action = {k: what for what, ks in chosen.items() for k in ks}
    revised: list[Entry] = []
    moving: list[Entry] = []
    skip = False
    for k, entry in enumerate(previous):
        if skip:
            skip = False
            continue
        what_now = action.get(k)
        if what_now is None:
            revised.append(Entry(entry.kind, entry.text, "unchanged", (k,)))
        elif what_now == "edited":
            revised.append(Entry(entry.kind, edit_lightly(entry.text, vocabulary), what_now, (k,)))
        elif what_now == "heavily edited":
            revised.append(Entry(entry.kind, edit_heavily(entry.text, vocabulary), what_now,
                                 (k,)))
        elif what_now == "split":
            parts = split_text(entry.text, rng)
            assert parts is not None
            revised += [Entry(entry.kind, parts[0], "split", (k,)),
                        Entry(entry.kind, parts[1], "split", (k,))]
        elif what_now == "merged":
            revised.append(Entry(entry.kind, entry.text + " " + previous[k + 1].text,
                                 "merged", (k, k + 1)))
            skip = True
        elif what_now == "deleted":
            pass
        elif what_now == "moved":
            moving.append(Entry(entry.kind, entry.text, "moved", (k,)))
            revised.append(Entry("placeholder", "", "placeholder", (k,)))

    def quiet_spot(far_from: int | None = None) -> int:
        """A place between two unchanged blocks (and far from *far_from*)."""
        while True:
            at = rng.randrange(2, len(revised))
            if any(e.origin != "unchanged" for e in revised[at - 1:at + 1]):
                continue
            if far_from is not None and abs(at - far_from) < len(revised) // 4:
                continue
            return at

    for entry in moving:
        at = next(k for k, e in enumerate(revised) if e.origin == "placeholder"
                  and e.source == entry.source)
        del revised[at]
        revised.insert(quiet_spot(far_from=at), entry)
    for _ in range(counts["inserted"]):
        length = max(20, round(rng.gauss(mean_words, mean_words * 0.4)))
        revised.insert(quiet_spot(), Entry("paragraph", paragraph(vocabulary, length),
                                           "inserted", ()))
    return revised


# --------------------------------------------------------------------------
# Checking the carry-over against the truth
# --------------------------------------------------------------------------


def check(previous_doc: Document, result_doc: Document, report: CarryOverReport,
          revised: list[Entry]) -> dict[str, dict[str, int]]:
    old_ids = [str(b.id) for b in previous_doc.blocks]
    new_ids = [str(b.id) for b in result_doc.blocks]
    assert len(new_ids) == len(revised), (len(new_ids), len(revised))
    edited, moved = set(report.edited), set(report.moved)
    splits = {old: parts for old, parts in report.split}
    merges = {tuple(parts): new for parts, new in report.merged}
    retired, new = set(report.retired), set(report.new)
    previous_set = set(old_ids)
    results: dict[str, dict[str, int]] = {}

    def tally(what: str, ok: bool, reported: str | None = None, as_such: bool = False) -> None:
        """Count one change of kind *what*: handled right (*ok*), and *reported* as such."""
        counts = results.setdefault(what, {"total": 0, "kept_or_reported": 0})
        counts["total"] += 1
        counts["kept_or_reported"] += ok
        if reported is not None:
            counts[reported] = counts.get(reported, 0) + as_such

    wrong_ids = 0
    k = 0
    while k < len(revised):
        entry, got = revised[k], new_ids[k]
        if entry.origin in ("unchanged", "edited", "heavily edited", "moved"):
            want = old_ids[entry.source[0]]
            ok = got == want
            wrong_ids += got in previous_set and not ok
            if entry.origin == "moved":
                tally("moved", ok, "reported_moved", got in moved)
            elif entry.origin == "unchanged":
                tally("unchanged", ok)
            else:
                tally(entry.origin, ok, "reported_edited", got in edited)
        elif entry.origin == "split":
            want = old_ids[entry.source[0]]
            pair = [got, new_ids[k + 1]]
            ok = want in pair and sorted(splits.get(want, [])) == sorted(pair)
            tally("split", ok)
            k += 1  # the second part
        elif entry.origin == "merged":
            parts = tuple(old_ids[i] for i in entry.source)
            ok = merges.get(parts) == got and got in parts
            tally("merged", ok)
        elif entry.origin == "inserted":
            tally("inserted", got not in previous_set and got in new)
        k += 1
    deleted = {old_ids[i] for i in range(len(old_ids))} - {
        old_ids[i] for e in revised for i in e.source}
    for old in deleted:
        tally("deleted", old in retired and old not in new_ids)

    # Events reported that did not happen.
    true_moved = {old_ids[e.source[0]] for e in revised if e.origin == "moved"}
    true_split = {old_ids[e.source[0]] for e in revised if e.origin == "split"}
    true_merged = {tuple(old_ids[i] for i in e.source) for e in revised if e.origin == "merged"}
    true_new = {new_ids[k] for k, e in enumerate(revised) if e.origin in ("inserted",)}
    true_new |= {new_ids[k] for k, e in enumerate(revised)
                 if e.origin == "split" and new_ids[k] != old_ids[e.source[0]]}
    true_retired = deleted | {i for parts, new in report.merged for i in parts if i != new}
    results["spurious"] = {
        "moved": len(moved - true_moved),
        "split": len(set(splits) - true_split),
        "merged": len(set(merges) - true_merged),
        "new": len(new - true_new),
        "retired": len(retired - true_retired),
        "wrong_old_id": wrong_ids,
    }
    return results


# --------------------------------------------------------------------------
# Timing
# --------------------------------------------------------------------------


def run_cli(args: list[str]) -> str:
    """Run the ``toolkit`` command in this process; give what it wrote to stderr."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        cli_main.main(args=args, prog_name="toolkit", standalone_mode=False)
    return err.getvalue()


def timed(function: Callable[..., object], runs: int,
          setup: Callable[[], tuple[object, ...]] | None = None,
          cpu: list[float] | None = None) -> list[float]:
    """Seconds each of *runs* calls of *function* took (given what *setup* gives, if any).

    Wall-clock time; the CPU time of the process is added to *cpu* if given.
    """
    times = []
    for _ in range(runs):
        arguments = setup() if setup else ()
        gc.collect()
        start, start_cpu = time.perf_counter(), time.process_time()
        function(*arguments)
        times.append(time.perf_counter() - start)
        if cpu is not None:
            cpu.append(time.process_time() - start_cpu)
    return times


def summary(times: list[float]) -> dict[str, float]:
    return {"best_ms": round(min(times) * 1000, 1),
            "median_ms": round(statistics.median(times) * 1000, 1)}


def child_peak_rss_mb(usage: Any) -> float:
    scale = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB elsewhere
    return round(float(usage.ru_maxrss) * scale / 2**20, 1)


def run_subprocess(args: list[str], folder: Path) -> tuple[float, int, float, str]:
    """Run ``python -m toolkit ARGS``; give seconds, exit status, peak RSS (MB), stderr."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    with open(folder / "stderr.txt", "wb") as stderr:
        start = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "toolkit", *args], env=env,
                                   stdout=subprocess.DEVNULL, stderr=stderr, cwd=folder)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return (seconds, process.returncode, child_peak_rss_mb(usage),
            (folder / "stderr.txt").read_text(encoding="utf-8").strip())


def bench(options: argparse.Namespace, folder: Path) -> dict[str, Any]:
    rng = random.Random(options.seed)
    vocabulary = Vocabulary(rng, options.vocabulary)
    previous_entries = generate(rng, vocabulary, options.words, options.blocks, 20)
    mean_words = options.words // options.blocks
    revised_entries = revise(previous_entries, rng, vocabulary, mean_words)
    previous_txt, revised_txt = folder / "previous.txt", folder / "revised.txt"
    previous_xml, out_xml = folder / "previous.xml", folder / "out.xml"
    previous_txt.write_text(render(previous_entries, rng), encoding="utf-8")
    revised_txt.write_text(render(revised_entries, rng), encoding="utf-8")

    # The previous edition, encoded as the toolkit would: `toolkit encode previous.txt -o previous.xml`.
    run_cli(["encode", str(previous_txt), "-o", str(previous_xml)])
    previous_doc = read_edition(previous_xml)
    revised_doc = read_edition(revised_txt, previous_doc.metadata.language)
    assert len(previous_doc.blocks) == len(previous_entries), "the reader saw other blocks"
    assert len(revised_doc.blocks) == len(revised_entries), "the reader saw other blocks"
    assert [b.kind.value for b in previous_doc.blocks] == [e.kind for e in previous_entries]
    total_words = sum(len(words(b.text)) for b in previous_doc.blocks)
    vocabulary_used = len({w for b in previous_doc.blocks for w in words(b.text)})

    job_args = ["encode", str(revised_txt), "--ids-from", str(previous_xml), "-o", str(out_xml)]
    message = run_cli(job_args)  # warm-up (and the message the command prints)
    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    job_cpu: list[float] = []
    job_times = timed(run_cli, options.runs, lambda: (job_args,), job_cpu)

    # Freshly read documents for every run: the model caches derived values
    # (a block's text), which the job computes afresh each time.
    def fresh() -> tuple[Document, Document]:
        return read_edition(previous_xml), read_edition(revised_txt, "en")

    carry_times = timed(carry_over_ids, options.runs, fresh)

    # The stages of the job, each on its own (best of the runs).
    encoded = encode(revised_doc, previous_doc, description="bench").document
    data = tei_bytes(encoded)
    Setup = Callable[[], tuple[object, ...]] | None
    stage_funcs: dict[str, tuple[Callable[..., object], Setup]] = {
        "read previous TEI": (lambda: read_edition(previous_xml), None),
        "read revised text": (lambda: read_edition(revised_txt, "en"), None),
        "encode (carry-over + header)": (
            lambda p, r: encode(r, p, description="bench"), fresh),
        "TEI serialisation": (lambda: tei_bytes(encoded), None),
        "write output": (lambda: write_atomic(folder / "stage.xml", data), None),
    }
    stages = {name: round(min(timed(f, options.runs, setup)) * 1000, 1)
              for name, (f, setup) in stage_funcs.items()}

    tracemalloc.start()
    run_cli(job_args)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    # Correctness: the report and the IDs of the command's output against the truth.
    result_doc = read_edition(out_xml)
    _, report, _ = carry_over_ids(previous_doc, revised_doc)
    accuracy = check(previous_doc, result_doc, report, revised_entries)
    events = [v for k, v in accuracy.items() if k not in ("unchanged", "spurious")]
    right = sum(v["kept_or_reported"] for v in events)
    total = sum(v["total"] for v in events)
    spurious = sum(accuracy["spurious"].values())

    sub_seconds, status, rss, sub_message = run_subprocess(
        [*job_args[:-1], str(folder / "out-subprocess.xml")], folder)
    same_output = status == 0 and (folder / "out-subprocess.xml").read_bytes() == out_xml.read_bytes()
    startup_seconds, _, _, _ = run_subprocess(["--version"], folder)

    profile_text = None
    if options.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        run_cli(job_args)
        profiler.disable()
        stream = io.StringIO()
        stats = pstats.Stats(profiler, stream=stream).strip_dirs()
        stats.sort_stats("cumulative").print_stats(25)
        stats.sort_stats("tottime").print_stats(15)
        profile_text = stream.getvalue()

    job = summary(job_times)
    return {
        "seed": options.seed,
        "text": {
            "words": total_words,
            "blocks": len(previous_doc.blocks),
            "paragraphs": sum(b.kind is BlockKind.PARAGRAPH for b in previous_doc.blocks),
            "headings": sum(b.kind is BlockKind.HEADING for b in previous_doc.blocks),
            "distinct_words": vocabulary_used,
            "revised_blocks": len(revised_doc.blocks),
            "previous_txt_kb": round(previous_txt.stat().st_size / 1024),
            "previous_xml_kb": round(previous_xml.stat().st_size / 1024),
        },
        "revision": {what: accuracy.get(what, {}).get("total", 0) for what in RATES},
        "runs": options.runs,
        "in_process_job": job,
        "in_process_job_cpu": summary(job_cpu),
        "load_average": None if load_before is None else round(load_before, 2),
        "cpus": os.cpu_count(),
        "carry_over_ids": summary(carry_times),
        "stages_best_ms": stages,
        "peak_memory_mb": round(peak / 2**20, 1),
        "subprocess": {
            "ms": round(sub_seconds * 1000, 1),
            "exit_status": status,
            "peak_rss_mb": rss,
            "same_output_as_in_process": same_output,
            "interpreter_and_import_ms": round(startup_seconds * 1000, 1),
        },
        "command_message": message.strip(),
        "accuracy": accuracy,
        "accuracy_overall": {"right": right, "total": total, "spurious": spurious},
        "target": {
            "seconds": TARGET_SECONDS,
            "met": min(job_times) < TARGET_SECONDS,
            "well_under": statistics.median(job_times) < CONCERN_SECONDS,
        },
        "bench_seconds": None,
        "profile": profile_text,
    }


def print_report(r: dict[str, Any]) -> None:
    t, job, carry, sub = r["text"], r["in_process_job"], r["carry_over_ids"], r["subprocess"]
    print(f"toolkit encode --ids-from benchmark (seed {r['seed']}, {r['runs']} runs)")
    print(f"  text       {t['words']:,} words, {t['blocks']:,} blocks "
          f"({t['paragraphs']} paragraphs, {t['headings']} headings, title); "
          f"{t['distinct_words']:,} distinct words; {t['previous_txt_kb']} KB text, "
          f"{t['previous_xml_kb']} KB TEI")
    rev = r["revision"]
    print("  revision   " + ", ".join(f"{n} {what}" for what, n in rev.items())
          + f" -> {t['revised_blocks']:,} blocks")
    print(f"  job        {job['best_ms']:.1f} ms best, {job['median_ms']:.1f} ms median "
          "(in-process: read both, carry IDs over, write TEI)")
    cpu = r["in_process_job_cpu"]
    load = "" if r["load_average"] is None else (
        f"; load average {r['load_average']:.2f} on {r['cpus']} CPUs")
    print(f"             {cpu['best_ms']:.1f} ms best, {cpu['median_ms']:.1f} ms median "
          f"CPU time (less sensitive to other processes{load})")
    print(f"  carry-over {carry['best_ms']:.1f} ms best, {carry['median_ms']:.1f} ms median "
          "(toolkit.ids.carry_over_ids alone)")
    print("  stages     " + ", ".join(f"{name} {ms:.1f}" for name, ms in
                                      r["stages_best_ms"].items()) + " (ms, best)")
    print(f"  memory     {r['peak_memory_mb']:.1f} MB peak (tracemalloc, in-process job; "
          "Python allocations only)")
    print(f"  subprocess {sub['ms']:.1f} ms for `python -m toolkit encode ...` "
          f"(of which {sub['interpreter_and_import_ms']:.1f} ms is start-up: "
          f"`python -m toolkit --version`); peak RSS {sub['peak_rss_mb']:.1f} MB; "
          f"exit {sub['exit_status']}; output "
          f"{'identical to' if sub['same_output_as_in_process'] else 'DIFFERS from'} in-process")
    print(f"  command    {r['command_message']}")
    print("  accuracy")
    acc = r["accuracy"]
    for what in ("unchanged", "edited", "heavily edited", "moved"):
        if what in acc:
            a = acc[what]
            extra = ""
            if "reported_moved" in a:
                extra = f", {a['reported_moved']}/{a['total']} reported moved"
            elif "reported_edited" in a:
                extra = f", {a['reported_edited']}/{a['total']} reported edited"
            print(f"    {what:<15} {a['kept_or_reported']:>4}/{a['total']:<4} kept their ID{extra}")
    for what, verb in (("split", "reported split (one part kept the ID)"),
                       ("merged", "reported merged (result kept one ID)"),
                       ("deleted", "retired"), ("inserted", "reported new (fresh ID)")):
        if what in acc:
            a = acc[what]
            print(f"    {what:<15} {a['kept_or_reported']:>4}/{a['total']:<4} {verb}")
    s = r["accuracy_overall"]
    print("    spurious        " + ", ".join(f"{k} {v}" for k, v in r["accuracy"]["spurious"].items()))
    print(f"    overall         {s['right']}/{s['total']} changes handled right "
          f"({100 * s['right'] / max(1, s['total']):.1f}%), {s['spurious']} spurious")
    target = r["target"]
    verdict = ("well under" if target["well_under"] else "under" if target["met"] else "OVER")
    print(f"  target     {verdict} {target['seconds']:.0f} s "
          f"(median {job['median_ms']:.0f} ms; 'well under' taken as < {CONCERN_SECONDS * 1000:.0f} ms)")
    print(f"  benchmark  took {r['bench_seconds']:.1f} s in all")
    if r["profile"]:
        print()
        print(r["profile"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--seed", type=int, default=20240601, help="random seed")
    parser.add_argument("--words", type=int, default=100_000, help="words in the text")
    parser.add_argument("--blocks", type=int, default=1_000, help="blocks in the text")
    parser.add_argument("--vocabulary", type=int, default=5_000, help="pseudo-words to draw from")
    parser.add_argument("--runs", type=int, default=5, help="timed runs (best and median)")
    parser.add_argument("--profile", action="store_true", help="add a cProfile of one job")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="write the files to DIR (kept) instead of a temporary directory")
    options = parser.parse_args(argv)
    return run_benchmark(options, bench, print_report, "bench-encode-")


if __name__ == "__main__":
    sys.exit(main())
