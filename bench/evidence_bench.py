"""CPU time of the build's evidence check alone (tracker/evidence.py), and whether two versions agree.

    python bench/evidence_bench.py [--events 10000 100000] [--repeat 3] [--code DIR ...] [--package DIR ...]

Each run is a fresh process that loads the package with the build_db.py of a --code directory
(default: this checkout; a `git worktree` of an older commit gives "before") and runs
evidence.problems_or_what_is_lacking() on it, timing only that call: CPU is user + system time of
the process. Packages are bench/out/pkg-N (bench/generate.py) for each --events, and any --package
directory given (the real record: the checkout's own directory). Runs of the code directories
alternate, so that a change in the machine's load falls on all of them. Prints a markdown table
of the medians, whether every version reported the same problems, in the same order, and for a
package of bench/evidence_faults.py whether they are the problems expected of it. With --fixtures,
also whether the versions report the same on every package of the tests (tests/fixtures, and each
variant in tests/bad_inputs and tests/good_inputs), a problem or the exception raised.
"""

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent

# Run in the child: the check alone, timed; prints its CPU and wall time, the number of problems and their digest.
RUNNER = """
import hashlib, json, pathlib, resource, sys, time
sys.path.insert(0, sys.argv[1])
import build_db
from tracker import evidence
base = pathlib.Path(sys.argv[2])
package = build_db.load_package(base / "datapackage.json")
def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
started, started_cpu = time.perf_counter(), cpu()
found = evidence.problems_or_what_is_lacking(package, base)
wall, used = time.perf_counter() - started, cpu() - started_cpu
text = json.dumps([list(problem) for problem in found], ensure_ascii=False)
if len(sys.argv) > 3:
    pathlib.Path(sys.argv[3]).write_text(text, encoding="utf-8")
print(json.dumps([used, wall, len(found), hashlib.sha256(text.encode()).hexdigest()]))
"""


def expected_digest(package):
    """The digest of the problems bench/evidence_faults.py expects of the package, as RUNNER writes them; or None."""
    path = package / "expected_problems.json"
    if not path.exists():
        return None
    text = json.dumps(json.loads(path.read_text(encoding="utf-8")), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


# Run in the child: the check on each package directory given, without timing; prints {name: outcome}.
FIXTURES_RUNNER = """
import json, pathlib, sys
sys.path.insert(0, sys.argv[1])
import build_db
from tracker import evidence
outcomes = {}
for base in map(pathlib.Path, sys.argv[2:]):
    try:
        outcomes[base.name] = evidence.problems_or_what_is_lacking(build_db.load_package(base / "datapackage.json"), base)
    except Exception as error:
        outcomes[base.name] = ["raised", type(error).__name__, str(error)]
print(json.dumps(outcomes, ensure_ascii=False))
"""


def fixture_packages():
    """The packages of the tests, written into bench/out/fixtures/."""
    sys.path.insert(0, str(ROOT))
    from tests.conftest import FIXTURES, copy_package
    from tests.test_bad_inputs import BAD, GOOD, variant

    out = BENCH / "out" / "fixtures"
    shutil.rmtree(out, ignore_errors=True)
    packages = [copy_package(FIXTURES / name, out / name) for name in ("minimal", "hostile")]
    return packages + [variant(case, out / f"{kind}-{case.name}") for kind, cases in (("bad", BAD), ("good", GOOD)) for case in cases]


def compare_on_fixtures(codes):
    packages = fixture_packages()
    outcomes = []
    for code in codes:
        result = subprocess.run([sys.executable, "-c", FIXTURES_RUNNER, str(code), *map(str, packages)], capture_output=True, text=True)
        if result.returncode:
            raise SystemExit(result.stderr[-2000:])
        outcomes.append(json.loads(result.stdout))
    differ = [name for name in outcomes[0] if any(other[name] != outcomes[0][name] for other in outcomes[1:])]
    print(f"\nthe tests' {len(packages)} packages: " + ("the same outcome on every one" if not differ else f"outcomes DIFFER on {differ}"))


def generated(events):
    directory = BENCH / "out" / f"pkg-{events}"
    if not (directory / "datapackage.json").exists():
        subprocess.run([sys.executable, str(BENCH / "generate.py"), "--events", str(events), str(directory)], check=True)
    return directory


def run(code, package, keep=None):
    """(CPU s, wall s, problems, digest of the problems) of one run of the check."""
    command = [sys.executable, "-c", RUNNER, str(code), str(package)] + ([str(keep)] if keep else [])
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(result.stderr[-2000:])
    return json.loads(result.stdout)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, nargs="*", default=[10000, 100000])
    parser.add_argument("--package", type=Path, nargs="*", default=[], help="other package directories (e.g. the checkout)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--code", type=Path, nargs="+", default=[ROOT], help="checkouts whose tracker/evidence.py to time")
    parser.add_argument("--keep", type=Path, help="directory to write each version's problems into, as JSON")
    parser.add_argument("--fixtures", action="store_true", help="also compare the versions on the tests' packages")
    args = parser.parse_args(argv)
    codes = [code.resolve() for code in args.code]  # "." has no name for the table's header
    for code in codes:
        if not (code / "tracker" / "evidence.py").exists():
            parser.error(f"{code} has no tracker/evidence.py")
    packages = [generated(events) for events in args.events] + [p.resolve() for p in args.package]
    runs = {(code, package): [] for code in codes for package in packages}
    for package in packages:
        for i in range(args.repeat):
            for n, code in enumerate(codes):
                keep = args.keep / f"{package.name}-{n}-{code.name}.json" if args.keep and i == 0 else None
                if keep:
                    keep.parent.mkdir(parents=True, exist_ok=True)
                runs[code, package].append(run(code, package, keep))
                print(f"{package.name} {code}: {runs[code, package][-1][0]:.2f} s CPU", file=sys.stderr)
    print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}\n")
    if packages:
        print_table(codes, packages, runs)
    if args.fixtures:
        compare_on_fixtures(codes)


def print_table(codes, packages, runs):
    print("| package | " + " | ".join(f"{code.name}: CPU s | wall s" for code in codes) + " | problems | same problems | as expected |")
    print("|---|" + "---:|---:|" * len(codes) + "---:|---|---|")
    for package in packages:
        cells = []
        for code in codes:
            timings = runs[code, package]
            cells += [f"{statistics.median(t[0] for t in timings):.2f}", f"{statistics.median(t[1] for t in timings):.2f}"]
        results = {(t[2], t[3]) for code in codes for t in runs[code, package]}
        count = "/".join(str(n) for n in sorted({n for n, _ in results}))
        expected = expected_digest(package)
        as_expected = "–" if expected is None else "yes" if {digest for _, digest in results} == {expected} else "NO"
        print(f"| {package.name} | " + " | ".join(cells) + f" | {count} | {'yes' if len(results) == 1 else 'NO'} | {as_expected} |")


if __name__ == "__main__":
    main()
