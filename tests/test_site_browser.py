"""The published site (``toolkit publish``) in a real browser: Debian's Chromium, driven by Playwright.

What is checked is what a reader meets: rows side by side on a wide screen and stacked
on a phone, no sideways scrolling, a block and its counterpart lit together on hover,
keyboard focus and arrival at an anchor (with and without JavaScript), the CSS-only
Both / Source / Translation switch, every cell's language and direction, axe-core's
accessibility rules, the printed page, that no request leaves the site, and that a
hostile translation is shown as text and never run.

The site is published from the repository's project (and from copies of it: one with a
second variant edition, for a comparison page; one with a hostile Spanish catalogue)
into temporary folders and opened by ``file://`` URL. Screenshots and PDFs go to
``$TOOLKIT_SCREENSHOTS`` or ``build/screenshots/``, for a person to look at.

Skipped, with the reason, where Playwright or Chromium is missing (the axe tests also
where ``npm ci`` has not installed axe-core); ``TOOLKIT_REQUIRE_BROWSER=1`` (set by
``.ci/run``) turns those skips into failures.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote, urlsplit

import pytest

from browsers import (AXE_RUN, NARROW, REPO, WIDE, launched, require_axe, require_chromium, resize,
                      screenshots_folder, violations_text)

CHROMIUM = require_chromium()

from playwright.sync_api import Browser, BrowserContext, FloatRect, Page, Route  # noqa: E402

pytestmark = pytest.mark.browser
JS = pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])

# The pages of the shipped project's site; "compare" stands for the comparison page of the
# copy with two variant editions.
PAGES = ["index.html", "en.html", "es.html", "fr.html", "ar.html", "en-es.html", "en-fr.html",
         "en-ar.html", "compare"]


# --- The sites -------------------------------------------------------------------------


@dataclass(frozen=True)
class Site:
    """A published site in a folder, and what publishing reported."""

    root: Path
    report: Any  # toolkit.publish.PublishReport

    def url(self, name: str) -> str:
        """The ``file://`` URL of page *name*, which may end in ``#fragment``."""
        page, _, fragment = name.partition("#")
        return (self.root / page).as_uri() + (f"#{fragment}" if fragment else "")

    @property
    def compare_page(self) -> str:
        pages = sorted(path.name for path in self.root.glob("compare-*.html"))
        assert len(pages) == 1, f"expected one comparison page, found {pages}"
        return pages[0]


def _publish(project_root: Path, output: Path) -> Site:
    from toolkit.project import find_project
    from toolkit.publish import publish

    project = find_project(project_root)
    assert project is not None, f"no toolkit.toml in {project_root}"
    assert project.root == project_root.resolve()
    return Site(output, publish(project, output))


def _copy_project(destination: Path) -> Path:
    """Copy the project's settings, TEI, catalogues and editions into *destination*."""
    destination.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "toolkit.toml", destination / "toolkit.toml")
    for folder in ("tei", "locale", "editions"):
        shutil.copytree(REPO / folder, destination / folder)
    return destination


def _po_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def set_msgstr(catalogue: Path, context: str, text: str) -> None:
    """Replace the translation of the entry with msgctxt *context* in the PO file *catalogue*."""
    string = r'"(?:[^"\\\n]|\\.)*"\n'
    entry = re.compile(rf'(msgctxt "{re.escape(context)}"\nmsgid (?:{string})+)msgstr (?:{string})+')
    updated, count = entry.subn(lambda m: m.group(1) + f"msgstr {_po_string(text)}\n",
                                catalogue.read_text(encoding="utf-8"))
    assert count == 1, f"no single entry {context} in {catalogue}"
    catalogue.write_text(updated, encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The repository's project, published."""
    return _publish(REPO, tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="module")
def variant_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """A copy of the project with a second English variant edition: a few words changed and
    a paragraph deleted; its site has a comparison page."""
    root = _copy_project(tmp_path_factory.mktemp("variant-project"))
    received = (root / "editions" / "revolution-betrayed-2001.txt").read_text(encoding="utf-8")
    paragraphs = received.split("\n\n")
    assert paragraphs[2].startswith("For Marxists")
    paragraphs[2] = paragraphs[2].replace("the greatest single event", "the single greatest event")
    assert paragraphs[4].startswith("However, the Revolution")
    del paragraphs[4]
    (root / "editions" / "revolution-betrayed-2002.txt").write_text("\n\n".join(paragraphs), encoding="utf-8")
    with (root / "editions" / "editions.toml").open("a", encoding="utf-8") as manifest:
        manifest.write(
            '\n[[edition]]\nsiglum = "W2002"\ntitle = "The Revolution Betrayed - a Marxist Masterpiece"\n'
            'author = "Alan Woods"\nlanguage = "en"\ndate = "2002"\ntype = "variant"\n'
            'source = "A revised text, made up for the browser tests."\nfile = "revolution-betrayed-2002.txt"\n'
        )
    return _publish(root, tmp_path_factory.mktemp("variant-site"))


# Hostile Spanish translations. rb-p002's <script> reads as a placeholder that the source does
# not have, so the build refuses it and the block falls back to the source; the others are
# valid messages whose text looks like markup and must be shown as such.
HOSTILE = {
    "rb-t001": '<title>La revolución traicionada</title> <img src=x onerror="window.__pwned=4">',
    "rb-p002": 'Hola <script>window.__pwned=1</script> y <img src=x onerror="window.__pwned=2"> fin.',
    "rb-p004": 'Una imagen <img src=x onerror="window.__pwned=2"> en el texto.',
    "rb-p005": 'Negrita &lt;b&gt;sí&lt;/b&gt; y " onmouseover="window.__pwned=3" x=" fin.',
    "rb-h001": "El colapso\" onmouseover=\"window.__pwned=5' onfocus='window.__pwned=6",
}


HOSTILE_TRANSLATOR = "Mallory <img src=x onerror='window.__pwned=7'>"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """A copy of the project whose Spanish catalogue has translations that try to inject markup."""
    root = _copy_project(tmp_path_factory.mktemp("hostile-project"))
    catalogue = root / "locale" / "es" / "LC_MESSAGES" / "revolution-betrayed.po"
    for context, text in HOSTILE.items():
        set_msgstr(catalogue, context, text)
    # The translator's name is shown too, in the page's description and facts.
    text = catalogue.read_text(encoding="utf-8")
    header = "\"Last-Translator: The toolkit project's translators\\n\"\n"
    assert header in text
    catalogue.write_text(text.replace(header, f"\"Last-Translator: {HOSTILE_TRANSLATOR}\\n\"\n"), encoding="utf-8")
    return _publish(root, tmp_path_factory.mktemp("hostile-site"))


def any_site(name: str, site: Site, variant_site: Site) -> tuple[Site, str]:
    """The site and page file for a name of PAGES."""
    return (variant_site, variant_site.compare_page) if name == "compare" else (site, name)


@pytest.fixture(scope="module")
def shots() -> Path:
    return screenshots_folder()


# --- The browser -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with launched(CHROMIUM) as started:
        yield started


class Tabs:
    """Opens pages, each in a fresh context (no remembered view, no history), and blocks
    every request that is not for a local file."""

    def __init__(self, browser: Browser) -> None:
        self.browser = browser
        self.contexts: list[BrowserContext] = []
        self.blocked: list[str] = []

    def open(self, url: str | None = None, *, size: tuple[int, int] = WIDE, js: bool = True,
             media: Literal["screen", "print"] | None = None, **options: Any) -> Page:
        """A page in a new context, at *url*, *size*, with or without script, for *media*;
        *options* go to ``new_context`` (``forced_colors="active"``...)."""
        width, height = size
        context = self.browser.new_context(viewport={"width": width, "height": height},
                                           reduced_motion="reduce", java_script_enabled=js, **options)
        context.route("**/*", self._guard)
        self.contexts.append(context)
        page = context.new_page()
        if media:
            page.emulate_media(media=media)
        if url:
            page.goto(url)
        park_mouse(page)
        return page

    def _guard(self, route: Route) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def tabs(browser: Browser) -> Iterator[Tabs]:
    tabs = Tabs(browser)
    yield tabs
    tabs.close()
    assert not tabs.blocked, f"pages asked for resources outside the site: {tabs.blocked}"


class Reader:
    """One page, reused by the tests that only look at pages: much quicker than a page each."""

    def __init__(self, tabs: Tabs) -> None:
        self.page = tabs.open()
        # What the page asked for since the last goto (routing turns the cache off: every load asks).
        self.requests: list[str] = []
        self.failures: list[tuple[str, str | None]] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("requestfailed", lambda request: self.failures.append((request.url, request.failure)))

    def goto(self, url: str, size: tuple[int, int] = WIDE) -> Page:
        width, height = size
        self.page.set_viewport_size({"width": width, "height": height})
        self.page.goto("about:blank")
        self.requests.clear()
        self.failures.clear()
        self.page.goto(url)
        park_mouse(self.page)
        return self.page


@pytest.fixture(scope="module")
def reading_tabs(browser: Browser) -> Iterator[tuple[Tabs, Reader]]:
    tabs = Tabs(browser)
    yield tabs, Reader(tabs)
    tabs.close()


@pytest.fixture
def reader(reading_tabs: tuple[Tabs, Reader]) -> Iterator[Reader]:
    """The shared page; a request it made outside the site is an error of the test that loaded it."""
    tabs, reader = reading_tabs
    tabs.blocked.clear()
    yield reader
    assert not tabs.blocked, f"pages asked for resources outside the site: {tabs.blocked}"


def park_mouse(page: Page) -> None:
    """Move the pointer to the page's margin, where it is over no row."""
    page.mouse.move(2, 2)


# --- What the page shows -----------------------------------------------------------------


def box(page: Page, selector: str) -> FloatRect:
    found = page.locator(selector).bounding_box()
    assert found is not None, f"{selector} is not displayed"
    return found


def style(page: Page, selector: str) -> dict[str, str]:
    """The computed style of the element that matters for highlighting and the view switch."""
    found: dict[str, str] = page.locator(selector).evaluate("""element => {
        const s = getComputedStyle(element);
        return {background: s.backgroundColor, outline: s.outlineStyle, display: s.display,
                border: s.getPropertyValue('border-inline-start-style'), direction: s.direction};
    }""")
    return found


def plain_background(page: Page, selector: str) -> str:
    """The background of *selector*, a cell that must not be highlighted now."""
    reference = style(page, selector)
    assert reference["outline"] == "none", f"the reference cell {selector} is highlighted: {reference}"
    return reference["background"]


def is_highlighted(page: Page, selector: str, plain: str) -> bool:
    """Whether the cell is lit as a counterpart: a ground other than *plain*, a solid rule at
    the inline start, and an outline (the cue that is not colour)."""
    now = style(page, selector)
    return now["outline"] != "none" and now["border"] == "solid" and now["background"] != plain


def assert_highlighted(page: Page, plain: str, *selectors: str) -> None:
    for selector in selectors:
        assert is_highlighted(page, selector, plain), f"{selector} is not highlighted: {style(page, selector)}"


def assert_not_highlighted(page: Page, plain: str, *selectors: str) -> None:
    for selector in selectors:
        assert not is_highlighted(page, selector, plain), f"{selector} is highlighted: {style(page, selector)}"


def focused(page: Page) -> dict[str, str | None]:
    """What has keyboard focus: whether it is a block number, and its row."""
    found: dict[str, str | None] = page.evaluate("""() => {
        const element = document.activeElement;
        const row = element && element.closest('.row');
        return {num: element.matches('a.num') ? 'yes' : null, row: row ? row.id : null,
                tag: element.tagName};
    }""")
    return found


def tab_to_number(page: Page, leaving: str | None = None, limit: int = 40) -> str:
    """Press Tab until a block number has focus (one outside row *leaving*); give its row."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        if now["num"] and now["row"] != leaving:
            assert now["row"]
            return now["row"]
    pytest.fail(f"{limit} presses of Tab did not reach a block number (focus is on {focused(page)})")


def no_overflow(page: Page) -> tuple[int, int]:
    widths: list[int] = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    return widths[0], widths[1]


# --- 1. Layout ---------------------------------------------------------------------------

ROWS = ["rb-t001", "rb-h001", "rb-p010", "rb-i001", "rb-q001"]  # title, heading, paragraph, item, quotation


def test_wide_screen_puts_each_translation_beside_its_source(reader: Reader, site: Site) -> None:
    page = reader.goto(site.url("en-es.html"), WIDE)
    for row in ROWS:
        number, source, translation = (box(page, f"#{row} a.num"), box(page, f"#{row}-en"),
                                       box(page, f"#{row}-es"))
        assert abs(source["y"] - translation["y"]) <= 3, f"{row}: the cells do not start level"
        assert translation["x"] >= source["x"] + source["width"] - 0.5, f"{row}: the cells overlap"
        assert number["x"] + number["width"] <= source["x"] + 0.5, f"{row}: the number is not before the text"
        assert source["width"] > 300 and translation["width"] > 300, f"{row}: a column is squeezed"
        assert abs(source["width"] - translation["width"]) <= 2, f"{row}: the columns differ in width"


def test_phone_stacks_number_source_then_translation(reader: Reader, site: Site) -> None:
    width = NARROW[0]
    page = reader.goto(site.url("en-es.html"), NARROW)
    for row in ROWS:
        number, source, translation = (box(page, f"#{row} a.num"), box(page, f"#{row}-en"),
                                       box(page, f"#{row}-es"))
        assert number["y"] + number["height"] <= source["y"] + 0.5, f"{row}: the number is not above"
        assert translation["y"] >= source["y"] + source["height"] - 0.5, f"{row}: not stacked"
        for name, found in (("source", source), ("translation", translation)):
            assert found["x"] >= 0 and found["x"] + found["width"] <= width + 0.5, (
                f"{row}: the {name} cell runs outside the screen: {found}")
    label = page.locator("#rb-p010-es").evaluate("cell => getComputedStyle(cell, '::before').content")
    assert "Spanish" in label, f"the stacked translation is not labelled with its language: {label!r}"
    assert page.locator(".column-heads").bounding_box() is None


NUMBER_AND_FIRST_LINE = """row => {
    const number = document.querySelector(`#${row} a.num`);
    const digits = Array.from(number.childNodes).filter(node => node.nodeType === Node.TEXT_NODE).pop();
    const span = document.createRange();
    span.selectNodeContents(digits);
    const block = document.querySelector(`#${row} .cell.source`).firstElementChild;
    const line = document.createRange();
    line.selectNodeContents(block);
    const n = span.getBoundingClientRect(), first = line.getClientRects()[0];
    return {number: [n.top, n.bottom], line: [first.top, first.bottom]};
}"""


@pytest.mark.parametrize("row", [
    "rb-t001", "rb-p010", "rb-i001", "rb-q001",
    "rb-h001",
])
def test_block_number_is_level_with_the_first_line(reader: Reader, site: Site, row: str) -> None:
    page = reader.goto(site.url("en-es.html"), WIDE)
    found = page.evaluate(NUMBER_AND_FIRST_LINE, row)
    middle = sum(found["number"]) / 2
    assert found["line"][0] <= middle <= found["line"][1], (
        f"{row}: the number ({found['number']}) is not level with the first line ({found['line']})")


@pytest.mark.parametrize("name", PAGES)
def test_no_page_scrolls_sideways(reader: Reader, site: Site, variant_site: Site, name: str) -> None:
    where, page_file = any_site(name, site, variant_site)
    page = reader.goto(where.url(page_file), WIDE)
    for size in (WIDE, NARROW):
        resize(page, size)
        scroll_width, inner_width = no_overflow(page)
        assert scroll_width <= inner_width, f"{page_file} at {size[0]}px is {scroll_width}px wide"


def test_arabic_runs_right_to_left(reader: Reader, site: Site) -> None:
    page = reader.goto(site.url("en-ar.html"), WIDE)
    assert style(page, "#rb-p001-ar")["direction"] == "rtl"
    assert style(page, "#rb-p001-en")["direction"] == "ltr"
    # The short Arabic title hugs the right edge of its cell, with room to its left.
    text, heading = page.locator("#rb-t001-ar h1").evaluate("""heading => {
        const range = document.createRange();
        range.selectNodeContents(heading);
        const text = range.getBoundingClientRect(), box = heading.getBoundingClientRect();
        return [[text.left, text.right], [box.left, box.right]];
    }""")
    assert abs(text[1] - heading[1]) <= 2, f"the Arabic title is not set to the right: {text} in {heading}"
    assert text[0] > heading[0] + 50, f"the Arabic title does not start from the right: {text} in {heading}"
    # A block not yet translated stays left to right, in English.
    pending = page.locator(".cell.translation.pending").last.get_attribute("id")
    assert style(page, f"#{pending}")["direction"] == "ltr"


# --- 2. The counterpart highlight --------------------------------------------------------


@JS
def test_hover_lights_the_counterpart(tabs: Tabs, site: Site, js: bool) -> None:
    page = tabs.open(site.url("en-es.html"), js=js)
    plain = plain_background(page, "#rb-p012-es")
    assert_not_highlighted(page, plain, "#rb-p010-en", "#rb-p010-es")
    page.hover("#rb-p010-en")
    assert_highlighted(page, plain, "#rb-p010-es", "#rb-p010-en")
    assert_not_highlighted(page, plain, "#rb-p009-es", "#rb-p011-es")
    page.hover("#rb-p011-es")
    assert_highlighted(page, plain, "#rb-p011-en")
    assert_not_highlighted(page, plain, "#rb-p010-es")
    park_mouse(page)
    assert_not_highlighted(page, plain, "#rb-p011-en", "#rb-p011-es")


@JS
def test_keyboard_focus_lights_the_counterpart(tabs: Tabs, site: Site, js: bool) -> None:
    page = tabs.open(site.url("en-es.html"), js=js)
    plain = plain_background(page, "#rb-p012-es")
    # From the top of the page, Tab reaches the first block's number, and lights its row.
    assert tab_to_number(page) == "rb-t001"
    assert_highlighted(page, plain, "#rb-t001-en", "#rb-t001-es")
    # From a known block, Tab goes on to the next block's number; the light moves with it.
    page.locator("#rb-p010 a.num").focus()
    assert_highlighted(page, plain, "#rb-p010-en", "#rb-p010-es")
    assert_not_highlighted(page, plain, "#rb-t001-es")
    assert tab_to_number(page, leaving="rb-p010") == "rb-h002"
    assert_highlighted(page, plain, "#rb-h002-en", "#rb-h002-es")
    assert_not_highlighted(page, plain, "#rb-p010-en", "#rb-p010-es")
    # Shift+Tab goes back.
    for _ in range(5):
        page.keyboard.press("Shift+Tab")
        if focused(page)["row"] == "rb-p010":
            break
    assert focused(page)["row"] == "rb-p010"
    assert_highlighted(page, plain, "#rb-p010-es")


@JS
def test_arriving_at_an_anchor_lights_the_block_and_its_counterpart(tabs: Tabs, site: Site, js: bool) -> None:
    page = tabs.open(site.url("en-es.html#rb-p010-es"), js=js)
    plain = plain_background(page, "#rb-p012-es")
    assert_highlighted(page, plain, "#rb-p010-en", "#rb-p010-es")
    assert_not_highlighted(page, plain, "#rb-p009-en", "#rb-p009-es", "#rb-p011-en", "#rb-p011-es")
    assert -2 <= box(page, "#rb-p010-es")["y"] < 120, "the page did not scroll to the anchor"
    # The row's own anchor lights both cells.
    page.goto(site.url("en-es.html#rb-p012"))
    park_mouse(page)
    plain = plain_background(page, "#rb-p011-es")
    assert_highlighted(page, plain, "#rb-p012-en", "#rb-p012-es")
    assert_not_highlighted(page, plain, "#rb-p010-en", "#rb-p010-es")
    # So does the source cell's anchor.
    page.goto(site.url("en-es.html#rb-h001-en"))
    park_mouse(page)
    assert_highlighted(page, plain, "#rb-h001-en", "#rb-h001-es")
    assert_not_highlighted(page, plain, "#rb-p012-en", "#rb-p012-es")
    # And following an entry of the contents.
    page.click(".contents summary")
    page.click(".contents a[href='#rb-h002']")
    park_mouse(page)
    assert page.evaluate("location.hash") == "#rb-h002"
    assert_highlighted(page, plain, "#rb-h002-en", "#rb-h002-es")
    assert_not_highlighted(page, plain, "#rb-h001-en", "#rb-h001-es")


def test_highlight_keeps_its_outline_in_forced_colours(tabs: Tabs, site: Site) -> None:
    """Windows' high-contrast modes replace the colours: the dashed outline must remain the cue."""
    page = tabs.open(site.url("en-ar.html"), forced_colors="active")
    assert page.evaluate("matchMedia('(forced-colors: active)').matches")
    page.hover("#rb-p001-en")
    assert style(page, "#rb-p001-ar")["outline"] != "none"
    assert style(page, "#rb-p002-ar")["outline"] == "none"
    page.hover("#rb-p060-en")  # a block not yet translated
    assert style(page, "#rb-p060-ar")["outline"] != "none"
    assert style(page, "#rb-p001-ar")["outline"] == "none"


def test_skip_link_shows_on_focus_and_leads_to_the_text(tabs: Tabs, site: Site) -> None:
    page = tabs.open(site.url("en-es.html"), js=False)
    skip = page.locator("a.skip")
    assert box(page, "a.skip")["y"] < 0, "the skip link is in sight before it has focus"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    found = box(page, "a.skip")
    assert found["y"] >= 0 and found["height"] > 0, "the focused skip link is out of sight"
    skip.press("Enter")
    assert page.evaluate("location.hash") == "#tk-main"
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('main')"), "after the skip link, Tab goes elsewhere"


# --- 3. The view switch ------------------------------------------------------------------


def displayed(page: Page, selector: str) -> list[bool]:
    shown: list[bool] = page.locator(selector).evaluate_all(
        "els => els.map(e => getComputedStyle(e).display !== 'none')")
    return shown


@JS
def test_view_switch_shows_one_column_or_both(tabs: Tabs, site: Site, js: bool) -> None:
    page = tabs.open(site.url("en-es.html"), js=js)
    source, translation = box(page, "#rb-p010-en"), box(page, "#rb-p010-es")

    page.click("label[for=tk-view-source]")
    assert page.is_checked("#tk-view-source")
    assert page.locator("#rb-p010-es").bounding_box() is None
    assert not any(displayed(page, ".cell.translation, .column-heads .translation"))
    assert all(displayed(page, ".cell.source"))
    assert box(page, "#rb-p010-en")["width"] > source["width"] + 50, "the source did not widen"

    page.click("label[for=tk-view-translation]")
    assert page.is_checked("#tk-view-translation")
    assert page.locator("#rb-p010-en").bounding_box() is None
    assert not any(displayed(page, ".cell.source, .column-heads .source"))
    assert all(displayed(page, ".cell.translation"))
    assert box(page, "#rb-p010-es")["width"] > translation["width"] + 50, "the translation did not widen"

    page.click("label[for=tk-view-both]")
    assert page.is_checked("#tk-view-both")
    assert all(displayed(page, ".cell"))
    assert box(page, "#rb-p010-en")["width"] == pytest.approx(source["width"], abs=1)
    assert box(page, "#rb-p010-es")["width"] == pytest.approx(translation["width"], abs=1)


def test_view_switch_works_from_the_keyboard(tabs: Tabs, site: Site) -> None:
    page = tabs.open(site.url("en-es.html"), js=False)
    # The radio inputs are out of sight: Tab reaches the checked one, arrows choose.
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "tk-view-both":
            break
    assert page.evaluate("document.activeElement.id") == "tk-view-both"
    page.keyboard.press("ArrowRight")
    assert page.is_checked("#tk-view-source")
    assert page.locator("#rb-p010-es").bounding_box() is None
    # The focus shows on the label, since the input itself is invisible.
    assert style(page, "label[for=tk-view-source]")["outline"] != "none"


def test_script_remembers_the_view_from_page_to_page(tabs: Tabs, site: Site) -> None:
    page = tabs.open(site.url("en-es.html"), js=True)
    page.click("label[for=tk-view-translation]")
    page.goto(site.url("en-fr.html"))
    assert page.is_checked("#tk-view-translation")
    assert page.locator("#rb-p010-en").bounding_box() is None


# --- 4. Language and direction -----------------------------------------------------------

LANGUAGES = """() => {
    const valid = tag => { try { return Intl.getCanonicalLocales(tag).length === 1; } catch (e) { return false; } };
    return {
        html: document.documentElement.getAttribute('lang'),
        cells: Array.from(document.querySelectorAll('.cell'),
                          c => ({id: c.id, lang: c.getAttribute('lang'), dir: c.getAttribute('dir')})),
        invalid: Array.from(document.querySelectorAll('[lang]'), e => e.getAttribute('lang')).filter(t => !valid(t)),
    };
}"""


@pytest.mark.parametrize("name", PAGES)
def test_every_cell_says_its_language_and_direction(reader: Reader, site: Site, variant_site: Site,
                                                    name: str) -> None:
    where, page_file = any_site(name, site, variant_site)
    page = reader.goto(where.url(page_file))
    found = page.evaluate(LANGUAGES)
    assert found["html"], f"{page_file}: <html> has no lang"
    assert not found["invalid"], f"{page_file}: lang values that are not BCP 47: {found['invalid']}"
    if name != "index.html":
        assert found["cells"], f"{page_file} has no cells"
    for cell in found["cells"]:
        assert cell["lang"], f"{page_file}: cell {cell['id']} has no lang"
        expected = "rtl" if cell["lang"].split("-")[0] == "ar" else "ltr"
        assert cell["dir"] == expected, f"{page_file}: cell {cell['id']} is {cell}"


PENDING = """cells => cells.map(c => {
    const note = c.querySelector('.pending-note');
    const rects = note ? note.getClientRects().length : 0;
    return {id: c.id, lang: c.getAttribute('lang'), dir: c.getAttribute('dir'),
            note: note && rects > 0 && getComputedStyle(note).visibility === 'visible' ? note.textContent : null};
})"""


def test_arabic_page_marks_untranslated_blocks_as_english(reader: Reader, site: Site) -> None:
    page = reader.goto(site.url("en-ar.html"))
    translated = page.locator(".cell.translation:not(.pending)").evaluate_all(
        "cells => cells.map(c => [c.id, c.getAttribute('lang'), c.getAttribute('dir')])")
    pending = page.locator(".cell.translation.pending").evaluate_all(PENDING)
    assert translated and pending
    assert len(translated) + len(pending) == page.locator(".row").count()
    for cell_id, lang, direction in translated:
        assert (lang, direction) == ("ar", "rtl"), cell_id
    for cell in pending:
        assert (cell["lang"], cell["dir"]) == ("en", "ltr"), cell
        assert cell["note"] and cell["note"].startswith("Not yet translated"), f"{cell['id']}: no visible note"
    # The pending cell shows the source's text.
    last = pending[-1]["id"].removesuffix("-ar")
    source_text = page.locator(f"#{last}-en").inner_text().strip()
    assert source_text and source_text in page.locator(f"#{last}-ar").inner_text()
    # The Arabic reading page marks them the same way.
    page = reader.goto(site.url("ar.html"))
    assert page.locator("html").get_attribute("lang")
    assert page.locator("#tk-text").get_attribute("lang") == "ar"
    for cell in page.locator(".cell.pending").evaluate_all(PENDING):
        assert (cell["lang"], cell["dir"]) == ("en", "ltr") and cell["note"], cell
    for cell_id, lang, direction in page.locator(".cell:not(.pending)").evaluate_all(
            "cells => cells.map(c => [c.id, c.getAttribute('lang'), c.getAttribute('dir')])"):
        assert (lang, direction) == ("ar", "rtl"), cell_id


@pytest.mark.parametrize("name", ["en.html", "en-es.html", "es.html"])
def test_foreign_words_carry_their_own_language(reader: Reader, site: Site, name: str) -> None:
    page = reader.goto(site.url(name))
    words = page.locator(".cell :is(i, em, span)", has_text="burzhuyiki")
    assert words.count() >= 1, f"{name}: the Russian word is not marked"
    for index in range(words.count()):
        word = words.nth(index)
        assert word.get_attribute("lang") == "ru-Latn"
        assert word.evaluate("e => e.parentElement.closest('[lang]').getAttribute('lang')") != "ru-Latn"


# --- 5. axe-core -------------------------------------------------------------------------

# The pages the brief names, and a targeted, highlighted block not yet translated.
AXE_PAGES = ["index.html", "en.html", "es.html", "ar.html", "en-es.html", "en-ar.html", "compare",
             "en-fr.html#rb-p050"]


@pytest.fixture
def axe() -> Path:
    return require_axe()


@pytest.mark.parametrize("name", AXE_PAGES)
def test_axe_finds_no_violations(reader: Reader, site: Site, variant_site: Site, axe: Path, name: str) -> None:
    where, page_file = any_site(name, site, variant_site)
    page = reader.goto(where.url(page_file), WIDE)
    page.add_script_tag(path=str(axe))
    report = []
    for size in (WIDE, NARROW):
        resize(page, size)
        violations = page.evaluate(AXE_RUN)
        if violations:
            report.append(f"axe-core on {page_file} at {size[0]}px:\n{violations_text(violations)}")
    assert not report, "\n".join(report)


# --- 6. Print ----------------------------------------------------------------------------


def test_print_keeps_two_columns_and_drops_the_navigation(tabs: Tabs, site: Site) -> None:
    page = tabs.open(site.url("en-es.html#rb-p010"), size=(794, 1123), media="print")
    for row in ROWS:
        source, translation = box(page, f"#{row}-en"), box(page, f"#{row}-es")
        assert abs(source["y"] - translation["y"]) <= 3, f"{row}: not side by side in print"
        assert translation["x"] >= source["x"] + source["width"] - 0.5, f"{row}: overlapping in print"
    for furniture in (".masthead", ".controls", ".skip"):
        assert style(page, furniture)["display"] == "none", f"{furniture} is printed"
    assert page.locator(".contents").bounding_box() is None
    assert box(page, "#rb-p010 a.num")["width"] > 0, "the block numbers are not printed"
    # The highlight of the anchor is for the screen only.
    assert style(page, "#rb-p010-es")["outline"] == "none"


COLUMN_HEADS = """() => {
    const edges = selector => { const b = document.querySelector(selector).getBoundingClientRect();
                                return [b.left, b.right]; };
    return {source: [edges('.column-heads .source'), edges('.row:not(.kind-title) .cell.source')],
            translation: [edges('.column-heads .translation'), edges('.row:not(.kind-title) .cell.translation')]};
}"""


def _heads_misaligned(page: Page) -> list[str]:
    found = page.evaluate(COLUMN_HEADS)
    return [f"the {name} head spans {head}, its column {cell}" for name, (head, cell) in found.items()
            if abs(head[0] - cell[0]) > 2 or abs(head[1] - cell[1]) > 2]


def test_column_heads_stand_over_their_columns_on_screen(reader: Reader, site: Site) -> None:
    page = reader.goto(site.url("en-ar.html"), (794, 1123))
    assert not _heads_misaligned(page)


def test_column_heads_stand_over_their_columns_in_print(tabs: Tabs, site: Site) -> None:
    page = tabs.open(site.url("en-ar.html"), size=(794, 1123), media="print")
    assert style(page, ".column-heads")["display"] != "none", "the printed page should name its columns"
    assert not _heads_misaligned(page)


@pytest.mark.parametrize("name", ["en-es.html", "en-ar.html"])
def test_pdf_is_written(tabs: Tabs, site: Site, shots: Path, name: str) -> None:
    page = tabs.open(site.url(name), size=(794, 1123))
    path = shots / name.replace(".html", ".pdf")
    path.unlink(missing_ok=True)
    page.pdf(path=str(path), format="A4")
    assert path.is_file() and path.stat().st_size > 10_000
    assert path.read_bytes().startswith(b"%PDF")


# --- 7. Requests and links ---------------------------------------------------------------


def _inside(url: str, root: Path) -> bool:
    parts = urlsplit(url)
    return parts.scheme == "file" and Path(unquote(parts.path)).resolve().is_relative_to(root.resolve())


@pytest.mark.parametrize("name", PAGES)
def test_no_request_leaves_the_site(reader: Reader, site: Site, variant_site: Site, name: str) -> None:
    """Every request a page makes (with its script running) is for a file of the site; the
    reader's guard also aborts, and reports, any request that is not for a local file."""
    where, page_file = any_site(name, site, variant_site)
    page = reader.goto(where.url(page_file))
    page.hover(".row" if name != "index.html" else "table")
    requests, failures = reader.requests, reader.failures
    assert where.url(page_file) in requests
    assert {where.url("assets/site.css"), where.url("assets/site.js")} <= set(requests)
    outside = [url for url in requests if not _inside(url, where.root)]
    assert not outside, f"{page_file} asked for {outside}"
    assert not failures, f"{page_file}: requests failed: {failures}"


def test_every_link_within_the_site_resolves(tabs: Tabs, variant_site: Site) -> None:
    page = tabs.open(js=False)
    ids: dict[str, set[str]] = {}
    links: dict[str, list[str]] = {}
    for path in sorted(variant_site.root.glob("*.html")):
        page.goto(path.as_uri())
        ids[path.as_uri()] = set(page.locator("[id]").evaluate_all("els => els.map(e => e.id)"))
        links[path.name] = page.locator("a[href]").evaluate_all("els => els.map(a => a.href)")
    broken = []
    for name, hrefs in links.items():
        for href in hrefs:
            if not href.startswith("file:"):
                continue
            target, _, fragment = href.partition("#")
            if not _inside(target, variant_site.root) or not Path(unquote(urlsplit(target).path)).is_file():
                broken.append((name, href))
            elif fragment and fragment not in ids.get(target, set()):
                broken.append((name, href))
    assert not broken, f"links to nothing: {broken[:20]}"


# --- 8. A hostile translation ------------------------------------------------------------


def test_build_refuses_the_translation_with_a_script_tag(hostile_site: Site) -> None:
    problems = {problem.block_id for _, problem in hostile_site.report.problems}
    assert problems == {"rb-p002"}, f"the build refused {problems}"


INJECTED = """() => ({
    pwned: typeof window.__pwned,
    images: document.querySelectorAll('img').length,
    scripts: Array.from(document.scripts, s => s.getAttribute('src')),
    handlers: Array.from(document.querySelectorAll('*')).flatMap(
        e => Array.from(e.attributes, a => a.name).filter(n => n.startsWith('on'))),
})"""


@pytest.mark.parametrize("name", ["en-es.html", "es.html", "index.html"])
def test_hostile_translation_never_runs(tabs: Tabs, hostile_site: Site, name: str) -> None:
    page = tabs.open(hostile_site.url(name), js=True)
    for row in ("rb-t001", "rb-p004", "rb-p005", "rb-h001"):
        if page.locator(f"#{row}-es").count():
            page.hover(f"#{row}-es")
    page.keyboard.press("Tab")
    found = page.evaluate(INJECTED)
    assert found == {"pwned": "undefined", "images": 0, "scripts": ["assets/site.js"], "handlers": []}
    if name == "index.html":
        return
    # Accepted translations show their markup-like text literally.
    assert '<img src=x onerror="window.__pwned=2">' in page.locator("#rb-p004-es").inner_text()
    assert '<b>sí</b> y " onmouseover="window.__pwned=3" x=" fin.' in page.locator("#rb-p005-es").inner_text()
    assert "onmouseover=\"window.__pwned=5' onfocus='window.__pwned=6" in page.locator("#rb-h001-es").inner_text()
    assert '<img src=x onerror="window.__pwned=4">' in page.locator("#rb-t001-es").inner_text()
    # The refused one falls back to the source, marked as not yet translated.
    fallback = page.locator("#rb-p002-es")
    assert "pending" in (fallback.get_attribute("class") or "")
    assert fallback.get_attribute("lang") == "en"
    assert "<script>" not in fallback.inner_text()
    assert "For Marxists, the October Revolution" in fallback.inner_text()
    if name == "es.html":
        assert '<img src=x onerror="window.__pwned=4">' in page.title()
    assert HOSTILE_TRANSLATOR in page.locator(".facts").inner_text()
    assert HOSTILE_TRANSLATOR in page.locator(".about").inner_text()


def test_hostile_headings_stay_text_in_the_contents(tabs: Tabs, hostile_site: Site) -> None:
    page = tabs.open(hostile_site.url("en-es.html"), js=True)
    page.click(".contents summary")
    entry = page.locator(".contents li", has=page.locator("a[href='#rb-h001']"))
    assert "onmouseover=\"window.__pwned=5'" in entry.locator(".other").inner_text()
    entry.hover()
    entry.focus()
    assert page.evaluate("typeof window.__pwned") == "undefined"


# --- Comparison of variant editions -----------------------------------------------------


def test_comparison_page_marks_changed_words_and_missing_blocks(reader: Reader, variant_site: Site) -> None:
    page = reader.goto(variant_site.url(variant_site.compare_page))
    deleted = page.locator("del", has_text="greatest single")
    inserted = page.locator("ins", has_text="single greatest")
    assert deleted.count() >= 1 or page.locator("del", has_text="single").count() >= 1
    assert inserted.count() >= 1 or page.locator("ins", has_text="greatest").count() >= 1
    # Not by colour alone: struck through, underlined, and said to a screen reader.
    assert "line-through" in page.locator("del").first.evaluate("e => getComputedStyle(e).textDecorationLine")
    assert "underline" in page.locator("ins").first.evaluate("e => getComputedStyle(e).textDecorationLine")
    assert "[deleted:" in (page.locator("del").first.text_content() or "")
    # The deleted paragraph's row: the second edition's cell says it has nothing there.
    empty = page.locator(".row", has=page.locator(".empty-cell"))
    assert empty.count() == 1
    assert "However, the Revolution took place" in empty.locator(".cell.source").inner_text()
    row = empty.get_attribute("id")
    source, other = box(page, f"#{row} .cell.source"), box(page, f"#{row} .cell.translation")
    assert abs(source["y"] - other["y"]) <= 3 and other["x"] >= source["x"] + source["width"] - 0.5


# --- 9. Screenshots ----------------------------------------------------------------------


def test_screenshots_are_written(tabs: Tabs, site: Site, variant_site: Site, shots: Path) -> None:
    written = []

    def shoot(page: Page, name: str) -> None:
        """The top of the page, 1800 px of it: a tall viewport is much quicker than a full-page clip."""
        path = shots / f"{name}.png"
        path.unlink(missing_ok=True)
        width = page.viewport_size["width"] if page.viewport_size else WIDE[0]
        page.set_viewport_size({"width": width, "height": 1800})
        page.screenshot(path=str(path), full_page=page.evaluate("document.documentElement.scrollHeight") < 6000)
        written.append(path)

    for name in ("index.html", "en-es.html", "en-ar.html", "es.html"):
        page = tabs.open(site.url(name), size=WIDE)
        for size in (WIDE, NARROW):
            resize(page, size)
            shoot(page, f"{name.removesuffix('.html')}-{size[0]}")
    compare = variant_site.compare_page
    shoot(tabs.open(variant_site.url(compare), size=WIDE), f"{compare.removesuffix('.html')}-1280")

    # Arrived at #rb-h001, pointer on the paragraph after it (near its top, so nothing scrolls).
    page = tabs.open(site.url("en-es.html#rb-h001"), size=WIDE)
    page.hover("#rb-p009-en", position={"x": 40, "y": 10})
    path = shots / "en-es-target-h001-hover-p009-1280.png"
    page.screenshot(path=str(path))
    written.append(path)
    page = tabs.open(site.url("en-ar.html#rb-p009"), size=NARROW)
    path = shots / "en-ar-target-p009-375.png"
    page.screenshot(path=str(path))
    written.append(path)
    # The printed layout (the PDFs beside these are the real thing).
    page = tabs.open(site.url("en-ar.html"), size=(794, 1123), media="print")
    path = shots / "en-ar-print-794.png"
    page.screenshot(path=str(path))
    written.append(path)

    for path in written:
        assert path.is_file() and path.read_bytes().startswith(b"\x89PNG"), path
        assert path.stat().st_size > 5_000, f"{path} is suspiciously small"
