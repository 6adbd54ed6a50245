"""The search index, written by build_db.py.

- search_index: one row per event, quote, statistic, actor, place and source: its titles in both
  languages and its date. The text a result's snippet is cut from is read from the tables for the
  page of results (texts()): stored here it was 116 MB of copies at 100,000 events.
- search_fts: a contentless FTS5 index of that text, normalised, with the names and spellings of
  linked actors, the linked place and date tokens (tracker/search_dates.py). Its rowid is
  search_index.id, which is KIND_SPAN * (1 + the kind's place in KINDS) + n, so a kind is a rowid
  range: filtering and counting by kind never leave the FTS index. Rows are numbered newest first
  within their kind, so results in rowid order need no ranking of every match.
- search_terms: every indexed word with its stem (tracker/search_text.stem), so a query word
  matches every word with the same stem.

The index is worked out from the package's CSV files, not from the database the build writes, so
that for a large package it is written in a second process (tracker/csv_work.py) into a file of
its own from the start of the build, while the build checks and writes the tables; the build then
copies it in (tracker/copy_tables.py), which takes SQLite a fraction of a second. Its rows are those of a build
that found no problem: a cell is its text, an empty cell NULL, as the build stores them.
"""

import re
import sqlite3

from tracker import background, sort_indexes, work_database
from tracker.inputs import read_columns
from tracker.search_dates import row_date_tokens
from tracker.search_text import normalize, stem

KIND_SPAN = 1 << 32
# Each kind: its id column, its title columns, its date columns (start, end), and what finds the row
# without being its own text: its citations' excerpts ("cited_by": the citations column naming it),
# and a token per linked actor (actor_token), which a query naming that actor in any spelling adds,
# and an event's place names.
KINDS = {
    "actors": {"id": "actor_id", "titles": ("name_en", "name_ar"), "dates": None},
    "locations": {"id": "location_id", "titles": ("name_en", "name_ar"), "dates": None},
    "events": {"id": "event_id", "titles": ("title_en", "title_ar"), "dates": ("date_start", "date_end"), "cited_by": "event_id"},
    "quotes": {
        "id": "quote_id",
        "titles": ("text_en", "text_ar"),
        "dates": ("said_date", "said_date"),
        "cited_by": "quote_id",
        "actor": "speaker_id",
    },
    "statistics": {
        "id": "statistic_id",
        "titles": ("label_en", "label_ar"),
        "dates": ("as_of_date", "as_of_date"),
        "cited_by": "statistic_id",
        "actor": "stated_by",
    },
    "sources": {"id": "source_id", "titles": ("outlet", "title"), "dates": ("published_date", "published_date")},
}
# A row's own searched text: bilingual columns, quote text, spellings, outlet and title of a source.
SEARCHED_COLUMN = re.compile(r"(_en|_ar)$|^(text|aliases|outlet|title|geography)$")
BATCH = 2000
INDEX_COLUMNS = ["id", "table_name", "row_id", "title_en", "title_ar", "date", "status"]
TABLE = "create table search_index (id integer primary key, table_name text, row_id text, title_en text, title_ar text, date text, status text)"
FTS_HASH_BYTES = 16 << 20
FTS = "create virtual table search_fts using fts5(terms, content='', tokenize='unicode61 remove_diacritics 2')"


def actor_token(actor_rowid):
    """The word indexed with every row linked to an actor (an event's actors, a quote's speaker…)."""
    return f"xactor{actor_rowid}"


def kind_range(table):
    """The first and last search_index.id a kind can have."""
    first = KIND_SPAN * (1 + list(KINDS).index(table))
    return first, first + KIND_SPAN - 1


# ---------------------------------------------------------------- the rows, from the CSV files


class Package:
    """The CSV files of a package that passes the build's checks, read as the build stores them."""

    def __init__(self, package, base_dir):
        self.package, self.base_dir = package, base_dir
        self.resources = {r["name"]: r for r in package["resources"]}

    def columns(self, table):
        return [f["name"] for f in self.resources[table]["schema"]["fields"]]

    def rows(self, table, columns):
        """The given columns of each row, in file order (the order of the rows' rowids), None for an empty cell."""
        try:
            for _, cells in read_columns(self.package, self.base_dir, table, columns):
                yield [cell or None for cell in cells]
        except KeyError as missing:  # refused by the build as a package that does not fit the database it writes
            raise sqlite3.OperationalError(f"no such column: {table}.{missing.args[0]}") from None


CITED = ("event_id", "quote_id", "statistic_id")


def columns_read(package):
    """{table: the columns the index reads of it} (package: Package), for the tables that tracker/evidence.py reads too."""
    columns = {table: _wanted(package, table, spec) for table, spec in KINDS.items() if table in package.resources}
    if "citations" in package.resources:
        columns["citations"] = ["excerpt", *(column for column in CITED if column in package.columns("citations"))]
    return columns


def _links(package):
    """What each kind's rows are linked to: the excerpts citing them, actors' rowids, an event's actors, places."""
    links = {"excerpts": {column: {} for column in CITED}}
    if "citations" in package.resources:
        cited = [column for column in links["excerpts"] if column in package.columns("citations")]
        for excerpt, *ids in package.rows("citations", ["excerpt", *cited]):
            for column, row_id in zip(cited, ids):
                if row_id is not None and excerpt is not None:
                    links["excerpts"][column].setdefault(row_id, []).append(excerpt)
    # An actor's rowid is its line among the data rows: the build inserts them in file order.
    links["actors"] = (
        {actor_id: n for n, (actor_id,) in enumerate(package.rows("actors", ["actor_id"]), 1)} if "actors" in package.resources else {}
    )
    links["event_actors"] = {}
    if "event_actors" in package.resources:
        for event_id, actor_id, role in package.rows("event_actors", ["event_id", "actor_id", "role"]):
            links["event_actors"].setdefault(event_id, []).append((actor_id, role))
    links["places"] = {}
    if "locations" in package.resources:
        for location_id, name_en, name_ar in package.rows("locations", ["location_id", "name_en", "name_ar"]):
            links["places"][location_id] = "" if name_en is None else f"{name_en} {name_ar or ''}"
    return links


def _wanted(package, table, spec):
    """The columns of a kind's table that its rows in the index are made of."""
    all_columns = package.columns(table)
    extra = [c for c in ("status", "location_id", spec.get("actor")) if c and c in all_columns]
    return list(dict.fromkeys([spec["id"], *spec["titles"], *(spec["dates"] or ()), *extra, *_texts(all_columns)]))


def _texts(columns):
    return [c for c in columns if SEARCHED_COLUMN.search(c)]


def _raw_rows(package, table, spec, links):
    """(search_index id, table, then the columns _folded() takes) for each row of a kind, in index order."""
    text_columns = _texts(package.columns(table))
    dates = list(spec["dates"] or ())
    wanted = _wanted(package, table, spec)
    # Cells picked by position: a dict of each row took a third of the time of this function.
    at = {column: i for i, column in enumerate(wanted)}
    key, (title_en_at, title_ar_at), status_at = at[spec["id"]], (at[c] for c in spec["titles"]), at.get("status")
    start_at, end_at = (at[dates[0]], at[dates[1]]) if dates else (None, None)
    text_at = [at[c] for c in text_columns]
    excerpts_of = links["excerpts"][spec["cited_by"]] if "cited_by" in spec else {}
    linked = _linker(table, spec, at, links)
    rows = []
    for n, values in enumerate(package.rows(table, wanted), 1):
        title_en, title_ar = values[title_en_at], values[title_ar_at]
        if table == "sources":  # "outlet: title", or the outlet alone
            title_en = title_ar = title_en if title_en is None or title_ar is None else f"{title_en}: {title_ar}"
        start, end = (values[start_at], values[end_at]) if dates else (None, None)
        # Taken out of links: each excerpt is then held once, in the row's text.
        excerpts = excerpts_of.pop(values[key], None)
        status = "active" if status_at is None else values[status_at]
        texts = [values[i] for i in text_at]
        rows.append((n, start, (values[key], title_en, title_ar, start, end, status, excerpts and "\n".join(excerpts), linked(values), *texts)))
    # Newest first within the kind (latest date, then the later row); rows without a date last.
    if dates:
        rows.sort(key=lambda r: (r[1] is not None, r[1] or "", r[0]), reverse=True)
    else:
        rows.sort(key=lambda r: r[2][0])
    first, _ = kind_range(table)
    return [(first + n, table, *raw) for n, (_, _, raw) in enumerate(rows)]


def _linker(table, spec, at, links):
    """linked(values): the words that find a row without being its text: its actors' tokens, an event's place names."""
    actors, places = links["actors"], links["places"]
    if table == "events":
        event_actors, event_at, location_at = links["event_actors"], at["event_id"], at.get("location_id")

        def event_links(values):
            linked = sorted(event_actors.get(values[event_at], ()))  # as the key (event, actor, role) orders them
            tokens = " ".join(actor_token(actors[actor_id]) for actor_id, _ in linked if actor_id in actors)
            return f"{tokens} {places.get(None if location_at is None else values[location_at], '')}"

        return event_links
    actor_at = at.get(spec.get("actor"))

    def actor_link(values):
        actor = None if actor_at is None else values[actor_at]
        return actor_token(actors[actor]) if actor in actors else None

    return actor_link


def own_texts(texts, excerpts):
    """A row's texts, each once (a quote's text is often its text_en too), then its citations' excerpts
    (joined by line breaks, or None): what finds the row, and what its snippet is cut from."""
    own = list(dict.fromkeys(t for t in texts if t))
    if excerpts:
        own.append(excerpts)
    return own


def _folded(index_id, table, row_id, title_en, title_ar, start, end, row_status, excerpts, linked, *texts):
    searched = " \n".join(normalize(t) for t in own_texts(texts, excerpts) + [linked] if t)
    tokens = " ".join(row_date_tokens(start, end)) if start else ""
    return (index_id, table, row_id, title_en, title_ar, start, row_status), (index_id, searched + " " + tokens)


def fold(raw_rows):
    """The search_index row and the indexed text of each raw row (_raw_rows)."""
    return [_folded(*raw) for raw in raw_rows]


def write_search_database(package, base_dir, path, metadata):
    """Write the search index of the package (a checked datapackage.json and the directory of its files)
    to a new SQLite file at path, with the indexes of its offered sorts (metadata.yml)."""
    db = work_database.open_new(path)  # copied into the database, then deleted
    files = Package(package, base_dir)
    with db.conn, background.collector_paused():
        db.execute(TABLE)
        db.execute(FTS)
        # Words held in memory before they are written as a segment of the index: 1 MB by default, which at
        # 100,000 events makes over 2,000 small segments to merge; 16 MB make a third fewer (2.3 -> 1.8 s).
        db.execute("insert into search_fts (search_fts, rank) values ('hashsize', ?)", [FTS_HASH_BYTES])
        links = _links(files)
        for table, spec in KINDS.items():
            if table in files.resources:
                rows = _raw_rows(files, table, spec, links)
                for start in range(0, len(rows), BATCH):
                    _insert(db, fold(rows[start : start + BATCH]))
        db.execute("create unique index search_index_row on search_index (table_name, row_id)")
        write_search_terms(db)
        sort_indexes.create_sort_indexes(db, metadata)
    db.close()


def _insert(db, batch):
    work_database.insert_rows(db.conn, "search_index", INDEX_COLUMNS, [row for row, _ in batch])
    # A row to a statement: the full-text index takes them more slowly fifty to a statement (measured).
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


def texts(conn, table, row_ids):
    """{row_id: its text} for rows of one kind in the built database, as own_texts() makes it from the CSV files."""
    spec, marks = KINDS[table], ", ".join("?" * len(row_ids))
    columns = _texts([column for (_, column, *_) in conn.execute(f"pragma table_info([{table}])")])
    sql = f"select [{spec['id']}], {', '.join(f'[{c}]' for c in columns)} from [{table}] where [{spec['id']}] in ({marks})"
    own = {row[0]: row[1:] for row in conn.execute(sql, row_ids)}
    excerpts = {}
    if "cited_by" in spec:  # in the order of citations.csv
        sql = f"select [{spec['cited_by']}], excerpt from citations where [{spec['cited_by']}] in ({marks}) and excerpt is not null order by rowid"
        for row_id, excerpt in conn.execute(sql, row_ids):
            excerpts.setdefault(row_id, []).append(excerpt)
    return {row_id: "\n".join(own_texts(own.get(row_id, ()), "\n".join(excerpts.get(row_id, ())))) for row_id in row_ids}
