"""Arabic reads right to left inside the English interface."""

import re

from datasette import hookimpl
from markupsafe import Markup, escape

ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


@hookimpl
def render_cell(value, column):
    # Addresses are left to safe_links.py, even when they contain Arabic.
    if not isinstance(value, str) or value.startswith(("http://", "https://")) or not ARABIC.search(value):
        return None
    # dir="auto" lets a mixed cell (an alias list, an excerpt) take the direction of its first strong letter.
    lang = ' lang="ar"' if column.endswith("_ar") or ARABIC.search(value[:20]) else ""
    return Markup('<span dir="auto"{}>{}</span>').format(Markup(lang), escape(value))
