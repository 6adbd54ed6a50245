"""Row-page markup that repeats, written in Python rather than in the template.

Datasette renders templates in Jinja's async mode, where each macro or function call from a
template costs several microseconds to tens of them. A row page names every row it lists (an
actor's 50 events, 50 quotes, 50 numbers…) in the reader's language first and the other beside it:
the `both` macro was a third of an actor page's rendering. It shows each of the row's fields with
its title and description (three calls a field, 0.25 ms an event page), each citation with its
outlet, date, linked title and excerpt (about 70 microseconds a citation), each event or quote of
an actor or a place with its date, and each statistic with its figure. The same markup from a
function costs a few microseconds.
"""

import sys
from pathlib import Path
from types import SimpleNamespace

from datasette import hookimpl
from datasette.plugins import pm
from datasette.utils import to_css_class
from markupsafe import Markup, escape

# Datasette loads plugins/ by file path: under `datasette serve` the project root, home of tracker/, is not importable.
sys.path.append(str(Path(__file__).resolve().parent.parent))
from tracker.list_markup import ROWS_ADDRESS, both_html, dated_items_html  # noqa: E402


def reader_language():
    i18n = pm.get_plugin("i18n.py")  # plugins load as loose files; the language is the i18n plugin's
    return i18n.language() if i18n else "en"


def both(en, ar, href=None):
    """The name in the reader's language (a link to href when given), the other language's beside it,
    each isolated in its own direction."""
    return Markup(both_html(reader_language(), en, ar, href))


# The columns that name a row, in each language, the first with a value naming it.
NAME_COLUMNS = {"en": ("title_en", "name_en", "label_en", "text_en"), "ar": ("title_ar", "name_ar", "label_ar", "text_ar")}


def row_names(display_rows):
    """The row's name in English and in Arabic (.en, .ar; empty where it has none): its first title,
    name, label or text with a value in each language. (As a loop in the template: 50 to 100 microseconds.)"""
    found = {"en": "", "ar": ""}
    for row in display_rows:
        for cell in row:
            for lang, columns in NAME_COLUMNS.items():
                if cell.get("column") in columns and cell.get("raw") and not found[lang]:
                    found[lang] = cell["raw"]
    return SimpleNamespace(**found)


def row_fields(datasette, table, row, columns):
    """One row's fields as table rows: title (with the column's name on Arabic pages), description as
    the title's tooltip, and the cell as rendered (links, labels, numbers)."""
    i18n = pm.get_plugin("i18n.py")
    arabic = i18n.language() == "ar"
    lines = []
    for cell, column in zip(row, columns):
        name = cell["column"]
        description = i18n.column_description(datasette, table, name, column.get("description") or "")
        heading = escape(i18n.column_title(datasette, name, table))
        if arabic:
            heading += Markup(f' <bdi class="column-name" dir="ltr" lang="en">{escape(name)}</bdi>')
        lines.append(
            f'  <tr>\n    <th scope="row" title="{escape(description)}">{heading}</th>\n'
            f'    <td class="col-{to_css_class(name)} type-{escape(cell["value_type"])}">{escape(cell["value"])}</td>\n  </tr>'
        )
    return Markup('<table class="row-fields">\n' + "\n".join(lines) + "\n</table>")


def citation_item(datasette, c):
    """A citation in a row page's list of sources: the outlet (linked to the source's page) and date,
    the title linked to the source's address when it is a web address, the excerpt, the locator."""
    i18n = pm.get_plugin("i18n.py")
    href = datasette.urls.row("tracker", "sources", c["source_id"])
    html = f'<li><a class="source-row" href="{escape(href)}"><bdi lang="{escape(c["language"])}">{escape(c["outlet"])}</bdi></a>'
    if c["published_date"]:
        html += f"{escape(i18n._(', '))}{escape(i18n.format_date(c['published_date']))}"
    title = escape(c["title"] or c["url"])
    if c["url"].startswith(("http://", "https://")):
        html += f':\n      <a href="{escape(c["url"])}" rel="noopener noreferrer nofollow" dir="auto">{title}</a>'
    else:
        html += f":\n      <bdi>{title}</bdi>"
    html += f'\n      <blockquote dir="auto" lang="{escape(c["language"])}">{escape(c["excerpt"])}</blockquote>\n      '
    if c["locator"]:
        html += f'<small dir="auto">{escape(c["locator"])}</small>'
    return Markup(html + "\n    </li>")


def dated_items(datasette, rows, table):
    """Events or quotes in a row page's list, one <li> each: the date, the name in both languages
    linked to the row's page, and the role the row played in it. rows: the rows, or for an actor's
    lists the markup the build wrote in each language, with ROWS_ADDRESS for the rows' address."""
    i18n = pm.get_plugin("i18n.py")
    lang = i18n.language()
    rows_address = str(datasette.urls.table("tracker", table)) + "/"
    if isinstance(rows, dict):
        return Markup(rows[lang].replace(ROWS_ADDRESS, str(escape(rows_address))))
    return Markup(dated_items_html(lang, rows, table, rows_address, lambda role: i18n.value_label(datasette, "role", role, lang)))


def number_items(datasette, rows):
    """Statistics in a row page's list, one <li> each: the label in both languages linked to the
    statistic's page, then the figure with its qualifier and unit, and its kind. (An actor's page
    lists up to 50: as a macro a statistic cost about 60 microseconds.)"""
    i18n = pm.get_plugin("i18n.py")
    number = pm.get_plugin("number_format.py").number
    lang = i18n.language()

    def label(column, value):
        return i18n.value_label(datasette, column, value, lang)

    def word(column, value):  # a vocabulary value: its Arabic label, or the code read as words
        return label(column, value) if lang == "ar" else str(value).replace("_", " ")

    rows_address = str(datasette.urls.table("tracker", "statistics")) + "/"
    items = []
    for row in rows:
        name = both_html(lang, row["label_en"], row["label_ar"], rows_address + row["statistic_id"])
        figure = f"{escape(word('value_qualifier', row['value_qualifier']))} {escape(number(row['value']))} {escape(label('unit', row['unit']))}"
        items.append(f"\n    <li>{name}: <bdi>{figure}</bdi> ({escape(word('statistic_kind', row['statistic_kind']))})</li>\n  ")
    return Markup("".join(items))


@hookimpl
def prepare_jinja2_environment(env, datasette):
    env.globals["both"] = both
    env.globals["row_names"] = row_names
    env.globals["row_fields"] = lambda table, row, columns: row_fields(datasette, table, row, columns)
    env.globals["citation_item"] = lambda citation: citation_item(datasette, citation)
    env.globals["dated_items"] = lambda rows, table: dated_items(datasette, rows, table)
    env.globals["number_items"] = lambda rows: number_items(datasette, rows)
