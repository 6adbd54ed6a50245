"""Every query is bounded in the size of what it makes and of what it returns, and leaks nothing
of the server: a single SQLite step can no longer run past the time limit or fill the memory."""

import asyncio
import time
import urllib.parse

import pytest

from plugins.query_limits import MAX_RESULT_BYTES, MAX_VALUE_BYTES


async def query(datasette, sql, extension=".json"):
    # Own SQL takes turns, and the turn rests after a long query of an earlier test: wait for the
    # turn with a trivial query (whose rest is a few milliseconds), so that only this query is timed.
    await datasette.client.get("/tracker.json?sql=select+1")
    await asyncio.sleep(0.05)
    started = time.monotonic()
    response = await datasette.client.get(f"/tracker{extension}?sql=" + urllib.parse.quote(sql))
    return response, time.monotonic() - started


@pytest.mark.parametrize(
    "sql",
    [
        "select count(*) from events where length(randomblob(50000000)) > 0",  # one slow step per row: 15 s past the limit before
        "select zeroblob(200000000)",  # 1.2 GB of JSON before
        "select length(replace(printf('%.*c', 1001, 'x'), 'x', printf('%.*c', 1001, 'y')))",
        "select group_concat(printf('%.*c', 100000, 'x')) from citations",
    ],
)
async def test_no_value_can_outgrow_the_limit(real_datasette, sql):
    response, seconds = await query(real_datasette, sql)
    assert response.status_code == 400
    assert "string or blob too big" in response.json()["error"]
    assert seconds < 1


async def test_a_query_returning_too_much_is_stopped(real_datasette):
    # Each value is under the limit; together they are more than the budget of one query.
    rows = MAX_RESULT_BYTES // MAX_VALUE_BYTES + 2
    response, seconds = await query(real_datasette, f"select zeroblob({MAX_VALUE_BYTES}) from citations limit {rows}")
    assert response.status_code == 400
    assert "Query result too large" in response.json()["error"]
    assert seconds < 2
    fits, _ = await query(real_datasette, f"select zeroblob({MAX_VALUE_BYTES}) from citations limit 2")
    assert fits.status_code == 200 and len(fits.json()["rows"]) == 2


async def test_a_table_page_under_the_budget_is_whole(real_datasette):
    response = await real_datasette.client.get("/tracker/citations.json?_size=max&_shape=array")
    assert response.status_code == 200
    assert len(response.json()) == min(
        1000, (await real_datasette.get_database("tracker").execute("select count(*) from citations")).first()[0]
    )


async def test_fts3_tokenizer_is_refused(real_datasette):
    response, _ = await query(real_datasette, "select fts3_tokenizer('simple')")
    assert response.status_code == 400
    assert "not authorized" in response.json()["error"]
    assert "$base64" not in response.text


async def test_the_database_path_is_not_shown(real_datasette, real_site):
    response, _ = await query(real_datasette, "select * from pragma_database_list")
    assert response.status_code == 200
    assert response.json()["rows"] == [[0, "main", None]]
    assert str(real_site) not in response.text


async def test_other_pragma_functions_still_answer(real_datasette):
    response, _ = await query(real_datasette, "select name from pragma_table_info('events') limit 1")
    assert response.json()["rows"] == [["event_id"]]


RUNAWAY = "with recursive r(i) as (select 1 union all select i + 1 from r) select count(*) from r"


async def test_requests_with_their_own_sql_take_turns_and_pages_do_not_wait(real_datasette):
    from plugins.query_limits import AD_HOC_WAITING

    async def timed(path):
        started = time.monotonic()
        response = await real_datasette.client.get(path)
        return response.status_code, time.monotonic() - started

    await asyncio.sleep(0.5)  # the slot rests after the other tests' queries
    runaway = "/tracker.json?_timelimit=300&sql=" + urllib.parse.quote(RUNAWAY)
    tasks = [asyncio.create_task(timed(runaway)) for _ in range(AD_HOC_WAITING + 3)]
    await asyncio.sleep(0.1)
    page_status, page_seconds = await timed("/tracker/events?_poison=turns")
    results = await asyncio.gather(*tasks)
    assert page_status == 200 and page_seconds < 1.5
    statuses = sorted(status for status, _ in results)
    # One runs, AD_HOC_WAITING wait their turn (each stopped at 300 ms), the rest are told to come back.
    assert statuses.count(400) == AD_HOC_WAITING + 1 and statuses.count(429) == 2, [r for r in results if r[0] != 400]
    slowest = max(seconds for status, seconds in results if status == 400)
    # They really ran one after another, the slot resting as long as each took (0.3 s) in between.
    assert slowest >= 0.3 * (2 * AD_HOC_WAITING + 1) * 0.9
