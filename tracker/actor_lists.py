"""An actor's lists of events and quotes, written once by the build for the actor's row page.

An actor's row page lists their newest LIMIT events and quotes (plugins/row_evidence.py). Worked out
when the page is asked for, the events list found every event of the actor to sort them by date (at
100,000 events about 150 an actor, 15,828 for the President: 0.6 ms), and writing the two lists took
another 0.4 ms, of a page of 5 ms. The build writes each actor's two lists in both languages with the
functions the page would use (tracker/list_markup.py), leaving the rows' address to the page, and
whether there are more than LIMIT; the page reads one row of it.
"""

from itertools import groupby
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
# The same for every actor at once, the actor first. "cross join" walks the events in the table's
# order and finds the actors of each by event_actors' key: a quarter faster than the other way.
NEWEST_EVENTS = f"""
SELECT actor_id, event_id, date_start, title_en, title_ar, role FROM (
    SELECT ea.actor_id, e.event_id, e.date_start, e.title_en, e.title_ar, ea.role,
           row_number() OVER (PARTITION BY ea.actor_id ORDER BY e.date_start DESC, e.event_id, ea.role) AS position
    FROM events e CROSS JOIN event_actors ea ON ea.event_id = e.event_id)
WHERE position <= {LIMIT + 1} ORDER BY actor_id, position
"""
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
    events, quotes = newest(db, NEWEST_EVENTS), newest(db, NEWEST_QUOTES)
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
