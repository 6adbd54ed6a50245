"""Nothing lost between the CSVs, the database, the JSON API and the CSV export; a read-only site;
hostile cells rendered inert; a runaway query stopped while other pages keep answering."""

import csv
import io
import threading
import time
import urllib.parse
import urllib.request

import pytest
from datasette.app import Datasette

from tests.conftest import FIXTURES, ROOT, copy_package, make_site, serving


@pytest.fixture
async def hostile(tmp_path):
    package = copy_package(FIXTURES / "hostile", tmp_path / "package")
    datasette = Datasette(config_dir=make_site(tmp_path / "site", package))
    await datasette.invoke_startup()
    return package, datasette


def cast(field, cell):
    """A CSV cell as the value the database should hold: empty is null, numbers are numbers."""
    if cell == "":
        return None
    return {"integer": int, "number": float}.get(field["type"], str)(cell)


def raw_cells(package, table):
    with open(package / "data" / f"{table}.csv", encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


async def all_json_rows(datasette, table):
    rows, path = [], f"/tracker/{table}.json?_shape=objects&_size=max"
    while path:
        page = (await datasette.client.get(path)).json()
        rows += page["rows"]
        path = page.get("next_url") and page["next_url"].replace("http://localhost", "")
    return rows


@pytest.mark.parametrize("which", ["real", "hostile"])
async def test_every_cell_survives_the_round_trip(which, tmp_path):
    package = ROOT if which == "real" else copy_package(FIXTURES / "hostile", tmp_path / "package")
    datasette = Datasette(config_dir=make_site(tmp_path / "site", package))
    await datasette.invoke_startup()
    db = datasette.get_database("tracker")
    import json

    resources = json.loads((package / "datapackage.json").read_text())["resources"]
    for resource in resources:
        name = resource["name"]
        columns = [f["name"] for f in resource["schema"]["fields"]]
        pk = resource["schema"]["primaryKey"]
        pk = [pk] if isinstance(pk, str) else pk
        fields = resource["schema"]["fields"]
        expected = sorted(
            ([cast(f, row[f["name"]]) for f in fields] for row in raw_cells(package, name)), key=lambda r: [str(v) for v in r]
        )
        in_db = sorted(
            ([row[c] for c in columns] for row in await db.execute(f"select * from [{name}]")), key=lambda r: [str(v) for v in r]
        )
        assert in_db == expected, name
        as_json = await all_json_rows(datasette, name)
        assert sorted(([row[c] for c in columns] for row in as_json), key=lambda r: [str(v) for v in r]) == expected, name
        exported = (await datasette.client.get(f"/tracker/{name}.csv?_stream=on&_size=max")).text
        exported_rows = list(csv.DictReader(io.StringIO(exported)))
        raw = raw_cells(package, name)
        # Text cells come back exactly as written; numbers as the same numbers.
        by_key = {tuple(r[c] for c in pk): r for r in exported_rows}
        for row in raw:
            back = by_key[tuple(row[c] for c in pk)]
            for field in resource["schema"]["fields"]:
                column, value = field["name"], row[field["name"]]
                if field["type"] in ("number", "integer") and value:
                    assert float(back[column]) == float(value), (name, column)
                else:
                    assert back[column] == value, (name, column)


def test_hostile_fixture_really_is_tricky():
    text = (FIXTURES / "hostile" / "data" / "events.csv").read_text()
    assert "<script>" in text and "\nLine two" in text and '""quotes""' in text
    assert "Cafe\u0301" in (FIXTURES / "hostile" / "data" / "locations.csv").read_text()


async def test_hostile_cells_render_inert(hostile):
    _, datasette = hostile
    pages = [
        "/tracker/events",
        "/tracker/events/2025-11-17-fixture-statement",
        "/tracker/actors",
        "/tracker/actors/donald-trump",
        "/tracker/locations",
        "/tracker/timeline",
        "/tracker/events_map",
        "/tracker/quotes_with_speakers",
        "/tracker?sql=select+*+from+events",
        "/tracker/search?q=script",
    ]
    for path in pages:
        html = (await datasette.client.get(path)).text
        assert "<script>alert" not in html, path
        assert "<img src=x" not in html, path
        assert '" onerror="alert' not in html, path
        assert "<b>White</b>" not in html, path
        assert 'href="javascript:' not in html, path
    row = (await datasette.client.get("/tracker/events/2025-11-17-fixture-statement")).text
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;" in row


@pytest.mark.parametrize(
    "sql",
    [
        "insert into actors (actor_id) values ('x')",
        "update events set title_en = 'x'",
        "delete from events",
        "drop table events",
        "attach database ':memory:' as other",
        "pragma writable_schema = 1",
        "create table x (y)",
        "select 1; delete from events",
        "vacuum",
    ],
)
async def test_writes_through_sql_are_refused(minimal_datasette, sql):
    response = await minimal_datasette.client.get("/tracker.json?sql=" + urllib.parse.quote(sql))
    assert response.status_code in (400, 403), response.text
    count = (await minimal_datasette.client.get("/tracker/events.json?_shape=array")).json()
    assert len(count) == 2


async def test_posted_writes_are_refused(minimal_datasette):
    response = await minimal_datasette.client.post("/tracker/events/-/insert", json={"row": {"event_id": "x"}})
    assert response.status_code in (403, 404, 405)


RUNAWAY = "with recursive r(i) as (select 1 union all select i + 1 from r) select count(*) from r"


def test_runaway_query_is_stopped_while_other_pages_answer(tmp_path):
    with serving(make_site(tmp_path / "site", copy_package(FIXTURES / "minimal", tmp_path / "package"))) as base:
        outcome = {}

        def runaway():
            started = time.monotonic()
            try:
                urllib.request.urlopen(base + "/tracker.json?sql=" + urllib.parse.quote(RUNAWAY), timeout=30)
                outcome["status"] = 200
            except urllib.error.HTTPError as error:
                outcome["status"], outcome["body"] = error.code, error.read().decode()
            outcome["seconds"] = time.monotonic() - started

        thread = threading.Thread(target=runaway)
        thread.start()
        time.sleep(0.3)
        answered_while_running = 0
        while thread.is_alive():
            with urllib.request.urlopen(base + "/tracker/events", timeout=30) as response:
                assert response.status == 200
            if thread.is_alive():
                answered_while_running += 1
        thread.join()
        assert outcome["status"] == 400
        assert "SQL query took too long" in outcome["body"]
        assert answered_while_running >= 3
