import io
import re
import zipfile
from html import unescape

from tests.conftest import FIXTURES


def visible_text(html):
    """The page's text as a reader sees it: tags dropped, entities read, spaces collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split()).replace(" :", ":").replace(" ,", ",")


def linked(html, href, text):
    """An <a> to href whose text is text, whatever attributes it carries."""
    return re.search(r'<a href="{}"[^>]*>\s*{}\s*</a>'.format(re.escape(href), re.escape(text)), html) is not None


async def test_home_page_explains_and_links(minimal_datasette):
    html = (await minimal_datasette.client.get("/")).text
    assert '<div lang="ar" dir="rtl">' in html
    assert "<strong>2</strong> events, 2025-09-02 to 2025-11-17" in html
    assert "<strong>1</strong> strikes on boats" in html
    assert "<strong>11</strong> people reported killed" in html
    assert "US–Mexico Security Tracker, version 0.0.0+dev." in html  # the fixture has no release
    assert "This build serves data that has had no release yet; its version names the data's fingerprint." in html
    for link in [
        "/-/timeline",
        "/tracker/events_map",
        "/tracker/claims_vs_official_figures",
        "/tracker.db",
        "/-/datapackage.json",
        "/-/datapackage.zip",
        "https://creativecommons.org/licenses/by/4.0/",
    ]:
        assert f'href="{link}' in html, link
    assert '<form action="/tracker/search" method="get">' in html


async def test_every_link_on_the_home_page_answers(real_datasette):
    import re

    html = (await real_datasette.client.get("/")).text
    links = sorted(set(re.findall(r'href="(/[^"]*)"', html)))
    assert len(links) > 15
    for link in links:
        response = await real_datasette.client.get(link.replace("&amp;", "&"))
        assert response.status_code == 200, link


async def test_event_row_page_shows_its_evidence_and_cite_block(minimal_datasette):
    html = (await minimal_datasette.client.get("/tracker/events/2025-11-17-fixture-statement")).text
    text = visible_text(html)
    assert linked(html, "/tracker/actors/donald-trump", "Donald Trump")
    assert linked(html, "/tracker/locations/white-house", "The White House")
    assert linked(html, "/tracker/quotes/q-2025-11-17-trump-fixture", "Donald Trump")
    assert 'Fixture words, "quoted".' in text
    assert linked(html, "/tracker/statistics/st-overdose-deaths-claim", "Claimed deaths from drugs")
    assert "more than 100000 people (claim)" in text.replace(",", "")
    assert "Example News, 2025-11-17: Fixture report, with a comma" in text
    assert linked(html, "https://example.org/report?id=1&amp;x=2", "Fixture report, with a comma")
    assert '<blockquote dir="auto" lang="en">Fixture excerpt one, 17 November 2025.</blockquote>' in html
    assert 'class="permalink" href="http://localhost/tracker/events/2025-11-17-fixture-statement"' in html
    assert "@misc{usmx-events-2025-11-17-fixture-statement," in html
    assert "US–Mexico Security Tracker contributors. &#34;Fixture statement&#34; (events/2025-11-17-fixture-statement)" in html


async def test_sea_location_is_shown_as_approximate(minimal_datasette):
    html = (await minimal_datasette.client.get("/tracker/events/2025-09-02-fixture-strike")).text
    assert "at sea: the map point is the centre of the sea area, not the position" in html


async def test_statistic_row_page_shows_what_to_read_it_against(minimal_datasette):
    html = (await minimal_datasette.client.get("/tracker/statistics/st-overdose-deaths-claim")).text
    assert "Read against" in html
    assert linked(html, "/tracker/statistics/st-overdose-deaths-2024-cdc", "Overdose deaths in 2024")
    assert "approximately 80000 people (official figure)" in visible_text(html).replace(",", "")
    assert '<blockquote dir="auto" lang="ar">نص عربي: أكثر من 100 ألف.</blockquote>' in html


async def test_site_url_comes_from_the_environment(minimal_datasette, monkeypatch):
    monkeypatch.setenv("TRACKER_SITE_URL", "https://tracker.example.org/")
    html = (await minimal_datasette.client.get("/tracker/quotes/q-2025-11-17-trump-fixture")).text
    assert 'href="https://tracker.example.org/tracker/quotes/q-2025-11-17-trump-fixture"' in html


async def test_data_package_downloads(minimal_datasette):
    package = await minimal_datasette.client.get("/-/datapackage.json")
    assert package.json()["name"] == "us-mexico-security-tracker"
    events = await minimal_datasette.client.get("/-/data/events.csv")
    assert events.content == (FIXTURES / "minimal" / "data" / "events.csv").read_bytes()
    assert (await minimal_datasette.client.get("/-/data/secrets.csv")).status_code == 404
    archive = zipfile.ZipFile(io.BytesIO((await minimal_datasette.client.get("/-/datapackage.zip")).content))
    assert "us-mexico-security-tracker/data/citations.csv" in archive.namelist()
    database = await minimal_datasette.client.get("/tracker.db")
    assert database.content.startswith(b"SQLite format 3")


async def test_excel_csv_has_a_byte_order_mark(minimal_datasette):
    plain = await minimal_datasette.client.get("/tracker/events.csv")
    excel = await minimal_datasette.client.get("/tracker/events.csv?_bom=1")
    assert excel.content == "\ufeff".encode() + plain.content
    query = await minimal_datasette.client.get("/tracker/timeline.csv?_bom=1&_stream=on")
    assert query.content.startswith("\ufeffevent_id".encode())


async def test_map_is_offered_on_events_map_and_locations(minimal_datasette):
    for table in ("events_map", "locations"):
        html = (await minimal_datasette.client.get(f"/tracker/{table}")).text
        assert "datasette-cluster-map" in html, table


async def test_canned_queries_have_titles(real_datasette):
    queries = real_datasette.metadata("queries", database="tracker")
    for name, query in queries.items():
        assert query.get("title") and query.get("description"), name
        response = await real_datasette.client.get(f"/tracker/{name}.json?q=a&speaker=")
        assert response.status_code == 200, (name, response.text[:300])
