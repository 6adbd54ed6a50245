"""What every row page reads, kept to what it needs at 100,000 events: a row's citations are found by
its key whatever sort indexes the build adds, and the project's own visit to the database reads no
schema (the table's primary keys come from Datasette's cache). Datasette's URL strings keep their
methods without listing dir(str) on each call (plugins/url_strings.py). The timings are in bench/RESULTS.md."""

import builtins
import sqlite3

import pytest
from datasette.plugins import pm
from datasette.utils import PrefixedUrlString

TABLES = ["events", "quotes", "statistics", "sources", "citations", "actors", "locations"]


@pytest.mark.parametrize("column", ["event_id", "quote_id", "statistic_id"])
async def test_a_rows_citations_are_found_by_its_key_beside_an_index_led_by_status(real_datasette, real_site, tmp_path, column):
    """At 100,000 events the build indexes citations by (key, citation_id) and by (status, citation_id)
    for sorting; without statistics SQLite took the last made, and read every active citation."""
    copy = tmp_path / "tracker.db"
    copy.write_bytes((real_site / "tracker.db").read_bytes())
    row_evidence = pm.get_plugin("row_evidence.py")
    with sqlite3.connect(copy) as db:
        db.execute(f"DROP INDEX IF EXISTS idx_citations_{column}")
        db.execute(f"CREATE INDEX idx_sort_citations_{column} ON citations ({column}, citation_id)")
        db.execute("CREATE INDEX idx_sort_citations_status ON citations (status, citation_id)")
        plan = [row[3] for row in db.execute(f"EXPLAIN QUERY PLAN {row_evidence.CITATIONS.format(column=column)}", ["any-row"])]
    assert f"SEARCH c USING INDEX idx_sort_citations_{column} ({column}=?)" in plan, plan


@pytest.mark.parametrize("table", TABLES)
async def test_a_warm_row_pages_own_visit_to_the_database_reads_no_schema(real_datasette, monkeypatch, table):
    db = real_datasette.get_database("tracker")
    key = (await db.primary_keys(table))[0]
    row_id = (await db.execute(f"select {key} from {table} limit 1 offset 2")).first()[0]
    await real_datasette.client.get(f"/tracker/{table}/{row_id}", cookies={"warm": table})
    statements, original = [], db.execute_fn

    async def traced(fn):
        def run(conn):
            conn.set_trace_callback(statements.append)
            try:
                return fn(conn)
            finally:
                conn.set_trace_callback(None)

        return await original(run)

    monkeypatch.setattr(db, "execute_fn", traced)
    response = await real_datasette.client.get(f"/tracker/{table}/{row_id}", cookies={"fresh": table})
    assert response.status_code == 200 and len(statements) > 3
    assert not [s for s in statements if s.lstrip().upper().startswith("PRAGMA")], statements


async def test_url_strings_keep_their_types_without_listing_str_on_each_call(real_datasette, monkeypatch):
    url = real_datasette.urls.table("tracker", "events")
    listed = []
    monkeypatch.setattr(builtins, "dir", lambda *args: listed.append(args) or [])
    parts, replaced, split = url.partition("/"), url.replace("events", "quotes"), url.split("/")
    assert url.startswith("/") and isinstance(url, PrefixedUrlString) and not listed
    assert type(replaced) is PrefixedUrlString and replaced == "/tracker/quotes"
    assert [type(part) for part in split] == [PrefixedUrlString] * 3 and split == ["", "tracker", "events"]
    assert type(parts) is tuple and all(type(part) is PrefixedUrlString for part in parts)


# How the template found a row's names before row_names did (plugins/row_markup.py).
NAMES_LOOP = (
    '{% set found = namespace(en="", ar="") %}{% for row in display_rows %}{% for cell in row %}'
    '{% if cell.column in ("title_en", "name_en", "label_en", "text_en") and cell.raw and not found.en %}{% set found.en = cell.raw %}'
    '{% elif cell.column in ("title_ar", "name_ar", "label_ar", "text_ar") and cell.raw and not found.ar %}{% set found.ar = cell.raw %}'
    "{% endif %}{% endfor %}{% endfor %}{{ found.en }}|{{ found.ar }}"
)
CELLS = [
    [{"column": "event_id", "raw": "e-1"}, {"column": "title_en", "raw": "Title"}, {"column": "title_ar", "raw": "عنوان"}],
    [{"column": "name_en", "raw": ""}, {"column": "name_ar", "raw": "اسم"}, {"column": "label_en", "raw": "Label"}],
    [
        {"column": "text_en", "raw": None},
        {"column": "text_ar"},
        {"column": "title_en", "raw": "Later"},
        {"column": "title_en", "raw": "Last"},
    ],
    [{"column": "citation_id", "raw": "c-1"}, {"column": "excerpt", "raw": "…"}],
]


@pytest.mark.parametrize("cells", CELLS)
async def test_row_names_are_what_the_templates_loop_found(real_datasette, cells):
    row_markup = pm.get_plugin("row_markup.py")
    looped = await real_datasette.jinja_env.from_string(NAMES_LOOP).render_async(display_rows=[cells])
    found = row_markup.row_names([cells])
    assert looped == f"{found.en}|{found.ar}"
