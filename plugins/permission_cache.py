"""Table permissions worked out once per table, not on every check.

Datasette 0.65.5 answers "may this actor view this table?" by deep-copying the whole metadata and
merging every source of it, for each check; a page makes six to ten such checks (the page itself,
its breadcrumbs, its database). With the tracker's metadata (every table, column description and
canned query) that was about 1 ms of a 7 ms row page, a cost default Datasette, with no metadata,
never pays. The answer depends only on the metadata, which this site reads once at startup and
never changes (no plugin of the site adds table permissions through get_metadata), so it is
remembered per table. Whoever replaces the metadata object (a test, a reload) starts a fresh cache.
"""

from datasette import hookimpl


@hookimpl
def startup(datasette):
    if getattr(datasette, "_tracker_permission_cache", None) is not None:
        return
    work_out = datasette._table_permission_allows
    cache = datasette._tracker_permission_cache = {"metadata": datasette._metadata_local, "answers": {}}

    def table_permission_allows(database, table):
        if cache["metadata"] is not datasette._metadata_local:
            cache.update(metadata=datasette._metadata_local, answers={})
        answers = cache["answers"]
        if (database, table) not in answers:
            answers[database, table] = work_out(database, table)
        return answers[database, table]

    datasette._table_permission_allows = table_permission_allows
