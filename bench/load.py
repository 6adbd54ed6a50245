"""Bounded load test of the published site, on 127.0.0.1 only.

    python bench/load.py [--clients 32] [--seconds 30] [--output bench/out/load.md]

Builds the real data into bench/out/load-site, serves it exactly as `make serve` does, then runs
two phases of the same mix of pages: clients alone, and clients plus one extra client that sends
a runaway recursive query over and over. With --render the clients send a cookie, which the
site's response cache (plugins/response_cache.py) never serves, so every page is rendered anew.
Prints a markdown table of p50/p99 per page and errors.
"""

import argparse
import asyncio
import shutil
import statistics
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import make_site, serving  # noqa: E402

PAGES = {
    "home": "/",
    "faceted events": "/tracker/events?event_type=lethal_strike&_facet=certainty",
    "event row": "/tracker/events/2025-09-02-boat-strike-caribbean",
    "search": "/tracker/search?q=%D8%AA%D8%B1%D9%85%D8%A8",
    "events CSV": "/tracker/events.csv?_stream=on",
    "map JSON": "/tracker/events_map.json?_shape=array&_size=max",
}
RUNAWAY = "/tracker.json?sql=with+recursive+r(i)+as+(select+1+union+all+select+i%2B1+from+r)+select+count(*)+from+r"


async def client(base, deadline, timings, errors, worker, cookies):
    names = list(PAGES)
    async with httpx.AsyncClient(base_url=base, timeout=30, cookies=cookies) as http:
        i = worker
        while time.monotonic() < deadline:
            name = names[i % len(names)]
            i += 1
            started = time.monotonic()
            try:
                response = await http.get(PAGES[name])
                ok = response.status_code == 200
            except httpx.HTTPError:
                ok = False
            elapsed = time.monotonic() - started
            if ok:
                timings[name].append(elapsed)
            else:
                errors[name] = errors.get(name, 0) + 1


async def runaway_client(base, deadline, outcomes):
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        while time.monotonic() < deadline:
            response = await http.get(RUNAWAY)
            outcomes.append(response.status_code)


async def phase(base, clients, seconds, with_runaway, cookies):
    timings, errors, runaway = {name: [] for name in PAGES}, {}, []
    deadline = time.monotonic() + seconds
    tasks = [client(base, deadline, timings, errors, worker, cookies) for worker in range(clients)]
    if with_runaway:
        tasks.append(runaway_client(base, deadline, runaway))
    await asyncio.gather(*tasks)
    return timings, errors, runaway


def percentile(values, fraction):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def report(results, clients, seconds, render):
    (plain, plain_errors, _), (loaded, loaded_errors, runaway) = results
    lines = [
        f"{clients} clients for {seconds} s each phase; times in ms; "
        + ("every page rendered (response cache bypassed)." if render else "as served (response cache on)."),
        f"Runaway phase: one more client sends an unbounded recursive query in a loop ({len(runaway)} sent, answers: {sorted(set(runaway))}).",
        "",
        "| page | requests | p50 | p99 | errors | requests with runaway | p50 | p99 | errors | p99 ratio |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name in PAGES:
        a, b = plain[name], loaded[name]
        ratio = percentile(b, 0.99) / percentile(a, 0.99) if a and b else float("nan")
        lines.append(
            f"| {name} | {len(a)} | {percentile(a, 0.5) * 1000:.0f} | {percentile(a, 0.99) * 1000:.0f} | {plain_errors.get(name, 0)} "
            f"| {len(b)} | {percentile(b, 0.5) * 1000:.0f} | {percentile(b, 0.99) * 1000:.0f} | {loaded_errors.get(name, 0)} | {ratio:.2f} |"
        )
    everything_a = [t for v in plain.values() for t in v]
    everything_b = [t for v in loaded.values() for t in v]
    lines.append(
        f"| all pages | {len(everything_a)} | {statistics.median(everything_a) * 1000:.0f} | {percentile(everything_a, 0.99) * 1000:.0f} "
        f"| {sum(plain_errors.values())} | {len(everything_b)} | {statistics.median(everything_b) * 1000:.0f} "
        f"| {percentile(everything_b, 0.99) * 1000:.0f} | {sum(loaded_errors.values())} "
        f"| {percentile(everything_b, 0.99) / percentile(everything_a, 0.99):.2f} |"
    )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=int, default=30, help="length of each phase (at most 120)")
    parser.add_argument("--render", action="store_true", help="bypass the response cache: every page is rendered")
    parser.add_argument("--output", default=str(ROOT / "bench" / "out" / "load.md"))
    args = parser.parse_args()
    seconds = min(args.seconds, 120)
    site = ROOT / "bench" / "out" / "load-site"
    if site.exists():
        shutil.rmtree(site)
    with serving(make_site(site, ROOT)) as base:
        cookies = {"bench": "render"} if args.render else None
        results = [asyncio.run(phase(base, args.clients, seconds, with_runaway, cookies)) for with_runaway in (False, True)]
    text = report(results, args.clients, seconds, args.render)
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
