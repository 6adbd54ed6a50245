"""Every identifier shown is a link to its row's page, labelled with the row's human name.

Datasette links foreign keys on table pages only, and shows bare IDs on row pages, in views and in
query results (search, running totals, reconciliation…). The tracker names its identifier columns
the same way everywhere (event_id, statistic_id, speaker_id…), so the column's name says which
table it points to; a search result's row_id points to the table named in its table_name column.

Labels are read with one primary-key lookup each, from the immutable database, on a connection of
this plugin's own (no thread hop per cell), and remembered: the data cannot change while the
process runs.
"""

import json
import sqlite3
from functools import lru_cache
from pathlib import Path

from datasette import hookimpl
from datasette.plugins import pm
from datasette.utils import tilde_encode
from markupsafe import Markup, escape

# Which table an identifier column points to.
TARGETS = {
    "event_id": "events",
    "quote_id": "quotes",
    "statistic_id": "statistics",
    "claim_id": "statistics",
    "figure_id": "statistics",
    "compare_with_id": "statistics",
    "actor_id": "actors",
    "speaker_id": "actors",
    "stated_by": "actors",
    "location_id": "locations",
    "source_id": "sources",
    "via_source_id": "sources",
    "citation_id": "citations",
}


PROJECT = Path(__file__).resolve().parent.parent
# Beside plugins/ in a checkout; under package/ in a published image (docs/DEPLOY.md).
PACKAGE = next((p for p in (PROJECT / "datapackage.json", PROJECT / "package" / "datapackage.json") if p.exists()), None)


def package_foreign_keys(package_path=PACKAGE):
    """Every one-column foreign key the data package declares, as {column: table}: a column added to the
    package (announced_by, say) is a link without being named here."""
    keys = {}
    if package_path is None:
        return keys
    for resource in json.loads(package_path.read_text(encoding="utf-8"))["resources"]:
        for key in resource.get("schema", {}).get("foreignKeys", []):
            fields = key["fields"] if isinstance(key["fields"], str) else key["fields"][0]
            keys[fields] = key["reference"]["resource"] or resource["name"]
    return keys


TARGETS |= package_foreign_keys()
# Each table's own key: on a row page, the row's own ID is not a link to itself.
OWN_KEYS = {"events": "event_id", "quotes": "quote_id", "statistics": "statistic_id", "actors": "actor_id"}
OWN_KEYS |= {"locations": "location_id", "sources": "source_id", "citations": "citation_id"}
# The human name of a row, in English and in Arabic.
QUOTE_LABEL = "a.name_{lang} || ': “' || substr(q.text_{lang}, 1, 60) || case when length(q.text_{lang}) > 60 then '…' else '' end || '”'"
LABELS = {
    "events": "select title_en, title_ar from events where event_id = ?",
    "quotes": "select {}, {} from quotes q join actors a on a.actor_id = q.speaker_id where q.quote_id = ?".format(
        QUOTE_LABEL.format(lang="en"), QUOTE_LABEL.format(lang="ar")
    ),
    "statistics": "select label_en, label_ar from statistics where statistic_id = ?",
    "actors": "select name_en, name_ar from actors where actor_id = ?",
    "locations": "select name_en, name_ar from locations where location_id = ?",
    "sources": "select outlet || coalesce(', ' || published_date, '') || ': ' || coalesce(title, url), null from sources where source_id = ?",
    "citations": """select s.outlet || coalesce(', ' || s.published_date, '') || ': “' || substr(c.excerpt, 1, 60)
                    || case when length(c.excerpt) > 60 then '…' else '' end || '”', null
                    from citations c join sources s on s.source_id = c.source_id where c.citation_id = ?""",
}


@lru_cache(maxsize=4)
def connection(path):
    # immutable=1: no locks and no change checks, as for Datasette's own connections to this file.
    return sqlite3.connect(f"file:{path}?immutable=1", uri=True, check_same_thread=False)


@lru_cache(maxsize=100_000)
def labels(path, table, row_id):
    return connection(path).execute(LABELS[table], [row_id]).fetchone()


def reader_language():
    i18n = pm.get_plugin("i18n.py")  # plugins load as loose files; the language is the i18n plugin's
    return i18n.language() if i18n else "en"


def target_of(row, column, table):
    if column == "row_id":
        try:
            return row["table_name"]
        except (IndexError, KeyError, TypeError):
            return None
    if OWN_KEYS.get(table) == column:
        return None
    return TARGETS.get(column)


def label_for(datasette, target, row_id):
    """The human name of target/row_id in the reader's language, or None when there is no such row."""
    db = datasette.databases.get("tracker")
    if target not in LABELS or db is None or not db.path:
        return None
    found = labels(db.path, target, row_id)
    if not found:
        return None
    english, arabic = found
    return arabic if arabic and reader_language() == "ar" else english


def link_to(datasette, target, row_id, label):
    href = datasette.urls.row("tracker", target, tilde_encode(row_id))
    return Markup('<a class="row-link" href="{}">{}</a>').format(href, escape(label))


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    # An expanded foreign key (a dict) is already a labelled link on table pages.
    if database != "tracker" or not isinstance(value, str) or not value:
        return None
    target = target_of(row, column, table)
    label = target and label_for(datasette, target, value)
    return link_to(datasette, target, value, label) if label else None
