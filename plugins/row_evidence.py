"""Row pages show what a row rests on and what rests on it: an event's actors, place, quotes,
statistics and citations; a quote's speaker and citations; a statistic's citations, the figure it is
read against and the claims read against it; a citation's source; a source's citations with what
each supports; an actor's events, quotes and numbers; a place's events. Citations show outlet, date,
linked title and excerpt. Long lists stop at LIMIT rows; the page's "Links from other tables" links
to all of them."""

import sqlite3
import sys
from pathlib import Path

from datasette import hookimpl
from datasette.utils import tilde_decode

# Datasette loads plugins/ by file path: under `datasette serve` the project root, home of tracker/, is not importable.
sys.path.append(str(Path(__file__).resolve().parent.parent))
from tracker import actor_lists  # noqa: E402
from tracker.actor_lists import LIMIT  # noqa: E402
from tracker.row_visit import reader, row_parts  # noqa: E402

# "+" keeps SQLite off an index led by status (a sort index at 100,000 events): without statistics it may
# take that one, and read every active citation (60 ms), rather than the row's few by its key.
CITATIONS = """
select c.citation_id, c.excerpt, c.locator, s.source_id, s.outlet, s.title, s.url, s.published_date, s.language
from citations c join sources s on s.source_id = c.source_id
where c.{column} = ? and +c.status = 'active'
order by s.published_date, c.citation_id
"""
RELATED = {
    "events": {
        "actors": """select a.actor_id, a.name_en, a.name_ar, ea.role from event_actors ea
                     join actors a on a.actor_id = ea.actor_id where ea.event_id = ? order by ea.role, a.name_en""",
        "location": """select l.* from events e join locations l on l.location_id = e.location_id where e.event_id = ?""",
        "quotes": """select q.quote_id, q.text, q.text_language, q.text_en, q.text_ar, q.translation_note,
                     a.name_en as speaker, a.name_ar as speaker_ar from quotes q
                     join actors a on a.actor_id = q.speaker_id where q.event_id = ? order by q.said_date, q.quote_id""",
        "statistics": """select statistic_id, label_en, label_ar, value, value_qualifier, unit, statistic_kind from statistics
                         where event_id = ? order by statistic_id""",
    },
    "quotes": {
        "quote": """select text, text_language, text_en, text_ar, translation_note from quotes where quote_id = ?""",
        "speaker": """select a.actor_id, a.name_en, a.name_ar, a.role_en, a.role_ar from quotes q
                      join actors a on a.actor_id = q.speaker_id where q.quote_id = ?""",
    },
    "statistics": {
        "compare_with": """select o.statistic_id, o.label_en, o.label_ar, o.value, o.value_qualifier, o.unit, o.statistic_kind
                           from statistics s join statistics o on o.statistic_id = s.compare_with_id where s.statistic_id = ?""",
    },
}
# What rests on a row: the rows that point to it, newest first, one more than shown to tell "more".
SUPPORTED = """
select c.citation_id, c.excerpt, c.locator,
  case when c.event_id is not null then 'events' when c.quote_id is not null then 'quotes' else 'statistics' end as supports_table,
  coalesce(c.event_id, c.quote_id, c.statistic_id) as supports_id,
  coalesce(e.title_en, qa.name_en || ': “' || substr(q.text_en, 1, 80) || '…”', st.label_en) as supports_en,
  coalesce(e.title_ar, qa.name_ar || ': «' || substr(q.text_ar, 1, 80) || '…»', st.label_ar) as supports_ar
from citations c
left join events e on e.event_id = c.event_id
left join quotes q on q.quote_id = c.quote_id left join actors qa on qa.actor_id = q.speaker_id
left join statistics st on st.statistic_id = c.statistic_id
where c.source_id = ? order by c.citation_id limit {limit}
"""
EVENTS_AT = """select event_id, date_start, title_en, title_ar, event_type from events
               where location_id = ? order by date_start desc, event_id limit {limit}"""
RELATED["sources"] = {"supports": SUPPORTED}
RELATED["citations"] = {
    "source": """select s.source_id, s.outlet, s.title, s.url, s.published_date, s.language from citations c
                 join sources s on s.source_id = c.source_id where c.citation_id = ?""",
}
# An actor's events and quotes ("events" and "said") are written by the build: written_lists below.
RELATED["actors"] = {
    "stated": """select statistic_id, label_en, label_ar, value, value_qualifier, unit, statistic_kind from statistics
                 where stated_by = ? order by as_of_date desc, statistic_id limit {limit}""",
}
RELATED["locations"] = {"events": EVENTS_AT}
RELATED["statistics"]["read_against_this"] = """select statistic_id, label_en, label_ar, value, value_qualifier, unit,
    statistic_kind from statistics where compare_with_id = ? order by statistic_id limit {limit}"""
CITED_BY = {"events": "event_id", "quotes": "quote_id", "statistics": "statistic_id"}
# The events of a place in many of them (at 100,000 events Mexico City is in thousands) are listed
# fastest by walking all events newest first until LIMIT of theirs turn up: 3 ms instead of 22 ms of
# reading and sorting all of theirs (an actor's are stored by the build). For one in few events the walk would pass
# most of the table (160 ms for a place with 37), so theirs are read and sorted (under 1 ms).
# {(table, list): (how many, the walk, how many make the walk the faster)}; "+" keeps SQLite from
# using the location's index, so that it walks the date's.
WALKS = {
    ("locations", "events"): (
        "select count(*) from events where location_id = ?",
        """select event_id, date_start, title_en, title_ar, event_type from events
           where +location_id = ? order by date_start desc, event_id limit {limit}""",
        3_000,
    ),
}


WRITTEN_LISTS = f"select events, more_events, quotes, more_quotes from [{actor_lists.TABLE}] where actor_id = ? and language = ?"


def written_lists(conn, actor_id, language):
    """An actor's events and quotes as the build wrote them in language (tracker/actor_lists.py): each
    list is {language: markup} for plugins/row_markup.py's dated_items, or [] when empty."""
    written = conn.execute(WRITTEN_LISTS, [actor_id, language]).fetchone()
    lists = {}
    for name, column in (("events", 0), ("said", 2)) if written else ():
        lists[name] = {language: written[column]} if written[column] else []
        lists[name + "_more"] = bool(written[column + 1])
    return lists


def has_lists(datasette, database, table):
    return database == "tracker" and table in RELATED


@reader("related", wanted=has_lists)
def related_rows(conn, row):
    """Every list of the row page, read in the row page's one visit to the database."""
    table, row_id = row.table, tilde_decode(row.pks)
    queries = dict(RELATED.get(table, {}))
    if table in CITED_BY:
        queries["citations"] = CITATIONS.format(column=CITED_BY[table])
    related = {}
    for name, sql in queries.items():
        if (table, name) in WALKS:
            count_sql, walk_sql, many = WALKS[table, name]
            sql = walk_sql if conn.execute(count_sql, [row_id]).fetchone()[0] > many else sql
        cursor = conn.cursor()
        cursor.row_factory = sqlite3.Row
        rows = [dict(r) for r in cursor.execute(sql.replace("{limit}", str(LIMIT + 1)), [row_id])]
        related[name] = rows[:LIMIT]
        related[name + "_more"] = len(rows) > LIMIT
    if table == "actors":
        related.update(written_lists(conn, row_id, row.language))
    return related


@hookimpl
def extra_template_vars(view_name, database, table, request, datasette):
    if view_name != "row" or not has_lists(datasette, database, table):
        return {}

    async def inner():
        return {"related": (await row_parts(datasette, request, database, table))["related"]}

    return inner
