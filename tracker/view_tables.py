"""Views whose rows the build works out once, into a hidden table that the view then reads.

At 100,000 events these views cost 0.1 to 0.4 s each time they are read (window functions over every
strike; a join of every event or quote with its place or speaker; a count of citations for every
event), and their page reads them three or more times (rows, count, facets). Kept as views over
tables of their own rows, they keep their names, columns, rows and links (a view has no row pages of
its own, so identifiers still lead to the canonical pages of events and quotes), and a page reads
only the stored rows, by the indexes that tracker/sort_indexes.py makes for the view's offered sorts.
The stored rows have no order of their own: metadata.yml gives each view its sort.
"""

from tracker import sort_indexes
from tracker.inputs import tracker_tables

# view -> the hidden table that holds its rows (metadata.yml hides it)
STORED_VIEWS = {
    "timeline": "timeline_rows",
    "events_map": "events_map_rows",
    "quotes_with_speakers": "quotes_with_speakers_rows",
    "strike_campaign_running_totals": "strike_campaign_running_totals_rows",
}


def store_view_rows(db, metadata):
    """db: a sqlite_utils Database with the views written. Replaces each view of STORED_VIEWS by a view
    of a table holding its rows, keyed by the view's first column (its row's identifier)."""
    tables = tracker_tables(metadata)
    offered_sorts = {"databases": {"tracker": {"tables": {}}}}
    for view, table in STORED_VIEWS.items():
        columns = db.execute(f"PRAGMA table_info([{view}])").fetchall()
        definitions = ", ".join(f"[{name}] {declared_type}".strip() for _, name, declared_type, *_ in columns)
        db.execute(f"CREATE TABLE [{table}] ({definitions}, PRIMARY KEY ([{columns[0][1]}]))")
        db.execute(f"INSERT INTO [{table}] SELECT * FROM [{view}]")
        definition = db.execute("SELECT sql FROM sqlite_master WHERE type = 'view' AND name = ?", [view]).fetchone()[0]
        db.execute(f"DROP VIEW [{view}]")
        # The view's page shows its SQL: keep saying how its rows are worked out.
        how = definition.split(" AS", 1)[1].strip().replace("*/", "* /")
        db.execute(f"CREATE VIEW [{view}] AS SELECT * FROM [{table}]\n/* {table} holds the rows of:\n{how} */")
        offered_sorts["databases"]["tracker"]["tables"][table] = {"sortable_columns": (tables.get(view) or {}).get("sortable_columns", [])}
    sort_indexes.create_sort_indexes(db, offered_sorts)
