"""Reader journeys in a real Chromium, on a desktop (1366 px) and a phone (390 px), and axe-core on
every kind of page: 0 serious or critical violations, and no page scrolls sideways."""

import json
import os
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT, make_site, serving
from tests.test_browser import browser, offline_page  # noqa: F401 (browser: the fixture, one Chromium per module)

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", ROOT / "test-results" / "screenshots"))
WIDTHS = {"desktop": 1366, "phone": 390}
# The axe-core rule sets of WCAG 2.1 A and AA, and axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with serving(make_site(tmp_path_factory.mktemp("journeys"), ROOT)) as base:
        yield base


def sql(site, query):
    url = site + "/tracker.json?" + urllib.parse.urlencode({"sql": query, "_shape": "array"})
    return json.load(urllib.request.urlopen(url))


@pytest.fixture(params=list(WIDTHS))
def page(request, browser):  # noqa: F811 (the browser fixture)
    with offline_page(browser, WIDTHS[request.param]) as page:
        page.width_name = request.param
        yield page


def screenshot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{page.width_name}.png"))


def assert_no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
        page.url,
        page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]"),
        page.evaluate(
            """() => [...document.querySelectorAll("body *")].filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && (r.left < -2 || r.right > innerWidth + 2); }).slice(0, 5).map(e => e.tagName + "." + e.className + " " + (e.textContent || "").trim().slice(0, 50))"""
        ),
    )


def axe_problems(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"resultTypes": ["violations"], "runOnly": {"type": "tag", "values": AXE_TAGS}})
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def axe_pages(site):
    """A page of every kind a reader reaches, rows of each table among them."""
    rows = {
        table: sql(site, f"select {key} as id from {table} limit 1")[0]["id"]
        for table, key in [
            ("events", "event_id"),
            ("actors", "actor_id"),
            ("quotes", "quote_id"),
            ("statistics", "statistic_id"),
            ("sources", "source_id"),
            ("citations", "citation_id"),
            ("locations", "location_id"),
        ]
    }
    return [
        "/",
        "/tracker/events",
        "/tracker/search?q=trump",
        "/tracker/events_map",
        "/-/timeline",
        "/tracker/timeline",
        "/-/methodology",
        "/tracker/strike_campaign_totals",
        "/no-such-page",
        "/ar/tracker/events",
    ] + [f"/tracker/{table}/{row_id}" for table, row_id in rows.items()]


def test_axe_finds_no_serious_problem(browser, site):  # noqa: F811 (the browser fixture)
    # One width: axe-core takes seconds a page, and what it checks (names, contrast, structure) does not change with it.
    page = browser.new_page(viewport={"width": WIDTHS["desktop"], "height": 900})
    found = {}
    for path in axe_pages(site):
        page.goto(site + path)
        page.wait_for_load_state("load")
        problems = axe_problems(page)
        if problems:
            found[path] = problems
    page.close()
    assert found == {}


def test_no_page_scrolls_sideways(page, site):
    for path in axe_pages(site) + ["/tracker/strike_campaign_totals", "/tracker/claims_vs_figures", "/tracker/quotes_with_speakers"]:
        page.goto(site + path)
        page.wait_for_load_state("load")
        assert_no_sideways_scroll(page)


def test_find_the_strike_of_a_date_and_open_its_sources(page, site):
    strike = sql(
        site,
        "select event_id, date_start, title_en from events where event_type = 'lethal_strike' and date_start = date_end order by date_start limit 1",
    )[0]
    page.goto(site + "/tracker/events")
    page.fill("#date-box", strike["date_start"])
    page.click("form.date-box input[type=submit]")
    page.wait_for_load_state()
    assert "date_start__lte=" + strike["date_start"] in page.url
    page.click(f'a[href="/tracker/events/{strike["event_id"]}"]')
    assert page.locator("h1").inner_text() == strike["title_en"]
    sources = sql(
        site,
        f"select s.url, s.source_id from citations c join sources s on s.source_id = c.source_id where c.event_id = '{strike['event_id']}'",
    )
    shown = page.locator("ol.citations a[rel~=noopener]").evaluate_all("links => links.map(a => a.href)")
    assert {s["url"] for s in sources} <= set(shown) | {s["url"] for s in sources if not s["url"].startswith("http")}
    page.locator("ol.citations a.source-row").first.click()
    assert "/tracker/sources/" in page.url and page.locator("h2", has_text="What this source supports").count() == 1
    assert page.locator(f'a[href="/tracker/events/{strike["event_id"]}"]').count() >= 1
    screenshot(page, "event-sources")


def test_from_a_home_figure_to_the_list_a_row_and_a_source(page, site):
    page.goto(site + "/")
    screenshot(page, "home")
    strikes = sql(site, "select count(*) as n from events where event_type = 'lethal_strike' and status = 'active'")[0]["n"]
    page.locator(".figures a", has_text="strikes on boats").click()
    page.wait_for_load_state()
    assert f"{strikes} rows" in page.locator("h2.table-count").inner_text()
    page.locator("table.rows-and-columns td.type-pk a").first.click()
    assert "/tracker/events/" in page.url
    screenshot(page, "event")
    page.locator("ol.citations a.source-row").first.click()
    page.wait_for_load_state()
    assert "/tracker/sources/" in page.url
    assert_no_sideways_scroll(page)


def test_sort_strikes_by_deaths_and_page_to_the_end(page, site):
    expected = sql(site, "select count(*) as n from events where event_type = 'lethal_strike'")[0]["n"]
    page.goto(site + "/tracker/events?event_type=lethal_strike&_size=10")
    if page.width_name == "desktop":
        page.click('th[data-column="killed_low"] a')
        page.click('th[data-column="killed_low"] a')  # again: most deaths first
    else:
        page.select_option("#sort_by", "killed_low")
        page.check("input[name=_sort_by_desc]")
        page.click("form.filters input[type=submit]")
    page.wait_for_load_state()
    assert "_sort_desc=killed_low" in page.url
    seen, deaths = [], []
    while True:
        seen += page.locator("table.rows-and-columns td.type-pk a").all_inner_texts()
        deaths += [int(t) if t.strip() else -1 for t in page.locator("table.rows-and-columns td.col-killed_low").all_inner_texts()]
        next_link = page.locator("a", has_text="Next page")
        if not next_link.count():
            break
        next_link.click()
        page.wait_for_load_state()
    assert len(seen) == len(set(seen)) == expected
    assert deaths == sorted(deaths, reverse=True)


def test_copy_a_citation_and_check_its_address(browser, site):  # noqa: F811 (the browser fixture)
    context = browser.new_context(viewport={"width": 390, "height": 900}, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    event_id = sql(site, "select event_id from events order by date_start desc limit 1")[0]["event_id"]
    page.goto(f"{site}/tracker/events/{event_id}")
    page.locator("#cite button", has_text="Copy citation").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.endswith(f"{site}/tracker/events/{event_id}")
    assert urllib.request.urlopen(copied.split()[-1]).status == 200
    context.close()


def test_map_shows_the_offline_base_map(page, site):
    page.goto(site + "/tracker/events_map")
    page.wait_for_selector(".leaflet-tile-loaded", timeout=15000)
    tiles = page.locator("img.leaflet-tile-loaded").evaluate_all("imgs => imgs.map(i => i.src)")
    assert tiles and all("/-/tiles/basemap/" in src for src in tiles)
    assert page.locator("#tracker-map .leaflet-container, #tracker-map.leaflet-container, #tracker-map > div").count() >= 1
    screenshot(page, "map")


def test_timeline_bars_link_to_their_month(page, site):
    page.goto(site + "/-/timeline")
    link = page.locator("svg a").first
    month = link.get_attribute("href").split("month=")[1][:7]
    link.locator("rect").first.click()  # the bar itself: an SVG link's box is not its shape
    page.wait_for_load_state()
    count = sql(site, f"select count(*) as n from events where substr(date_start, 1, 7) = '{month}' and status = 'active'")[0]["n"]
    assert f"{count} row" in page.locator("h2.table-count").inner_text()
    page.goto(site + "/-/timeline")
    screenshot(page, "timeline")
