"""The long run of the package fuzzer: thousands of mutated copies of the real data package.

    python bench/fuzz_build.py [--cases 3000] [--seed 1] [--seconds 3600] [--verbose]

Runs the cases of tests/package_fuzz.py (cell values, raw bytes, encodings, truncations,
datapackage.json, metadata.yml, package files, output paths), each built over a copy of a site built
from the real data, and prints the outcomes per kind of mutation and every fault found (a traceback,
an internal error, an unescaped character, a line that is not a problem, a changed previous database,
a leftover file, a changed package), grouped. Exit status 1 when there is any fault.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.package_fuzz import run  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seconds", type=int, default=3600)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()

    def show(number, kind, what, outcome, faults):
        if args.verbose or faults:
            print(f"{number:5d} {kind:16s} {outcome:8s} {what[:100]!r} {faults or ''}", flush=True)

    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        outcomes, found, done = run(args.seed, args.cases, args.seconds, tmp, show)
    elapsed = time.monotonic() - started
    print(f"{done} cases in {elapsed:.0f} s (seed {args.seed})")
    print(f"{'kind':18s} {'cases':>6s} {'refused':>8s} {'built':>6s} {'failed':>7s}")
    for kind, counts in outcomes.items():
        print(f"{kind:18s} {sum(counts.values()):6d} {counts['refused']:8d} {counts['built']:6d} {counts['failed']:7d}")
    print(f"faults: {sum(len(cases) for cases in found.values())}")
    for fault, cases in sorted(found.items(), key=lambda item: -len(item[1])):
        print(f"{len(cases):6d} {fault}")
        for case in cases[:5]:
            print(f"         {case}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
