"""What makes the build faster must not change what it finds or writes: the evidence check and the search
index in second processes (tracker/background.py), the search index worked out from the CSV files
(tracker/search_index.py), and the quicker paths of the search folding (tracker/search_text.py)."""

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest

import build_db
from tests.conftest import ROOT
from tests.test_build_hardening import big_package, good_site, package_and_site, snapshot  # noqa: F401 (fixtures)
from tests.test_evidence import STRIKE, edit, problems
from tracker import background, csv_work, inputs, view_tables
from tracker.search_text import normalize


def test_evidence_check_in_a_second_process_finds_what_it_finds_in_this_one(minimal_package, monkeypatch):
    edit(minimal_package, "events", STRIKE, {"killed_high": "12"})
    edit(minimal_package, "citations", "c-fixture-005", {"verification": "not_checked", "verified_on": "2025-11-20"})
    inline = problems(minimal_package)
    assert len(inline) == 2
    monkeypatch.setattr(build_db, "BACKGROUND_EVIDENCE_FROM", 0)
    jobs = started(monkeypatch, background.Job)
    assert problems(minimal_package) == inline
    assert len(jobs) == 1


def started(monkeypatch, kind):
    """The list of the background processes of this kind started from now on."""
    processes, start = [], kind.__init__

    def counted_start(process, *args):
        processes.append(process)
        start(process, *args)

    monkeypatch.setattr(kind, "__init__", counted_start)
    return processes


def test_package_lacking_what_the_evidence_check_reads_is_one_problem_from_the_second_process(minimal_package):
    # Told apart by the exception's cause, which does not cross between processes: it is told apart in the child.
    with background.started(build_db.evidence.problems_or_what_is_lacking, {"resources": []}, minimal_package) as job:
        assert job.result() == [
            (
                "datapackage.json",
                1,
                "-",
                "lacks what the evidence check reads",
                "a table",
                "keep the tables and columns of the tracker's schema that tracker/evidence.py reads",
            )
        ]


def test_what_the_second_process_raises_is_raised_in_the_build():
    with background.started(int, "not a number") as job:
        with pytest.raises(ValueError, match="not a number"):
            job.result()
    with background.started(len, [1, 2, 3]) as job:
        assert job.result() == 3


def test_leaving_early_stops_the_second_process():
    started = time.monotonic()
    with background.started(time.sleep, 60) as job:
        pid = job.process.pid
    assert time.monotonic() - started < 10
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_the_second_process_dies_with_a_build_killed_by_sigkill(tmp_path):
    script = "import sys, time; from tracker import background\nwith background.started(time.sleep, 60) as job:\n"
    script += "    print(job.process.pid, flush=True); time.sleep(60)\n"
    build = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    child = int(build.stdout.readline())
    build.send_signal(signal.SIGKILL)
    build.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and os.path.exists(f"/proc/{child}") and "Z" not in state(child):
        time.sleep(0.05)
    assert not os.path.exists(f"/proc/{child}") or "Z" in state(child)


def state(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return "gone"


def normalize_before(text):
    """normalize() as it was before its test for Arabic script became one regular-expression scan."""
    if text is None:
        return None
    text = str(text)
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKC", text)
    if max(text) < "\u0600":
        return text
    text = re.sub("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]", "", text)
    text = text.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "0123456789" * 2))
    for form, letter in [("آ", "ا"), ("أ", "ا"), ("إ", "ا"), ("ٱ", "ا"), ("ى", "ي"), ("ة", "ه"), ("ؤ", "و"), ("ئ", "ي")]:
        text = text.replace(form, letter)
    return text


def test_normalize_folds_as_before_in_every_script():
    samples = [
        "plain ASCII",
        "“Curly” quotes — and García",
        "الضربات الأميركية على القوارب ٣ أكتوبر ٢٠٢٥",
        "ـتـطـويـل وَحَرَكات ۱۲۳",
        "ﻻ ﷲ ﺍﻟﻤﻜﺴﻴﻚ",  # presentation forms, which NFKC turns into Arabic letters
        "emoji 🚤 and 中文 and עברית",
        "\u06fa\u06ff after the folded range, \u05ff before it",
        "ٱلرَّحْمَٰن",
    ]
    # Every character of the Arabic blocks and their neighbours, alone and after an English word.
    samples += [chr(c) for c in range(0x0580, 0x0800)] + ["word " + chr(c) for c in range(0x0580, 0x0800)]
    samples += [chr(c) for c in range(0xFB50, 0xFF00, 7)]
    for text in samples:
        assert normalize(text) == normalize_before(text), text


def test_search_index_and_views_rows_written_in_second_processes_are_the_same_database(tmp_path, minimal_package, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")

    def dump(name):
        path = build_db.build(tmp_path / name / "tracker.db", minimal_package / "datapackage.json")
        assert sorted(p.name for p in path.parent.iterdir()) == ["inspect-data.json", "tracker.db"]  # their own files are gone
        with sqlite3.connect(path) as conn:
            return list(conn.iterdump())

    jobs = started(monkeypatch, background.Job)
    inline = dump("inline")
    assert jobs == []
    monkeypatch.setattr(csv_work, "SEPARATE_FROM", 0)
    monkeypatch.setattr(view_tables, "SEPARATE_FROM", 0)
    assert dump("separate") == inline
    assert [job.process.args[-1] for job in jobs] == [str(os.getpid())] * 2
    assert any('INSERT INTO "search_fts_data"' in line for line in inline)
    assert any('INSERT INTO "timeline_rows"' in line for line in inline)


# A build whose evidence check and search folding run in second processes however small the package.
BUILD_WITH_CHILDREN = [
    sys.executable,
    "-c",
    "import sys, build_db, tracker.csv_work as w; build_db.BACKGROUND_EVIDENCE_FROM = w.SEPARATE_FROM = 0;"
    " sys.exit(build_db.main(sys.argv[1:]))",
]


def children_of(pid):
    """The background processes of process pid that are alive."""
    children = []
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                arguments = f.read().split(b"\0")
        except OSError:
            continue
        if len(arguments) > 3 and arguments[2] == background.CHILD.encode() and arguments[3] == str(pid).encode():
            if state(int(entry)) not in ("Z", "gone"):
                children.append(int(entry))
    return children


def test_build_stopped_while_its_second_processes_work_leaves_nothing_behind(big_package, package_and_site):  # noqa: F811
    _, site = package_and_site
    before = snapshot(site)
    build = subprocess.Popen(
        BUILD_WITH_CHILDREN + ["--package", str(big_package / "datapackage.json"), "--output", str(site / "tracker.db")],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    # It starts with the build: the evidence check and the search index, in one second process (tracker/csv_work.py).
    while not children_of(build.pid) and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(children_of(build.pid)) == 1, "the build never started its second process"
    build.send_signal(signal.SIGTERM)
    _, stderr = build.communicate(timeout=60)
    assert build.returncode == 128 + signal.SIGTERM, stderr
    assert stderr == "build interrupted; no partial file was left.\n"
    assert snapshot(site) == before
    assert sorted(p.name for p in site.iterdir()) == ["inspect-data.json", "tracker.db"]
    assert children_of(build.pid) == []


def test_a_system_that_cannot_start_a_process_still_gets_the_result(monkeypatch):
    monkeypatch.setattr(sys, "executable", "/nonexistent/python")
    with background.started(len, [1, 2, 3]) as job:
        assert isinstance(job, background.Inline)
        assert job.result() == 3


def scheduling():
    """The niceness of this process and its scheduling group's (Linux), as a second process reports them."""
    autogroup = Path("/proc/self/autogroup")
    return os.nice(0), autogroup.read_text() if autogroup.exists() else None


def test_second_processes_yield_the_build_its_core():
    with background.started(scheduling) as job:
        niceness, autogroup = job.result()
    assert niceness >= min(os.nice(0) + 10, 19)
    assert autogroup is None or autogroup.rstrip().endswith("nice 10")


def test_references_found_among_the_keys_they_name_skip_their_own_cell_check():
    package = build_db.load_package(ROOT / "datapackage.json")
    resources = build_db.creation_order(package["resources"])
    checks = build_db.Checks(build_db.ProblemLog(), set())
    for resource in resources[: [r["name"] for r in resources].index("citations")]:
        check = checks.table(resource)
        for line, values, whole in build_db.stream_table(resource, ROOT, checks.problems, {}, set()):
            check(line, values, whole)
    known = checks.known_valid(next(r for r in resources if r["name"] == "citations"), resources)
    assert set(known) == {"source_id", "event_id", "quote_id", "statistic_id"}
    assert "2025-09-02-boat-strike-caribbean" in known["event_id"]


def test_a_reference_declared_more_strictly_than_its_key_is_still_checked(minimal_package):
    path = minimal_package / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    citations = next(r for r in package["resources"] if r["name"] == "citations")
    next(f for f in citations["schema"]["fields"] if f["name"] == "event_id")["constraints"]["maxLength"] = 10
    path.write_text(json.dumps(package), encoding="utf-8")
    assert any("citations.csv" in line and "event_id: is longer than 10 characters" in line for line in problems(minimal_package))


def test_the_unchecked_key_of_a_record_of_the_wrong_length_passes_no_reference(minimal_package):
    events = minimal_package / "data" / "events.csv"
    events.write_text(events.read_text(encoding="utf-8") + "Not An ID,x\n", encoding="utf-8")
    edit(minimal_package, "citations", "c-fixture-001", {"event_id": "Not An ID"})
    found = problems(minimal_package)
    assert any("events.csv" in line and "too few cells" in line for line in found)
    assert any("citations.csv" in line and "event_id: does not match the required form" in line for line in found)


@pytest.mark.parametrize("count", [0, 49, 50, 120])
def test_rows_go_in_fifty_to_a_statement_in_their_order(count):
    resource = {"name": "t", "schema": {"fields": [{"name": "id"}, {"name": "n", "type": "integer"}], "primaryKey": "id"}}
    db = build_db.work_database.open_new(":memory:")
    statements = []
    db.conn.set_trace_callback(lambda sql: statements.append(sql) if sql.startswith("INSERT") else None)
    rows = [[f"r{i}", i] for i in range(count)]
    build_db.insert_rows(db, resource, iter(rows))
    assert [list(row) for row in db.execute("select id, n from t order by rowid")] == rows
    assert len(statements) == count // 50 + count % 50


def two_results(first, second):
    yield first
    if second is None:
        raise ValueError("no second result")
    yield second


@pytest.mark.parametrize("separate", [False, True])
def test_a_generator_functions_results_come_one_by_one(separate):
    with background.started(two_results, [1], {"b": 2}, separate=separate) as job:
        assert isinstance(job, background.Job if separate else background.Inline)
        assert job.result() == [1]
        assert job.result() == {"b": 2}
    with background.started(two_results, "a", None, separate=separate) as job:
        assert job.result() == "a"
        with pytest.raises(ValueError, match="no second result"):
            job.result()


def test_files_read_once_serve_both_readers_the_rows_each_would_read(monkeypatch):
    package = build_db.load_package(ROOT / "datapackage.json")
    columns = {"citations": ["excerpt", "event_id", "source_id"]}
    alone = {wanted: list(inputs.read_columns(package, ROOT, "citations", wanted)) for wanted in (("excerpt", "event_id"), ("source_id",))}
    reads = []
    read_file = inputs._read_file
    monkeypatch.setattr(inputs, "_read_file", lambda *args: reads.append(args[2]) or read_file(*args))
    with inputs.read_once(columns):
        for wanted, rows in alone.items():
            assert list(inputs.read_columns(package, ROOT, "citations", wanted)) == rows
        assert reads == ["citations"]
        with pytest.raises(KeyError, match="no_such_column"):
            list(inputs.read_columns(package, ROOT, "citations", ("excerpt", "no_such_column")))
    assert reads == ["citations", "citations"]  # a column not kept: the file is read as usual
    assert inputs._READ_ONCE == {}


def test_rows_go_in_within_sqlites_limit_of_values_to_a_statement():
    resource = {"name": "t", "schema": {"fields": [{"name": f"c{i}"} for i in range(30)], "primaryKey": "c0"}}
    db = build_db.work_database.open_new(":memory:")
    db.conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 100)  # three rows of 30 values, not fifty
    rows = [[f"r{n}-{i}" for i in range(30)] for n in range(7)]
    build_db.insert_rows(db, resource, iter(rows))
    assert [list(row) for row in db.execute("select * from t order by rowid")] == rows
