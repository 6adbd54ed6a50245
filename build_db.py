"""Validate the data package and build the SQLite database Datasette serves.

    python build_db.py [--package datapackage.json] [--output tracker.db]

datapackage.json is the only place a column is declared: the checks, the
SQLite schema and the search index are all derived from it. On bad data every
problem is printed, one per line, as

    data/FILE.csv:LINE: COLUMN: what is wrong (the value) — how to fix it

and nothing is written. A good build is written to a temporary file next to
the output and renamed over it, so a failed build never touches the old file.
"""

import argparse
import csv
import datetime
import hashlib
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sqlite_utils
import yaml

from plugins.search_text import normalize

ROOT = Path(__file__).resolve().parent
ID_COLUMNS = {"citations": ("event_id", "quote_id", "statistic_id")}
# Text a person would search for: bilingual columns, quote text, spellings.
SEARCHED_COLUMN = re.compile(r"(_en|_ar)$|^(text|aliases)$")
SEARCHED_TABLES = ("events", "quotes", "statistics", "actors")
SQLITE_TYPES = {"string": str, "date": str, "integer": int, "number": float, "boolean": int}
INTEGER = re.compile(r"[+-]?\d+")
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class Problem(Exception):
    """A data problem, already worded for the person who edits the CSV."""

    def __init__(self, path, line, column, what, value, fix):
        self.key = (str(path), line)
        shown = "" if value is None else " ({})".format(_shorten(value))
        super().__init__(f"{path}:{line}: {column}: {what}{shown} — {fix}")


class DataErrors(Exception):
    def __init__(self, problems):
        self.problems = sorted(problems, key=lambda p: p.key)
        super().__init__("\n".join(str(p) for p in self.problems))


def _shorten(value, limit=60):
    value = repr(value) if isinstance(value, str) and value != value.strip() else str(value)
    return value if len(value) <= limit else value[: limit - 1] + "…"


# ---------------------------------------------------------------- reading


def load_package(package_path):
    package_path = Path(package_path)
    try:
        package = json.loads(package_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataErrors(
            [Problem(package_path, 0, "-", "file not found", None, "pass --package with the path of datapackage.json")]
        ) from None
    except (ValueError, UnicodeDecodeError) as error:
        raise DataErrors([Problem(package_path, 0, "-", "is not valid JSON", str(error), "fix the JSON syntax")]) from None
    return package


def decode(raw, rel):
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise Problem(
            rel,
            line,
            "-",
            "is not UTF-8 text",
            raw[error.start : error.start + 4].hex(" "),
            "save the file as UTF-8 (CSV UTF-8 in spreadsheet programs)",
        ) from None


def read_rows(text, rel):
    """Yield (line number, cells) for every record; line numbers are where the record starts."""
    reader = csv.reader(text.splitlines(keepends=True), strict=True)
    line = 1
    try:
        for cells in reader:
            yield line, cells
            line = reader.line_num + 1
    except csv.Error as error:
        raise Problem(
            rel,
            line,
            "-",
            f"the CSV cannot be read: {error}",
            None,
            "close every quoted cell with a double quote and double any quote inside it",
        ) from None


# ---------------------------------------------------------------- checking cells


def cell_checker(field, rel):
    """Return check(value, line) -> typed value, raising Problem; built once per column."""
    name = field["name"]
    kind = field.get("type", "string")
    constraints = field.get("constraints", {})
    required = constraints.get("required", False)
    pattern = constraints.get("pattern")
    pattern = re.compile(pattern) if pattern else None
    enum = constraints.get("enum")
    allowed = set(enum) if enum else None
    low, high = constraints.get("minimum"), constraints.get("maximum")
    max_length = constraints.get("maxLength")

    def fail(line, what, value, fix):
        raise Problem(rel, line, name, what, value, fix)

    def check(value, line):
        if value == "":
            if required:
                fail(line, "is required but empty", None, "fill it in")
            return None
        if kind == "integer":
            if not INTEGER.fullmatch(value):
                fail(line, "is not a whole number", value, "write digits only, e.g. 3")
            typed = int(value)
        elif kind == "number":
            if not NUMBER.fullmatch(value) or not math.isfinite(float(value)):
                fail(line, "is not a number", value, "write a decimal number with a point, e.g. 19.4326")
            typed = float(value)
        elif kind == "date":
            try:
                if not DATE.fullmatch(value):
                    raise ValueError
                datetime.date.fromisoformat(value)
            except ValueError:
                fail(line, "is not a real date", value, "write an existing date as YYYY-MM-DD")
            typed = value
        else:
            typed = value
        if allowed is not None and value not in allowed:
            fail(line, "is not one of the allowed values", value, "use one of: " + ", ".join(enum))
        if pattern is not None and not pattern.fullmatch(value):
            fail(line, "does not match the required form", value, pattern_fix(field))
        if low is not None and typed < low:
            fail(line, f"is below the minimum {low}", value, f"use a value of at least {low}")
        if high is not None and typed > high:
            fail(line, f"is above the maximum {high}", value, f"use a value of at most {high}")
        if max_length is not None and len(value) > max_length:
            fail(line, f"is longer than {max_length} characters", value, "shorten it")
        return typed

    return check


def pattern_fix(field):
    pattern = field["constraints"]["pattern"]
    if pattern == "^[a-z0-9]+(-[a-z0-9]+)*$":
        return "use lowercase letters, digits and single hyphens only, no spaces"
    if pattern.startswith("^https?://"):
        return "use a full http:// or https:// address, exactly as published"
    return f"match the pattern {pattern}"


def read_table(resource, base_dir, problems):
    """Read and check one CSV; return (row dicts with '_line', sha256 of the bytes).
    The rows are None when the file itself cannot be read."""
    rel = resource["path"]
    path = base_dir / rel
    fields = resource["schema"]["fields"]
    names = [f["name"] for f in fields]
    try:
        raw = path.read_bytes()
    except OSError:
        problems.append(Problem(rel, 1, "-", "file not found", None, f"create {rel} with the header row: {','.join(names)}"))
        return None, None
    digest = hashlib.sha256(raw).hexdigest()
    try:
        records = read_rows(decode(raw, rel), rel)
        header = next(records, (1, None))[1]
        if not header:
            raise Problem(rel, 1, "-", "the file is empty", None, f"start it with the header row: {','.join(names)}")
        check_header(header, names, rel)
        checks = [cell_checker(f, rel) for f in fields]
        rows = []
        for line, cells in records:
            if not cells:
                problems.append(Problem(rel, line, "-", "blank line", None, "delete the empty line"))
                continue
            if len(cells) != len(names):
                what = "too many" if len(cells) > len(names) else "too few"
                problems.append(
                    Problem(
                        rel,
                        line,
                        "-",
                        f"{what} cells: {len(cells)} instead of {len(names)}",
                        None,
                        "check for a stray comma or an unquoted comma inside a cell",
                    )
                )
                # Its first cell is most likely its ID: kept so that rows referring to it raise no further errors.
                rows.append({"_line": line, "_malformed": True, names[0]: cells[0] or None})
                continue
            row = {"_line": line}
            for name, check, value in zip(names, checks, cells):
                try:
                    row[name] = check(value, line)
                except Problem as problem:
                    problems.append(problem)
                    # A bad cell counts as missing for the table-wide checks, which then say nothing more about it.
                    row[name] = None
            rows.append(row)
    except Problem as problem:
        problems.append(problem)
        return None, digest
    return rows, digest


def check_header(header, names, rel):
    if header == names:
        return
    missing = [n for n in names if n not in header]
    extra = [h for h in header if h not in names]
    if missing and extra:
        what, value = "unknown columns " + ", ".join(extra), "missing " + ", ".join(missing)
    elif missing:
        what, value = "missing columns", ", ".join(missing)
    elif extra:
        what, value = "unexpected columns", ", ".join(extra)
    else:
        what, value = "columns in the wrong order", ",".join(header)
    raise Problem(rel, 1, "(header)", what, value, "make the header exactly: " + ",".join(names))


# ---------------------------------------------------------------- checking tables


def check_keys(resources, tables, problems):
    """Primary keys unique, unique columns unique, foreign keys pointing at existing rows.
    Tables that could not be read are skipped, and so are references into them."""
    for resource in resources:
        name, rel, schema = resource["name"], resource["path"], resource["schema"]
        rows = tables[name]
        if rows is None:
            continue
        pk = schema["primaryKey"]
        pk = [pk] if isinstance(pk, str) else pk
        unique = [[f["name"]] for f in schema["fields"] if f.get("constraints", {}).get("unique")]
        for columns in [pk] + [c for c in unique if c != pk]:
            seen = {}
            for row in rows:
                key = tuple(row.get(c) for c in columns)
                if None in key:
                    continue
                if key in seen:
                    problems.append(
                        Problem(
                            rel,
                            row["_line"],
                            "+".join(columns),
                            f"duplicate of line {seen[key]}",
                            "/".join(map(str, key)),
                            "give each row its own value",
                        )
                    )
                else:
                    seen[key] = row["_line"]
        for fk in schema.get("foreignKeys", []):
            column, target = fk["fields"], fk["reference"]["resource"] or name
            target_column = fk["reference"]["fields"]
            if tables.get(target) is None:
                continue
            known = {row[target_column] for row in tables[target]}
            for row in rows:
                if row.get(column) is not None and row[column] not in known:
                    problems.append(
                        Problem(
                            rel,
                            row["_line"],
                            column,
                            f"refers to no row of {target}",
                            row[column],
                            f"use an existing {target}.{target_column} or add that row to {target}",
                        )
                    )


def check_rules(resources, tables, problems):
    """The cross-table rules a Table Schema cannot say."""
    paths = {r["name"]: r["path"] for r in resources}
    tables = {name: [row for row in rows if "_malformed" not in row] for name, rows in tables.items() if rows is not None}

    def fail(table, row, column, what, value, fix):
        problems.append(Problem(paths[table], row["_line"], column, what, value, fix))

    for start, end, table in (("date_start", "date_end", "events"), ("period_start", "period_end", "statistics")):
        for row in tables.get(table, []):
            if row.get(start) and row.get(end) and row[end] < row[start]:
                fail(table, row, end, f"is before {start} {row[start]}", row[end], f"set {end} on or after {start}")
    for row in tables.get("events", []):
        low, high = row.get("killed_low"), row.get("killed_high")
        if isinstance(low, int) and isinstance(high, int) and low > high:
            fail(
                "events",
                row,
                "killed_high",
                f"is smaller than killed_low {low}",
                high,
                "killed_low is the lowest report, killed_high the highest",
            )
    for row in tables.get("locations", []):
        for column in ("latitude", "longitude"):
            value = row.get(column)
            if isinstance(value, float) and round(value, 4) != value:
                fail(
                    "locations",
                    row,
                    column,
                    "has more than 4 decimals",
                    value,
                    "round it to 4 decimals (about 10 m); precision is in geo_precision",
                )
    for table, rows in tables.items():
        for row in rows:
            if row.get("status") == "retracted" and not row.get("status_note"):
                fail(table, row, "status_note", "is empty on a retracted row", None, "say why the row was retracted and what replaces it")
    targets = ID_COLUMNS["citations"]
    cited = {column: set() for column in targets}
    for row in tables.get("citations", []):
        named = [column for column in targets if row.get(column)]
        if len(named) != 1:
            fail(
                "citations",
                row,
                "/".join(targets),
                f"names {len(named)} records",
                None,
                "fill exactly one of event_id, quote_id, statistic_id",
            )
        for column in named:
            cited[column].add(row[column])
    for table, column in (("events", "event_id"), ("quotes", "quote_id"), ("statistics", "statistic_id")):
        if "citations" not in tables:
            break
        for row in tables.get(table, []):
            if row[column] is not None and row[column] not in cited[column]:
                fail(
                    table,
                    row,
                    column,
                    "has no citation",
                    row[column],
                    f"add a row to citations with this {column}, a source and an excerpt",
                )
    by_id = {row["statistic_id"]: row for row in tables.get("statistics", [])}
    for row in tables.get("statistics", []):
        other = by_id.get(row.get("compare_with_id"))
        if other is None:
            continue
        if other is row:
            fail(
                "statistics",
                row,
                "compare_with_id",
                "points at the row itself",
                row["compare_with_id"],
                "point at the figure this one should be read against",
            )
        elif other["metric"] != row["metric"]:
            fail(
                "statistics",
                row,
                "compare_with_id",
                f"points at a statistic of metric {other['metric']}",
                row["compare_with_id"],
                f"compare only with a statistic whose metric is {row['metric']}",
            )


def check_unlisted_files(package, base_dir, problems):
    listed = {Path(r["path"]) for r in package["resources"]}
    for path in sorted((base_dir / "data").glob("*.csv")):
        rel = path.relative_to(base_dir)
        if rel not in listed:
            problems.append(
                Problem(
                    rel,
                    1,
                    "-",
                    "is not described in datapackage.json",
                    None,
                    "add a resource for it to datapackage.json or remove the file",
                )
            )


def validate(package_path):
    """Read and check the whole package; return (package, tables, file digests) or raise DataErrors."""
    package_path = Path(package_path)
    package = load_package(package_path)
    base_dir = package_path.parent
    problems, tables, digests = [], {}, {}
    check_unlisted_files(package, base_dir, problems)
    for resource in package["resources"]:
        tables[resource["name"]], digests[resource["path"]] = read_table(resource, base_dir, problems)
    check_keys(package["resources"], tables, problems)
    check_rules(package["resources"], tables, problems)
    if problems:
        raise DataErrors(problems)
    return package, tables, digests


# ---------------------------------------------------------------- writing


def creation_order(resources):
    """Referenced tables first, so that every FOREIGN KEY points at an existing table."""
    ordered, names = [], [r["name"] for r in resources]
    by_name = dict(zip(names, resources))
    pending = list(names)
    while pending:
        for name in pending:
            needs = {fk["reference"]["resource"] for fk in by_name[name]["schema"].get("foreignKeys", [])} - {"", name}
            if needs <= set(ordered):
                ordered.append(name)
                pending.remove(name)
                break
        else:
            raise ValueError("datapackage.json: foreign keys form a cycle: " + ", ".join(pending))
    return [by_name[name] for name in ordered]


def create_table(db, resource):
    schema = resource["schema"]
    fields = schema["fields"]
    db[resource["name"]].create(
        {f["name"]: SQLITE_TYPES[f.get("type", "string")] for f in fields},
        pk=schema["primaryKey"],
        not_null={f["name"] for f in fields if f.get("constraints", {}).get("required")},
        foreign_keys=[
            (fk["fields"], fk["reference"]["resource"] or resource["name"], fk["reference"]["fields"])
            for fk in schema.get("foreignKeys", [])
        ],
    )


def insert_rows(db, resource, rows):
    names = [f["name"] for f in resource["schema"]["fields"]]
    sql = "INSERT INTO [{}] ({}) VALUES ({})".format(resource["name"], ", ".join(f"[{n}]" for n in names), ", ".join("?" for _ in names))
    # executemany on prepared tuples: sqlite-utils' insert_all re-derives SQL per batch, several times slower at 100k rows.
    db.conn.executemany(sql, ([row[n] for n in names] for row in rows))


def facet_columns(metadata):
    tables = (metadata.get("databases", {}).get("tracker", {}) or {}).get("tables", {}) or {}
    for table, config in tables.items():
        for facet in (config or {}).get("facets", []):
            if isinstance(facet, str):
                yield table, facet
            elif isinstance(facet, dict):
                yield table, next(iter(facet.values()))


def create_indexes(db, resources, metadata):
    wanted = set()
    for resource in resources:
        for fk in resource["schema"].get("foreignKeys", []):
            wanted.add((resource["name"], fk["fields"]))
    table_names = set(db.table_names())
    for table, column in facet_columns(metadata):
        if table in table_names and column in db[table].columns_dict:
            wanted.add((table, column))
    for table, column in sorted(wanted):
        db[table].create_index([column], if_not_exists=True)
    if "events" in table_names:
        db["events"].create_index(["date_start"], if_not_exists=True)


def search_rows(tables):
    """One row per searchable record: its own text plus the names and spellings of linked actors,
    so that either Arabic spelling of a name finds the events and quotes of that person."""
    actors = {a["actor_id"]: a for a in tables.get("actors", [])}
    locations = {loc["location_id"]: loc for loc in tables.get("locations", [])}

    def own_text(row):
        return [str(v) for k, v in row.items() if v and SEARCHED_COLUMN.search(k)]

    def actor_text(actor_id):
        actor = actors.get(actor_id)
        return [actor["name_en"], actor["name_ar"], actor.get("aliases") or ""] if actor else []

    linked = {}
    for link in tables.get("event_actors", []):
        linked.setdefault(link["event_id"], []).extend(actor_text(link["actor_id"]))
    for table in SEARCHED_TABLES:
        key = table[:-1] + "_id"
        for row in tables.get(table, []):
            text = own_text(row)
            if table == "events":
                text += linked.get(row["event_id"], [])
                location = locations.get(row.get("location_id"))
                text += [location["name_en"], location["name_ar"]] if location else []
            elif table == "quotes":
                text += actor_text(row["speaker_id"])
            elif table == "statistics":
                text += actor_text(row.get("stated_by"))
            title = row.get("title_en") or row.get("name_en") or row.get("label_en") or row.get("text_en")
            yield {
                "table_name": table,
                "row_id": row[key],
                "title": title,
                "date": row.get("date_start") or row.get("said_date") or row.get("as_of_date"),
                "search_text": normalize(" \n".join(t for t in text if t)),
            }


def write_search_index(db, tables):
    db["search_index"].create(
        {"table_name": str, "row_id": str, "title": str, "date": str, "search_text": str},
        pk=("table_name", "row_id"),
    )
    db["search_index"].insert_all(search_rows(tables))
    db["search_index"].enable_fts(["search_text"], tokenize="unicode61 remove_diacritics 2")


def write_dataset_info(db, package, tables, digests, built_at):
    rows = [("version", package.get("version", "")), ("built_at", built_at)]
    rows += [(f"sha256:{path}", digest) for path, digest in sorted(digests.items())]
    rows += [(f"rows:{name}", str(len(table_rows))) for name, table_rows in tables.items()]
    db["dataset_info"].insert_all(({"key": k, "value": v} for k, v in rows), pk="key")


def build_time():
    """SOURCE_DATE_EPOCH (the reproducible-builds convention) pins the time for identical rebuilds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc) if epoch else datetime.datetime.now(datetime.timezone.utc)
    return moment.replace(microsecond=0).isoformat()


def write_database(path, package, tables, digests, metadata):
    db = sqlite_utils.Database(path)
    db.conn.execute("PRAGMA journal_mode = OFF")
    db.conn.execute("PRAGMA synchronous = OFF")
    resources = creation_order(package["resources"])
    with db.conn:
        for resource in resources:
            create_table(db, resource)
            insert_rows(db, resource, tables[resource["name"]])
        create_indexes(db, resources, metadata)
        write_search_index(db, tables)
        write_dataset_info(db, package, tables, digests, build_time())
        for sql in VIEWS:
            db.conn.execute(sql)
    db.conn.execute("VACUUM")
    db.close()


def write_inspect_file(db_path, inspect_path):
    # Run beside the file so that the inspect data names it as Datasette's config directory mode expects.
    command = [sys.executable, "-m", "datasette", "inspect", db_path.name, "--inspect-file", str(Path(inspect_path).resolve())]
    subprocess.run(command, check=True, cwd=db_path.parent)


def build(db_path="tracker.db", package_path="datapackage.json", metadata_path=None, progress=None):
    """Validate, then write db_path and its inspect file atomically. Raises DataErrors on bad data."""
    db_path, package_path = Path(db_path), Path(package_path)
    say = progress or (lambda message: None)
    started = time.monotonic()
    package, tables, digests = validate(package_path)
    say(f"validated {sum(map(len, tables.values()))} rows in {time.monotonic() - started:.1f}s")
    metadata_path = Path(metadata_path) if metadata_path else package_path.parent / "metadata.yml"
    metadata = yaml.safe_load(metadata_path.read_text(encoding="utf-8")) if metadata_path.exists() else {}
    db_path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{db_path.stem}-", suffix=".db", dir=db_path.parent)
    os.close(handle)
    os.unlink(temp_name)
    inspect_path = db_path.parent / "inspect-data.json"
    temp_inspect = Path(temp_name).with_suffix(".json")
    try:
        write_database(temp_name, package, tables, digests, metadata)
        say(f"wrote the database in {time.monotonic() - started:.1f}s")
        # Inspect the file under its final name: Datasette keys the inspect data by database name.
        final_named = Path(temp_name).parent / f".inspect-{os.getpid()}" / db_path.name
        final_named.parent.mkdir()
        os.link(temp_name, final_named)
        try:
            write_inspect_file(final_named, temp_inspect)
        finally:
            final_named.unlink()
            final_named.parent.rmdir()
        os.replace(temp_name, db_path)
        os.replace(temp_inspect, inspect_path)
    finally:
        for leftover in (Path(temp_name), temp_inspect):
            if leftover.exists():
                leftover.unlink()
    say(f"built {db_path} in {time.monotonic() - started:.1f}s")
    return db_path


VIEWS = [
    """CREATE VIEW timeline AS
    SELECT e.event_id, e.date_start, e.date_end, e.date_precision, substr(e.date_start, 1, 7) AS month,
           e.event_type, e.title_en, e.title_ar,
           l.name_en AS location_en, e.killed_low, e.killed_high, e.certainty, e.status,
           (SELECT count(*) FROM citations c WHERE c.event_id = e.event_id) AS citation_count
    FROM events e LEFT JOIN locations l ON l.location_id = e.location_id
    ORDER BY e.date_start, e.event_id""",
    """CREATE VIEW events_map AS
    SELECT e.event_id, e.date_start, e.event_type, e.title_en, e.title_ar, e.certainty,
           e.killed_low, e.killed_high, l.location_id, l.name_en AS location_en, l.geo_precision,
           l.latitude, l.longitude,
           json_object(
             'title', e.title_en,
             'description', e.date_start || ' · ' || l.name_en ||
               CASE WHEN l.geo_precision >= 3 THEN ' (approximate position, precision ' || l.geo_precision || ')' ELSE '' END,
             'link', '/tracker/events/' || e.event_id
           ) AS popup
    FROM events e JOIN locations l ON l.location_id = e.location_id
    WHERE e.status = 'active'""",
    """CREATE VIEW quotes_with_speakers AS
    SELECT q.quote_id, q.said_date, a.name_en AS speaker_en, a.name_ar AS speaker_ar, q.speaker_id,
           q.text, q.text_language, q.text_en, q.text_ar, q.translation_note, q.quote_kind,
           q.event_id, e.title_en AS event_title_en, q.status
    FROM quotes q JOIN actors a ON a.actor_id = q.speaker_id
    LEFT JOIN events e ON e.event_id = q.event_id
    ORDER BY q.said_date, q.quote_id""",
    """CREATE VIEW claims_vs_figures AS
    SELECT c.statistic_id AS claim_id, c.metric, c.label_en AS claim_label_en, c.label_ar AS claim_label_ar,
           c.value AS claimed_value, c.value_qualifier AS claimed_qualifier, c.unit,
           ca.name_en AS claimed_by, c.as_of_date AS claimed_on,
           f.statistic_id AS figure_id, f.label_en AS figure_label_en, f.value AS figure_value,
           f.value_qualifier AS figure_qualifier, f.statistic_kind AS figure_kind,
           fa.name_en AS figure_by, f.period_start AS figure_period_start, f.period_end AS figure_period_end,
           CASE WHEN f.value > 0 THEN round(c.value / f.value, 2) END AS claim_to_figure_ratio
    FROM statistics c
    LEFT JOIN statistics f ON f.statistic_id = c.compare_with_id
    LEFT JOIN actors ca ON ca.actor_id = c.stated_by
    LEFT JOIN actors fa ON fa.actor_id = f.stated_by
    WHERE c.statistic_kind = 'claim'""",
    """CREATE VIEW strike_campaign_running_totals AS
    SELECT e.event_id, e.date_start, l.name_en AS sea_area, e.vessels, e.killed_low, e.killed_high, e.survivors,
           count(*) OVER w AS strikes_to_date,
           sum(coalesce(e.killed_low, 0)) OVER w AS killed_low_to_date,
           sum(coalesce(e.killed_high, e.killed_low, 0)) OVER w AS killed_high_to_date,
           count(*) OVER a AS strikes_in_area_to_date,
           sum(coalesce(e.killed_low, 0)) OVER a AS killed_low_in_area_to_date
    FROM events e LEFT JOIN locations l ON l.location_id = e.location_id
    WHERE e.event_type = 'lethal_strike' AND e.status = 'active'
    WINDOW w AS (ORDER BY e.date_start, e.event_id ROWS UNBOUNDED PRECEDING),
           a AS (PARTITION BY e.location_id ORDER BY e.date_start, e.event_id ROWS UNBOUNDED PRECEDING)
    ORDER BY e.date_start, e.event_id""",
    """CREATE VIEW strike_tally_reconciliation AS
    SELECT s.statistic_id, s.metric, s.as_of_date, s.value AS reported_value, s.value_qualifier,
           src.outlet AS reported_by,
           (SELECT count(*) FROM events e WHERE e.event_type = 'lethal_strike' AND e.status = 'active'
              AND e.date_start <= s.as_of_date) AS strikes_in_dataset,
           (SELECT sum(coalesce(e.vessels, 0)) FROM events e WHERE e.event_type = 'lethal_strike' AND e.status = 'active'
              AND e.date_start <= s.as_of_date) AS vessels_in_dataset,
           (SELECT sum(coalesce(e.killed_low, 0)) FROM events e WHERE e.event_type = 'lethal_strike'
              AND e.status = 'active' AND e.date_start <= s.as_of_date) AS killed_low_in_dataset,
           (SELECT sum(coalesce(e.killed_high, e.killed_low, 0)) FROM events e WHERE e.event_type = 'lethal_strike'
              AND e.status = 'active' AND e.date_start <= s.as_of_date) AS killed_high_in_dataset,
           s.notes
    FROM statistics s
    LEFT JOIN citations c ON c.citation_id = (SELECT min(citation_id) FROM citations WHERE statistic_id = s.statistic_id)
    LEFT JOIN sources src ON src.source_id = c.source_id
    WHERE s.metric IN ('boat-strikes-count-cumulative', 'boat-strikes-killed-cumulative', 'boat-strikes-vessels-cumulative')
      AND s.status = 'active'
    ORDER BY s.as_of_date, s.metric""",
]


def main(argv=None):
    parser = argparse.ArgumentParser(description="Validate the data package and build the SQLite database served by Datasette.")
    parser.add_argument("--package", default="datapackage.json", help="path of the data package (default: datapackage.json)")
    parser.add_argument(
        "--output",
        default="tracker.db",
        help="database to write; Datasette's inspect file is written beside it as inspect-data.json (default: tracker.db)",
    )
    parser.add_argument(
        "--metadata", default=None, help="Datasette metadata whose default facets get indexes (default: metadata.yml beside the package)"
    )
    parser.add_argument("--quiet", action="store_true", help="print nothing on success")
    args = parser.parse_args(argv)
    progress = None if args.quiet else (lambda message: print(message, file=sys.stderr))
    try:
        build(args.output, args.package, args.metadata, progress)
    except DataErrors as errors:
        print(errors, file=sys.stderr)
        print(f"{len(errors.problems)} problem(s); nothing was written.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
