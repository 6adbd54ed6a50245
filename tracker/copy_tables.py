"""Tables worked out in a second process, in an SQLite file of their own, copied into the database.

Into an empty table of the same definition and indexes, `INSERT INTO t SELECT * FROM other.t` copies
the records and the index entries as they are, without sorting anything again (SQLite's transfer
optimisation): at 100,000 events, 200 MB of tables and indexes in about half a second. A full-text
index is copied by its shadow tables, which hold the whole index.
"""


def copy_tables(db, path, names=None):
    """Copy the tables of the SQLite file at path (those named, or all) into db, a sqlite_utils Database,
    with their indexes. Ends db's open transaction first: a file cannot be attached inside one."""
    db.conn.commit()
    db.execute("ATTACH DATABASE ? AS other", [str(path)])
    try:
        entries = db.execute("SELECT type, name, tbl_name, sql FROM other.sqlite_master WHERE sql IS NOT NULL ORDER BY rowid").fetchall()
        wanted = {name for kind, name, _, _ in entries if kind == "table" and (names is None or name in names)}
        virtual = {name for kind, name, _, sql in entries if name in wanted and sql.lower().startswith("create virtual table")}
        shadows = {name for kind, name, _, _ in entries if kind == "table" and any(name.startswith(f"{v}_") for v in virtual)}
        plain = [name for kind, name, _, _ in entries if name in wanted - virtual - shadows]
        with db.conn:
            for kind, name, table, sql in entries:
                if name in virtual or name in plain or kind == "index" and table in plain:
                    db.execute(sql)
            for name in plain + sorted(shadows):
                db.execute(f"DELETE FROM main.[{name}]")  # a new full-text index's shadow tables start with rows of their own
                db.execute(f"INSERT INTO main.[{name}] SELECT * FROM other.[{name}]")
    finally:
        db.execute("DETACH DATABASE other")
