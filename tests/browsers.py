"""What the browser tests share: Debian's Chromium and Playwright, found, or the reason
they are not; the window sizes; the start-up flags that keep Chromium off the network.

A module that needs a browser calls :func:`require_chromium` at import: where Playwright
or Chromium is missing it is skipped, with the reason, or fails where
``TOOLKIT_REQUIRE_BROWSER`` (set by ``.ci/run``) asks for the browser.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path
from typing import NoReturn

import pytest

REPO = Path(__file__).resolve().parents[1]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
REQUIRED = bool(os.environ.get("TOOLKIT_REQUIRE_BROWSER"))
# Without the background-networking flags, Chromium tries (and fails) to reach Google's hosts.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WIDE = (1280, 900)
NARROW = (375, 800)


def unavailable(reason: str) -> NoReturn:
    """Skip the calling test module with *reason*, or fail it where the browser is required."""
    if REQUIRED:
        pytest.fail(f"{reason}; TOOLKIT_REQUIRE_BROWSER asks for the browser tests", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


def require_chromium() -> str:
    """Give the path of Chromium, Playwright being importable; else skip (or fail) the module."""
    if importlib.util.find_spec("playwright") is None:
        unavailable("Playwright is not installed (pip install '.[test]')")
    for candidate in ("/usr/bin/chromium", shutil.which("chromium")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    unavailable("no Chromium at /usr/bin/chromium nor on PATH "
                "(apt install chromium fonts-dejavu-core fonts-liberation)")
