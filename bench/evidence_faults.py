"""A generated package with faults the evidence check must report, and the problems it must report.

    python bench/evidence_faults.py --events 10000 [--faults 40] OUTDIR

writes bench/generate.py's package of that size into OUTDIR, then breaks rows of it the way data goes
wrong (a figure or a date no excerpt gives, a death count only an aggregator states, a quote altered or
in the wrong language, a citation's verification and date at odds, exemptions stale, needless or of
no row) and writes OUTDIR/expected_problems.json: the problems tracker/evidence.py must report, in
its order. The faults are chosen so that the expected list follows from what each one breaks:
figures no excerpt can hold (five digits and more), dates moved more than a year away, rows touched
by at most one fault. Retracted rows get faults too, which must not be reported.
"""

import argparse
import csv
import datetime
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # noqa: E402 (bench/ is not a package)

NUMBER_FIX = "cite a source whose excerpt gives this figure, or correct the figure and say why in notes"
DATE_FIX = "cite a source whose excerpt gives the date (or the weekday, in a source of that week), or correct date_start"
EVENT_WHAT = {"number": "stands in no excerpt of the event's citations", "date": "is in no excerpt of the event's citations"}
AGGREGATOR_ONLY = (
    "stands only in excerpts of aggregator sources",
    "cite the original report or another outlet that states this figure; an aggregator is a lead, never the only source of a death count",
)
VALUE_FIX = "cite a source whose excerpt gives this value, or correct the value and say why in notes"
AS_OF_WHAT = "is in no excerpt and no citing source was published that day or in the week after"
AS_OF_FIX = "give the date of a citing source's report, or cite an excerpt that dates the figure"
QUOTE_FIX = "copy text exactly from the excerpt of a cited source in text_language, or cite that source"
# Far enough from any date an excerpt or a source's publication gives for the row: no form of it is near.
MOVED = datetime.timedelta(days=-400)


class Table:
    """A table's rows as dicts, each with the line it starts on, as the build counts lines."""

    def __init__(self, package_dir, name):
        self.path = Path(package_dir) / "data" / f"{name}.csv"
        with open(self.path, encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            self.columns, self.rows, self.lines = reader.fieldnames, [], []
            line = 2
            for row in reader:
                self.rows.append(row)
                self.lines.append(line)
                line = reader.line_num + 1
        self.line_by_row = {}

    def line_of(self, row):
        if len(self.line_by_row) != len(self.lines):
            self.line_by_row = {id(row): line for row, line in zip(self.rows, self.lines)}
        return self.line_by_row[id(row)]

    def write(self):
        with open(self.path, "w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, self.columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(self.rows)


def moved(day):
    return (datetime.date.fromisoformat(day) + MOVED).isoformat()


def write_faulty_package(outdir, events, faults, seed=1):
    """Write the package with faults of every kind (about `faults` of each); return the expected problems."""
    generate.write_package(outdir, events)
    rng = random.Random(seed)
    tables = {name: Table(outdir, name) for name in ("sources", "events", "statistics", "quotes", "citations", "evidence_exemptions")}
    sources = {row["source_id"]: row for row in tables["sources"].rows}
    citations_of = {}
    for citation in tables["citations"].rows:
        target = citation["event_id"] or citation["quote_id"] or citation["statistic_id"]
        citations_of.setdefault(target, []).append(citation)
    at_events = {row["event_id"] for row in tables["statistics"].rows}
    touched = set()  # row ids given a fault; each row gets at most one

    def pick(table, wanted, count):
        """Up to count rows of the table that pass wanted() and have no fault yet, at random."""
        key = tables[table].columns[0]
        found = [row for row in tables[table].rows if row[key] not in touched and wanted(row)]
        chosen = rng.sample(found, min(count, len(found)))
        touched.update(row[key] for row in chosen)
        return sorted(chosen, key=tables[table].line_of)

    def active(row):
        return row["status"] == "active"

    def strike(row):
        return active(row) and row["event_type"] == "lethal_strike" and row["killed_low"] not in ("", "0")

    def dated_only(row):
        """An active event of one known day that states no figure and no statistic is stated at."""
        return active(row) and row["date_precision"] == "day" and not row["killed_low"] and row["event_id"] not in at_events

    unmet = {}  # (table, line, column) -> problem; reported in table order, then line, then column order
    events = tables["events"]
    for k, row in enumerate(pick("events", strike, faults)):
        row["killed_high"] = str(90000 + k)
        unmet["events", events.line_of(row), 1] = ("killed_high", EVENT_WHAT["number"], row["killed_high"], NUMBER_FIX)
    for k, row in enumerate(pick("events", strike, faults)):
        row["vessels"] = str(80000 + k)
        unmet["events", events.line_of(row), 2] = ("vessels", EVENT_WHAT["number"], row["vessels"], NUMBER_FIX)
    for row in pick("events", dated_only, faults):
        row["date_start"] = row["date_end"] = moved(row["date_start"])
        unmet["events", events.line_of(row), 4] = ("date_start", EVENT_WHAT["date"], row["date_start"], DATE_FIX)
    # An event whose only dated excerpt is retracted: nothing else of its citations gives the day.
    for row in pick("events", dated_only, faults):
        evidence = citations_of[row["event_id"]][0]
        evidence["status"], evidence["status_note"] = "retracted", "The excerpt was of another report."
        unmet["events", events.line_of(row), 4] = ("date_start", EVENT_WHAT["date"], row["date_start"], DATE_FIX)
    # Every citation of an event moved to one aggregator: its death counts stand only there.
    aggregator = dict(next(iter(sources.values())), source_id="aggregator-fault", source_type="aggregator", status="active")
    tables["sources"].rows.append(aggregator)
    for row in pick("events", strike, faults):
        for citation in citations_of[row["event_id"]]:
            citation["source_id"] = aggregator["source_id"]
        for position, column in enumerate(("killed_low", "killed_high")):
            unmet["events", events.line_of(row), position] = (column, AGGREGATOR_ONLY[0], row[column], AGGREGATOR_ONLY[1])

    statistics = tables["statistics"]
    for k, row in enumerate(pick("statistics", active, faults)):
        row["value"] = str(123450000 + k) + (".5" if k % 2 else "")  # whole and not
        unmet["statistics", statistics.line_of(row), 0] = (
            "value",
            "stands in no excerpt of the statistic's citations",
            row["value"],
            VALUE_FIX,
        )
    for row in pick("statistics", lambda row: active(row) and row["as_of_date"] and not row["event_id"], faults):
        row["as_of_date"] = moved(row["as_of_date"])
        unmet["statistics", statistics.line_of(row), 1] = ("as_of_date", AS_OF_WHAT, row["as_of_date"], AS_OF_FIX)

    quotes = tables["quotes"]
    for row in pick("quotes", active, faults):
        row["text"] = "Altered: " + row["text"]
        unmet["quotes", quotes.line_of(row), 0] = (
            "text",
            f"lies in no excerpt of a cited source in {row['text_language']}",
            row["text"],
            QUOTE_FIX,
        )

    def cited_languages(row):
        return {sources[c["source_id"]]["language"] for c in citations_of[row["quote_id"]] if c["status"] == "active"}

    for row in pick("quotes", lambda row: active(row) and len(cited_languages(row)) < 3, faults):
        row["text_language"] = sorted({"en", "es", "ar"} - cited_languages(row))[0]
        unmet["quotes", quotes.line_of(row), 0] = (
            "text",
            f"lies in no excerpt of a cited source in {row['text_language']}",
            row["text"],
            QUOTE_FIX,
        )

    # Faults in retracted rows are not reported.
    retracted = [row for row in events.rows if row["status"] == "retracted" and row["killed_high"]]
    for row in rng.sample(retracted, min(faults, len(retracted))):
        row["killed_high"] = "99999"
    retracted = [row for row in quotes.rows if row["status"] == "retracted"]
    for row in rng.sample(retracted, min(faults // 4, len(retracted))):
        row["text"] = "Words never said."

    exemptions = exemption_faults(tables, unmet, rng, faults)
    verification = verification_faults(tables["citations"], rng, faults)
    for table in tables.values():
        table.write()
    order = {"events": 0, "statistics": 1, "quotes": 2}
    needs = [
        (f"data/{table}.csv", line, *problem)
        for (table, line, _), problem in sorted(unmet.items(), key=lambda item: (order[item[0][0]], *item[0][1:]))
    ]
    needs = [(path, line, column, what, value, fix) for path, line, column, what, value, fix in needs]
    return verification + exemptions + needs


def exemption_faults(tables, unmet, rng, faults):
    """Exemptions that cover a fault, name a stale value, exempt what an excerpt states, or name no row."""
    events, exemptions, problems = tables["events"], tables["evidence_exemptions"], []
    figures = [
        key for key, problem in unmet.items() if key[0] == "events" and problem[0] == "killed_high" and problem[1] == EVENT_WHAT["number"]
    ]
    covered, stale = figures[: faults // 4], figures[faults // 4 : faults // 2]
    row_at = dict(zip(events.lines, events.rows))

    def exempt(row_id, column, value):
        exemptions.rows.append(
            dict(table_name="events", row_id=row_id, column_name=column, value=value, reason="Worked out from the cited tolls.")
        )
        return len(exemptions.rows) + 1  # the line it is written on

    for key in covered:
        problem = unmet.pop(key)
        exempt(row_at[key[1]]["event_id"], "killed_high", problem[2])
    for key in stale:
        value = str(int(unmet[key][2]) - 1)
        line = exempt(row_at[key[1]]["event_id"], "killed_high", value)
        fix = f"check the new value against the excerpts; update or delete the exemption (the row says {unmet[key][2]})"
        problems.append(("data/evidence_exemptions.csv", line, "value", "no longer matches the row", value, fix))
    clean = [row for row in events.rows if row["status"] == "active" and ("events", events.line_of(row), 4) not in unmet]
    for row in rng.sample(clean, faults // 4):
        line = exempt(row["event_id"], "date_start", row["date_start"])
        problems.append(
            (
                "data/evidence_exemptions.csv",
                line,
                "row_id",
                "is exempted but an excerpt now states the value",
                row["event_id"],
                "delete the exemption",
            )
        )
    retracted = [row for row in events.rows if row["status"] == "retracted"]
    for row in rng.sample(retracted, min(len(retracted), faults // 4)):
        line = exempt(row["event_id"], "date_start", row["date_start"])
        fix = "name an active row of events or statistics and one of its figures or dates"
        problems.append(("data/evidence_exemptions.csv", line, "row_id", "has no date_start to exempt in events", row["event_id"], fix))
    return problems


def verification_faults(citations, rng, faults):
    """Citations marked verified without a date, or dated without being verified (retracted ones too)."""
    problems = []
    for k, row in enumerate(rng.sample(citations.rows, 2 * faults)):
        if k % 2:
            row["verification"], row["verified_on"] = "verified_verbatim", ""
        else:
            row["verification"], row["verified_on"] = "not_checked", "2025-10-10"
    for row in citations.rows:
        if row["verification"] == "verified_verbatim" and not row["verified_on"]:
            fix = "give the date the excerpt was last found word for word at the source's URL"
            problems.append(("data/citations.csv", citations.line_of(row), "verified_on", "is empty on a verified citation", None, fix))
        elif row["verified_on"] and row["verification"] != "verified_verbatim":
            fix = "empty verified_on, or set verification to verified_verbatim if the excerpt was found word for word that day"
            what = f"is set but verification is {row['verification']}"
            problems.append(("data/citations.csv", citations.line_of(row), "verified_on", what, row["verified_on"], fix))
    return problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, required=True)
    parser.add_argument("--faults", type=int, default=40, help="rows broken of each kind")
    parser.add_argument("outdir", type=Path)
    args = parser.parse_args(argv)
    expected = write_faulty_package(args.outdir, args.events, args.faults)
    (args.outdir / "expected_problems.json").write_text(json.dumps(expected, ensure_ascii=False, indent=0), encoding="utf-8")
    print(f"{len(expected)} problems expected, in {args.outdir / 'expected_problems.json'}")


if __name__ == "__main__":
    main()
