"""Table and column descriptions come from datapackage.json, the one place columns are declared."""

import json
from functools import lru_cache
from pathlib import Path

from datasette import hookimpl

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def package_path(datasette):
    in_config_dir = datasette.config_dir and Path(datasette.config_dir) / "datapackage.json"
    return in_config_dir if in_config_dir and in_config_dir.exists() else PROJECT_ROOT / "datapackage.json"


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
    return {"databases": {"tracker": {"tables": tables_metadata(str(package_path(datasette)))}}}
