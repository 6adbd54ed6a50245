"""bench/generate.py writes a package the build accepts, of the expected size, the same every time."""

import csv
import subprocess
import sys
from urllib.parse import urlsplit

import build_db
from tests.conftest import ROOT


def generate(outdir, events=50):
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "generate.py"), "--events", str(events), str(outdir)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return outdir


def rows(package_dir, table):
    with open(package_dir / "data" / f"{table}.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_generated_package_validates_with_expected_counts(tmp_path):
    package_dir = generate(tmp_path / "a")
    counts = build_db.validate(package_dir / "datapackage.json")
    assert build_db.load_package(package_dir / "datapackage.json") == build_db.load_package(ROOT / "datapackage.json")
    assert {name: counts[name] for name in ("events", "quotes", "statistics", "sources", "actors", "locations")} == {
        "events": 50,
        "quotes": 10,
        "statistics": 2,
        "sources": 20,
        "actors": 39,
        "locations": 32,
    }
    assert 50 <= counts["event_actors"] <= 150
    assert 2 * 50 <= counts["citations"] <= 4 * 50
    assert {urlsplit(s["url"]).hostname for s in rows(package_dir, "sources")} <= {"example.org", "example.com"}
    events = rows(package_dir, "events")
    assert any(e["title_ar"] for e in events) and any(e["event_type"] == "lethal_strike" for e in events)


def test_generator_is_deterministic(tmp_path):
    first, second = generate(tmp_path / "a"), generate(tmp_path / "b")
    files = sorted(p.relative_to(first) for p in first.rglob("*.csv"))
    assert len(files) == 9
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)
