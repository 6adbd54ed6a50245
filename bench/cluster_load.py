"""One process against nginx in front of two workers, and a worker killed midway: a bounded load test on 127.0.0.1.

    make build nginx
    python bench/cluster_load.py [--clients 32] [--seconds 20] [--render]

Runs the page mix of bench/load.py with the given clients for the given seconds against: one
Datasette process as `make serve` runs it; then nginx (deploy/nginx.conf) in front of two workers
(scripts/serve_cluster.py), where worker 1 is killed with SIGKILL halfway through. With --render the
clients send a cookie, so neither nginx's cache nor the site's own answers them: every request is
rendered by a worker. Each run starts after one request for every page. Prints requests per second, p50/p99 and every failed request.
"""

import argparse
import asyncio
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.hostile_load import add_run_arguments, run_setup  # noqa: E402
from bench.load import PAGES, percentile, phase  # noqa: E402
from scripts.serve_cluster import cluster  # noqa: E402
from tests.conftest import serving  # noqa: E402


async def measured(base, clients, seconds, cookies, midway=None):
    async with httpx.AsyncClient(base_url=base, timeout=60, cookies=cookies) as http:
        for url in PAGES.values():  # warm: both setups start with every page in their caches
            await http.get(url)
    if midway:
        asyncio.get_running_loop().call_later(seconds / 2, midway)
    started = time.monotonic()
    timings, errors, _ = await phase(base, clients, seconds, False, cookies)
    return timings, errors, time.monotonic() - started


def row(label, result):
    timings, errors, elapsed = result
    everything = [t for values in timings.values() for t in values]
    failed = sum(errors.values())
    return (
        f"| {label} | {len(everything) + failed} | {len(everything) / elapsed:.0f} | {percentile(everything, 0.5) * 1000:.0f} "
        f"| {percentile(everything, 0.99) * 1000:.0f} | {failed}"
        + (f" ({', '.join(f'{k}: {v}' for k, v in errors.items())})" if failed else "")
        + " |"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=32)
    add_run_arguments(parser)
    args = parser.parse_args()
    site, cookies, seconds = run_setup(args, "cluster-site")
    with serving(site) as base:
        single = asyncio.run(measured(base, args.clients, seconds, cookies))
    with cluster(site, workers=2) as running:
        killed = {}

        def kill():
            running.kill_worker(1)
            killed["at"] = time.monotonic()

        pair = asyncio.run(measured(running.base, args.clients, seconds, cookies, midway=kill))
    mode = "every request rendered (both caches bypassed)" if args.render else "as served (caches on)"
    print(f"{args.clients} clients for {seconds} s, pages of bench/load.py ({', '.join(PAGES)}), {mode}.\n")
    print("| setup | requests | req/s | p50 ms | p99 ms | failed |\n| --- | ---: | ---: | ---: | ---: | ---: |")
    print(row("one Datasette process", single))
    print(row("nginx + 2 workers, worker 1 killed at half time", pair))


if __name__ == "__main__":
    main()
