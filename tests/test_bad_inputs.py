"""Every broken variant of a valid package in tests/bad_inputs/ is refused with its exact one-line
errors, exit code 1, no traceback, and the previous database left byte for byte as it was.
tests/good_inputs/ holds what spreadsheets write and the build must accept."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT, copy_package

BAD = sorted(p for p in (Path(__file__).parent / "bad_inputs").iterdir() if p.is_dir())
GOOD = sorted(p for p in (Path(__file__).parent / "good_inputs").iterdir() if p.is_dir())


def variant(case_dir, target):
    """The minimal fixture package with the case's files laid over it (and delete.txt's files removed)."""
    package = copy_package(FIXTURES / "minimal", target)
    # A case that only deletes a file has no data/ folder (git keeps no empty folders).
    for path in (case_dir / "data").iterdir() if (case_dir / "data").exists() else []:
        shutil.copy(path, package / "data" / path.name)
    deleted = case_dir / "delete.txt"
    for name in deleted.read_text().split() if deleted.exists() else []:
        (package / name).unlink()
    return package


def build(package, output):
    command = [sys.executable, str(ROOT / "build_db.py"), "--package", str(package / "datapackage.json"), "--output", str(output)]
    return subprocess.run(command, capture_output=True, text=True)


def frictionless_accepts(package):
    frictionless = Path(sys.executable).with_name("frictionless")
    result = subprocess.run([str(frictionless), "validate", "datapackage.json"], capture_output=True, text=True, cwd=package)
    return result.returncode == 0


@pytest.fixture(scope="module")
def good_site(tmp_path_factory):
    """A database and inspect file from the valid package, built once and copied into each case."""
    tmp = tmp_path_factory.mktemp("good")
    result = build(copy_package(FIXTURES / "minimal", tmp / "package"), tmp / "site" / "tracker.db")
    assert result.returncode == 0, result.stderr
    return tmp / "site"


def test_there_are_enough_cases():
    assert len(BAD) >= 30


@pytest.mark.parametrize("case_dir", BAD, ids=[p.name for p in BAD])
def test_bad_input_is_refused_and_nothing_is_lost(case_dir, tmp_path, good_site):
    output = shutil.copytree(good_site, tmp_path / "site") / "tracker.db"
    before = {p.name: p.read_bytes() for p in output.parent.iterdir()}

    result = build(variant(case_dir, tmp_path / "bad"), output)

    expected = (case_dir / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == expected + [f"{len(expected)} problem(s); nothing was written."]
    assert {p.name: p.read_bytes() for p in output.parent.iterdir()} == before


@pytest.mark.parametrize("case_dir", GOOD, ids=[p.name for p in GOOD])
def test_spreadsheet_habits_are_accepted(case_dir, tmp_path):
    result = build(variant(case_dir, tmp_path / "package"), tmp_path / "tracker.db")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("case_dir", BAD + GOOD, ids=[p.name for p in BAD + GOOD])
def test_build_refuses_whatever_frictionless_refuses(case_dir, tmp_path):
    """build_db.py checks rows itself, for speed: it must stay at least as strict as the official CLI."""
    package = variant(case_dir, tmp_path / "package")
    if not frictionless_accepts(package):
        assert build(package, tmp_path / "tracker.db").returncode == 1


def test_errors_come_in_file_and_line_order(tmp_path):
    package = copy_package(FIXTURES / "minimal", tmp_path / "package")
    for name, old, new in [
        ("sources.csv", "https://example.org/ar", "javascript:x"),
        ("events.csv", ",1,11,11,0,", ",1,-1,11,0,"),
        ("events.csv", "2025-11-17,2025-11-17,day", "2025-11-17,2025-11-16,day"),
        ("actors.csv", ",person,US,President,", ",human,US,President,"),
    ]:
        path = package / "data" / name
        path.write_text(path.read_text().replace(old, new))
    lines = build(package, tmp_path / "tracker.db").stderr.splitlines()[:-1]
    assert [line.split(": ")[0] for line in lines] == [
        "data/actors.csv:2",
        "data/events.csv:2",
        "data/events.csv:3",
        "data/sources.csv:3",
    ]
    assert os.path.exists(tmp_path / "tracker.db") is False
