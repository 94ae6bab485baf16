"""The explorer in a real headless Chromium (Debian's `chromium`, driven by Playwright), served from a fixture.

What a reader does: moves the as-of slider (the matrix changes), asks what was known before a correction, searches
for a word (found and highlighted), opens a statement whose text is hostile (nothing runs), reads on a phone.
Every page is checked for console errors and for requests off the served address; the store file's bytes are the
same after the session. Without /usr/bin/chromium or Playwright the tests skip with the reason; under CI they fail.

`STANCE_UPDATE_SCREENSHOT=1` also writes docs/explorer-screenshot.png, the README's picture of the explorer.
"""

import hashlib
import io
import os
from pathlib import Path

import pytest
from explorer_helpers import serving
from store_helpers import lines, load, statement

from cli.demo import dataset_files
from events.lines import decode_jsonl
from store import Ledger

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOT = Path(__file__).parent.parent / "docs" / "explorer-screenshot.png"
HOSTILE = "b0000000-0000-4000-8000-000000000666"
CORRECTED = "b0000000-0000-4000-8000-000000000777"


def missing() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    for module in ("playwright", "PIL", "matplotlib"):
        try:
            __import__(module)
        except ImportError:
            return f"{module} is not installed (pip install -e '.[dev]')"
    return None


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    reason = missing()
    if reason:
        if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
            pytest.fail(f"CI is set but the browser tests cannot run: {reason}")
        pytest.skip(reason)
    db = tmp_path_factory.mktemp("explorer-browser") / "demo.db"
    ledger = Ledger(str(db))
    for path in dataset_files():
        with path.open("rb") as raw:
            ledger.append(decode_jsonl(raw), "tester")
    load(ledger, lines(
        {"type": "issue", "slug": "testing", "title": "Testing"},  # the demo's registry checks issues
        statement(0, id=HOSTILE, stated_on="2020-01-02", party="russia", issue="testing/hostile",
                  position='<script>window.ran = 1; alert(1)</script> "><img src=x onerror="window.ran = 2; alert(2)">',
                  quote="\u202egnirts desrever\u202c and \u2067isolated\u2069", speaker="<b>Someone</b>",
                  source={"url": "javascript:alert(3)", "outlet": "<i>Outlet</i>"}),
        statement(0, id=CORRECTED, stated_on="2020-02-03", party="ukraine", issue="testing/hostile",
                  stance="propose", position="The first wording of the zebra proposal.")))
    load(ledger, lines({"type": "correction", "target": CORRECTED, "reason": "The source says otherwise.",
                        "changes": {"position": "The corrected wording of the zebra proposal."}}))
    ledger.close()
    return db


@pytest.fixture(scope="module")
def served(store):
    before = hashlib.sha256(store.read_bytes()).hexdigest()
    with serving(str(store)) as served:
        yield served
    assert hashlib.sha256(store.read_bytes()).hexdigest() == before, "serving changed the store file"


@pytest.fixture(scope="module")
def browser(served):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


class Tab:
    """A browser tab on the explorer that records console problems, dialogs and requests off the served address."""

    def __init__(self, browser, served, width: int = 1280, height: int = 900):
        self.base = served.base
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.problems: list[str] = []
        self.elsewhere: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.problems.append(f"console {m.type}: {m.text}")
                     if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on("dialog", self._dialog)
        self.page.route("**/*", self._only_here)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _only_here(self, route) -> None:
        url = route.request.url
        if url.startswith(self.base + "/") or url.startswith("data:"):
            route.continue_()
        else:
            self.elsewhere.append(url)
            route.abort()

    def open(self, path: str):
        self.page.goto(self.base + path, wait_until="load")
        return self.page

    def clean(self) -> None:
        assert self.problems == []
        assert self.elsewhere == []
        assert self.dialogs == []


@pytest.fixture
def tab(browser, served):
    tab = Tab(browser, served)
    yield tab
    tab.clean()
    tab.page.close()


def matrix_text(page) -> str:
    return page.locator("#matrix").inner_text()


def test_the_matrix_changes_when_the_as_of_slider_moves(tab):
    page = tab.open("/")
    latest = matrix_text(page)
    dates = page.locator("#as-of-slider").get_attribute("data-dates").split()
    target = dates.index("2023-05-27")
    with page.expect_navigation():
        page.locator("#as-of-slider").fill(str(target))
    assert page.locator("#as-of").input_value() == "2023-05-27"
    assert "as_of=2023-05-27" in page.url
    earlier = matrix_text(page)
    assert earlier != latest
    assert "Where each party stood as of 2023-05-27" in page.locator("h1").inner_text()
    assert "2025-11-27" not in earlier and "2025-11-27" in latest


def test_known_at_changes_the_answer_after_a_correction(tab):
    page = tab.open("/?as_of=2020-12-31")
    cell = page.locator("#matrix td", has_text="zebra")
    assert "The corrected wording" in cell.inner_text()
    seq = int(page.locator("footer .meta").inner_text().split("seq ")[1].split()[0])
    page.locator("#known-at").fill(f"seq:{seq - 1}")
    with page.expect_navigation():
        page.get_by_role("button", name="Show").click()
    assert "The first wording" in page.locator("#matrix td", has_text="zebra").inner_text()
    with page.expect_navigation():
        page.locator("#matrix a.cell-link", has_text="zebra").click()
    assert page.locator("h1").inner_text() == "The first wording of the zebra proposal."  # known at that seq
    assert "known_at=seq%3A" in page.url or "known_at=seq:" in page.url


def test_search_finds_a_word_and_highlights_it(tab):
    page = tab.open("/")
    page.locator("#q-top").fill("guarantees")
    with page.expect_navigation():
        page.locator("#q-top").press("Enter")
    assert page.locator("#found").inner_text().endswith("found.")
    marks = page.locator("ol.results mark").all_inner_texts()
    assert marks and all(m.casefold() == "guarantees" for m in marks)
    assert page.locator("ol.results mark").first.is_visible()
    page.locator("#s-party").select_option("ukraine")
    with page.expect_navigation():
        page.get_by_role("button", name="Search").click()
    parties = page.locator("ol.results .shift-head a:nth-of-type(1)").all_inner_texts()
    assert parties and set(parties) == {"Ukraine"}


def test_hostile_text_renders_inert(tab):
    for path in (f"/statement/{HOSTILE}", "/?as_of=2020-12-31", "/issue/testing", "/party/russia",
                 "/search?query=script+window", "/shifts"):
        page = tab.open(path)
        assert page.evaluate("window.ran === undefined"), path
        assert page.locator("a[href^='javascript:']").count() == 0, path
        assert page.locator("img[src='x']").count() == 0, path
    page = tab.open(f"/statement/{HOSTILE}")
    assert page.locator("h1").inner_text().startswith("<script>window.ran = 1;")
    assert page.locator("blockquote.quote").get_attribute("dir") == "auto"
    assert "javascript:alert(3)" in page.locator("dl.scope").inner_text()  # shown as text, not linked


def test_every_page_loads_without_errors_or_requests_elsewhere(tab):
    for path in ("/", "/issue/territory", "/party/ukraine", "/shifts", "/diff?when1=2023&when2=2025-12", "/log",
                 "/search?query=nato", f"/statement/{CORRECTED}"):
        page = tab.open(path)
        assert page.locator("h1").is_visible(), path
    chart = tab.open("/issue/territory").locator("figure.chart img")
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0")


def image_stats(png: bytes) -> tuple[int, float]:
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20) or []
    inked = sum(count for count, rgb in colours if min(rgb) < 235)
    return len(colours), inked / (image.width * image.height)


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots_are_not_blank_and_fit_the_width(browser, served, width, tmp_path):
    tab = Tab(browser, served, width)
    try:
        for path in ("/", "/search?query=security+guarantees", "/issue/territory"):
            page = tab.open(path)
            assert page.evaluate("document.scrollingElement.scrollWidth") <= width, path
            png = page.screenshot(path=str(tmp_path / f"{width}.png"))
            colours, inked = image_stats(png)
            assert colours > 30 and 0.02 < inked < 0.8, (path, colours, inked)
        tab.clean()
    finally:
        tab.page.close()
    if width == 1280 and os.environ.get("STANCE_UPDATE_SCREENSHOT"):
        demo = tmp_path / "demo-only.db"
        ledger = Ledger(str(demo))
        for path in dataset_files():
            with path.open("rb") as raw:
                ledger.append(decode_jsonl(raw), "tester")
        ledger.close()
        with serving(str(demo)) as only_demo:
            shot = Tab(browser, only_demo, width)
            shot.open("/?as_of=2025-03").screenshot(path=str(SCREENSHOT))
            shot.page.close()
