"""Append every row ID in data/ that is not yet in published_ids.txt to it.

Run it before each release. The list only ever grows: tests/test_permanent_ids.py fails when an ID
in it is missing from data/, because a published row's URL must keep resolving (retract, never delete).
"""

import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIST = ROOT / "published_ids.txt"


def current_ids(root=ROOT):
    package = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        key = resource["schema"]["primaryKey"]
        if not isinstance(key, str):
            continue  # link tables have no permalinks of their own
        with open(root / resource["path"], encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f):
                yield f"{resource['name']}/{row[key]}"


def published_ids(path=LIST):
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()] if path.exists() else []


def main():
    known = set(published_ids())
    new = [row_id for row_id in current_ids() if row_id not in known]
    with open(LIST, "a", encoding="utf-8") as f:
        f.writelines(f"{row_id}\n" for row_id in new)
    print(f"{len(new)} new IDs recorded in {LIST.name}; {len(known) + len(new)} in all.", file=sys.stderr)


if __name__ == "__main__":
    main()
