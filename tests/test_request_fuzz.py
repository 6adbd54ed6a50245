"""Nothing a stranger sends gets a 500, a traceback, its own markup back in a page, or a response
without the security headers: a seeded, bounded fuzz run over every route, parameter and method,
and one named case for each class of fault the long runs found."""

import json
import urllib.parse

import pytest
from datasette.app import Datasette

from tests.request_fuzz import SECURITY_HEADERS, problems, run

# The suite's share of the fuzzing: about 35 seconds. bench/fuzz_requests.py runs the long one.
SEED, CASES, SECONDS = 20261201, 3000, 35


@pytest.fixture(scope="module")
async def quick_datasette(real_site):
    """The real site with a 200 ms SQL time limit: runaway queries, and the rest of the own-SQL slot
    after each, cost a tenth of the time, so the suite's seconds go to many more cases."""
    settings = {**json.loads((real_site / "settings.json").read_text()), "sql_time_limit_ms": 200}
    datasette = Datasette(config_dir=real_site, settings=settings)
    await datasette.invoke_startup()
    return datasette


async def test_hostile_requests_get_no_5xx_no_traceback_no_reflected_markup(quick_datasette):
    statuses, found, sent = await run(quick_datasette, SEED, CASES, SECONDS)
    # 1,011 requests at load average 12 on the 2-processor machine; far fewer means the site slowed down.
    assert sent >= 300, f"only {sent} requests in {SECONDS} s"
    assert not found, {problem: examples[:3] for problem, examples in found.items()}
    # The run really reached pages, errors and refusals, not only one kind of answer.
    assert statuses[200] and statuses[400] and statuses[404] and statuses[405]


# One URL per class of 500 that Datasette 0.65 gave for bad input, with the message now given.
BAD_INPUT = {
    "/tracker/events.json?event_id__in=%5B": "malformed JSON",
    "/tracker/events.json?_through=xx": "malformed JSON",
    '/tracker/events.json?_through={"table":"actors"}': "_through parameter is incomplete",
    "/tracker/events.json?_timelimit=abc": "whole number",
    "/tracker/events_map.json?_next=garbage": "whole number",
    "/tracker/events_map.json?_sort=nope": "Cannot sort table by nope",
    "/tracker/events.json?_sort=nope": "Cannot sort table by nope",
    "/tracker/locations.json?_sort=name_en&_sort_desc=name_en": "Cannot use _sort and _sort_desc",
    "/tracker/events.json?_json_infinity=maybe": "on or off",
    "/tracker/sources.json?source_id__gt=999999999999999999999999999999": "out of range",
    "/tracker.csv": "no rows to export here",
    "/tracker.json?_shape=array": "no rows to export here",
    "/tracker.csv?sql=select nope_column": "no such column: nope_column",  # was a 200 with an empty file
    "/tracker.csv?sql=with recursive r(i) as (select 1 union all select i %2B 1 from r) select count(*) from r": "took too long",
}


@pytest.mark.parametrize("path", list(BAD_INPUT))
async def test_each_class_of_bad_input_gets_a_400_with_a_short_message(real_datasette, path):
    response = await real_datasette.client.get(path)
    assert response.status_code == 400, response.text[:300]
    assert BAD_INPUT[path] in response.text
    assert "Traceback" not in response.text and "invalid literal" not in response.text


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "TRACE", "FOO", "PROPFIND"])
@pytest.mark.parametrize(
    "path",
    ["/tracker/events", "/tracker/search", "/-/timeline", "/-/datapackage.json", "/-/datapackage.zip", "/-/data/events.csv", "/-/logout"],
)
async def test_every_route_refuses_methods_it_does_not_serve(real_datasette, method, path):
    response = await real_datasette.client.request(method, path)
    assert response.status_code == 405, response.text[:200]
    assert response.headers["allow"] == "GET, HEAD, OPTIONS"
    assert all(name in response.headers for name in SECURITY_HEADERS)


async def test_head_and_options_are_answered(real_datasette):
    head = await real_datasette.client.request("HEAD", "/-/timeline")
    assert head.status_code == 200 and head.content == b""
    options = await real_datasette.client.request("OPTIONS", "/tracker/events")
    assert options.status_code == 204 and options.headers["allow"] == "GET, HEAD, OPTIONS"


def test_the_checks_of_the_fuzzer_catch_what_they_should():
    html = {"content-type": "text/html; charset=utf-8", **{name: "x" for name in SECURITY_HEADERS}}
    assert problems("GET", "/", 200, html, b"ok", "<fz1>") == []
    assert problems("GET", "/", 500, html, b"", "<fz1>") == ["status 500"]
    assert problems("GET", "/", 400, html, b'Traceback (most recent call last):\n  File "/x.py"', "<fz1>") == ["traceback text"]
    assert problems("GET", "/", 400, html, b"no such column <fz1>", "<fz1>") == ["request markup reflected unescaped"]
    assert problems("GET", "/", 400, html, urllib.parse.quote("<fz1>").encode() + b" &lt;fz1&gt;", "<fz1>") == []
    assert problems("GET", "/", 200, {"content-type": "text/html"}, b"", "<fz1>") == ["missing " + ", ".join(SECURITY_HEADERS)]
