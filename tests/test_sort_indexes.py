"""The build's indexes for sorted table pages (tracker/sort_indexes.py): with them, the first page of an
offered sort walks an index instead of sorting the table; they are made only for big tables, where
they are needed, so the tracker's own build pays nothing for them."""

import shutil
import sqlite3

import sqlite_utils
import yaml

import build_db
from tests.conftest import ROOT
from tracker import sort_indexes

METADATA = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))


def first_page_sql(db, table, column, way):
    """The SQL of a sorted table's first page as plugins/complete_sorts.py sends it (sort column, then primary key)."""
    keys = ["rowid"] if db[table].use_rowid else db[table].pks
    order = [f"[{column}]{way}"] + [f"[{key}]" for key in keys if key != column]
    return f"select * from [{table}] order by {', '.join(order)} limit 51"


def copy_of(real_site, tmp_path):
    shutil.copy(real_site / "tracker.db", tmp_path / "tracker.db")
    return sqlite_utils.Database(sqlite3.connect(tmp_path / "tracker.db"))


def test_every_offered_sort_of_a_big_table_walks_an_index(real_site, tmp_path, monkeypatch):
    # Every table counts as big, and every run of equal values as long: every offered sort gets what it needs.
    monkeypatch.setattr(sort_indexes, "MIN_ROWS", 0)
    monkeypatch.setattr(sort_indexes, "LONGEST_RUN", 0)
    db = copy_of(real_site, tmp_path)
    made = sort_indexes.create_sort_indexes(db, METADATA)
    assert {"idx_sort_events_killed_low", "idx_sort_events_killed_low_desc", "idx_sort_citations_status"} <= set(made)
    checked = 0
    for table, columns in sort_indexes.sortable_columns(METADATA):
        if table not in db.table_names():
            continue
        for column in columns:
            for way in ("", " desc"):
                plan = " ".join(row[3] for row in db.execute("explain query plan " + first_page_sql(db, table, column, way)))
                assert "USE TEMP B-TREE FOR ORDER BY" not in plan, (table, column, way, plan)
                if not db[table].use_rowid:  # not even a sort of a run of equal values: every run counts as long here
                    assert "TEMP B-TREE" not in plan, (table, column, way, plan)
                checked += 1
    assert checked > 100


def test_without_the_indexes_the_same_sorts_sort_the_table(real_site, tmp_path):
    db = copy_of(real_site, tmp_path)
    plan = " ".join(row[3] for row in db.execute("explain query plan " + first_page_sql(db, "events", "killed_low", " desc")))
    assert "USE TEMP B-TREE FOR ORDER BY" in plan


def test_small_tables_and_short_runs_get_no_index(real_site, tmp_path, monkeypatch):
    db = copy_of(real_site, tmp_path)
    assert sort_indexes.create_sort_indexes(db, METADATA) == []  # the tracker's data: hundreds of rows
    monkeypatch.setattr(sort_indexes, "MIN_ROWS", 0)
    made = sort_indexes.create_sort_indexes(db, METADATA)
    # date_start has an index of its own and few events share a date: no second index for it.
    assert "idx_sort_events_date_start" not in made and "idx_sort_events_killed_low" in made


def test_no_index_of_one_column_repeats_the_lead_of_a_sort_index(tmp_path, monkeypatch):
    # Every table counts as big: the sort indexes lead with foreign-key and facet columns, which then get no index of their own.
    monkeypatch.setattr(sort_indexes, "MIN_ROWS", 0)
    db = sqlite_utils.Database(sqlite3.connect(build_db.build(tmp_path / "out" / "tracker.db", ROOT / "datapackage.json")))
    package_tables = {resource["name"] for resource in build_db.load_package(ROOT / "datapackage.json")["resources"]}
    left_out = 0
    for table in db.tables:
        keys = set(table.pks)
        for index in table.indexes:
            others = [other for other in table.indexes if other.name != index.name]
            repeated = [other.name for other in others if other.columns[0] == index.columns[0] and set(other.columns[1:]) <= keys]
            assert len(index.columns) > 1 or not repeated, (table.name, index.name, repeated)
        for fk in table.foreign_keys if table.name in package_tables else []:
            plan = " ".join(row[3] for row in db.execute(f"explain query plan select * from [{table.name}] where [{fk.column}] = 'x'"))
            assert "USING INDEX" in plan or "USING COVERING INDEX" in plan, (table.name, fk.column, plan)
            left_out += not any(index.columns == [fk.column] for index in table.indexes)
    assert left_out >= 4  # citations' event, quote and statistic; events' place


def test_a_stored_views_rows_are_indexed_for_its_default_sort_and_facets_only(tmp_path, monkeypatch):
    # Their other sorts read the narrow stored rows whole, well within a page's time (bench/RESULTS.md).
    monkeypatch.setattr(sort_indexes, "MIN_ROWS", 0)
    db = sqlite_utils.Database(sqlite3.connect(build_db.build(tmp_path / "out" / "tracker.db", ROOT / "datapackage.json")))
    timeline = METADATA["databases"]["tracker"]["tables"]["timeline"]
    led_by = {index.columns[0] for index in db["timeline_rows"].indexes if not index.name.startswith("sqlite_autoindex")}
    assert led_by == {timeline["sort"], *timeline["facets"]}
    assert len(timeline["sortable_columns"]) > len(led_by) + 3
    assert not [index.name for index in db["events_map_rows"].indexes if not index.name.startswith("sqlite_autoindex")]
