"""Every query is bounded in the size of what it makes, not only in time.

Datasette stops a query at its time limit, but only between SQLite steps, and one step can be slow
or huge: `randomblob(50000000)` in a WHERE clause ran 15 s past the limit, `zeroblob(200000000)`
answered 1.2 GB. So each connection gets, whatever view runs the query (ad hoc SQL, canned queries,
table pages, facets, CSV streams):

- SQLite's own limits: no value above MAX_VALUE_BYTES (bounds the cost of any one step), no SQL
  text above MAX_SQL_BYTES, no LIKE/GLOB pattern above MAX_PATTERN_BYTES;
- a budget on the bytes a query returns (MAX_RESULT_BYTES), checked row by row as rows are read;
- an authorizer that refuses `fts3_tokenizer()` (it hands out a live pointer) and reads the
  `file` column of `pragma_database_list` as null (it is the server's path).

And a request that brings its own SQL (`sql=`, `_where=`) waits for the one slot such requests
share (AD_HOC_AT_ONCE), so however many of them arrive, the other SQL threads stay free for table
and row pages; past AD_HOC_WAITING waiting, or AD_HOC_WAIT_SECONDS of waiting, the answer is 429
with Retry-After. After each such request the slot rests as long as the request took, so that
own SQL, looping, takes at most half of one processor. (CSV streams of whole tables are not in the slot: they are downloads readers
make, each step of one is a time-limited page query, and max_csv_mb bounds the whole.)

The package allows at most 5,000 characters in a text cell (20 kB of UTF-8), and the longest value
in the database, a row of the search index, is a few kB: the bounds are far above anything a page or
a download of the data needs. The value limit is also kept small because of what one step costs:
with 1 MB values, a query making a fresh random megabyte per row (`randomblob`) slowed every other
page of the process about twice as much as the same query with 100 kB values (bench/RESULTS.md).
"""

import asyncio
import sqlite3
import threading
import time
import weakref
from urllib.parse import parse_qsl

from datasette import hookimpl

MAX_VALUE_BYTES = 200_000
MAX_SQL_BYTES = 100_000
MAX_PATTERN_BYTES = 1_000
MAX_RESULT_BYTES = 8_000_000

HEAVY_PARAMETERS = {"sql", "_where"}
AD_HOC_AT_ONCE = 1
AD_HOC_WAITING = 8
AD_HOC_WAIT_SECONDS = 10

DENIED_FUNCTIONS = {"fts3_tokenizer"}
HIDDEN_COLUMNS = {("pragma_database_list", "file")}


class ResultTooLarge(sqlite3.DatabaseError):
    """A DatabaseError, so Datasette shows it like any other SQL error (400 for ad hoc SQL)."""


def authorize(action, first, second, database, trigger):
    if action == sqlite3.SQLITE_FUNCTION and second and second.lower() in DENIED_FUNCTIONS:
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_READ and first and (first.lower(), (second or "").lower()) in HIDDEN_COLUMNS:
        return sqlite3.SQLITE_IGNORE  # the column reads as null
    return sqlite3.SQLITE_OK


def value_size(value):
    return len(value) if isinstance(value, (str, bytes)) else 8


def budgeted(row_factory):
    """A row factory that counts the bytes of each query's rows and stops the query past the budget.

    Datasette reads each query's rows to the end before it runs the next one on the same connection,
    so a new cursor means a new query."""
    state = threading.local()

    def make_row(cursor, row):
        current = getattr(state, "cursor", None)
        if current is None or current() is not cursor:
            state.cursor, state.used = weakref.ref(cursor), 0
        state.used += sum(value_size(value) for value in row)
        if state.used > MAX_RESULT_BYTES:
            raise ResultTooLarge(f"Query result too large: more than {MAX_RESULT_BYTES // 1_000_000} MB. Select fewer rows or columns.")
        return row_factory(cursor, row) if row_factory else row

    return make_row


@hookimpl
def prepare_connection(conn):
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    conn.setlimit(sqlite3.SQLITE_LIMIT_SQL_LENGTH, MAX_SQL_BYTES)
    conn.setlimit(sqlite3.SQLITE_LIMIT_LIKE_PATTERN_LENGTH, MAX_PATTERN_BYTES)
    conn.set_authorizer(authorize)
    conn.row_factory = budgeted(conn.row_factory)


def brings_its_own_work(scope):
    names = {name for name, _ in parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)}
    return bool(names & HEAVY_PARAMETERS)


async def too_busy(send):
    body = b"Too many SQL queries at once: try again in a few seconds.\n"
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"retry-after", b"5")]
    await send({"type": "http.response.start", "status": 429, "headers": headers})
    await send({"type": "http.response.body", "body": body})


# tryfirst: applied first, so innermost: the response cache and the method guard answer before a
# request waits for the slot.
@hookimpl(tryfirst=True)
def asgi_wrapper(datasette):
    def wrap(app):
        state = {"slots": None, "waiting": 0}

        async def admitted(scope, receive, send):
            if scope["type"] != "http" or not brings_its_own_work(scope):
                return await app(scope, receive, send)
            if state["slots"] is None:  # created in the server's event loop, on first use
                state["slots"] = asyncio.Semaphore(AD_HOC_AT_ONCE)
            slots = state["slots"]
            if not slots.locked():
                await slots.acquire()  # free: taken at once, without waiting
            elif state["waiting"] >= AD_HOC_WAITING:
                return await too_busy(send)
            else:
                state["waiting"] += 1
                try:
                    await asyncio.wait_for(slots.acquire(), AD_HOC_WAIT_SECONDS)
                except asyncio.TimeoutError:
                    return await too_busy(send)
                finally:
                    state["waiting"] -= 1
            started = time.monotonic()
            try:
                await app(scope, receive, send)
            finally:
                # The answer has gone; the slot rests as long as the request took before the next
                # one may run, so own SQL can use at most half of one processor however it loops.
                asyncio.get_running_loop().call_later(time.monotonic() - started, slots.release)

        return admitted

    return wrap
