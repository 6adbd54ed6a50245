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
import codecs
import concurrent.futures
import contextlib
import csv
import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import sys
import time
from pathlib import Path

from tracker import actor_lists, background, csv_work, evidence, inputs, output, releases, sort_indexes, view_tables, work_database
from tracker.cells import cell_checker
from tracker.copy_tables import copy_tables
from tracker.problems import DataErrors, Problem, ProblemLog, escaped, shortened

# Each citation names exactly one of these; each row of these tables needs a citation.
CITED_BY = {"event_id": "events", "quote_id": "quotes", "statistic_id": "statistics"}
SQLITE_TYPES = {"string": str, "date": str, "integer": int, "number": float, "boolean": int}
# Bytes of CSV from which the evidence check runs in a second process when the package is only checked
# (validate(); a build runs it in the second process of tracker/csv_work.py). About 0.1 s to start one.
BACKGROUND_EVIDENCE_FROM = 8 << 20


# ---------------------------------------------------------------- reading


def load_package(package_path):
    """datapackage.json, its shape checked (see tracker/inputs.py). Raises DataErrors."""
    return inputs.load_package(package_path)


def digest_of_utf8_file(path, rel):
    """SHA-256 of the file, read in chunks; raises Problem, with its line, where the file is not UTF-8."""
    digest, decoder, offset = hashlib.sha256(), codecs.getincrementaldecoder("utf-8")(), 0
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as error:
                raise not_utf8(path, rel, offset + error.start - len(decoder.getstate()[0])) from None
            offset += len(chunk)
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise not_utf8(path, rel, offset - len(decoder.getstate()[0])) from None
    return digest.hexdigest()


def not_utf8(path, rel, position):
    with open(path, "rb") as f:
        before = f.read(max(position, 0))
        bad = f.read(4)
    fix = "save the file as UTF-8 (CSV UTF-8 in spreadsheet programs)"
    return Problem(rel, before.count(b"\n") + 1, "-", "is not UTF-8 text", bad.hex(" "), fix)


def read_rows(f, rel):
    """Yield (line number, cells) for every record of an open CSV file; line numbers are where the record starts."""
    reader = csv.reader(f, strict=True)
    line = 1
    try:
        for cells in reader:
            yield line, cells
            line = reader.line_num + 1
    except csv.Error as error:
        fix = "close every quoted cell with a double quote and double any quote inside it"
        raise Problem(rel, line, "-", f"the CSV cannot be read: {error}", None, fix) from None


def stream_table(resource, base_dir, problems, digests, unreadable, known=None):
    """Yield the checked records of one CSV (see check_records), recording its digest; a file that
    cannot be read to the end is added to unreadable."""
    rel = resource["path"]
    fields = resource["schema"]["fields"]
    names = [f["name"] for f in fields]
    path = base_dir / rel
    if not path.is_file():
        problems.append(Problem(rel, 1, "-", "file not found", None, f"create {rel} with the header row: {','.join(names)}"))
        unreadable.add(resource["name"])
        return
    try:
        digests[rel] = digest_of_utf8_file(path, rel)
        # Streamed, never read whole: at 100,000 events the files and their rows would not fit the memory budget.
        f = open(path, encoding="utf-8-sig", newline="")
    except Problem as problem:
        problems.append(problem)
        unreadable.add(resource["name"])
        return
    with f:
        yield from check_records(read_rows(f, rel), resource, problems, unreadable, known)


def check_records(records, resource, problems, unreadable, known=None):
    """Yield (line, values, whole) for each record, every cell checked and typed.

    values follow the schema's field order, with None for a bad cell (which then counts as missing for
    the checks across rows, so they say nothing more about it); whole is False when the record had the
    wrong number of cells: then only its first cell, most likely its ID, is kept, so that rows referring
    to it raise no further errors. known: {column: values that pass its checks} (see known_valid)."""
    rel = resource["path"]
    fields = resource["schema"]["fields"]
    names = [f["name"] for f in fields]
    try:
        header = next(records, (1, None))[1]
        if not header:
            raise Problem(rel, 1, "-", "the file is empty", None, f"start it with the header row: {','.join(names)}")
        check_header(header, names, rel)
        checks = [cell_checker(f, rel) for f in fields]
        for position, field in enumerate(fields):
            if field["name"] in (known or {}):
                checks[position] = found_or_checked(known[field["name"]], checks[position])
        # An empty cell of an optional field is None whatever its type: decided here, without a call per cell.
        optional = [not f.get("constraints", {}).get("required") for f in fields]
        for line, cells in records:
            if not cells:
                problems.append(Problem(rel, line, "-", "blank line", None, "delete the empty line"))
                continue
            if len(cells) != len(names):
                what = "too many" if len(cells) > len(names) else "too few"
                fix = "check for a stray comma or an unquoted comma inside a cell"
                problems.append(Problem(rel, line, "-", f"{what} cells: {len(cells)} instead of {len(names)}", None, fix))
                yield line, [cells[0] or None] + [None] * (len(names) - 1), False
                continue
            try:
                values = [check(value, line) if value or not empty_is_none else None for check, value, empty_is_none in zip(checks, cells, optional)]
            except Problem:
                values = checked_one_by_one(checks, cells, line, problems)
            yield line, values, True
    except Problem as problem:
        problems.append(problem)
        unreadable.add(resource["name"])


def found_or_checked(known, check):
    """A cell check that passes a value of known at once: a dictionary look-up instead of a regular expression."""

    def checked(value, line):
        return value if value in known else check(value, line)

    return checked


def checked_one_by_one(checks, cells, line, problems):
    """The slow path for a row with a bad cell: every problem of the row, and None for each bad cell."""
    values = []
    for check, value in zip(checks, cells):
        try:
            values.append(check(value, line))
        except Problem as problem:
            problems.append(problem)
            values.append(None)
    return values


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


class Checks:
    """The checks that span rows and tables. Tables stream past one by one, referenced tables first;
    only keys and the few values the rules need are kept, never whole rows."""

    def __init__(self, problems, unreadable):
        self.problems, self.unreadable = problems, unreadable
        self.keys = {}  # (table, column) -> {value: line}
        self.deferred = []  # references into a table not read to the end yet (its own rows)
        self.cited = {column: set() for column in CITED_BY}
        self.metrics = {}  # statistic_id -> metric
        self.comparisons = []  # (line, statistic_id, compare_with_id, metric)
        self.unchecked_keys = set()  # tables with a record of the wrong length, whose first cell is kept unchecked

    def fail(self, resource, line, column, what, value, fix):
        self.problems.append(Problem(resource["path"], line, column, what, value, fix))

    def table(self, resource):
        """Return check(line, values, whole) for the rows of one table."""
        name, schema = resource["name"], resource["schema"]
        index = {f["name"]: i for i, f in enumerate(schema["fields"])}
        pk = schema["primaryKey"]
        pk = [pk] if isinstance(pk, str) else pk
        unique = [pk] + [[f["name"]] for f in schema["fields"] if f.get("constraints", {}).get("unique") and [f["name"]] != pk]
        seen = [(columns, [index[c] for c in columns], self.keys.setdefault((name, "+".join(columns)), {})) for columns in unique]
        references = [
            (index[fk["fields"]], fk["fields"], fk["reference"]["resource"] or name, fk["reference"]["fields"])
            for fk in schema.get("foreignKeys", [])
        ]
        # Keys of tables already read are final; references into this same table wait until it is read.
        resolved = [
            (position, column, target, target_column, None if target == name else self.keys.get((target, target_column), {}))
            for position, column, target, target_column in references
            if target not in self.unreadable
        ]
        rules = self.row_rules(resource, index)

        def check(line, values, whole):
            for columns, positions, keys in seen:
                # A one-column key is the value itself: no tuple to build for every row.
                key = values[positions[0]] if len(positions) == 1 else tuple(values[i] for i in positions)
                if key is None or (type(key) is tuple and None in key):
                    continue
                previous = keys.setdefault(key, line)
                if previous != line:
                    shown = "/".join(map(str, key)) if type(key) is tuple else key
                    self.fail(resource, line, "+".join(columns), f"duplicate of line {previous}", shown, "give each row its own value")
            for position, column, target, target_column, known in resolved:
                value = values[position]
                if value is None:
                    continue
                if known is None:
                    self.deferred.append((resource, line, column, value, target, target_column))
                elif value not in known:
                    self.missing_reference(resource, line, column, value, target, target_column)
            if whole:
                rules(line, values)
            else:
                self.unchecked_keys.add(name)

        return check

    def known_valid(self, resource, resources):
        """{column: the keys of the table it refers to}, for each reference to another table, already read,
        whose key is declared as the column is: a value found there has passed the column's own checks.
        (At 100,000 events, 1.3 million cells then skip a regular expression.)"""
        fields = {(r["name"], f["name"]): f for r in resources for f in r["schema"]["fields"]}
        known = {}
        for fk in resource["schema"].get("foreignKeys", []):
            column, target, target_column = fk["fields"], fk["reference"]["resource"], fk["reference"]["fields"]
            keys = self.keys.get((target, target_column))
            field, target_field = fields.get((resource["name"], column)), fields.get((target, target_column))
            whole = target != resource["name"] and target not in self.unchecked_keys
            if whole and keys is not None and field and target_field and same_checks(field, target_field):
                known[column] = keys
        return known

    def missing_reference(self, resource, line, column, value, target, target_column):
        fix = f"use an existing {target}.{target_column} or add that row to {target}"
        self.fail(resource, line, column, f"refers to no row of {target}", value, fix)

    def row_rules(self, resource, index):
        """The rules of one row that a Table Schema cannot say."""
        name = resource["name"]

        def positions(*columns):
            # A rule applies where the table has its columns: a package without them is refused elsewhere or needs no rule.
            return tuple(index[c] for c in columns) if all(c in index for c in columns) else None

        pairs = [(index[a], index[b], a, b) for a, b in (("date_start", "date_end"), ("period_start", "period_end")) if positions(a, b)]
        killed = positions("killed_low", "killed_high")
        coordinates = [(index[c], c) for c in ("latitude", "longitude") if c in index and name == "locations"]
        status = positions("status", "status_note")
        targets = [(index[c], c) for c in CITED_BY] if name == "citations" and positions(*CITED_BY) else None
        statistic = positions("statistic_id", "metric", "compare_with_id") if name == "statistics" else None

        def rules(line, values):
            for a, b, start, end in pairs:
                if values[a] and values[b] and values[b] < values[a]:
                    self.fail(resource, line, end, f"is before {start} {values[a]}", values[b], f"set {end} on or after {start}")
            if killed and values[killed[0]] is not None and values[killed[1]] is not None and values[killed[0]] > values[killed[1]]:
                fix = "killed_low is the lowest report, killed_high the highest"
                self.fail(resource, line, "killed_high", f"is smaller than killed_low {values[killed[0]]}", values[killed[1]], fix)
            for position, column in coordinates:
                value = values[position]
                if value is not None and round(value, 4) != value:
                    fix = "round it to 4 decimals (about 10 m); precision is in geo_precision"
                    self.fail(resource, line, column, "has more than 4 decimals", value, fix)
            if status and values[status[0]] == "retracted" and not values[status[1]]:
                fix = "say why the row was retracted and what replaces it"
                self.fail(resource, line, "status_note", "is empty on a retracted row", None, fix)
            if targets:
                named = [(column, values[i]) for i, column in targets if values[i]]
                if len(named) != 1:
                    fix = "fill exactly one of " + ", ".join(CITED_BY)
                    self.fail(resource, line, "/".join(CITED_BY), f"names {len(named)} records", None, fix)
                for column, value in named:
                    self.cited[column].add(value)
            if statistic:
                statistic_id, metric, compare_with = (values[i] for i in statistic)
                self.metrics[statistic_id] = metric
                if compare_with:
                    self.comparisons.append((line, statistic_id, compare_with, metric))

        return rules

    def finish(self, resources):
        """The checks that need every table: references within a table, citations, comparisons."""
        by_name = {r["name"]: r for r in resources}
        for resource, line, column, value, target, target_column in self.deferred:
            if value not in self.keys.get((target, target_column), ()):
                self.missing_reference(resource, line, column, value, target, target_column)
        if "citations" not in self.unreadable and "citations" in by_name:
            for column, table in CITED_BY.items():
                for value, line in self.keys.get((table, column), {}).items():
                    if value not in self.cited[column]:
                        fix = f"add a row to citations with this {column}, a source and an excerpt"
                        self.fail(by_name[table], line, column, "has no citation", value, fix)
        for line, statistic_id, compare_with, metric in self.comparisons:
            other = self.metrics.get(compare_with)
            if compare_with == statistic_id:
                fix = "point at the figure this one should be read against"
                self.fail(by_name["statistics"], line, "compare_with_id", "points at the row itself", compare_with, fix)
            elif other is not None and other != metric:
                fix = f"compare only with a statistic whose metric is {metric}"
                self.fail(by_name["statistics"], line, "compare_with_id", f"points at a statistic of metric {other}", compare_with, fix)


def same_checks(field, other):
    """Whether a non-empty value passes the cell checks of both fields or of neither."""

    def checks(f):
        constraints = {key: value for key, value in f.get("constraints", {}).items() if key not in ("required", "unique")}
        return f.get("type", "string"), f.get("trueValues"), f.get("falseValues"), constraints

    return checks(field) == checks(other)


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


def check_package(package, base_dir, write=None, say=None, evidence_run=None):
    """Check every table of the package, streaming each one past write(resource, rows) while no problem
    has been found. Return (row counts, file digests) or raise DataErrors with every problem found.
    evidence_run: the evidence check, begun (tracker/csv_work.py), or None to begin it here."""
    with contextlib.nullcontext(evidence_run) if evidence_run else evidence_check(package, base_dir) as evidence_run:
        counts, digests, problems = check_tables(package, base_dir, write, say)
        if not problems:  # the evidence checks read rows the checks above have already found well formed
            problems.extend(Problem(*problem) for problem in evidence_run.result())
    if problems:
        raise DataErrors(problems)
    return counts, digests


def check_tables(package, base_dir, write, say):
    """The streaming pass of check_package: (row counts, file digests, the problems found)."""
    problems, digests, unreadable, counts = ProblemLog(), {}, set(), {}
    check_unlisted_files(package, base_dir, problems)
    checks = Checks(problems, unreadable)
    resources = creation_order(package["resources"])
    for resource in resources:
        check_row = checks.table(resource)
        counts[resource["name"]] = 0

        known = checks.known_valid(resource, resources)

        def checked_rows(resource=resource, check_row=check_row, known=known):
            for line, values, whole in stream_table(resource, base_dir, problems, digests, unreadable, known):
                check_row(line, values, whole)
                counts[resource["name"]] += 1
                if not problems:
                    yield values

        if write is None or problems:
            for _ in checked_rows():
                pass
        else:
            write(resource, checked_rows())
        if say:
            say(f"{resource['path']}: {counts[resource['name']]} rows")
    checks.finish(resources)
    return counts, digests, problems


def evidence_check(package, base_dir):
    """tracker/evidence.py's check, started: in a second process beside the streaming pass when the
    files are large enough to repay starting one (see tracker/background.py), else run when asked."""
    separate = inputs.csv_bytes(package, base_dir) >= BACKGROUND_EVIDENCE_FROM
    return background.started(evidence.problems_or_what_is_lacking, package, base_dir, separate=separate)


def validate(package_path):
    """Check the whole package without writing anything; return the row count of every table."""
    package_path = Path(package_path)
    counts, _ = check_package(load_package(package_path), package_path.parent)
    return counts


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
    """Create the table from its schema and insert the rows (lists in field order) as they stream past."""
    create_table(db, resource)
    # Straight from the stream: sqlite-utils' insert_all builds dicts and SQL per batch, several times slower.
    work_database.insert_rows(db.conn, resource["name"], [f["name"] for f in resource["schema"]["fields"]], rows)


def facet_columns(metadata):
    for table, config in inputs.tracker_tables(metadata).items():
        for facet in (config or {}).get("facets", []):
            if isinstance(facet, str):
                yield table, facet
            elif isinstance(facet, dict):
                yield table, next(iter(facet.values()))


def create_indexes(db, resources, metadata):
    """Indexes for foreign keys, facets, month facets and the offered sorts of big tables (tracker/sort_indexes.py).

    The facets' combined indexes and the sort indexes come first, and an index of one column is left out
    where one of them, or the primary key, leads with that column and adds only primary-key columns: it
    serves every lookup of that column (at 100,000 events, five fewer passes over the biggest tables)."""
    table_names = set(db.table_names())
    singles = {(resource["name"], fk["fields"]) for resource in resources for fk in resource["schema"].get("foreignKeys", [])}
    facets = {}
    for table, column in facet_columns(metadata):
        if table in table_names and column in db[table].columns_dict:
            singles.add((table, column))
            facets.setdefault(table, []).append(column)
    if "events" in table_names:
        singles.add(("events", "date_start"))
    # A page filtered on a table's first default facet (events of one type) still counts every other
    # facet: one index holding them all, led by the first, answers those counts without the rows.
    combined = {
        table: list(dict.fromkeys(columns[:1] + db[table].pks + columns[1:]))
        for table, columns in sorted(facets.items())
        if len(columns) > 1 and not db[table].use_rowid
    }
    # First, so that they serve the sorts they lead with and the sort indexes' look at the ends of each column.
    for table, columns in combined.items():
        db[table].create_index(columns, if_not_exists=True)
    sort_indexes.create_sort_indexes(db, metadata)
    for table, column in sorted(singles):
        if table in table_names and not served_by_another(db[table], column):
            db[table].create_index([column], if_not_exists=True)
    # Month facets (plugins/month_facet.py) group by the month of a date: an index on that expression
    # turns a scan of every row into a walk along the index (32 -> 5 ms at 100,000 events).
    for table, config in inputs.tracker_tables(metadata).items():
        for facet in (config or {}).get("facets", []):
            column = facet.get("month") if isinstance(facet, dict) else None
            if column and table in table_names and column in db[table].columns_dict:
                db.execute(f"CREATE INDEX IF NOT EXISTS [idx_{table}_{column}_month] ON [{table}] (substr([{column}], 1, 7))")


def served_by_another(table, column):
    """Whether an index of table (a sqlite_utils Table) leads with column and adds only primary-key columns."""
    keys = set(table.pks)
    return any(index.columns[0] == column and set(index.columns[1:]) <= keys for index in table.indexes)


def write_dataset_info(db, release, counts, digests, built_at):
    """release: the version this build cites, its release and the data fingerprint (tracker/releases.py)."""
    rows = [("version", release["version"]), ("built_at", built_at)] + [(key, release[key]) for key in ("release", "released", "fingerprint", "unreleased")]
    rows += [(f"sha256:{path}", digest) for path, digest in sorted(digests.items())]
    rows += [(f"rows:{name}", str(count)) for name, count in counts.items()]
    db["dataset_info"].insert_all(({"key": k, "value": v} for k, v in rows), pk="key")


def build_time():
    """SOURCE_DATE_EPOCH (the reproducible-builds convention) pins the time for identical rebuilds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc) if epoch else datetime.datetime.now(datetime.timezone.utc)
    return moment.replace(microsecond=0).isoformat()


def write_database(path, package, base_dir, metadata, say):
    """Check the package while writing it to path; raise DataErrors (and leave path to be removed) on bad data."""
    db = work_database.open_new(path)
    db.conn.execute("PRAGMA cache_size = -65536")  # 64 MiB: primary-key indexes stay in memory while rows go in
    # SQLite's pages of 4 KiB: pages of 16 KiB made the build 1-2 s faster at 100,000 events, but every table
    # page of the site 20-30 ms slower (events 81 -> 104 ms), past the 100 ms the site keeps to.
    search_path, views_path = path.with_name("search.db"), path.with_name("views.db")
    # For a large package the evidence check and the search index are worked out from the CSV files in a
    # second process, all along.
    with csv_work.started(package, base_dir, search_path, metadata) as from_the_files:
        with db.conn:
            write = lambda resource, rows: insert_rows(db, resource, rows)  # noqa: E731
            counts, digests = check_package(package, base_dir, write, say, evidence_run=from_the_files)
        # The views' stored rows are worked out in a copy of the tables, beside the indexing below.
        shutil.copyfile(path, views_path)
        with view_tables.started(views_path, metadata, VIEWS) as views:
            with work_database.memory_mapped(db), db.conn:
                say("indexing foreign keys, facets and sortable columns")
                create_indexes(db, package["resources"], metadata)
                release = releases.write_history(db, package, base_dir, releases.files_fingerprint(digests))
                write_dataset_info(db, release, counts, digests, build_time())
                for sql in VIEWS:
                    db.conn.execute(sql)
                # Here, not beside the views' rows: this process would otherwise wait for them about as long.
                actor_lists.store_actor_lists(db, package)
            say("adding the views' rows and the search index")
            views.result()
            view_tables.store_view_rows(db, views_path)
            from_the_files.result()  # the search index
            copy_tables(db, search_path)
    for view in db.view_names():
        db.execute(f"SELECT * FROM [{view}] LIMIT 0")  # a view is only checked against its tables when it runs
    for worked_in in (views_path, search_path):
        os.remove(worked_in)
    db.close()
    return counts


def write_inspect_file(db_path, inspect_path):
    """Datasette's inspect data (table counts, file hash) for serving the file immutable, as Datasette's own
    inspect writes it (tests/test_build.py compares them). Written here rather than by Datasette: importing
    it cost the build 0.4 s, and the file's hash is worked out beside the counts."""
    db_path = Path(db_path)
    with concurrent.futures.ThreadPoolExecutor(1) as pool, open(db_path, "rb") as f:
        digest = pool.submit(hashlib.file_digest, f, "sha256")
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            counts = {table: row_count(conn, table) for (table,) in conn.execute("select name from sqlite_master where type='table'")}
        finally:
            conn.close()
        tables = {table: {"count": count} for table, count in counts.items()}
        data = {db_path.stem: {"hash": digest.result().hexdigest(), "size": db_path.stat().st_size, "file": db_path.name, "tables": tables}}
    Path(inspect_path).write_text(json.dumps(data, indent=2), encoding="utf-8")


def row_count(conn, table):
    try:
        return conn.execute(f"select count(*) from [{table}]").fetchone()[0]
    except sqlite3.DatabaseError:  # as Datasette counts: None where a table cannot be counted
        return None


def build(db_path="tracker.db", package_path="datapackage.json", metadata_path=None, progress=None):
    """Validate the package and write db_path and its inspect file atomically. Raises DataErrors on bad data
    or an output that cannot be written (see tracker/output.py)."""
    db_path, package_path = Path(db_path), Path(package_path)
    started = time.monotonic()

    def say(message):
        if progress:
            progress(f"[{time.monotonic() - started:5.1f}s] {message}")

    package = load_package(package_path)
    base_dir = package_path.parent
    metadata_file = Path(metadata_path) if metadata_path else base_dir / "metadata.yml"
    metadata = inputs.load_metadata(metadata_file, explicit=bool(metadata_path))
    inputs.check_release_files(base_dir, releases.RELEASES_DIR)
    package_inputs = [package_path, metadata_file] + [base_dir / r["path"] for r in package["resources"]]
    output.check_output(db_path, package_inputs, base_dir / "data")
    with output.private_directory(db_path, say) as work:
        try:
            counts = write_database(work / db_path.name, package, base_dir, metadata, say)
            say(f"checked and wrote {sum(counts.values())} rows; search index, views and indexes done")
            write_inspect_file(work / db_path.name, work / output.INSPECT_FILE)
        except sqlite3.OperationalError as error:
            if not any(sign in str(error) for sign in ("no such", "already exists", "reserved for internal use", "duplicate column")):
                raise output.cannot_write(db_path, error) from None
            fix = "keep the tables and columns that the views and search index of build_db.py use, under names of their own"
            raise DataErrors([Problem(package_path, 1, "-", "does not fit the database the build writes", str(error), fix)]) from None
        except (OSError, sqlite3.Error) as error:
            raise output.cannot_write(db_path, error) from None
        output.publish(work, db_path)
    say(f"built {db_path}")
    return db_path


VIEWS = [
    """CREATE VIEW timeline AS
    SELECT e.event_id, e.date_start, e.date_end, e.date_precision, substr(e.date_start, 1, 7) AS month,
           e.event_type, e.title_en, e.title_ar,
           l.name_en AS location_en, e.killed_low, e.killed_high, e.certainty, e.status,
           (SELECT count(*) FROM citations c WHERE c.event_id = e.event_id) AS citation_count
    FROM events e LEFT JOIN locations l ON l.location_id = e.location_id
    ORDER BY e.date_start, e.event_id""",
    f"""CREATE VIEW events_map AS
    SELECT *, {view_tables.MAP_POPUP} AS popup FROM (
      SELECT e.event_id, e.date_start, e.event_type, e.title_en, e.title_ar, e.certainty,
             e.killed_low, e.killed_high, l.location_id, l.name_en AS location_en, l.geo_precision,
             l.latitude, l.longitude
      FROM events e JOIN locations l ON l.location_id = e.location_id
      WHERE e.status = 'active'
    )""",
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
    # Every published tally of the strike campaign, whatever metric name it was filed under: its unit
    # says what it counts (strikes, vessels, people killed), and the difference is read against that.
    """CREATE VIEW strike_tally_reconciliation AS
    -- The dataset's totals are running sums over the days with strikes, worked out once (not once per
    -- tally, which took minutes at 100,000 events); each tally is joined to the last such day on or before
    -- its date. "+status" keeps SQLite from walking every active event by the status index.
    WITH strike_days AS MATERIALIZED (
      SELECT date_start, count(*) AS strikes, count(CASE WHEN survivors > 0 THEN 1 END) AS survivor_strikes,
             sum(vessels) AS vessels, sum(killed_low) AS killed_low, sum(coalesce(killed_high, killed_low)) AS killed_high
      FROM events WHERE event_type = 'lethal_strike' AND +status = 'active'
      GROUP BY date_start
    ),
    running AS MATERIALIZED (
      SELECT date_start, lead(date_start) OVER w AS next_strike_day,
             sum(strikes) OVER w AS strikes, sum(survivor_strikes) OVER w AS survivor_strikes, sum(vessels) OVER w AS vessels, sum(killed_low) OVER w AS killed_low, sum(killed_high) OVER w AS killed_high
      FROM strike_days WINDOW w AS (ORDER BY date_start ROWS UNBOUNDED PRECEDING)
    )
    SELECT statistic_id, metric, as_of_date, reported_value, value_qualifier, reported_by,
           strikes_in_dataset, survivor_strikes_in_dataset, vessels_in_dataset, killed_low_in_dataset,
           killed_high_in_dataset, measure,
           -- the one figure of the dataset the tally is read against, so that a reader needs no other column
           CASE measure
             WHEN 'strikes' THEN strikes_in_dataset
             WHEN 'strikes with survivors' THEN survivor_strikes_in_dataset
             WHEN 'vessels' THEN vessels_in_dataset
             WHEN 'killed' THEN CASE WHEN killed_low_in_dataset = killed_high_in_dataset THEN killed_low_in_dataset
                                     ELSE killed_low_in_dataset || '–' || killed_high_in_dataset END
           END AS in_dataset,
           CASE measure
             WHEN 'strikes' THEN reported_value - strikes_in_dataset
             WHEN 'strikes with survivors' THEN reported_value - survivor_strikes_in_dataset
             WHEN 'vessels' THEN reported_value - vessels_in_dataset
             WHEN 'killed' THEN CASE WHEN reported_value < killed_low_in_dataset THEN reported_value - killed_low_in_dataset
                                     WHEN reported_value > killed_high_in_dataset THEN reported_value - killed_high_in_dataset
                                     ELSE 0 END
           END AS difference,
           notes
    FROM (
      SELECT s.statistic_id, s.metric, s.as_of_date, s.value AS reported_value, s.value_qualifier,
             src.outlet AS reported_by,
             -- A count of strikes in which people survived is read against those strikes, not against all.
             CASE WHEN s.metric LIKE 'boat-strikes-survivor-instances-%' THEN 'strikes with survivors'
                  ELSE CASE s.unit WHEN 'strikes' THEN 'strikes' WHEN 'vessels' THEN 'vessels' WHEN 'people' THEN 'killed' END
             END AS measure,
             coalesce(r.strikes, 0) AS strikes_in_dataset,
             coalesce(r.survivor_strikes, 0) AS survivor_strikes_in_dataset,
             coalesce(r.vessels, 0) AS vessels_in_dataset,
             coalesce(r.killed_low, 0) AS killed_low_in_dataset,
             coalesce(r.killed_high, 0) AS killed_high_in_dataset,
             s.notes
      FROM statistics s
      -- the totals of the last day of strikes on or before the tally's date
      LEFT JOIN running r ON r.date_start <= s.as_of_date AND (r.next_strike_day IS NULL OR r.next_strike_day > s.as_of_date)
      LEFT JOIN citations c ON c.citation_id = (SELECT min(citation_id) FROM citations WHERE statistic_id = s.statistic_id)
      LEFT JOIN sources src ON src.source_id = c.source_id
      WHERE s.statistic_kind = 'reported_tally' AND s.metric LIKE 'boat-strikes-%'
        AND s.unit IN ('strikes', 'vessels', 'people') AND s.status = 'active'
    )
    ORDER BY as_of_date, metric, statistic_id""",
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
    parser.add_argument("--quiet", action="store_true", help="no progress lines, even on a terminal")
    args = parser.parse_args(argv)
    # Progress is for people watching a terminal; in a pipe or a log, stderr carries only the problems.
    show = sys.stderr.isatty() and not args.quiet
    progress = (lambda message: print(escaped(message), file=sys.stderr, flush=True)) if show else None
    try:
        with output.interruptible():
            build(args.output, args.package, args.metadata, progress)
    except DataErrors as errors:
        print(errors, file=sys.stderr)
        print(f"{errors.count} problem(s); nothing was written.", file=sys.stderr)
        return 1
    except output.Interrupted as interruption:
        print("build interrupted; no partial file was left.", file=sys.stderr)
        return 128 + interruption.signum
    except Exception as error:  # a fault of the build itself: still one line, and never the data in a traceback
        print(escaped(f"build_db.py: internal error ({type(error).__name__}: {shortened(str(error), 200)}); nothing was written"), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
