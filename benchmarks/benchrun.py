"""What every benchmark script does once its options are parsed: run in a folder, time, report."""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
# The real novels of ../shared that the benchmarks take their prose from.
SHARED_NOVELS = REPO.parent / "shared" / "data" / "tei-documents"
NOVELS = ("ELTeC-eng_ENG18872_Lyall.xml", "ELTeC-fra_FRA00101_Adam.xml")


def run_benchmark(
    options: argparse.Namespace,
    bench: Callable[[argparse.Namespace, Path], dict[str, Any]],
    print_report: Callable[[dict[str, Any]], None],
    prefix: str,
) -> int:
    """Run *bench* in ``--keep DIR`` or a temporary folder, and print its figures
    as a report or, with ``--json``, as JSON."""
    start = time.perf_counter()
    if options.keep:
        options.keep.mkdir(parents=True, exist_ok=True)
        result = bench(options, options.keep.resolve())
    else:
        with tempfile.TemporaryDirectory(prefix=prefix) as folder:
            result = bench(options, Path(folder))
    result["bench_seconds"] = round(time.perf_counter() - start, 1)
    if options.json:
        print(json.dumps(result, indent=2))
    else:
        print_report(result)
    return 0


def toolkit_command() -> list[str]:
    """Give the command that runs this checkout's ``toolkit``."""
    beside = Path(sys.executable).parent / "toolkit"
    if beside.exists():
        return [str(beside)]
    found = shutil.which("toolkit")
    return [found] if found else [sys.executable, "-m", "toolkit"]


def version_of(command: list[str]) -> str:
    """Give the first line a tool prints for --version ("" if it cannot run)."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    lines = (done.stdout or done.stderr).strip().splitlines()
    return lines[0].strip() if lines else ""


def checkout() -> str:
    """Give the commit of the toolkit measured, and whether its code had uncommitted changes."""
    try:
        head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, timeout=30).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--", "toolkit"],
                               capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return (head or "unknown") + (" with uncommitted changes in toolkit/" if dirty else "")


RSS_LAUNCHER = """
import os, sys
pid = os.fork()
if pid == 0:
    try:
        os.execvp(sys.argv[2], sys.argv[2:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as out:
    out.write(str(usage.ru_maxrss))
code = os.waitstatus_to_exitcode(status)
sys.exit(code if code >= 0 else 128 - code)
"""


def summary(values: list[float]) -> dict[str, float] | None:
    """The best and the median of timed runs, in seconds (None for no runs)."""
    if not values:
        return None
    return {"best": round(min(values), 3), "median": round(statistics.median(values), 3)}
