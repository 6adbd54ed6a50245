"""Serve benchmark: the project's site against default Datasette, on the same database.

    python bench/serve_bench.py [--events 100000] [--duration 8] [--clients 1 16] [--markdown FILE]

Builds bench/out/site-N from bench/out/pkg-N exactly as tests/conftest.py make_site does (a
configuration directory with the project's metadata.yml, settings.json, plugins, templates and
static symlinked, tracker.db and inspect-data.json built by build_db.build), then starts on free
127.0.0.1 ports

  project   datasette serve SITE                 (settings, metadata, plugins, immutable)
  default   datasette serve SITE/tracker.db      (no options: mutable, default settings)

and requests each page for --duration seconds with 1 and with 16 concurrent clients (asyncio +
httpx). p50 and p99 latency in ms and requests per second; the servers are stopped at the end.
"""

import argparse
import asyncio
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx
import yaml

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
sys.path.insert(0, str(ROOT))

from plugins.search_text import match_expression  # noqa: E402
from tests.conftest import make_site  # noqa: E402

FACETS = "&".join(f"_facet={c}" for c in ("event_type", "certainty", "location_id", "date_precision", "status"))
SEARCHES = ["Sheinbaum", "ترمب", "vessel Caribbean", "الفنتانيل"]


def site(events, rebuild=False):
    """bench/out/site-N, built once from bench/out/pkg-N (generated if missing)."""
    package, directory = OUT / f"pkg-{events}", OUT / f"site-{events}"
    if not (package / "datapackage.json").exists():
        subprocess.run([sys.executable, str(BENCH / "generate.py"), "--events", str(events), str(package)], check=True)
    if rebuild or not (directory / "tracker.db").exists():
        shutil.rmtree(directory, ignore_errors=True)
        print(f"building {directory} …", file=sys.stderr)
        make_site(directory, package)
    return directory


def pages(db_path):
    """name -> function(i) giving the i-th URL to request; the same pages on both servers."""
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    ids = [row[0] for row in conn.execute("select event_id from events where rowid % 97 = 0 limit 500")]
    search_sql = yaml.safe_load((ROOT / "metadata.yml").read_text())["databases"]["tracker"]["queries"]["search"]["sql"]
    # Default Datasette has no canned query and no search_match(): the same SQL, the match expression made here.
    plain_sql = search_sql.replace("search_match(:q)", ":q")

    def search(server):
        if server == "project":
            return lambda i: "/tracker/search?" + urlencode({"q": SEARCHES[i % len(SEARCHES)]})
        return lambda i: "/tracker?" + urlencode({"sql": plain_sql, "q": match_expression(SEARCHES[i % len(SEARCHES)])})

    def fixed(path):
        return lambda server: lambda i: path

    return {
        "home /": fixed("/"),
        "events table": fixed("/tracker/events"),
        "citations table": fixed("/tracker/citations"),
        "events, 5 facets": fixed(f"/tracker/events?{FACETS}"),
        "events, filter + 5 facets": fixed(f"/tracker/events?event_type=lethal_strike&{FACETS}"),
        "event row page": lambda server: lambda i: f"/tracker/events/{ids[i % len(ids)]}",
        "search query": search,
        "events_map.json": fixed("/tracker/events_map.json"),
        "events.csv (1,000 rows)": fixed("/tracker/events.csv?_size=max&_labels=on"),
    }


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(arguments):
    port = free_port()
    command = [str(Path(sys.executable).parent / "datasette"), "serve", *arguments, "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(command, cwd=OUT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{command} exited: {process.stderr.read().decode()[-2000:]}")
        try:
            if httpx.get(url + "/-/versions.json", timeout=2).status_code == 200:
                return process, url
        except httpx.TransportError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit(f"{command} did not answer within 120 s")


def peak_rss_mib(process):
    status = dict(line.split(":", 1) for line in Path(f"/proc/{process.pid}/status").read_text().splitlines())
    return int(status["VmHWM"].split()[0]) / 1024


async def load(url, make_path, clients, duration):
    """Requests from `clients` concurrent loops for `duration` seconds: latencies (s), errors, elapsed."""
    latencies, errors, counter = [], [], iter(range(10**9))
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60, trust_env=False) as client:
        for i in range(2):  # warm up: templates, SQLite page cache
            await client.get(make_path(i))
        started = time.perf_counter()
        deadline = started + duration

        async def one_client():
            while time.perf_counter() < deadline:
                path = make_path(next(counter))
                sent = time.perf_counter()
                response = await client.get(path)
                latencies.append(time.perf_counter() - sent)
                if response.status_code != 200:
                    errors.append(f"{response.status_code} {path}")

        await asyncio.gather(*(one_client() for _ in range(clients)))
        return latencies, errors, time.perf_counter() - started


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def run(events, duration, clients, rebuild):
    directory = site(events, rebuild)
    servers = {"project": [str(directory)], "default": [str(directory / "tracker.db")]}
    results, notes = [], {}
    page_list = pages(directory / "tracker.db")
    for server, arguments in servers.items():
        process, url = start(arguments)
        try:
            headers = httpx.get(url + "/tracker/events", timeout=60).headers
            mutable = httpx.get(url + "/-/databases.json").json()[0]["is_mutable"]
            for name, make in page_list.items():
                for n in clients:
                    latencies, errors, elapsed = asyncio.run(load(url, make(server), n, duration))
                    results.append(dict(server=server, page=name, clients=n, requests=len(latencies), errors=errors))
                    results[-1].update(p50=percentile(latencies, 0.5) * 1000, p99=percentile(latencies, 0.99) * 1000)
                    results[-1]["rps"] = rps = len(latencies) / elapsed
                    print(f"{server:8} {name:26} {n:3} clients: {results[-1]['p50']:7.1f} ms p50, {rps:6.1f} req/s", file=sys.stderr)
            notes[server] = dict(rss=peak_rss_mib(process), cache=headers.get("cache-control", "-"), mutable=mutable)
        finally:
            process.terminate()
            process.wait(timeout=30)
    return results, notes


def markdown(results, notes, events, duration):
    by_key = {(r["server"], r["page"], r["clients"]): r for r in results}
    lines = [
        f"Serve benchmark, {time.strftime('%Y-%m-%d')}, {os.cpu_count()} CPUs, {events:,} events, {duration:g} s per page and client count.",
        "",
        "| page | clients | project p50 ms | project p99 ms | project req/s | default p50 ms | default p99 ms | default req/s | default ÷ project p50 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in (r for r in results if r["server"] == "project"):
        d = by_key[("default", r["page"], r["clients"])]
        lines.append(
            f"| {r['page']} | {r['clients']} | {r['p50']:.1f} | {r['p99']:.1f} | {r['rps']:.1f} "
            f"| {d['p50']:.1f} | {d['p99']:.1f} | {d['rps']:.1f} | {d['p50'] / r['p50']:.1f}× |"
        )
    lines.append("")
    for server, note in notes.items():
        failed = sum(len(r["errors"]) for r in results if r["server"] == server)
        first = next((r["errors"][0] for r in results if r["server"] == server and r["errors"]), "")
        lines.append(
            f"- {server}: peak RSS {note['rss']:.0f} MiB, mutable={note['mutable']}, table page Cache-Control `{note['cache']}`, "
            f"{failed} non-200 responses {first}"
        )
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100000, help="size of the generated package (default 100000)")
    parser.add_argument("--duration", type=float, default=8, help="seconds per page and client count (default 8)")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 16], help="concurrent clients (default 1 16)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the site's database even if it exists")
    parser.add_argument("--markdown", help="also write the table to this file")
    args = parser.parse_args(argv)
    results, notes = run(args.events, args.duration, args.clients, args.rebuild)
    table = markdown(results, notes, args.events, args.duration)
    print(table)
    if args.markdown:
        Path(args.markdown).write_text(table, encoding="utf-8")
    (OUT / f"serve-{args.events}.json").write_text(json.dumps(results, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
