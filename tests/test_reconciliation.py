"""The reconciliation of published tallies against the strike record leaves no difference unexplained:
every active tally that differs from the record's own count on its date carries a reader note."""

import sqlite3


def unexplained_differences(db_path):
    with sqlite3.connect(db_path) as db:
        return db.execute(
            """select statistic_id, difference from strike_tally_reconciliation
               where difference != 0 and trim(coalesce(notes, '')) = ''
               order by as_of_date, statistic_id"""
        ).fetchall()


def test_every_tally_that_differs_from_the_record_has_a_note(real_site):
    assert unexplained_differences(real_site / "tracker.db") == []


def test_a_tally_without_a_note_is_found(tmp_path, real_site):
    copy = tmp_path / "tracker.db"
    copy.write_bytes((real_site / "tracker.db").read_bytes())
    before = unexplained_differences(copy)
    with sqlite3.connect(copy) as db:
        statistic_id = db.execute(
            "select statistic_id from strike_tally_reconciliation where difference != 0 and trim(coalesce(notes, '')) != '' limit 1"
        ).fetchone()[0]
        db.execute("update statistics set notes = null where statistic_id = ?", (statistic_id,))
    assert statistic_id in {row[0] for row in unexplained_differences(copy)} - {row[0] for row in before}
