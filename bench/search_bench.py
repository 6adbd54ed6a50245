"""Search page benchmark: rendered /tracker/search pages at 100,000 events.

    python bench/search_bench.py [--events 100000] [--site DIR] [--duration 8] [--markdown FILE]

Serves bench/out/site-N (built as serve_bench.py builds it; --site for another configuration
directory) exactly as `make serve` does, on a free port of 127.0.0.1, and requests search pages
from one connection for --duration seconds per kind of query, every request with a cookie so
that the response cache never answers (each page is rendered: what a new query costs). Prints
p50 and p99 per kind, and the planner's own time per query (stems, spellings, counts, page).
"""

import argparse
import sqlite3
import sys
import time
from pathlib import Path
from urllib.parse import quote

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

from serve_bench import measure, site, start, warm_up  # noqa: E402

from tracker.search_query import Searcher  # noqa: E402

# Kinds of query a reader types, in English, Arabic and Spanish, common and rare.
QUERIES = {
    "common word (strike)": ["strike", "strikes", "struck"],
    "Arabic word with particles": ["الضربات", "ضربات", "بالضربات"],
    "name in any spelling": ["ترمب", "شينبوم", "Sheinbaum"],
    "two words": ["vessel Caribbean", "القوارب الكاريبي"],
    "date": ["2025-10-03", "3 October 2025", "octubre de 2025"],
    "page 5 of a common word": ["strike&page=5"],
    "kind filter": ["strike&kind=quotes"],
    "rare or nothing": ["xylophone", "زرافة"],
}
# Two common words, a pair not asked before on every request: nothing cached for it anywhere.
COMMON = "strike boat vessel killed caribbean pacific mexico trump sheinbaum cartel drug border military navy coast guard".split()
COMMON += "الضربات القوارب المكسيك ترامب الكارتلات المخدرات الحدود البحرية فنزويلا الكاريبي".split()
NEW_PAIRS = [f"{a} {b}" for a in COMMON for b in reversed(COMMON) if a != b]


def path(query):
    q, _, rest = query.partition("&")
    return "/tracker/search?q=" + quote(q) + ("&" + rest if rest else "")


def planner_times(db_path, queries):
    """Milliseconds to plan a query and run its counts and page query, the first time it is asked
    (the actors' spellings, read once per process, already loaded)."""
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    searcher = Searcher()
    searcher.search(conn, "")
    times = {}
    for query in queries:
        q, _, rest = query.partition("&")
        args = dict(part.split("=") for part in rest.split("&") if part)
        searcher._counts.clear()
        started = time.perf_counter()
        result = searcher.search(conn, q, kind=args.get("kind"), offset=20 * (int(args.get("page", 1)) - 1))
        times[query] = ((time.perf_counter() - started) * 1000, result["total"])
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100000)
    parser.add_argument("--site", type=Path, help="an existing configuration directory")
    parser.add_argument("--duration", type=float, default=8)
    parser.add_argument("--markdown", help="also write the table to this file")
    args = parser.parse_args()
    directory = (args.site or site(args.events)).resolve()
    every = [q for queries in QUERIES.values() for q in queries]
    planned = planner_times(directory / "tracker.db", every)
    process, url = start("search", [str(directory)])
    cookies = {"bench": "render"}
    lines = [
        f"Search pages rendered, {directory.name}, 1 connection, {args.duration:g} s per kind of query.",
        "",
        "| queries | rows found | planner + SQL ms | rendered p50 ms | p99 ms | req/s |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    try:
        for name, queries in QUERIES.items():
            make_path = lambda i, queries=queries: path(queries[i % len(queries)])  # noqa: E731
            warm_up(url, make_path, len(queries), cookies)
            r = measure(url, make_path, 1, args.duration, cookies)
            found = " / ".join(f"{planned[q][1]:,}" for q in queries)
            own = max(planned[q][0] for q in queries)
            lines.append(f"| {name}: {', '.join(queries)} | {found} | {own:.1f} | {r['p50']:.1f} | {r['p99']:.1f} | {r['rps']:.0f} |")
            print(lines[-1], file=sys.stderr)
            assert not r["errors"], r["errors"][:3]
        new = measure(url, lambda i: path(NEW_PAIRS[i % len(NEW_PAIRS)]), 1, args.duration, cookies)
        lines.append(f"| two common words, a new pair each time ({len(NEW_PAIRS)} pairs) | | | {new['p50']:.1f} | {new['p99']:.1f} | {new['rps']:.0f} |")
    finally:
        process.terminate()
        process.wait(timeout=30)
    text = "\n".join(lines) + "\n"
    print(text)
    if args.markdown:
        Path(args.markdown).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
