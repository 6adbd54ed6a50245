"""Pages for everyone while strangers send the worst queries they can: a bounded load test on 127.0.0.1.

    python bench/hostile_load.py [--readers 4] [--attackers 3] [--seconds 20] [--rounds 6] [--render]

Serves the real data as `make serve` does, then runs two phases of the same readers (table and row
pages, in a loop): readers alone, and readers plus attackers, each looping over the worst requests
found (single slow steps, huge values, runaway recursion, cross joins, whole-table CSV streams,
many facets). With --render the readers send a cookie, which the response cache never answers, so
every page is rendered and needs an SQL thread. Prints p50/p99 per page and phase, the ratio of the
p99s, and what the attackers got.
"""

import argparse
import asyncio
import collections
import sys
import time
import urllib.parse
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import percentile  # noqa: E402
from tests.conftest import make_site, serving  # noqa: E402

READER_PAGES = {
    "events table": "/tracker/events",
    "citations table": "/tracker/citations",
    "event row": "/tracker/events/2025-09-02-boat-strike-caribbean",
    "actor row": "/tracker/actors/donald-trump",
}
WORST_SQL = [
    "select count(*) from events where length(randomblob(50000000)) > 0",
    "select count(*) from citations where length(randomblob(199999)) > 0",  # the largest value allowed, once per row
    "select zeroblob(200000000)",
    "select zeroblob(199999) from citations",  # past the budget of returned bytes
    "with recursive r(i) as (select 1 union all select i + 1 from r) select count(*) from r",
    "select count(*) from citations a, citations b, citations c where a.excerpt || b.excerpt like '%zz%'",
    "select a.excerpt, b.excerpt from citations a, citations b order by a.excerpt || b.excerpt limit 1",
]
WORST = [f"/tracker.json?sql={urllib.parse.quote(sql)}" for sql in WORST_SQL] + [
    "/tracker.csv?sql=" + urllib.parse.quote(WORST_SQL[4]),
    "/tracker/citations.csv?_stream=1&_size=max",
    "/tracker/citations?_facet=excerpt&_facet=locator&_facet=source_id&_facet=notes&_sort=excerpt&excerpt__contains=e",
]


async def loop(http, deadline, urls, worker, record, cookies=None):
    """Request urls in turn from position worker until the deadline; record(url, outcome, seconds)."""
    i = worker
    while time.monotonic() < deadline:
        url = urls[i % len(urls)]
        i += 1
        started = time.monotonic()
        try:
            outcome = (await http.get(url, cookies=cookies)).status_code
        except httpx.HTTPError as error:
            outcome = type(error).__name__
        record(url, outcome, time.monotonic() - started)


async def phase(base, readers, attackers, seconds, cookies):
    timings, errors, answers = collections.defaultdict(list), collections.defaultdict(list), collections.defaultdict(list)
    name_of = {url: name for name, url in READER_PAGES.items()}

    def read(url, outcome, seconds):
        (timings if outcome == 200 else errors)[name_of[url]].append(seconds)

    def attack(url, outcome, seconds):
        answers[outcome].append(seconds)

    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=readers + attackers + 4)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as http:
        tasks = [loop(http, deadline, list(READER_PAGES.values()), w, read, cookies) for w in range(readers)]
        tasks += [loop(http, deadline, WORST, w, attack) for w in range(attackers)]
        await asyncio.gather(*tasks)
    return timings, errors, answers


def report(alone, loaded, readers, attackers, seconds, render, rounds):
    lines = [
        f"{readers} readers, {seconds} s per phase in {rounds} alternating rounds, "
        + ("every page rendered (cache bypassed)" if render else "as served (response cache on)")
        + f"; then the same with {attackers} attackers looping {len(WORST)} worst requests. Times in ms.",
        "",
        "| page | requests alone | p50 | p99 | requests attacked | p50 | p99 | errors | p99 ratio |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name in list(READER_PAGES) + ["all pages"]:
        a = alone[0][name] if name in READER_PAGES else [t for v in alone[0].values() for t in v]
        b = loaded[0][name] if name in READER_PAGES else [t for v in loaded[0].values() for t in v]
        errors = sum(len(v) for k, v in loaded[1].items() if name == "all pages" or k == name)
        ratio = percentile(b, 0.99) / percentile(a, 0.99) if a and b else float("nan")
        lines.append(
            f"| {name} | {len(a)} | {percentile(a, 0.5) * 1000:.0f} | {percentile(a, 0.99) * 1000:.0f} "
            f"| {len(b)} | {percentile(b, 0.5) * 1000:.0f} | {percentile(b, 0.99) * 1000:.0f} | {errors} | {ratio:.2f} |"
        )
    answers = loaded[2]
    lines.append("")
    lines.append(
        "Attackers' answers: "
        + ", ".join(
            f"{status}: {len(v)} (p50 {percentile(v, 0.5) * 1000:.0f} ms, max {max(v) * 1000:.0f} ms)"
            for status, v in sorted(answers.items(), key=str)
        )
    )
    return "\n".join(lines)


def add_run_arguments(parser):
    parser.add_argument("--seconds", type=int, default=20, help="length of each phase (at most 120)")
    parser.add_argument("--render", action="store_true", help="bypass the caches: every page is rendered")
    parser.add_argument("--site", help="serve this configuration directory instead of building the real data")


def run_setup(args, name):
    """(site directory, cookies, seconds) from the arguments of add_run_arguments."""
    site = Path(args.site) if args.site else make_site(ROOT / "bench" / "out" / name, ROOT)
    return site, {"bench": "render"} if args.render else None, min(args.seconds, 120)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--attackers", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=6, help="alternate the two phases this many times")
    add_run_arguments(parser)
    args = parser.parse_args()
    site, cookies, seconds = run_setup(args, "hostile-site")
    # The phases alternate in short rounds, so that both see the same load from the rest of the machine.
    alone, loaded = [collections.defaultdict(list) for _ in range(3)], [collections.defaultdict(list) for _ in range(3)]
    with serving(site) as base:
        for _ in range(args.rounds):
            for totals, attackers in ((alone, 0), (loaded, args.attackers)):
                for total, part in zip(totals, asyncio.run(phase(base, args.readers, attackers, seconds / args.rounds, cookies))):
                    for key, values in part.items():
                        total[key] += values
    print(report(alone, loaded, args.readers, args.attackers, seconds, args.render, args.rounds))


if __name__ == "__main__":
    main()
