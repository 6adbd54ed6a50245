"""The build refuses, in one line per problem and without a traceback, everything a careless curator
or a stranger could hand it: outputs that would overwrite inputs, resource paths outside the package,
datapackage.json and metadata.yml of any shape; it caps what it reports; it never leaves a partial
database where Datasette would serve it, and two builds never mix their database and inspect file.
(Cell-level classes are cases in tests/bad_inputs/.)"""

import copy
import csv
import fcntl
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from datasette.app import Datasette

import build_db
from tests.conftest import FIXTURES, ROOT, copy_package

BUILD = [sys.executable, str(ROOT / "build_db.py")]


@pytest.fixture(scope="module")
def good_site(tmp_path_factory):
    """The minimal package and a site built from it, copied by each test that needs them."""
    tmp = tmp_path_factory.mktemp("hardening")
    package = copy_package(FIXTURES / "minimal", tmp / "package")
    build_db.build(tmp / "site" / "tracker.db", package / "datapackage.json")
    return package, tmp / "site"


@pytest.fixture
def package_and_site(tmp_path, good_site):
    package, site = good_site
    return shutil.copytree(package, tmp_path / "package"), shutil.copytree(site, tmp_path / "site")


def snapshot(*directories):
    return {p: p.read_bytes() for d in directories for p in sorted(Path(d).rglob("*")) if p.is_file()}


def run_main(capsys, *args):
    code = build_db.main(["--quiet", *map(str, args)])
    return code, capsys.readouterr().err.splitlines()


def assert_one_clean_refusal(code, lines):
    assert code == 1, lines
    assert len(lines) == 2, lines
    assert lines[-1] == "1 problem(s); nothing was written."
    assert "internal error" not in lines[0] and "Traceback" not in lines[0]


# ---------------------------------------------------------------- outputs


@pytest.mark.parametrize(
    "output, what",
    [
        ("data/events.csv", "is an input of the build"),
        ("data/new.db", "is inside data/"),
        ("datapackage.json", "is an input of the build"),
        ("metadata.yml", "is an input of the build"),
        ("data", "is inside data/"),
        ("site", "is a directory"),
        ("site/inspect-data.json", "is the name of the inspect file"),
        ("notes.txt", "exists and is not an SQLite database"),
        ("notes.txt/tracker.db", "cannot be written"),
    ],
)
def test_output_that_is_an_input_or_not_a_database_is_refused(capsys, package_and_site, output, what):
    package, site = package_and_site
    (package / "metadata.yml").write_text("title: x\n")
    (package / "notes.txt").write_text("not a database\n")
    (package / "site").mkdir()
    before = snapshot(package, site)
    code, lines = run_main(capsys, "--package", package / "datapackage.json", "--output", package / output)
    assert_one_clean_refusal(code, lines)
    assert what in lines[0]
    assert snapshot(package, site) == before


def test_output_in_a_new_folder_that_cannot_be_written_leaves_no_folder(capsys, package_and_site):
    package, _ = package_and_site
    (package / "blocker").write_text("a file where a folder would go")
    code, lines = run_main(capsys, "--package", package / "datapackage.json", "--output", package / "blocker" / "a" / "tracker.db")
    assert_one_clean_refusal(code, lines)
    assert sorted(p.name for p in package.iterdir()) == ["blocker", "data", "datapackage.json"]


def test_refused_data_leaves_no_new_output_folder(capsys, package_and_site):
    package, _ = package_and_site
    events = package / "data" / "events.csv"
    events.write_text(events.read_text().replace("2025-11-17,2025-11-17,day", "2025-11-17,2025-11-16,day"))
    code, lines = run_main(capsys, "--package", package / "datapackage.json", "--output", package / "new" / "site" / "tracker.db")
    assert_one_clean_refusal(code, lines)
    assert not (package / "new").exists()


# ---------------------------------------------------------------- datapackage.json and metadata.yml


def resource(package, name):
    return next(r for r in package["resources"] if r["name"] == name)


def field(package, table, name):
    return next(f for f in resource(package, table)["schema"]["fields"] if f["name"] == name)


SHAPES = {
    "not-an-object": (None, "is not a JSON object"),
    "no-resources": (lambda p: p.pop("resources"), "resources: is missing"),
    "resources-not-a-list": (lambda p: p.update(resources={"a": 1}), "resources: is missing or not a list"),
    "resource-not-an-object": (lambda p: p["resources"].append("events"), "is not a JSON object"),
    "no-name": (lambda p: resource(p, "events").pop("name"), "resources[3].name: is not a table name"),
    "name-with-sql": (lambda p: resource(p, "events").update(name="ev]; drop table x"), "is not a table name"),
    "two-resources-one-name": (lambda p: p["resources"].append(copy.deepcopy(resource(p, "events"))), "is the name of two resources"),
    "path-up": (lambda p: resource(p, "events").update(path="../events.csv"), "events.path: leads outside the package"),
    "path-absolute": (lambda p: resource(p, "events").update(path="/etc/passwd"), "events.path: is not a relative path"),
    "path-url": (lambda p: resource(p, "events").update(path="https://example.org/e.csv"), "is not a relative path"),
    "path-list": (lambda p: resource(p, "events").update(path=["data/events.csv"]), "is missing or not a single path"),
    "path-not-csv": (lambda p: resource(p, "events").update(path="datapackage.json"), "is not a .csv file"),
    "no-schema": (lambda p: resource(p, "events").pop("schema"), "events.schema: is missing"),
    "schema-by-reference": (
        lambda p: resource(p, "events").update(schema="schema.json"),
        "events.schema: is missing or not written inline",
    ),
    "no-fields": (lambda p: resource(p, "events")["schema"].pop("fields"), "events.schema.fields: is missing"),
    "field-without-name": (lambda p: field(p, "events", "notes").pop("name"), "is not a column name"),
    "two-fields-one-name": (lambda p: field(p, "events", "notes").update(name="summary_en"), "is the name of two columns"),
    "type-datetime": (lambda p: field(p, "events", "date_start").update(type="datetime"), "has a type the build does not check (datetime)"),
    "type-year": (lambda p: field(p, "events", "vessels").update(type="year"), "(year)"),
    "type-any": (lambda p: field(p, "events", "notes").update(type="any"), "(any)"),
    "type-not-a-string": (lambda p: field(p, "events", "notes").update(type=["string"]), "has a type the build does not check"),
    "date-format": (lambda p: field(p, "events", "date_start").update(format="%d/%m/%Y"), "has a format the build does not check"),
    "bad-regex": (lambda p: field(p, "events", "event_id")["constraints"].update(pattern="^[a-z"), "is not a regular expression"),
    "enum-of-wrong-type": (lambda p: field(p, "events", "vessels")["constraints"].update(enum=["1", "2"]), "not of type integer"),
    "minimum-not-a-number": (lambda p: field(p, "events", "vessels")["constraints"].update(minimum="0"), "is not of type integer"),
    "date-minimum-not-a-date": (lambda p: field(p, "events", "date_start")["constraints"].update(minimum=1900), "is not of type date"),
    "minimum-on-text": (lambda p: field(p, "events", "notes").update(constraints={"minimum": 1}), "does not apply to a string field"),
    "required-not-boolean": (lambda p: field(p, "events", "notes").update(constraints={"required": "yes"}), "is not true or false"),
    "unknown-constraint": (lambda p: field(p, "events", "notes").update(constraints={"minLength": 3}), "the build does not check"),
    "constraints-not-an-object": (lambda p: field(p, "events", "notes").update(constraints=[]), "constraints that are not a JSON object"),
    "no-primary-key": (lambda p: resource(p, "events")["schema"].pop("primaryKey"), "events.schema.primaryKey"),
    "primary-key-unknown": (lambda p: resource(p, "events")["schema"].update(primaryKey="nothing"), "does not name columns"),
    "missing-values": (lambda p: resource(p, "events")["schema"].update(missingValues=["", "NA"]), "missingValues"),
    "dialect-semicolon": (lambda p: resource(p, "events").update(dialect={"delimiter": ";"}), "dialect: is not what the build reads"),
    "encoding-latin1": (lambda p: resource(p, "events").update(encoding="latin-1"), "events.encoding: is not UTF-8"),
    "foreign-key-of-two-columns": (
        lambda p: resource(p, "events")["schema"]["foreignKeys"][0].update(fields=["location_id", "notes"]),
        "is not a foreign key of one column",
    ),
    "foreign-key-without-reference": (lambda p: resource(p, "events")["schema"]["foreignKeys"][0].pop("reference"), "is not a foreign key"),
    "foreign-key-to-no-table": (
        lambda p: resource(p, "events")["schema"]["foreignKeys"][0]["reference"].update(resource="places"),
        "refers to a table the package does not have (places)",
    ),
    "foreign-key-to-a-plain-column": (
        lambda p: resource(p, "events")["schema"]["foreignKeys"][0]["reference"].update(fields="name_en"),
        "does not identify a row of locations",
    ),
    "foreign-keys-in-a-cycle": (
        lambda p: resource(p, "locations")["schema"].update(
            foreignKeys=[{"fields": "location_id", "reference": {"resource": "events", "fields": "event_id"}}]
        ),
        "form a cycle",
    ),
    "version-not-a-string": (lambda p: p.update(version={"major": 1}), "version: is not a string"),
    "table-named-like-a-view": (lambda p: resource(p, "event_actors").update(name="timeline"), "does not fit the database"),
    "column-a-view-needs-missing": (
        lambda p: resource(p, "events")["schema"]["fields"].remove(field(p, "events", "certainty")),
        "does not fit the database the build writes (no such column: e.certainty)",
    ),
    "column-the-evidence-check-needs-missing": (
        lambda p: resource(p, "events")["schema"]["fields"].remove(field(p, "events", "vessels")),
        "lacks what the evidence check reads (column 'vessels')",
    ),
}


@pytest.mark.parametrize("case", SHAPES, ids=list(SHAPES))
def test_package_of_any_shape_is_refused_in_one_line(capsys, package_and_site, case):
    package, site = package_and_site
    mutate, expected = SHAPES[case]
    descriptor = json.loads((package / "datapackage.json").read_text())
    if mutate is None:
        descriptor = [descriptor]
    else:
        mutate(descriptor)
    (package / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2))
    if case.startswith("column-"):
        # The CSV without the column too: the package is consistent, only the build's views or checks need it.
        events = package / "data" / "events.csv"
        with open(events, encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        kept = [name for name in rows[0] if name in [f["name"] for f in resource(descriptor, "events")["schema"]["fields"]]]
        with open(events, "w", encoding="utf-8", newline="") as f:
            csv.writer(f, lineterminator="\n").writerows([cells[rows[0].index(name)] for name in kept] for cells in rows)
    before = snapshot(site)
    code, lines = run_main(capsys, "--package", package / "datapackage.json", "--output", site / "tracker.db")
    assert code == 1, lines
    assert lines[-1].endswith("problem(s); nothing was written.")
    assert expected in lines[0], lines
    assert lines[0].split(":")[0].endswith("datapackage.json"), lines
    assert not any("internal error" in line for line in lines)
    assert snapshot(site) == before


def test_foreign_keys_as_one_item_lists_are_followed(tmp_path, package_and_site):
    package, _ = package_and_site
    descriptor = json.loads((package / "datapackage.json").read_text())
    fk = resource(descriptor, "events")["schema"]["foreignKeys"][0]
    fk["fields"], fk["reference"]["fields"] = [fk["fields"]], [fk["reference"]["fields"]]
    (package / "datapackage.json").write_text(json.dumps(descriptor))
    build_db.build(tmp_path / "out" / "tracker.db", package / "datapackage.json")
    events = package / "data" / "events.csv"
    events.write_text(events.read_text().replace("white-house", "nowhere"))
    with pytest.raises(build_db.DataErrors, match="refers to no row of locations"):
        build_db.build(tmp_path / "out" / "tracker.db", package / "datapackage.json")


def test_problem_in_package_points_at_its_line(capsys, package_and_site):
    package, site = package_and_site
    text = (package / "datapackage.json").read_text()
    (package / "datapackage.json").write_text(text.replace('"type": "date"', '"type": "datetime"', 1))
    line = text[: text.index('"type": "date"')].count("\n")  # the line of the field's "name", just above
    _, lines = run_main(capsys, "--package", package / "datapackage.json", "--output", site / "tracker.db")
    assert lines[0].startswith(f"{package / 'datapackage.json'}:{line}: sources.published_date: has a type"), lines


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", "is empty"),
        ("- a\n- b\n", "is not a mapping"),
        ("title: [unclosed\n", "metadata.yml:2: -: is not valid YAML"),
        ("title: x\n\tbad: tab\n", "is not valid YAML"),
        (b"title: \xff\n", "is not UTF-8 text"),
        ("databases: 5\n", "databases: is not shaped as Datasette reads it"),
        ("databases:\n  tracker: [1, 2]\n", "databases.tracker: is not shaped"),
        ("databases:\n  tracker:\n    tables:\n      events: [1]\n", "databases.tracker.tables.events: is not shaped"),
        ("databases:\n  tracker:\n    tables:\n      events:\n        facets: 5\n", "tables.events.facets: is not shaped"),
        ("databases:\n  tracker:\n    tables:\n      events:\n        facets: [{a: {b: 2}}]\n", "tables.events.facets: is not shaped"),
    ],
)
def test_metadata_of_any_shape_is_refused_in_one_line(capsys, package_and_site, text, expected):
    package, site = package_and_site
    metadata = package / "metadata.yml"
    metadata.write_bytes(text if isinstance(text, bytes) else text.encode())
    before = snapshot(site)
    code, lines = run_main(capsys, "--package", package / "datapackage.json", "--output", site / "tracker.db")
    assert_one_clean_refusal(code, lines)
    assert expected in lines[0]
    assert snapshot(site) == before


@pytest.mark.parametrize(
    "text, expected",
    [
        ('{"resources": [', "is not valid JSON"),
        ('{"version": NaN, "resources": []}', "NaN is not a JSON number"),
        ("[" * 100000 + "]" * 100000, "is not valid JSON"),
        (b'{"resources": "\xff"}', "is not UTF-8 text"),
    ],
)
def test_package_that_is_not_json_is_refused_in_one_line(capsys, package_and_site, text, expected):
    package, site = package_and_site
    (package / "datapackage.json").write_bytes(text if isinstance(text, bytes) else text.encode())
    code, lines = run_main(capsys, "--package", package / "datapackage.json", "--output", site / "tracker.db")
    assert_one_clean_refusal(code, lines)
    assert expected in lines[0]


@pytest.mark.parametrize(
    "name, text, expected",
    [
        ("1.0.0.json", '{"version": "1.0.0", "tables": {', "releases/1.0.0.json:1: -: is not valid JSON"),
        (
            "1.0.1.json",
            '{"version": "1.0.0", "released": "2026-01-05", "previous": null, "fingerprint": "x", "tables": {}}',
            "1.0.1.json:1: version:",
        ),
        ("1.0.0.json", '{"version": "1.0.0", "released": "2026-01-05", "previous": null, "fingerprint": "x"}', "1.0.0.json:1: tables:"),
        (
            "1.0.0.json",
            '{"version": "1.0.0", "released": "2026-01-05", "previous": null, "fingerprint": "x", "tables": {"events": '
            '{"columns": [], "added": {}, "removed": [], "changed": [{"key": "e", "reason": null, "changes": {"title_en": ["a"]}}]}}}',
            "tables.events.changed[0].changes.title_en: is not what a release file holds",
        ),
    ],
)
def test_release_file_the_build_cannot_read_is_refused_in_one_line(capsys, package_and_site, name, text, expected):
    package, site = package_and_site
    (package / "releases").mkdir()
    (package / "releases" / name).write_text(text)
    before = snapshot(site)
    code, lines = run_main(capsys, "--package", package / "datapackage.json", "--output", site / "tracker.db")
    assert_one_clean_refusal(code, lines)
    assert expected in lines[0]
    assert snapshot(site) == before


def test_importing_the_build_installs_no_traceback_handler():
    # datasette.cli installs rich's handler, which prints every local variable: 37-330 kB per failure.
    code = "import sys, build_db; print(sys.excepthook is sys.__excepthook__)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.stdout.strip() == "True", result.stderr


# ---------------------------------------------------------------- cells the schema cannot say


def test_boolean_fields_are_checked_and_stored_as_0_or_1(tmp_path, package_and_site):
    package, _ = package_and_site
    descriptor = json.loads((package / "datapackage.json").read_text())
    resource(descriptor, "actors")["schema"]["fields"].append({"name": "is_official", "type": "boolean"})
    (package / "datapackage.json").write_text(json.dumps(descriptor))
    actors = package / "data" / "actors.csv"
    lines = actors.read_text().splitlines()
    values = ["is_official", "TRUE", "0"]
    actors.write_text("".join(f"{line},{value}\n" for line, value in zip(lines, values)))
    db = build_db.build(tmp_path / "out" / "tracker.db", package / "datapackage.json")
    import sqlite3

    assert sqlite3.connect(db).execute("select is_official from actors order by rowid").fetchall() == [(1,), (0,)]
    actors.write_text(actors.read_text().replace(",0\n", ",maybe\n"))
    with pytest.raises(build_db.DataErrors, match=r"actors.csv:3: is_official: is not true or false \(maybe\)"):
        build_db.build(tmp_path / "out" / "tracker.db", package / "datapackage.json")


def test_fast_cell_checks_agree_with_the_full_checker():
    """The fast path of each string column accepts exactly what the full checker accepts, with the same value."""
    from tests.package_fuzz import HOSTILE_CELLS
    from tracker.cells import cell_checker

    def outcome(check, value):
        try:
            return check(value, 2)
        except build_db.Problem as problem:
            return str(problem)

    package = json.loads((ROOT / "datapackage.json").read_text())
    values = HOSTILE_CELLS + ["a\r\nb", "a\rb", "active", "x" * 120, "x" * 121, "https://example.org/a", "en", "US"]
    # Allowed in free text though not printable: they take the full check.
    values += ["a\u00a0b", "\u3000", "   ", "a\tb\nc", "\u200d", "ب\u200fج", "a\u2028b", "https://example.org/a\u00a0b"]
    # Numbers and dates the fast paths of integers and dates must leave to the full check, or agree on.
    values += ["007", "+3", "-1", "0", "\u0663", "\u00b2", "1" * 18, "9" * 19, "12.0", "2025-02-30", "2025-1-1", "2025-12-31"]
    for resource in package["resources"]:
        with open(ROOT / resource["path"], encoding="utf-8-sig", newline="") as f:
            real = list(csv.reader(f))[1:4]
        for index, field in enumerate(resource["schema"]["fields"]):
            fast, full = cell_checker(field, "f.csv"), cell_checker(field, "f.csv", fast=False)
            for value in values + [row[index] for row in real]:
                for _ in range(2):  # the second time, as a value the fast path has already seen
                    assert outcome(fast, value) == outcome(full, value), (resource["name"], field["name"], value)


def test_free_text_keeps_line_breaks_tabs_joiners_and_direction_marks(tmp_path, package_and_site):
    package, _ = package_and_site
    events = package / "data" / "events.csv"
    text = "Line one\r\nline two\twith a tab, \u200fRLM, \u061cALM, \u200cZWNJ and 👩\u200d💻"
    events.write_text(events.read_text().replace("A strike.", '"' + text + '"'))
    db = build_db.build(tmp_path / "out" / "tracker.db", package / "datapackage.json")
    import sqlite3

    stored = sqlite3.connect(db).execute("select summary_en from events where event_id = '2025-09-02-fixture-strike'").fetchone()
    assert stored == (text,)


# ---------------------------------------------------------------- reporting


def test_a_file_of_many_bad_lines_shows_the_first_50_and_counts_all(package_and_site):
    package, site = package_and_site
    events = package / "data" / "events.csv"
    good = events.read_text().splitlines()[2]
    bad = ["e-{},2025-13-01{}".format(i, good[good.index(",2025-09-02") + 11 :]) for i in range(20000)]
    events.write_text(events.read_text() + "\n".join(bad) + "\n")
    before = snapshot(site)
    result = subprocess.run(
        BUILD + ["--package", str(package / "datapackage.json"), "--output", str(site / "tracker.db")], capture_output=True, text=True
    )
    lines = result.stderr.splitlines()
    events_lines = [line for line in lines if line.startswith("data/events.csv")]
    assert result.returncode == 1
    # 20,000 bad dates and 20,000 events without a citation: the first 50 by line, then the count.
    assert len(events_lines) == 51
    assert events_lines[0].startswith("data/events.csv:4: date_start: is not a real date (2025-13-01)")
    assert events_lines[49].startswith("data/events.csv:28: ")
    assert events_lines[50] == "data/events.csv: 39950 more problem(s) not shown (40000 in this file)"
    assert lines[-1] == "40000 problem(s); nothing was written."
    assert snapshot(site) == before


# ---------------------------------------------------------------- killed and concurrent builds


@pytest.fixture(scope="module")
def big_package(tmp_path_factory):
    """A package that takes a couple of seconds to build, so that a build can be stopped midway."""
    target = tmp_path_factory.mktemp("big") / "package"
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "--events", "5000", str(target)], check=True, capture_output=True)
    return target


def start_build(package, output):
    return subprocess.Popen(
        BUILD + ["--package", str(package / "datapackage.json"), "--output", str(output)], stderr=subprocess.PIPE, text=True
    )


def wait_until_writing(site, process):
    """Wait until the build is writing its database, at most 60 s."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if list(site.glob(".tracker-building-*/tracker.db")):
            time.sleep(0.3)  # well into the rows: a build of this package takes seconds
            return
        time.sleep(0.01)
    raise AssertionError("the build never started writing: " + (process.stderr.read() if process.poll() is not None else "still running"))


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_build_stopped_midway_leaves_the_previous_files_and_nothing_else(big_package, package_and_site, signum):
    _, site = package_and_site
    before = snapshot(site)
    process = start_build(big_package, site / "tracker.db")
    wait_until_writing(site, process)
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 128 + signum, stderr
    assert stderr == "build interrupted; no partial file was left.\n"
    assert snapshot(site) == before
    assert sorted(p.name for p in site.iterdir()) == ["inspect-data.json", "tracker.db"]


async def test_build_killed_midway_leaves_nothing_datasette_would_serve(big_package, package_and_site):
    package, site = package_and_site
    process = start_build(big_package, site / "tracker.db")
    wait_until_writing(site, process)
    process.kill()
    process.wait(60)
    assert [p.name.startswith(".tracker-building-") for p in site.iterdir() if p.name.startswith(".")] == [True]
    datasette = Datasette(config_dir=site)  # configuration-directory mode, as `datasette .` serves the site
    assert [name for name in datasette.databases if name != "_internal"] == ["tracker"]
    # The next build removes what the killed one left.
    build_db.build(site / "tracker.db", package / "datapackage.json")
    assert sorted(p.name for p in site.iterdir()) == ["inspect-data.json", "tracker.db"]


def test_a_second_build_waits_for_the_first(package_and_site):
    package, site = package_and_site
    old = (site / "tracker.db").read_bytes()
    lock = os.open(site, os.O_RDONLY)
    fcntl.flock(lock, fcntl.LOCK_EX)  # as a build in progress holds it
    try:
        process = start_build(package, site / "tracker.db")
        time.sleep(2)
        assert process.poll() is None and (site / "tracker.db").read_bytes() == old
        assert not list(site.glob(".tracker-building-*"))
    finally:
        os.close(lock)
    assert process.wait(60) == 0


def test_concurrent_builds_publish_matching_pairs(tmp_path, package_and_site):
    """Two builds of different data into one folder at once: tracker.db and inspect-data.json come from the
    same build. (The race is narrow: test_a_second_build_waits_for_the_first shows the lock that closes it.)"""
    package, site = package_and_site
    other = shutil.copytree(package, tmp_path / "other")
    events = other / "data" / "events.csv"
    events.write_text(events.read_text().replace("Fixture statement", "Another statement"))
    processes = [start_build(p, site / "tracker.db") for p in (package, other, package, other)]
    assert [p.wait(120) for p in processes] == [0, 0, 0, 0]
    inspect = json.loads((site / "inspect-data.json").read_text())
    assert inspect["tracker"]["hash"] == hashlib.sha256((site / "tracker.db").read_bytes()).hexdigest()
