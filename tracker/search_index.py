"""The search index, written by build_db.py.

- search_index: one row per event, quote, statistic, actor, place and source: its titles in both
  languages, its date, and its readable text (own text and citation excerpts) for snippets.
- search_fts: a contentless FTS5 index of that text, normalised, with the names and spellings of
  linked actors, the linked place and date tokens (tracker/search_dates.py). Its rowid is
  search_index.id, which is KIND_SPAN * (1 + the kind's place in KINDS) + n, so a kind is a rowid
  range: filtering and counting by kind never leave the FTS index. Rows are numbered newest first
  within their kind, so results in rowid order need no ranking of every match.
- search_terms: every indexed word with its stem (tracker/search_text.stem), so a query word
  matches every word with the same stem.
"""

import re

from tracker import background
from tracker.search_dates import row_date_tokens
from tracker.search_text import normalize, stem

KIND_SPAN = 1 << 32
# Each kind: its id column, its title columns, its date columns (start, end), and SQL for text
# that finds the row without being its own: citation excerpts, the linked place's names, and a
# token per linked actor (actor_token), which a query naming that actor in any spelling adds.
_EXCERPTS = "(select group_concat(excerpt, char(10)) from citations c where c.{column} = t.{id})"
_ACTOR = "(select 'xactor' || a.rowid from actors a where a.actor_id = t.{column})"
KINDS = {
    "actors": {"id": "actor_id", "titles": ("name_en", "name_ar"), "dates": None, "excerpts": "NULL", "linked": "NULL"},
    "locations": {"id": "location_id", "titles": ("name_en", "name_ar"), "dates": None, "excerpts": "NULL", "linked": "NULL"},
    "events": {
        "id": "event_id",
        "titles": ("title_en", "title_ar"),
        "dates": ("date_start", "date_end"),
        "excerpts": _EXCERPTS.format(column="event_id", id="event_id"),
        "linked": "coalesce((select group_concat('xactor' || a.rowid, ' ') from event_actors ea join actors a using (actor_id)"
        " where ea.event_id = t.event_id), '') || ' ' || coalesce((select name_en || ' ' || coalesce(name_ar, '') from locations l"
        " where l.location_id = t.location_id), '')",
    },
    "quotes": {
        "id": "quote_id",
        "titles": ("text_en", "text_ar"),
        "dates": ("said_date", "said_date"),
        "excerpts": _EXCERPTS.format(column="quote_id", id="quote_id"),
        "linked": _ACTOR.format(column="speaker_id"),
    },
    "statistics": {
        "id": "statistic_id",
        "titles": ("label_en", "label_ar"),
        "dates": ("as_of_date", "as_of_date"),
        "excerpts": _EXCERPTS.format(column="statistic_id", id="statistic_id"),
        "linked": _ACTOR.format(column="stated_by"),
    },
    "sources": {
        "id": "source_id",
        "titles": ("coalesce(outlet || ': ' || title, outlet)", "coalesce(outlet || ': ' || title, outlet)"),
        "dates": ("published_date", "published_date"),
        "excerpts": "NULL",
        "linked": "NULL",
    },
}
# A row's own searched text: bilingual columns, quote text, spellings, outlet and title of a source.
SEARCHED_COLUMN = re.compile(r"(_en|_ar)$|^(text|aliases|outlet|title|geography)$")
BATCH = 2000
# Rows to index from which folding them in a second process repays starting it (about 0.1 s).
FOLD_ELSEWHERE_FROM = 20000


def actor_token(actor_rowid):
    """The word indexed with every row linked to an actor (an event's actors, a quote's speaker…)."""
    return f"xactor{actor_rowid}"


def kind_range(table):
    """The first and last search_index.id a kind can have."""
    first = KIND_SPAN * (1 + list(KINDS).index(table))
    return first, first + KIND_SPAN - 1


def _raw_rows(db, table, spec):
    """(search_index id, table, then the columns _folded() takes) for each row of a kind, in index order."""
    text_columns = [c for c in db[table].columns_dict if SEARCHED_COLUMN.search(c)]
    dates = spec["dates"] or ("NULL", "NULL")
    status = "status" if "status" in db[table].columns_dict else "'active'"
    columns = [spec["id"], *spec["titles"], *dates, status, spec["excerpts"], spec["linked"], *text_columns]
    first, _ = kind_range(table)
    # Results are listed in rowid order: by kind, then newest first (the date index read backwards).
    order = f"{dates[0]} desc, rowid desc" if spec["dates"] else spec["id"]
    sql = f"select {', '.join(columns)} from [{table}] t order by {order}"
    for n, row in enumerate(db.execute(sql)):
        yield (first + n, table, *row)


def _folded(index_id, table, row_id, title_en, title_ar, start, end, row_status, excerpts, linked, *texts):
    own = list(dict.fromkeys(t for t in texts if t))  # a quote's text is often its text_en too
    if excerpts:
        own.append(excerpts)
    body = "\n".join(own)
    searched = " \n".join(normalize(t) for t in own + [linked] if t)
    tokens = " ".join(row_date_tokens(start, end)) if start else ""
    return (index_id, table, row_id, title_en, title_ar, start, row_status, body), (index_id, searched + " " + tokens)


def fold(raw_rows):
    """The search_index row and the indexed text of each raw row (_raw_rows)."""
    return [_folded(*raw) for raw in raw_rows]


def write_search_index(db, separate_process=False):
    """separate_process: fold the words of a large index in a second process (tracker/background.py)."""
    db.execute(
        "create table search_index (id integer primary key, table_name text, row_id text, title_en text, "
        "title_ar text, date text, status text, body text)"
    )
    db.execute("create virtual table search_fts using fts5(terms, content='', tokenize='unicode61 remove_diacritics 2')")
    rows = sum(db[table].count for table in KINDS if table in db.table_names())
    # The second process folds a batch (Python) while SQLite indexes the one before here (C): one core each.
    with background.mapped(fold, separate=separate_process and rows >= FOLD_ELSEWHERE_FROM) as folder:
        in_flight = 0
        for batch in _batches(db):
            folder.send(batch)
            in_flight += 1
            if in_flight == 2:
                _insert(db, folder.receive())
                in_flight -= 1
        for _ in range(in_flight):
            _insert(db, folder.receive())
    db.execute("create unique index search_index_row on search_index (table_name, row_id)")
    write_search_terms(db)


def _batches(db):
    batch = []
    for table, spec in KINDS.items():
        if table in db.table_names():
            for raw in _raw_rows(db, table, spec):
                batch.append(raw)
                if len(batch) == BATCH:
                    yield batch
                    batch = []
    if batch:
        yield batch


def _insert(db, batch):
    db.conn.executemany("insert into search_index values (?, ?, ?, ?, ?, ?, ?, ?)", [row for row, _ in batch])
    db.conn.executemany("insert into search_fts (rowid, terms) values (?, ?)", [fts for _, fts in batch])


def write_search_terms(db):
    """Every word of the index with its stem, so that a query reaches every form of its words."""
    db.execute("create virtual table temp.search_vocabulary using fts5vocab(main, search_fts, 'row')")
    terms = [term for (term,) in db.execute("select term from temp.search_vocabulary")]
    db.execute("drop table temp.search_vocabulary")
    known = set(terms).__contains__
    db.execute("create table search_terms (term text primary key, stem text not null) without rowid")
    db.conn.executemany("insert into search_terms values (?, ?)", ((term, stem(term, known)) for term in terms))
    db.execute("create index search_terms_stem on search_terms (stem, term)")
