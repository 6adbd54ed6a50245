"""How to cite: the dataset's version and build date on every page, and on row pages a
'cite this row' block with the permalink, a plain-text citation and BibTeX.

The version is the release whose data this build serves, or X.Y.Z+dev.<fingerprint> for data that
differs from the last release (tracker/releases.py), so that a citation never names a release for
data the release did not contain."""

import re
import sys
from pathlib import Path

from datasette import hookimpl
from datasette.utils import escape_sqlite, tilde_decode

# Datasette loads plugins/ by file path: under `datasette serve` the project root, home of tracker/, is not importable.
sys.path.append(str(Path(__file__).resolve().parent.parent))
from tracker.addresses import site_url  # noqa: E402
from tracker.bibtex import bibtex_text  # noqa: E402
from tracker.row_visit import reader, row_parts  # noqa: E402

_info_cache = {}


async def dataset_info(datasette):
    # The database is immutable, so one read per process is enough.
    if datasette not in _info_cache:
        db = datasette.get_database("tracker")
        keys = ("version", "built_at", "release", "released", "fingerprint", "unreleased")
        rows = await db.execute(f"select key, value from dataset_info where key in ({', '.join('?' for _ in keys)})", keys)
        _info_cache[datasette] = {row["key"]: row["value"] for row in rows}
    return _info_cache[datasette]


def citation(site, database, table, pks, label, info):
    permalink = f"{site}/{database}/{table}/{pks}"
    version, built = info.get("version", ""), (info.get("built_at") or "")[:10]
    unreleased = bool(info.get("unreleased"))
    # A release is dated by its release; unreleased data only by the build that served it.
    date = built if unreleased else info.get("released") or built
    title = label or f"{table}/{tilde_decode(pks)}"
    text = f'US–Mexico Security Tracker contributors. "{title}" ({table}/{tilde_decode(pks)}). US–Mexico Security Tracker, version {version}, {date}. CC BY 4.0. {permalink}'
    key = re.sub(r"[^a-z0-9]+", "-", f"usmx-{table}-{tilde_decode(pks)}".lower()).strip("-")
    bibtex = "\n".join(
        [
            f"@misc{{{key},",
            f"  title = {{{bibtex_text(title)}}},",
            "  author = {{US--Mexico Security Tracker contributors}},",
            f"  year = {{{date[:4]}}},",
            f"  howpublished = {{\\url{{{permalink}}}}},",
            f"  note = {{Dataset version {bibtex_text(version)}, {'built' if unreleased else 'released'} {date}; row {bibtex_text(table)}/{bibtex_text(tilde_decode(pks))}; CC BY 4.0}}",
            "}",
        ]
    )
    return {
        "permalink": permalink,
        "title": title,
        "version": version,
        "built": built,
        "date": date,
        "unreleased": unreleased,
        "release": info.get("release", ""),
        "released": info.get("released", ""),
        "fingerprint": info.get("fingerprint", ""),
        "text": text,
        "bibtex": bibtex,
    }


# Where a row's label may be empty (many sources show no headline), what names it instead.
LABEL_FALLBACKS = {"sources": "outlet || coalesce(', ' || nullif(published_date, ''), '')"}


@reader("label")
def row_label(conn, row):
    """The row's label (its English title, name…), read in the row page's one visit to the database."""
    primary_keys = row.primary_keys
    if not row.label_column or len(primary_keys) != 1:
        return None
    label = escape_sqlite(row.label_column)
    if row.table in LABEL_FALLBACKS:
        label = f"coalesce(nullif(trim({label}), ''), {LABEL_FALLBACKS[row.table]})"
    sql = f"select {label} from {escape_sqlite(row.table)} where {escape_sqlite(primary_keys[0])} = ?"
    found = conn.execute(sql, [tilde_decode(row.pks)]).fetchone()
    return found[0] if found else None


@hookimpl
def extra_template_vars(view_name, database, table, request, datasette):
    async def inner():
        if "tracker" not in datasette.databases:
            return {}
        info = await dataset_info(datasette)
        if view_name != "row" or not request:
            return {"dataset_info": info}
        label = (await row_parts(datasette, request, database, table))["label"]
        pks = request.url_vars["pks"]
        return {"dataset_info": info, "cite": citation(site_url(datasette, request), database, table, pks, label, info)}

    return inner
