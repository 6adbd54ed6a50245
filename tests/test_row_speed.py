"""What keeps row pages fast without taking anything from them (timings are in bench/, not here):
the tracker's own parts of a row page (label, history, lists) come from one database call; what
Datasette would read again on every page from the immutable database and metadata (schema versions,
primary keys, foreign keys, table permissions) is read once; permissions are still enforced, and
worked out anew for new metadata."""

import copy
import inspect
import re

import pytest
from datasette.plugins import pm

from tests.conftest import ROOT

PROJECT_CODE = (str(ROOT / "plugins") + "/", str(ROOT / "tracker") + "/")


# Datasette's Database class and the project's wrappers around its methods: not who asked.
IN_BETWEEN = ("datasette/database.py", "plugins/complete_sorts.py", "plugins/immutable_caches.py", __file__)


def asker():
    """The code that asked for this visit to the database thread: the first frame outside IN_BETWEEN."""
    return next(f for f in inspect.stack()[2:] if not f.filename.endswith(IN_BETWEEN))


@pytest.fixture
def database_visits(real_datasette, monkeypatch):
    """Every visit to the tracker database's thread (each execute() is one execute_fn()), as (file, function, project?)."""
    db = real_datasette.get_database("tracker")
    visits = []
    original = db.execute_fn

    async def counted(fn):
        frame = asker()
        visits.append((frame.filename.split("/")[-1], frame.function, frame.filename.startswith(PROJECT_CODE)))
        return await original(fn)

    monkeypatch.setattr(db, "execute_fn", counted)
    return visits


async def some_row(datasette, table):
    db = datasette.get_database("tracker")
    key = (await db.primary_keys(table))[0]
    return (await db.execute(f"select {key} from {table} limit 1 offset 3")).first()[0]


@pytest.mark.parametrize("table", ["events", "quotes", "statistics", "sources", "citations", "actors", "locations"])
async def test_a_row_page_reads_the_projects_parts_in_one_database_call(real_datasette, database_visits, table):
    row_id = await some_row(real_datasette, table)
    await real_datasette.client.get(f"/tracker/{table}/{row_id}", cookies={"warm": "up"})  # per-process caches filled
    database_visits.clear()
    response = await real_datasette.client.get(f"/tracker/{table}/{row_id}", cookies={"fresh": "render"})
    assert response.status_code == 200
    # And everything they read is on the page: the citation's title, the history, the lists.
    assert 'class="cite"' in response.text and 'id="history"' in response.text and 'class="evidence"' in response.text
    assert [(file, function) for file, function, project in database_visits if project] == [("row_visit.py", "row_parts")]


async def test_a_warm_row_page_visits_the_database_three_times(real_datasette, database_visits):
    # The row, the counts of rows pointing to it, the tracker's parts. Default Datasette makes 14 visits:
    # the schema versions of every database, the schema, table names for permissions, every foreign key.
    row_id = await some_row(real_datasette, "events")
    await real_datasette.client.get(f"/tracker/events/{row_id}", cookies={"warm": "up"})
    database_visits.clear()
    response = await real_datasette.client.get(f"/tracker/events/{row_id}", cookies={"fresh": "render"})
    assert response.status_code == 200 and "Links from other tables" in response.text
    assert [(file, function) for file, function, _ in database_visits] == [
        ("row.py", "data"),
        ("row.py", "foreign_key_tables"),
        ("row_visit.py", "row_parts"),
    ]


async def test_table_permissions_are_not_worked_out_on_every_page(real_datasette, monkeypatch):
    event = (await real_datasette.get_database("tracker").execute("select event_id from events limit 1")).first()[0]
    await real_datasette.client.get(f"/tracker/events/{event}", cookies={"warm": "up"})
    copies = []
    monkeypatch.setattr(copy, "deepcopy", lambda *args, **kwargs: copies.append(args) or args[0])
    assert (await real_datasette.client.get(f"/tracker/events/{event}", cookies={"fresh": "render"})).status_code == 200
    # Datasette 0.65.5 deep-copies the whole metadata for each table permission check.
    assert not [args for args in copies if isinstance(args[0], dict) and "databases" in args[0]]


async def test_table_permissions_still_hold_and_follow_new_metadata(real_datasette):
    assert (await real_datasette.client.get("/tracker/actors")).status_code == 200
    original = real_datasette._metadata_local
    closed = copy.deepcopy(original)
    closed["databases"]["tracker"]["tables"]["actors"]["allow"] = False
    real_datasette._metadata_local = closed
    try:
        assert (await real_datasette.client.get("/tracker/actors", cookies={"fresh": "1"})).status_code == 403
        assert (await real_datasette.client.get("/tracker/actors", cookies={"fresh": "2"})).status_code == 403
    finally:
        real_datasette._metadata_local = original
    assert (await real_datasette.client.get("/tracker/actors", cookies={"fresh": "3"})).status_code == 200


async def test_a_warm_page_merges_no_metadata(real_datasette, monkeypatch):
    # Datasette merges every metadata source again for each lookup, about twenty a page.
    row_id = await some_row(real_datasette, "events")
    await real_datasette.client.get(f"/tracker/events/{row_id}", cookies={"warm": "up"})
    merges = []
    original = real_datasette._metadata_recursive_update
    monkeypatch.setattr(real_datasette, "_metadata_recursive_update", lambda *args: merges.append(1) or original(*args))
    assert (await real_datasette.client.get(f"/tracker/events/{row_id}", cookies={"fresh": "render"})).status_code == 200
    assert merges == []


async def test_metadata_lookups_follow_new_metadata(real_datasette):
    original = real_datasette._metadata_local
    changed = copy.deepcopy(original)
    changed["databases"]["tracker"]["tables"]["timeline"]["description"] = "A description only this test gives."
    real_datasette._metadata_local = changed
    try:
        html = (await real_datasette.client.get("/tracker/timeline?_size=1", cookies={"fresh": "1"})).text
        assert "A description only this test gives." in html
    finally:
        real_datasette._metadata_local = original
    html = (await real_datasette.client.get("/tracker/timeline?_size=1", cookies={"fresh": "2"})).text
    assert "A description only this test gives." not in html


@pytest.mark.parametrize(
    "table, count_sql",
    [("locations", "select location_id, count(*) from events group by location_id order by 2 desc limit 1")],
)
async def test_walking_the_events_by_date_lists_the_same_events(real_datasette, monkeypatch, table, count_sql):
    # The events of a place in many of them are found by walking all events newest first; those of
    # one in few, by reading and sorting theirs. Both ways give the same list. (An actor's list is
    # stored by the build: tests/test_actor_lists.py.)
    row_evidence = pm.get_plugin("row_evidence.py")
    row_id, count = (await real_datasette.get_database("tracker").execute(count_sql)).first()
    assert count > 1

    async def events_section(fresh):
        html = (await real_datasette.client.get(f"/tracker/{table}/{row_id}", cookies={"fresh": fresh})).text
        return re.search(r"<h2>Events</h2>.*?</ul>", html, re.S)[0]

    walks = dict(row_evidence.WALKS)
    monkeypatch.setitem(row_evidence.WALKS, (table, "events"), walks[table, "events"][:2] + (count + 1,))
    read_and_sorted = await events_section("sorted")
    monkeypatch.setitem(row_evidence.WALKS, (table, "events"), walks[table, "events"][:2] + (0,))
    walked = await events_section("walked")
    assert walked == read_and_sorted and walked.count("<li>") == min(count, row_evidence.LIMIT)
