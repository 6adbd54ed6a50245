"""The data package on the site. Its table and column descriptions become Datasette metadata, so
datapackage.json stays the one place a column is declared; and the package itself can be
downloaded: datapackage.json, each CSV, and all of it as a zip."""

import copy
import io
import json
import sys
import zipfile
from functools import lru_cache
from pathlib import Path

from datasette import hookimpl
from datasette.utils.asgi import NotFound, Response

# Datasette loads plugins/ by file path: under `datasette serve` the project root, home of tracker/, is not importable.
sys.path.append(str(Path(__file__).resolve().parent.parent))
from tracker.addresses import site_url  # noqa: E402

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def package_file(datasette):
    """datapackage.json: in the configuration directory (`datasette .`), beside plugins/ (a checkout),
    or in package/ beside plugins/ (an image built by `datasette publish` with --static package:...)."""
    return package_file_in(str(datasette.config_dir) if datasette.config_dir else None)


@lru_cache(maxsize=16)
def package_file_in(config_dir):
    # Asked many times a page (every metadata lookup): the places are looked at once per process.
    places = [Path(config_dir)] if config_dir else []
    places += [PROJECT_ROOT, PROJECT_ROOT / "package"]
    for place in places:
        if (place / "datapackage.json").exists():
            return place / "datapackage.json"
    return PROJECT_ROOT / "datapackage.json"


@lru_cache(maxsize=4)
def tables_metadata(path):
    package = json.loads(Path(path).read_text(encoding="utf-8"))
    return {
        resource["name"]: {
            "title": resource.get("title", resource["name"]),
            "description": resource.get("description", ""),
            "columns": {field["name"]: field.get("description", "") for field in resource["schema"]["fields"]},
        }
        for resource in package["resources"]
    }


@hookimpl
def get_metadata(datasette, key, database, table):
    # Datasette asks for single keys (label_column, facets, …) many times per page; descriptions
    # are only wanted when it asks for everything (plugins/immutable_caches.py remembers its answers).
    if key not in (None, "databases"):
        return {}
    # A copy: Datasette merges the later sources (metadata.yml) into this one in place.
    return {"databases": {"tracker": {"tables": copy.deepcopy(tables_metadata(str(package_file(datasette))))}}}


def package_paths(datasette):
    """Only the files the package lists can be downloaded: nothing else on disk is reachable."""
    package = package_file(datasette)
    resources = json.loads(package.read_text(encoding="utf-8"))["resources"]
    return package, {Path(r["path"]).name: package.parent / r["path"] for r in resources}


async def datapackage_json(datasette, request):
    package, _ = package_paths(datasette)
    # The package's homepage is wherever it is published: the site's public address.
    described = {**json.loads(package.read_text(encoding="utf-8")), "homepage": site_url(datasette, request) + "/"}
    return Response(json.dumps(described, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8")


async def data_csv(datasette, request):
    _, files = package_paths(datasette)
    path = files.get(request.url_vars["name"] + ".csv")
    if path is None:
        raise NotFound("No such file in the data package")
    return Response(
        path.read_bytes(),
        content_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{path.name}"'},
    )


async def datapackage_zip(datasette):
    package, files = package_paths(datasette)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(package, "us-mexico-security-tracker/datapackage.json")
        for name, path in sorted(files.items()):
            archive.write(path, f"us-mexico-security-tracker/data/{name}")
    return Response(
        buffer.getvalue(),
        content_type="application/zip",
        headers={"content-disposition": 'attachment; filename="us-mexico-security-tracker.zip"'},
    )


@hookimpl
def extra_template_vars(view_name, datasette):
    # The home page links each CSV of the package, as the package lists them.
    if view_name != "index":
        return {}
    return {"package_csvs": sorted(package_paths(datasette)[1])}


@hookimpl
def register_routes():
    return [
        (r"^/-/datapackage\.json$", datapackage_json),
        (r"^/-/datapackage\.zip$", datapackage_zip),
        (r"^/-/data/(?P<name>[a-z_]+)\.csv$", data_csv),
    ]
