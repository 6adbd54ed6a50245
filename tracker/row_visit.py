"""One visit to the database for everything the tracker adds to a row page.

Several plugins add to a row page: the row's human name for its citation (plugins/citation.py), its
history (plugins/row_history.py), what it rests on and what rests on it (plugins/row_evidence.py).
Each registers a reader here. The first of them to ask runs every reader in one call on the
database thread and keeps the answers on the request; the others take their part from there. On a
row page the queries are primary-key lookups of a few microseconds, so each separate call, with its
hop to the database thread and back, cost more than its query.
"""

from typing import NamedTuple

READERS = {}
SCOPE_KEY = "tracker.row_visit"


class RowAddress(NamedTuple):
    database: str
    table: str
    pks: str  # the row's part of the URL, tilde-encoded, as Datasette routes it
    label_column: str | None
    primary_keys: list  # the table's, as Datasette keeps them (not read again on every page)
    language: str  # the page's: "ar" where plugins/i18n.py marked the request Arabic


def everywhere(datasette, database, table):
    return True


def reader(name, wanted=everywhere):
    """Register function(conn, row: RowAddress) as the reader of the row page's part `name`, for the
    row pages where wanted(datasette, database, table) is true; elsewhere the part is None."""

    def register(function):
        READERS[name] = (function, wanted)
        return function

    return register


def read_all(conn, row, readers):
    return {name: read(conn, row) if read else None for name, read in readers.items()}


async def row_parts(datasette, request, database, table):
    """{part: what its reader read} for the row this request shows, read once per request."""
    if SCOPE_KEY not in request.scope:
        db = datasette.get_database(database)
        pks, language = request.url_vars["pks"], request.scope.get("tracker_language", "en")
        row = RowAddress(database, table, pks, await db.label_column_for_table(table), await db.primary_keys(table), language)
        readers = {name: read if wanted(datasette, database, table) else None for name, (read, wanted) in READERS.items()}
        # Datasette awaits the plugins' template variables one after the other: the first one asking visits.
        request.scope[SCOPE_KEY] = await db.execute_fn(lambda conn: read_all(conn, row, readers))
    return request.scope[SCOPE_KEY]
