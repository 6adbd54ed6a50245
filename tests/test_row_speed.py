"""What keeps row pages fast without taking anything from them (timings are in bench/, not here):
the tracker's own parts of a row page (label, history, lists) come from one database call; table
permissions are worked out once per table, still enforced, and worked out anew for new metadata."""

import copy
import inspect

import pytest

from tests.conftest import ROOT

PROJECT_CODE = (str(ROOT / "plugins") + "/", str(ROOT / "tracker") + "/")


def called_from_project():
    """Whether the code that asked for this visit to the database thread is the project's: the first
    frame outside Datasette's Database class and the wrappers around its methods decides."""
    for frame in inspect.stack()[2:]:
        if not frame.filename.endswith(("datasette/database.py", "plugins/complete_sorts.py", __file__)):
            return frame.filename.startswith(PROJECT_CODE)
    return False


@pytest.fixture
def project_database_calls(real_datasette, monkeypatch):
    """Where the project's own code visits the database thread (each execute() is one execute_fn() visit)."""
    db = real_datasette.get_database("tracker")
    calls = []
    original = db.execute_fn

    async def counted(fn):
        if called_from_project():
            calls.append(
                next(
                    f"{f.filename.split('/')[-1]}:{f.function}"
                    for f in inspect.stack()[1:]
                    if not f.filename.endswith(("datasette/database.py", "plugins/complete_sorts.py", __file__))
                )
            )
        return await original(fn)

    monkeypatch.setattr(db, "execute_fn", counted)
    return calls


@pytest.mark.parametrize("table", ["events", "quotes", "statistics", "sources", "citations", "actors", "locations"])
async def test_a_row_page_reads_the_projects_parts_in_one_database_call(real_datasette, project_database_calls, table):
    db = real_datasette.get_database("tracker")
    key = (await db.primary_keys(table))[0]
    row_id = (await db.execute(f"select {key} from {table} limit 1 offset 3")).first()[0]
    await real_datasette.client.get(f"/tracker/{table}/{row_id}")  # per-process caches filled
    project_database_calls.clear()
    response = await real_datasette.client.get(f"/tracker/{table}/{row_id}", cookies={"fresh": "render"})
    assert response.status_code == 200
    # And everything they read is on the page: the citation's title, the history, the lists.
    assert 'class="cite"' in response.text and 'id="history"' in response.text and 'class="evidence"' in response.text
    assert project_database_calls == ["row_visit.py:row_parts"]


async def test_table_permissions_are_not_worked_out_on_every_page(real_datasette, monkeypatch):
    event = (await real_datasette.get_database("tracker").execute("select event_id from events limit 1")).first()[0]
    await real_datasette.client.get(f"/tracker/events/{event}")
    copies = []
    monkeypatch.setattr(copy, "deepcopy", lambda *args, **kwargs: copies.append(args) or args[0])
    assert (await real_datasette.client.get(f"/tracker/events/{event}", cookies={"fresh": "render"})).status_code == 200
    assert copies == []  # Datasette 0.65.5 deep-copies the whole metadata for each table permission check


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
