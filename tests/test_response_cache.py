from plugins.response_cache import ResponseCache


async def test_a_page_is_rendered_once_and_served_again(minimal_datasette):
    first = await minimal_datasette.client.get("/tracker/events/2025-09-02-fixture-strike")
    second = await minimal_datasette.client.get("/tracker/events/2025-09-02-fixture-strike")
    assert "x-tracker-cache" not in first.headers
    assert second.headers["x-tracker-cache"] == "hit"
    assert second.content == first.content
    assert second.headers["content-security-policy"] == first.headers["content-security-policy"]
    other = await minimal_datasette.client.get("/tracker/events/2025-09-02-fixture-strike?_extra=1")
    assert "x-tracker-cache" not in other.headers


async def test_errors_and_requests_with_cookies_are_not_cached(minimal_datasette):
    for _ in range(2):
        missing = await minimal_datasette.client.get("/tracker/events/no-such-event")
        assert missing.status_code == 404 and "x-tracker-cache" not in missing.headers
        with_cookie = await minimal_datasette.client.get("/tracker/events", cookies={"ds_actor": "x"})
        assert "x-tracker-cache" not in with_cookie.headers


def test_the_cache_is_bounded_in_bytes():
    cache = ResponseCache(max_bytes=10)
    cache.put("a", 200, [], b"12345")
    cache.put("b", 200, [], b"12345")
    cache.get("a")
    cache.put("c", 200, [], b"12345")
    assert cache.get("b") is None and cache.get("a") and cache.get("c")
    assert cache.size == 10
