"""Serve benchmark: the project's site against default Datasette, on the same database.

    python bench/serve_bench.py [--events 100000] [--duration 8] [--clients 1 16] [--markdown FILE]
                                [--site DIR] [--rebuild]

Builds bench/out/site-N from bench/out/pkg-N exactly as tests/conftest.py make_site does (a
configuration directory with the project's metadata.yml, settings.json, plugins, templates and
static symlinked, tracker.db and inspect-data.json built by build_db.build), then starts, one at a
time on a free 127.0.0.1 port:

  ceiling   a trivial ASGI app under uvicorn: the most this client can measure on this machine
  project   datasette serve SITE             (settings, metadata, plugins, immutable), measured twice:
            as served (warm response cache) and rendered (a cookie makes plugins/response_cache.py pass)
  default   datasette serve SITE/tracker.db  (no options: mutable, default settings)

and requests each page for --duration seconds from 1 and from 16 concurrent connections (asyncio +
httpx). p50 and p99 latency in ms and requests per second; every server is stopped at the end.
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

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
sys.path.insert(0, str(ROOT))

from tests.conftest import make_site  # noqa: E402
from tracker.search_query import Searcher  # noqa: E402

FACETS = "&".join(f"_facet={c}" for c in ("event_type", "certainty", "location_id", "date_precision", "status"))
SEARCHES = ["Sheinbaum", "ترمب", "vessel Caribbean", "الفنتانيل"]
TRIVIAL_APP = """
import sys, uvicorn
async def app(scope, receive, send):
    if scope["type"] == "http":
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/html")]})
        await send({"type": "http.response.body", "body": b"x" * 10000})
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""


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
    """name -> (server -> function(i) giving the i-th URL, number of distinct URLs); the same content on both servers."""
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    ids = [row[0] for row in conn.execute("select event_id from events where rowid % 97 = 0 limit 500")]
    # Default Datasette has no search page: the page's main query as arbitrary SQL, the match expression made here.
    plain_sql = (
        "select s.table_name, s.row_id, s.title_en, s.date from search_fts join search_index s on s.id = search_fts.rowid"
        " where search_fts match :q order by rank limit 20"
    )
    expressions = [Searcher().plan(conn, q).expression for q in SEARCHES]

    def search(server):
        if server == "default":
            return lambda i: "/tracker?" + urlencode({"sql": plain_sql, "q": expressions[i % len(SEARCHES)]})
        return lambda i: "/tracker/search?" + urlencode({"q": SEARCHES[i % len(SEARCHES)]})

    def fixed(path, default_path=None):
        return lambda server: lambda i: default_path if default_path and server == "default" else path

    # The project's events page has five facets from metadata.yml; default Datasette is asked for the same five.
    filtered = "/tracker/events?event_type=lethal_strike"
    return {
        "home /": (fixed("/"), 1),
        "events table": (fixed("/tracker/events"), 1),
        "events table, 5 facets": (fixed("/tracker/events", f"/tracker/events?{FACETS}"), 1),
        "events filtered, 5 facets": (fixed(filtered, f"{filtered}&{FACETS}"), 1),
        "citations table": (fixed("/tracker/citations"), 1),
        "event row page": (lambda server: lambda i: f"/tracker/events/{ids[i % len(ids)]}", len(ids)),
        "search query": (search, len(SEARCHES)),
        "events_map.json": (fixed("/tracker/events_map.json"), 1),
        "events.csv (1,000 rows)": (fixed("/tracker/events.csv?_size=max&_labels=on"), 1),
    }


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(name, arguments):
    """Start `datasette serve ARGUMENTS` (or the trivial app for None) on a free port; (process, base URL)."""
    port = free_port()
    if arguments is None:
        command = [sys.executable, "-c", TRIVIAL_APP, str(port)]
    else:
        command = [str(Path(sys.executable).parent / "datasette"), "serve", *arguments, "--host", "127.0.0.1", "--port", str(port)]
    log = OUT / f"server-{name}.log"
    with open(log, "wb") as stderr:
        process = subprocess.Popen(command, cwd=OUT, stdout=subprocess.DEVNULL, stderr=stderr)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(url + "/-/versions.json", timeout=2).status_code == 200:
                return process, url
        except httpx.TransportError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit(f"{command} did not answer within 120 s:\n{log.read_text()[-2000:]}")


def peak_rss_mib(process):
    status = dict(line.split(":", 1) for line in Path(f"/proc/{process.pid}/status").read_text().splitlines())
    return int(status["VmHWM"].split()[0]) / 1024


async def load(url, make_path, clients, duration, cookies):
    """Requests from `clients` concurrent connections for `duration` seconds: latencies (s), cache hits, errors, elapsed.
    One httpx client per connection: a shared pool of 16 costs the client more CPU than some pages cost the server."""
    latencies, hits, errors, counter = [], [], [], iter(range(10**9))
    started = time.perf_counter()
    deadline = started + duration

    async def one_connection():
        async with httpx.AsyncClient(base_url=url, timeout=60, trust_env=False, cookies=cookies) as client:
            while time.perf_counter() < deadline:
                path = make_path(next(counter))
                sent = time.perf_counter()
                response = await client.get(path)
                latencies.append(time.perf_counter() - sent)
                hits.append(response.headers.get("x-tracker-cache") == "hit")
                if response.status_code != 200:
                    errors.append(f"{response.status_code} {path}")

    await asyncio.gather(*(one_connection() for _ in range(clients)))
    return latencies, hits, errors, time.perf_counter() - started


def measure(url, make_path, clients, duration, cookies=None):
    latencies, hits, errors, elapsed = asyncio.run(load(url, make_path, clients, duration, cookies))
    latencies.sort()
    p50, p99 = (latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000 for q in (0.5, 0.99))
    result = dict(clients=clients, requests=len(latencies), errors=errors, p50=p50, p99=p99, rps=len(latencies) / elapsed)
    return dict(result, hits=sum(hits) / len(hits))


def warm_up(url, make_path, distinct, cookies):
    """Every distinct URL once: templates compiled, SQLite pages cached, and the response cache filled when it is used."""
    with httpx.Client(base_url=url, timeout=60, trust_env=False, cookies=cookies) as client:
        for i in range(distinct):
            client.get(make_path(i))


# (server, datasette serve arguments or None for the trivial app, cookies); "rendered" passes the response cache.
def servers(directory):
    return [
        ("ceiling", None, None),
        ("served", [str(directory)], None),
        ("rendered", [str(directory)], {"bench": "render"}),
        ("default", [str(directory / "tracker.db")], None),
    ]


def run(directory, duration, clients):
    results, notes = [], {}
    page_list = pages(directory / "tracker.db")
    for server, arguments, cookies in servers(directory):
        process, url = start(server, arguments)
        try:
            if arguments is None:
                notes["ceiling"] = {n: measure(url, lambda i: "/", n, duration)["rps"] for n in clients}
                continue
            mutable = httpx.get(url + "/-/databases.json").json()[0]["is_mutable"]
            cache = httpx.get(url + "/tracker/events", timeout=60).headers.get("cache-control", "-")
            for name, (make, distinct) in page_list.items():
                make_path = make("default" if server == "default" else "project")
                warm_up(url, make_path, distinct, cookies)
                for n in clients:
                    results.append(dict(server=server, page=name, **measure(url, make_path, n, duration, cookies)))
                    r = results[-1]
                    print(f"{server:8} {name:26} {n:3} clients: {r['p50']:7.1f} ms p50, {r['rps']:6.1f} req/s", file=sys.stderr)
            notes[server] = dict(rss=peak_rss_mib(process), cache=cache, mutable=mutable)
        finally:
            process.terminate()
            process.wait(timeout=30)
    return results, notes


def markdown(results, notes, site_name, duration):
    by_key = {(r["server"], r["page"], r["clients"]): r for r in results}
    lines = [
        f"Serve benchmark, {time.strftime('%Y-%m-%d')}, {os.cpu_count()} CPUs, {site_name}, {duration:g} s per page and connection count.",
        "",
        "| page | conns | served p50 | p99 | req/s | cache hits | rendered p50 | p99 | req/s | default p50 | p99 | req/s "
        "| default ÷ rendered p50 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in (r for r in results if r["server"] == "served"):
        row = [r["page"], r["clients"]]
        for server in ("served", "rendered", "default"):
            m = by_key[(server, r["page"], r["clients"])]
            row += [f"{m['p50']:.1f}", f"{m['p99']:.1f}", f"{m['rps']:.0f}"] + ([f"{m['hits']:.0%}"] if server == "served" else [])
        row.append(f"{by_key[('default', r['page'], r['clients'])]['p50'] / by_key[('rendered', r['page'], r['clients'])]['p50']:.1f}×")
        lines.append("| " + " | ".join(map(str, row)) + " |")
    ceiling = ", ".join(f"{rps:.0f} req/s from {n} connection{'s' if n > 1 else ''}" for n, rps in notes.pop("ceiling").items())
    lines += ["", "Times in ms. " + f"Client ceiling (a trivial ASGI app answering 10 kB, same machine): {ceiling}."]
    for server, note in notes.items():
        failed = [e for r in results if r["server"] == server for e in r["errors"]]
        lines.append(
            f"- {server}: peak RSS {note['rss']:.0f} MiB, mutable={note['mutable']}, table page Cache-Control `{note['cache']}`, "
            f"{len(failed)} non-200 responses {failed[0] if failed else ''}"
        )
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100000, help="size of the generated package (default 100000)")
    parser.add_argument("--duration", type=float, default=8, help="seconds per page and connection count (default 8)")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 16], help="concurrent connections (default 1 16)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the site's database even if it exists")
    parser.add_argument("--site", type=Path, help="benchmark this existing configuration directory instead (to try a change)")
    parser.add_argument("--markdown", help="also write the table to this file")
    args = parser.parse_args(argv)
    OUT.mkdir(exist_ok=True)
    directory = args.site.resolve() if args.site else site(args.events, args.rebuild)
    results, notes = run(directory, args.duration, args.clients)
    table = markdown(results, notes, directory.name, args.duration)
    print(table)
    if args.markdown:
        Path(args.markdown).write_text(table, encoding="utf-8")
    (OUT / f"serve-{directory.name}.json").write_text(json.dumps(results, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
