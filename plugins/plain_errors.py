"""Error pages: plain, short, and 4xx for anything a request got wrong.

Datasette prints every exception with rich when rich can be imported, and frictionless brings rich
in. rich refuses to print outside an `except` block, which is where Datasette calls it for some
errors, so those turned into 500s: rich is switched off here.

Datasette 0.65 also lets the exceptions of its own parameter parsing escape as 500s: malformed JSON
in `__in` filters or `_through`, non-integer `_timelimit` or `_next` on views, `_through` without a
column, non-boolean flags, `_sort` on an unknown column of a view or with _sort_desc, CSV or a _shape of a database page, a runaway query as CSV. Every
exception passes through the handle_exception hook, so they are all answered here, by class, with a
400 and a short message (Datasette's own where it has one, which may name the column asked for;
pages escape it). What remains is a real fault of the
site: a 500 whose page says only that, with the traceback in the server's log.
"""

import json
import sqlite3
import traceback

from datasette import handle_exception as default_handling
from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.utils import ValueAsBooleanError
from datasette.utils.asgi import Base400
from datasette.views.base import DatasetteError

default_handling.rich = None

BAD_REQUEST = "Bad request"


def message_for(exception):
    """(status, message) for an exception a request caused; None for a fault of the site."""
    if isinstance(exception, QueryInterrupted):  # CSV of a runaway query: Datasette's other views say so themselves
        return 400, "SQL query took too long and was stopped."
    if isinstance(exception, json.JSONDecodeError):
        return 400, "A parameter holds malformed JSON (for example __in=[...] or _through={...})."
    if isinstance(exception, ValueAsBooleanError):
        return 400, "A parameter expects on or off (also true/false, 1/0)."
    if isinstance(exception, ValueError) and "invalid literal for int()" in str(exception):
        return 400, "A parameter expects a whole number (for example _timelimit, _size or _next)."
    if isinstance(exception, OverflowError):
        return 400, "A number in a parameter is out of range (SQLite integers have 64 bits)."
    if isinstance(exception, KeyError) and exception.args in {("columns",), ("rows",)}:
        # CSV, or JSON with _shape, of a database page: a list of tables has no rows to shape.
        return 400, "There are no rows to export here (as CSV or with _shape): open a table or add ?sql= with a query."
    if isinstance(exception, (KeyError, TypeError, ValueError)) and _raised_in(exception, ("filters.py", "views/table.py")):
        return 400, "A filter or _through parameter is incomplete or malformed."
    if isinstance(exception, DatasetteError) and not exception.message_is_html:
        # Datasette raises these, with the default status 500, only for requests it cannot answer:
        # _sort on an unknown column, _sort with _sort_desc, unknown _col, a failing filter.
        return 400, str(exception.message).split("\n")[0][:300]
    if isinstance(exception, sqlite3.DatabaseError):
        return 400, "The database refused this request: " + str(exception).split("\n")[0][:200]
    return None


def _raised_in(exception, files):
    frames = traceback.extract_tb(exception.__traceback__)
    return bool(frames) and any(frame.filename.endswith(files) for frame in frames[-3:])


@hookimpl
def handle_exception(datasette, request, exception):
    if isinstance(exception, Base400) or (isinstance(exception, DatasetteError) and exception.status < 500):
        return None  # Datasette's own 4xx, answered by its default handler
    known = message_for(exception)
    if known is None:
        traceback.print_exception(exception)
        known = 500, "Internal error: the site failed to answer this request. It has been logged."
    status, message = known
    replacement = DatasetteError(message, title=BAD_REQUEST if status < 500 else "Error", status=status)
    return default_handling.handle_exception(datasette=datasette, request=request, exception=replacement)
