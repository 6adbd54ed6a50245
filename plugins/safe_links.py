"""Cells holding an address become links only when they are http or https."""

from urllib.parse import urlsplit

from datasette import hookimpl
from markupsafe import Markup, escape


def is_web_address(value):
    if not isinstance(value, str) or any(c.isspace() for c in value):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


@hookimpl
def render_cell(value):
    if is_web_address(value):
        return Markup('<a href="{0}" rel="noopener noreferrer nofollow">{0}</a>').format(escape(value))
    return None
