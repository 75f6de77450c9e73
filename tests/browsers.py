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
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

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


# axe-core's violations, trimmed to what a failure message needs.
AXE_RUN = """async () => {
    const results = await axe.run(document, {resultTypes: ['violations']});
    return results.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 5).map(n => ({target: n.target.join(' '), html: n.html.slice(0, 160)})),
    }));
}"""


def require_axe() -> Path:
    """Give axe-core's script, installed by ``npm ci``; else skip (or fail) the test."""
    if not AXE.is_file():
        if REQUIRED:
            pytest.fail(f"{AXE} is missing (npm ci); TOOLKIT_REQUIRE_BROWSER asks for the browser tests")
        pytest.skip(f"axe-core is not installed ({AXE} is missing: run npm ci)")
    return AXE


def violations_text(violations: list[dict[str, Any]]) -> str:
    """Give axe-core's violations as lines for a failure message."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines += [f"    {node['target']}: {node['html']}" for node in violation["nodes"]]
    return "\n".join(lines)


def screenshots_folder() -> Path:
    """Give the folder for screenshots and PDFs, which a person can look at after the run."""
    folder = Path(os.environ.get("TOOLKIT_SCREENSHOTS") or REPO / "build" / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@contextmanager
def launched(chromium: str) -> Iterator[Browser]:
    """Give Chromium started by Playwright, closed afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def resize(page: Page, size: tuple[int, int]) -> None:
    """Set the page's window to *size* (width, height)."""
    page.set_viewport_size({"width": size[0], "height": size[1]})
