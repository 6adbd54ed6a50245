"""Arabic pages against their English twins: time to render each page kind in both languages.

    python bench/arabic_bench.py [--repeat 30] [--markdown FILE]

Serves the project's site in-process (a Datasette on the project directory, as `make serve` does,
with tracker.db built by `make build`) and requests every page kind a reader reaches in English and
under /ar/, alternating the two so that both see the same machine. Each request carries a cookie,
so plugins/response_cache.py never answers it: every page is rendered anew. Times are CPU time of
the process per request. Reports the median and the 90th percentile in ms per language and the
ratio of the Arabic median to the English one; the target is at most 1.10.
"""

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

from datasette.app import Datasette

ROOT = Path(__file__).resolve().parent.parent
EVENT = "2025-09-02-boat-strike-caribbean"
PAGES = {
    "home": "/",
    "events table": "/tracker/events",
    "strikes of a month": "/tracker/timeline?month=2025-09&event_type=lethal_strike",
    "event page": f"/tracker/events/{EVENT}",
    "quote page": "/tracker/quotes/q-2025-11-17-trump-ok-with-me",
    "actor page": "/tracker/actors/donald-trump",
    "statistics table": "/tracker/statistics",
    "search": "/tracker/search?q=%D8%AA%D8%B1%D9%85%D8%A8",
    "timeline chart": "/-/timeline",
    "methodology": "/-/methodology",
    "map page": "/tracker/events_map",
    "map data": "/tracker/events_map.json?_size=max&_labels=on&_shape=objects",
    "canned query": "/tracker/strike_totals_by_month",
}
NO_CACHE = {"bench": "render"}


async def timed(client, path):
    """CPU time of this process (all its threads, SQL included) to answer one request, in ms. On a machine
    shared with other work, wall time mostly measures the neighbours; CPU time measures the page."""
    started = time.process_time()
    response = await client.get(path, cookies=NO_CACHE)
    elapsed = (time.process_time() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{path}: HTTP {response.status_code}")
    return elapsed


async def measure(repeat):
    datasette = Datasette(config_dir=ROOT)
    await datasette.invoke_startup()
    client = datasette.client
    results = {}
    for name, path in PAGES.items():
        for warm in (path, "/ar" + path):  # first renders compile templates and fill per-process caches
            await timed(client, warm)
        english, arabic = [], []
        for _ in range(repeat):
            english.append(await timed(client, path))
            arabic.append(await timed(client, "/ar" + path))
        results[name] = (english, arabic)
    return results


def p90(values):
    return sorted(values)[int(0.9 * (len(values) - 1))]


def markdown(results, repeat):
    lines = [
        f"Median and 90th percentile of {repeat} renders per page and language, CPU ms per request (response cache bypassed).",
        "",
        "| page | English p50 | English p90 | Arabic p50 | Arabic p90 | Arabic ÷ English |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, (english, arabic) in results.items():
        ratio = statistics.median(arabic) / statistics.median(english)
        lines.append(
            f"| {name} | {statistics.median(english):.1f} | {p90(english):.1f} | {statistics.median(arabic):.1f} | {p90(arabic):.1f} | {ratio:.2f} |"
        )
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30, help="renders per page and language")
    parser.add_argument("--markdown", help="also write the table to this file")
    args = parser.parse_args(argv)
    if not (ROOT / "tracker.db").exists():
        raise SystemExit("tracker.db is missing: run `make build` first")
    table = markdown(asyncio.run(measure(args.repeat)), args.repeat)
    sys.stdout.write(table)
    if args.markdown:
        Path(args.markdown).write_text(table, encoding="utf-8")


if __name__ == "__main__":
    main()
