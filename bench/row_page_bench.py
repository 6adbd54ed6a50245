"""Row pages and table pages rendered (no response cache), the project's site against default Datasette.

    python bench/row_page_bench.py [--events 100000] [--requests 300] [--table-requests 20] [--sorts [TABLE ...]]

Uses bench/out/site-N as bench/serve_bench.py builds it. Each site runs in a process of its own,
behind Datasette's own ASGI client (no network, no server), and times the pages this script asks it
for: the project's configuration directory with its metadata, plugins and templates, and
`Datasette([tracker.db])` with nothing else. (Two Datasette instances in one process would share
one plugin manager: the "default" one would run every project plugin too.) Every request sends a
cookie, so plugins/response_cache.py renders each page anew.

Row pages of every kind: the two sites are asked in turn, request by request (which one goes first
alternates), so that a shared, noisy machine slows both alike; p50 and p90 in ms and the ratio of the
p50s. Table and facet pages: the same, fewer requests (default Datasette takes over a second each).
With --sorts [TABLE ...], the first page of every offered sort (metadata.yml's sortable_columns) of
every table and view (or of those named), ascending and descending, on the project's site only: p50 of a few requests each, every
page over 100 ms listed. The load average is printed before and after: absolute times mean little
without it.
"""

import argparse
import asyncio
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

from datasette.app import Datasette  # noqa: E402

COOKIES = {"bench": "render"}  # any cookie: the response cache keeps only cookie-free responses
TABLE_PAGE_TARGET_MS = 100
# Row pages of each kind: (table, primary key, extra condition), rows spread through the table.
ROW_KINDS = {
    "event row page": ("events", "event_id", "1"),
    "strike row page": ("events", "event_id", "event_type = 'lethal_strike'"),
    "actor row page": ("actors", "actor_id", "1"),
    "citation row page": ("citations", "citation_id", "1"),
    "source row page": ("sources", "source_id", "1"),
    "quote row page": ("quotes", "quote_id", "1"),
    "statistic row page": ("statistics", "statistic_id", "1"),
}
# Table and facet pages: the events page with its six facets, filtered by a facet value, sorted, and the
# other big tables' pages with their facets.
TABLE_PAGES = {
    "events table": "/tracker/events",
    "events table, filtered": "/tracker/events?event_type=lethal_strike",
    "events, two facet values": "/tracker/events?event_type=lethal_strike&certainty=confirmed",
    "events sorted by deaths, page 1": "/tracker/events?_sort_desc=killed_low",
    "citations table": "/tracker/citations",
    "sources table": "/tracker/sources",
    "quotes table": "/tracker/quotes",
    "timeline view": "/tracker/timeline",
}


def row_paths(db_path, count):
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    paths = {}
    for name, (table, key, condition) in ROW_KINDS.items():
        total = conn.execute(f"select count(*) from {table} where {condition}").fetchone()[0]
        step = max(1, total // count)
        ids = [r[0] for r in conn.execute(f"select {key} from {table} where {condition} and rowid % ? = 0 limit ?", [step, count])]
        paths[name] = [f"/tracker/{table}/{i}" for i in ids]
    return paths


def sort_paths(config_dir, only=()):
    """The first page, and that of every offered sort both ways, of every table and view (or of those named)."""
    metadata = yaml.safe_load((config_dir / "metadata.yml").read_text(encoding="utf-8"))
    tables = metadata["databases"]["tracker"]["tables"]
    return [
        path
        for table, config in tables.items()
        if not only or table in only
        # the page as first opened (its default order and facets), then each sort both ways
        for path in [f"/tracker/{table}"]
        + [f"/tracker/{table}?{way}={column}" for column in config.get("sortable_columns", []) for way in ("_sort", "_sort_desc")]
    ]


class Site:
    """A site in a worker process of its own: .time(path) renders the page there and gives its ms."""

    def __init__(self, directory, kind):
        command = [sys.executable, __file__, "--worker", kind, "--site", str(directory)]
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.process.stdout.readline().strip() == "ready", kind

    def time(self, path):
        """(ms, status) of one rendering of path."""
        self.process.stdin.write(path + "\n")
        self.process.stdin.flush()
        ms, status = self.process.stdout.readline().split()
        return float(ms), int(status)

    def close(self):
        self.process.stdin.close()
        self.process.wait()


def worker(kind, directory):
    """Serve `time` requests: a path a line on stdin, "ms status" a line on stdout."""
    # The site's plugins import tracker/ from the site's own checkout (they add it to sys.path): with this
    # checkout first on the path (and its tracker/ imported), another commit's site ran this one's tracker/.
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() not in (BENCH, BENCH.parent)]
    assert "tracker" not in sys.modules
    # Answers go to stdout's file; anything else printed (Datasette prints failed SQL) goes to stderr.
    answers, sys.stdout = os.fdopen(os.dup(sys.stdout.fileno()), "w"), sys.stderr
    datasette = Datasette(config_dir=directory) if kind == "project" else Datasette([str(directory / "tracker.db")])
    loop = asyncio.new_event_loop()
    loop.run_until_complete(datasette.invoke_startup())
    print("ready", file=answers, flush=True)
    for line in sys.stdin:
        started = time.perf_counter()
        response = loop.run_until_complete(datasette.client.get(line.strip(), cookies=COOKIES))
        print(f"{(time.perf_counter() - started) * 1000:.3f} {response.status_code}", file=answers, flush=True)


def get_ms(site, path, failures=None):
    ms, status = site.time(path)
    if failures is not None and status != 200:
        failures[path] = status
    else:
        assert status == 200, (path, status)
    return ms


def p50_p90(times):
    times = sorted(times)
    return statistics.median(times), times[int(len(times) * 0.9)]


def interleaved(project, default, paths, requests):
    """(project times, default times): the two sites asked in turn, each first every other request."""
    for path in paths[:5]:  # warm up: templates compiled, caches of labels and counts filled
        project.time(path)
        default.time(path)
    mine, theirs = [], []
    for i in range(requests):
        path = paths[i % len(paths)]
        order = [(project, mine), (default, theirs)]
        for site_, times in order if i % 2 == 0 else reversed(order):
            times.append(get_ms(site_, path))
    return p50_p90(mine), p50_p90(theirs)


def sweep(project, paths, requests):
    """p50 of the project's first page of each sort; {path: status} of those that did not answer 200."""
    results, failures = {}, {}
    for path in paths:
        project.time(path)
        results[path] = p50_p90([get_ms(project, path, failures) for _ in range(requests)])[0]
    return results, failures


def load_average():
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def main(directory, events, requests, table_requests, sorts):
    project, default = Site(directory, "project"), Site(directory, "default")
    print(f"{events:,} events, rendered (no response cache), each site in its own process, {load_average()}\n")
    print("| page | project p50 ms | p90 | default Datasette p50 ms | p90 | project / default |")
    print("|---|---:|---:|---:|---:|---:|")
    # --requests 0 or --table-requests 0 leaves those pages out.
    pages = row_paths(directory / "tracker.db", requests) if requests else {}
    pages.update({name: [path] for name, path in TABLE_PAGES.items() if table_requests})
    for name, paths in pages.items():
        n = requests if "row" in name else table_requests
        mine, theirs = interleaved(project, default, paths, n)
        print(f"| {name} | {mine[0]:.1f} | {mine[1]:.1f} | {theirs[0]:.1f} | {theirs[1]:.1f} | {mine[0] / theirs[0]:.2f}× |")
    if sorts is not None:
        results, failures = sweep(project, sort_paths(directory, sorts), 5)
        slow = {path: ms for path, ms in results.items() if ms > TABLE_PAGE_TARGET_MS}
        worst = max(results, key=results.get)
        print(f"\nFirst page, and first page of every offered sort both ways: {len(results)} pages, median of their p50s "
              f"{statistics.median(results.values()):.1f} ms, slowest {results[worst]:.1f} ms ({worst}); "
              f"{len(slow)} over {TABLE_PAGE_TARGET_MS} ms")
        for path, ms in sorted(slow.items(), key=lambda item: -item[1]):
            print(f"  {ms:7.1f} ms  {path}" + (f"  (status {failures[path]})" if path in failures else ""))
        print("\n| table or view | first page p50 ms | its sorts: median | slowest |\n|---|---:|---:|---:|")
        for table in dict.fromkeys(path.split("?")[0] for path in results):
            sorted_pages = [ms for path, ms in results.items() if path.startswith(table + "?")]
            print(f"| {table.split('/')[-1]} | {results[table]:.1f} | {statistics.median(sorted_pages or [0]):.1f} | {max(sorted_pages or [0]):.1f} |")
    print(f"\n{load_average()}")
    project.close()
    default.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=300, help="requests a row-page kind, to each site")
    parser.add_argument("--table-requests", type=int, default=20, help="requests a table page, to each site")
    parser.add_argument("--sorts", nargs="*", metavar="TABLE", help="also the first page of every offered sort (project only), of these tables or of all")
    parser.add_argument("--worker", choices=["project", "default"], help=argparse.SUPPRESS)
    parser.add_argument("--site", type=Path, help="a site directory other than bench/out/site-N (e.g. another commit's)")
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.site)
    else:
        from serve_bench import site  # it imports this checkout's tracker/: not in the workers

        main(args.site or site(args.events), args.events, args.requests, args.table_requests, args.sorts)
