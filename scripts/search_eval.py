"""Recall and precision of search on the evaluation set (tests/search_eval.yaml).

    .venv/bin/python scripts/search_eval.py [--db tracker.db] [--stemmer snowball tashaphyne none] [--misses]

Recall: of the rows a query must find, the share it finds. Precision: of the judged rows it
returns (those it must find and those it must not), the share it should return. Each is given
overall and per language; --stemmer compares Arabic stemmers on the same index (tashaphyne needs
`pip install tashaphyne==0.3.6`); --misses lists what each query missed or wrongly found.
"""

import argparse
import sqlite3
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tracker.search_query import Searcher  # noqa: E402
from tracker.search_text import ARABIC_STEMMER  # noqa: E402

EVALUATION = ROOT / "tests" / "search_eval.yaml"


def load_cases(path=EVALUATION):
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def evaluate(conn, cases, searcher=None):
    """Per case: (case, found must rows, missed must rows, wrongly found rows)."""
    searcher = searcher or Searcher()
    results = []
    for case in cases:
        rows = searcher.search(conn, case["q"], limit=10**6)["rows"]
        returned = {f"{r['table_name']}/{r['row_id']}" for r in rows}
        must, must_not = set(case["find"]), set(case["not"])
        results.append((case, must & returned, must - returned, must_not & returned))
    return results


def scores(results, lang=None):
    chosen = [r for r in results if lang is None or r[0]["lang"] == lang]
    found = sum(len(r[1]) for r in chosen)
    missed = sum(len(r[2]) for r in chosen)
    wrong = sum(len(r[3]) for r in chosen)
    recall = found / (found + missed) if found + missed else 1.0
    precision = found / (found + wrong) if found + wrong else 1.0
    return {"queries": len(chosen), "recall": recall, "precision": precision, "found": found, "missed": missed, "wrong": wrong}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default=str(ROOT / "tracker.db"))
    parser.add_argument("--stemmer", nargs="*", default=[ARABIC_STEMMER])
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args()
    conn = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    cases = load_cases()
    print("| Arabic stemmer | language | queries | recall | precision | found / missed / wrongly found |")
    print("|---|---|---:|---:|---:|---|")
    for name in args.stemmer:
        searcher = Searcher(arabic_stemmer=name)
        results = evaluate(conn, cases, searcher)
        for lang in (None, "ar", "en", "es"):
            s = scores(results, lang)
            label = lang or "all"
            print(f"| {name} | {label} | {s['queries']} | {s['recall']:.3f} | {s['precision']:.3f} | {s['found']} / {s['missed']} / {s['wrong']} |")
        if args.misses:
            for case, _, missed, wrong in results:
                if missed or wrong:
                    print(f"  {case['q']}: missed {sorted(missed)} wrongly found {sorted(wrong)}")


if __name__ == "__main__":
    main()
