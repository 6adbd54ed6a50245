"""The work the build reads from the CSV files on its own: the evidence check, then the search index.

Both need nothing the build's streaming pass computes, so for a large package they are worked out in
one second process from the start of the build (tracker/background.py), which reads each file that
both read once: at 100,000 events the citations file took 0.3 s to read, twice.
The evidence check's problems come first, as soon as they are known; the search index is written to
a file of its own, which the build copies in (tracker/copy_tables.py).

    with csv_work.started(package, base_dir, search_path, metadata) as work:
        problems = work.result()   # the evidence check's (tracker/evidence.py)
        ...
        work.result()              # the search index written at search_path (tracker/search_index.py)
"""

from tracker import background, evidence, inputs, search_index

# The files read once for both. Not the events: the evidence check reads them first, the search index
# nearly last, and their rows held in between took the process past its memory budget (530 MiB).
SHARED = ("citations", "quotes", "statistics", "sources")
# CSV bytes from which the work is done in a second process (about 0.1 s to start one).
SEPARATE_FROM = 8 << 20


def evidence_then_search_index(package, base_dir, search_path, metadata):
    """A generator: the evidence check's problems, then the search index written to search_path."""
    files = search_index.Package(package, base_dir)
    search = search_index.columns_read(files)
    shared = {table: [*evidence.COLUMNS_READ[table], *search[table]] for table in SHARED if table in search}
    with inputs.read_once(shared):
        yield evidence.problems_or_what_is_lacking(package, base_dir)
        yield search_index.write_search_database(package, base_dir, search_path, metadata)


def started(package, base_dir, search_path, metadata):
    """evidence_then_search_index, begun in a second process for a large package, else run as its results are asked for."""
    separate = inputs.csv_bytes(package, base_dir) >= SEPARATE_FROM
    return background.started(evidence_then_search_index, package, base_dir, str(search_path), metadata, separate=separate)
