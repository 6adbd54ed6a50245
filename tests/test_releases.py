"""Releases made on copies of the fixture package with known edits: the change files, the CHANGELOG,
the history table, the version a build cites and the history shown on row pages."""

import csv
import json
import sqlite3
import subprocess
import urllib.request

import pytest
from datasette.app import Datasette

import build_db
from scripts import release as release_script
from tests.conftest import FIXTURES, ROOT, copy_package, make_site, serving
from tracker import releases

STRIKE = "2025-09-02-fixture-strike"
QUOTE = "q-2025-11-17-trump-fixture"


def edit_csv(path, edit):
    """Rewrite a CSV with the csv module; edit(header, rows) changes them in place."""
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    edit(header, body)
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows([header] + body)


def set_cells(path, key, **cells):
    def edit(header, rows):
        (row,) = [r for r in rows if r[0] == key]
        for column, value in cells.items():
            row[header.index(column)] = value

    edit_csv(path, edit)


def add_row(path, **cells):
    edit_csv(path, lambda header, rows: rows.append([cells.get(column, "") for column in header]))


CORRECTION = "The Pentagon later gave 12 dead; the first report said 11."


def correct_the_strike(package):
    """A correction as an editor makes it: the new figure, why in the row's notes, and a citation whose excerpt gives it."""
    set_cells(package / "data/events.csv", STRIKE, killed_high="12", notes=CORRECTION)
    add_row(package / "data/citations.csv", citation_id="c-fixture-006", source_id="example-2025-11-17-report", event_id=STRIKE,
            excerpt="The Pentagon said 12 people were killed in the strike.", verification="not_checked", status="active")  # fmt: skip


def cut(package, version, date):
    return release_script.cut(package / "datapackage.json", version, date, package / "published_ids.txt")


def history(db_path):
    conn = sqlite3.connect(db_path)
    return conn.execute("select release, table_name, row_key, change, field, old_value, new_value, reason from row_history order by rowid").fetchall()


def dataset_info(db_path):
    return dict(sqlite3.connect(db_path).execute("select key, value from dataset_info"))


@pytest.fixture
def package(tmp_path):
    return copy_package(FIXTURES / "minimal", tmp_path / "package")


@pytest.fixture
def corrected(package):
    """The fixture released as 1.0.0, then corrected, retracted and added to, and released as 1.1.0."""
    cut(package, "1.0.0", "2026-01-05")
    data = package / "data"
    correct_the_strike(package)
    set_cells(data / "quotes.csv", QUOTE, status="retracted", status_note="The words were said by another speaker.")
    add_row(data / "locations.csv", location_id="mexico-city", name_en="Mexico City", name_ar="مدينة مكسيكو", country="MX", latitude="19.4326",
            longitude="-99.1332", geo_precision="2", location_type="city", status="active")  # fmt: skip
    cut(package, "1.1.0", "2026-02-10")
    return package


def test_first_release_adds_every_row(package):
    release = cut(package, "1.0.0", "2026-01-05")
    assert release["previous"] is None
    assert sorted(release["tables"]["events"]["added"]) == [STRIKE, "2025-11-17-fixture-statement"]
    assert release["tables"]["events"]["added"][STRIKE]["killed_high"] == "11"
    assert list(release["tables"]["event_actors"]["added"])[0].count(",") == 2  # a three-column key, as in its URL
    assert all(not change["changed"] and not change["removed"] for change in release["tables"].values())
    assert releases.counts(release) == {"added": 17, "changed": 0, "retracted": 0, "restored": 0, "removed": 0}
    assert json.loads((package / "releases/1.0.0.json").read_text(encoding="utf-8")) == release
    changelog = (package / "CHANGELOG-data.md").read_text(encoding="utf-8")
    assert "## 1.0.0 — 2026-01-05\n\n17 added (first release)." in changelog
    assert f"- 2 added: `{STRIKE}`, `2025-11-17-fixture-statement`" in changelog
    assert f"events/{STRIKE}\n" in (package / "published_ids.txt").read_text()
    assert json.loads((package / "datapackage.json").read_text())["version"] == "1.0.0"


def test_a_correction_a_retraction_and_an_addition_give_exactly_these_changes(corrected):
    release = json.loads((corrected / "releases/1.1.0.json").read_text(encoding="utf-8"))
    assert release["previous"] == "1.0.0"
    assert release["tables"]["events"]["changed"] == [
        {
            "key": STRIKE,
            "changes": {"killed_high": ["11", "12"], "notes": ["", "The Pentagon later gave 12 dead; the first report said 11."]},
            "reason": "The Pentagon later gave 12 dead; the first report said 11.",
        }
    ]
    assert release["tables"]["quotes"]["changed"] == [
        {
            "key": QUOTE,
            "changes": {"status": ["active", "retracted"], "status_note": ["", "The words were said by another speaker."]},
            "reason": "The words were said by another speaker.",
        }
    ]
    assert list(release["tables"]["locations"]["added"]) == ["mexico-city"]
    assert list(release["tables"]["citations"]["added"]) == ["c-fixture-006"]
    assert releases.counts(release) == {"added": 2, "changed": 1, "retracted": 1, "restored": 0, "removed": 0}
    changelog = (corrected / "CHANGELOG-data.md").read_text(encoding="utf-8")
    assert changelog.index("## 1.1.0 — 2026-02-10") < changelog.index("## 1.0.0 — 2026-01-05")
    assert f"- changed `{STRIKE}`:\n  - killed_high: 11 → 12\n  - notes: (empty) → The Pentagon later gave 12 dead" in changelog
    assert f"  - reason: {CORRECTION}\n" in changelog
    assert f"- retracted `{QUOTE}`:\n  - status: active → retracted\n" in changelog


def test_history_table_and_version_of_a_released_build(corrected, tmp_path):
    db = build_db.build(tmp_path / "out/tracker.db", corrected / "datapackage.json")
    rows = history(db)
    assert [r for r in rows if r[2] in (STRIKE, QUOTE, "mexico-city")] == [
        ("1.0.0", "events", STRIKE, "added", None, None, None, None),
        ("1.0.0", "quotes", QUOTE, "added", None, None, None, None),
        ("1.1.0", "locations", "mexico-city", "added", None, None, None, None),
        ("1.1.0", "events", STRIKE, "changed", "killed_high", "11", "12", "The Pentagon later gave 12 dead; the first report said 11."),
        ("1.1.0", "events", STRIKE, "changed", "notes", None, "The Pentagon later gave 12 dead; the first report said 11.", "The Pentagon later gave 12 dead; the first report said 11."),
        ("1.1.0", "quotes", QUOTE, "retracted", "status", "active", "retracted", "The words were said by another speaker."),
        ("1.1.0", "quotes", QUOTE, "retracted", "status_note", None, "The words were said by another speaker.", "The words were said by another speaker."),
    ]  # fmt: skip
    assert len(rows) == 17 + 2 + 4  # rows added in 1.0.0, added in 1.1.0, changed fields in 1.1.0
    info = dataset_info(db)
    assert (info["version"], info["release"], info["released"], info["unreleased"]) == ("1.1.0", "1.1.0", "2026-02-10", "")
    assert info["fingerprint"] == release_fingerprint(corrected, "1.1.0")


def release_fingerprint(package, version):
    return json.loads((package / f"releases/{version}.json").read_text(encoding="utf-8"))["fingerprint"]


def test_data_changed_after_a_release_is_cited_as_dev(corrected, tmp_path):
    set_cells(corrected / "data/events.csv", STRIKE, summary_en="A strike at sea.")
    db = build_db.build(tmp_path / "out/tracker.db", corrected / "datapackage.json")
    info = dataset_info(db)
    assert info["fingerprint"] != release_fingerprint(corrected, "1.1.0")
    assert info["version"] == "1.1.0+dev." + info["fingerprint"][:12]
    assert info["unreleased"] == "1"
    # The change waits in the history as not released yet; feeds and releases ignore it.
    assert history(db)[-1] == (None, "events", STRIKE, "changed", "summary_en", "A strike.", "A strike at sea.", None)
    assert len(history(db)) == 17 + 2 + 4 + 1


def test_data_with_no_release_is_cited_as_dev(minimal_db):
    info = dataset_info(minimal_db)
    assert info["version"] == "0.0.0+dev." + info["fingerprint"][:12]
    assert (info["release"], info["unreleased"]) == ("", "1")


def test_the_fingerprint_is_what_sha256sum_prints_for_the_data_files(minimal_db, minimal_package):
    # Anyone holding the CSVs can check which data a citation names, with standard tools.
    shell = subprocess.run("sha256sum data/*.csv | sha256sum", shell=True, cwd=minimal_package, capture_output=True, text=True, check=True)
    assert dataset_info(minimal_db)["fingerprint"] == shell.stdout.split()[0]


def test_the_replay_check_ignores_formatting_but_not_content(package):
    def content():
        return releases.content_digest(releases.read_tables(json.loads((package / "datapackage.json").read_text()), package))

    before = content()
    path = package / "data/events.csv"
    text = path.read_text(encoding="utf-8").splitlines()
    # A spreadsheet's save: BOM, CRLF, rows in another order.
    path.write_text("\ufeff" + "\r\n".join([text[0]] + text[1:][::-1]) + "\r\n", encoding="utf-8", newline="")
    assert content() == before
    set_cells(path, STRIKE, summary_en="A strike at sea.")
    assert content() != before


def test_a_new_column_filled_in_is_a_change_of_each_row_that_has_a_value(package):
    cut(package, "1.0.0", "2026-01-05")
    descriptor = json.loads((package / "datapackage.json").read_text())
    (events,) = [r for r in descriptor["resources"] if r["name"] == "events"]
    events["schema"]["fields"].append({"name": "casualty_note", "type": "string"})
    (package / "datapackage.json").write_text(json.dumps(descriptor, indent=2, ensure_ascii=False), encoding="utf-8")

    def add_column(header, rows):
        header.append("casualty_note")
        for row in rows:
            row.append("Eleven bodies." if row[0] == STRIKE else "")

    edit_csv(package / "data/events.csv", add_column)
    change = cut(package, "1.1.0", "2026-02-10")["tables"]["events"]
    assert (change["columns_added"], change["columns_removed"]) == (["casualty_note"], [])
    assert change["changed"] == [{"key": STRIKE, "changes": {"casualty_note": [None, "Eleven bodies."]}, "reason": ""}]
    # The replayed 1.1.0 is the data: a third release diffs only what changed after it.
    set_cells(package / "data/events.csv", STRIKE, casualty_note="Eleven bodies recovered.")
    assert cut(package, "1.2.0", "2026-03-01")["tables"]["events"]["changed"] == [
        {"key": STRIKE, "changes": {"casualty_note": ["Eleven bodies.", "Eleven bodies recovered."]}, "reason": ""}
    ]


def delete_the_claim(package):
    for name, key in (("statistics", "st-overdose-deaths-claim"), ("citations", "c-fixture-004")):
        edit_csv(package / f"data/{name}.csv", lambda header, rows, key=key: rows.remove(next(r for r in rows if r[0] == key)))


def written(package):
    return {path.relative_to(package): path.read_bytes() for path in sorted(package.rglob("*")) if path.is_file()}


@pytest.mark.parametrize(
    "edit, version, message",
    [
        (None, "1.1.0", "has not changed since release 1.0.0"),
        (lambda p: set_cells(p / "data/events.csv", STRIKE, summary_en="A strike at sea."), "1.0.0", "is not after the last release"),
        (lambda p: set_cells(p / "data/events.csv", STRIKE, summary_en="A strike at sea."), "1.1", "is not of the form X.Y.Z"),
        (delete_the_claim, "1.1.0", "published rows were deleted or renamed.*: citations/c-fixture-004, statistics/st-overdose-deaths-claim$"),
    ],
)
def test_a_release_that_must_not_be_made_writes_nothing(package, edit, version, message):
    cut(package, "1.0.0", "2026-01-05")
    if edit:
        edit(package)
    before = written(package)
    with pytest.raises(releases.ReleaseError, match=message):
        cut(package, version, "2026-02-10")
    assert written(package) == before


def test_an_edited_release_file_is_found_out(package):
    cut(package, "1.0.0", "2026-01-05")
    path = package / "releases/1.0.0.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"killed_high": "11"', '"killed_high": "10"'), encoding="utf-8")
    set_cells(package / "data/events.csv", STRIKE, summary_en="A strike at sea.")
    with pytest.raises(releases.ReleaseError, match="a release file was edited"):
        cut(package, "1.1.0", "2026-02-10")


def test_invalid_data_is_not_released(package, capsys):
    set_cells(package / "data/events.csv", STRIKE, killed_high="many")
    status = release_script.main([
        "1.0.0", "--package", str(package / "datapackage.json"), "--date", "2026-01-05"
    ])  # fmt: skip
    assert status == 1
    assert "data/events.csv:3: killed_high: is not a whole number (many)" in capsys.readouterr().err
    assert not (package / "releases").exists()


async def test_row_page_shows_its_history_after_a_correction(corrected, tmp_path):
    site = make_site(tmp_path / "site", corrected)
    datasette = Datasette(config_dir=site)
    await datasette.invoke_startup()
    html = " ".join((await datasette.client.get(f"/tracker/events/{STRIKE}")).text.split())
    history_html = html[html.index('<section class="history"') : html.index('<section class="cite"')]
    assert '<strong>Added</strong> in release <a href="/tracker/releases/1~2E0~2E0" dir="ltr">1.0.0</a> (2026-01-05)' in history_html
    assert '<strong>Changed</strong> in release <a href="/tracker/releases/1~2E1~2E0" dir="ltr">1.1.0</a> (2026-02-10):' in history_html
    assert '<li><code>killed_high</code>: <del dir="auto">11</del> → <ins dir="auto">12</ins></li>' in history_html
    assert "Why: <bdi>The Pentagon later gave 12 dead; the first report said 11.</bdi>" in history_html
    assert f'Dataset version <strong dir="ltr">1.1.0</strong>, released 2026-02-10. Data fingerprint: <code dir="ltr">{release_fingerprint(corrected, "1.1.0")}</code>' in html
    assert "US–Mexico Security Tracker, version 1.1.0, 2026-02-10." in html
    quote = " ".join((await datasette.client.get(f"/tracker/quotes/{QUOTE}")).text.split())
    assert "<strong>Retracted</strong> in release" in quote and "Why: <bdi>The words were said by another speaker.</bdi>" in quote
    release_page = (await datasette.client.get("/tracker/releases/1~2E1~2E0")).text
    assert 'id="history"' not in release_page  # derived tables have no history of their own
    assert '<a href="/tracker/row_history?release=1.1.0">' in release_page  # its changes, one click away
    added = (await datasette.client.get("/tracker/locations/mexico-city")).text
    assert '<strong>Added</strong> in release <a href="/tracker/releases/1~2E1~2E0" dir="ltr">1.1.0</a> (2026-02-10) </li>' in " ".join(added.split())


async def test_unreleased_data_cites_as_dev_on_the_row_page(minimal_datasette):
    html = (await minimal_datasette.client.get(f"/tracker/events/{STRIKE}")).text
    assert "Not in a release yet: the data has had no release." in html
    assert 'Dataset version <strong dir="ltr">0.0.0+dev.' in html and "data not in any release." in html
    assert "US–Mexico Security Tracker, version 0.0.0+dev." in html
    assert "Dataset version 0.0.0+dev." in html  # the BibTeX note


def test_the_project_release_command_is_documented():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make release VERSION=" in readme
    assert "release:" in (ROOT / "Makefile").read_text()


def test_a_served_site_shows_history_and_version(real_site, tmp_path, monkeypatch):
    # `datasette serve` loads plugins/ by file path from any working directory; their imports must still work.
    monkeypatch.chdir(tmp_path)
    with serving(real_site) as base:
        html = urllib.request.urlopen(f"{base}/tracker/locations/caribbean-sea", timeout=10).read().decode()
    assert '<section class="history" id="history">' in html
    assert "Data fingerprint:" in html
