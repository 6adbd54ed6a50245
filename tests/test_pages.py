"""Pages for people: titled canned queries with their SQL one click away, tables that start with the
data, a map with an offline base map, finding what happened on a date, downloads that open in Excel,
numbers written for people, and a reconciliation of every published tally."""

import json
import re
from html import unescape

import pytest

from tests.conftest import ROOT

QUERIES = [
    "quotes_by_speaker",
    "claims_vs_official_figures",
    "strike_campaign_totals",
    "strike_totals_by_area",
    "strike_totals_by_month",
    "tally_reconciliation",
]


@pytest.mark.parametrize("name", QUERIES)
async def test_canned_queries_are_titled_with_their_sql_one_click_away(real_datasette, name):
    query = real_datasette.metadata("queries", database="tracker")[name]
    html = (await real_datasette.client.get(f"/tracker/{name}")).text
    assert f"<title>{query['title']} — " in html
    assert re.search(r"<h1[^>]*>{}</h1>".format(re.escape(query["title"])), html)
    assert query["description"] in unescape(html)
    assert 'id="sql-editor"' not in html and 'id="sql-query"' not in html
    shown = (await real_datasette.client.get(f"/tracker/{name}?_show_sql=1")).text
    assert 'id="sql-editor"' in shown or 'id="sql-query"' in shown


async def test_table_pages_start_with_the_data(real_datasette):
    html = (await real_datasette.client.get("/tracker/events")).text
    # Column descriptions are folded away, and come after the heading, not before the data.
    assert re.search(r'<details class="column-descriptions-fold">\s*<summary>', html)
    headers = re.findall(r'<th [^>]*data-column="([^"]+)"', html)
    metadata = real_datasette.table_metadata("tracker", "events")
    assert headers == [c for c in real_datasette_columns(html) if c in metadata["default_columns"]]
    assert "summary_en" not in headers and "notes" not in headers
    wide = (await real_datasette.client.get("/tracker/events?_wide=1")).text
    assert "summary_en" in re.findall(r'<th [^>]*data-column="([^"]+)"', wide)
    # Downloads keep every column.
    assert "summary_en" in (await real_datasette.client.get("/tracker/events.json?_size=1&_shape=objects")).json()["rows"][0]


def real_datasette_columns(html):
    return re.findall(r'<th [^>]*data-column="([^"]+)"', html)


async def test_arabic_table_pages_show_the_arabic_title(real_datasette):
    headers = real_datasette_columns((await real_datasette.client.get("/ar/tracker/events")).text)
    assert "title_ar" in headers and "title_en" not in headers


@pytest.mark.parametrize(
    "path", ["/tracker/events", "/tracker/timeline", "/tracker/strike_campaign_totals", "/tracker/quotes_by_speaker?speaker="]
)
async def test_csv_for_excel_beside_every_csv_link(real_datasette, path):
    html = (await real_datasette.client.get(path)).text
    csv_link = unescape(re.search(r'<a href="([^"]+)">CSV</a>', html).group(1))
    excel_link = unescape(re.search(r'<a href="([^"]+)">CSV for Excel</a>', html).group(1))
    plain, excel = await real_datasette.client.get(csv_link), await real_datasette.client.get(excel_link)
    assert plain.status_code == excel.status_code == 200, excel_link
    assert excel.content == "\ufeff".encode() + plain.content


async def test_home_page_download_instructions_work_as_written(real_datasette):
    html = (await real_datasette.client.get("/")).text
    assert "?_bom=1" not in html  # appended to a link that already has a query, it made a 400
    for name in re.findall(r'href="/-/data/(\w+)\.csv"', html):
        response = await real_datasette.client.get(f"/-/data/{name}.csv")
        assert response.status_code == 200 and response.content == (ROOT / "data" / f"{name}.csv").read_bytes(), name
    resources = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))["resources"]
    assert len(re.findall(r'href="/-/data/(\w+)\.csv"', html)) == len(resources)


async def test_what_happened_on_a_date(real_datasette):
    db = real_datasette.get_database("tracker")
    day = "2025-09-02"
    expected = {
        r[0]
        for r in await db.execute("select event_id from events where date_start <= ? and date_end >= ? and status = 'active'", [day, day])
    }
    assert expected
    response = await real_datasette.client.get(f"/-/date?date={day}")
    assert response.status_code == 302
    listed = await real_datasette.client.get(response.headers["location"].replace("?", ".json?") + "&_shape=array")
    assert {row["event_id"] for row in listed.json()} == expected
    assert (await real_datasette.client.get("/-/date?date=2025-02-30")).status_code == 400
    arabic = await real_datasette.client.get(f"/ar/-/date?date={day}")
    assert arabic.headers["location"].startswith("/ar/tracker/events?")
    assert 'action="/-/date"' in (await real_datasette.client.get("/tracker/events")).text


async def test_month_facet_counts_and_filters_events(real_datasette):
    db = real_datasette.get_database("tracker")
    page = (await real_datasette.client.get("/tracker/events.json?_size=0")).json()
    months = page["facet_results"]["date_start"]["results"]
    assert [m["value"] for m in months] == sorted((m["value"] for m in months), reverse=True)
    for month in months[:3]:
        count = (await db.execute("select count(*) from events where substr(date_start, 1, 7) = ?", [month["value"]])).first()[0]
        assert month["count"] == count
        filtered = (await real_datasette.client.get(month["toggle_url"].replace("http://localhost", ""))).json()
        assert filtered["filtered_table_rows_count"] == count


async def test_map_page_starts_with_the_map_on_an_offline_base_map(real_datasette):
    html = (await real_datasette.client.get("/tracker/events_map")).text
    assert html.index('id="tracker-map"') < html.index('class="rows-and-columns"')
    assert '"/-/tiles/basemap/{z}/{x}/{y}.png"' in html and "tile.openstreetmap.org/{z}" not in html
    assert "A circle with a number" in html and "events have no place and are not on the map" in html
    tile = await real_datasette.client.get("/-/tiles/basemap/3/2/3.png")
    assert tile.status_code == 200 and tile.content.startswith(b"\x89PNG")
    assert (await real_datasette.client.get("/basemap")).status_code == 403


async def test_map_popups_say_type_date_deaths_and_link(real_datasette):
    rows = (await real_datasette.client.get("/tracker/events_map.json?_shape=array&event_type=lethal_strike&_size=1")).json()
    popup = rows[0]["popup"]
    assert "lethal strike · " + rows[0]["date_start"] in popup and "killed: " in popup and "/tracker/events/" in popup


async def test_reconciliation_covers_every_strike_tally(real_datasette):
    db = real_datasette.get_database("tracker")
    tallies = {
        r[0]
        for r in await db.execute(
            "select statistic_id from statistics where statistic_kind = 'reported_tally' and metric like 'boat-strikes-%' and status = 'active'"
        )
    }
    rows = (await real_datasette.client.get("/tracker/strike_tally_reconciliation.json?_shape=array&_size=max")).json()
    assert {r["statistic_id"] for r in rows} == tallies
    assert {r["metric"] for r in rows} >= {"boat-strikes-cumulative", "boat-strikes-count-cumulative", "boat-strikes-killed-cumulative"}
    assert {r["measure"] for r in rows} == {"strikes", "strikes with survivors", "vessels", "killed"}
    figure = {"strikes": "strikes_in_dataset", "strikes with survivors": "survivor_strikes_in_dataset", "vessels": "vessels_in_dataset"}
    for r in rows:
        if r["measure"] in figure:
            assert r["in_dataset"] == r[figure[r["measure"]]]
        else:
            low, high = r["killed_low_in_dataset"], r["killed_high_in_dataset"]
            assert str(r["in_dataset"]) == (str(low) if low == high else f"{low}–{high}")
        if r["measure"] == "strikes":
            assert r["difference"] == r["reported_value"] - r["strikes_in_dataset"]
        elif r["measure"] == "strikes with survivors":
            assert r["difference"] == r["reported_value"] - r["survivor_strikes_in_dataset"]
        elif r["measure"] == "killed":
            inside = r["killed_low_in_dataset"] <= r["reported_value"] <= r["killed_high_in_dataset"]
            assert (r["difference"] == 0) == inside


async def test_numbers_are_written_for_people(real_datasette):
    db = real_datasette.get_database("tracker")
    statistic, value = (
        await db.execute("select statistic_id, value from statistics where value >= 10000 and value = cast(value as integer) limit 1")
    ).first()
    html = (await real_datasette.client.get(f"/tracker/statistics/{statistic}")).text
    assert f'<td class="col-value type-float">{int(value):,}</td>' in html
    assert f"{value}" not in re.search(r'<td class="col-value[^>]*>.*?</td>', html).group(0)


async def test_month_facet_walks_its_index(real_datasette):
    db = real_datasette.get_database("tracker")
    plan = await db.execute(
        "explain query plan select substr(date_start, 1, 7) as value, count(*) as count from (select * from events) group by value order by value desc limit 32"
    )
    assert "idx_events_date_start_month" in " ".join(str(tuple(row)) for row in plan)
