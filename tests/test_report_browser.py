"""The HTML report of the demo dataset, opened in a real headless Chromium (Debian's `chromium`, driven by Playwright).

Checks what a reader would see: no console errors, nothing fetched from the network, the chart visible and not
blank, the matrix and the shifts on the page, a phone-width layout without sideways scrolling, and print styles.
Without /usr/bin/chromium or Playwright the test is skipped with the reason; under CI (CI set) it fails instead.

`STANCE_UPDATE_SCREENSHOT=1` also writes docs/report-screenshot.png, the README's picture of the report.
"""

import io
import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import cli.main
from cli.demo import dataset_files
from events.lines import decode_jsonl
from store import Ledger

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOT = Path(__file__).parent.parent / "docs" / "report-screenshot.png"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def missing() -> str | None:
    """Why the browser test cannot run here, or None."""
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    for module, install in (("playwright", "pip install playwright"), ("matplotlib", "pip install matplotlib"),
                            ("PIL", "pip install pillow")):
        try:
            __import__(module)
        except ImportError:
            return f"{module} is not installed ({install}, or pip install -e '.[dev]')"
    return None


@pytest.fixture(scope="module")
def report_html(tmp_path_factory) -> Path:
    reason = missing()
    if reason:
        if in_ci():
            pytest.fail(f"CI is set but the browser test cannot run: {reason}")
        pytest.skip(reason)
    tmp = tmp_path_factory.mktemp("browser")
    db = str(tmp / "demo.db")
    ledger = Ledger(db)
    for path in dataset_files():
        with path.open("rb") as lines:
            ledger.append(decode_jsonl(lines), "tester")
    out = tmp / "report.html"
    result = CliRunner().invoke(cli.main.app, ["--db", db, "report", "--format", "html", "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def browser(report_html):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


class Page:
    """A page with the report open, and what it said on the console and tried to fetch."""

    def __init__(self, browser, url: str, width: int, height: int = 900):
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.problems: list[str] = []
        self.fetched: list[str] = []
        self.page.on("console", lambda m: self.problems.append(f"console {m.type}: {m.text}")
                     if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.route("**/*", self._only_the_file(url))
        self.page.goto(url, wait_until="load")

    def _only_the_file(self, url: str):
        def handle(route):
            if route.request.url == url:
                route.continue_()
            else:
                self.fetched.append(route.request.url)
                route.abort()
        return handle


def image_stats(png: bytes) -> tuple[int, float]:
    """(number of distinct colours, share of pixels that are not near-white) of a PNG."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20) or []
    inked = sum(count for count, rgb in colours if min(rgb) < 235)
    return len(colours), inked / (image.width * image.height)


@pytest.fixture(scope="module")
def desktop(browser, report_html):
    page = Page(browser, report_html.as_uri(), 1280)
    yield page
    page.page.close()


def test_no_console_errors_and_nothing_fetched(desktop):
    assert desktop.problems == []
    assert desktop.fetched == []


def test_chart_is_visible_labelled_and_not_blank(desktop, tmp_path):
    page = desktop.page
    chart = page.get_by_role("img", name=re.compile(r"^Timeline chart of 43 statements by Russia, Ukraine and "
                                                    r"United States, from 2021 to 2025-11-27"))
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box["width"] > 900 and box["height"] > 400, box
    png = chart.screenshot(path=str(tmp_path / "chart.png"))
    colours, inked = image_stats(png)
    assert colours > 50, colours  # the stance colours, anti-aliased text and bands
    assert 0.03 < inked < 0.6, inked


def test_matrix_and_shifts_are_on_the_page(desktop):
    page = desktop.page
    headers = page.locator("table.matrix thead th").all_inner_texts()
    assert headers == ["Issue", "Russia", "Ukraine", "United States"]
    territory = page.locator("table.matrix tbody tr", has=page.locator("th", has_text=re.compile(r"^Territory$")))
    assert "Russia wants Ukrainian forces to withdraw from all territories Russia claims as its own" in \
        territory.inner_text()
    shifts = page.locator("#shifts").inner_text()
    assert "Russia insists on keeping control of the Ukrainian territories it occupies." in shifts
    assert "Ukraine rejects any agreement that involves losing territory." in shifts
    changed = page.locator("li.shift.ringed").all_inner_texts()
    assert len(changed) == 4
    assert any("Russia is discussing with the United States recognition of Crimea" in text for text in changed)
    record = page.locator("#record").inner_text()
    assert re.search(r"stance verify --digest 149:[0-9a-f]{64}", record)


def test_full_page_screenshot_is_not_blank(desktop, tmp_path):
    path = tmp_path / "report.png"
    png = desktop.page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 50_000
    colours, inked = image_stats(png)
    assert colours > 100, colours
    assert 0.03 < inked < 0.5, inked
    if os.environ.get("STANCE_UPDATE_SCREENSHOT"):
        top = desktop.page.screenshot(full_page=True, clip={"x": 0, "y": 0, "width": 1280, "height": 1900})
        SCREENSHOT.write_bytes(top)


def inked_by(png: bytes, colour: tuple[int, int, int]) -> int:
    """How many pixels of a PNG are close to one colour (a stance's, say)."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    return sum(count for count, rgb in image.getcolors(maxcolors=1 << 20) or []
               if all(abs(a - b) < 40 for a, b in zip(rgb, colour, strict=True)))


VERMILION = (0xD5, 0x5E, 0x00)  # demand, the commonest stance of the dataset


def test_desktop_chart_spreads_its_marks(desktop, tmp_path):
    """With the broken time axis the marks are not crowded at the right: each third of the chart has some."""
    chart = desktop.page.locator("svg.chart-desktop")
    box = chart.bounding_box()
    png = chart.screenshot(path=str(tmp_path / "chart-1280.png"))
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    width = image.width
    thirds = []
    for i in range(3):  # the lanes' part of the chart, without the row labels at the left
        left = int(width * (0.2 + 0.8 * i / 3))
        part = image.crop((left, 0, int(width * (0.2 + 0.8 * (i + 1) / 3)), image.height))
        buffer = io.BytesIO()
        part.save(buffer, format="PNG")
        thirds.append(inked_by(buffer.getvalue(), VERMILION))
    assert min(thirds) > 200, (thirds, box)


def test_phone_width_needs_no_sideways_scrolling(browser, report_html, tmp_path):
    phone = Page(browser, report_html.as_uri(), 390, 844)
    try:
        page = phone.page
        assert phone.problems == [] and phone.fetched == []
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert not page.locator("svg.chart-desktop").is_visible()
        chart = page.get_by_role("img", name=re.compile("^Timeline chart"))
        assert chart.get_attribute("class") == "chart-phone"
        box = chart.bounding_box()
        assert box["width"] <= 390 and box["height"] > 1000, box
        chart.scroll_into_view_if_needed()
        page.evaluate("e => e.scrollIntoView()", chart.element_handle())
        first_screen = page.screenshot(path=str(tmp_path / "report-390.png"))
        assert inked_by(first_screen, VERMILION) > 300  # the first screen of the chart shows marks
        page.screenshot(path=str(tmp_path / "report-390-full.png"), full_page=True)
        first = page.locator("table.matrix tbody td:not(.none)").first
        assert page.evaluate("e => getComputedStyle(e, '::before').content", first.element_handle()) != "none"
    finally:
        page.close()


def test_print_styles_hide_navigation(browser, report_html):
    printed = Page(browser, report_html.as_uri(), 1280)
    try:
        page = printed.page
        page.emulate_media(media="print")
        assert not page.locator("nav.contents").is_visible()
        assert page.get_by_role("img", name=re.compile("^Timeline chart")).is_visible()
        assert page.pdf()[:5] == b"%PDF-"
    finally:
        page.close()
