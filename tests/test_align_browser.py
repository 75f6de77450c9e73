"""The review page of an alignment (``toolkit align --to html``) in a real browser: Debian's
Chromium, driven by Playwright.

Three pages are made with the command, once, in temporary folders:

- *essay*: the essay's TEI against its Spanish edition written out as plain text (``toolkit
  text``), with two paragraphs merged, one deleted and a translator's note added, aligned with
  a high threshold so that several beads are to be checked;
- *rtl*: the essay's first paragraphs against the Arabic catalogue's translations (read with
  the toolkit's own reader), ``--lang ar``; the source goes on a little past the translation,
  so that some Arabic cells have nothing in them;
- *hostile*: a Spanish translation whose paragraphs, and whose file name, look like markup
  that would run script.

What is checked is what a reviewer meets: a bead's two texts side by side on a wide screen and
stacked on a phone, no sideways scrolling, the beads to check first (least sure first), then
the others in the order of the text, every cell's language and direction, axe-core's rules at
both widths, the printed page and its PDF, that the page asks for nothing but itself, and that
the hostile text is shown as text and never run. Screenshots and PDFs go to
``$TOOLKIT_SCREENSHOTS`` or ``build/screenshots/``, for a person to look at.

Skipped, with the reason, where Playwright or Chromium is missing (the axe test also where
``npm ci`` has not installed axe-core); ``TOOLKIT_REQUIRE_BROWSER=1`` turns those skips into
failures. The conventions are those of ``test_site_browser.py``, whose few helpers are copied
rather than imported: importing a test module would bring its fixtures and its skips along.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from browsers import (AXE_RUN, NARROW, REPO, WIDE, launched, require_axe, require_chromium, resize,
                      screenshots_folder, violations_text)
from click.testing import CliRunner, Result

ESSAY = REPO / "tei" / "revolution-betrayed.xml"
SPANISH = REPO / "editions" / "revolution-betrayed-es.xml"
ARABIC_CATALOGUE = REPO / "locale" / "ar" / "LC_MESSAGES" / "revolution-betrayed.po"

CHROMIUM = require_chromium()

from playwright.sync_api import Browser, BrowserContext, Page, Route  # noqa: E402

pytestmark = pytest.mark.browser
A4 = (794, 1123)
PAGES = ["essay", "rtl", "hostile"]

# The essay's review is made with a threshold high enough to put several beads on the list to check.
ESSAY_THRESHOLD = 0.99
NOTE = ("[Nota del traductor: las citas de Trotsky siguen la edición castellana de 1991, "
        "revisada por el traductor.]")

SCRIPT = "<script>window.__pwned=1</script>"
IMAGE = '<img src=x onerror="window.__pwned=1">'
QUOTES = "Dijo: \"comillas\", 'simples', «latinas» & \" onmouseover=\"window.__pwned=1\" x=\" &lt;b&gt;"
HOSTILE_NAME = 'traducción <img src=x onerror="window.__pwned=1"> "citada".txt'


# --- The review pages ----------------------------------------------------------------------


@dataclass(frozen=True)
class Review:
    """A review page in a folder, the languages of its two sides, and its threshold."""

    path: Path
    languages: tuple[str, str]
    threshold: float

    @property
    def url(self) -> str:
        return self.path.as_uri()


def _toolkit(*args: str | Path) -> Result:
    from toolkit.cli import main

    result = CliRunner().invoke(main, [str(arg) for arg in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert result.exit_code == 0, result.output
    return result


def _paragraphs(edition: Path) -> list[str]:
    """The blocks of *edition* as ``toolkit text`` writes them, paragraph by paragraph."""
    return _toolkit("text", edition).stdout.rstrip("\n").split("\n\n")


def _write(path: Path, paragraphs: list[str]) -> Path:
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


def _align(source: Path, translation: Path, page: Path, *options: str) -> None:
    _toolkit("align", source, translation, "--to", "html", "-o", page, *options)
    assert page.is_file()


@pytest.fixture(scope="module")
def reviews(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Review]:
    """The three review pages, made once with the command."""
    from toolkit.placeholders import strip_placeholders
    from toolkit.po import read_catalogue

    found = {}

    # The Spanish edition as plain text, carelessly edited.
    folder = tmp_path_factory.mktemp("align-essay")
    spanish = _paragraphs(SPANISH)
    assert spanish[2].startswith("Para los marxistas") and spanish[3].startswith("La historia ha dado")
    spanish[2:4] = [f"{spanish[2]} {spanish[3]}"]
    assert spanish[13].startswith("Hoy en día")
    del spanish[13]
    spanish.insert(20, NOTE)
    translation = _write(folder / "traduccion.txt", spanish)
    _align(ESSAY, translation, folder / "review.html", "--lang", "es", "--threshold", str(ESSAY_THRESHOLD))
    found["essay"] = Review(folder / "review.html", ("en", "es"), ESSAY_THRESHOLD)

    # The essay's first paragraphs against the Arabic catalogue's translations.
    folder = tmp_path_factory.mktemp("align-rtl")
    source = _write(folder / "essay-start.txt", _paragraphs(ESSAY)[:13])
    catalogue = read_catalogue(ARABIC_CATALOGUE)
    arabic = [strip_placeholders(entry.translation) for entry in catalogue.live() if entry.translated]
    assert len(arabic) >= 10, f"{ARABIC_CATALOGUE} has only {len(arabic)} translations"
    translation = _write(folder / "ar.txt", arabic)
    _align(source, translation, folder / "review.html", "--source-lang", "en", "--lang", "ar")
    found["rtl"] = Review(folder / "review.html", ("en", "ar"), 0.5)

    # A translation whose text and name look like markup.
    folder = tmp_path_factory.mktemp("align-hostile")
    source = _write(folder / "essay-start.txt", _paragraphs(ESSAY)[:6])
    spanish = _paragraphs(SPANISH)[:6]
    spanish[1] = f"Hola {SCRIPT} y {IMAGE} fin. {spanish[1]}"
    spanish[3] = f"{spanish[3]} {QUOTES}"
    translation = _write(folder / HOSTILE_NAME, spanish)
    _align(source, translation, folder / "review.html", "--source-lang", "en", "--lang", "es")
    found["hostile"] = Review(folder / "review.html", ("en", "es"), 0.5)
    return found


@pytest.fixture(scope="module")
def shots() -> Path:
    return screenshots_folder()


# --- The browser -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with launched(CHROMIUM) as started:
        yield started


class Reader:
    """One page in its own context, reused by every test: it blocks, and reports, every request
    that is not for a local file, and records what each page asked for."""

    def __init__(self, browser: Browser) -> None:
        self.context: BrowserContext = browser.new_context(viewport={"width": WIDE[0], "height": WIDE[1]},
                                                           reduced_motion="reduce")
        self.blocked: list[str] = []
        self.requests: list[str] = []
        self.failures: list[tuple[str, str | None]] = []
        # The pages are small files: an element not there in 5 s is missing, not late.
        self.context.set_default_timeout(5_000)
        self.context.route("**/*", self._guard)
        self.page = self.context.new_page()
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("requestfailed", lambda request: self.failures.append((request.url, request.failure)))

    def _guard(self, route: Route) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def goto(self, url: str, size: tuple[int, int] = WIDE) -> Page:
        resize(self.page, size)
        self.page.emulate_media(media="screen")
        self.page.goto("about:blank")
        self.requests.clear()
        self.failures.clear()
        self.page.goto(url)
        return self.page


@pytest.fixture(scope="module")
def shared_reader(browser: Browser) -> Iterator[Reader]:
    reader = Reader(browser)
    yield reader
    reader.context.close()


@pytest.fixture
def reader(shared_reader: Reader) -> Iterator[Reader]:
    """The shared page; a request it made outside the page's folder fails the test that loaded it."""
    shared_reader.blocked.clear()
    yield shared_reader
    assert not shared_reader.blocked, f"the page asked for resources outside it: {shared_reader.blocked}"


# --- What the page shows ---------------------------------------------------------------------

BEADS = """() => Array.from(document.querySelectorAll('table.beads > tbody > tr'), row => {
    const rect = element => { const b = element.getBoundingClientRect();
                              return {x: b.left, y: b.top, width: b.width, height: b.height}; };
    const [source, target] = row.querySelectorAll(':scope > td');
    return {id: row.id, low: row.classList.contains('low'),
            section: row.closest('section').querySelector('h2').id,
            number: Number(row.querySelector('th a').textContent.replace('Bead', '')),
            shape: row.querySelector('.shape').textContent,
            confidence: Number(row.querySelector('meter').getAttribute('value')),
            head: rect(row.querySelector('th')), source: rect(source), target: rect(target)};
})"""


def beads(page: Page) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = page.evaluate(BEADS)
    assert found, "the page shows no bead"
    return found


# The page's width and its window's, and the first boxes whose text runs out of them (but for
# those of a visually hidden element: the column heads of stacked beads, for screen readers).
OVERFLOWING = """() => [document.documentElement.scrollWidth, window.innerWidth,
    Array.from(document.querySelectorAll('th, td, p, h1, h2, li'))
         .filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).display !== 'none')
         .filter(e => !e.closest('thead') || e.closest('thead').getBoundingClientRect().width > 1)
         .slice(0, 5).map(e => e.outerHTML.slice(0, 120))]"""


# --- 1. Layout -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PAGES)
def test_wide_screen_puts_each_translation_beside_its_source(reader: Reader, reviews: dict[str, Review],
                                                            name: str) -> None:
    page = reader.goto(reviews[name].url, WIDE)
    for bead in beads(page):
        head, source, target = bead["head"], bead["source"], bead["target"]
        where = f"{name}, bead {bead['number']}"
        assert abs(source["y"] - target["y"]) <= 3, f"{where}: the cells do not start level"
        assert target["x"] >= source["x"] + source["width"] - 0.5, f"{where}: the cells overlap"
        assert head["x"] + head["width"] <= source["x"] + 0.5, f"{where}: the bead's label is not first"
        assert source["width"] > 300 and abs(source["width"] - target["width"]) <= 2, (
            f"{where}: the columns are squeezed or unequal: {source['width']}, {target['width']}")
    # The column heads name the files; the labels for stacked cells are not shown.
    assert page.locator("table.beads thead").first.is_visible()
    labels = page.locator("td .label")
    assert labels.count() == 2 * len(beads(page)), "not every cell has its label for the stacked layout"
    assert not any(labels.evaluate_all("labels => labels.map(l => l.getClientRects().length > 0)"))
    scroll_width, inner_width, cells = page.evaluate(OVERFLOWING)
    assert scroll_width <= inner_width and not cells, f"{name} overflows at {WIDE[0]} px: {cells}"


@pytest.mark.parametrize("name", PAGES)
def test_phone_stacks_label_source_then_translation(reader: Reader, reviews: dict[str, Review],
                                                    name: str) -> None:
    width = NARROW[0]
    page = reader.goto(reviews[name].url, NARROW)
    for bead in beads(page):
        head, source, target = bead["head"], bead["source"], bead["target"]
        where = f"{name}, bead {bead['number']}"
        assert head["y"] + head["height"] <= source["y"] + 0.5, f"{where}: the bead's label is not above"
        assert target["y"] >= source["y"] + source["height"] - 0.5, f"{where}: the cells are not stacked"
        for side, found in (("source", source), ("translation", target)):
            assert found["x"] >= 0 and found["x"] + found["width"] <= width + 0.5, (
                f"{where}: the {side} cell runs outside the screen: {found}")
            assert found["width"] > width * 0.8, f"{where}: the {side} cell is squeezed: {found}"
    scroll_width, inner_width, cells = page.evaluate(OVERFLOWING)
    assert scroll_width <= inner_width, f"{name} scrolls sideways at {width} px: {scroll_width} > {inner_width}"
    assert not cells, f"{name}: text runs out of its box at {width} px: {cells}"
    # Each stacked cell says which file it is from, in words a screen reader reads as English.
    labels = page.locator("td .label")
    assert labels.first.is_visible()
    source_label, target_label = labels.nth(0), labels.nth(1)
    assert source_label.inner_text().startswith("Source: ")
    assert target_label.inner_text().startswith("Translation: ")
    assert (target_label.get_attribute("lang"), target_label.get_attribute("dir")) == ("en", "ltr")


def test_phone_outlines_the_target_bead_around_its_text(reader: Reader, reviews: dict[str, Review]) -> None:
    """The cells stack without side padding: the outline of the bead arrived at is drawn around
    the row, outside its text, not over the first letters of every line."""
    review = reviews["essay"]
    first = beads(reader.goto(review.url, NARROW))[0]
    page = reader.goto(f"{review.url}#{first['id']}", NARROW)
    row = page.locator(f"#{first['id']}")
    found = row.evaluate("""row => { const s = getComputedStyle(row);
        return {style: s.outlineStyle, offset: parseFloat(s.outlineOffset), width: parseFloat(s.outlineWidth),
                left: row.getBoundingClientRect().left,
                cells: Array.from(row.children, c => getComputedStyle(c).outlineStyle)}; }""")
    assert found["style"] == "dashed" and found["offset"] >= 0, found
    assert set(found["cells"]) == {"none"}, f"the cells are outlined over their text: {found}"
    assert found["left"] - found["offset"] - found["width"] >= 0, f"the outline leaves the screen: {found}"


# --- 2. Order --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PAGES)
def test_beads_to_check_come_first_least_sure_first(reader: Reader, reviews: dict[str, Review], name: str) -> None:
    review = reviews[name]
    page = reader.goto(review.url, WIDE)
    check, others = (page.locator(f"#{title}").bounding_box() for title in ("check-title", "others-title"))
    assert check and others and check["y"] < others["y"], "the beads to check are not first"
    found = beads(page)
    low = [bead for bead in found if bead["section"] == "check-title"]
    rest = [bead for bead in found if bead["section"] == "others-title"]
    assert low + rest == found, "the two lists are not one after the other"
    # Every bead once, the beads to check exactly those below the threshold.
    assert sorted(bead["number"] for bead in found) == list(range(1, len(found) + 1))
    assert all(bead["low"] and bead["confidence"] < review.threshold for bead in low), low
    assert not any(bead["low"] or bead["confidence"] < review.threshold for bead in rest), rest
    # Least sure first; the others in the order of the text.
    assert [(bead["confidence"], bead["number"]) for bead in low] == sorted(
        (bead["confidence"], bead["number"]) for bead in low)
    assert [bead["number"] for bead in rest] == sorted(bead["number"] for bead in rest)
    heading = page.locator("#check-title").inner_text()
    assert f"({len(low)})" in heading, heading
    if name == "essay":
        assert len(low) >= 2, f"the essay's review has {len(low)} beads to check: nothing to order"
        assert len({bead["confidence"] for bead in low}) >= 2, "the beads to check are all equally sure"
        # The careless edition's merged, deleted and added paragraphs are there as such.
        shapes = {bead["shape"] for bead in found}
        assert {"2-1", "1-0", "0-1"} <= shapes, shapes
        added = page.locator("tr", has_text=NOTE)
        assert added.locator(".shape").inner_text() == "0-1"
        assert added.locator("td").first.inner_text().strip().endswith("(nothing in the source)")
    # A bead flagged as low says so in words, not by colour alone.
    for bead in low:
        assert "below" in page.locator(f"#{bead['id']} th .flag").inner_text()


# --- 3. Language and direction ---------------------------------------------------------------

CELLS = """() => Array.from(document.querySelectorAll('table.beads td'), cell => ({
    column: cell.cellIndex, lang: cell.getAttribute('lang'), dir: cell.getAttribute('dir'),
    direction: getComputedStyle(cell).direction,
    texts: Array.from(cell.querySelectorAll(':scope > p:not(.none)'),
                      p => [p.getAttribute('lang'), p.getAttribute('dir'), getComputedStyle(p).direction]),
    page: Array.from(cell.querySelectorAll(':scope > .label, :scope > .none'),
                     e => [e.getAttribute('lang'), e.getAttribute('dir'), e.textContent]),
}))"""


@pytest.mark.parametrize("name", PAGES)
def test_every_cell_carries_its_language_and_direction(reader: Reader, reviews: dict[str, Review],
                                                      name: str) -> None:
    review = reviews[name]
    page = reader.goto(review.url, WIDE)
    assert page.locator("html").get_attribute("lang") == "en"
    cells = page.evaluate(CELLS)
    assert len(cells) == 2 * len(beads(page))
    for cell in cells:
        language = review.languages[cell["column"] - 1]
        direction = "rtl" if language == "ar" else "ltr"
        assert (cell["lang"], cell["dir"], cell["direction"]) == (language, direction, direction), cell
        for text in cell["texts"]:
            assert text == [language, direction, direction], cell
        # What the page itself says in a cell (its label, "nothing here") is English, left to right.
        for lang, dir_, words in cell["page"]:
            assert (lang, dir_) == ("en", "ltr"), f"{words!r} is marked {lang}, {dir_}"
    if name == "rtl":
        assert any(cell["column"] == 2 and not cell["texts"] for cell in cells), (
            "no Arabic cell is empty: the source should go on past the translation")
        # The Arabic text starts at the right of its cell.
        cell = page.locator("td[lang=ar] > p[lang=ar]").first
        text_box, cell_box = cell.bounding_box(), cell.locator("xpath=..").bounding_box()
        assert text_box and cell_box
        assert abs((text_box["x"] + text_box["width"]) - (cell_box["x"] + cell_box["width"])) <= 12


# --- 4. axe-core -----------------------------------------------------------------------------

@pytest.fixture
def axe() -> Path:
    return require_axe()


@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_violations(reader: Reader, reviews: dict[str, Review], axe: Path, name: str) -> None:
    page = reader.goto(reviews[name].url, WIDE)
    page.add_script_tag(path=str(axe))
    report = []
    for size in (WIDE, NARROW):
        resize(page, size)
        violations = page.evaluate(AXE_RUN)
        if violations:
            report.append(f"axe-core on the {name} review at {size[0]}px:\n{violations_text(violations)}")
    assert not report, "\n".join(report)


# --- 5. Print --------------------------------------------------------------------------------

VISIBLE_TEXT = """() => Array.from(document.querySelectorAll('table.beads td > p'), p => {
    const b = p.getBoundingClientRect(), s = getComputedStyle(p);
    return b.width > 0 && b.height > 0 && s.visibility === 'visible' && s.color !== 'rgba(0, 0, 0, 0)';
})"""


@pytest.mark.parametrize("name", ["essay", "rtl"])
def test_print_keeps_the_text_and_writes_a_pdf(reader: Reader, reviews: dict[str, Review], shots: Path,
                                               name: str) -> None:
    page = reader.goto(reviews[name].url, A4)
    on_screen = page.locator("main").inner_text()
    page.emulate_media(media="print")
    assert page.locator("main").inner_text() == on_screen, "printing changes the page's text"
    shown = page.evaluate(VISIBLE_TEXT)
    assert shown and all(shown), f"{shown.count(False)} texts of {len(shown)} are not printed"
    assert page.locator("table.beads thead").first.is_visible(), "the printed page should name its columns"
    for bead in beads(page)[:5]:
        source, target = bead["source"], bead["target"]
        assert abs(source["y"] - target["y"]) <= 3 and target["x"] >= source["x"] + source["width"] - 0.5, (
            f"bead {bead['number']}: not side by side in print")
    # A bead to check is still marked, without its coloured ground.
    if page.locator("tr.low").count():
        assert page.locator("tr.low .flag").first.is_visible()
    path = shots / f"align-{name}.pdf"
    path.unlink(missing_ok=True)
    page.pdf(path=str(path), format="A4")
    assert path.is_file() and path.read_bytes().startswith(b"%PDF")
    assert path.stat().st_size > 10_000


# --- 6. Requests, script and a hostile translation -------------------------------------------


@pytest.mark.parametrize("name", PAGES)
def test_the_page_asks_for_nothing_but_itself(reader: Reader, reviews: dict[str, Review], name: str) -> None:
    review = reviews[name]
    page = reader.goto(review.url, WIDE)
    page.hover("table.beads tbody tr")
    resize(page, NARROW)
    page.emulate_media(media="print")
    assert reader.requests == [review.url], f"the {name} review asked for {reader.requests}"
    assert not reader.failures, reader.failures
    found = page.evaluate("""() => ({scripts: document.scripts.length,
        external: document.querySelectorAll('link, img, iframe, object, embed, video, audio, source').length})""")
    assert found == {"scripts": 0, "external": 0}, found


INJECTED = """() => ({
    pwned: typeof window.__pwned,
    images: document.querySelectorAll('img').length,
    scripts: document.scripts.length,
    handlers: Array.from(document.querySelectorAll('*')).flatMap(
        e => Array.from(e.attributes, a => a.name).filter(n => n.startsWith('on'))),
})"""


def test_hostile_translation_is_shown_as_text_and_never_run(reader: Reader, reviews: dict[str, Review]) -> None:
    page = reader.goto(reviews["hostile"].url, WIDE)
    for index in range(page.locator("td").count()):
        page.locator("td").nth(index).hover()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate(INJECTED) == {"pwned": "undefined", "images": 0, "scripts": 0, "handlers": []}
    translations = page.locator("table.beads td:nth-of-type(2)").all_inner_texts()
    text = "\n".join(translations)
    assert f"Hola {SCRIPT} y {IMAGE} fin." in text
    assert QUOTES in text, "the quotes and the escaped-looking text are not shown as written"
    # The file's name is shown as written too: in the heading, the column heads and the title.
    assert HOSTILE_NAME in page.locator(".files").inner_text()
    assert HOSTILE_NAME in page.locator("table.beads thead").first.inner_text()
    assert HOSTILE_NAME in page.title()
    resize(page, NARROW)
    assert HOSTILE_NAME in page.locator("td .label").nth(1).inner_text()
    assert page.evaluate("typeof window.__pwned") == "undefined"


# --- 7. Screenshots --------------------------------------------------------------------------


def test_screenshots_are_written(reader: Reader, reviews: dict[str, Review], shots: Path) -> None:
    written = []
    for name, size in (("essay", WIDE), ("essay", NARROW), ("rtl", WIDE), ("rtl", NARROW), ("hostile", WIDE)):
        page = reader.goto(reviews[name].url, (size[0], 1800))
        path = shots / f"align-{name}-{size[0]}.png"
        path.unlink(missing_ok=True)
        page.screenshot(path=str(path))
        written.append(path)
    for path in written:
        assert path.is_file() and path.read_bytes().startswith(b"\x89PNG"), path
        assert path.stat().st_size > 5_000, f"{path} is suspiciously small"
