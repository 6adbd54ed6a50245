"""The search index is worked out from the CSV files (tracker/search_index.py), not from the database:
its rows must be what the database's own tables say, row for row."""

import csv
import json
import sqlite3

import pytest

import build_db
from tests.conftest import ROOT
from tests.test_generator import generate
from tracker import csv_work, search_index

# What each kind's search rows are, said in SQL over the built database: the definition the rows
# read from the CSV files must meet (excerpts in the order of citations.csv, an event's actors in key order).
EXCERPTS = "(select group_concat(excerpt, char(10)) from (select excerpt from citations c where c.{column} = t.{id} order by c.rowid))"
ACTOR = "(select 'xactor' || a.rowid from actors a where a.actor_id = t.{column})"


def said_by(key, title, date, actor):
    """A quote's or a statistic's: its titles, one date, its citations' excerpts and the actor who said it."""
    return (key, f"{title}_en", f"{title}_ar", date, date, EXCERPTS.format(column=key, id=key), ACTOR.format(column=actor))


SQL = {
    "actors": ("actor_id", "name_en", "name_ar", "NULL", "NULL", "NULL", "NULL"),
    "locations": ("location_id", "name_en", "name_ar", "NULL", "NULL", "NULL", "NULL"),
    "events": (
        "event_id",
        "title_en",
        "title_ar",
        "date_start",
        "date_end",
        EXCERPTS.format(column="event_id", id="event_id"),
        "coalesce((select group_concat('xactor' || a.rowid, ' ') from (select actor_id from event_actors ea"
        " where ea.event_id = t.event_id order by actor_id, role) join actors a using (actor_id)), '') || ' ' ||"
        " coalesce((select name_en || ' ' || coalesce(name_ar, '') from locations l where l.location_id = t.location_id), '')",
    ),
    "quotes": said_by("quote_id", "text", "said_date", "speaker_id"),
    "statistics": said_by("statistic_id", "label", "as_of_date", "stated_by"),
    "sources": (
        "source_id",
        "coalesce(outlet || ': ' || title, outlet)",
        "coalesce(outlet || ': ' || title, outlet)",
        "published_date",
        "published_date",
        "NULL",
        "NULL",
    ),
}


def rows_in_sql(conn, table):
    row_id, title_en, title_ar, start, end, excerpts, linked = SQL[table]
    columns = [c for (_, c, *_) in conn.execute(f"pragma table_info([{table}])")]
    texts = [c for c in columns if search_index.SEARCHED_COLUMN.search(c)]
    status = "status" if "status" in columns else "'active'"
    order = f"{start} desc, rowid desc" if start != "NULL" else row_id
    sql = (
        f"select {', '.join([row_id, title_en, title_ar, start, end, status, excerpts, linked, *texts])} from [{table}] t order by {order}"
    )
    first, _ = search_index.kind_range(table)
    return [(first + n, table, *row) for n, row in enumerate(conn.execute(sql))]


def assert_rows_match_the_database(package_dir, tmp_path):
    package_path = package_dir / "datapackage.json"
    db_path = build_db.build(tmp_path / "out" / "tracker.db", package_path, ROOT / "metadata.yml")
    package = search_index.Package(build_db.load_package(package_path), package_dir)
    links = search_index._links(package)
    with sqlite3.connect(db_path) as conn:
        for table, spec in search_index.KINDS.items():
            expected = rows_in_sql(conn, table)
            assert expected, table
            assert search_index._raw_rows(package, table, spec, links) == expected, table


def test_search_rows_of_the_real_data_are_the_database_rows(tmp_path):
    assert_rows_match_the_database(ROOT, tmp_path)


@pytest.mark.parametrize("events", [None, 400])
def test_a_results_text_read_from_the_tables_is_the_text_its_row_was_indexed_with(tmp_path, events):
    """Snippets are cut from texts() (the page's few results, from the tables): the row's texts and excerpts
    that the index was built from the CSV files with."""
    package_dir = ROOT if events is None else generate(tmp_path / "package", events=events)
    db_path = build_db.build(tmp_path / "out" / "tracker.db", package_dir / "datapackage.json", ROOT / "metadata.yml")
    package = search_index.Package(build_db.load_package(package_dir / "datapackage.json"), package_dir)
    links = search_index._links(package)
    with sqlite3.connect(db_path) as conn:
        for table, spec in search_index.KINDS.items():
            indexed = {raw[2]: raw for raw in search_index._raw_rows(package, table, spec, links)}
            read = search_index.texts(conn, table, list(indexed))
            expected = {row_id: "\n".join(search_index.own_texts(raw[10:], raw[8])) for row_id, raw in indexed.items()}
            assert read == expected and any("\n" in text for text in read.values()), table


def test_search_rows_of_a_generated_package_are_the_database_rows(tmp_path):
    # Generated rows share dates (ties broken by row order), actors with several roles in one event, empty cells.
    assert_rows_match_the_database(generate(tmp_path / "package", events=400), tmp_path)


def test_search_index_copied_in_is_a_sound_full_text_index(minimal_db):
    with sqlite3.connect(minimal_db) as conn:
        conn.execute("insert into search_fts (search_fts) values ('integrity-check')")  # raises on a damaged index
        assert ("hashsize", search_index.FTS_HASH_BYTES) in conn.execute("select k, v from search_fts_config").fetchall()
        count = conn.execute("select count(*) from search_index").fetchone()[0]
        assert count == sum(conn.execute(f"select count(*) from [{table}]").fetchone()[0] for table in search_index.KINDS)
        assert conn.execute("select count(*) from search_fts where search_fts match 'strike'").fetchone()[0] > 0
        assert "search.db" not in {p.name for p in minimal_db.parent.iterdir()}


@pytest.mark.parametrize("separate", [False, True])
def test_package_without_a_column_only_the_search_reads_is_one_problem(tmp_path, minimal_package, monkeypatch, separate):
    # Only the search index reads a place's Arabic name: the package is refused as for any column the build's SQL needs.
    path = minimal_package / "datapackage.json"
    package = json.loads(path.read_text())
    locations = next(r for r in package["resources"] if r["name"] == "locations")
    locations["schema"]["fields"] = [f for f in locations["schema"]["fields"] if f["name"] != "name_ar"]
    path.write_text(json.dumps(package))
    with open(minimal_package / "data" / "locations.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    with open(minimal_package / "data" / "locations.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, [f["name"] for f in locations["schema"]["fields"]], extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    monkeypatch.setattr(csv_work, "SEPARATE_FROM", 0 if separate else csv_work.SEPARATE_FROM)
    with pytest.raises(build_db.DataErrors) as raised:
        build_db.build(tmp_path / "out" / "tracker.db", path, ROOT / "metadata.yml")
    assert str(raised.value) == f"{path}" + (
        ":1: -: does not fit the database the build writes (no such column: locations.name_ar) — keep the tables and"
        " columns that the views and search index of build_db.py use, under names of their own"
    )
