"""Where the build's time goes, step by step: wall and CPU time of each step of build_db.build().

    python bench/build_steps.py [--events 100000] [--repeat 3] [--code DIR ...]

Each run is a fresh process that builds bench/out/pkg-N (bench/generate.py) with the build_db.py of
each --code directory (default: this checkout; another checkout or `git worktree` gives "before"),
taking the time at each progress line. CPU is user + system time of the build process, and of the
processes it started (the evidence check's) in the last column. Runs of the directories alternate,
so that a change in the machine's load falls on both. Prints a markdown table of the medians.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent

# Run in the child: build with a progress callback that records (step, wall, own CPU, children's CPU).
RUNNER = """
import json, os, resource, sys, time
sys.path.insert(0, sys.argv[1])
started, marks = time.perf_counter(), []
def cpu(who):
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime
def progress(message):
    step = message.split("] ", 1)[1]
    step = step.split(":")[0] if step.startswith("data/") else "built" if step.startswith("built ") else " ".join(step.split(" ")[:3])
    marks.append((step, time.perf_counter() - started, cpu(resource.RUSAGE_SELF), cpu(resource.RUSAGE_CHILDREN)))
import build_db
marks.append(("start (imports)", time.perf_counter() - started, cpu(resource.RUSAGE_SELF), cpu(resource.RUSAGE_CHILDREN)))
build_db.build(sys.argv[3], sys.argv[2], os.path.join(sys.argv[1], "metadata.yml"), progress)
print(json.dumps(marks))
"""
# What each progress line closes (the first three words of each line).
NAMES = {
    "indexing foreign keys": "evidence check (what is left of it)",
    "building the search": "indexes",
    "indexing the sortable": "search index, releases",
    "adding the search": "indexes, releases, views (the search index being written beside them)",
    "adding the views'": "indexes, releases (the views' rows and the search index being written beside them)",
    "checked and wrote": "sort indexes, views (before) / what is left of the search index, copied in (after)",
    "built": "inspect file, rename",
}


def package(events):
    directory = BENCH / "out" / f"pkg-{events}"
    if not (directory / "datapackage.json").exists():
        subprocess.run([sys.executable, str(BENCH / "generate.py"), "--events", str(events), str(directory)], check=True)
    return directory / "datapackage.json"


def run(code, package_path):
    with tempfile.TemporaryDirectory(dir=BENCH / "out") as work:
        output = Path(work) / "tracker.db"
        env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
        result = subprocess.run(
            [sys.executable, "-c", RUNNER, str(code), str(package_path), str(output)], capture_output=True, text=True, env=env
        )
        if result.returncode:
            raise SystemExit(result.stderr[-2000:])
        marks = json.loads(result.stdout)
    steps, previous = [], (0.0, 0.0, 0.0)
    for step, wall, own, children in marks:
        steps.append((NAMES.get(step, step), wall - previous[0], own - previous[1], children - previous[2]))
        previous = (wall, own, children)
    steps.append(("whole build", marks[-1][1], marks[-1][2], marks[-1][3]))
    return steps


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--code", type=Path, nargs="+", default=[ROOT], help="checkouts whose build_db.py to time")
    args = parser.parse_args(argv)
    args.code = [code.resolve() for code in args.code]  # "." has no name for the table's header
    package_path = package(args.events)
    runs = {code: [] for code in args.code}
    for _ in range(args.repeat):
        for code in args.code:
            runs[code].append(run(code, package_path))
            print(f"{code}: {runs[code][-1][-1][1]:.1f} s", file=sys.stderr)
    print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}\n")
    header = "| step | " + " | ".join(f"{code.name}: wall s | CPU s | other processes' CPU s" for code in args.code) + " |"
    print(header)
    print("|---|" + "---:|---:|---:|" * len(args.code))
    # Steps in the order they come; a step one version of the build lacks is shown as "–".
    by_length = sorted(args.code, key=lambda code: -len(runs[code][0]))  # the version with the most steps gives the order
    steps = list(dict.fromkeys(step for code in by_length for step, *_ in runs[code][0]))
    steps.append(steps.pop(steps.index("whole build")))
    for step in steps:
        cells = []
        for code in args.code:
            timings = [dict((name, values) for name, *values in run) for run in runs[code]]
            for column in (0, 1, 2):
                found = [t[step][column] for t in timings if step in t]
                cells.append(f"{statistics.median(found):.2f}" if found else "–")
        print(f"| {step} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
