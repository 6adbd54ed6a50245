"""The history of a row on its page: the release that added it, each later change (fields, old and
new, and the reason from the row's note), its retraction. Read from the row_history table, which the
build makes from the release files (tracker/releases.py)."""

import json
import sqlite3
import sys
from functools import lru_cache
from pathlib import Path

from datasette import hookimpl
from datasette.plugins import pm
from datasette.utils import tilde_encode, urlsafe_components

# Datasette loads plugins/ by file path: under `datasette serve` the project root, home of tracker/, is not importable.
sys.path.append(str(Path(__file__).resolve().parent.parent))
from tracker.row_visit import reader, row_parts  # noqa: E402

HISTORY_SQL = """select release, released, change, field, old_value, new_value, reason from row_history
where table_name = :table and row_key = :key order by release_order, field"""
LAST_RELEASE_SQL = "select version, released from releases order by release_order desc limit 1"


def grouped(rows):
    """One entry per release and kind of change, with its fields."""
    entries = []
    for row in rows:
        head = {"release": row["release"], "released": row["released"], "change": row["change"]}
        if not entries or {k: entries[-1][k] for k in head} != head:
            # A version's dots must be tilde-encoded in a row URL, or Datasette reads them as a format.
            entries.append({**head, "release_path": tilde_encode(row["release"] or ""), "fields": [], "reason": row["reason"]})
        if row["field"]:
            entries[-1]["fields"].append({"field": row["field"], "old": row["old_value"], "new": row["new_value"]})
    return entries


def has_history(datasette, database, table):
    return database == "tracker" and table in package_tables(datasette)


@reader("history", wanted=has_history)
def row_history(conn, row):
    """The row's history, read in the row page's one visit to the database."""
    cursor = conn.cursor()
    cursor.row_factory = sqlite3.Row
    entries = grouped(cursor.execute(HISTORY_SQL, {"table": row.table, "key": ",".join(urlsafe_components(row.pks))}).fetchall())
    last = cursor.execute(LAST_RELEASE_SQL).fetchone()
    return {"entries": entries, "last_release": dict(last) if last else None}


@lru_cache(maxsize=4)
def resource_names(path):
    return frozenset(resource["name"] for resource in json.loads(Path(path).read_text(encoding="utf-8"))["resources"])


def package_tables(datasette):
    """The tables that releases record; derived ones (releases, row_history, search_index…) have no history."""
    return resource_names(str(pm.get_plugin("package.py").package_file(datasette)))


@hookimpl
def extra_template_vars(view_name, database, table, request, datasette):
    if view_name != "row" or not request or not has_history(datasette, database, table):
        return {}

    async def inner():
        return {"history": (await row_parts(datasette, request, database, table))["history"]}

    return inner
