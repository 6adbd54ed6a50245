"""Views whose rows the build works out once, into a hidden table that the view then reads.

At 100,000 events these views cost 0.1 to 0.4 s each time they are read (window functions over every
strike; a join of every event or quote with its place or speaker; a count of citations for every
event), and their page reads them three or more times (rows, count, facets). Kept as views over
tables of their own rows, they keep their names, columns, rows and links (a view has no row pages of
its own, so identifiers still lead to the canonical pages of events and quotes), and a page reads
only the stored rows, by the indexes that tracker/sort_indexes.py makes for its default sort and facets.
The stored rows have no order of their own: metadata.yml gives each view its sort.

The rows are worked out in a copy of the database made once its tables are written (for a large
package in a second process, while the build indexes the tables), then copied in (tracker/copy_tables.py).
"""

from tracker import background, sort_indexes, work_database
from tracker.copy_tables import copy_tables
from tracker.inputs import tracker_tables

# view -> the hidden table that holds its rows (metadata.yml hides it)
STORED_VIEWS = {
    "timeline": "timeline_rows",
    "events_map": "events_map_rows",
    "quotes_with_speakers": "quotes_with_speakers_rows",
    "strike_campaign_running_totals": "strike_campaign_running_totals_rows",
}
# The popup of each point of the map (datasette-cluster-map), from the other columns of events_map.
MAP_POPUP = """json_object(
      'title', title_en,
      'description', replace(event_type, '_', ' ') || ' · ' || date_start || ' · ' || location_en ||
        CASE WHEN geo_precision >= 3 THEN ' (approximate position, precision ' || geo_precision || ')' ELSE '' END ||
        CASE WHEN killed_low IS NULL THEN ''
             ELSE ' · killed: ' || killed_low || CASE WHEN killed_high > killed_low THEN '–' || killed_high ELSE '' END END,
      'link', '/tracker/events/' || event_id
    )"""
# Columns of a stored view worked out from its other columns when its rows are read, not stored: at
# 100,000 events the popups are 25 MB that the build would write, copy and hash.
COMPUTED_WHEN_READ = {"events_map": {"popup": MAP_POPUP}}
# Bytes of database from which the rows are worked out in a second process (about 0.1 s to start one).
SEPARATE_FROM = 32 << 20


def write_view_rows(path, metadata, views):
    """In the copy of the database at path (tables written, not yet indexed), create the views (SQL) and,
    for each view of STORED_VIEWS, a table of its rows keyed by its first column (the row's identifier),
    with the indexes of the view's default sort and facets."""
    db = work_database.open_new(path)  # a copy, deleted once its new tables are copied out
    tables = tracker_tables(metadata)
    offered_sorts = {"databases": {"tracker": {"tables": {}}}}
    with work_database.memory_mapped(db), db.conn:
        if "event_id" in db["citations"].columns_dict:  # the timeline counts each event's citations: by an index, not a scan each
            db.execute("CREATE INDEX [view_rows_citations_event_id] ON [citations] ([event_id])")
        for sql in views:
            db.execute(sql)
        for view, table in STORED_VIEWS.items():
            computed = COMPUTED_WHEN_READ.get(view, {})
            columns = [column for column in db.execute(f"PRAGMA table_info([{view}])") if column[1] not in computed]
            definitions = ", ".join(f"[{name}] {declared_type}".strip() for _, name, declared_type, *_ in columns)
            db.execute(f"CREATE TABLE [{table}] ({definitions}, PRIMARY KEY ([{columns[0][1]}]))")
            db.execute(f"INSERT INTO [{table}] SELECT {', '.join(f'[{column[1]}]' for column in columns)} FROM [{view}]")
            offered_sorts["databases"]["tracker"]["tables"][table] = {"sortable_columns": read_on_every_page(tables.get(view) or {})}
        sort_indexes.create_sort_indexes(db, offered_sorts)
    db.close()


def read_on_every_page(config):
    """The columns of a view's sort indexes: its default sort and its facets, which every page of it reads.
    Its other offered sorts get none: a stored view's rows are narrow (at 100,000 events the timeline's are
    28 MB, against 73 MB of events), so such a sort reads them all in about 15-20 ms and its page stays
    well under 100 ms (bench/RESULTS.md), where the indexes cost the build a pass over the rows each."""
    wanted = [config.get("sort") or config.get("sort_desc"), *(config.get("facets") or [])]
    return [column for column in wanted if column in config.get("sortable_columns", [])]


def started(path, metadata, views):
    """write_view_rows, begun in a second process for a large database, else run when its result is asked for."""
    return background.started(write_view_rows, str(path), metadata, views, separate=path.stat().st_size >= SEPARATE_FROM)


def store_view_rows(db, path):
    """db: a sqlite_utils Database with the views written; path: the copy write_view_rows worked in.
    Copies the rows' tables (and each actor's lists) in and replaces each view of STORED_VIEWS by a view of its table."""
    copy_tables(db, path, names=set(STORED_VIEWS.values()))
    with db.conn:
        for view, table in STORED_VIEWS.items():
            definition = db.execute("SELECT sql FROM sqlite_master WHERE type = 'view' AND name = ?", [view]).fetchone()[0]
            computed = COMPUTED_WHEN_READ.get(view, {})
            names = [name for _, name, *_ in db.execute(f"PRAGMA table_info([{view}])")]
            columns = ", ".join(f"{computed[name]} AS [{name}]" if name in computed else f"[{name}]" for name in names) if computed else "*"
            db.execute(f"DROP VIEW [{view}]")
            # The view's page shows its SQL: keep saying how its rows are worked out.
            how = definition.split(" AS", 1)[1].strip().replace("*/", "* /")
            db.execute(f"CREATE VIEW [{view}] AS SELECT {columns} FROM [{table}]\n/* {table} holds the rows of:\n{how} */")
