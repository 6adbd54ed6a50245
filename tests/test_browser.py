"""The served site in a real headless Chromium (Debian's package, driven by Playwright)."""

import contextlib
import csv
import io
import os
import shutil
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT, copy_package, make_site, serving

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Flags for a closed network: no background calls home, no first-run pages.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", ROOT / "test-results" / "screenshots"))


@pytest.fixture(scope="module")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not os.path.exists(CHROMIUM):
        pytest.fail("Chromium is missing: run `make browser` (apt-get install chromium)")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def real_server(tmp_path_factory):
    with serving(make_site(tmp_path_factory.mktemp("browser-site"), ROOT)) as base:
        yield base


def fixture_site(tmp_path_factory, fixture):
    tmp = tmp_path_factory.mktemp(f"browser-{fixture}")
    return make_site(tmp / "site", copy_package(FIXTURES / fixture, tmp / "package"))


@pytest.fixture(scope="module")
def fixture_server(tmp_path_factory):
    with serving(fixture_site(tmp_path_factory, "minimal")) as base:
        yield base


@contextlib.contextmanager
def offline_page(browser, width=1280):
    """A page that reaches only the local site (the test machines have no internet) and fails on script errors."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.route("**/*", lambda route: route.abort() if not route.request.url.startswith("http://127.0.0.1") else route.continue_())
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == []


@pytest.fixture
def page(browser):
    with offline_page(browser) as page:
        yield page


def screenshot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


def map_marker_total(page):
    """Markers on the cluster map: single markers count one, a cluster counts its number."""
    page.wait_for_selector(".leaflet-marker-icon", timeout=15000)
    page.wait_for_timeout(500)
    return page.evaluate("""() => [...document.querySelectorAll('.leaflet-marker-icon')].reduce(
        (sum, el) => sum + (el.classList.contains('marker-cluster') ? parseInt(el.innerText, 10) : 1), 0)""")


def test_home_page_renders(page, real_server):
    page.goto(real_server + "/")
    assert page.locator("h1").first.inner_text() == "US–Mexico Security Tracker"
    assert page.locator(".figures li").count() == 6
    assert page.evaluate("getComputedStyle(document.querySelector('div[lang=ar]')).direction") == "rtl"
    screenshot(page, "home")


def test_map_shows_a_marker_for_every_row_with_coordinates(page, real_server):
    import json

    rows = json.load(urllib.request.urlopen(real_server + "/tracker/events_map.json?_shape=array&_size=max"))
    page.goto(real_server + "/tracker/events_map")
    assert map_marker_total(page) == len(rows) > 0
    page.locator(".leaflet-container").scroll_into_view_if_needed()
    screenshot(page, "map")


def test_fixture_map_counts_and_popup(page, fixture_server):
    page.goto(fixture_server + "/tracker/events_map")
    assert map_marker_total(page) == 2
    for marker in range(2):
        page.locator(".leaflet-marker-icon").nth(marker).click()
        page.locator(".leaflet-popup-content").last.wait_for()
    popups = " ".join(page.locator(".leaflet-popup-content").all_inner_texts())
    assert "Fixture strike" in popups and "approximate position, precision 5" in popups
    assert "Fixture statement" in popups


def test_arabic_cell_renders_right_to_left(page, fixture_server):
    page.goto(fixture_server + "/tracker/events/2025-11-17-fixture-statement")
    cell = page.locator("td.col-title_ar span")
    assert cell.get_attribute("lang") == "ar"
    assert cell.evaluate("el => getComputedStyle(el).direction") == "rtl"
    assert page.locator("td.col-title_en").evaluate("el => getComputedStyle(el).direction") == "ltr"


def test_cite_block_has_the_permalink(page, fixture_server):
    page.goto(fixture_server + "/tracker/events/2025-11-17-fixture-statement")
    permalink = f"{fixture_server}/tracker/events/2025-11-17-fixture-statement"
    assert page.locator("#cite a.permalink").get_attribute("href") == permalink
    assert permalink in page.locator("#cite pre.cite-bibtex").inner_text()


def test_event_row_page_screenshot(page, real_server):
    event_id = urllib.request.urlopen(
        real_server + "/tracker.json?sql=select+event_id+from+events+order+by+date_start+desc+limit+1&_shape=arrayfirst"
    )
    event_id = event_id.read().decode().strip('[]"\n')
    page.goto(f"{real_server}/tracker/events/{event_id}")
    assert page.locator("#cite").is_visible()
    screenshot(page, "event")


def test_events_csv_download_equals_the_source_csv(page, real_server):
    page.goto(real_server + "/tracker/events")
    downloaded = page.evaluate("() => fetch('/tracker/events.csv?_stream=on').then(r => r.text())")
    with open(ROOT / "data" / "events.csv", encoding="utf-8-sig", newline="") as f:
        expected = list(csv.reader(f))
    got = list(csv.reader(io.StringIO(downloaded)))
    # Same header, same rows; the site lists newest first, the file in curation order.
    assert got[0] == expected[0]
    assert sorted(got[1:]) == sorted(expected[1:])
    assert len(got) == len(expected) > 1


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    with serving(fixture_site(tmp_path_factory, "hostile")) as base:
        yield base


def test_hostile_cells_stay_inert_in_the_browser(page, hostile_server):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in ["/tracker/events", "/tracker/events/2025-11-17-fixture-statement", "/tracker/actors/donald-trump", "/tracker/locations"]:
        page.goto(hostile_server + path)
        page.wait_for_load_state("networkidle")
    page.goto(hostile_server + "/tracker/events_map")
    assert map_marker_total(page) == 2
    for marker in range(page.locator(".leaflet-marker-icon").count()):
        page.locator(".leaflet-marker-icon").nth(marker).click()
        page.locator(".leaflet-popup-content").last.wait_for()
    popups = " ".join(page.locator(".leaflet-popup-content").all_inner_texts())
    assert '<script>alert("title")</script>' in popups
    assert page.locator(".leaflet-popup-content script, .leaflet-popup-content img").count() == 0
    assert dialogs == []
