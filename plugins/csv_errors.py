"""A CSV of a query that fails is a 400 with the error, not an empty file that says 200.

Datasette 0.65's query view answers a failing query with status 400 and the error, but its CSV
export ignores that status and writes the (empty) columns: `/tracker.csv?sql=select nope` was a
200 with an empty body, which a download cannot tell from a query with no rows. The query view's
`data` is wrapped: for the CSV format, a failed query raises the error instead, which Datasette
answers as a 400 page.
"""

from datasette.views.base import DatasetteError
from datasette.views.database import QueryView

_query_data = QueryView.data


async def data_or_error(self, request, *args, **kwargs):
    result = await _query_data(self, request, *args, **kwargs)
    failed = isinstance(result, tuple) and len(result) == 4 and result[3] == 400
    if failed and (request.url_vars or {}).get("format") == "csv":
        raise DatasetteError(result[0]["error"] or "The query failed.", title="Invalid SQL", status=400)
    return result


if getattr(QueryView.data, "__name__", "") != "data_or_error":  # loaded once per process
    QueryView.data = data_or_error
