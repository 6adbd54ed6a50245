"""The methodology and codebook page, generated from datapackage.json."""

import json
import re
from html import unescape

from tests.conftest import ROOT


async def test_codebook_lists_every_table_column_and_value(real_datasette):
    package = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    html = (await real_datasette.client.get("/-/methodology")).text
    for resource in package["resources"]:
        assert f'id="table-{resource["name"]}"' in html, resource["name"]
        for field in resource["schema"]["fields"]:
            anchor = f'id="{resource["name"]}-{field["name"]}"'
            assert anchor in html, anchor
            section = html.split(anchor)[1].split("<dt ")[0]
            for code in field.get("constraints", {}).get("enum", []):
                assert f"<code>{code}</code>" in section, (resource["name"], field["name"], code)
            for code, definition in field.get("definitions", {}).items():
                assert unescape(definition) in unescape(section), (field["name"], code)


async def test_every_event_type_and_certainty_has_a_definition():
    package = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    fields = {(r["name"], f["name"]): f for r in package["resources"] for f in r["schema"]["fields"]}
    for key in [("events", "event_type"), ("events", "certainty"), ("statistics", "statistic_kind")]:
        field = fields[key]
        assert set(field["definitions"]) == set(field["constraints"]["enum"]), key
        assert all(text.strip() for text in field["definitions"].values()), key


async def test_methodology_says_what_confirmed_means_and_how_tallies_are_reconciled(real_datasette):
    html = unescape((await real_datasette.client.get("/-/methodology")).text)
    assert "“Confirmed” is not “independently verified”." in html
    assert "the US government announced the strike itself" in html
    db = real_datasette.get_database("tracker")
    metrics = [
        r[0]
        for r in await db.execute("select distinct metric from statistics where statistic_kind = 'reported_tally' and status = 'active'")
    ]
    for metric in metrics:
        assert f"<code>{metric}</code>" in html, metric
    for heading in [
        "What is included",
        "How deaths, survivors and vessels are counted",
        "Corrections",
        "How to cite",
        "How to report an error",
    ]:
        assert re.search(rf"<h2>{heading}</h2>", html), heading


async def test_home_page_links_the_methodology(real_datasette):
    assert 'href="/-/methodology"' in (await real_datasette.client.get("/")).text
