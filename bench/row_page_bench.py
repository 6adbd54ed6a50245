"""Row pages and table pages rendered (no response cache), the project's site against default Datasette.

    python bench/row_page_bench.py [--events 100000] [--requests 300]

Uses bench/out/site-N as bench/serve_bench.py builds it. Both sites run in this process behind
Datasette's own ASGI client (no network, no server): the project's configuration directory with its
metadata, plugins and templates, and `Datasette([tracker.db])` with nothing else. Every request sends
a cookie, so plugins/response_cache.py renders each page anew. Prints p50 and p90 in ms per page kind.
"""

import argparse
import asyncio
import sqlite3
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

from datasette.app import Datasette  # noqa: E402
from serve_bench import site  # noqa: E402

COOKIES = {"bench": "render"}  # any cookie: the response cache keeps only cookie-free responses


def row_paths(db_path, count):
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    ids = [r[0] for r in conn.execute("select event_id from events where rowid % 97 = 0 limit ?", [count])]
    strikes = [
        r[0] for r in conn.execute("select event_id from events where event_type = 'lethal_strike' and rowid % 89 = 0 limit ?", [count])
    ]
    return {"event row page": [f"/tracker/events/{i}" for i in ids], "strike row page": [f"/tracker/events/{i}" for i in strikes]}


async def timed(datasette, paths, requests):
    for path in paths[:5]:  # warm up: templates compiled, caches of labels and counts filled
        await datasette.client.get(path, cookies=COOKIES)
    times = []
    for i in range(requests):
        path = paths[i % len(paths)]
        started = time.perf_counter()
        response = await datasette.client.get(path, cookies=COOKIES)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.9)]


async def main(events, requests):
    directory = site(events)
    project = Datasette(config_dir=directory)
    default = Datasette([str(directory / "tracker.db")])
    for datasette in (project, default):
        await datasette.invoke_startup()
    pages = row_paths(directory / "tracker.db", requests)
    pages["events table"] = ["/tracker/events"]
    pages["events table, filtered"] = ["/tracker/events?event_type=lethal_strike"]
    pages["events sorted by deaths, page 1"] = ["/tracker/events?_sort_desc=killed_low"]
    print(f"{events:,} events, {requests} requests a page kind, rendered (no response cache), in-process client\n")
    print("| page | project p50 ms | p90 | default Datasette p50 ms | p90 | project / default |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, paths in pages.items():
        n = requests if "row" in name else max(20, requests // 10)
        mine, theirs = await timed(project, paths, n), await timed(default, paths, n)
        print(f"| {name} | {mine[0]:.1f} | {mine[1]:.1f} | {theirs[0]:.1f} | {theirs[1]:.1f} | {mine[0] / theirs[0]:.2f}× |")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    asyncio.run(main(args.events, args.requests))
