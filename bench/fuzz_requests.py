"""The long run of the request fuzzer: thousands of hostile requests against the real site.

    python bench/fuzz_requests.py [--cases 20000] [--seed 1] [--seconds 600]

Builds the real data into a temporary site, sends every case of tests/request_fuzz.py in-process
(Datasette's own ASGI client, with every plugin and ASGI wrapper of the site) and prints counts per
status and every problem found (5xx, traceback text, request markup in a page, missing security
header), grouped. Exit status 1 when there is any problem.
"""

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

from datasette.app import Datasette

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import make_site  # noqa: E402
from tests.request_fuzz import run  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seconds", type=int, default=600)
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--site", help="fuzz this configuration directory (with its tracker.db) instead of building the real data")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(args.site) if args.site else make_site(Path(tmp) / "site", ROOT)

        async def go():
            datasette = Datasette(config_dir=site)
            await datasette.invoke_startup()
            return await run(datasette, args.seed, args.cases, args.seconds, print if args.verbose else None)

        started = time.monotonic()
        statuses, found, sent = asyncio.run(go())
    print(f"{sent} requests in {time.monotonic() - started:.0f} s, seed {args.seed}")
    print("statuses: " + ", ".join(f"{status}: {n}" for status, n in sorted(statuses.items(), key=str)))
    for problem, examples in sorted(found.items(), key=lambda item: -len(item[1])):
        print(f"{len(examples)} × {problem}; first: {examples[0][0]} {examples[0][1]} {examples[0][2]}")
    print(f"problems: {sum(len(v) for v in found.values())}")
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
