"""The views written for speed at 100,000 events give exactly what their plain definitions give.
The plain definitions are kept here as the reference; the timings are in bench/RESULTS.md."""

import json
import re
import sqlite3

from build_db import VIEWS
from tracker.view_tables import STORED_VIEWS

# The dataset's totals of strike_tally_reconciliation as first written: for every tally, five counts and
# sums over all strike events dated on or before it. Plain, but minutes of work at 100,000 events.
STRIKES_UP_TO_THE_TALLY = "FROM events e WHERE e.event_type = 'lethal_strike' AND e.status = 'active' AND e.date_start <= s.as_of_date"
PLAIN_TOTALS = f"""
    SELECT s.statistic_id,
           (SELECT count(*) {STRIKES_UP_TO_THE_TALLY}) AS strikes_in_dataset,
           (SELECT count(*) {STRIKES_UP_TO_THE_TALLY} AND e.survivors > 0) AS survivor_strikes_in_dataset,
           (SELECT coalesce(sum(e.vessels), 0) {STRIKES_UP_TO_THE_TALLY}) AS vessels_in_dataset,
           (SELECT coalesce(sum(e.killed_low), 0) {STRIKES_UP_TO_THE_TALLY}) AS killed_low_in_dataset,
           (SELECT coalesce(sum(coalesce(e.killed_high, e.killed_low)), 0) {STRIKES_UP_TO_THE_TALLY}) AS killed_high_in_dataset
    FROM statistics s WHERE s.statistic_id IN (SELECT statistic_id FROM strike_tally_reconciliation)"""
VIEW_TOTALS = """
    SELECT statistic_id, strikes_in_dataset, survivor_strikes_in_dataset, vessels_in_dataset, killed_low_in_dataset,
           killed_high_in_dataset
    FROM strike_tally_reconciliation"""


def all_rows(db, sql):
    """Every row in a fixed order, each value with its type (so that 3, 3.0 and '3' differ)."""
    cursor = db.execute(f"SELECT * FROM ({sql}) LIMIT 0")
    order = ", ".join(str(i + 1) for i in range(len(cursor.description)))
    rows = db.execute(f"SELECT * FROM ({sql}) ORDER BY {order}").fetchall()
    return [tuple((type(value).__name__, value) for value in row) for row in rows]


def assert_reconciliation_is_plain(db):
    rows = all_rows(db, VIEW_TOTALS)
    assert rows and rows == all_rows(db, PLAIN_TOTALS)


def test_the_reconciliation_matches_its_plain_definition_on_the_real_data(real_site):
    with sqlite3.connect(real_site / "tracker.db") as db:
        assert_reconciliation_is_plain(db)


def test_the_reconciliation_matches_its_plain_definition_at_the_edges(tmp_path, real_site):
    """Several strikes on one day, missing vessels and deaths, a retracted strike, and tallies
    dated before the first strike, on the day of one, and after the last."""
    copy = tmp_path / "tracker.db"
    copy.write_bytes((real_site / "tracker.db").read_bytes())
    with sqlite3.connect(copy) as db:
        strikes = [row[0] for row in db.execute("SELECT event_id FROM events WHERE event_type = 'lethal_strike' ORDER BY event_id")]
        tallies = [row[0] for row in db.execute("SELECT statistic_id FROM strike_tally_reconciliation ORDER BY statistic_id")]
        assert len(strikes) > 20 and len(tallies) > 6
        db.execute(
            "UPDATE events SET date_start = (SELECT date_start FROM events WHERE event_id = ?) WHERE event_id IN (?, ?)", strikes[:3]
        )
        db.execute("UPDATE events SET vessels = NULL, killed_high = NULL WHERE event_id IN (?, ?)", strikes[3:5])
        db.execute("UPDATE events SET killed_low = NULL, survivors = NULL WHERE event_id = ?", strikes[5:6])
        db.execute("UPDATE events SET status = 'retracted' WHERE event_id = ?", strikes[6:7])
        db.execute("UPDATE statistics SET as_of_date = '2000-01-01' WHERE statistic_id = ?", tallies[:1])
        db.execute("UPDATE statistics SET as_of_date = '2999-12-31' WHERE statistic_id = ?", tallies[1:2])
        db.execute(
            "UPDATE statistics SET as_of_date = (SELECT date_start FROM events WHERE event_id = ?) WHERE statistic_id = ?",
            (strikes[10], tallies[2]),
        )
        db.execute("UPDATE statistics SET as_of_date = NULL WHERE statistic_id = ?", tallies[3:4])
        assert_reconciliation_is_plain(db)


def test_the_reconciliation_reads_the_strike_events_once(real_site):
    """Not once per tally: at 100,000 events that took minutes, and every page of it was an error page."""
    with sqlite3.connect(real_site / "tracker.db") as db:
        plan = [row[3] for row in db.execute("EXPLAIN QUERY PLAN SELECT * FROM strike_tally_reconciliation")]
    assert len([step for step in plan if " events " in f"{step} "]) == 1, plan


def query_plan(db, sql):
    return " / ".join(row[3] for row in db.execute(f"EXPLAIN QUERY PLAN {sql}"))


async def test_the_timeline_and_the_quotes_still_come_in_date_order(real_datasette, real_site):
    """Their stored rows have no order of their own; their pages and their JSON still list rows by date, then key."""
    expected = {
        "timeline": "SELECT event_id FROM events ORDER BY date_start, event_id",
        "quotes_with_speakers": "SELECT quote_id FROM quotes q JOIN actors a ON a.actor_id = q.speaker_id ORDER BY said_date, quote_id",
    }
    with sqlite3.connect(real_site / "tracker.db") as db:
        for view, sql in expected.items():
            keys = [row[0] for row in db.execute(sql)]
            rows = (await real_datasette.client.get(f"/tracker/{view}.json?_shape=array&_size=max")).json()
            assert len(keys) > 50 and [row[sql.split()[1]] for row in rows] == keys[: len(rows)], view
            html = (await real_datasette.client.get(f"/tracker/{view}")).text
            assert html.index(keys[0]) < html.index(keys[1]) < html.index(keys[20]), view


def test_views_kept_as_stored_rows_give_the_rows_of_their_definitions(real_site):
    """Every value, with its type, as the view's own SQL in build_db.py gives it from the tables."""
    with sqlite3.connect(real_site / "tracker.db") as db:
        for sql in VIEWS:
            view = sql.split()[2]
            if view in STORED_VIEWS:
                db.execute(sql.replace(f"CREATE VIEW {view} AS", f"CREATE TEMP VIEW plain_{view} AS", 1))
                stored = all_rows(db, f"SELECT * FROM {view}")
                assert len(stored) > 50 and stored == all_rows(db, f"SELECT * FROM plain_{view}"), view


def test_views_kept_as_stored_rows_read_only_their_rows(real_site):
    with sqlite3.connect(real_site / "tracker.db") as db:
        for view, table in STORED_VIEWS.items():
            plan = query_plan(db, f"SELECT count(*) FROM {view}")
            assert table in plan and "events" not in plan.replace(table, ""), (view, plan)


async def test_stored_rows_are_hidden_and_never_linked(real_datasette):
    """The view is what readers see; its identifiers lead to the events' and quotes' own pages."""
    db = real_datasette.get_database("tracker")
    assert set(STORED_VIEWS.values()) <= set(await db.hidden_table_names()) & set(await db.table_names())
    assert set(STORED_VIEWS) <= set(await db.view_names())
    database_page = (await real_datasette.client.get("/tracker")).text
    for view, table in STORED_VIEWS.items():
        page = (await real_datasette.client.get(f"/tracker/{view}")).text
        assert f"/tracker/{view}/" not in page and f"/tracker/{table}" not in page and table not in database_page, view
        assert "WINDOW" in page or "JOIN" in page, "the page still shows how its rows are worked out"
        assert re.search(r'href="/tracker/(events|quotes)/[^"]+"', page), view


def test_the_maps_popups_are_worked_out_when_read_not_stored(real_site):
    with sqlite3.connect(real_site / "tracker.db") as db:
        stored = [row[1] for row in db.execute("PRAGMA table_info(events_map_rows)")]
        shown = [row[1] for row in db.execute("PRAGMA table_info(events_map)")]
        assert shown == stored + ["popup"]
        popup = db.execute("SELECT popup FROM events_map WHERE killed_low > 0 LIMIT 1").fetchone()[0]
        assert json.loads(popup)["link"].startswith("/tracker/events/") and "killed: " in json.loads(popup)["description"]
