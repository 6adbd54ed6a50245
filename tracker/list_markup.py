"""The markup of the dated lists of row pages: an actor's events and quotes, a place's events.

The site writes them when a page is asked for (plugins/row_markup.py); the build writes each actor's
lists once, for both languages (tracker/actor_lists.py). Both use these functions, so both give the
same bytes. Dates read with Arabic month names on Arabic pages (plugins/i18n.py uses format_date too).
"""

import re
from functools import lru_cache

ARABIC = "ar"
# Arabic pages use the Western digits 0-9, as the data, the identifiers and the URLs do: a number or
# a date read on an Arabic page can be copied into a search or a spreadsheet unchanged.
MONTHS_AR = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"]
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
DIR_AUTO = ' dir="auto"'
# Where the rows' address goes in the markup the build writes: a control character, which no cell holds
# (tracker/cells.py) and escaping leaves as it is; the page puts its own address (with /ar/ on Arabic
# pages, and any base_url) there.
ROWS_ADDRESS = "\x01"
# The keys of a listed event's or quote's date, names and identifier.
DATED = {"events": ("date_start", "title_en", "title_ar", "event_id"), "quotes": ("said_date", "text_en", "text_ar", "quote_id")}


def escaped(value):
    """markupsafe's escape() as text: the same five characters replaced, without a Markup object made for each
    value (the build writes half a million into its actor lists; tests/test_actor_lists.py holds them equal)."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return str(value).replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;").replace("'", "&#39;").replace('"', "&#34;")


def format_date(value, lang):
    """An ISO date (or year-month) in lang: 17 نوفمبر 2025 in Arabic, unchanged in English."""
    return arabic_date(value) if isinstance(value, str) and lang == ARABIC else value


@lru_cache(maxsize=4096)  # the same few hundred dates, over and over
def arabic_date(value):
    match = ISO_DATE.match(value)
    if not match or not 1 <= int(match.group(2)) <= 12:
        return value
    year, month, day = match.groups()
    return " ".join(part for part in (str(int(day)) if day else "", MONTHS_AR[int(month) - 1], year) if part)


def both_html(lang, en, ar, href=None):
    """The name in lang (a link to href when given), the other language's beside it, each isolated in
    its own direction."""
    first, second = ((ar, "ar"), (en, "en")) if lang == ARABIC and ar else ((en, "en"), (ar, "ar"))
    attributes = "" if first[1] == lang else f' lang="{first[1]}" dir="auto"'
    if href:
        html = f'<a href="{escaped(href)}"{attributes or DIR_AUTO}>{escaped(first[0])}</a>'
    else:
        html = f"<bdi{attributes}>{escaped(first[0])}</bdi>"
    if second[0]:
        html += f' <bdi class="other-language" lang="{second[1]}">{escaped(second[0])}</bdi>'
    return html


def dated_items_html(lang, rows, table, rows_address, role_label):
    """Events or quotes (rows of `table`, dicts) as <li> items: the date, the name in both languages
    linked to rows_address + the row's key, and role_label(role) where the row has a role."""
    date_key, en_key, ar_key, id_key = DATED[table]
    roles = {}  # up to 50 rows a list, in a few roles
    items = []
    for row in rows:
        date = row[date_key]
        html = f'<li><bdi dir="ltr">{escaped(format_date(date, lang))}</bdi>: ' if date else "<li>"
        html += both_html(lang, row[en_key], row[ar_key], rows_address + row[id_key])
        role = row.get("role")
        if role:
            if role not in roles:
                roles[role] = f" — {escaped(role_label(role))}"
            html += roles[role]
        items.append(html + "</li>")
    return "\n    ".join(items)
