"""Every table, view and canned query page is headed and titled with its human name, in English and
in Arabic, never with its SQL name (events_map, strike_tally_reconciliation…)."""

import re
from html import unescape

import pytest


def heading_and_title(html):
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)[1]
    title = re.search(r"<title>(.*?)</title>", html, re.S)[1]
    # The heading's own text: markup and the "(view)" / lock marks after the name are left out.
    heading = re.sub(r"<[^>]+>", "", unescape(h1)).replace("(view)", "").replace("(عرض)", "").strip(" 🔒\n")
    return heading, unescape(title)


async def pages(datasette):
    db = datasette.get_database("tracker")
    names = [t for t in await db.table_names() if t not in await db.hidden_table_names()] + await db.view_names()
    queries = list((datasette.metadata("queries", database="tracker") or {}).keys())
    return names, queries


@pytest.mark.parametrize("prefix", ["", "/ar"])
async def test_every_table_view_and_canned_query_page_has_its_human_title(real_datasette, prefix):
    names, queries = await pages(real_datasette)
    assert {"events_map", "timeline", "strike_tally_reconciliation"} <= set(names) and queries
    for name in names + queries:
        response = await real_datasette.client.get(f"{prefix}/tracker/{name}?_size=1")
        assert response.status_code == 200, name
        heading, title = heading_and_title(response.text)
        assert heading and heading != name and "_" not in heading, (name, heading)
        assert title.startswith(heading), (name, heading, title)
        if prefix:
            assert re.search(r"[\u0600-\u06ff]", heading), (name, heading)


async def test_view_titles_come_from_the_catalog(real_datasette):
    english = heading_and_title((await real_datasette.client.get("/tracker/events_map?_size=1")).text)
    arabic = heading_and_title((await real_datasette.client.get("/ar/tracker/events_map?_size=1")).text)
    assert english[0] == "Map of events"
    assert arabic[0] != english[0] and re.search(r"[\u0600-\u06ff]", arabic[0])


async def test_a_source_without_a_headline_is_named_by_its_outlet_and_date(real_datasette):
    db = real_datasette.get_database("tracker")
    source_id, outlet, published = (
        await db.execute(
            "select source_id, outlet, published_date from sources where coalesce(title, '') = '' and published_date is not null limit 1"
        )
    ).first()
    html = (await real_datasette.client.get(f"/tracker/sources/{source_id}")).text
    heading, title = heading_and_title(html)
    assert heading == f"{outlet}, {published}" and title.startswith(heading)
    assert f"&#34;{outlet}, {published}&#34;" in html or f'"{outlet}, {published}"' in unescape(html)  # the citation names it too
    assert source_id not in heading


@pytest.mark.parametrize("path", ["/ar/tracker/search?q=x", "/ar/-/timeline", "/ar/-/methodology"])
async def test_arabic_page_titles_name_the_site_in_arabic(real_datasette, path):
    response = await real_datasette.client.get(path)
    assert response.status_code == 200
    title = heading_and_title(response.text)[1]
    assert "US–Mexico Security Tracker" not in title and "مرصد" in title, title
