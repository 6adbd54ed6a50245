"""Reading datapackage.json and metadata.yml, and checking the package's shape before any row is read.

The build trusts nothing it reads: a package of the wrong shape (a missing key, a type the build does
not check, a foreign key it cannot follow, a pattern that is not a regular expression, a resource
path outside the package) is refused with one problem per line, never a traceback, and nothing is
written. Anything the build would otherwise have to ignore silently is refused too, so that a check
the package declares is never a check nobody runs.
"""

import contextlib
import csv
import datetime
import json
import math
import operator
import os
import re
from pathlib import Path, PurePosixPath

import yaml

from tracker.problems import UNPRINTABLE, DataErrors, Problem

TYPES = ("string", "integer", "number", "date", "boolean")
CONSTRAINTS = ("required", "unique", "pattern", "enum", "minimum", "maximum", "maxLength")
# Table and column names go into SQL inside [brackets] and into URLs: plain lowercase names only.
NAME = re.compile(r"[a-z][a-z0-9_]{0,62}")
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# What the build reads: comma-separated UTF-8 with a header row and doubled quotes.
DIALECT = {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True, "skipInitialSpace": False}
ENCODINGS = ("utf-8", "utf8", "utf-8-sig")


def load_package(package_path):
    """Read datapackage.json and check its shape; return it with one-column keys written as plain names.
    Raises DataErrors."""
    path = Path(package_path)
    text = read_text(path, "pass --package with the path of datapackage.json")
    try:
        package = json.loads(text, parse_constant=not_json)
    except json.JSONDecodeError as error:
        raise refusal(path, error.lineno, "-", "is not valid JSON", error.msg, "fix the JSON syntax") from None
    except (ValueError, RecursionError) as error:
        raise refusal(path, 1, "-", "is not valid JSON", str(error) or "nested too deeply", "fix the JSON syntax") from None
    problems = Shape(path, text).check(package)
    if problems:
        raise DataErrors(problems)
    return package


def load_metadata(metadata_path, explicit):
    """Read Datasette's metadata.yml (a mapping); an absent default file is an empty one. Raises DataErrors."""
    path = Path(metadata_path)
    if not explicit and not path.exists():
        return {}
    text = read_text(path, "pass --metadata with the path of metadata.yml")
    try:
        metadata = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        what = getattr(error, "problem", None) or "cannot be read"
        raise refusal(path, mark.line + 1 if mark else 1, "-", "is not valid YAML", what, "fix the YAML syntax") from None
    except RecursionError:
        raise refusal(path, 1, "-", "is not valid YAML", "nested too deeply", "fix the YAML syntax") from None
    if not isinstance(metadata, dict):
        what = "is empty" if metadata is None else "is not a mapping of settings"
        raise refusal(path, 1, "-", what, None, "restore the site's metadata (title, licence, tables) from git")
    where = facets_shape(metadata)
    if where:
        fix = "write databases: tracker: tables: TABLE: facets: as a list of column names (or {array: column}, {date: column})"
        raise refusal(path, 1, where, "is not shaped as Datasette reads it", None, fix)
    return metadata


def tracker_tables(metadata):
    """metadata.yml's settings of the tracker database's tables and views: {name: settings or None}."""
    return (metadata.get("databases", {}).get("tracker", {}) or {}).get("tables", {}) or {}


def facets_shape(metadata):
    """Where the part of metadata.yml that the build reads (the tables' default facets) is malformed, or None."""
    value = metadata
    for where in ("databases", "databases.tracker", "databases.tracker.tables"):
        value = value.get(where.rsplit(".", 1)[-1])
        if value is None:
            return None
        if not isinstance(value, dict):
            return where
    for table, config in value.items():
        where = f"databases.tracker.tables.{table}"
        if config is None:
            continue
        if not isinstance(config, dict):
            return where
        facets = config.get("facets", [])
        if not isinstance(facets, list):
            return where + ".facets"
        for facet in facets:
            named = list(facet.values()) if isinstance(facet, dict) and len(facet) == 1 else [facet]
            if not isinstance(named[0], str):
                return where + ".facets"
    return None


def read_text(path, fix_missing):
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise refusal(path, 0, "-", "file not found", None, fix_missing) from None
    except UnicodeDecodeError as error:
        raise refusal(path, 1, "-", "is not UTF-8 text", error.object[error.start : error.start + 4].hex(" "), "save it as UTF-8") from None
    except OSError as error:
        raise refusal(path, 0, "-", "cannot be read", error.strerror or str(error), fix_missing) from None


def refusal(path, line, column, what, value, fix):
    return DataErrors([Problem(path, line, column, what, value, fix)])


def not_json(constant):
    raise ValueError(f"{constant} is not a JSON number")


def unsafe_path(path):
    """Why a resource path is not a relative path to a CSV file inside the package, or None."""
    if not isinstance(path, str) or not path:
        return "is missing or not a single path"
    parts = PurePosixPath(path)
    if parts.is_absolute() or "\\" in path or ":" in path:
        return "is not a relative path inside the package"
    if ".." in parts.parts:
        return "leads outside the package"
    if UNPRINTABLE.search(path):
        return "holds an invisible or control character"
    if parts.suffix != ".csv":
        return "is not a .csv file"
    return None


def one_name(value):
    """A foreign key's fields: a name, or a list of exactly one name (both allowed by Table Schema)."""
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    return value if isinstance(value, str) else None


def is_date(value):
    try:
        return isinstance(value, str) and bool(DATE.fullmatch(value)) and bool(datetime.date.fromisoformat(value))
    except ValueError:
        return False


def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


# The JSON values each field type accepts in enum, minimum and maximum.
TYPED = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": is_number,
    "date": is_date,
    "boolean": lambda v: isinstance(v, bool),
}


class Shape:
    """The problems of a package's shape, each with the line of the resource or field it concerns."""

    def __init__(self, path, text):
        self.path, self.text, self.problems = path, text, []

    def fail(self, names, where, what, value, fix):
        self.problems.append(Problem(self.path, self.line_of(names), where, what, value, fix))

    def line_of(self, names):
        """The line of the "name": … entry of a resource, then of one of its fields, where found; else 1."""
        position, line = 0, 1
        for name in names:
            quoted = re.escape(json.dumps(name, ensure_ascii=False))
            match = re.compile(r'"name"\s*:\s*' + quoted).search(self.text, position)
            if not match:
                break
            position = match.start()
            line = self.text.count("\n", 0, position) + 1
        return line

    def check(self, package):
        if not isinstance(package, dict):
            self.fail((), "-", "is not a JSON object", None, 'write the package as { "name": …, "resources": [ … ] }')
            return self.problems
        version = package.get("version")
        if version is not None and not isinstance(version, str):
            self.fail((), "version", "is not a string", version, 'write it in quotes, e.g. "1.2.0"')
        resources = package.get("resources")
        if not isinstance(resources, list) or not resources:
            self.fail((), "resources", "is missing or not a list of tables", None, "describe every CSV file of data/ as a resource")
            return self.problems
        tables = {}
        for position, resource in enumerate(resources):
            self.resource(resource, position, tables)
        if not self.problems:
            for name, resource in tables.items():
                self.foreign_keys(name, resource, tables)
        if not self.problems:
            self.order(tables)
        return self.problems

    def resource(self, resource, position, tables):
        if not isinstance(resource, dict):
            self.fail((), f"resources[{position}]", "is not a JSON object", None, "describe the table with name, path and schema")
            return
        name = resource.get("name")
        if not isinstance(name, str) or not NAME.fullmatch(name):
            fix = "name the table with lowercase letters, digits and underscores, starting with a letter"
            self.fail((), f"resources[{position}].name", "is not a table name", name, fix)
            return
        if name in tables:
            self.fail((name,), name, "is the name of two resources", name, "give each resource its own name")
            return
        tables[name] = resource
        why = unsafe_path(resource.get("path"))
        if why:
            self.fail((name,), f"{name}.path", why, resource.get("path"), "use a relative path inside the package, such as data/events.csv")
        self.format(name, resource)
        schema = resource.get("schema")
        if not isinstance(schema, dict):
            self.fail((name,), f"{name}.schema", "is missing or not written inline", None, "describe the columns in schema.fields")
            return
        fields = schema.get("fields")
        if not isinstance(fields, list) or not fields:
            self.fail((name,), f"{name}.schema.fields", "is missing or empty", None, "list every column of the CSV file")
            return
        names = set()
        for index, field in enumerate(fields):
            self.field(name, index, field, names)
        key = schema.get("primaryKey")
        keys = [key] if isinstance(key, str) else key
        if not isinstance(keys, list) or not keys or not all(isinstance(k, str) and k in names for k in keys):
            self.fail(
                (name,), f"{name}.schema.primaryKey", "does not name columns of the table", key, "name the column that identifies a row"
            )
        missing = schema.get("missingValues", [""])
        if missing != [""]:
            self.fail(
                (name,),
                f"{name}.schema.missingValues",
                "is not supported by the build",
                missing,
                "remove it: only an empty cell is a missing value",
            )
        if not isinstance(schema.get("foreignKeys", []), list):
            self.fail((name,), f"{name}.schema.foreignKeys", "is not a list", None, "list each foreign key as an object")

    def format(self, name, resource):
        encoding = resource.get("encoding", "utf-8")
        if not isinstance(encoding, str) or encoding.lower() not in ENCODINGS:
            self.fail((name,), f"{name}.encoding", "is not UTF-8", encoding, 'remove it or write "utf-8": the build reads UTF-8 only')
        dialect = resource.get("dialect", {})
        odd = [key for key in dialect if dialect[key] != DIALECT.get(key, dialect[key])] if isinstance(dialect, dict) else ["dialect"]
        odd += [key for key in ("escapeChar", "commentChar", "commentRows") if isinstance(dialect, dict) and key in dialect]
        if odd:
            fix = "remove it: the build reads comma-separated values with a header row and doubled quotes"
            self.fail((name,), f"{name}.dialect", "is not what the build reads", ", ".join(odd), fix)

    def field(self, table, index, field, names):
        if not isinstance(field, dict):
            self.fail((table,), f"{table}.schema.fields[{index}]", "is not a JSON object", None, "describe the column with name and type")
            return
        name = field.get("name")
        if not isinstance(name, str) or not NAME.fullmatch(name):
            fix = "name the column with lowercase letters, digits and underscores, starting with a letter"
            self.fail((table,), f"{table}.schema.fields[{index}].name", "is not a column name", name, fix)
            return
        where, at = f"{table}.{name}", (table, name)
        if name in names:
            self.fail(at, where, "is the name of two columns", name, "give each column its own name")
        names.add(name)
        kind = field.get("type", "string")
        if kind not in TYPES:
            self.fail(at, where, "has a type the build does not check", kind, "use one of: " + ", ".join(TYPES))
            return
        if field.get("format", "default") != "default":
            self.fail(at, where, "has a format the build does not check", field.get("format"), 'remove "format"')
        for values in ("trueValues", "falseValues"):
            if values in field and (
                kind != "boolean" or not isinstance(field[values], list) or not all(isinstance(v, str) for v in field[values])
            ):
                self.fail(
                    at, where, f"has {values} that the build cannot use", field[values], "give a list of strings, on a boolean field only"
                )
        constraints = field.get("constraints", {})
        if not isinstance(constraints, dict):
            self.fail(at, where, "has constraints that are not a JSON object", None, 'write them as { "required": true, … }')
            return
        for key, value in constraints.items():
            problem = self.constraint(kind, key, value)
            if problem:
                self.fail(at, where, f"has a constraint {key} that {problem}", value, "fix or remove it")

    @staticmethod
    def constraint(kind, key, value):
        """Why a constraint cannot be checked as written, or None."""
        if key not in CONSTRAINTS:
            return "the build does not check (it checks " + ", ".join(CONSTRAINTS) + ")"
        if key in ("required", "unique"):
            return None if isinstance(value, bool) else "is not true or false"
        if key == "maxLength":
            return None if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else "is not a whole number of characters"
        if key == "pattern":
            if not isinstance(value, str):
                return "is not a string"
            try:
                re.compile(value)
            except (re.error, RecursionError, OverflowError) as error:
                return f"is not a regular expression ({error})"
            return None
        if key == "enum":
            if not isinstance(value, list) or not value:
                return "is not a list of values"
            return None if all(TYPED[kind](v) for v in value) else f"holds values that are not of type {kind}"
        if kind not in ("integer", "number", "date"):
            return f"does not apply to a {kind} field"
        return None if TYPED[kind](value) else f"is not of type {kind}"

    def foreign_keys(self, name, resource, tables):
        fields = {f["name"]: f for f in resource["schema"]["fields"]}
        for fk in resource["schema"].get("foreignKeys", []):
            column = one_name(fk.get("fields")) if isinstance(fk, dict) else None
            reference = fk.get("reference") if isinstance(fk, dict) else None
            target = reference.get("resource", "") if isinstance(reference, dict) else None
            target = name if target == "" else target
            target_column = one_name(reference.get("fields")) if isinstance(reference, dict) else None
            where, fix = f"{name}.schema.foreignKeys", "write one column and the table and column it refers to"
            if column is None or target_column is None or not isinstance(target, str):
                self.fail((name,), where, "is not a foreign key of one column the build can follow", json.dumps(fk), fix)
            elif column not in fields:
                self.fail((name,), where, "names a column the table does not have", column, fix)
            elif target not in tables:
                self.fail((name,), where, "refers to a table the package does not have", target, fix)
            elif not self.identifies(tables[target], target_column):
                fix = "refer to the primary key or a unique column"
                self.fail((name,), where, f"refers to a column that does not identify a row of {target}", target_column, fix)
            else:
                fk["fields"], reference["fields"] = column, target_column
                reference.setdefault("resource", "")

    @staticmethod
    def identifies(resource, column):
        schema = resource["schema"]
        if schema.get("primaryKey") in (column, [column]):
            return True
        return any(f["name"] == column and f.get("constraints", {}).get("unique") is True for f in schema["fields"])

    def order(self, tables):
        """Referenced tables are created first; foreign keys in a cycle leave no table to start with."""
        done, pending = set(), dict(tables)
        while pending:
            ready = [
                name
                for name, resource in pending.items()
                if {fk["reference"]["resource"] for fk in resource["schema"].get("foreignKeys", [])} - {"", name} <= done
            ]
            if not ready:
                self.fail((), "foreignKeys", "form a cycle between tables", ", ".join(pending), "let one of these tables refer to no other")
                return
            done.update(ready)
            for name in ready:
                del pending[name]


# ---------------------------------------------------------------- release files

RELEASE_NAME = re.compile(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)")
OPTIONAL_TEXT = (str, type(None))
# The shape of releases/X.Y.Z.json as the build reads it (tracker/releases.py writes it): {key: shape},
# where a shape is a Python type, a tuple of them, or ("list" / "map" / "pair", shape of the items).
CHANGE = {"key": str, "changes": ("map", ("pair", OPTIONAL_TEXT)), "reason": OPTIONAL_TEXT}
TABLE_CHANGE = {"columns": ("list", str), "added": ("map", ("map", OPTIONAL_TEXT)), "changed": ("list", CHANGE), "removed": ("list", str)}
RELEASE = {"version": str, "released": str, "previous": OPTIONAL_TEXT, "fingerprint": str, "tables": ("map", TABLE_CHANGE)}


# table -> _ReadOnce, while read_once() is open
_READ_ONCE = {}


@contextlib.contextmanager
def read_once(columns, readers=2):
    """While open, the CSV file of each table of columns ({table: columns}) is read once, for those columns,
    and its rows kept until read_columns() has served them `readers` times: the evidence check and the
    search index read the same large files in one process (tracker/csv_work.py)."""
    _READ_ONCE.update({table: _ReadOnce(list(dict.fromkeys(wanted)), readers) for table, wanted in columns.items()})
    try:
        yield
    finally:
        _READ_ONCE.clear()


class _ReadOnce:
    def __init__(self, columns, readers):
        self.columns, self.readers, self.rows, self.header = columns, readers, None, None

    def read(self, package, base_dir, table, columns, optional):
        """read_columns() from the kept rows, or None where they cannot serve (then the file is read as usual)."""
        if self.rows is None:
            try:
                self.rows = list(_read_file(package, base_dir, table, self.columns, self.columns))
                self.header = set(_header(package, base_dir, table))
            except Exception:  # a file unlike the build's: each reader reads it, and fails, as it would without this
                self.rows = False
        if self.rows is False or not set(columns) <= set(self.columns):
            return None
        missing = [column for column in columns if column not in self.header and column not in optional]
        positions = [self.columns.index(column) for column in columns]
        rows = self.rows
        self.readers -= 1
        if self.readers <= 0:
            self.rows = False
        return _served(rows, missing, _picker(positions))


def _served(rows, missing, picker):
    if missing:
        raise KeyError(missing[0])
    for line, cells in rows:
        yield line, picker(cells)


def _picker(positions):
    """cells -> the tuple of the cells at positions (a tuple even of one cell)."""
    picker = operator.itemgetter(*positions)
    return picker if len(positions) > 1 else lambda cells: (picker(cells),)


def _header(package, base_dir, table):
    resource = next(r for r in package["resources"] if r["name"] == table)
    with open(base_dir / resource["path"], encoding="utf-8-sig", newline="") as f:
        return next(csv.reader(f))


def read_columns(package, base_dir, table, columns, optional=()):
    """Yield (line, cells) for every record of a table's CSV file: a tuple of the cells of the given
    columns, in that order; line is where the record starts, as the build counts. A missing column
    raises KeyError, naming it, unless it is optional: then its cells read as empty."""
    kept = _READ_ONCE.get(table)
    served = kept.read(package, base_dir, table, columns, optional) if kept else None
    return _read_file(package, base_dir, table, columns, optional) if served is None else served


def _read_file(package, base_dir, table, columns, optional=()):
    resource = next(r for r in package["resources"] if r["name"] == table)
    with open(base_dir / resource["path"], encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        missing = [column for column in columns if column not in header]
        for column in missing:
            if column not in optional:
                raise KeyError(column)
        # The cells read, picked by position: a dict of every row took half as long again as reading it.
        positions = [header.index(column) if column in header else len(header) for column in columns]
        cells_of = _picker(positions)
        line = reader.line_num + 1
        for cells in reader:
            try:
                picked = cells_of(cells + [""] if missing else cells)
            except IndexError:  # a short record, as in a file with a quote left open: the first cell it lacks
                raise KeyError(next(c for c, p in zip(columns, positions) if p >= len(cells))) from None
            yield line, picked
            line = reader.line_num + 1


def csv_bytes(package, base_dir):
    """The size of the package's CSV files together: what decides whether work is worth a second process."""
    return sum(os.stat(base_dir / r["path"]).st_size for r in package["resources"] if os.path.isfile(base_dir / r["path"]))


def check_release_files(base_dir, folder="releases"):
    """Raise DataErrors, one problem per file, for release files the build cannot read."""
    problems = []
    directory = Path(base_dir) / folder
    for path in sorted(directory.glob("*.json")) if directory.is_dir() else []:
        if not RELEASE_NAME.fullmatch(path.stem):
            continue
        rel = f"{folder}/{path.name}"
        fix = "restore the file from git: release files are written by make release, never by hand"
        try:
            release = json.loads(path.read_text(encoding="utf-8"), parse_constant=not_json)
        except json.JSONDecodeError as error:
            problems.append(Problem(rel, error.lineno, "-", "is not valid JSON", error.msg, fix))
            continue
        except (ValueError, RecursionError, OSError) as error:
            problems.append(Problem(rel, 1, "-", "cannot be read", str(error), fix))
            continue
        where = misshapen(release, RELEASE, "")
        if where is None and release["version"] != path.stem:
            where = "version"
        if where is not None:
            problems.append(Problem(rel, 1, where or "-", "is not what a release file holds", None, fix))
    if problems:
        raise DataErrors(problems)


def misshapen(value, shape, where):
    """The place in value (a dotted path) that does not have the shape, or None."""
    if isinstance(shape, dict):
        if not isinstance(value, dict):
            return where
        for key, inner in shape.items():
            found = misshapen(value.get(key), inner, f"{where}.{key}".strip("."))
            if found is not None:
                return found
        return None
    if isinstance(shape, tuple) and shape and shape[0] in ("list", "map", "pair"):
        kind, inner = shape
        if not isinstance(value, dict if kind == "map" else list) or (kind == "pair" and len(value) != 2):
            return where
        items = value.items() if kind == "map" else ((f"[{i}]", item) for i, item in enumerate(value))
        places = ((f"{where}.{key}" if kind == "map" else f"{where}{key}", item) for key, item in items)
        return next((found for place, item in places if (found := misshapen(item, inner, place)) is not None), None)
    return None if isinstance(value, shape) else where
