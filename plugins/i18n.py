"""The site in English and in Arabic.

English pages keep their URLs (a row's English URL is its permanent citation); every page also
exists in Arabic under /ar/ (/ar/tracker/events/ID), so both languages are shareable and cacheable
without a cookie. A request under /ar/ runs with the language set to Arabic: Datasette's base_url
becomes /ar/ for that request only and Datasette is handed the path without it, so every link it
builds (tables, rows, facets, sorting, paging) stays in Arabic.

Interface strings are gettext messages (`{{ _("...") }}` in templates) translated in
locale/ar/LC_MESSAGES/messages.po, read with Babel at startup (no compiled file is committed).
Vocabulary labels and column titles in both languages come from datapackage.json: each field may
carry "title_ar" and "description_ar", and an enum field "labels": {value: {"en": ..., "ar": ...}}.
"""

import contextvars
import gettext
import html
import io
import json
import re
import sys
from functools import lru_cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from datasette import hookimpl
from datasette.plugins import pm
from jinja2 import pass_context
from markupsafe import Markup, escape

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Datasette loads plugins/ by file path: under `datasette serve` the project root, home of tracker/, is not importable.
sys.path.append(str(PROJECT_ROOT))
from tracker import list_markup  # noqa: E402

LOCALE_DIR = PROJECT_ROOT / "locale"
ARABIC = "ar"
LANGUAGE = contextvars.ContextVar("tracker_language", default="en")
EXPANDING_LABELS = contextvars.ContextVar("tracker_expanding_labels", default=False)
# Columns whose dates read with Arabic month names on Arabic pages.
DATE_COLUMNS = {"month", "date_start", "date_end", "said_date", "published_date", "as_of_date", "period_start", "period_end", "verified_on"}


def language():
    return LANGUAGE.get()


@lru_cache(maxsize=None)
def translations(lang):
    """The catalog of lang, compiled in memory from its .po file; English is the source text."""
    po = LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"
    if lang == "en" or not po.exists():
        return gettext.NullTranslations()
    with po.open("rb") as f:
        catalog = read_po(f, locale=lang)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)  # fuzzy entries are left out: an unchecked translation shows English
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def _(message, **variables):
    translated = translations(language()).gettext(message)
    return translated % variables if variables else translated


def ngettext(singular, plural, n):
    return translations(language()).ngettext(singular, plural, n)


def arabic_prefix(datasette):
    return datasette._tracker_base_url + ARABIC


_package_paths = {}


def package_path(datasette):
    """datapackage.json of the site, found once per process (labels are looked up for every cell)."""
    if datasette not in _package_paths:
        _package_paths[datasette] = str(pm.get_plugin("package.py").package_file(datasette))
    return _package_paths[datasette]


@lru_cache(maxsize=4)
def vocabulary(path):
    """Column titles, descriptions and value labels from the data package, by column name.

    A column name means the same thing in every table (status, event_type, date_precision…), so the
    views that repeat a column (timeline.event_type) get the same labels."""
    package = json.loads(Path(path).read_text(encoding="utf-8"))
    columns = {}
    for resource in package["resources"]:
        for field in resource["schema"]["fields"]:
            entry = columns.setdefault(field["name"], {"title": {}, "description": {}, "labels": {}})
            for lang in ("en", ARABIC):
                suffix = "" if lang == "en" else "_" + lang
                if field.get("title" + suffix):
                    entry["title"].setdefault((resource["name"], lang), field["title" + suffix])
                if field.get("description" + suffix):
                    entry["description"].setdefault((resource["name"], lang), field["description" + suffix])
            for value, labels in field.get("labels", {}).items():
                entry["labels"].setdefault(value, labels)
    return columns


def format_date(value, lang=None):
    """An ISO date (or year-month) in the reader's language: 17 نوفمبر 2025 on Arabic pages (Western
    digits, as the data, identifiers and URLs have them: copied into a search or a spreadsheet unchanged)."""
    return list_markup.format_date(value, lang or language())


def value_label(datasette, column, value, lang=None):
    """A vocabulary value in the reader's language (the code itself when there is no label)."""
    lang = lang or language()
    if value is None or value == "":
        return value
    labels = vocabulary(package_path(datasette)).get(column, {}).get("labels", {})
    label = labels.get(str(value), {}).get(lang)
    if label:
        return label
    names = TRANSLATED_VALUES.get(column, ())
    if lang == ARABIC and value in names:
        return _(names[value] if isinstance(names, dict) else value)
    if lang == ARABIC and column in DATE_COLUMNS:
        return format_date(value, lang)
    return value


def N_(message):
    """Marks a string for the catalog where it is defined; it is translated where it is shown."""
    return message


# The views are not in the data package; their names for readers.
VIEW_TITLES = {
    "timeline": N_("Timeline"),
    "events_map": N_("Map of events"),
    "quotes_with_speakers": N_("Quotes with speakers"),
    "claims_vs_figures": N_("Claims against figures"),
    "strike_campaign_running_totals": N_("Strike campaign running totals"),
    "strike_tally_reconciliation": N_("Published tallies against the strike events"),
    "search_index": N_("Search index"),
    "dataset_info": N_("About this build"),
    "tracker": N_("Database"),
    "releases": N_("Releases"),
    "row_history": N_("Row history"),
    "search_terms": N_("Search terms"),
}


# Columns that only views have.
VIEW_COLUMN_TITLES = {
    "month": N_("Month"),
    "location_en": N_("Place (English)"),
    "citation_count": N_("Citations"),
    "speaker_en": N_("Speaker (English)"),
    "speaker_ar": N_("Speaker (Arabic)"),
    "event_title_en": N_("Event (English)"),
    "sea_area": N_("Sea area"),
    "strikes_to_date": N_("Strikes to date"),
    "killed_low_to_date": N_("Killed to date (low)"),
    "killed_high_to_date": N_("Killed to date (high)"),
    "strikes_in_area_to_date": N_("Strikes in the area to date"),
    "killed_low_in_area_to_date": N_("Killed in the area to date (low)"),
    "popup": N_("Map popup"),
    "table_name": N_("Table"),
    "row_id": N_("Row"),
    "date": N_("Date"),
    "link": N_("Link"),
    "strikes": N_("Strikes"),
    "first_strike": N_("First strike"),
    "last_strike": N_("Last strike"),
    "key": N_("Key"),
}

# Words Datasette passes to its templates, and the parameters of the canned queries.
SHOW_HIDE = (N_("hide"), N_("show"))
FACET_TYPES = (N_("month"), N_("date"), N_("array"))
PARAMETER_LABELS = {"q": N_("Search for"), "speaker": N_("Speaker")}


def parameter_label(name):
    return PARAMETER_LABELS.get(name, name) if language() == ARABIC else name


# Free-text columns whose values come from a short list: their Arabic names are in the catalog.
UNITS = [
    N_("Mexican states (federal entities)"), N_("agencies"), N_("aircraft"), N_("cartels"), N_("days"), N_("deaths"),
    N_("investigations"), N_("months"), N_("organizations"), N_("people"), N_("percent"), N_("personnel"),
    N_("phone calls"), N_("pounds"), N_("state legislatures"), N_("strikes"), N_("trade barriers"), N_("troops"),
    N_("vessels"), N_("votes"),
]  # fmt: skip
LANGUAGE_NAMES = {"en": N_("English"), "ar": N_("Arabic"), "es": N_("Spanish")}
TRANSLATED_VALUES = {"unit": set(UNITS), "language": LANGUAGE_NAMES, "text_language": LANGUAGE_NAMES}


# Datasette's filter operators, as its filter form shows them.
FILTER_OPERATORS = {
    "exact": N_("="),
    "not": N_("!="),
    "contains": N_("contains"),
    "endswith": N_("ends with"),
    "startswith": N_("starts with"),
    "gt": N_(">"),
    "gte": N_("\u2265"),
    "lt": N_("<"),
    "lte": N_("\u2264"),
    "like": N_("like"),
    "notlike": N_("not like"),
    "glob": N_("glob"),
    "in": N_("in"),
    "notin": N_("not in"),
    "arraycontains": N_("array contains"),
    "arraynotcontains": N_("array does not contain"),
    "date": N_("date"),
    "isnull": N_("is null"),
    "notnull": N_("is not null"),
    "isblank": N_("is blank"),
    "notblank": N_("is not blank"),
}
NO_VALUE = {"isnull", "notnull", "isblank", "notblank"}


def describe_filters(datasette, table, english, filters, sort, sort_desc):
    """What a filtered, sorted table shows, in the reader's language ("where event_type = lethal_strike")."""
    if language() != ARABIC:
        return english
    clauses = []
    for column, lookup, value in filters.selections():
        operator = _(FILTER_OPERATORS.get(lookup, lookup))
        shown = "" if lookup in NO_VALUE else " " + str(value_label(datasette, column, value))
        clauses.append(f"{column_title(datasette, column, table)} {operator}{shown}")
    text = _("where %(clauses)s", clauses=_(" and ").join(clauses)) if clauses else ""
    if sort or sort_desc:
        order = _("sorted by %(column)s") if sort else _("sorted by %(column)s descending")
        text = _(", ").join(part for part in (text, order % {"column": column_title(datasette, sort or sort_desc, table)}) if part)
    return text


@lru_cache(maxsize=4)
def resource_titles(path):
    package = json.loads(Path(path).read_text(encoding="utf-8"))
    return {
        r["name"]: {"en": r.get("title", r["name"]), ARABIC: r.get("title_ar"), "description_ar": r.get("description_ar")}
        for r in package["resources"]
    }


def table_description(datasette, table):
    """The Arabic description of a table on Arabic pages; empty elsewhere (Datasette shows the English)."""
    if language() != ARABIC:
        return ""
    return resource_titles(package_path(datasette)).get(table, {}).get("description_ar") or ""


def table_title(datasette, table, lang=None):
    """A table's or view's name for readers: the name itself on English pages (it is the URL and the SQL name)."""
    lang = lang or language()
    if lang != ARABIC:
        return table
    title = resource_titles(package_path(datasette)).get(table, {}).get(ARABIC)
    return title or (_(VIEW_TITLES[table]) if table in VIEW_TITLES else table)


def page_title(datasette, table, lang=None):
    """The heading of a table's or view's own page: its human title in the reader's language (the
    package's title for a table, VIEW_TITLES for a view); the SQL name stays in the address."""
    lang = lang or language()
    if lang == ARABIC:
        return table_title(datasette, table, lang)
    title = resource_titles(package_path(datasette)).get(table, {}).get("en")
    return title or VIEW_TITLES.get(table, table)


def in_language(texts, table, lang):
    """texts: {(table, lang): text}. The table's own text, else that of a table with a column of the same name
    (a view repeats the columns of the tables it reads)."""
    return texts.get((table, lang)) or next((text for (_table, text_lang), text in texts.items() if text_lang == lang), None)


def column_title(datasette, column, table=None, lang=None):
    """A column's title on Arabic pages; on English pages the column name, which is also its SQL name."""
    lang = lang or language()
    if lang != ARABIC:
        return column
    texts = vocabulary(package_path(datasette)).get(column, {}).get("title", {})
    return in_language(texts, table, lang) or (_(VIEW_COLUMN_TITLES[column]) if column in VIEW_COLUMN_TITLES else column)


# In escaped text: an entity (&#39;, &lt;) is kept whole; a run of Latin letters, digits and code punctuation is code.
ENTITY_OR_CODE = re.compile(r"(&#?\w+;)|([A-Za-z0-9_.:/|-]*[A-Za-z][A-Za-z0-9_.:/|-]*)")


@lru_cache(maxsize=4096)  # descriptions and definitions are the same on every visit
def isolate_code(text):
    """Arabic text quoting code (locations.location_id, 'retracted', q-2025-…): each piece of code is isolated
    left to right, so that its dots and hyphens do not jump around the Arabic words."""
    # The text is escaped first; the code pieces matched in it are then already safe to wrap.
    return Markup(ENTITY_OR_CODE.sub(lambda m: m.group(1) or f'<bdi dir="ltr" translate="no">{m.group(2)}</bdi>', str(escape(text))))


def column_label(datasette, column, table=None):
    """A column's title to show as text: a column without an Arabic title shows its SQL name, left to right."""
    title = column_title(datasette, column, table)
    if language() == ARABIC and title == column:
        return Markup('<bdi dir="ltr" translate="no">{}</bdi>').format(column)
    return title


def column_description(datasette, table, column, fallback=""):
    """The description of a column in the reader's language: a view's own (from the catalog), else that of
    the table column of the same name in the data package."""
    lang = language()
    if lang != ARABIC:
        return fallback
    translated = _(fallback) if fallback else fallback
    if translated != fallback:
        return translated
    return in_language(vocabulary(package_path(datasette)).get(column, {}).get("description", {}), table, lang) or fallback


def language_links(datasette, request):
    """The same page in each language, keeping the query (facets, filters, sort)."""
    english = request.path if request else "/"
    query = ("?" + request.query_string) if request and request.query_string else ""
    return {"en": english + query, ARABIC: arabic_prefix(datasette) + english + query}


@hookimpl
def prepare_jinja2_environment(env, datasette):
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(_, ngettext, newstyle=True)
    env.globals["format_date"] = format_date
    # Error pages are rendered without the plugins' template variables; they still know the request's language.
    env.globals["current_language"] = language
    env.globals["Markup"] = Markup
    # Static files are the same in both languages: one address, cached once.
    env.globals["asset"] = lambda path: (getattr(datasette, "_tracker_base_url", None) or "/") + path
    env.globals["value_label"] = lambda column, value: value_label(datasette, column, value)
    env.globals["table_description"] = lambda table: table_description(datasette, table)
    env.globals["parameter_label"] = parameter_label
    env.globals["column_label"] = pass_context(lambda context, column: column_label(datasette, column, context.get("table")))
    env.filters["isolate_code"] = lambda text: isolate_code(text) if language() == ARABIC and text else text
    env.globals["describe_filters"] = pass_context(lambda context, *args: describe_filters(datasette, context.get("table"), *args))
    env.globals["filter_operator"] = lambda lookup, display: _(FILTER_OPERATORS[lookup]) if lookup in FILTER_OPERATORS else display
    env.globals["table_title"] = lambda table: table_title(datasette, table)
    env.globals["page_title"] = lambda table: page_title(datasette, table)
    env.globals["column_title"] = pass_context(lambda context, column: column_title(datasette, column, context.get("table")))
    env.globals["column_description"] = lambda table, column, fallback="": column_description(datasette, table, column, fallback)


@hookimpl
def startup(datasette):
    # base_url is read on every URL Datasette builds; during an Arabic request it carries the /ar/ prefix.
    if getattr(datasette, "_tracker_base_url", None) is not None:
        return
    setting = datasette.setting
    datasette._tracker_base_url = setting("base_url") or "/"

    def setting_for_language(key):
        if key == "base_url" and language() == ARABIC:
            return arabic_prefix(datasette) + "/"
        return setting(key)

    datasette.setting = setting_for_language

    # Links to rows and facet values are labelled from the Arabic column on Arabic pages. Local metadata
    # (label_column in metadata.yml) wins over plugins' get_metadata, so the Arabic label column is put in
    # where Datasette reads it, only while it expands foreign keys: a citation keeps the English title.
    table_metadata, expand_foreign_keys = datasette.table_metadata, datasette.expand_foreign_keys

    def table_metadata_for_language(database, table):
        found = table_metadata(database, table)
        if EXPANDING_LABELS.get() and database == "tracker" and table in ARABIC_LABEL_COLUMNS:
            return dict(found, label_column=ARABIC_LABEL_COLUMNS[table])
        return found

    async def expand_foreign_keys_in_language(*args, **kwargs):
        token = EXPANDING_LABELS.set(language() == ARABIC)
        try:
            return await expand_foreign_keys(*args, **kwargs)
        finally:
            EXPANDING_LABELS.reset(token)

    datasette.expand_foreign_keys = expand_foreign_keys_in_language
    datasette.table_metadata = table_metadata_for_language


@hookimpl
def extra_template_vars(request, datasette):
    lang = language()
    return {
        "lang": lang,
        "text_dir": "rtl" if lang == ARABIC else "ltr",
        "language_links": language_links(datasette, request),
    }


# On Arabic pages a row is named by its Arabic column: links to it, facets and the page title read in Arabic.
ARABIC_LABEL_COLUMNS = {"events": "title_ar", "actors": "name_ar", "locations": "name_ar", "statistics": "label_ar", "quotes": "text_ar"}


@hookimpl
def render_cell(value, column, datasette):
    # On Arabic pages a vocabulary code (lethal_strike) reads as its Arabic label; the code stays in
    # the title, as it is what filters and SQL use.
    if language() != ARABIC or not isinstance(value, str) or column not in translated_columns(datasette):
        return None
    label = value_label(datasette, column, value)
    if label == value:
        return None
    # One f-string over escaped text: this runs for hundreds of cells a page, where Markup arithmetic costs more.
    return Markup(f'<span title="{html.escape(value)}">{html.escape(str(label))}</span>')


_translated_columns = {}


def translated_columns(datasette):
    """Columns whose values can read differently in Arabic: vocabularies, dates, units, languages."""
    if datasette not in _translated_columns:
        labelled = {name for name, entry in vocabulary(package_path(datasette)).items() if entry["labels"]}
        _translated_columns[datasette] = labelled | DATE_COLUMNS | set(TRANSLATED_VALUES)
    return _translated_columns[datasette]


# The map (datasette-cluster-map) reads each marker's popup from the JSON of events_map. Its popup column is
# written in English by the build; for an Arabic map it is rewritten here from the same row.
MAP_JSON = "/tracker/events_map.json"
_place_names = {}


async def arabic_place_names(datasette):
    if datasette not in _place_names:  # the database is immutable: one read per process
        rows = await datasette.get_database("tracker").execute("select location_id, name_ar from locations")
        _place_names[datasette] = {r["location_id"]: r["name_ar"] for r in rows}
    return _place_names[datasette]


def arabic_popup(datasette, row, place_names):
    """The map popup of an events_map row, in Arabic: title, kind, date, place, precision, toll and a link."""
    parts = [str(value_label(datasette, "event_type", row.get("event_type"), ARABIC)), format_date(row.get("date_start"), ARABIC)]
    location = row.get("location_id")
    location = location.get("value") if isinstance(location, dict) else location  # _labels=on expands it
    place = place_names.get(location) or row.get("location_en") or ""
    if (row.get("geo_precision") or 0) >= 3:
        place += " " + _("(approximate position, precision %(precision)s)", precision=row["geo_precision"])
    parts.append(place)
    if row.get("killed_low") is not None:
        high = row.get("killed_high")
        toll = f"{row['killed_low']}–{high}" if high and high > row["killed_low"] else str(row["killed_low"])
        parts.append(_("killed: %(toll)s", toll=toll))
    link = arabic_prefix(datasette) + "/tracker/events/" + row["event_id"]
    return json.dumps(
        {"title": row.get("title_ar") or row.get("title_en"), "description": " · ".join(parts), "link": link}, ensure_ascii=False
    )


async def arabic_map_json(datasette, body):
    data = json.loads(body)
    rows = data.get("rows")
    if not isinstance(rows, list) or not rows or not isinstance(rows[0], dict) or "popup" not in rows[0]:
        return body
    place_names = await arabic_place_names(datasette)
    for row in rows:
        row["popup"] = arabic_popup(datasette, row, place_names)
    return json.dumps(data, ensure_ascii=False).encode()


async def respond_with_map_json(datasette, app, scope, receive, send):
    """Runs the request, then rewrites the popups of the whole JSON body before sending it."""
    start, chunks = {}, []

    async def capture(event):
        if event["type"] == "http.response.start":
            start.update(event)
        else:
            chunks.append(event.get("body", b""))

    await app(scope, receive, capture)
    body = b"".join(chunks)
    if start.get("status") == 200:
        body = await arabic_map_json(datasette, body)
    headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
    await send(dict(start, headers=headers + [(b"content-length", str(len(body)).encode())]))
    await send({"type": "http.response.body", "body": body})


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def with_language(scope, receive, send):
            if scope["type"] != "http" or getattr(datasette, "_tracker_base_url", None) is None:
                return await app(scope, receive, send)
            prefix = arabic_prefix(datasette)
            path = scope["path"]
            if path == prefix:
                query = scope.get("query_string", b"")
                location = (prefix + "/").encode() + (b"?" + query if query else b"")
                await send({"type": "http.response.start", "status": 302, "headers": [(b"location", location)]})
                await send({"type": "http.response.body", "body": b""})
                return
            if not path.startswith(prefix + "/"):
                return await app(scope, receive, send)
            # Datasette sees the English path, as behind a proxy that strips a prefix, and adds the
            # prefix back to every link it builds (base_url).
            # root_path, ASGI's mount prefix, keeps the two languages apart for anything keyed on the path.
            scope = dict(scope, path=path[len(prefix) :], root_path=scope.get("root_path", "") + prefix, tracker_language=ARABIC)
            if scope.get("raw_path"):
                scope["raw_path"] = scope["raw_path"][len(prefix) :]
            token = LANGUAGE.set(ARABIC)
            try:
                if scope["path"] == MAP_JSON:
                    return await respond_with_map_json(datasette, app, scope, receive, send)
                return await app(scope, receive, send)
            finally:
                LANGUAGE.reset(token)

        return with_language

    return wrap
