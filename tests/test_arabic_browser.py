"""The Arabic site in a real Chromium, on a desktop and a phone: right to left, nothing sideways, no
untranslated interface text, no serious accessibility violation. Screenshots go to
test-results/screenshots/ar-*.png (or $SCREENSHOT_DIR) to be looked at."""

import re

import pytest

from tests.conftest import ROOT, make_site, serving
from tests.test_browser import CHROMIUM_ARGS, SCREENSHOTS, browser  # noqa: F401 (one Chromium per module)

pytestmark = pytest.mark.browser
STRIKE = "2025-09-02-boat-strike-caribbean"
QUOTE = "q-2025-11-17-trump-ok-with-me"
# The reader's journey: the strikes of a month, one strike, its sources and citation, a search by a
# name in another spelling, the codebook; and every other kind of page on the way.
PAGES = {
    "home": "/ar/",
    "month-strikes": "/ar/tracker/timeline?month=2025-09&event_type=lethal_strike",
    "events": "/ar/tracker/events",
    "strike": f"/ar/tracker/events/{STRIKE}",
    "quote": f"/ar/tracker/quotes/{QUOTE}",
    "actor": "/ar/tracker/actors/donald-trump",
    "statistics": "/ar/tracker/statistics",
    "sources": "/ar/tracker/sources",
    "search": "/ar/tracker/search?q=ترمب",
    "timeline-chart": "/ar/-/timeline",
    "map": "/ar/tracker/events_map",
    "query": "/ar/tracker/strike_totals_by_month",
    "database": "/ar/tracker",
    "codebook": "/ar/-/methodology",
}
VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
# Words that stay in Latin letters in Arabic text: formats, standards and names of software.
# Search examples keep their English words (strike, strikes).
LATIN_ALLOWED = set(
    "strike strikes MB CSV JSON SQL SQLite BibTeX Excel Datasette CC BY ISO WGS84 BCP json db tracker zip Atom "
    "Leaflet OpenStreetMap contributors".split()
)

# The visible interface text of a page: everything but data (cells, excerpts, names marked with their
# language, code) and things that are not text.
INTERFACE_TEXT = """() => {
  // Data of unknown language is marked dir="auto"; data in a known other language carries its lang.
  const skip = 'script, style, pre, code, textarea, td, svg, .leaflet-container, [lang]:not([lang="ar"]), [translate="no"], [dir="ltr"], [dir="auto"]';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const parts = [];
  while (walker.nextNode()) {
    const node = walker.currentNode, parent = node.parentElement;
    if (!parent || parent.closest(skip) || !parent.checkVisibility()) continue;
    parts.push(node.textContent);
  }
  for (const input of document.querySelectorAll('input[type=submit], input[placeholder], button')) {
    if (!input.closest(skip)) parts.push(input.value || '', input.placeholder || '');
  }
  return parts.join(' ');
}"""


@pytest.fixture(scope="module")
def arabic_server(tmp_path_factory):
    with serving(make_site(tmp_path_factory.mktemp("arabic-site"), ROOT)) as base:
        yield base


@pytest.fixture(params=list(VIEWPORTS))
def arabic_page(request, browser):  # noqa: F811
    context = browser.new_context(viewport=VIEWPORTS[request.param], locale="ar")
    context.route("**/*", lambda route: route.abort() if not route.request.url.startswith("http://127.0.0.1") else route.continue_())
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.viewport_name = request.param
    yield page
    context.close()
    assert errors == []


def untranslated_words(text):
    words = re.findall(r"[A-Za-z][A-Za-z’-]*[A-Za-z]", text)
    return sorted({w for w in words if w not in LATIN_ALLOWED})


@pytest.mark.parametrize("name", list(PAGES))
def test_arabic_page_reads_right_to_left(arabic_page, arabic_server, name):
    page = arabic_page
    page.goto(arabic_server + PAGES[name])
    page.wait_for_load_state("networkidle")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"ar-{name}-{page.viewport_name}.png"), full_page=False)
    layout = page.evaluate("""() => ({
        lang: document.documentElement.lang,
        dir: getComputedStyle(document.body).direction,
        align: getComputedStyle(document.querySelector('section.content')).textAlign,
        headingAlign: getComputedStyle(document.querySelector('h1')).textAlign,
        scrollWidth: document.documentElement.scrollWidth,
        width: window.innerWidth,
        headingRight: document.querySelector('h1').getBoundingClientRect().right,
    })""")
    assert (layout["lang"], layout["dir"]) == ("ar", "rtl")
    assert layout["align"] in ("start", "right") and layout["headingAlign"] in ("start", "right")
    assert layout["scrollWidth"] <= layout["width"], "the page scrolls sideways"
    # The heading starts at the right edge of the page (within its margin).
    assert layout["width"] - layout["headingRight"] < 40
    assert untranslated_words(page.evaluate(INTERFACE_TEXT)) == []


def test_arabic_pages_have_no_serious_accessibility_violation(browser, arabic_server):  # noqa: F811
    axe = pytest.importorskip("axe_playwright_python.sync_playwright").Axe()
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    context.route("**/*", lambda route: route.abort() if not route.request.url.startswith("http://127.0.0.1") else route.continue_())
    page = context.new_page()
    found = {}
    for name, path in PAGES.items():
        page.goto(arabic_server + path)
        page.wait_for_load_state("networkidle")
        violations = axe.run(page).response["violations"]
        serious = [v["id"] for v in violations if v["impact"] in ("serious", "critical")]
        if serious:
            found[name] = serious
    context.close()
    assert found == {}


def test_quote_original_stands_left_to_right_beside_its_arabic_translation(browser, arabic_server):  # noqa: F811
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    page.goto(arabic_server + f"/ar/tracker/quotes/{QUOTE}")
    original = page.locator(".quote blockquote.original")
    translation = page.locator(".quote .translation blockquote")
    assert original.evaluate("el => getComputedStyle(el).direction") == "ltr"
    assert translation.evaluate("el => getComputedStyle(el).direction") == "rtl"
    assert page.locator(".quote .translation-label").inner_text() == "الترجمة العربية:"
    # Two blocks, the translation not running on inline after the English.
    assert original.bounding_box()["y"] + original.bounding_box()["height"] <= translation.bounding_box()["y"] + 1
    context.close()


def test_arabic_map_popups_read_in_arabic(browser, arabic_server):  # noqa: F811
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    context.route("**/*", lambda route: route.abort() if not route.request.url.startswith("http://127.0.0.1") else route.continue_())
    page = context.new_page()
    page.goto(arabic_server + "/ar/tracker/events_map?event_type=lethal_strike")
    page.wait_for_selector(".leaflet-marker-icon", timeout=15000)
    # Zoom in on one cluster until a single marker opens its popup.
    for _ in range(10):
        single = page.locator(".leaflet-marker-icon:not(.marker-cluster)")
        if single.count():
            single.first.click()
            break
        page.locator(".marker-cluster").first.click()
        page.wait_for_timeout(400)
    popup = page.locator(".leaflet-popup-content").last
    popup.wait_for()
    text = popup.inner_text()
    assert "ضربة قاتلة" in text and re.search(
        r"\d{1,2} (يناير|فبراير|مارس|أبريل|مايو|يونيو|يوليو|أغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر) \d{4}", text
    )
    assert popup.locator("a").first.get_attribute("href").startswith("/ar/tracker/events/")
    page.screenshot(path=str(SCREENSHOTS / "ar-map-popup-desktop.png"))
    context.close()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_an_arabic_reader_finds_a_months_strikes_cites_one_searches_and_reads_the_codebook(browser, arabic_server, viewport):  # noqa: F811
    """The issue's journey, by clicking: every step in Arabic, screenshots ar-journey-N-STEP-VIEWPORT.png."""
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    context.route("**/*", lambda route: route.abort() if not route.request.url.startswith("http://127.0.0.1") else route.continue_())
    page = context.new_page()

    def step(number, name):
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.lang") == "ar", name
        assert untranslated_words(page.evaluate(INTERFACE_TEXT)) == [], name
        page.screenshot(path=str(SCREENSHOTS / f"ar-journey-{number}-{name}-{viewport}.png"), full_page=False)

    page.goto(arabic_server + "/ar/")
    step(1, "home")
    page.click('a[href="/ar/tracker/timeline"]')
    page.locator("#facet-month a", has_text="سبتمبر 2025").first.click()
    page.wait_for_load_state("networkidle")
    page.locator("#facet-event_type a", has_text="ضربة قاتلة").first.click()
    step(2, "strikes-of-september-2025")
    heading = page.locator("h2.table-count").inner_text()
    assert "الشهر = سبتمبر 2025" in heading and "نوع الحدث = ضربة قاتلة" in heading, heading
    page.locator("td.col-event_id a").first.click()
    step(3, "strike")
    assert page.locator("section.evidence h2", has_text="المصادر").count() == 1
    assert page.locator("ol.citations li").count() >= 1
    page.locator("#cite").scroll_into_view_if_needed()
    step(4, "sources-and-citation")
    permalink = page.locator("#cite a.permalink").get_attribute("href")
    assert "/tracker/events/" in permalink and "/ar/" not in permalink  # the English address is the permanent one
    page.goto(arabic_server + "/ar/")
    page.fill('input[name="q"]', "شينبوم")
    page.press('input[name="q"]', "Enter")
    step(5, "search-sheinbaum-other-spelling")
    first_title = page.locator(".search-title a").first.inner_text()
    assert re.search("[\u0600-\u06ff]", first_title), first_title  # results carry their Arabic titles
    page.goto(arabic_server + "/ar/")
    page.click('a[href="/ar/-/methodology"]')
    page.locator("#codebook").scroll_into_view_if_needed()
    step(6, "codebook")
    assert page.locator("#codebook h2").inner_text() == "دليل الترميز"
    context.close()


def test_column_menu_of_an_arabic_table_is_in_arabic(browser, arabic_server):  # noqa: F811
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    page.goto(arabic_server + "/ar/tracker/events")
    page.wait_for_load_state("load")
    labels = page.evaluate("() => [...document.querySelectorAll('.dropdown-menu li a')].map((a) => a.textContent)")
    assert "ترتيب تصاعدي" in labels and "إخفاء هذا العمود" in labels
    assert untranslated_words(" ".join(labels)) == []
    context.close()


def test_column_names_stay_inside_the_cards_of_an_arabic_table_on_a_phone(browser, arabic_server):  # noqa: F811
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    page = context.new_page()
    page.goto(arabic_server + "/ar/tracker/strike_tally_reconciliation")
    # The name is the cell's ::before, pulled back over the cell's indent by a negative margin: on each
    # side the indent must cover the pull, or the name sticks out of the card (and the screen).
    outside = page.evaluate(
        """() => [...document.querySelectorAll('.rows-and-columns td')].slice(0, 20).filter((td) => {
               const cell = getComputedStyle(td), name = getComputedStyle(td, '::before');
               return parseFloat(cell.paddingRight) + parseFloat(name.marginRight) < 0
                   || parseFloat(cell.paddingLeft) + parseFloat(name.marginLeft) < 0;
           }).length"""
    )
    assert outside == 0
    context.close()
