"""/-/timeline: events per month by kind, and the strike campaign's cumulative toll, drawn as
server-side SVG (no script, nothing loaded from elsewhere) on one true time axis: a month's bar
spans that month, a strike sits at its date, so gaps in time look like gaps. Each month's bar is a
link to that month's events."""

from datetime import date

from datasette import hookimpl
from datasette.utils.asgi import Response


def N_(message):
    """Marks a label for the message catalog (scripts/update_catalog.py); the template translates it."""
    return message


GROUPS = [
    (N_("Strikes on boats"), "#b03a2e", {"lethal_strike"}),
    (N_("Military operations and deployments"), "#a04000", {"military_operation", "military_deployment"}),
    (N_("Arrests and transfers"), "#7d3c98", {"capture_or_arrest", "transfer_of_custody"}),
    (
        N_("Law and policy"),
        "#2c3e50",
        {"designation", "executive_order", "legal_opinion", "policy_proposal", "legislative_action", "agreement"},
    ),
    (N_("Calls and meetings"), "#1e8449", {"phone_call", "meeting"}),
    (N_("Statements and reports"), "#2471a3", {"statement", "press_conference", "interview", "media_report", "protest"}),
]
WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 900, 290, 64, 16, 14, 62
PLOT_BOTTOM = HEIGHT - BOTTOM


def group_of(event_type):
    return next((i for i, (_, _, types) in enumerate(GROUPS) if event_type in types), len(GROUPS) - 1)


def next_month(year, month):
    return (year + 1, 1) if month == 12 else (year, month + 1)


def month_range(first, last):
    year, month = int(first[:4]), int(first[5:7])
    while f"{year:04d}-{month:02d}" <= last:
        yield f"{year:04d}-{month:02d}"
        year, month = next_month(year, month)


class TimeAxis:
    """x positions on a calendar: from the first day of the first month to the end of the last."""

    def __init__(self, first_month, last_month):
        self.start = date(int(first_month[:4]), int(first_month[5:7]), 1)
        self.end = date(*next_month(int(last_month[:4]), int(last_month[5:7])), 1)

    def x(self, day):
        if isinstance(day, str):
            day = date.fromisoformat(day[:10])
        share = (day - self.start).days / max((self.end - self.start).days, 1)
        return LEFT + share * (WIDTH - LEFT - RIGHT)

    def month_x(self, month):
        return self.x(f"{month}-01")

    def month_end_x(self, month):
        return self.x(date(*next_month(int(month[:4]), int(month[5:7])), 1))


def nice_ticks(peak, most=5):
    """0 and round steps (1, 2 or 5 times a power of ten) up to at least peak."""
    if peak <= 0:
        return [0]
    step = 1
    while peak / step > most - 1:
        for factor in (2, 2.5, 2):  # 1 -> 2 -> 5 -> 10 -> 20 -> 50 …
            step = int(step * factor)
            if peak / step <= most - 1:
                break
    top = -(-peak // step) * step
    return list(range(0, top + 1, step))


def month_labels(axis, months):
    """Month ticks, thinned so that labels never crowd (at most about 18)."""
    every = next(n for n in (1, 2, 3, 6, 12, 24, 60) if len(months) / n <= 18)
    return [{"x": axis.month_x(m), "text": m} for m in months if (int(m[5:7]) - 1) % every == 0]


def monthly_bars(axis, months, rows, peak):
    """rows: (month, event_type, n). One column a month, its kinds stacked."""
    counts = {}
    for month, event_type, n in rows:
        counts[(month, group_of(event_type))] = counts.get((month, group_of(event_type)), 0) + n
    columns = []
    for month in months:
        x, right = axis.month_x(month), axis.month_end_x(month)
        y, rects, total = PLOT_BOTTOM, [], 0
        for g, (label, colour, _) in enumerate(GROUPS):
            n = counts.get((month, g), 0)
            if not n:
                continue
            h = n / peak * (PLOT_BOTTOM - TOP)
            y -= h
            total += n
            rects.append({"y": y, "h": h, "fill": colour, "label": label, "n": n})
        columns.append({"month": month, "x": x + 1, "w": max(right - x - 2, 1), "rects": rects, "total": total})
    return columns


def cumulative_points(axis, rows, peak):
    """rows: (date, killed_low, killed_high) of strikes in date order. Step lines: the toll rises on the day of a strike."""
    low = high = 0
    low_points, high_points = [], []
    for day, killed_low, killed_high in rows:
        x = axis.x(day)
        for points, value in ((low_points, low), (high_points, high)):
            points.append((x, value))
        low += killed_low or 0
        high += killed_high if killed_high is not None else (killed_low or 0)
        low_points.append((x, low))
        high_points.append((x, high))

    def line(points):
        return " ".join(f"{x:.1f},{PLOT_BOTTOM - v / peak * (PLOT_BOTTOM - TOP):.1f}" for x, v in points)

    return line(low_points), line(high_points), low, high


def y_ticks(ticks):
    top = ticks[-1] or 1
    return [{"y": PLOT_BOTTOM - t / top * (PLOT_BOTTOM - TOP), "text": f"{t:,}"} for t in ticks]


async def timeline_page(datasette, request):
    db = datasette.get_database("tracker")
    monthly = [
        tuple(r)
        for r in await db.execute(
            "select substr(date_start, 1, 7), event_type, count(*) from events where status = 'active' group by 1, 2 order by 1"
        )
    ]
    strikes = [
        tuple(r)
        for r in await db.execute(
            "select date_start, killed_low, killed_high from events where event_type = 'lethal_strike' and status = 'active' order by date_start, event_id"
        )
    ]
    context = {"size": {"width": WIDTH, "height": HEIGHT, "left": LEFT, "right": RIGHT, "top": TOP, "bottom": PLOT_BOTTOM}}
    context["groups"] = [(label, colour) for label, colour, _ in GROUPS]
    context["strike_count"] = len(strikes)
    if monthly:
        months = list(month_range(monthly[0][0], monthly[-1][0]))
        axis = TimeAxis(months[0], months[-1])
        totals = {}
        for month, _, n in monthly:
            totals[month] = totals.get(month, 0) + n
        bar_ticks = nice_ticks(max(totals.values()))
        context["months"] = month_labels(axis, months)
        context["columns"] = monthly_bars(axis, months, monthly, bar_ticks[-1])
        context["bar_ticks"] = y_ticks(bar_ticks)
        if strikes:
            high_total = sum(h if h is not None else (low or 0) for _, low, h in strikes)
            killed_ticks = nice_ticks(high_total)
            low_line, high_line, low, high = cumulative_points(axis, strikes, killed_ticks[-1])
            context.update(low_line=low_line, high_line=high_line, killed_low=low, killed_high=high)
            context["killed_ticks"] = y_ticks(killed_ticks)
    return Response.html(await datasette.render_template("timeline_chart.html", context, request=request))


@hookimpl
def register_routes():
    return [(r"^/-/timeline$", timeline_page)]
