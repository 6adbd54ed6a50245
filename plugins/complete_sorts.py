"""Sorted lists page through every row exactly once.

Datasette 0.65 (and the 1.0 alphas) orders the first page of a sorted table by the sort column
alone, `order by killed_low limit 51`, while every later page orders by the sort column and then
the primary key and continues after the last row seen. Where the sort column has ties, the first
page's arbitrary order among them differs from the later pages' order, so rows at the boundary are
lost or shown twice. Sorted views page by offset with no tie-breaker at all.

This plugin gives each of those queries the tie-breaker the later pages use: the primary key for
tables, the first column for views (every view of the tracker puts its row's identifier first).
It rewrites only the exact shape of SQL that Datasette's table page builds, so any other query,
and any query that already breaks ties, goes through unchanged.
"""

import re

from datasette import hookimpl
from datasette.utils import escape_sqlite

# Datasette's table page: "select COLUMNS from TABLE [where …]order by COLUMN[ desc] limit N[ offset M]".
# A sort column is one escaped name, so a comma after `order by` means ties are already broken.
SORTED_PAGE = re.compile(
    r"^(?P<head>select .+? from (?P<table>\w+|\[[^\]]+\]|\"(?:[^\"]|\"\")+\") .*?order by (?:\w+|\[[^\]]+\]|\"(?:[^\"]|\"\")+\")(?: desc)?)"
    r"(?P<tail> limit \d+(?: offset \d+)?)$",
    re.S,
)


def unescape(name):
    if name.startswith("[") and name.endswith("]"):
        return name[1:-1]
    if name.startswith('"') and name.endswith('"'):
        return name[1:-1].replace('""', '"')
    return name


def with_tie_breaker(sql, tie_breakers):
    """sql with the table's tie-breaker appended to its `order by`, when it is a sorted table page."""
    match = SORTED_PAGE.match(sql)
    if not match:
        return sql
    keys = tie_breakers.get(unescape(match["table"]))
    if not keys:
        return sql
    return match["head"] + ", " + ", ".join(escape_sqlite(key) for key in keys) + match["tail"]


async def tie_breakers_of(db):
    keys = {}
    for table in await db.table_names():
        keys[table] = await db.primary_keys(table) or ["rowid"]
    for view in await db.view_names():
        columns = (await db.execute(f"select * from {escape_sqlite(view)} limit 0")).columns
        keys[view] = columns[:1]
    return keys


@hookimpl
def startup(datasette):
    async def inner():
        for db in datasette.databases.values():
            if db.is_memory:
                continue
            keys = await tie_breakers_of(db)
            execute = db.execute

            async def execute_with_tie_breaker(sql, *args, _execute=execute, _keys=keys, **kwargs):
                return await _execute(with_tie_breaker(sql, _keys), *args, **kwargs)

            db.execute = execute_with_tie_breaker

    return inner
