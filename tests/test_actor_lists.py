"""An actor's row page lists their events and quotes as the build wrote them (tracker/actor_lists.py):
the written lists are what the site writes from the tables themselves, the page reads only them, and
the page shows the same lists as before; statistics are listed as the template's macro listed them.
The timings are in bench/RESULTS.md."""

import re
import sqlite3
import subprocess
import sys

import markupsafe
import pytest
import sqlite_utils
from datasette.plugins import pm

import build_db
from tests.conftest import ROOT
from tracker.actor_lists import LANGUAGES, LIMIT, NEWEST_EVENTS_OF_ACTOR, NEWEST_QUOTES_OF_ACTOR, TABLE, store_actor_lists
from tracker.list_markup import escaped


def assert_written_lists_are_live(datasette, db_path):
    """Every actor's lists as the page shows them from the written table, in each language, against the
    lists the site writes from the live queries; returns {actor: (events, quotes)} read live."""
    row_markup, row_evidence, i18n = (pm.get_plugin(name) for name in ("row_markup.py", "row_evidence.py", "i18n.py"))
    with sqlite3.connect(db_path) as db:
        actors = [row[0] for row in db.execute("SELECT actor_id FROM actors ORDER BY actor_id")]
        written = {(actor, lang): row_evidence.written_lists(db, actor, lang) for actor in actors for lang in LANGUAGES}
        db.row_factory = sqlite3.Row
        live = {
            a: tuple([dict(r) for r in db.execute(sql, [a])] for sql in (NEWEST_EVENTS_OF_ACTOR, NEWEST_QUOTES_OF_ACTOR)) for a in actors
        }

    def shown(lists, name, table):
        return (row_markup.dated_items(datasette, lists[name], table) if lists.get(name) else "", bool(lists.get(name + "_more")))

    differ = []
    for lang in LANGUAGES:
        token = i18n.LANGUAGE.set(lang)
        try:
            for actor, (events, quotes) in live.items():
                expected = {
                    "events": events[:LIMIT],
                    "events_more": len(events) > LIMIT,
                    "said": quotes[:LIMIT],
                    "said_more": len(quotes) > LIMIT,
                }
                for name, table in (("events", "events"), ("said", "quotes")):
                    if shown(written[actor, lang], name, table) != shown(expected, name, table):
                        differ.append((actor, lang, name))
        finally:
            i18n.LANGUAGE.reset(token)
    assert not differ
    return live


async def test_the_written_lists_are_the_actors_newest_events_and_quotes_on_the_real_data(real_datasette, real_site):
    live = assert_written_lists_are_live(real_datasette, real_site / "tracker.db")
    assert any(len(events) == LIMIT + 1 for events, _ in live.values()), "an actor in more events than a page lists"
    assert any(quotes for _, quotes in live.values())


async def test_the_written_lists_hold_at_the_edges(real_datasette, real_site, tmp_path):
    """Events of one actor on one day (the key decides), an actor in one event in two roles, an actor in no
    event, and an actor whose events are all on one day, more of them than a page lists; quotes likewise."""
    copy = tmp_path / "tracker.db"
    copy.write_bytes((real_site / "tracker.db").read_bytes())
    with sqlite3.connect(copy) as db:
        busiest, count = db.execute("SELECT actor_id, count(*) FROM event_actors GROUP BY 1 ORDER BY 2 DESC, 1").fetchone()
        assert count > LIMIT + 1
        events = [row[0] for row in db.execute("SELECT event_id FROM event_actors WHERE actor_id = ?", [busiest])]
        db.execute(f"UPDATE events SET date_start = '2025-10-01' WHERE event_id IN ({', '.join('?' * len(events))})", events)
        db.execute("UPDATE quotes SET speaker_id = ?, said_date = '2025-10-01'", [busiest])
        other = db.execute("SELECT actor_id FROM event_actors WHERE actor_id != ? LIMIT 1", [busiest]).fetchone()[0]
        db.execute("INSERT OR IGNORE INTO event_actors VALUES (?, ?, 'target'), (?, ?, 'subject')", [events[0], other, events[0], other])
        db.execute(
            "DELETE FROM event_actors WHERE actor_id = (SELECT actor_id FROM actors WHERE actor_id NOT IN (?, ?) LIMIT 1)", [busiest, other]
        )
        db.execute(f"DROP TABLE [{TABLE}]")
    database = sqlite_utils.Database(copy)
    with database.conn:
        store_actor_lists(database, build_db.load_package(ROOT / "datapackage.json"))
    live = assert_written_lists_are_live(real_datasette, copy)
    assert len(live[busiest][0]) == len(live[busiest][1]) == LIMIT + 1
    assert [row["event_id"] for row in live[other][0]].count(events[0]) == 2
    assert ([], []) in live.values()


async def test_the_written_lists_are_the_actors_newest_events_and_quotes_in_a_generated_package(real_datasette, tmp_path):
    """1,500 generated events: eight actors in more events than a page lists, many of them on one day."""
    package = tmp_path / "package"
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "--events", "1500", str(package)], check=True, capture_output=True)
    db_path = build_db.build(tmp_path / "tracker.db", package / "datapackage.json", ROOT / "metadata.yml")
    live = assert_written_lists_are_live(real_datasette, db_path)
    assert len([events for events, _ in live.values() if len(events) > LIMIT]) >= 5


async def test_an_actors_page_reads_only_the_written_lists(real_datasette, real_site):
    """The page's query of an actor's events and quotes walks the written table's key, not events, event_actors or quotes."""
    row_evidence = pm.get_plugin("row_evidence.py")
    assert set(row_evidence.RELATED["actors"]) == {"stated"}
    with sqlite3.connect(real_site / "tracker.db") as db:
        plan = " / ".join(row[3] for row in db.execute(f"EXPLAIN QUERY PLAN {row_evidence.WRITTEN_LISTS}", ["any-actor", "en"]))
    assert plan == f"SEARCH {TABLE} USING PRIMARY KEY (actor_id=? AND language=?)", plan


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


@pytest.mark.parametrize("value", ["", "plain", "<b>&amp;</b>", "it's \"quoted\"", "ترمب <script>", None, 3, markupsafe.Markup("<i>kept</i>")])
def test_the_lists_escape_text_as_markupsafe_does(value):
    assert escaped(value) == str(markupsafe.escape(value))
