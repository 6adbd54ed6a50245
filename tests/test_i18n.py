"""The site in Arabic: message catalog, /ar/ pages, language switch, caching of both languages."""

import json
import re

import pytest

from scripts.update_catalog import interface_strings, read_catalog, untranslated
from tests.conftest import ROOT

EVENT = "2025-09-02-boat-strike-caribbean"
# One page of every kind a reader reaches.
PAGES = [
    "/",
    "/tracker",
    "/tracker/events",
    "/tracker/events?event_type=lethal_strike",
    f"/tracker/events/{EVENT}",
    "/tracker/quotes",
    "/tracker/statistics",
    "/tracker/actors/donald-trump",
    "/tracker/sources",
    "/tracker/locations",
    "/tracker/citations",
    "/tracker/timeline?month=2025-09",
    "/tracker/events_map",
    "/tracker/search?q=ترمب",
    "/tracker/strike_campaign_totals",
    "/-/timeline",
]
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def test_every_interface_string_has_an_arabic_translation():
    catalog = read_catalog()
    assert untranslated(catalog) == []
    translated = {message.id for message in catalog if message.id}
    missing = [message for message in interface_strings() if message not in translated]
    assert missing == [], "run scripts/update_catalog.py and translate the new entries"


def test_translations_keep_their_placeholders():
    for message in read_catalog():
        if not message.id:
            continue
        source = message.id if isinstance(message.id, str) else message.id[1]
        for translation in [message.string] if isinstance(message.string, str) else message.string:
            # An Arabic plural form may spell the number out (صفّان), never invent another placeholder.
            assert set(PLACEHOLDER.findall(translation)) <= set(PLACEHOLDER.findall(source)), message.id


@pytest.mark.parametrize("path", PAGES)
async def test_each_page_exists_in_arabic_right_to_left(real_datasette, path):
    english = await real_datasette.client.get(path)
    arabic = await real_datasette.client.get("/ar" + path)
    assert english.status_code == arabic.status_code == 200
    assert '<html lang="en" dir="ltr">' in english.text
    assert '<html lang="ar" dir="rtl">' in arabic.text
    arabic_path = "/ar" + path.replace("ترمب", "%D8%AA%D8%B1%D9%85%D8%A8")
    english_path = arabic_path[3:]
    for page in (english.text, arabic.text):
        assert f'<link rel="alternate" hreflang="en" href="{english_path}">' in page
        assert f'<link rel="alternate" hreflang="ar" href="{arabic_path}">' in page
    assert f'<a href="{arabic_path}" hreflang="ar"' in english.text
    assert f'<a href="{english_path}" hreflang="en"' in arabic.text


@pytest.mark.parametrize("path", PAGES)
async def test_links_inside_arabic_pages_stay_arabic(real_datasette, path):
    page = (await real_datasette.client.get("/ar" + path)).text
    links = set(re.findall(r'(?:href|action)="(/[^"]*)"', page))
    # Static files and downloads are the same in both languages; the switch leads to English.
    shared = re.compile(r"^/(-/static/|static/|-/datapackage\.|-/data/)")
    english_twin = {link for link in links if not link.startswith("/ar/") and not shared.match(link)}
    assert len(english_twin) <= 1 and all(re.search(r'hreflang="en" href="' + re.escape(link), page) for link in english_twin)
    assert not any("/ar/ar/" in link for link in links)


async def test_arabic_home_without_slash_redirects(real_datasette):
    response = await real_datasette.client.get("/ar")
    assert response.status_code == 302
    assert response.headers["location"] == "/ar/"


async def test_interface_text_is_arabic_on_arabic_pages(real_datasette):
    english = (await real_datasette.client.get(f"/tracker/events/{EVENT}")).text
    arabic = (await real_datasette.client.get(f"/ar/tracker/events/{EVENT}")).text
    assert "Cite this row" in english and "Cite this row" not in arabic
    assert "الاستشهاد بهذا الصف" in arabic and "الاستشهاد بهذا الصف" not in english
    # The English row URL stays the permanent citation on the Arabic page.
    assert re.search(rf'class="permalink" href="[^"]*/tracker/events/{EVENT}"', arabic)
    assert f"/ar/tracker/events/{EVENT}" not in re.search(r'class="permalink" href="([^"]*)"', arabic).group(1)


async def test_arabic_plural_forms(real_datasette):
    page = (await real_datasette.client.get("/ar/tracker/actors/donald-trump")).text
    counts = re.findall(r"<li><a href=\"/ar/tracker/[a-z_]+\?[^\"]+\">([^<]+)</a>", page)
    assert counts and all(re.fullmatch(r"\d+ صفوف|\d+ صفًّا|\d+ صف|صف واحد|صفّان|لا صفوف", c) for c in counts)


async def test_response_cache_keeps_the_languages_apart(real_datasette):
    for _ in range(2):
        english = await real_datasette.client.get("/tracker/locations")
        arabic = await real_datasette.client.get("/ar/tracker/locations")
        assert '<html lang="en"' in english.text and '<html lang="ar"' in arabic.text
    assert english.headers.get("x-tracker-cache") == arabic.headers.get("x-tracker-cache") == "hit"


def test_every_field_and_vocabulary_value_is_declared_in_both_languages():
    package = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        assert resource.get("title_ar") and resource.get("description_ar"), resource["name"]
        for field in resource["schema"]["fields"]:
            where = f"{resource['name']}.{field['name']}"
            assert field.get("title_ar") and field.get("description_ar"), where
            enum = field.get("constraints", {}).get("enum")
            if enum:
                assert set(field.get("labels", {})) == set(enum), where
                assert all(label.get("en") and label.get("ar") for label in field["labels"].values()), where


async def test_vocabulary_values_and_column_titles_read_in_arabic(real_datasette):
    english = (await real_datasette.client.get("/tracker/events?event_type=lethal_strike")).text
    arabic = (await real_datasette.client.get("/ar/tracker/events?event_type=lethal_strike")).text
    assert '<span title="lethal_strike">ضربة قاتلة</span>' in arabic
    assert '<td class="col-event_type type-str">lethal_strike</td>' in english
    facet = re.search(r'id="facet-event_type".*?</div>', arabic, re.S).group(0)
    assert "<strong>نوع الحدث" in facet and '<bdi dir="auto">ضربة قاتلة</bdi>' in facet
    row = (await real_datasette.client.get(f"/ar/tracker/events/{EVENT}")).text
    assert re.search(r'<th scope="row" title="أبكر تاريخ ممكن للحدث[^"]*">التاريخ \(البداية\)', row)
    assert '<span title="2025-09-02">2 سبتمبر 2025</span>' in row


async def test_map_popups_are_arabic_on_the_arabic_map(real_datasette):
    query = "?_size=max&_labels=on&_shape=objects&event_type=lethal_strike"
    english = (await real_datasette.client.get("/tracker/events_map.json" + query)).json()["rows"]
    arabic = (await real_datasette.client.get("/ar/tracker/events_map.json" + query)).json()["rows"]
    assert [row["event_id"] for row in english] == [row["event_id"] for row in arabic]
    first_en, first_ar = json.loads(english[0]["popup"]), json.loads(arabic[0]["popup"])
    assert first_en["title"] == english[0]["title_en"] and first_ar["title"] == arabic[0]["title_ar"]
    assert first_ar["description"].startswith("ضربة قاتلة · ") and first_ar["link"] == "/ar" + first_en["link"]


def test_code_in_arabic_text_is_isolated_left_to_right_and_escaped():
    from plugins.i18n import isolate_code

    assert str(isolate_code("المكان (locations.location_id) و'retracted' <b>")) == (
        'المكان (<bdi dir="ltr" translate="no">locations.location_id</bdi>) و&#39;'
        '<bdi dir="ltr" translate="no">retracted</bdi>&#39; &lt;<bdi dir="ltr" translate="no">b</bdi>&gt;'
    )


async def test_error_pages_speak_the_language_of_their_address(real_datasette):
    arabic = await real_datasette.client.get("/ar/tracker/no-such-table")
    english = await real_datasette.client.get("/tracker/no-such-table")
    assert arabic.status_code == english.status_code == 404
    assert '<html lang="ar" dir="rtl">' in arabic.text and "<h1>خطأ 404</h1>" in arabic.text
    assert '<html lang="en" dir="ltr">' in english.text and "<h1>Error 404</h1>" in english.text
