"""Nothing a client sends changes what another client receives from the response cache."""

import pytest

from tests.request_fuzz import HEADER_VALUES

# Pages whose bodies Datasette writes from the request's address: the JSON next_url, and the
# alternate-JSON link of HTML pages.
PAGES = ["/tracker/events.json?_size=3", "/tracker/events?_size=3", "/tracker/events/2025-09-02-boat-strike-caribbean"]


@pytest.mark.parametrize("path", PAGES)
async def test_a_forged_host_only_ever_reaches_its_sender(real_datasette, path):
    path += ("&" if "?" in path else "?") + "_poison=host"  # a URL no other test has put in the cache
    forged = await real_datasette.client.get(path, headers={"host": "evil.example"})
    if path.startswith("/tracker/events."):
        assert "http://evil.example/" in forged.text  # Datasette really does write the Host into this page
    for _ in range(2):
        plain = await real_datasette.client.get(path)
        assert "evil.example" not in plain.text
    again = await real_datasette.client.get(path, headers={"host": "EVIL.example:80"})
    assert again.headers.get("x-tracker-cache") == "hit" and again.content == forged.content


def without_timing(response):
    return {key: value for key, value in response.json().items() if key != "query_ms"}


@pytest.mark.parametrize("header", sorted(HEADER_VALUES))
async def test_no_request_header_changes_what_the_next_client_gets(real_datasette, header):
    for value in HEADER_VALUES[header]:
        path = f"/tracker/events.json?_size=2&_poison={header}"
        await real_datasette.client.get(path, headers={header: value})
        cached = await real_datasette.client.get(path)
        rendered = await real_datasette.client.get(path, cookies={"fresh": "1"})  # the cache never answers cookies
        assert without_timing(cached) == without_timing(rendered), (header, value)
