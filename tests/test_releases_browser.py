"""A row's history as a reader sees it in Chromium, on a desktop and on a phone, after a correction."""

import pytest

from tests.conftest import FIXTURES, copy_package, make_site, serving
from tests.test_browser import CHROMIUM_ARGS, SCREENSHOTS, browser  # noqa: F401 (a fixture)
from tests.test_releases import STRIKE, correct_the_strike, cut, set_cells

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def corrected_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("history-site")
    package = copy_package(FIXTURES / "minimal", tmp / "package")
    cut(package, "1.0.0", "2026-01-05")
    correct_the_strike(package)
    cut(package, "1.1.0", "2026-02-10")
    set_cells(package / "data/events.csv", STRIKE, summary_en="A strike at sea.")  # an edit after the last release
    with serving(make_site(tmp / "site", package)) as base:
        yield base


@pytest.mark.parametrize("width, height, name", [(1280, 900, "history-desktop"), (390, 844, "history-phone")])
def test_history_and_unreleased_version_are_readable(browser, corrected_server, width, height, name):  # noqa: F811
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(f"{corrected_server}/tracker/events/{STRIKE}")
    history = page.locator("#history")
    history.scroll_into_view_if_needed()
    assert history.is_visible()
    items = history.locator("ol > li")
    assert items.count() == 3
    assert items.nth(0).inner_text().startswith("Added in release 1.0.0 (2026-01-05)")
    change = items.nth(1)
    assert change.locator("del").first.inner_text() == "11" and change.locator("ins").first.inner_text() == "12"
    assert "notes: (empty) → The Pentagon later gave 12 dead" in change.inner_text()
    assert "Why: The Pentagon later gave 12 dead; the first report said 11." in change.inner_text()
    assert items.nth(2).inner_text().split() == "Changed since release 1.1.0, not released yet: summary_en: A strike. → A strike at sea.".split()
    cite = page.locator("#cite").inner_text()
    assert "Dataset version 1.1.0+dev." in cite and "It differs from release 1.1.0 of 2026-02-10." in cite
    # Nothing in the two sections is wider than the screen (the 64-character fingerprint wraps).
    for section in ("#history", "#cite"):
        assert page.locator(section).bounding_box()["width"] <= width
        assert page.evaluate(f"document.querySelector('{section}').scrollWidth <= document.querySelector('{section}').clientWidth")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    history.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
    context.close()


def test_on_the_arabic_page_a_change_still_reads_old_then_new(browser, corrected_server):  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{corrected_server}/ar/tracker/events/{STRIKE}")
    change = page.locator("#history ol > li").nth(1).locator("ul > li").first
    assert change.locator("code").inner_text() == "killed_high"
    code, old, new = (change.locator(tag).bounding_box() for tag in ("code", "del", "ins"))
    assert code["x"] < old["x"] < new["x"]  # left to right inside the right-to-left page
    assert page.locator("html").get_attribute("dir") == "rtl"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#history").screenshot(path=str(SCREENSHOTS / "history-arabic-phone.png"))
    context.close()
