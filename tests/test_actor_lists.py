"""An actor's row page lists their newest events from a table the build writes (tracker/actor_lists.py):
the stored lists are what the tables themselves give, the page reads only them, and the page shows
the same lists as before. Also: a row's citations are found by its key whatever sort indexes the build
adds. The timings are in bench/RESULTS.md."""

import re
import sqlite3
import subprocess
import sys

import pytest
import sqlite_utils
from datasette.plugins import pm

import build_db
from tests.conftest import ROOT
from tracker.actor_lists import LIMIT, NEWEST_EVENTS_OF_ACTOR, TABLE, store_actor_newest_events


def stored_and_live(db_path):
    """{actor: (stored list, list read from events and event_actors)} for every actor."""
    with sqlite3.connect(db_path) as db:
        actors = [row[0] for row in db.execute("SELECT actor_id FROM actors ORDER BY actor_id")]
        stored_sql = f"SELECT event_id, date_start, title_en, title_ar, role FROM [{TABLE}] WHERE actor_id = ? ORDER BY position"
        return {a: (db.execute(stored_sql, [a]).fetchall(), db.execute(NEWEST_EVENTS_OF_ACTOR, [a]).fetchall()) for a in actors}


def assert_stored_lists_are_live(db_path):
    lists = stored_and_live(db_path)
    assert all(stored == live for stored, live in lists.values()), [a for a, (stored, live) in lists.items() if stored != live]
    return lists


def test_the_stored_lists_are_the_actors_newest_events_on_the_real_data(real_site):
    lists = assert_stored_lists_are_live(real_site / "tracker.db")
    assert any(len(live) == LIMIT + 1 for _, live in lists.values()), "an actor with more events than a page lists"


def test_the_stored_lists_hold_at_the_edges(tmp_path, real_site):
    """Events of one actor on one day (the key decides), an actor in one event in two roles, an actor in no
    event, and an actor whose events are all on one day, more of them than a page lists."""
    copy = tmp_path / "tracker.db"
    copy.write_bytes((real_site / "tracker.db").read_bytes())
    with sqlite3.connect(copy) as db:
        busiest, count = db.execute("SELECT actor_id, count(*) FROM event_actors GROUP BY 1 ORDER BY 2 DESC, 1").fetchone()
        assert count > LIMIT + 1
        events = [row[0] for row in db.execute("SELECT event_id FROM event_actors WHERE actor_id = ?", [busiest])]
        db.execute(f"UPDATE events SET date_start = '2025-10-01' WHERE event_id IN ({', '.join('?' * len(events))})", events)
        other = db.execute("SELECT actor_id FROM event_actors WHERE actor_id != ? LIMIT 1", [busiest]).fetchone()[0]
        db.execute("INSERT OR IGNORE INTO event_actors VALUES (?, ?, 'target'), (?, ?, 'subject')", [events[0], other, events[0], other])
        db.execute(
            "DELETE FROM event_actors WHERE actor_id = (SELECT actor_id FROM actors WHERE actor_id NOT IN (?, ?) LIMIT 1)", [busiest, other]
        )
        db.execute(f"DROP TABLE [{TABLE}]")
    store_actor_newest_events(sqlite_utils.Database(copy))
    lists = assert_stored_lists_are_live(copy)
    assert len(lists[busiest][0]) == LIMIT + 1 and {row[1] for row in lists[busiest][0]} == {"2025-10-01"}
    assert [row[0] for row in lists[other][0]].count(events[0]) == 2
    assert [] in [stored for stored, _ in lists.values()]


def test_the_stored_lists_are_the_actors_newest_events_in_a_generated_package(tmp_path):
    """1,500 generated events: eight actors in more events than a page lists, many of them on one day."""
    package = tmp_path / "package"
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "--events", "1500", str(package)], check=True, capture_output=True)
    db_path = build_db.build(tmp_path / "tracker.db", package / "datapackage.json", ROOT / "metadata.yml")
    lists = assert_stored_lists_are_live(db_path)
    assert len([live for _, live in lists.values() if len(live) > LIMIT]) >= 5


async def test_an_actors_page_reads_only_the_stored_list(real_datasette, real_site):
    """The query of the page's list of events walks the stored table's key, not events or event_actors."""
    row_evidence = pm.get_plugin("row_evidence.py")
    sql = row_evidence.RELATED["actors"]["events"].replace("{limit}", str(LIMIT + 1))
    with sqlite3.connect(real_site / "tracker.db") as db:
        plan = " / ".join(row[3] for row in db.execute(f"EXPLAIN QUERY PLAN {sql}", ["any-actor"]))
    assert plan == f"SEARCH {TABLE} USING PRIMARY KEY (actor_id=?)", plan


@pytest.mark.parametrize("prefix", ["", "/ar"])
async def test_an_actors_page_lists_their_newest_events_linked_in_order(real_datasette, real_site, prefix):
    with sqlite3.connect(real_site / "tracker.db") as db:
        actor, count = db.execute("SELECT actor_id, count(*) FROM event_actors GROUP BY 1 ORDER BY 2 DESC, 1").fetchone()
        live = db.execute(NEWEST_EVENTS_OF_ACTOR, [actor]).fetchall()
    assert count > LIMIT
    html = (await real_datasette.client.get(f"{prefix}/tracker/actors/{actor}", cookies={"fresh": prefix or "en"})).text
    section = re.search(r"<h2>[^<]+</h2>\s*<ul>\s*(<li>.*?)</ul>\s*(<p>.*?</p>)?", html.split('<section class="evidence">')[1], re.S)
    linked = re.findall(r'<a href="([^"]+)"', section[1])
    assert linked == [f"{prefix}/tracker/events/{event_id}" for event_id, *_ in live[:LIMIT]]
    assert f'href="{prefix}/tracker/event_actors?actor_id={actor}"' in section[2]


# The statistics of a row page's lists as the template's macro wrote them before number_items did.
NUMBER_MACRO = """{% macro number(s) -%}
<bdi>{{ value_label("value_qualifier", s.value_qualifier) if lang == "ar" else s.value_qualifier|replace('_', ' ') }} {{ s.value|number }} {{ value_label("unit", s.unit) }}</bdi> ({{ value_label("statistic_kind", s.statistic_kind) if lang == "ar" else s.statistic_kind|replace('_', ' ') }})
{%- endmacro %}<ul>{% for s in rows %}
    <li>{{ both(s.label_en, s.label_ar, urls.row('tracker', 'statistics', s.statistic_id)) }}: {{ number(s) }}</li>
  {% endfor %}</ul>"""


@pytest.mark.parametrize("lang", ["en", "ar"])
async def test_number_items_write_what_the_macro_wrote(real_datasette, real_site, lang):
    i18n, row_markup = pm.get_plugin("i18n.py"), pm.get_plugin("row_markup.py")
    with sqlite3.connect(real_site / "tracker.db") as db:
        db.row_factory = sqlite3.Row
        rows = [
            dict(r)
            for r in db.execute("SELECT statistic_id, label_en, label_ar, value, value_qualifier, unit, statistic_kind FROM statistics")
        ]
    template = real_datasette.jinja_env.from_string(NUMBER_MACRO)
    token = i18n.LANGUAGE.set(lang)
    try:
        macro = await template.render_async(rows=rows, lang=lang, urls=real_datasette.urls)
        assert len(rows) > 20 and macro == f"<ul>{row_markup.number_items(real_datasette, rows)}</ul>"
    finally:
        i18n.LANGUAGE.reset(token)


@pytest.mark.parametrize("column", ["event_id", "quote_id", "statistic_id"])
async def test_a_rows_citations_are_found_by_its_key_beside_an_index_led_by_status(real_datasette, real_site, tmp_path, column):
    """At 100,000 events the build indexes citations by (key, citation_id) and by (status, citation_id)
    for sorting; without statistics SQLite took the last made, and read every active citation."""
    copy = tmp_path / "tracker.db"
    copy.write_bytes((real_site / "tracker.db").read_bytes())
    row_evidence = pm.get_plugin("row_evidence.py")
    with sqlite3.connect(copy) as db:
        db.execute(f"DROP INDEX IF EXISTS idx_citations_{column}")
        db.execute(f"CREATE INDEX idx_sort_citations_{column} ON citations ({column}, citation_id)")
        db.execute("CREATE INDEX idx_sort_citations_status ON citations (status, citation_id)")
        plan = [row[3] for row in db.execute(f"EXPLAIN QUERY PLAN {row_evidence.CITATIONS.format(column=column)}", ["any-row"])]
    assert f"SEARCH c USING INDEX idx_sort_citations_{column} ({column}=?)" in plan, plan
