"""Shared fixtures: the repository's files, and the real test material in ../shared when present."""

from __future__ import annotations

from pathlib import Path

import os

import pytest
from hypothesis import settings

# Property tests try the same examples on every run by default, so that CI's verdict never
# depends on luck and any failure can be replayed. HYPOTHESIS_PROFILE=explore searches
# afresh (random examples), which is how new failing cases are found.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

REPO = Path(__file__).resolve().parent.parent
ESSAY_TEI = REPO / "tei" / "revolution-betrayed.xml"
ESSAY_TEXT = REPO / "editions" / "revolution-betrayed-2001.txt"
SHARED = REPO.parent / "shared"
SHARED_DATA = SHARED / "data"
SEED = SHARED / "seed" / "revolution-betrayed-2001.txt"


def shared_file(*parts: str) -> Path:
    """Give a file of ../shared/data, or skip the test where it is absent (a user's clone)."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent (the shared test material is only beside CI clones)")
    return path


@pytest.fixture(scope="session")
def tei_all():
    """The official tei_all RELAX NG schema, loaded once (it takes about 10 s)."""
    from toolkit.tei.check import load_schema

    return load_schema(shared_file("tei-schemas", "tei_all.rng"))


@pytest.fixture(scope="session")
def essay():
    """The essay's TEI edition, read into the model."""
    from toolkit.tei import read_tei

    return read_tei(ESSAY_TEI)


def pytest_configure(config):
    """Register the markers the suite uses, so that ``-m "not browser"`` works and typos warn."""
    config.addinivalue_line(
        "markers",
        "browser: drives a real browser (Chromium via Playwright; skipped where it is not installed)",
    )


def entry_span(text: str, context: str) -> tuple[int, int]:
    """The first and last line (1-based) of the entry whose msgctxt is *context* in PO *text*."""
    lines = text.split("\n")
    at = lines.index(f'msgctxt "{context}"')
    start = at
    while start > 0 and lines[start - 1].strip():
        start -= 1
    end = at
    while end + 1 < len(lines) and lines[end + 1].strip():
        end += 1
    return start + 1, end + 1
