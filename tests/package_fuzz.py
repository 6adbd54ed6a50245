"""Mutated copies of the real data package, generated from a seed, and what the build must do with each.

Used by tests/test_fuzz_build.py (a bounded run in the suite) and bench/fuzz_build.py (a long run).
Each case copies the real package (datapackage.json, data/, metadata.yml), applies one mutation of
one kind (a cell, raw bytes, an encoding, a truncation, datapackage.json, metadata.yml, the output
path) and runs the command line's main() on it, over a copy of a site built from the real data.
The build must then either refuse cleanly or build a complete site:

- refused: exit 1; every line a problem (FILE:LINE: COLUMN: what — fix) or a count of those not
  shown, then "N problem(s); nothing was written."; nothing unprintable; no traceback or internal
  error; the previous database and inspect file byte for byte as they were;
- built: exit 0; inspect-data.json describes the database beside it;
- always: the package itself untouched, and nothing left in the site but tracker.db and inspect-data.json.
"""

import collections
import contextlib
import csv
import hashlib
import io
import json
import random
import re
import shutil
import time
from pathlib import Path

import build_db
from tracker import releases

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_FILES = ("datapackage.json", "metadata.yml")

PROBLEM_LINE = re.compile(r"[^\n]+:-?\d+: [^\n]+ — [^\n]+")
MORE_LINE = re.compile(r"[^\n]+: \d+ more problem\(s\) not shown \(\d+ in this file\)")
SUMMARY_LINE = re.compile(r"\d+ problem\(s\); nothing was written\.")
UNPRINTABLE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")

# Cell values a careless curator or a stranger could write.
HOSTILE_CELLS = [
    "",
    " ",
    "\t",
    "\u00a0",
    "x\x00y",
    "\x1b[31mred\x1b[0m",
    "\x1b]0;title\x07",
    "abc\u202egnp.exe",
    "a\u200bb",
    "\ufeffbom",
    "line\nbreak",
    "cr\ronly",
    '"',
    ",",
    "9" * 30,
    "-9223372036854775809",
    "9223372036854775807",
    "1e400",
    "-0",
    "NaN",
    "inf",
    "٣",
    "0x10",
    "1_000",
    "0001-01-01",
    "9999-12-31",
    "2025-02-30",
    "2025-13-01",
    "20250101",
    "http:///no-host",
    "https://user:pass@example.org/x",
    "javascript:alert(1)",
    "https://example.org/a b",
    "https://example.org/\u200b",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "x" * 10001,
    "true",
    "yes",
    "Robert'); DROP TABLE events;--",
    "😀",
    "ترامب",
    "donald-trump",
    "retracted",
]
JSON_VALUES = [None, 0, -1, 1.5, 2**70, "", "x", "datetime", [], [1, 2], {}, {"a": 1}, True, False, "../x.csv", "[unclosed"]
FIELD_TYPES = [
    "datetime",
    "year",
    "yearmonth",
    "time",
    "any",
    "object",
    "array",
    "geopoint",
    "duration",
    "boolean",
    "integer",
    "number",
    "date",
]
METADATA_TEXTS = [
    "",
    "[]\n",
    "just a string\n",
    "title: [unclosed\n",
    "title: x\n\tindent: tab\n",
    "a: &a [1, 2]\nb: [*a, *a, *a]\n",
    "databases: 5\n",
    "databases:\n  tracker: [1, 2]\n",
    "databases:\n  tracker:\n    tables: 7\n",
    "databases:\n  tracker:\n    tables:\n      events:\n        facets: 5\n",
    "databases:\n  tracker:\n    tables:\n      events:\n        facets: [3, {a: 1}, {a: {b: 2}}, [x], null]\n",
    "databases:\n  tracker:\n    tables:\n      events: [1]\n",
    "databases:\n  tracker:\n    tables:\n      nosuch:\n        facets: [nosuch]\n",
    "!!python/object/apply:os.system ['echo pwned']\n",
]


def copy_real_package(target):
    target.mkdir(parents=True)
    for name in PACKAGE_FILES:
        shutil.copy(ROOT / name, target / name)
    shutil.copytree(ROOT / "data", target / "data")
    return target


def csv_files(package):
    return sorted((package / "data").glob("*.csv"))


def read_rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def write_rows(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


# ---------------------------------------------------------------- mutations: each returns a description


def mutate_cell(rng, package):
    path = rng.choice(csv_files(package))
    rows = read_rows(path)
    row = rng.randrange(1, len(rows)) if len(rows) > 1 else 0
    column = rng.randrange(len(rows[row]))
    roll = rng.random()
    if roll < 0.7:
        value = rng.choice(HOSTILE_CELLS)
    elif roll < 0.85 and len(rows) > 2:
        value = rows[rng.randrange(1, len(rows))][column]  # another row's value: duplicates, wrong references
    else:
        value = "".join(
            chr(rng.choice([rng.randrange(32, 127), rng.randrange(0, 0x3000), rng.randrange(0x600, 0x700)]))
            for _ in range(rng.randrange(1, 12))
        )
    rows[row][column] = value
    write_rows(path, rows)
    return f"{path.name}:{row + 1}:{rows[0][column] if rows[0] else column} = {value[:40]!r}"


def mutate_bytes(rng, package):
    path = rng.choice(csv_files(package) + [package / "datapackage.json"])
    data = bytearray(path.read_bytes())
    done = []
    for _ in range(rng.randrange(1, 4)):
        at = rng.randrange(len(data) + 1)
        op = rng.choice(["insert", "delete", "replace"])
        chunk = rng.choice([b"\xff", b"\x00", b'"', b",", b"\n", b"\r", b"\xe2\x80", b"\xef\xbb\xbf", bytes([rng.randrange(256)])])
        if op == "insert":
            data[at:at] = chunk
        elif op == "delete":
            del data[at : at + rng.randrange(1, 20)]
        else:
            data[at : at + len(chunk)] = chunk
        done.append(f"{op}@{at}:{bytes(chunk)!r}")
    path.write_bytes(bytes(data))
    return f"{path.name} " + " ".join(done)


def mutate_encoding(rng, package):
    path = rng.choice(csv_files(package))
    text = path.read_text(encoding="utf-8")
    encoding = rng.choice(["utf-16", "utf-16-le", "utf-32", "latin-1", "cp1252", "cp1256", "utf-8-sig", "utf-8 crlf", "mac_roman"])
    if encoding == "utf-8 crlf":
        path.write_bytes(text.replace("\n", "\r\n").encode())
    else:
        path.write_bytes(text.encode(encoding, errors="replace"))
    return f"{path.name} as {encoding}"


def mutate_truncation(rng, package):
    path = rng.choice(csv_files(package) + [package / "datapackage.json", package / "metadata.yml"])
    data = path.read_bytes()
    cut = rng.choice([0, 1, rng.randrange(len(data) + 1), len(data) - 1])
    path.write_bytes(data[:cut])
    return f"{path.name} cut at {cut} of {len(data)}"


def json_paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from json_paths(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from json_paths(item, path + (index,))


def mutate_package(rng, package):
    descriptor_path = package / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    resources = descriptor["resources"]
    resource = rng.choice(resources)
    fields = resource["schema"]["fields"]
    field = rng.choice(fields)
    roll = rng.randrange(10)
    if roll == 0:
        field["type"] = rng.choice(FIELD_TYPES)
        what = f"{resource['name']}.{field['name']}.type = {field['type']}"
    elif roll == 1:
        key = rng.choice(["pattern", "enum", "minimum", "maximum", "maxLength", "required", "unique", "minLength", "exclusiveMinimum"])
        value = rng.choice(JSON_VALUES + ["^[a-z", "(?P<x>", "*", "^\\d+$", ["a"], ["1", 2]])
        field.setdefault("constraints", {})[key] = value
        what = f"{resource['name']}.{field['name']}.constraints.{key} = {value!r}"
    elif roll == 2:
        value = rng.choice(
            [
                "../data/events.csv",
                "/etc/passwd",
                "data/../../x.csv",
                "https://example.org/x.csv",
                ["data/events.csv"],
                "data",
                "data/x.txt",
                "datapackage.json",
                "C:\\x.csv",
                "",
            ]
        )
        resource["path"] = value
        what = f"{resource['name']}.path = {value!r}"
    elif roll == 3 and resource["schema"].get("foreignKeys"):
        fk = rng.choice(resource["schema"]["foreignKeys"])
        op = rng.randrange(4)
        if op == 0:
            fk["fields"] = [fk["fields"]]
            fk["reference"]["fields"] = [fk["reference"]["fields"]]
        elif op == 1:
            fk["fields"] = [fk["fields"], field["name"]]
        elif op == 2:
            fk["reference"]["resource"] = rng.choice([r["name"] for r in resources] + ["nosuch", ""])
        else:
            fk["reference"]["fields"] = rng.choice([f["name"] for f in fields])
        what = f"{resource['name']} foreign key {fk}"
    elif roll == 4:
        resource["schema"]["primaryKey"] = rng.choice([None, [], "nosuch", [field["name"]], field["name"], 5])
        what = f"{resource['name']}.primaryKey = {resource['schema']['primaryKey']!r}"
    elif roll == 5:
        fields.remove(field)
        what = f"{resource['name']} without field {field['name']}"
    else:
        paths = [p for p in json_paths(descriptor) if p]
        path = rng.choice(paths)
        parent = descriptor
        for key in path[:-1]:
            parent = parent[key]
        if rng.random() < 0.4:
            del parent[path[-1]]
            what = f"delete {'/'.join(map(str, path))}"
        else:
            parent[path[-1]] = value = rng.choice(JSON_VALUES)
            what = f"{'/'.join(map(str, path))} = {value!r}"
    descriptor_path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")
    return what


def mutate_metadata(rng, package):
    text = rng.choice(METADATA_TEXTS)
    if rng.random() < 0.3:
        original = (package / "metadata.yml").read_bytes()
        at = rng.randrange(len(original))
        (package / "metadata.yml").write_bytes(original[:at] + rng.choice([b"\xff", b"\t", b": [", b"\x00", b"&a", b"*b"]) + original[at:])
        return f"metadata.yml byte at {at}"
    (package / "metadata.yml").write_text(text, encoding="utf-8")
    return f"metadata.yml = {text[:40]!r}"


def mutate_files(rng, package):
    path = rng.choice(csv_files(package))
    op = rng.randrange(5)
    if op == 0:
        path.unlink()
    elif op == 1:
        path.unlink()
        path.mkdir()
    elif op == 2:
        path.unlink()
        path.symlink_to("/etc/passwd")
    elif op == 3:
        path.unlink()
        path.symlink_to("/dev/null")
    else:
        shutil.copy(path, package / "data" / "extra.csv")
    return f"{path.name}: {['deleted', 'a directory', 'a link to /etc/passwd', 'a link to /dev/null', 'copied to extra.csv'][op]}"


def mutate_release(rng, package):
    """A release file of the current data (as make release writes it), then broken."""
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    release = releases.make_release(descriptor, package, "1.0.0", "2026-01-05", [])
    path = package / releases.RELEASES_DIR / "1.0.0.json"
    path.parent.mkdir()
    paths = [p for p in json_paths(release) if p and len(p) < 6]
    roll = rng.randrange(4)
    if roll == 0:
        text = releases.release_json(release)
        cut = rng.randrange(len(text))
        path.write_text(text[:cut], encoding="utf-8")
        return f"release file cut at {cut} of {len(text)}"
    if roll == 1:
        path = path.with_name("1.0.1.json")
        path.write_text(releases.release_json(release), encoding="utf-8")
        return "release file named 1.0.1 holding version 1.0.0"
    place = rng.choice(paths)
    parent = release
    for key in place[:-1]:
        parent = parent[key]
    if roll == 2:
        del parent[place[-1]]
        what = f"release file without {'/'.join(map(str, place))}"
    else:
        parent[place[-1]] = value = rng.choice(JSON_VALUES)
        what = f"release file {'/'.join(map(str, place))} = {value!r}"
    path.write_text(json.dumps(release, ensure_ascii=False), encoding="utf-8")
    return what


def output_path(rng, package, site):
    """Where the build is told to write: usually the site, sometimes somewhere it must refuse."""
    (package / "notes.txt").write_text("a file that is not a database\n")
    choices = [
        package / "datapackage.json",
        package / "metadata.yml",
        package / "data" / "events.csv",
        package / "data" / "new.db",
        package / "data",
        site,
        site / "inspect-data.json",
        package / "notes.txt",
        package / "notes.txt" / "tracker.db",
    ]
    link = site.parent / "link.db"
    if not link.exists():
        link.symlink_to(package / "data" / "sources.csv")
    return rng.choice(choices + [link])


MUTATIONS = {
    "cell": mutate_cell,
    "bytes": mutate_bytes,
    "encoding": mutate_encoding,
    "truncation": mutate_truncation,
    "datapackage.json": mutate_package,
    "metadata.yml": mutate_metadata,
    "files": mutate_files,
    "release file": mutate_release,
    "output": None,
}


# ---------------------------------------------------------------- running


def snapshot(directory):
    return {p.relative_to(directory): p.read_bytes() for p in sorted(Path(directory).rglob("*")) if p.is_file() and not p.is_symlink()}


def faults(code, stderr, site, site_before, package, package_before):
    """What the build did wrong in one case (an empty list when it behaved)."""
    found = []
    lines = stderr.splitlines()
    if "Traceback" in stderr:
        found.append("traceback")
    if "internal error" in stderr:
        found.append("internal error: " + next(line for line in lines if "internal error" in line)[:300])
    if UNPRINTABLE.search(stderr):
        found.append("unescaped character in the output")
    if snapshot(package) != package_before:
        found.append("the package was changed")
    leftovers = sorted(p.name for p in site.iterdir() if p.name not in ("tracker.db", "inspect-data.json"))
    if leftovers:
        found.append(f"left in the site: {leftovers}")
    if code == 1:
        if not lines or not SUMMARY_LINE.fullmatch(lines[-1]):
            found.append("no summary line")
        odd = [line for line in lines[:-1] if not (PROBLEM_LINE.fullmatch(line) or MORE_LINE.fullmatch(line))]
        if odd:
            found.append(f"not a problem line: {odd[0][:200]!r}")
        if snapshot(site) != site_before:
            found.append("the previous database or inspect file changed")
    elif code == 0:
        inspect = json.loads((site / "inspect-data.json").read_text())
        if inspect["tracker"]["hash"] != hashlib.sha256((site / "tracker.db").read_bytes()).hexdigest():
            found.append("inspect-data.json does not describe tracker.db")
    else:
        found.append(f"exit status {code}")
    return found


def run_case(rng, kind, workdir, good_site):
    """One mutated package built over a copy of good_site; returns (description, outcome, faults)."""
    package = copy_real_package(workdir / "package")
    site = shutil.copytree(good_site, workdir / "site")
    output = site / "tracker.db"
    if kind == "output":
        output = output_path(rng, package, site)
        what = f"--output {output.relative_to(workdir)}"
    else:
        what = MUTATIONS[kind](rng, package)
    package_before, site_before = snapshot(package), snapshot(site)
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr):
        code = build_db.main(["--quiet", "--package", str(package / "datapackage.json"), "--output", str(output)])
    if kind == "output" and code == 0:
        code = 2  # every output path offered is one the build must refuse
    outcome = {0: "built", 1: "refused"}.get(code, "failed")
    return what, outcome, faults(code, stderr.getvalue(), site, site_before, package, package_before)


def run(seed, cases, seconds, tmp, on_case=None):
    """Run up to `cases` cases (or `seconds`); return (outcomes per kind, faults: {fault: [cases]}, cases run)."""
    rng = random.Random(seed)
    good_site = Path(tmp) / "good"
    build_db.build(good_site / "tracker.db", ROOT / "datapackage.json")
    outcomes, found = collections.defaultdict(collections.Counter), collections.defaultdict(list)
    deadline, done = time.monotonic() + seconds, 0
    kinds = list(MUTATIONS)
    while done < cases and time.monotonic() < deadline:
        kind = kinds[done % len(kinds)]
        workdir = Path(tmp) / f"case-{done}"
        what, outcome, case_faults = run_case(random.Random(rng.random()), kind, workdir, good_site)
        outcomes[kind][outcome] += 1
        for fault in case_faults:
            found[fault].append(f"{kind}: {what}")
        if on_case:
            on_case(done, kind, what, outcome, case_faults)
        shutil.rmtree(workdir, ignore_errors=True)
        done += 1
    return outcomes, found, done
