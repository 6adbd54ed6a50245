"""docs/SEED_COVERAGE.md points readers at rows by ID: every ID it names must exist."""

import re
import sqlite3

import build_db
from tests.conftest import ROOT


def test_every_row_named_in_the_seed_coverage_exists(tmp_path):
    db = sqlite3.connect(build_db.build(tmp_path / "tracker.db", ROOT / "datapackage.json"))
    ids = set()
    for table, key in (("events", "event_id"), ("quotes", "quote_id"), ("statistics", "statistic_id"), ("actors", "actor_id")):
        ids |= {row[0] for row in db.execute(f"select {key} from {table}")}
    text = (ROOT / "docs" / "SEED_COVERAGE.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:q-|st-|\d{4}-\d{2}-\d{2}-)[a-z0-9-]+)`", text))
    assert len(named) > 40
    prefixes = {name for name in named if name.endswith("-")}
    assert sorted(name for name in named - prefixes if name not in ids) == []
    assert sorted(p for p in prefixes if not any(i.startswith(p) for i in ids)) == []
