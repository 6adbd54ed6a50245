"""Each actor's newest events, worked out once by the build for the actor's row page.

An actor's row page lists their newest LIMIT events (plugins/row_evidence.py). Read when the page is
asked for, that list finds every event of the actor to sort them by date: at 100,000 events about
150 events an actor (15,828 for the President), 0.6 ms of a page of 6 ms. The build stores each
actor's newest LIMIT + 1 events (the one more tells the page to link to all of them) in a hidden
table keyed by actor and place in the list, so that the page reads one short run of it.
"""

LIMIT = 50  # rows a row page lists of each kind
TABLE = "actor_newest_events"
# What the stored table holds for one actor, read from the tables themselves: the reference the
# tests hold it to. The role breaks the tie of an actor in one event in two roles.
NEWEST_EVENTS_OF_ACTOR = f"""
select e.event_id, e.date_start, e.title_en, e.title_ar, ea.role from event_actors ea
join events e on e.event_id = ea.event_id where ea.actor_id = ?
order by e.date_start desc, e.event_id, ea.role limit {LIMIT + 1}
"""


def store_actor_newest_events(db):
    """db: a sqlite_utils Database with events and event_actors written; writes TABLE (see above)."""
    if not {"events", "event_actors"} <= set(db.table_names()):
        return
    db.execute(f"""CREATE TABLE [{TABLE}] (
        actor_id TEXT NOT NULL, position INTEGER NOT NULL, event_id TEXT NOT NULL,
        date_start TEXT, title_en TEXT, title_ar TEXT, role TEXT,
        PRIMARY KEY (actor_id, position)) WITHOUT ROWID""")
    # "cross join" walks the events in the table's order and finds the actors of each by event_actors'
    # key: a quarter faster than finding each event of each actor.
    db.execute(f"""INSERT INTO [{TABLE}]
        SELECT actor_id, position, event_id, date_start, title_en, title_ar, role FROM (
            SELECT ea.actor_id, e.event_id, e.date_start, e.title_en, e.title_ar, ea.role,
                   row_number() OVER (PARTITION BY ea.actor_id ORDER BY e.date_start DESC, e.event_id, ea.role) AS position
            FROM events e CROSS JOIN event_actors ea ON ea.event_id = e.event_id)
        WHERE position <= {LIMIT + 1}""")
