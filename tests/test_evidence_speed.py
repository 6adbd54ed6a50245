"""The evidence check made faster (tracker/evidence.py) reports exactly what it must: on a generated
package with faults of every kind, on the real record without its exemptions, and its scans that start
at an excerpt's first digit find what a scan of the whole excerpt finds."""

import csv
import gc
import random
import re
import shutil
import sys

import build_db
from tests.conftest import ROOT
from tests.test_evidence import edit, problems
from tracker import evidence

sys.path.insert(0, str(ROOT / "bench"))
import evidence_faults  # noqa: E402 (bench/ is not a package)


def test_a_package_with_faults_of_every_kind_gets_exactly_the_expected_problems(tmp_path):
    expected = evidence_faults.write_faulty_package(tmp_path, events=1500, faults=12)
    found = evidence.problems(build_db.load_package(tmp_path / "datapackage.json"), tmp_path)
    assert found == expected
    kinds = {(path, column, re.sub("(cited source) in ..$", r"\1", what)) for path, _, column, what, *_ in expected}
    assert kinds == {
        ("data/citations.csv", "verified_on", "is empty on a verified citation"),
        ("data/citations.csv", "verified_on", "is set but verification is not_checked"),
        ("data/evidence_exemptions.csv", "value", "no longer matches the row"),
        ("data/evidence_exemptions.csv", "row_id", "is exempted but an excerpt now states the value"),
        ("data/evidence_exemptions.csv", "row_id", "has no date_start to exempt in events"),
        ("data/events.csv", "killed_high", "stands in no excerpt of the event's citations"),
        ("data/events.csv", "vessels", "stands in no excerpt of the event's citations"),
        ("data/events.csv", "date_start", "is in no excerpt of the event's citations"),
        ("data/events.csv", "killed_low", "stands only in excerpts of aggregator sources"),
        ("data/events.csv", "killed_high", "stands only in excerpts of aggregator sources"),
        ("data/statistics.csv", "value", "stands in no excerpt of the statistic's citations"),
        ("data/statistics.csv", "as_of_date", "is in no excerpt and no citing source was published that day or in the week after"),
        ("data/quotes.csv", "text", "lies in no excerpt of a cited source"),
    }


def test_the_real_record_without_its_exemptions_lacks_exactly_what_they_exempt(tmp_path):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copy(ROOT / "datapackage.json", tmp_path)
    exemptions = tmp_path / "data" / "evidence_exemptions.csv"
    with open(exemptions, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        columns, exempted = reader.fieldnames, list(reader)
    with open(exemptions, "w", encoding="utf-8", newline="") as f:
        csv.DictWriter(f, columns, lineterminator="\n").writeheader()
    found = evidence.problems(build_db.load_package(tmp_path / "datapackage.json"), tmp_path)
    assert len(exempted) > 20
    assert sorted((path, column, value) for path, _, column, _, value, _ in found) == sorted(
        (f"data/{row['table_name']}.csv", row["column_name"], row["value"]) for row in exempted
    )


# Pieces of excerpts as sources write dates and numbers, and what lies around them.
PIECES = [evidence.month_names(month).replace("\\", "").replace("?", "").split("|") for month in range(1, 13)]
PIECES = [name for names in PIECES for name in names] + ["sep", "sept", "mar.", "de", "mil", "ألف", "الف", "no", "survivors"]
PIECES += ["3", "03", "12", "31", "2025", "1,200", "6 310", "2.5", "0", "-", "/", ".", ",", ":", "«", "»", "st", "th", "º"]
PIECES += [" ", "  ", "\t", "\n", " ", "word", "يوم", "the official said"]


def random_excerpts(count, seed=20251203):
    rng = random.Random(seed)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(1, 30))) for _ in range(count)]


def test_date_scans_from_the_first_digit_find_what_a_whole_scan_finds():
    excerpts = random_excerpts(4000) + ["كانون الثاني \t 3", "تشرين الثاني  \n 12", "sept.   2nd", "2024 and then october 3", "no digits"]
    for excerpt in excerpts:
        folded = evidence.normalize(excerpt).casefold()
        whole = set()
        for m1, d1, d2, m2, iso_month, iso_day, a, b in evidence.DAY_OF_MONTH.findall(folded):
            if m1 or m2:
                whole.add((evidence.month_of(m1 or m2), int(d1 or d2)))
            elif iso_month:
                whole.add((int(iso_month), int(iso_day)))
            else:
                whole.update({(int(a), int(b)), (int(b), int(a))})
        assert evidence.days_of_month(folded) == whole, excerpt


def test_a_month_name_is_never_longer_than_the_scan_allows_for():
    for month in range(1, 13):
        for name in evidence.month_names(month).replace("\\", "").replace("?", "").split("|"):
            assert evidence.MONTHS[month - 1].fullmatch(name) and len(name) <= evidence.LONGEST_MONTH_NAME


def test_number_scans_from_the_first_digit_find_what_a_whole_scan_finds():
    for excerpt in random_excerpts(4000, seed=7) + ["6 mil 310 y ١٠٠ ألف", "7 mil.", "100 الف", "no digits at all"]:
        text = evidence.ascii_digits(excerpt)
        whole = {int(re.sub(r"\D", "", match)) for match in evidence.DIGITS.findall(text)}
        whole.update(int(thousands) * 1000 + int(rest or 0) for thousands, rest in evidence.SPANISH_THOUSANDS.findall(text))
        whole.update(int(thousands) * 1000 for thousands in evidence.ARABIC_THOUSANDS.findall(text))
        assert evidence.digit_numbers(excerpt) == whole, excerpt


def test_the_collector_is_paused_only_while_the_check_runs(minimal_package, monkeypatch):
    package = build_db.load_package(minimal_package / "datapackage.json")
    seen, original = [], evidence.evidence_problems

    def watched(*args):
        seen.append(gc.isenabled())
        yield from original(*args)

    monkeypatch.setattr(evidence, "evidence_problems", watched)
    assert gc.isenabled()
    evidence.problems(package, minimal_package)
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        evidence.problems(package, minimal_package)
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()


def test_quotation_marks_of_every_kind_compare_alike(minimal_package):
    edit(minimal_package, "citations", "c-fixture-002", {"excerpt": "He said: «Fixture words,   ‘quoted’ at length» and left."})
    edit(minimal_package, "quotes", "q-2025-11-17-trump-fixture", {"text": "Fixture words, 'quoted' at length."})
    assert problems(minimal_package) == []
    edit(minimal_package, "citations", "c-fixture-002", {"excerpt": "He said: \"Fixture words, 'quoted' at length\" and left."})
    edit(minimal_package, "quotes", "q-2025-11-17-trump-fixture", {"text": "„Fixture words, ‚quoted’ at length“"})
    assert problems(minimal_package) == []
    edit(minimal_package, "quotes", "q-2025-11-17-trump-fixture", {"text": "Fixture words, quoted at length"})
    assert len(problems(minimal_package)) == 1


# Numbers as sources write them in words, and the pieces of text around them.
NUMBER_WORDS = ["no survivors", "none of them survived", "all", "both", "were killed", "killing everyone", "zero", "cero"]
NUMBER_WORDS += ["sin víctimas", "لا ناجين", "one", "a", "each", "un", "القارب", "بقارب", "eleven", "once", "احد عشر", "twenty-one"]
NUMBER_WORDS += ["veintiún", "first", "primera", "الاول", "sixth", "3.5", "3,5", "1.5 million", "2 millones", "11.0", "100", "cien"]


def test_the_expressions_of_a_number_are_found_where_their_forms_are():
    rng = random.Random(11)
    pieces = NUMBER_WORDS + PIECES
    excerpts = ["".join(rng.choice(pieces) + rng.choice(" .,;") for _ in range(rng.randint(1, 12))) for _ in range(3000)]
    folded = [evidence.normalize(excerpt).casefold() for excerpt in excerpts]
    cases = [evidence.NO_SURVIVORS] + [evidence.spoken(n) + evidence.decimal_forms(n) for n in (0, 1, 2, 6, 11, 21, 100)]
    cases += [evidence.spoken(n) for n in (1, 11)] + [evidence.decimal_forms(value) for value in (3.5, 11.0, 1_500_000, 2_000_000)]
    for forms in cases:
        one_by_one, shared = re.compile("|".join(f"(?:{form})" for form in forms)), re.compile(evidence.any_of(forms))
        assert [bool(shared.search(text)) for text in folded] == [bool(one_by_one.search(text)) for text in folded], forms
