"""The build's evidence check (tracker/evidence.py): every figure, date and quote a row states stands in
an excerpt of its citations, in the forms sources write them; exemptions are narrow and kept honest."""

import csv

import pytest

import build_db
from tests.conftest import ROOT
from tracker import evidence

STRIKE = "2025-09-02-fixture-strike"  # 2 Sept 2025, 1 vessel, 11 killed, 0 survivors in the minimal fixture


def edit(package, table, key, changes):
    path = package / "data" / f"{table}.csv"
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        columns, rows = reader.fieldnames, list(reader)
    for row in rows:
        if row[columns[0]] == key:
            row.update(changes)
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def add_exemption(package, *cells):
    with open(package / "data" / "evidence_exemptions.csv", "a", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerow(cells)


def problems(package):
    try:
        build_db.validate(package / "datapackage.json")
    except build_db.DataErrors as errors:
        return errors.lines
    return []


def test_the_real_record_passes():
    assert evidence.problems(build_db.load_package(ROOT / "datapackage.json"), ROOT) == []


def test_the_fixture_passes(minimal_package):
    assert problems(minimal_package) == []


@pytest.mark.parametrize(
    "excerpt",
    [
        "On 2 September 2025 a strike on a boat killed 11; no survivors.",
        "El 2 de septiembre, un ataque contra una lancha mató a once personas, sin sobrevivientes.",
        "في ٢ سبتمبر قتلت ضربة على قارب ١١ شخصا، لا ناجين.",
        "Sept. 2nd: the strike killed eleven people on a boat. All were killed.",
        "2025-09-02: a single vessel, 11 dead, no survivors.",
        "On Tuesday the military struck a boat, killing 11; there were no survivors.",  # the source is of 2 Sept 2025
    ],
)
def test_figures_and_dates_in_the_forms_sources_use(minimal_package, excerpt):
    edit(minimal_package, "citations", "c-fixture-005", {"excerpt": excerpt})
    edit(minimal_package, "sources", "example-2025-11-17-report", {"published_date": "2025-09-02"})
    assert problems(minimal_package) == []


def test_a_figure_no_excerpt_states_is_refused(minimal_package):
    edit(minimal_package, "events", STRIKE, {"killed_high": "12"})
    assert problems(minimal_package) == [
        "data/events.csv:3: killed_high: stands in no excerpt of the event's citations (12)"
        " — cite a source whose excerpt gives this figure, or correct the figure and say why in notes"
    ]


def test_a_weekday_counts_only_in_a_source_of_that_week(minimal_package):
    edit(minimal_package, "citations", "c-fixture-005", {"excerpt": "On Tuesday a strike on a boat killed 11; no survivors."})
    # The source is of 17 November 2025: that Tuesday is 11 or 18 November, not 2 September.
    assert [p.split(": ")[1] for p in problems(minimal_package)] == ["date_start"]


def test_a_quote_must_lie_in_an_excerpt_of_a_source_in_its_language(minimal_package):
    edit(minimal_package, "quotes", "q-2025-11-17-trump-fixture", {"text": "Fixture words, altered."})
    assert [p.split(": ")[0:2] for p in problems(minimal_package)] == [["data/quotes.csv:2", "text"]]
    edit(minimal_package, "quotes", "q-2025-11-17-trump-fixture", {"text": 'Fixture words, "quoted".', "text_language": "es"})
    assert [p.split(": ")[0:2] for p in problems(minimal_package)] == [["data/quotes.csv:2", "text"]]


def test_a_quote_with_an_ellipsis_needs_its_parts_in_order(minimal_package):
    edit(minimal_package, "citations", "c-fixture-002", {"excerpt": "Fixture words, she said, and then: quoted at length."})
    edit(minimal_package, "quotes", "q-2025-11-17-trump-fixture", {"text": "Fixture words … quoted at length."})
    assert problems(minimal_package) == []
    edit(minimal_package, "quotes", "q-2025-11-17-trump-fixture", {"text": "quoted at length … Fixture words"})
    assert len(problems(minimal_package)) == 1


def test_an_exemption_covers_only_the_value_it_names_and_only_while_needed(minimal_package):
    edit(minimal_package, "events", STRIKE, {"killed_high": "12"})
    add_exemption(minimal_package, "events", STRIKE, "killed_high", "12", "11 killed plus one presumed dead.")
    assert problems(minimal_package) == []
    edit(minimal_package, "events", STRIKE, {"killed_high": "13"})
    assert [p.split(" — ")[0] for p in problems(minimal_package)] == [
        "data/events.csv:3: killed_high: stands in no excerpt of the event's citations (13)",
        "data/evidence_exemptions.csv:2: value: no longer matches the row (12)",
    ]
    edit(minimal_package, "events", STRIKE, {"killed_high": "11"})
    assert [p.split(" — ")[0] for p in problems(minimal_package)] == [
        f"data/evidence_exemptions.csv:2: row_id: is exempted but an excerpt now states the value ({STRIKE})"
    ]


def test_verified_citations_carry_their_date(minimal_package):
    edit(minimal_package, "citations", "c-fixture-001", {"verification": "verified_verbatim"})
    assert [p.split(": ")[1] for p in problems(minimal_package)] == ["verified_on"]


def test_no_death_count_rests_on_aggregators_alone(minimal_package):
    edit(minimal_package, "sources", "example-2025-11-17-report", {"source_type": "aggregator"})
    assert [p.split(" — ")[0] for p in problems(minimal_package)] == [
        "data/events.csv:3: killed_low: stands only in excerpts of aggregator sources (11)",
        "data/events.csv:3: killed_high: stands only in excerpts of aggregator sources (11)",
    ]


def test_aggregators_still_carry_dates_and_other_figures(minimal_package):
    edit(minimal_package, "sources", "example-2025-11-17-report", {"source_type": "aggregator"})
    edit(minimal_package, "events", STRIKE, {"killed_low": "", "killed_high": ""})
    assert problems(minimal_package) == []
