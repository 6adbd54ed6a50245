"""Indexes for the first page of every offered sort of a big table.

A sorted table page asks for `order by COLUMN[ desc], PRIMARY KEY limit 51` (plugins/complete_sorts.py
adds the primary key, ascending in both directions, as Datasette's later pages have it). SQLite
answers it by walking an index that starts with the column, sorting each run of equal values by
primary key as it goes, and stops after 51 rows. That is fast unless there is no such index (the
whole table is read and sorted: at 100,000 events 35 ms for deaths, 110 ms for date_end) or the run
of equal values at the end the page starts from is long (events by status: 99,000 "active" rows
sorted by event_id, 150 ms). For those sorts an index on (column, primary key) is made, or, where
the long run is at the top, on (column DESC, primary key); the page then reads 51 entries of it.

Only tables of MIN_ROWS rows or more are looked at, and an index is only made where it is needed, as
each one costs the build a pass over its table (0.1 to 0.5 s at 100,000 events). The tracker's own
data (hundreds of rows) costs the build nothing. The offered sorts are metadata.yml's sortable_columns.
"""

from tracker.inputs import tracker_tables

MIN_ROWS = 50_000
# Sorting a run of this many equal values by primary key takes about 10-20 ms.
LONGEST_RUN = 5_000


def sortable_columns(metadata):
    for table, config in tracker_tables(metadata).items():
        yield table, (config or {}).get("sortable_columns", [])


def end_run(db, table, column, way):
    """How many rows share the column's first value (way "") or its last (way " desc"); NULL is a value."""
    sql = f"select count(*) from [{table}] where [{column}] is (select [{column}] from [{table}] order by [{column}]{way} limit 1)"
    return db.execute(sql).fetchone()[0]


def create_index(db, table, name, columns):
    db.execute(f"CREATE INDEX IF NOT EXISTS [{name}] ON [{table}] ({', '.join(columns)})")
    return name


def create_sort_indexes(db, metadata):
    """db: a sqlite_utils Database with every table written. Returns the names of the indexes made."""
    made = []
    table_names = set(db.table_names())
    for table, columns in sortable_columns(metadata):
        if table not in table_names or db.execute(f"select count(*) from [{table}]").fetchone()[0] < MIN_ROWS:
            continue
        # Every index ends with the rowid already: a table without a primary key needs only the column.
        keys = [] if db[table].use_rowid else db[table].pks
        existing = [index.columns for index in db[table].indexes]
        for column in columns:
            rest = [f"[{key}]" for key in keys if key != column]
            if column not in db[table].columns_dict or not rest and column in keys:
                continue
            ascending = [column] + [key for key in keys if key != column]
            served = any(found[: len(ascending)] == ascending for found in existing)
            if not served and (not any(found[0] == column for found in existing) or end_run(db, table, column, "") > LONGEST_RUN):
                made.append(create_index(db, table, f"idx_sort_{table}_{column}", [f"[{column}]"] + rest))
                existing.append(ascending)
            # Walked backwards, any of these gives the top run's rows in descending key order: sorted again.
            # (An index cannot name the rowid, so a table without a primary key gets no descending one.)
            if keys and end_run(db, table, column, " desc") > LONGEST_RUN:
                made.append(create_index(db, table, f"idx_sort_{table}_{column}_desc", [f"[{column}] DESC"] + rest))
    return made
