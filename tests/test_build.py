import json
import os
import sqlite3
import subprocess
import sys

import pytest
import sqlite_utils
from datasette.app import Datasette

import build_db
from tests.conftest import ROOT


def rows(db_path, sql):
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    return [dict(row) for row in conn.execute(sql)]


def test_fixture_builds_exact_rows(minimal_db):
    assert rows(minimal_db, "select * from events order by event_id") == [
        {
            "event_id": "2025-09-02-fixture-strike",
            "date_start": "2025-09-02",
            "date_end": "2025-09-02",
            "date_precision": "day",
            "event_type": "lethal_strike",
            "title_en": "Fixture strike",
            "title_ar": "ضربة تجريبية",
            "summary_en": "A strike.",
            "summary_ar": "ضربة.",
            "location_id": "caribbean-sea",
            "vessels": 1,
            "killed_low": 11,
            "killed_high": 11,
            "survivors": 0,
            "survivor_outcome": None,
            "announced_by": None,
            "announcement_channel": None,
            "footage_released": None,
            "organisation_named": None,
            "certainty": "confirmed",
            "notes": None,
            "status": "active",
            "status_note": None,
        },
        {
            "event_id": "2025-11-17-fixture-statement",
            "date_start": "2025-11-17",
            "date_end": "2025-11-17",
            "date_precision": "day",
            "event_type": "statement",
            "title_en": "Fixture statement",
            "title_ar": "تصريح تجريبي",
            "summary_en": 'A statement, with "quotes" and a comma.',
            "summary_ar": "تصريح للاختبار.",
            "location_id": "white-house",
            "vessels": None,
            "killed_low": None,
            "killed_high": None,
            "survivors": None,
            "survivor_outcome": None,
            "announced_by": None,
            "announcement_channel": None,
            "footage_released": None,
            "organisation_named": None,
            "certainty": "confirmed",
            "notes": None,
            "status": "active",
            "status_note": None,
        },
    ]
    assert rows(minimal_db, "select latitude, longitude, geo_precision from locations where location_id = 'caribbean-sea'") == [
        {"latitude": 15.0, "longitude": -75.0, "geo_precision": 5}
    ]


def test_schema_is_derived_from_the_package(minimal_db):
    package = json.loads((ROOT / "datapackage.json").read_text())
    db = sqlite_utils.Database(minimal_db)
    for resource in package["resources"]:
        table = db[resource["name"]]
        fields = resource["schema"]["fields"]
        assert [c.name for c in table.columns] == [f["name"] for f in fields]
        info = {row[1]: row for row in db.execute(f"pragma table_info([{resource['name']}])")}
        for field in fields:
            required = field.get("constraints", {}).get("required", False)
            assert bool(info[field["name"]][3]) == required, (resource["name"], field["name"])
        pk = resource["schema"]["primaryKey"]
        assert table.pks == ([pk] if isinstance(pk, str) else pk)
        declared = {
            (fk["fields"], fk["reference"]["resource"] or resource["name"], fk["reference"]["fields"])
            for fk in resource["schema"].get("foreignKeys", [])
        }
        assert {(fk.column, fk.other_table, fk.other_column) for fk in table.foreign_keys} == declared
        leading = {index.columns[0] for index in table.indexes}  # an index that leads with a column serves its lookups
        for column, _, _ in declared:
            assert column in leading, f"{resource['name']}.{column} has no index"


def test_foreign_keys_hold_in_sqlite(minimal_db):
    assert sqlite3.connect(minimal_db).execute("pragma foreign_key_check").fetchall() == []


def test_views(minimal_db):
    assert rows(minimal_db, "select event_id, latitude, longitude, geo_precision from events_map order by event_id") == [
        {"event_id": "2025-09-02-fixture-strike", "latitude": 15.0, "longitude": -75.0, "geo_precision": 5},
        {"event_id": "2025-11-17-fixture-statement", "latitude": 38.8977, "longitude": -77.0365, "geo_precision": 1},
    ]
    assert rows(minimal_db, "select quote_id, speaker_en from quotes_with_speakers") == [
        {"quote_id": "q-2025-11-17-trump-fixture", "speaker_en": "Donald Trump"}
    ]
    assert rows(minimal_db, "select claim_id, claimed_value, figure_id, figure_value, claim_to_figure_ratio from claims_vs_figures") == [
        {
            "claim_id": "st-overdose-deaths-claim",
            "claimed_value": 100000.0,
            "figure_id": "st-overdose-deaths-2024-cdc",
            "figure_value": 80000.0,
            "claim_to_figure_ratio": 1.25,
        }
    ]
    assert rows(minimal_db, "select event_id, month, citation_count from timeline") == [
        {"event_id": "2025-09-02-fixture-strike", "month": "2025-09", "citation_count": 1},
        {"event_id": "2025-11-17-fixture-statement", "month": "2025-11", "citation_count": 1},
    ]
    assert rows(minimal_db, "select strikes_to_date, killed_low_to_date from strike_campaign_running_totals") == [
        {"strikes_to_date": 1, "killed_low_to_date": 11}
    ]


def test_dataset_info(minimal_db, minimal_package):
    info = {r["key"]: r["value"] for r in rows(minimal_db, "select * from dataset_info")}
    assert info["version"] == "0.0.0+dev." + info["fingerprint"][:12]  # no release beside the fixture package
    assert info["rows:events"] == "2"
    assert info["rows:citations"] == "5"
    import hashlib

    assert info["sha256:data/events.csv"] == hashlib.sha256((minimal_package / "data/events.csv").read_bytes()).hexdigest()


def dump(db_path):
    conn = sqlite3.connect(db_path)
    return list(conn.iterdump())


def test_two_builds_are_identical(tmp_path, minimal_package, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1763337600")
    first = build_db.build(tmp_path / "a" / "tracker.db", minimal_package / "datapackage.json")
    second = build_db.build(tmp_path / "b" / "tracker.db", minimal_package / "datapackage.json")
    assert dump(first) == dump(second)
    assert ("built_at", "2025-11-17T00:00:00+00:00") in sqlite3.connect(first).execute("select * from dataset_info").fetchall()


def test_inspect_file_written(minimal_db):
    inspect = json.loads((minimal_db.parent / "inspect-data.json").read_text())
    assert inspect["tracker"]["file"] == "tracker.db"
    assert inspect["tracker"]["tables"]["events"]["count"] == 2


async def test_inspect_file_is_what_datasette_inspect_writes(minimal_db):
    datasette = Datasette([], immutables=[str(minimal_db)])
    database = datasette.databases["tracker"]
    counts = await database.table_counts(limit=3600 * 1000)
    expected = {
        "tracker": {
            "hash": database.hash,
            "size": database.size,
            "file": "tracker.db",
            "tables": {t: {"count": n} for t, n in counts.items()},
        }
    }
    assert json.loads((minimal_db.parent / "inspect-data.json").read_text()) == expected
    assert len(expected["tracker"]["tables"]) > 20  # every table, the full-text index's own among them
    assert not list(minimal_db.parent.glob(".*"))


def test_bom_and_crlf_are_accepted(tmp_path, minimal_package):
    events = minimal_package / "data" / "events.csv"
    events.write_bytes(b"\xef\xbb\xbf" + events.read_bytes().replace(b"\n", b"\r\n"))
    db = build_db.build(tmp_path / "out.db", minimal_package / "datapackage.json")
    assert rows(db, "select count(*) as n from events") == [{"n": 2}]


def test_failed_build_leaves_previous_database(tmp_path, minimal_package):
    db = build_db.build(tmp_path / "out" / "tracker.db", minimal_package / "datapackage.json")
    before = db.read_bytes(), (db.parent / "inspect-data.json").read_bytes()
    events = minimal_package / "data" / "events.csv"
    events.write_text(events.read_text().replace("2025-11-17,2025-11-17,day", "2025-11-17,2025-11-16,day"))
    with pytest.raises(build_db.DataErrors):
        build_db.build(db, minimal_package / "datapackage.json")
    assert (db.read_bytes(), (db.parent / "inspect-data.json").read_bytes()) == before
    assert sorted(p.name for p in db.parent.iterdir()) == ["inspect-data.json", "tracker.db"]


def run_cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, str(ROOT / "build_db.py"), *args], capture_output=True, text=True, cwd=cwd)


def test_cli_reports_every_problem_and_exits_1(tmp_path, minimal_package):
    events = minimal_package / "data" / "events.csv"
    text = events.read_text()
    text = text.replace("2025-11-17,2025-11-17,day,statement", "2025-11-17,2025-11-16,day,speech")
    events.write_text(text)
    result = run_cli("--package", str(minimal_package / "datapackage.json"), "--output", str(tmp_path / "x.db"))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "data/events.csv:2: event_type: is not one of the allowed values (speech) — use one of: "
        + ", ".join(json.loads((ROOT / "datapackage.json").read_text())["resources"][3]["schema"]["fields"][4]["constraints"]["enum"]),
        "data/events.csv:2: date_end: is before date_start 2025-11-17 (2025-11-16) — set date_end on or after date_start",
        "2 problem(s); nothing was written.",
    ]
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "x.db").exists()


def test_cli_help():
    result = run_cli("--help")
    assert result.returncode == 0
    assert "--package" in result.stdout and "--output" in result.stdout


def test_real_data_builds(tmp_path):
    result = run_cli("--output", str(tmp_path / "tracker.db"), "--quiet")
    assert result.returncode == 0, result.stderr
    package = json.loads((ROOT / "datapackage.json").read_text())
    db = sqlite_utils.Database(tmp_path / "tracker.db")
    for resource in package["resources"]:
        with open(ROOT / resource["path"], encoding="utf-8-sig", newline="") as f:
            import csv

            expected = sum(1 for _ in csv.reader(f)) - 1
        assert db[resource["name"]].count == expected


def test_official_frictionless_cli_validates_the_package():
    frictionless = os.path.join(os.path.dirname(sys.executable), "frictionless")
    result = subprocess.run([frictionless, "validate", "datapackage.json"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_progress_is_shown_on_a_terminal_only(tmp_path, minimal_package):
    import pty

    args = [sys.executable, str(ROOT / "build_db.py"), "--package", str(minimal_package / "datapackage.json")]
    output = bytearray()

    def read(fd):
        data = os.read(fd, 1024)
        output.extend(data)
        return data

    pid_status = pty.spawn(args + ["--output", str(tmp_path / "tty.db")], read)
    assert os.waitstatus_to_exitcode(pid_status) == 0
    assert b"data/citations.csv: 5 rows" in output and b"adding the views' rows and the search index" in output
    piped = run_cli("--package", str(minimal_package / "datapackage.json"), "--output", str(tmp_path / "pipe.db"))
    assert piped.returncode == 0 and piped.stderr == ""
