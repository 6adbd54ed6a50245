"""Names in both languages on row pages, written in Python rather than as a Jinja macro.

A row page names every row it lists (an actor's 50 events, 50 quotes, 50 numbers…) in the reader's
language first and the other beside it. Datasette renders templates in Jinja's async mode, where a
macro call costs tens of microseconds: the `both` macro was a third of an actor page's rendering.
The same markup from a function costs a few.
"""

from datasette import hookimpl
from datasette.plugins import pm
from markupsafe import Markup, escape

DIR_AUTO = ' dir="auto"'


def reader_language():
    i18n = pm.get_plugin("i18n.py")  # plugins load as loose files; the language is the i18n plugin's
    return i18n.language() if i18n else "en"


def both(en, ar, href=None):
    """The name in the reader's language (a link to href when given), the other language's beside it,
    each isolated in its own direction."""
    lang = reader_language()
    first, second = ((ar, "ar"), (en, "en")) if lang == "ar" and ar else ((en, "en"), (ar, "ar"))
    attributes = "" if first[1] == lang else f' lang="{first[1]}" dir="auto"'
    if href:
        html = f'<a href="{escape(href)}"{attributes or DIR_AUTO}>{escape(first[0])}</a>'
    else:
        html = f"<bdi{attributes}>{escape(first[0])}</bdi>"
    if second[0]:
        html += f' <bdi class="other-language" lang="{second[1]}">{escape(second[0])}</bdi>'
    return Markup(html)


@hookimpl
def prepare_jinja2_environment(env):
    env.globals["both"] = both
