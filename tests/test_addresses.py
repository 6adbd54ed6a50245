"""Permalinks, citations and the package's homepage name the site's real address, never a fixed host,
and nothing a client sends can change what another client gets."""

import pytest

ROW = "/tracker/events/2025-11-17-fixture-statement"


@pytest.fixture
def no_site_url(monkeypatch):
    monkeypatch.delenv("TRACKER_SITE_URL", raising=False)


async def permalink_of(datasette, headers=None):
    html = (await datasette.client.get(ROW, headers=headers or {})).text
    start = html.index('<a class="permalink" href="') + len('<a class="permalink" href="')
    return html[start : html.index('"', start)]


async def test_addresses_follow_the_request_when_no_site_url_is_set(minimal_datasette, no_site_url):
    assert await permalink_of(minimal_datasette, {"host": "tracker.example.org"}) == "http://tracker.example.org" + ROW
    package = (await minimal_datasette.client.get("/-/datapackage.json", headers={"host": "tracker.example.org"})).json()
    assert package["homepage"] == "http://tracker.example.org/"


async def test_a_hostile_host_header_reaches_no_other_client(minimal_datasette, no_site_url):
    # The response cache keeps rendered pages: the first visitor's Host must not answer the second.
    assert "evil.example" in await permalink_of(minimal_datasette, {"host": "evil.example"})
    assert await permalink_of(minimal_datasette) == "http://localhost" + ROW
    assert "evil.example" not in (await minimal_datasette.client.get(ROW)).text


async def test_site_url_wins_over_the_request(minimal_datasette, monkeypatch):
    monkeypatch.setenv("TRACKER_SITE_URL", "https://tracker.example.org/")
    assert await permalink_of(minimal_datasette, {"host": "evil.example"}) == "https://tracker.example.org" + ROW
    html = (await minimal_datasette.client.get(ROW, headers={"host": "evil.example"})).text
    assert "evil.example" not in html.split('id="cite"')[1]
    package = (await minimal_datasette.client.get("/-/datapackage.json")).json()
    assert package["homepage"] == "https://tracker.example.org/"


def test_no_page_names_a_fixed_host():
    from tests.conftest import ROOT

    for path in ["metadata.yml", "datapackage.json", "plugins/citation.py", "templates/row.html"]:
        assert "127.0.0.1:8001" not in (ROOT / path).read_text(encoding="utf-8"), path
