"""Build benchmark: the project's build against the floor and the obvious path, per package size.

    python bench/build_bench.py [--sizes 1000 10000 100000] [--repeat 3] [--markdown FILE]
                                [--paths floor obvious project] [--script OTHER/build_db.py]

For each size it generates bench/out/pkg-N (bench/generate.py) if missing, then times three ways
of turning its CSVs into SQLite, each run in a fresh child process:

  floor     sqlite3 .import --csv of every CSV (no checks, no types, no indexes)
  obvious   frictionless validate datapackage.json, then sqlite-utils insert --csv per file
  project   python build_db.py --package ... --output ... --metadata metadata.yml
            (every check, typed tables, indexes, search index, views, inspect file)

Wall time and peak RSS (the largest of the child's processes, from getrusage(RUSAGE_CHILDREN)
in a runner process that starts each command), median of --repeat runs, as a markdown table.
"""

import argparse
import csv
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
VENV_BIN = Path(sys.executable).parent
# Runs each command in turn; prints seconds per command and the peak RSS (KiB) of all of them.
RUNNER = """
import json, resource, subprocess, sys, time
seconds = []
for command in json.loads(sys.argv[1]):
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seconds.append(time.perf_counter() - start)
print(json.dumps([seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss]))
"""


def package(size):
    directory = OUT / f"pkg-{size}"
    if not (directory / "datapackage.json").exists():
        subprocess.run([sys.executable, str(BENCH / "generate.py"), "--events", str(size), str(directory)], check=True)
    resources = json.loads((directory / "datapackage.json").read_text(encoding="utf-8"))["resources"]
    rows = 0
    for resource in resources:
        with open(directory / resource["path"], encoding="utf-8", newline="") as f:
            rows += sum(1 for _ in csv.reader(f)) - 1
    return directory, resources, rows


def paths(directory, resources, work, script):
    """name -> list of commands; each path writes its own database under work/."""
    csvs = [(r["name"], str(directory / r["path"])) for r in resources]
    floor_db, obvious_db, project_db = work / "floor.db", work / "obvious.db", work / "project" / "tracker.db"
    return {
        "floor": [["sqlite3", str(floor_db), *[f".import --csv {path} {name}" for name, path in csvs]]],
        "obvious": [[str(VENV_BIN / "frictionless"), "validate", str(directory / "datapackage.json")]]
        + [[str(VENV_BIN / "sqlite-utils"), "insert", str(obvious_db), name, path, "--csv"] for name, path in csvs],
        "project": [
            [sys.executable, str(script), "--package", str(directory / "datapackage.json")]
            + ["--output", str(project_db), "--metadata", str(ROOT / "metadata.yml"), "--quiet"]
        ],
    }


def measure(commands):
    """(seconds per command, peak RSS in MiB) of the commands run one after another in a fresh process."""
    result = subprocess.run([sys.executable, "-c", RUNNER, json.dumps(commands)], capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"failed: {commands}\n{result.stderr[-2000:]}")
    seconds, peak_kib = json.loads(result.stdout)
    return seconds, peak_kib / 1024


def run(sizes, repeat, script, chosen):
    results = []
    for size in sizes:
        directory, resources, rows = package(size)
        work = OUT / f"build-{size}"
        for name, commands in paths(directory, resources, work, script).items():
            if name not in chosen:
                continue
            runs = []
            for _ in range(repeat):
                shutil.rmtree(work, ignore_errors=True)
                (work / "project").mkdir(parents=True)
                runs.append(measure(commands))
                print(f"{size} events, {name}: {sum(runs[-1][0]):.2f} s, {runs[-1][1]:.0f} MiB", file=sys.stderr)
            seconds = statistics.median(sum(s) for s, _ in runs)
            first = statistics.median(s[0] for s, _ in runs)  # frictionless validate, in the obvious path
            results.append({"size": size, "rows": rows, "path": name, "seconds": seconds, "first": first})
            results[-1]["rss"] = statistics.median(rss for _, rss in runs)
        shutil.rmtree(work, ignore_errors=True)
    return results


def machine():
    model = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), platform.machine())
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} × {model}, {memory:.0f} GiB RAM, Python {platform.python_version()}"


def version(script):
    """The commit of the build script, and whether it differs from it."""
    git = ["git", "-C", str(Path(script).parent)]
    if subprocess.run(git + ["rev-parse"], capture_output=True).returncode:
        return str(script)
    commit = subprocess.run(git + ["log", "-1", "--format=%h %cs", "--", script], capture_output=True, text=True).stdout.strip()
    changed = subprocess.run(git + ["diff", "--quiet", "HEAD", "--", script]).returncode != 0
    return f"{Path(script).name} at {commit or 'no commit'}{' with uncommitted changes' if changed else ''}"


def ratio(value, base):
    return f"{value / base:.1f}" if base else "–"


def markdown(results, repeat, script):
    floor = {r["size"]: r["seconds"] for r in results if r["path"] == "floor"}
    lines = [
        f"Build benchmark, {time.strftime('%Y-%m-%d')}, {version(script)}; {machine()}; median of {repeat} runs.",
        "",
        "| events | rows | path | wall s | × floor | µs per row | peak RSS MiB | note |",
        "|---:|---:|---|---:|---:|---:|---:|---|",
    ]
    for r in results:
        note = f"frictionless validate {r['first']:.1f} s" if r["path"] == "obvious" else ""
        lines.append(
            f"| {r['size']:,} | {r['rows']:,} | {r['path']} | {r['seconds']:.2f} | {ratio(r['seconds'], floor.get(r['size']))} "
            f"| {r['seconds'] / r['rows'] * 1e6:.1f} | {r['rss']:.0f} | {note} |"
        )
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000], help="numbers of events")
    parser.add_argument("--repeat", type=int, default=3, help="runs per path and size; the median is reported")
    parser.add_argument("--paths", nargs="+", default=["floor", "obvious", "project"], help="which of floor, obvious, project to run")
    parser.add_argument("--markdown", help="also write the table to this file")
    parser.add_argument("--script", type=Path, default=ROOT / "build_db.py", help="build script to time, e.g. from a git worktree")
    args = parser.parse_args(argv)
    if not shutil.which("sqlite3"):
        raise SystemExit("the sqlite3 command is missing: apt-get install -y sqlite3")
    script = args.script.resolve()
    table = markdown(run(args.sizes, args.repeat, script, args.paths), args.repeat, script)
    print(table)
    if args.markdown:
        Path(args.markdown).write_text(table, encoding="utf-8")


if __name__ == "__main__":
    main()
