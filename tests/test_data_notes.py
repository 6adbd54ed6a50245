"""Notes and other curated text in data/ speak to readers about the subject, never about how the
record was compiled (DESIGN.md, truth rules). These phrases belong to the compiling process."""

import csv
import re

import pytest

from tests.conftest import ROOT

COMPILING_PROCESS = re.compile(
    "|".join(
        [
            r"\bstored (cop(y|ies)|pages?|sources?|excerpts?|texts?|versions?)\b",
            r"\bthe store\b",
            r"\b(first|second) reader\b",
            r"\bhelpers?\b",
            r"\bseeds?\b",
            r"\bsearch[- ](results?|index|tool)\b",
            r"\bre-?(found|checked)\b",
            r"\bnot seen\b",
            r"\bcrawl(ed|er|ing)?\b",
            r"\blook-?ups?\b",
            r"\btitle left empty\b",
            r"\bsnippets?\b",
            r"\bnot (found )?(among|in) the (pages|sources)\b",
            r"\bbring this page up\b",
            r"\bstored (on|here)\b",
        ]
    ),
    re.IGNORECASE,
)
# The words of sources themselves and their addresses are not ours to rewrite.
SOURCE_WORDS = {"excerpt", "text", "url"}


def curated_cells(data_dir):
    for path in sorted(data_dir.glob("*.csv")):
        with open(path, encoding="utf-8-sig", newline="") as f:
            for line, row in enumerate(csv.DictReader(f), start=2):
                for column, value in row.items():
                    if column not in SOURCE_WORDS and not column.endswith("_id") and value:
                        yield f"{path.name}:{line}: {column}", value


def process_talk(data_dir):
    return [f"{where}: {match.group(0)!r}" for where, value in curated_cells(data_dir) if (match := COMPILING_PROCESS.search(value))]


def test_no_note_speaks_of_the_compiling_process():
    assert process_talk(ROOT / "data") == []


@pytest.mark.parametrize(
    "note",
    [
        "Headline not seen in the stored copy: title left empty.",
        "Excerpt re-found verbatim in the stored copy of the page by a second reader (2026-11-22).",
        "A second reader could not bring this page up again through the search index (2026-11-22).",
        "Boat strikes that followed are covered by other helpers.",
        "The Arabic seed article carries no date.",
        "search-result excerpt",
        "The nytimes.com original was not found in the store.",
        "the Post pages were not among the stored pages.",
        "SOUTHCOM's own date line not seen.",
    ],
)
def test_the_patterns_catch_what_the_old_notes_said(note, tmp_path):
    (tmp_path / "events.csv").write_text(f"event_id,notes\ne-1,{note}\n", encoding="utf-8")
    assert len(process_talk(tmp_path)) == 1


@pytest.mark.parametrize(
    "note",
    [
        "Arabic: translation by this dataset.",
        "'Monday' in the Reuters text published 19 August resolved to 18 August 2025.",
        "Republished Associated Press report; the page shows no publication date.",
    ],
)
def test_notes_for_readers_pass(note, tmp_path):
    (tmp_path / "events.csv").write_text(f'event_id,notes\ne-1,"{note}"\n', encoding="utf-8")
    assert process_talk(tmp_path) == []
