"""Feeds, sitemap, JSON-LD, canonical and citation metadata, CITATION.cff and ASCII BibTeX, on a
fixture site with two releases (a correction, a retraction and an addition in the second)."""

import json
import re
import shutil
import xml.etree.ElementTree as ET

import pytest
import yaml
from datasette.app import Datasette
from datasette.plugins import pm

from tests.conftest import FIXTURES, ROOT, copy_package, make_site
from tests.test_releases import QUOTE, STRIKE, add_row, correct_the_strike, cut, set_cells
from tracker.bibtex import bibtex_text

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SITE = "https://tracker.example.org"


@pytest.fixture(scope="module")
async def released_site(tmp_path_factory):
    """The fixture released as 1.0.0, corrected, and released as 1.1.0; served with TRACKER_SITE_URL."""
    tmp_path = tmp_path_factory.mktemp("discovery")
    package = copy_package(FIXTURES / "minimal", tmp_path / "package")
    cut(package, "1.0.0", "2026-01-05")
    correct_the_strike(package)
    set_cells(package / "data/quotes.csv", QUOTE, status="retracted", status_note="The words were said by another speaker.")
    set_cells(package / "data/events.csv", "2025-11-17-fixture-statement", title_en="Peña Nieto’s “fixture” — 100% & {more}")
    cut(package, "1.1.0", "2026-02-10")
    datasette = Datasette(config_dir=make_site(tmp_path / "site", package))
    await datasette.invoke_startup()
    return datasette


@pytest.fixture(autouse=True)
def site_url(monkeypatch):
    monkeypatch.setenv("TRACKER_SITE_URL", SITE)


async def get(datasette, path, **kwargs):
    response = await datasette.client.get(path, **kwargs)
    assert response.status_code == 200, path
    return response


async def test_changes_feed_lists_the_correction_and_retraction_first(released_site):
    response = await get(released_site, "/-/feeds/changes.atom")
    assert response.headers["content-type"] == "application/atom+xml; charset=utf-8"
    feed = ET.fromstring(response.content)
    assert feed.find(f"{ATOM}id").text == f"{SITE}/-/feeds/changes.atom"
    entries = feed.findall(f"{ATOM}entry")
    first = entries[0]
    assert first.find(f"{ATOM}title").text == f"Changed in release 1.1.0: Fixture strike (events/{STRIKE})"
    assert first.find(f"{ATOM}link").get("href") == f"{SITE}/tracker/events/{STRIKE}"
    assert first.find(f"{ATOM}updated").text == "2026-02-10T00:00:00Z"
    assert first.find(f"{ATOM}summary").text == (
        "killed_high: 11 → 12; notes: (empty) → The Pentagon later gave 12 dead; the first report said 11."
        " Why: The Pentagon later gave 12 dead; the first report said 11."
    )
    kinds = [(e.find(f"{ATOM}category").get("term"), e.find(f"{ATOM}title").text.split(": ")[0]) for e in entries]
    assert ("retracted", "Retracted in release 1.1.0") in kinds
    # Every row of the first release is there too, and no entry is listed twice.
    assert sum(1 for kind, title in kinds if title == "Added in release 1.0.0") == 16  # the 17 rows but the link row
    assert len({e.find(f"{ATOM}id").text for e in entries}) == len(entries)


async def test_events_feed_lists_the_events_newest_first(released_site):
    feed = ET.fromstring((await get(released_site, "/-/feeds/events.atom")).content)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}id").text for e in entries] == [f"{SITE}/tracker/events/2025-11-17-fixture-statement", f"{SITE}/tracker/events/{STRIKE}"]
    strike = entries[1]
    assert (strike.find(f"{ATOM}published").text, strike.find(f"{ATOM}updated").text) == ("2026-01-05T00:00:00Z", "2026-02-10T00:00:00Z")
    assert strike.find(f"{ATOM}category").get("term") == "lethal_strike"


@pytest.mark.parametrize("path", ["/", "/tracker/events", "/tracker/quotes"])
async def test_home_and_table_pages_advertise_the_feeds(released_site, path):
    html = (await get(released_site, path)).text
    feeds = re.findall(r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="([^"]+)">', html)
    assert feeds == [f"{SITE}/-/feeds/changes.atom", f"{SITE}/-/feeds/events.atom"]


async def test_feeds_and_sitemap_follow_the_request_without_a_site_url(released_site, monkeypatch):
    monkeypatch.delenv("TRACKER_SITE_URL")
    feed = ET.fromstring((await get(released_site, "/-/feeds/events.atom", headers={"host": "mirror.example"})).content)
    assert feed.find(f"{ATOM}entry/{ATOM}link").get("href").startswith("http://mirror.example/tracker/events/")
    urlset = ET.fromstring((await get(released_site, "/sitemap.xml", headers={"host": "mirror.example"})).content)
    assert urlset.find(f"{SITEMAP}url/{SITEMAP}loc").text == "http://mirror.example/"


async def test_sitemap_lists_every_row_permalink(released_site):
    urlset = ET.fromstring((await get(released_site, "/sitemap.xml")).content)
    listed = {url.find(f"{SITEMAP}loc").text: url for url in urlset.findall(f"{SITEMAP}url")}
    db = released_site.get_database("tracker")
    expected = {f"{SITE}/"}
    for table, key in [("events", "event_id"), ("quotes", "quote_id"), ("statistics", "statistic_id"), ("sources", "source_id"),
                       ("actors", "actor_id"), ("locations", "location_id"), ("citations", "citation_id")]:  # fmt: skip
        expected |= {f"{SITE}/tracker/{table}/{row[0]}" for row in await db.execute(f"select {key} from {table}")}
    assert set(listed) == expected
    strike = listed[f"{SITE}/tracker/events/{STRIKE}"]
    assert strike.find(f"{SITEMAP}lastmod").text == "2026-02-10"
    alternates = {link.get("hreflang"): link.get("href") for link in strike.findall("{http://www.w3.org/1999/xhtml}link")}
    assert alternates == {"en": f"{SITE}/tracker/events/{STRIKE}", "ar": f"{SITE}/ar/tracker/events/{STRIKE}"}
    for address in [f"{SITE}/tracker/events/{STRIKE}", f"{SITE}/ar/tracker/events/{STRIKE}", f"{SITE}/tracker/citations/c-fixture-001"]:
        await get(released_site, address.removeprefix(SITE))


async def test_robots_txt_names_the_sitemap(released_site):
    response = await get(released_site, "/robots.txt")
    assert response.text == f"User-agent: *\nDisallow:\nSitemap: {SITE}/sitemap.xml\n"
    assert response.headers["content-type"].startswith("text/plain")


async def test_home_page_links_the_releases_changes_and_feeds(released_site):
    html = (await get(released_site, "/")).text
    for link in ["/tracker/releases", "/tracker/row_history", "/-/feeds/changes.atom", "/-/feeds/events.atom"]:
        assert f'href="{link}"' in html, link
        await get(released_site, link)


async def test_a_large_sitemap_becomes_an_index_of_files_within_the_limit(released_site, monkeypatch):
    monkeypatch.setattr(pm.get_plugin("sitemap.py"), "SITEMAP_LIMIT", 5)
    # A query string of its own: the response cache still holds the one-file sitemap of another test.
    index = ET.fromstring((await get(released_site, "/sitemap.xml?limit=5")).content)
    files = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    assert files == [f"{SITE}/sitemap-{n}.xml" for n in (1, 2, 3, 4)]
    pages = [ET.fromstring((await get(released_site, address.removeprefix(SITE))).content) for address in files]
    locs = [loc.text for page in pages for loc in page.iter(f"{SITEMAP}loc")]
    assert [len(page) for page in pages] == [5, 5, 5, 2] and len(set(locs)) == 17
    assert (await released_site.client.get("/sitemap-5.xml")).status_code == 404


async def test_home_page_json_ld_describes_the_dataset(released_site):
    html = (await get(released_site, "/")).text
    (script,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(script)
    assert (data["@type"], data["version"], data["dateModified"]) == ("Dataset", "1.1.0", "2026-02-10")
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert data["temporalCoverage"] == "2025-09-02/2025-11-17"
    assert {"@type": "Place", "name": "Caribbean Sea"} in data["spatialCoverage"]
    assert {"@type": "Place", "geo": {"@type": "GeoShape", "box": "15.0 -77.0365 38.8977 -75.0"}} in data["spatialCoverage"]
    downloads = {d["contentUrl"]: d["encodingFormat"] for d in data["distribution"]}
    assert downloads[f"{SITE}/tracker.db"] == "application/vnd.sqlite3"
    assert downloads[f"{SITE}/-/data/events.csv"] == "text/csv"
    assert len(downloads) == 3 + len(json.loads((ROOT / "datapackage.json").read_text())["resources"])
    for address in downloads:
        await get(released_site, address.removeprefix(SITE))


async def test_row_page_names_its_canonical_url_and_citation_metadata(released_site):
    for path in [f"/tracker/events/{STRIKE}", f"/ar/tracker/events/{STRIKE}"]:
        html = (await get(released_site, path)).text
        meta = dict(re.findall(r'<meta (?:name|property)="([^"]+)" content="([^"]*)">', html))
        assert re.findall(r'<link rel="canonical" href="([^"]+)">', html) == [f"{SITE}/tracker/events/{STRIKE}"], path
        assert meta["citation_title"] == meta["og:title"] == meta["DC.title"] == "Fixture strike"
        assert meta["citation_publication_date"] == meta["DC.date"] == "2026-02-10"
        assert meta["DC.publisher"] == meta["citation_publisher"] == "US–Mexico Security Tracker"
        assert meta["og:url"] == meta["DC.identifier"] == f"{SITE}/tracker/events/{STRIKE}"


async def test_bibtex_is_ascii_for_classic_bibtex(released_site):
    html = (await get(released_site, "/tracker/events/2025-11-17-fixture-statement")).text
    bibtex = re.search(r'<pre class="cite-bibtex" dir="ltr">(.*?)</pre>', html, re.S).group(1)
    bibtex = bibtex.replace("&#34;", '"').replace("&amp;", "&").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
    assert bibtex.isascii()
    assert "  title = {Pe{\\~{n}}a Nieto's ``fixture'' --- 100\\% \\& \\{more\\}}," in bibtex
    assert "  author = {{US--Mexico Security Tracker contributors}}," in bibtex
    assert bibtex.count("{") == bibtex.count("}") + bibtex.count("\\}") - bibtex.count("\\{")


def test_bibtex_text_covers_latin_accents_and_falls_back_to_ascii():
    assert bibtex_text("Sheinbaum, García Harfuch, Ebrard, Bogotá, São Paulo, Müller, façade") == (
        "Sheinbaum, Garc{\\'{\\i}}a Harfuch, Ebrard, Bogot{\\'{a}}, S{\\~{a}}o Paulo, M{\\\"{u}}ller, fa{\\c{c}}ade"
    )
    assert bibtex_text("~^\\_#$") == "\\textasciitilde{}\\textasciicircum{}\\textbackslash{}\\_\\#\\$"
    assert bibtex_text("ترامب").isascii() and bibtex_text("Łódź …").isascii()


def test_citation_cff_is_valid_and_a_release_sets_its_version(tmp_path):
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0" and cff["type"] == "dataset" and cff["license"] == "CC-BY-4.0"
    assert cff["message"] and cff["title"] and all(author.get("name") for author in cff["authors"])
    package = copy_package(FIXTURES / "minimal", tmp_path / "package")
    shutil.copy(ROOT / "CITATION.cff", package / "CITATION.cff")
    cut(package, "1.0.0", "2026-01-05")
    add_row(package / "data/locations.csv", location_id="mexico", name_en="Mexico", name_ar="المكسيك", country="MX", geo_precision="4",
            location_type="country", latitude="23.6345", longitude="-102.5528", status="active")  # fmt: skip
    cut(package, "1.1.0", "2026-02-10")
    released = yaml.safe_load((package / "CITATION.cff").read_text(encoding="utf-8"))
    assert (released["version"], str(released["date-released"])) == ("1.1.0", "2026-02-10")
    unversioned = ("version", "date-released")  # the repository's own file carries the last real release's
    assert {k: v for k, v in released.items() if k not in unversioned} == {k: v for k, v in cff.items() if k not in unversioned}
