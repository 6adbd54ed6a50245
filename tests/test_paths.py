"""Paths: every identifier shown is a labelled link to its row; row pages link what they rest on and
what rests on them; the home page's figures open the lists they count."""

import json
import re
from html import unescape

import pytest

from plugins.id_links import OWN_KEYS, TARGETS
from tests.conftest import ROOT

ID_CELL = re.compile(r'<td class="col-([\w-]+)(?: type-\w+)?">(.*?)</td>', re.S)
LINK = re.compile(r'^<a class="row-link" href="/tracker/(\w+)/([^"]+)">([^<]+)</a>$')
# Every view, and every canned query, that shows identifiers.
PAGES = [
    "/tracker/timeline",
    "/tracker/events_map",
    "/tracker/quotes_with_speakers",
    "/tracker/claims_vs_figures",
    "/tracker/strike_campaign_running_totals",
    "/tracker/strike_tally_reconciliation",
    "/tracker/claims_vs_official_figures",
    "/tracker/strike_campaign_totals",
    "/tracker/tally_reconciliation",
    "/tracker/quotes_by_speaker?speaker=",
    "/tracker?sql=select+statistic_id,+compare_with_id,+stated_by+from+statistics",
]


def id_cells(html):
    """(column, cell html) of every cell in an identifier column."""
    return [(column, cell.strip()) for column, cell in ID_CELL.findall(html) if column in TARGETS or column == "row_id"]


@pytest.mark.parametrize("path", PAGES)
async def test_identifiers_in_views_and_queries_are_labelled_links(real_datasette, path):
    db = real_datasette.get_database("tracker")
    cells = [(column, cell) for column, cell in id_cells((await real_datasette.client.get(path)).text) if cell != "&nbsp;"]
    assert cells, path
    for column, cell in cells:
        link = LINK.match(cell)
        assert link, (path, column, cell)
        table, row_id, label = link.groups()
        if column != "row_id":
            assert table == TARGETS[column]
        key = OWN_KEYS[table]
        assert (await db.execute(f"select count(*) from {table} where {key} = ?", [row_id])).first()[0] == 1
        assert unescape(label) != row_id  # a human name, not the slug


async def test_row_pages_link_their_foreign_keys_with_names(real_datasette):
    db = real_datasette.get_database("tracker")
    statistic = (await db.execute("select * from statistics where compare_with_id is not null and stated_by is not null limit 1")).first()
    quote = (await db.execute("select * from quotes where event_id is not null limit 1")).first()
    citation = (await db.execute("select * from citations limit 1")).first()
    event = (await db.execute("select * from events where location_id is not null limit 1")).first()
    expected = [
        (f"/tracker/statistics/{statistic['statistic_id']}", "stated_by", "actors", statistic["stated_by"]),
        (f"/tracker/statistics/{statistic['statistic_id']}", "compare_with_id", "statistics", statistic["compare_with_id"]),
        (f"/tracker/quotes/{quote['quote_id']}", "speaker_id", "actors", quote["speaker_id"]),
        (f"/tracker/quotes/{quote['quote_id']}", "event_id", "events", quote["event_id"]),
        (f"/tracker/citations/{citation['citation_id']}", "source_id", "sources", citation["source_id"]),
        (f"/tracker/events/{event['event_id']}", "location_id", "locations", event["location_id"]),
    ]
    for path, column, table, row_id in expected:
        cells = dict(id_cells((await real_datasette.client.get(path)).text))
        link = LINK.match(cells[column])
        assert link and link.group(1) == table and link.group(2) == row_id, (path, cells[column])
        assert unescape(link.group(3)) != row_id


async def test_every_foreign_key_of_the_package_is_a_labelled_link_on_row_pages(real_datasette):
    """A column the package declares as a foreign key (announced_by, added late, among them) links by name."""
    db = real_datasette.get_database("tracker")
    package = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    checked = 0
    for resource in package["resources"]:
        own_key = OWN_KEYS.get(resource["name"])
        for key in resource["schema"].get("foreignKeys", []):
            column, table = key["fields"], key["reference"]["resource"] or resource["name"]
            if own_key is None or column == own_key:
                continue
            row = (await db.execute(f"select {own_key}, {column} from {resource['name']} where {column} is not null limit 1")).first()
            if row is None:
                continue
            cells = dict(id_cells((await real_datasette.client.get(f"/tracker/{resource['name']}/{row[0]}")).text))
            link = LINK.match(cells[column])
            assert link and link.groups()[:2] == (table, row[1]), (resource["name"], column, cells[column])
            checked += 1
    assert checked >= 8


async def test_row_page_title_and_heading_are_the_rows_name(real_datasette):
    html = (await real_datasette.client.get("/tracker/actors/donald-trump")).text
    assert "<title>Donald Trump — " in html
    assert re.search(r"<h1[^>]*>Donald Trump</h1>", html)
    arabic = (await real_datasette.client.get("/ar/tracker/actors/donald-trump")).text
    assert re.search(r"<title>دونالد ترا?مب — ", arabic)


async def test_row_pages_link_what_rests_on_them(real_datasette):
    db = real_datasette.get_database("tracker")

    async def first(sql):
        return (await db.execute(sql)).first()[0]

    source = await first("select source_id from citations where event_id is not null group by source_id limit 1")
    supported = await first(f"select event_id from citations where source_id = '{source}' and event_id is not null limit 1")
    figure = await first("select compare_with_id from statistics where compare_with_id is not null limit 1")
    claim = await first(f"select statistic_id from statistics where compare_with_id = '{figure}' limit 1")
    citation = await first("select citation_id from citations limit 1")
    cited_source = await first(f"select source_id from citations where citation_id = '{citation}'")
    place, event_there = (await db.execute("select location_id, event_id from events where location_id is not null limit 1")).first()
    speaker, quote = (await db.execute("select speaker_id, quote_id from quotes limit 1")).first()
    actor, event_of_actor = (await db.execute("select actor_id, event_id from event_actors limit 1")).first()
    stater, stated = (await db.execute("select stated_by, statistic_id from statistics where stated_by is not null limit 1")).first()
    for page, section, link in [
        (f"/tracker/sources/{source}", "What this source supports", f"/tracker/events/{supported}"),
        (f"/tracker/statistics/{figure}", "Read against this figure", f"/tracker/statistics/{claim}"),
        (f"/tracker/citations/{citation}", "Source", f"/tracker/sources/{cited_source}"),
        (f"/tracker/locations/{place}", "Events", f"/tracker/events/{event_there}"),
        (f"/tracker/actors/{speaker}", "Quotes", f"/tracker/quotes/{quote}"),
        (f"/tracker/actors/{actor}", "Events", f"/tracker/events/{event_of_actor}"),
        (f"/tracker/actors/{stater}", "Numbers stated", f"/tracker/statistics/{stated}"),
    ]:
        html = (await real_datasette.client.get(page)).text
        assert f"<h2>{section}</h2>" in html, page
        assert f'href="{link}"' in html.split(f"<h2>{section}</h2>")[1], (page, link)
    citation_page = (await real_datasette.client.get(f"/tracker/citations/{citation}")).text
    url = await first(f"select url from sources where source_id = '{cited_source}'")
    assert f'href="{url}"'.replace("&", "&amp;") in citation_page


async def test_home_page_figures_open_the_lists_they_count(real_datasette):
    html = (await real_datasette.client.get("/")).text
    figures = re.findall(r'<li><a href="([^"]+)"><strong>(?:<bdi>)?([\d,]+)', html.split('class="figures"')[1].split("</ul>")[0])
    assert len(figures) == 6
    for href, shown in figures[:2] + figures[3:5]:
        page = (await real_datasette.client.get(unescape(href).replace("?", ".json?") + "&_size=0")).json()
        assert page["filtered_table_rows_count"] == int(shown.replace(",", "")), href
