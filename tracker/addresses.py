"""The site's public address, one rule for every page and file that names it: permalinks, citations,
feeds, the sitemap, canonical links and the dataset's JSON-LD."""

import os


def site_url(datasette, request):
    """The public address: TRACKER_SITE_URL (or the citation plugin's site_url) when a deployment names it,
    otherwise the address this page was requested at. A page built from the request's Host differs
    per Host, so the response cache keys on Host too (plugins/response_cache.py). Always the English
    site: the English URL of a row is its permanent citation, on its Arabic page too."""
    config = datasette.plugin_config("citation") or {}
    named = os.environ.get("TRACKER_SITE_URL") or config.get("site_url")
    # During an Arabic request base_url carries /ar/ (plugins/i18n.py keeps the real one aside).
    base = getattr(datasette, "_tracker_base_url", None) or datasette.urls.instance()
    return (named or datasette.absolute_url(request, base)).rstrip("/")
