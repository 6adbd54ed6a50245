"""Checks of the evidence behind each row, run by build_db.py once every cell and key is valid.

problems(package, base_dir) returns (path, line, column, what, value, fix) tuples, worded like the
build's other problems.

- A citation's verification and verified_on agree: a date exactly when the excerpt was verified.
"""

import csv

VERIFIED = "verified_verbatim"


def rows(package, base_dir, table):
    """Yield (line, row) for every record of a table; line is where the record starts, as the build counts."""
    resource = next(r for r in package["resources"] if r["name"] == table)
    with open(base_dir / resource["path"], encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        line = reader.line_num + 1
        for cells in reader:
            yield line, dict(zip(header, cells))
            line = reader.line_num + 1


def verification_problems(package, base_dir):
    path = "data/citations.csv"
    for line, row in rows(package, base_dir, "citations"):
        verified, on = row["verification"] == VERIFIED, bool(row["verified_on"])
        if verified and not on:
            fix = "give the date the excerpt was last found word for word at the source's URL"
            yield path, line, "verified_on", "is empty on a verified citation", None, fix
        elif on and not verified:
            fix = f"empty verified_on, or set verification to {VERIFIED} if the excerpt was found word for word that day"
            yield path, line, "verified_on", f"is set but verification is {row['verification']}", row["verified_on"], fix


def problems(package, base_dir):
    return list(verification_problems(package, base_dir))
