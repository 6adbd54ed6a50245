"""/tracker/search: the readers' search page, and /tracker/search.json, the same results as data.

The query is planned by tracker/search_query.py (stems, spellings, dates) and only ever reaches
SQLite as quoted index terms, so any input is answered with results or none, never an error.
"""

import math
import sys
from pathlib import Path
from urllib.parse import urlencode

from datasette import hookimpl
from datasette.utils import tilde_encode
from datasette.utils.asgi import Response

# Datasette loads plugins by file path: the tracker package beside plugins/ is not importable by itself.
PROJECT = str(Path(__file__).resolve().parent.parent)
if PROJECT not in sys.path:
    sys.path.insert(0, PROJECT)

from tracker.search_index import KINDS  # noqa: E402
from tracker.search_query import Searcher, snippet_html, snippet_text  # noqa: E402

DATABASE = "tracker"
PAGE_SIZE, MAX_PAGE_SIZE = 20, 100
KIND_LABELS = {
    "events": ("Event", "Events"),
    "quotes": ("Quote", "Quotes"),
    "statistics": ("Statistic", "Statistics"),
    "actors": ("Actor", "Actors"),
    "locations": ("Place", "Places"),
    "sources": ("Source", "Sources"),
}
# One planner per database file: its caches hold that file's words.
_searchers = {}


def _number(value, default, lowest, highest):
    try:
        return min(max(int(value), lowest), highest)
    except (TypeError, ValueError):
        return default


def _page_url(datasette, extension, **args):
    # Defaults stay out of the URL, so that each page has one address.
    args = {k: v for k, v in args.items() if v not in (None, "") and not (k == "page" and v == 1)}
    return datasette.urls.path(f"/{DATABASE}/search{extension}") + ("?" + urlencode(args) if args else "")


async def search(datasette, request):
    extension = ".json" if request.url_vars.get("format") else ""
    q = request.args.get("q", "")
    kind = request.args.get("kind") if request.args.get("kind") in KINDS else None
    size = _number(request.args.get("size"), PAGE_SIZE, 1, MAX_PAGE_SIZE)
    page = _number(request.args.get("page"), 1, 1, 10**6)
    db = datasette.get_database(DATABASE)
    searcher = _searchers.setdefault(db.path, Searcher())
    found = await db.execute_fn(lambda conn: searcher.search(conn, q, kind, size, (page - 1) * size))
    total, pages = found["total"], max(1, math.ceil(found["total"] / size))

    def url(extension=extension, **changes):
        args = {"q": q, "kind": kind, "size": size if size != PAGE_SIZE else None, "page": page, **changes}
        return _page_url(datasette, extension, **args)

    results = [
        {
            "table_name": row["table_name"],
            "row_id": row["row_id"],
            "url": datasette.urls.row(DATABASE, row["table_name"], tilde_encode(row["row_id"])),
            "title_en": row["title_en"],
            "title_ar": row["title_ar"],
            "date": row["date"],
            "status": row["status"],
            "snippet": snippet_text(row["snippet"]),
            "snippet_html": str(snippet_html(row["snippet"])),
        }
        for row in found["rows"]
    ]
    context = {
        "q": q,
        "kind": kind,
        "total": total,
        "counts": found["counts"],
        "page": page,
        "page_size": size,
        "pages": pages,
        "first": (page - 1) * size + 1,
        "last": (page - 1) * size + len(results),
        "shortened": found["plan"].shortened,
        "next_url": url(page=page + 1) if page < pages else None,
        "previous_url": url(page=min(page - 1, pages)) if page > 1 else None,
    }
    if extension:
        if request.args.get("_shape") == "array":
            return Response.json(results)
        return Response.json({**context, "results": results})
    kinds = [
        {"kind": k, "label": KIND_LABELS[k][1], "count": n, "url": url(extension="", kind=k, page=1), "selected": k == kind}
        for k, n in found["counts"].items()
    ]
    for result in results:
        result["kind_label"] = KIND_LABELS[result["table_name"]][0]
    return Response.html(
        await datasette.render_template(
            "search.html",
            {
                **context,
                "results": results,
                "kinds": kinds,
                "all_url": url(extension="", kind=None, page=1),
                "all_count": sum(found["counts"].values()),
                "json_url": url(extension=".json"),
            },
            request=request,
        )
    )


@hookimpl
def register_routes():
    # Plugin routes come before Datasette's own, so this page replaces the canned query of the same URL.
    return [(rf"^/{DATABASE}/search(?P<format>\.json)?$", search)]
