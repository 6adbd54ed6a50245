"""Releases of the data: a fingerprint of the package's data, the change file of each release, the
data CHANGELOG, and the history of every row built from the change files.

The fingerprint is SHA-256 over the lines `SHA256  PATH` of the data files, sorted by path: what
`sha256sum data/*.csv | sha256sum` prints, so anyone holding the CSVs can check a citation's data.
The build has the file digests already, so the fingerprint costs it nothing.

A release file, releases/X.Y.Z.json beside datapackage.json, says what changed since the previous
release, table by table: the rows added (in full), the rows changed (compared with dictdiffer) (each field, old and new, and
the reason from the row's note) and the link rows removed. Replaying the files in order gives back
the data of the last release exactly, so the next release is diffed against it with no snapshot kept
and no help from git; a digest of the released content (columns and rows, whatever the line endings,
quoting or row order), recorded in the file, proves the replay right.
"""

import csv
import datetime
import hashlib
import json
import re
from pathlib import Path

from dictdiffer import diff

RELEASES_DIR = "releases"
CHANGELOG = "CHANGELOG-data.md"
VERSION = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)")
# The note that explains a change: status_note for a retraction, notes for anything else.
REASON_COLUMNS = ("status_note", "notes")


class ReleaseError(Exception):
    """A release that must not be made, worded for the person making it."""


def version_key(version):
    return tuple(int(part) for part in version.split("."))


# ---------------------------------------------------------------- the data as tables of strings


def row_key(resource, row):
    """The key of a row as Datasette writes it in a row URL: the primary key values joined by commas."""
    key = resource["schema"]["primaryKey"]
    return ",".join(row[column] for column in ([key] if isinstance(key, str) else key))


def read_tables(package, base_dir):
    """{table: (columns, {key: row})}, every cell a string exactly as in the CSV."""
    tables = {}
    for resource in package["resources"]:
        with open(Path(base_dir) / resource["path"], encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            rows = {row_key(resource, row): row for row in reader}
            tables[resource["name"]] = (list(reader.fieldnames or []), rows)
    return tables


def row_digest(cells):
    return hashlib.sha256(json.dumps(cells, ensure_ascii=False).encode()).digest()


def combined(tables):
    """One SHA-256 over (name, columns, digests of the rows) of every table, in any order of tables and rows."""
    digest = hashlib.sha256()
    for name, columns, row_digests in sorted(tables, key=lambda table: table[0]):
        digest.update(json.dumps([name, columns], ensure_ascii=False).encode())
        digest.update(len(row_digests).to_bytes(8, "big"))
        for one in sorted(row_digests):
            digest.update(one)
    return digest.hexdigest()


def content_digest(tables):
    """One SHA-256 over the content of every table: its name, its columns and its rows, in any order.
    Re-saving a CSV with another line ending, quoting, a BOM or rows in another order keeps it."""
    return combined((name, columns, [row_digest([row.get(c, "") for c in columns]) for row in rows.values()]) for name, (columns, rows) in tables.items())


def files_fingerprint(digests):
    """The data fingerprint from {path: SHA-256 of the file}: as `sha256sum data/*.csv | sha256sum`."""
    return hashlib.sha256("".join(f"{digests[path]}  {path}\n" for path in sorted(digests)).encode()).hexdigest()


def package_files_fingerprint(package, base_dir):
    digests = {r["path"]: hashlib.sha256((Path(base_dir) / r["path"]).read_bytes()).hexdigest() for r in package["resources"]}
    return files_fingerprint(digests)


# ---------------------------------------------------------------- release files


def load_releases(base_dir):
    """Every release file beside the package, oldest first."""
    folder = Path(base_dir) / RELEASES_DIR
    releases = []
    for path in folder.glob("*.json") if folder.is_dir() else []:
        if VERSION.fullmatch(path.stem):
            release = json.loads(path.read_text(encoding="utf-8"))
            if release.get("version") != path.stem:
                raise ReleaseError(f"{path}: says version {release.get('version')!r}; the file name says {path.stem}")
            releases.append(release)
    return sorted(releases, key=lambda release: version_key(release["version"]))


def replay(releases):
    """The tables as they were at the last of the releases: {table: (columns, {key: row})}."""
    tables = {}
    for release in releases:
        for name, change in release["tables"].items():
            _, rows = tables.get(name, ([], {}))
            columns = change["columns"]
            rows = {key: {c: row.get(c, "") for c in columns} for key, row in rows.items()}
            for key in change.get("removed", []):
                rows.pop(key, None)
            for entry in change.get("changed", []):
                for field, (_, new) in entry["changes"].items():
                    rows[entry["key"]][field] = "" if new is None else new
            for key, row in change.get("added", {}).items():
                rows[key] = {c: row.get(c, "") for c in columns}
            tables[name] = (columns, rows)
    return tables


def reason(changes, row):
    """The row's own explanation of a change: the note that was written or rewritten with it."""
    for column in REASON_COLUMNS:
        if column in changes and row.get(column):
            return row[column]
    return ""


def field_changes(old, new):
    """{field: [old, new]} between two versions of a row, from dictdiffer; a column added or removed
    changes the row only where it holds a value (None stands for the side without the column)."""
    changes = {}
    for kind, field, values in diff(old, new):
        if kind == "change":
            changes[field[0] if isinstance(field, list) else field] = list(values)  # a field name with a dot comes as a list
        else:
            for column, value in values:
                if value:
                    changes[column] = [None, value] if kind == "add" else [value, None]
    return dict(sorted(changes.items()))


def diff_table(resource, before, after):
    """What changed in one table, as stored in a release file."""
    before_columns, before_rows = before
    after_columns, after_rows = after
    changed = {key: field_changes(before_rows[key], after_rows[key]) for key in before_rows.keys() & after_rows.keys() if before_rows[key] != after_rows[key]}
    change = {
        "key": resource["schema"]["primaryKey"],
        "columns": after_columns,
        "removed": sorted(before_rows.keys() - after_rows.keys()),
        "added": {key: after_rows[key] for key in sorted(after_rows.keys() - before_rows.keys())},
        "changed": [{"key": key, "changes": changed[key], "reason": reason(changed[key], after_rows[key])} for key in sorted(changed) if changed[key]],
    }
    new_columns = [c for c in after_columns if c not in before_columns]
    gone_columns = [c for c in before_columns if c not in after_columns]
    if before_columns and (new_columns or gone_columns):
        change["columns_added"], change["columns_removed"] = new_columns, gone_columns
    return change


def change_kind(entry):
    status = entry["changes"].get("status")
    if status and status[1] == "retracted":
        return "retracted"
    if status and status[0] == "retracted":
        return "restored"
    return "changed"


def counts(release):
    total = {"added": 0, "changed": 0, "retracted": 0, "restored": 0, "removed": 0}
    for change in release["tables"].values():
        total["added"] += len(change["added"])
        total["removed"] += len(change["removed"])
        for entry in change["changed"]:
            total[change_kind(entry)] += 1
    return total


def make_release(package, base_dir, version, released, published):
    """The release file's content for the package's current data; raises ReleaseError when it must not be made.
    published: every ID published so far (published_ids.txt), which may never disappear from the data."""
    if not VERSION.fullmatch(version):
        raise ReleaseError(f"version {version!r} is not of the form X.Y.Z (e.g. 1.0.0)")
    releases = load_releases(base_dir)
    previous = releases[-1] if releases else None
    if previous and version_key(version) <= version_key(previous["version"]):
        raise ReleaseError(f"version {version} is not after the last release, {previous['version']}")
    before = replay(releases)
    if previous and content_digest(before) != previous["content"]:
        raise ReleaseError(f"replaying {RELEASES_DIR}/ does not give the data of release {previous['version']}: a release file was edited")
    current = read_tables(package, base_dir)
    current_fingerprint = package_files_fingerprint(package, base_dir)
    if previous and current_fingerprint == previous["fingerprint"]:
        raise ReleaseError(f"the data has not changed since release {previous['version']}: nothing to release")
    keys = {f"{name}/{key}" for name, (_, rows) in current.items() for key in rows}
    deleted = sorted(set(published) - keys)
    if deleted:
        raise ReleaseError("published rows were deleted or renamed; restore them and retract them instead (status = retracted): " + ", ".join(deleted))
    tables = {
        resource["name"]: diff_table(resource, before.get(resource["name"], ([], {})), current[resource["name"]])
        for resource in package["resources"]
    }
    return {
        "version": version,
        "released": released,
        "previous": previous["version"] if previous else None,
        "fingerprint": current_fingerprint,
        "content": content_digest(current),
        "tables": tables,
    }


def release_json(release):
    """The release file's text: one line per row and per change, so that a review reads it line by line."""

    def one_line(value):
        return json.dumps(value, ensure_ascii=False)

    def block(items, opening, closing, indent):
        inner = ",\n".join(indent + " " + item for item in items)
        return opening + ("\n" + inner + "\n" + indent if items else "") + closing

    tables = []
    for name, change in release["tables"].items():
        parts = [f'"{k}": {one_line(v)}' for k, v in change.items() if k not in ("added", "changed")]
        parts.append('"added": ' + block([f"{one_line(k)}: {one_line(row)}" for k, row in change["added"].items()], "{", "}", "   "))
        parts.append('"changed": ' + block([one_line(entry) for entry in change["changed"]], "[", "]", "   "))
        tables.append(f"{one_line(name)}: " + block(parts, "{", "}", "  "))
    header = [f"{one_line(k)}: {one_line(v)}" for k, v in release.items() if k != "tables"]
    return block(header + ['"tables": ' + block(tables, "{", "}", " ")], "{", "}", "") + "\n"


# ---------------------------------------------------------------- the data CHANGELOG


def shorten(value, limit=80):
    value = "(empty)" if value in (None, "") else " ".join(str(value).split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def changelog_entry(release, listed=30):
    """A Markdown entry for people: counts, then every change and retraction; added rows by ID while few."""
    total = counts(release)
    since = f"since {release['previous']}" if release["previous"] else "first release"
    summary = ", ".join(f"{n:,} {kind}" for kind, n in total.items() if n) or "no row changes"
    lines = [f"## {release['version']} — {release['released']}", "", f"{summary} ({since}). Data fingerprint `{release['fingerprint']}`."]
    for name, change in release["tables"].items():
        if not (change["added"] or change["changed"] or change["removed"] or change.get("columns_added") or change.get("columns_removed")):
            continue
        lines += ["", f"### {name}", ""]
        for label in ("columns_added", "columns_removed"):
            if change.get(label):
                lines.append(f"- {label.replace('_', ' ')}: " + ", ".join(change[label]))
        if change["added"]:
            ids = list(change["added"])
            shown = ": " + ", ".join(f"`{key}`" for key in ids) if len(ids) <= listed else f" (listed in {RELEASES_DIR}/{release['version']}.json)"
            lines.append(f"- {len(ids):,} added{shown}")
        for entry in change["changed"]:
            lines.append(f"- {change_kind(entry)} `{entry['key']}`:")
            lines += [f"  - {field}: {shorten(old)} → {shorten(new)}" for field, (old, new) in entry["changes"].items()]
            if entry["reason"]:
                lines.append(f"  - reason: {shorten(entry['reason'], 200)}")
        for key in change["removed"]:
            lines.append(f"- removed `{key}`")
    return "\n".join(lines) + "\n"


def add_to_changelog(path, entry):
    path = Path(path)
    title = "# Data changelog\n\nEach release of the data, newest first. The full list of changes is in releases/VERSION.json.\n"
    text = path.read_text(encoding="utf-8") if path.exists() else title
    head, _, rest = text.partition("\n## ")
    path.write_text(head.rstrip("\n") + "\n\n" + entry + ("\n## " + rest if rest else ""), encoding="utf-8")


# ---------------------------------------------------------------- history in the database


HISTORY_COLUMNS = {
    "release_order": int,
    "release": str,
    "released": str,
    "table_name": str,
    "row_key": str,
    "change": str,
    "field": str,
    "old_value": str,
    "new_value": str,
    "reason": str,
}


def history_rows(releases):
    """One row per added row, and per changed field of a changed row, of every release; a release
    without a version holds the changes made since the last release (not released yet)."""
    for order, release in enumerate(releases, 1):
        common = (order, release["version"] or None, release["released"])
        for name, change in release["tables"].items():
            for key in change["added"]:
                yield common + (name, key, "added", None, None, None, None)
            for entry in change["changed"]:
                kind = change_kind(entry)
                for field, (old, new) in entry["changes"].items():
                    yield common + (name, entry["key"], kind, field, old or None, new or None, entry["reason"] or None)
            for key in change["removed"]:
                yield common + (name, key, "removed", None, None, None, None)


def unreleased_changes(package, base_dir, releases):
    """The changes since the last release, shaped like a release without a version. It holds the
    released data and the current data in memory: fine for thousands of rows, heavy for millions."""
    before, current = replay(releases), read_tables(package, base_dir)
    tables = {r["name"]: diff_table(r, before.get(r["name"], ([], {})), current[r["name"]]) for r in package["resources"]}
    return {"version": "", "released": None, "tables": tables}


def write_history(db, package, base_dir, current_fingerprint):
    """The releases and row_history tables (with the changes not released yet, when the data differs
    from the last release); return the version this build cites and its release."""
    releases = load_releases(base_dir)
    unreleased = releases and releases[-1]["fingerprint"] != current_fingerprint
    db["releases"].create(
        {"version": str, "release_order": int, "released": str, "previous": str, "fingerprint": str, **dict.fromkeys(counts({"tables": {}}), int)},
        pk="version",
    )
    for order, release in enumerate(releases, 1):
        db["releases"].insert(
            {
                "version": release["version"],
                "release_order": order,
                "released": release["released"],
                "previous": release["previous"],
                "fingerprint": release["fingerprint"],
                **counts(release),
            }
        )
    # The key to releases gives each release's page a link to its changes.
    db["row_history"].create(HISTORY_COLUMNS, foreign_keys=[("release", "releases", "version")])
    changes = releases + ([unreleased_changes(package, base_dir, releases)] if unreleased else [])
    db.conn.executemany(f"INSERT INTO row_history VALUES ({', '.join('?' for _ in HISTORY_COLUMNS)})", history_rows(changes))
    db["row_history"].create_index(["table_name", "row_key"])
    return cited_version(releases, current_fingerprint)


def cited_version(releases, current_fingerprint):
    """The version a citation names: the last release when the data is exactly that release's data,
    otherwise X.Y.Z+dev.<fingerprint> (semantic versioning's build metadata), never the release itself."""
    last = releases[-1] if releases else None
    info = {"fingerprint": current_fingerprint, "release": last["version"] if last else "", "released": last["released"] if last else ""}
    if last and last["fingerprint"] == current_fingerprint:
        return {**info, "version": last["version"], "unreleased": ""}
    base = last["version"] if last else "0.0.0"
    return {**info, "version": f"{base}+dev.{current_fingerprint[:12]}", "unreleased": "1"}


def today():
    return datetime.datetime.now(datetime.timezone.utc).date().isoformat()
