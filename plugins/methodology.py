"""/-/methodology: how the tracker is made and what every code means, generated from datapackage.json
(tables, columns, types, constraints, vocabularies with their definitions and Arabic labels) and the
figures of the served database, so the codebook cannot drift from the data it describes."""

import json

from datasette import hookimpl
from datasette.plugins import pm
from datasette.utils.asgi import Response


def package_file(datasette):
    # One rule for where the site's datapackage.json is: package.py's.
    return pm.get_plugin("package.py").package_file(datasette)


def codebook(package):
    """Tables and their columns, each column with its type, whether it is required, its range and its values."""
    tables = []
    for resource in package["resources"]:
        columns = []
        for field in resource["schema"]["fields"]:
            constraints = field.get("constraints", {})
            labels, definitions, definitions_ar = field.get("labels", {}), field.get("definitions", {}), field.get("definitions_ar", {})
            values = [
                {
                    "code": code,
                    "label_ar": labels.get(code, {}).get("ar", ""),
                    "definition": definitions.get(str(code), ""),
                    "definition_ar": definitions_ar.get(str(code), ""),
                }
                for code in constraints.get("enum", [])
            ]
            bounds = [
                f"≥ {constraints['minimum']}" if "minimum" in constraints else "",
                f"≤ {constraints['maximum']}" if "maximum" in constraints else "",
            ]
            columns.append(
                {
                    "name": field["name"],
                    "title": field.get("title", field["name"]),
                    "title_ar": field.get("title_ar", ""),
                    "type": field.get("type", "string"),
                    "required": constraints.get("required", False),
                    "bounds": " ".join(b for b in bounds if b),
                    "description": field.get("description", ""),
                    "description_ar": field.get("description_ar", ""),
                    "values": values,
                }
            )
        keys = resource["schema"].get("primaryKey")
        tables.append(
            {
                "name": resource["name"],
                "title": resource.get("title", resource["name"]),
                "title_ar": resource.get("title_ar", ""),
                "description": resource.get("description", ""),
                "description_ar": resource.get("description_ar", ""),
                "primary_key": [keys] if isinstance(keys, str) else keys or [],
                "columns": columns,
            }
        )
    return tables


TALLY_METRICS = """select metric, unit, count(*) as tallies from statistics
                   where statistic_kind = 'reported_tally' and status = 'active' group by metric, unit order by metric"""


async def methodology_page(datasette, request):
    path = package_file(datasette)
    package = json.loads(path.read_text(encoding="utf-8"))
    db = datasette.get_database("tracker")
    tally_metrics = [dict(r) for r in await db.execute(TALLY_METRICS)]
    context = {"package": package, "tables": codebook(package), "tally_metrics": tally_metrics}
    return Response.html(await datasette.render_template("methodology.html", context, request=request))


@hookimpl
def register_routes():
    return [(r"^/-/methodology$", methodology_page)]
