"""The timeline chart: a true time axis, labelled axes, each month's bar a link to that month's events."""

import re
from datetime import date

from plugins.timeline_chart import LEFT, RIGHT, WIDTH, TimeAxis, month_labels, nice_ticks


def test_time_axis_spaces_by_calendar_days():
    axis = TimeAxis("2025-09", "2025-11")  # 1 September to 1 December: 91 days
    span = WIDTH - LEFT - RIGHT
    assert axis.x("2025-09-01") == LEFT
    assert axis.x(date(2025, 12, 1)) == WIDTH - RIGHT
    assert abs(axis.x("2025-10-01") - (LEFT + 30 / 91 * span)) < 1e-9
    # Two strikes a day apart sit a day apart, wherever they fall in the list.
    assert abs((axis.x("2025-11-03") - axis.x("2025-11-02")) - span / 91) < 1e-9


def test_ticks_are_round_and_cover_the_peak():
    assert nice_ticks(0) == [0]
    assert nice_ticks(4) == [0, 1, 2, 3, 4]
    assert nice_ticks(20) == [0, 5, 10, 15, 20]
    assert nice_ticks(181) == [0, 50, 100, 150, 200]
    assert nice_ticks(99_999)[-1] >= 99_999 and len(nice_ticks(99_999)) <= 5


def test_month_labels_thin_out_over_long_spans():
    months = [f"{y}-{m:02d}" for y in range(2020, 2026) for m in range(1, 13)]
    labels = month_labels(TimeAxis(months[0], months[-1]), months)
    assert len(labels) <= 18 and labels[0]["text"] == "2020-01"


async def test_timeline_page_links_each_month_and_places_strikes_on_their_dates(minimal_datasette):
    html = (await minimal_datasette.client.get("/-/timeline")).text
    # The fixture: a strike on 2025-09-02 and a statement on 2025-11-17.
    links = re.findall(r'<a href="(/tracker/timeline\?month=[^"]+)"', html)
    assert links == ["/tracker/timeline?month=2025-09&amp;status=active", "/tracker/timeline?month=2025-11&amp;status=active"] * 2
    for link in set(links):
        page = (await minimal_datasette.client.get(link.replace("&amp;", "&").replace("?", ".json?"))).json()
        assert page["filtered_table_rows_count"] == 1
    assert "<title>2025-09: 1&#10;1 × Strikes on boats</title>" in html
    assert "Month (first day marked)" in html and "People killed, cumulative" in html
    axis = TimeAxis("2025-09", "2025-11")
    first_step = re.search(r'<polyline points="([\d.]+),', html).group(1)
    assert float(first_step) == round(axis.x("2025-09-02"), 1)
