"""Hostile requests for the site, generated from a seed: every route, parameter and method.

Used by tests/test_request_fuzz.py (a bounded run in the suite) and bench/fuzz_requests.py (a long
run). Each case is (method, path with query string, headers, marker); the marker is markup that
must never come back unescaped in a page.
"""

import collections
import random
import time
from urllib.parse import quote

METHODS = ["GET"] * 12 + ["HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "FOO", "PROPFIND"]
FORMATS = ["", "", "", ".json", ".csv", ".jsono", ".blob", ".xml", ".db", ".geojson"]
PLUGIN_ROUTES = ["/-/timeline", "/-/datapackage.json", "/-/datapackage.zip", "/-/data/events.csv", "/-/data/nope.csv"]
DATASETTE_ROUTES = [
    "/",
    "/.json",
    "/favicon.ico",
    "/-/static/app.css",
    "/-/static/../../etc/passwd",
    "/-/static-plugins/datasette_cluster_map/datasette-cluster-map.js",
    "/static/tracker.css",
    "/static/..%2f..%2fsettings.json",
    "/_memory",
    "/_memory.json",
    "/_internal",
    "/:memory:",
    "/-/metadata",
    "/-/metadata.json",
    "/-/versions.json",
    "/-/plugins.json",
    "/-/settings.json",
    "/-/config.json",
    "/-/threads.json",
    "/-/databases.json",
    "/-/actor.json",
    "/-/auth-token",
    "/-/logout",
    "/-/permissions",
    "/-/messages",
    "/-/allow-debug",
    "/-/patterns",
    "/tracker.db",
    "/tracker",
    "/tracker.csv",
    "/nodb",
    "/tracker/-/create",
    "/tracker/-/query",
]
SPECIAL_PARAMETERS = [
    "_col", "_nocol", "_dl", "_extras", "_extra", "_facet", "_facet_array", "_facet_date", "_facet_size", "_fts_pk",
    "_fts_table", "_header", "_json", "_label", "_labels", "_nolabels", "_next", "_nocount", "_nofacet", "_nosuggest",
    "_search", "_searchmode", "_search_title_en", "_shape", "_show_hidden", "_size", "_sort", "_sort_desc", "_stream",
    "_success", "_through", "_timelimit", "_trace", "_ttl", "_where", "_bom", "_hash", "_blob_column", "_blob_hash",
    "_context", "_nl", "_json_infinity", "sql", "q", "speaker", "name", "token", "_filter_column", "_filter_op", "_filter_value",
]  # fmt: skip
FILTER_OPERATIONS = [
    "exact", "not", "contains", "endswith", "startswith", "gt", "gte", "lt", "lte", "like", "notlike", "glob", "in", "notin",
    "arraycontains", "arraynotcontains", "date", "isnull", "notnull", "isblank", "notblank", "nope", "",
]  # fmt: skip
VALUES = [
    "", "1", "0", "-1", "on", "off", "max", "all", "objects", "array", "arrays", "object", "arrayfirst", "nope",
    "9" * 30, "-9999999999999999999", "1e309", "nan", "inf", "0x10", "1.5", " 1", "1;", "[", "]", "[1,", "{", "{}", "[]",
    '["a"', '{"table": 1}', '{"table": "actors"}', '{"table": "x", "column": "y", "value": "z"}', "null", "true",
    "'", '"', "\\", "%", "%%", "%00", "\x00", "\x1b[31m", "\u202e", "\u200b", "\ud7ff", "ترامب", "~", "~2E", "~~", ",", ",,", "a,b",
    "event_id", "title_en", "rowid", "status", "no_such_column", "2025-09-02", "2025-13-45", "1,2,3", "x" * 5000,
    "select 1", "select * from events", "1=1", "1) or (1=1", "'; drop table events; --",
    "with recursive r(i) as (select 1 union all select i + 1 from r) select count(*) from r",
    "select zeroblob(200000000)", "select randomblob(50000000)", "select fts3_tokenizer('simple')",
    "select * from pragma_database_list", "select * from nope", "select", "select 1; select 2",
]  # fmt: skip
HEADER_VALUES = {
    "host": ["evil.example", "evil.example:8080", "", "localhost", "a b", "x" * 300, "[::1]", "127.0.0.1:1"],
    "x-forwarded-host": ["evil.example"],
    "x-forwarded-proto": ["https", "gopher", ""],
    "x-forwarded-for": ["1.2.3.4", "not an address"],
    "forwarded": ["host=evil.example;proto=https"],
    "accept": ["application/json", "*/*", "text/html;q=0", "x/y"],
    "accept-language": ["ar", "ar-EG,ar;q=0.9", "xx"],
    "cookie": ["ds_actor=garbage", "ds_messages=garbage", "=;=;"],
    "authorization": ["Bearer dstok_garbage", "Basic x"],
    "content-type": ["application/json", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded"],
    "range": ["bytes=0-10", "bytes=9999999999-", "garbage"],
    "if-none-match": ['"x"', "*"],
    "x-http-method-override": ["DELETE"],
}


class Targets:
    """What there is to request: tables, views, canned queries and some row IDs of the served database."""

    def __init__(self, tables, views, queries, rows, columns):
        self.tables, self.views, self.queries, self.rows, self.columns = tables, views, queries, rows, columns

    @classmethod
    async def of(cls, datasette, database="tracker"):
        db = datasette.get_database(database)
        tables = await db.table_names()
        views = await db.view_names()
        queries = list((datasette.metadata("queries", database=database) or {}).keys())
        rows, columns = {}, {}
        for table in tables:
            columns[table] = await db.table_columns(table)
            pks = await db.primary_keys(table)
            if len(pks) == 1 and not table.startswith(("search_", "_")):
                first = (await db.execute(f"select [{pks[0]}] from [{table}] limit 1")).first()
                if first:
                    rows[table] = first[0]
        for view in views:
            columns[view] = await db.table_columns(view)
        return cls(tables, views, queries, rows, columns)


def hostile_text(rng, marker):
    choice = rng.random()
    if choice < 0.15:
        return marker
    if choice < 0.2:
        return rng.choice(VALUES) + marker
    return rng.choice(VALUES)


def path_for(rng, targets, marker):
    kind = rng.random()
    table = rng.choice(targets.tables + targets.views)
    if kind < 0.3:
        return f"/tracker/{table}" + rng.choice(FORMATS)
    if kind < 0.45 and targets.rows:
        table = rng.choice(sorted(targets.rows))
        row = targets.rows[table] if rng.random() < 0.7 else hostile_text(rng, marker)
        return f"/tracker/{table}/{quote(str(row), safe='~')}" + rng.choice(FORMATS)
    if kind < 0.55 and targets.queries:
        return "/tracker/" + rng.choice(targets.queries) + rng.choice(FORMATS)
    if kind < 0.65:
        return "/tracker" + rng.choice(FORMATS)
    if kind < 0.75:
        return rng.choice(PLUGIN_ROUTES)
    if kind < 0.9:
        return rng.choice(DATASETTE_ROUTES)
    # A path of random pieces: unknown tables, encoded junk, dots and tildes.
    pieces = [
        rng.choice(["tracker", table, "-", "~", "..", "%2e%2e", "x" * rng.randint(1, 300), quote(hostile_text(rng, marker), safe="")])
    ]
    pieces += [rng.choice([table, "a~2Eb", "%00", "%ff", "~zz", quote(marker, safe="")]) for _ in range(rng.randint(0, 3))]
    return "/" + "/".join(pieces) + rng.choice(FORMATS)


def parameter_for(rng, targets, table):
    if rng.random() < 0.5:
        return rng.choice(SPECIAL_PARAMETERS)
    column = rng.choice(targets.columns.get(table) or ["event_id"]) if rng.random() < 0.9 else "nope"
    return f"{column}__{rng.choice(FILTER_OPERATIONS)}" if rng.random() < 0.7 else column


def case(rng, targets, number):
    marker = f"<fz{number}>"
    path = path_for(rng, targets, marker)
    table = path.split("/")[2].split(".")[0] if path.count("/") >= 2 else ""
    parameters = [(parameter_for(rng, targets, table), hostile_text(rng, marker)) for _ in range(rng.choice([0, 1, 1, 2, 3, 5]))]
    query = "&".join(f"{quote(name, safe='_')}={quote(value, safe='')}" for name, value in parameters)
    if rng.random() < 0.03:
        query += "&%ff%fe=%c0%80&&=&a"  # bytes that are not UTF-8, empty names
    method = rng.choice(METHODS)
    headers = {}
    for _ in range(rng.choice([0, 0, 0, 1, 2])):
        name = rng.choice(sorted(HEADER_VALUES))
        headers[name] = rng.choice(HEADER_VALUES[name])
    return method, path + ("?" + query if query else ""), headers, marker


def cases(seed, count, targets):
    rng = random.Random(seed)
    for number in range(count):
        yield case(rng, targets, number)


SECURITY_HEADERS = ["content-security-policy", "x-content-type-options", "referrer-policy", "x-frame-options"]


def problems(method, url, status, headers, body, marker):
    """What is wrong with one answer: a 5xx, a traceback, markup of the request in a page, a missing security header."""
    found = []
    if status >= 500:
        found.append(f"status {status}")
    text = body.decode("utf-8", "replace")
    if "Traceback (most recent call last)" in text or 'File "/' in text:
        found.append("traceback text")
    if marker in text and "html" in headers.get("content-type", ""):
        found.append("request markup reflected unescaped")
    missing = [name for name in SECURITY_HEADERS if name not in headers]
    if missing:
        found.append("missing " + ", ".join(missing))
    return found


async def run(datasette, seed, count, seconds, log=None):
    """Send up to count cases or for at most seconds; returns (statuses, problems by kind, cases sent)."""
    targets = await Targets.of(datasette)
    statuses, found, sent = collections.Counter(), collections.defaultdict(list), 0
    deadline = time.monotonic() + seconds
    for method, url, headers, marker in cases(seed, count, targets):
        if time.monotonic() > deadline:
            break
        sent += 1
        try:
            response = await datasette.client.request(method, url, headers=headers)
        except Exception as error:  # the application itself crashed: a server would answer 500
            statuses["crash"] += 1
            found[f"application raised {type(error).__name__}"].append((method, url, headers, b""))
            continue
        statuses[response.status_code] += 1
        for problem in problems(method, url, response.status_code, response.headers, response.content, marker):
            found[problem].append((method, url, headers, response.content[:200]))
            if log:
                log(f"{problem}: {method} {url} {headers} -> {response.content[:200]!r}")
    return statuses, found, sent
