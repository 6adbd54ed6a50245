"""/-/date?date=YYYY-MM-DD: what happened on a date. Sends the reader to the events whose date range
(date_start to date_end) contains that day; the date box on the events and timeline pages uses it."""

import re
from datetime import date
from urllib.parse import urlencode

from datasette import hookimpl
from datasette.utils.asgi import Response

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def is_date(text):
    if not ISO_DATE.match(text or ""):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


async def on_date(datasette, request):
    day = request.args.get("date", "").strip()
    if not is_date(day):
        return Response.html("<p>Give a date as YYYY-MM-DD, for example 2025-09-02.</p>", status=400)
    query = urlencode({"date_start__lte": day, "date_end__gte": day, "status": "active", "_sort": "date_start"})
    return Response.redirect(datasette.urls.table("tracker", "events") + "?" + query)


@hookimpl
def register_routes():
    return [(r"^/-/date$", on_date)]
