"""What every benchmark script does once its options are parsed: run in a folder, time, report."""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


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
