"""Every table, view and column the site shows is described."""

import json

from tests.conftest import ROOT


def test_every_package_field_is_described():
    package = json.loads((ROOT / "datapackage.json").read_text())
    for key in ("name", "title", "description", "version", "licenses", "contributors", "sources"):
        assert package.get(key), key
    for resource in package["resources"]:
        assert resource.get("description"), resource["name"]
        for field in resource["schema"]["fields"]:
            assert field.get("title") and field.get("description"), (resource["name"], field["name"])
            assert field.get("type"), (resource["name"], field["name"])


async def test_every_table_and_column_is_described(real_datasette):
    db = real_datasette.get_database("tracker")
    hidden = set(await db.hidden_table_names())
    names = [t for t in await db.table_names() if t not in hidden] + await db.view_names()
    missing = []
    for name in names:
        meta = real_datasette.metadata(database="tracker", table=name) or {}
        if not meta.get("description"):
            missing.append(f"{name}: no description")
        columns = meta.get("columns") or {}
        for column in await db.table_columns(name):
            if not columns.get(column):
                missing.append(f"{name}.{column}")
    assert missing == []
