"""schema.org Dataset JSON-LD on the home page: what the data is, its licence, the dates and places
it covers and where to download it, for search engines and dataset catalogues."""

import json
import sys
from pathlib import Path

from datasette import hookimpl
from datasette.plugins import pm
from markupsafe import Markup

# Datasette loads plugins/ by file path: the project root, home of tracker/, must be made importable.
sys.path.append(str(Path(__file__).resolve().parent.parent))
from tracker.addresses import site_url  # noqa: E402
from tracker.discovery import dataset_jsonld  # noqa: E402

COVERAGE_SQL = "select min(date_start), max(coalesce(date_end, date_start)) from events where status = 'active'"
PLACES_SQL = "select name_en from locations where location_type in ('country', 'sea_area') and status = 'active' order by name_en"
POINTS_SQL = "select latitude, longitude from locations where status = 'active'"
INFO_SQL = "select key, value from dataset_info where key in ('version', 'built_at', 'released', 'unreleased')"
_facts = {}


async def facts(datasette):
    """What the JSON-LD says about the data, read once per process: the database is immutable."""
    if datasette not in _facts:
        db = datasette.get_database("tracker")
        package = pm.get_plugin("package.py").package_paths(datasette)[0]
        _facts[datasette] = {
            "package": json.loads(package.read_text(encoding="utf-8")),
            "info": {row["key"]: row["value"] for row in await db.execute(INFO_SQL)},
            "coverage": tuple((await db.execute(COVERAGE_SQL)).first()),
            "place_names": [row[0] for row in await db.execute(PLACES_SQL)],
            "points": [tuple(row) for row in await db.execute(POINTS_SQL)],
        }
    return _facts[datasette]


@hookimpl
def extra_template_vars(view_name, request, datasette):
    if view_name != "index" or not request or "tracker" not in datasette.databases:
        return {}

    async def inner():
        known = await facts(datasette)
        jsonld = dataset_jsonld(known["package"], site_url(datasette, request), known["info"], known["coverage"], known["place_names"], known["points"])
        return {"dataset_jsonld": Markup(jsonld)}

    return inner
