"""Atom feeds for people who follow the data: rows added, changed and retracted in each release
(/-/feeds/changes.atom), and the newest events (/-/feeds/events.atom). Advertised with
<link rel="alternate"> on the home page and on table pages."""

import json
import sys
from pathlib import Path

from datasette import hookimpl
from datasette.plugins import pm
from datasette.utils import tilde_encode
from datasette.utils.asgi import Response

# Datasette loads plugins/ by file path: the project root, home of tracker/, must be made importable.
sys.path.append(str(Path(__file__).resolve().parent.parent))
from tracker.addresses import site_url  # noqa: E402
from tracker.discovery import atom_feed, permalink_tables  # noqa: E402

FEEDS = {"changes": "New and changed rows, release by release", "events": "Newest events"}
CHANGES_LIMIT, EVENTS_LIMIT = 200, 100
CHANGES_SQL = """
select release, released, table_name, row_key, change, group_concat(coalesce(field, ''), char(31)) as fields,
       group_concat(coalesce(old_value, '(empty)'), char(31)) as old_values, group_concat(coalesce(new_value, '(empty)'), char(31)) as new_values,
       max(reason) as reason, release_order
from row_history where table_name in ({tables}) and release is not null
group by release_order, table_name, row_key, change
order by release_order desc, change = 'added', table_name, row_key
limit {limit}
"""
EVENTS_SQL = """
select e.event_id, e.title_en, e.summary_en, e.event_type, e.date_start,
       (select min(released) from row_history h where h.table_name = 'events' and h.row_key = e.event_id) as published,
       (select max(released) from row_history h where h.table_name = 'events' and h.row_key = e.event_id) as updated
from events e where e.status = 'active'
order by e.date_start desc, e.event_id desc limit {limit}
"""


def feed_url(site, name):
    return f"{site}/-/feeds/{name}.atom"


async def info_of(datasette):
    rows = await datasette.get_database("tracker").execute("select key, value from dataset_info where key in ('built_at', 'released')")
    return {row["key"]: row["value"] for row in rows}


def summary_of(row):
    if row["change"] in ("added", "removed"):
        return f"{row['change'].capitalize()} in release {row['release']} ({row['released']})."
    fields = zip(row["fields"].split("\x1f"), row["old_values"].split("\x1f"), row["new_values"].split("\x1f"))
    text = "; ".join(f"{field}: {old} → {new}" for field, old, new in fields)
    return text.rstrip(".") + (f". Why: {row['reason']}" if row["reason"] else ".")


async def labels_of(db, keys):
    """{(table, key): the row's label (title, name…)} for the rows of a feed."""
    labels = {}
    for table in {table for table, _ in keys}:
        label_column, (pk,) = await db.label_column_for_table(table), await db.primary_keys(table)
        wanted = [key for t, key in keys if t == table]
        if label_column:
            sql = f"select [{pk}], [{label_column}] from [{table}] where [{pk}] in ({', '.join('?' for _ in wanted)})"
            labels.update({(table, row[0]): row[1] for row in await db.execute(sql, wanted)})
    return labels


async def changes_entries(datasette, site):
    db = datasette.get_database("tracker")
    package = pm.get_plugin("package.py").package_paths(datasette)[0]
    tables = permalink_tables(json.loads(package.read_text(encoding="utf-8")))
    sql = CHANGES_SQL.format(tables=", ".join("?" for _ in tables), limit=CHANGES_LIMIT)
    rows = list(await db.execute(sql, tables))
    labels = await labels_of(db, {(row["table_name"], row["row_key"]) for row in rows})
    entries = []
    for row in rows:
        link = f"{site}/tracker/{row['table_name']}/{tilde_encode(row['row_key'])}"
        label = labels.get((row["table_name"], row["row_key"]))
        entries.append(
            {
                "id": f"{link}#release-{row['release']}-{row['change']}",
                "title": f"{row['change'].capitalize()} in release {row['release']}: {label or row['row_key']} ({row['table_name']}/{row['row_key']})",
                "link": link,
                "updated": row["released"],
                "category": row["change"],
                "summary": summary_of(row),
            }
        )
    return entries


async def events_entries(datasette, site, built):
    rows = await datasette.get_database("tracker").execute(EVENTS_SQL.format(limit=EVENTS_LIMIT))
    return [
        {
            "id": f"{site}/tracker/events/{tilde_encode(row['event_id'])}",
            "title": row["title_en"],
            "link": f"{site}/tracker/events/{tilde_encode(row['event_id'])}",
            "published": row["published"],
            "updated": row["updated"] or built,
            "category": row["event_type"],
            "summary": row["summary_en"],
        }
        for row in rows
    ]


async def feed(datasette, request):
    name = request.url_vars["name"]
    site = site_url(datasette, request)
    info = await info_of(datasette)
    entries = await (changes_entries(datasette, site) if name == "changes" else events_entries(datasette, site, info.get("built_at")))
    updated = max([entry["updated"] for entry in entries if entry["updated"]] + [info.get("released") or info.get("built_at") or ""])
    body = atom_feed(f"US–Mexico Security Tracker: {FEEDS[name].lower()}", feed_url(site, name), site + "/", updated, entries)
    return Response(body, content_type="application/atom+xml; charset=utf-8")


@hookimpl
def register_routes():
    return [(r"^/-/feeds/(?P<name>changes|events)\.atom$", feed)]


@hookimpl
def extra_template_vars(view_name, request, datasette):
    if view_name not in ("index", "table") or "tracker" not in datasette.databases:
        return {}
    site = site_url(datasette, request) if request else ""
    return {"feed_links": [{"title": title, "href": feed_url(site, name)} for name, title in FEEDS.items()]}
