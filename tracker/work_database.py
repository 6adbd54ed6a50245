"""The SQLite files the build writes: new files, renamed into place or deleted once complete."""

import contextlib
import sqlite3
from itertools import chain, islice

import sqlite_utils

# Pages read through a memory map rather than a system call each: every index the build makes reads its
# whole table, and at 100,000 events the tables are the first 200 MB of the file (0.4 s of system time
# saved). Capped, and only once the rows are in, as mapped pages count in the build's memory.
MMAP_BYTES = 128 << 20
ROWS_PER_INSERT = 50


def open_new(path):
    """A sqlite_utils Database of a file that is renamed into place or deleted only once complete: no journal,
    and nothing forced to the disk before then."""
    db = sqlite_utils.Database(sqlite3.connect(str(path)))
    db.conn.execute("PRAGMA journal_mode = OFF")
    db.conn.execute("PRAGMA synchronous = OFF")
    return db


@contextlib.contextmanager
def memory_mapped(db):
    """Pages of db read through a memory map while making the indexes over its written tables (see MMAP_BYTES)."""
    db.conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
    try:
        yield db
    finally:
        db.conn.execute("PRAGMA mmap_size = 0")


def insert_rows(conn, table, columns, rows):
    """Insert rows (sequences of values for columns, in that order) into table as they stream past, ROWS_PER_INSERT
    to a statement: a fifth less time than a statement for each row (executemany of sqlite3 spends it per statement)."""
    sql = "INSERT INTO [{}] ({}) VALUES ".format(table, ", ".join(f"[{c}]" for c in columns))
    row = "({})".format(", ".join("?" for _ in columns))
    # Within SQLite's limit of values bound to one statement (32,766 in some builds: a table of 2,000 columns).
    per_statement = max(1, min(ROWS_PER_INSERT, conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // max(1, len(columns))))
    stream, rest = iter(rows), []

    def full_batches():
        while len(batch := list(islice(stream, per_statement))) == per_statement:
            yield list(chain.from_iterable(batch))
        rest.extend(batch)

    conn.executemany(sql + ", ".join([row] * per_statement), full_batches())
    conn.executemany(sql + row, rest)
