"""Where one page's time goes: every SQL statement it runs (with its time) and the slowest functions.

    python bench/page_profile.py [--events 100000] [--requests 50] [--default] PATH [PATH ...]

Uses bench/out/site-N as bench/row_page_bench.py does: the project's configuration directory (or, with
--default, `Datasette([tracker.db])`) in this process behind Datasette's ASGI client, every request with
a cookie so plugins/response_cache.py renders the page anew. For each PATH: the statements of one
rendering, in order, with ms; then cProfile's top functions over --requests renderings.
"""

import argparse
import asyncio
import cProfile
import io
import pstats
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

from datasette.app import Datasette  # noqa: E402
from datasette.tracer import capture_traces  # noqa: E402
from row_page_bench import COOKIES  # noqa: E402
from serve_bench import site  # noqa: E402


async def statements(datasette, path):
    traces = []
    with capture_traces(traces):
        response = await datasette.client.get(path, cookies=COOKIES)
    assert response.status_code == 200, (path, response.status_code)
    print(f"\n## {path}: {len(traces)} statements, {sum(t['duration_ms'] for t in traces):.1f} ms in SQL\n")
    for t in traces:
        sql = " ".join(str(t.get("sql", t["type"])).split())
        print(f"{t['duration_ms']:7.2f} ms  {sql[:150]}")


async def profiled(datasette, path, requests):
    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    for _ in range(requests):
        await datasette.client.get(path, cookies=COOKIES)
    profile.disable()
    print(f"\n{requests} renderings: {(time.perf_counter() - started) * 1000 / requests:.1f} ms each (under cProfile)\n")
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(45)
    print(out.getvalue())


async def main(events, requests, default, paths):
    directory = site(events)
    datasette = Datasette([str(directory / "tracker.db")]) if default else Datasette(config_dir=directory)
    await datasette.invoke_startup()
    for path in paths:
        for _ in range(3):  # warm: templates compiled, per-process caches filled
            await datasette.client.get(path, cookies=COOKIES)
        await statements(datasette, path)
        await profiled(datasette, path, requests)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--default", action="store_true", help="default Datasette instead of the project's site")
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args()
    asyncio.run(main(args.events, args.requests, args.default, args.paths))
