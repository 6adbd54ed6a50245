"""Work Datasette 0.65 redoes on every request, done once: this site's databases are immutable and its
metadata is read once at startup, so the answers cannot change while the process runs.

- Table permissions. Datasette 0.65.5 answers "may this actor view this table?" by deep-copying the
  whole metadata and merging every source of it, for each check; a page makes six to ten checks. With
  the tracker's metadata (every table, column description and canned query) that was about 1 ms of a
  7 ms row page, a cost default Datasette, with no metadata, never pays. Remembered per table (no
  plugin of the site adds table permissions through get_metadata); whoever replaces the metadata
  object (a test, a reload) starts a fresh cache.
- Metadata lookups. Datasette merges every source of metadata (metadata.yml, and the package's
  table and column descriptions from plugins/package.py) again for each lookup, about twenty a page.
  Remembered per question, on the same terms as permissions; callers get a shallow copy.
- Schemas. Before every page Datasette asks each database for its schema version (one visit to the
  database thread per database, the base map's included) to see whether to re-read its tables. An
  immutable database's schema cannot change: once read, it is not asked again until a database is
  added or removed.
- The schema. Datasette reads a table's primary keys, columns and foreign keys (each a visit to the
  database thread) several times a page, and for each permission check looks up how SQLite spells
  the table's name; a row page also reads every table's foreign keys (0.3 ms). For an immutable
  database each answer is remembered; callers get a shallow copy (a deep one cost as much as the
  reading: Datasette only reads the entries).
"""

import copy

from datasette import hookimpl


def remember_table_permissions(datasette):
    work_out = datasette._table_permission_allows
    cache = {"metadata": datasette._metadata_local, "answers": {}}

    def table_permission_allows(database, table):
        if cache["metadata"] is not datasette._metadata_local:
            cache.update(metadata=datasette._metadata_local, answers={})
        answers = cache["answers"]
        if (database, table) not in answers:
            answers[database, table] = work_out(database, table)
        return answers[database, table]

    datasette._table_permission_allows = table_permission_allows


def remember_metadata(datasette):
    look_up = datasette.metadata
    cache = {"metadata": datasette._metadata_local, "answers": {}}

    def metadata(key=None, database=None, table=None, fallback=True):
        if cache["metadata"] is not datasette._metadata_local:
            cache.update(metadata=datasette._metadata_local, answers={})
        answers, asked = cache["answers"], (key, database, table, fallback)
        if asked not in answers:
            answers[asked] = look_up(key=key, database=database, table=table, fallback=fallback)
        return copy.copy(answers[asked])

    datasette.metadata = metadata


def refresh_schemas_once(datasette):
    refresh = datasette.refresh_schemas
    read = {"databases": None}

    async def refresh_schemas():
        databases = {name: db for name, db in datasette.databases.items() if name != "_internal"}
        if read["databases"] == set(databases) and not any(db.is_mutable for db in databases.values()):
            return
        await refresh()
        read["databases"] = set(databases)

    datasette.refresh_schemas = refresh_schemas


# Database methods whose answers depend on the schema alone.
SCHEMA_METHODS = ("primary_keys", "table_columns", "table_column_details", "foreign_keys_for_table", "get_all_foreign_keys")
# The query Datasette 0.65.5 runs for each view-table permission check, to use SQLite's spelling of the name.
TABLE_SPELLING = "select name from sqlite_master where type in ('table', 'view') and name = ? collate nocase"


def remember_schema(db):
    for name in SCHEMA_METHODS:
        read, answers = getattr(db, name), {}

        async def remembered(*args, _read=read, _answers=answers):
            if args not in _answers:
                _answers[args] = await _read(*args)
            return copy.copy(_answers[args])

        setattr(db, name, remembered)
    execute, spellings = db.execute, {}

    async def execute_remembering_spellings(sql, params=None, *args, **kwargs):
        if sql != TABLE_SPELLING or args or kwargs:
            return await execute(sql, params, *args, **kwargs)
        if tuple(params) not in spellings:
            spellings[tuple(params)] = await execute(sql, params)
        return spellings[tuple(params)]

    db.execute = execute_remembering_spellings


@hookimpl
def startup(datasette):
    if getattr(datasette, "_tracker_immutable_caches", False):
        return
    datasette._tracker_immutable_caches = True
    remember_table_permissions(datasette)
    remember_metadata(datasette)
    refresh_schemas_once(datasette)
    for db in datasette.databases.values():
        if not db.is_mutable and not db.is_memory:
            remember_schema(db)
