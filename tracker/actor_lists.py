"""An actor's lists of events and quotes, written once by the build for the actor's row page.

An actor's row page lists their newest LIMIT events and quotes (plugins/row_evidence.py). Worked out
when the page is asked for, the events list found every event of the actor to sort them by date (at
100,000 events about 150 an actor, 15,828 for the President: 0.6 ms), and writing the two lists took
another 0.4 ms, of a page of 5 ms. The build writes each actor's two lists in both languages with the
functions the page would use (tracker/list_markup.py), leaving the rows' address to the page, and
whether there are more than LIMIT; the page reads one row of it.
"""

import json
from itertools import groupby, islice
from operator import itemgetter

from tracker.list_markup import ROWS_ADDRESS, dated_items_html

LIMIT = 50  # rows a row page lists of each kind
TABLE = "actor_lists"
LANGUAGES = ("en", "ar")
# The lists of one actor, read from the tables themselves: what the stored lists are held to. The
# role breaks the tie of an actor in one event in two roles.
NEWEST_EVENTS_OF_ACTOR = f"""
select e.event_id, e.date_start, e.title_en, e.title_ar, ea.role from event_actors ea
join events e on e.event_id = ea.event_id where ea.actor_id = ?
order by e.date_start desc, e.event_id, ea.role limit {LIMIT + 1}
"""
NEWEST_QUOTES_OF_ACTOR = f"""
select quote_id, said_date, text_en, text_ar from quotes where speaker_id = ?
order by said_date desc, quote_id limit {LIMIT + 1}
"""
# Every actor's newest quotes at once, the actor first.
NEWEST_QUOTES = f"""
SELECT speaker_id, quote_id, said_date, text_en, text_ar FROM (
    SELECT speaker_id, quote_id, said_date, text_en, text_ar,
           row_number() OVER (PARTITION BY speaker_id ORDER BY said_date DESC, quote_id) AS position
    FROM quotes WHERE speaker_id IS NOT NULL)
WHERE position <= {LIMIT + 1} ORDER BY speaker_id, position
"""


def newest(db, sql):
    """{actor: [row as a dict]} from sql, whose rows start with the actor."""
    cursor = db.execute(sql)
    columns = [d[0] for d in cursor.description][1:]
    return {actor: [dict(zip(columns, row[1:])) for row in rows] for actor, rows in groupby(cursor, key=itemgetter(0))}


def newest_events(db):
    """{actor: [event as a dict]}: each actor's newest LIMIT + 1 events, in NEWEST_EVENTS_OF_ACTOR's order.
    Sorted here, in three stable passes, rather than by a window function: 0.6 s instead of 1.0 s at
    100,000 events (150,000 rows of event_actors; Python compares text as SQLite does, by code point)."""
    keys = db.execute(
        "SELECT ea.actor_id, e.date_start, e.event_id, ea.role, e.rowid FROM events e CROSS JOIN event_actors ea ON ea.event_id = e.event_id"
    ).fetchall()
    keys.sort(key=itemgetter(2, 3))  # by key and role within a date,
    keys.sort(key=lambda key: key[1] or "", reverse=True)  # newest first (no date last, as in SQLite),
    keys.sort(key=itemgetter(0))  # each actor's together
    kept = {actor: list(islice(rows, LIMIT + 1)) for actor, rows in groupby(keys, key=itemgetter(0))}
    rowids = json.dumps([key[4] for rows in kept.values() for key in rows])
    titles = {
        row[0]: row[1:]
        for row in db.execute("SELECT rowid, title_en, title_ar FROM events WHERE rowid IN (SELECT value FROM json_each(?))", [rowids])
    }
    return {
        actor: [
            {"event_id": event_id, "date_start": date, "title_en": titles[rowid][0], "title_ar": titles[rowid][1], "role": role}
            for _, date, event_id, role, rowid in rows
        ]
        for actor, rows in kept.items()
    }


def role_labels(package):
    """{role: {language: label}} as the site reads them: from the first field named role that labels it."""
    labels = {}
    for resource in package["resources"]:
        for field in resource["schema"]["fields"]:
            if field["name"] == "role":
                for value, names in field.get("labels", {}).items():
                    labels.setdefault(value, names)
    return labels


def store_actor_lists(db, package):
    """db: a sqlite_utils Database with the package's tables written; writes TABLE: for each actor in an
    event or quoted, and each language, the markup of both lists and whether each has more rows."""
    if not {"events", "event_actors", "quotes"} <= set(db.table_names()):
        return
    labels = role_labels(package)
    events, quotes = newest_events(db), newest(db, NEWEST_QUOTES)
    db.execute(f"""CREATE TABLE [{TABLE}] (
        actor_id TEXT NOT NULL, language TEXT NOT NULL,
        events TEXT NOT NULL, more_events INTEGER NOT NULL, quotes TEXT NOT NULL, more_quotes INTEGER NOT NULL,
        PRIMARY KEY (actor_id, language)) WITHOUT ROWID""")
    rows = []
    for actor in sorted(events.keys() | quotes.keys()):
        its_events, its_quotes = events.get(actor, []), quotes.get(actor, [])
        for lang in LANGUAGES:

            def role_label(role, lang=lang):
                return labels.get(role, {}).get(lang) or role

            written = [
                dated_items_html(lang, listed[:LIMIT], table, ROWS_ADDRESS, role_label)
                for listed, table in ((its_events, "events"), (its_quotes, "quotes"))
            ]
            rows.append((actor, lang, written[0], len(its_events) > LIMIT, written[1], len(its_quotes) > LIMIT))
    db.conn.executemany(f"INSERT INTO [{TABLE}] VALUES (?, ?, ?, ?, ?, ?)", rows)
