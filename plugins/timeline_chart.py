"""/-/timeline: events per month by kind, and the strike campaign's cumulative toll, drawn as
server-side SVG (no script, nothing loaded from elsewhere)."""

from datasette import hookimpl
from datasette.utils.asgi import Response

GROUPS = [
    ("Strikes on boats", "#c0392b", {"lethal_strike"}),
    ("Military operations and deployments", "#e67e22", {"military_operation", "military_deployment"}),
    ("Arrests and transfers", "#8e44ad", {"capture_or_arrest", "transfer_of_custody"}),
    (
        "Law and policy",
        "#2c3e50",
        {"designation", "executive_order", "legal_opinion", "policy_proposal", "legislative_action", "agreement"},
    ),
    ("Calls and meetings", "#27ae60", {"phone_call", "meeting"}),
    ("Statements and reports", "#2980b9", {"statement", "press_conference", "interview", "media_report", "protest"}),
]
WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 900, 260, 40, 40, 10


def group_of(event_type):
    return next((i for i, (_, _, types) in enumerate(GROUPS) if event_type in types), len(GROUPS) - 1)


def month_range(first, last):
    year, month = int(first[:4]), int(first[5:7])
    while f"{year:04d}-{month:02d}" <= last:
        yield f"{year:04d}-{month:02d}"
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def monthly_bars(rows):
    """rows: (month, event_type, n). Returns months, stacked rectangles and the y-axis maximum."""
    if not rows:
        return [], [], 0
    months = list(month_range(min(r[0] for r in rows), max(r[0] for r in rows)))
    counts = {}
    for month, event_type, n in rows:
        key = (month, group_of(event_type))
        counts[key] = counts.get(key, 0) + n
    peak = max(sum(counts.get((m, g), 0) for g in range(len(GROUPS))) for m in months)
    slot = (WIDTH - LEFT) / len(months)
    rects = []
    for i, month in enumerate(months):
        y = HEIGHT - BOTTOM
        for g, (label, colour, _) in enumerate(GROUPS):
            n = counts.get((month, g), 0)
            if not n:
                continue
            h = n / peak * (HEIGHT - BOTTOM - TOP)
            y -= h
            rects.append(
                {"x": LEFT + i * slot + 1, "y": y, "w": max(slot - 2, 1), "h": h, "fill": colour, "title": f"{month}: {n} × {label}"}
            )
    labels = [{"x": LEFT + i * slot + slot / 2, "text": m} for i, m in enumerate(months)]
    return labels, rects, peak


def cumulative_line(rows):
    """rows: (date, killed_low, killed_high) of strikes in date order. Returns two polylines and the maximum."""
    if not rows:
        return "", "", 0, []
    low = high = 0
    points = []
    for date, killed_low, killed_high in rows:
        low += killed_low or 0
        high += killed_high if killed_high is not None else (killed_low or 0)
        points.append((date, low, high))
    peak = max(high, 1)
    n = len(points)

    def xy(i, value):
        x = LEFT + (i / max(n - 1, 1)) * (WIDTH - LEFT - 10)
        return f"{x:.1f},{HEIGHT - BOTTOM - value / peak * (HEIGHT - BOTTOM - TOP):.1f}"

    low_line = " ".join(xy(i, p[1]) for i, p in enumerate(points))
    high_line = " ".join(xy(i, p[2]) for i, p in enumerate(points))
    ticks = [{"x": LEFT + (i / max(n - 1, 1)) * (WIDTH - LEFT - 10), "text": points[i][0]} for i in sorted({0, n // 2, n - 1})]
    return low_line, high_line, peak, ticks


async def timeline_page(datasette, request):
    db = datasette.get_database("tracker")
    monthly = await db.execute(
        "select substr(date_start, 1, 7), event_type, count(*) from events where status = 'active' group by 1, 2 order by 1"
    )
    strikes = await db.execute(
        "select date_start, killed_low, killed_high from events where event_type = 'lethal_strike' and status = 'active' order by date_start, event_id"
    )
    labels, rects, peak = monthly_bars([tuple(r) for r in monthly])
    low_line, high_line, killed_peak, ticks = cumulative_line([tuple(r) for r in strikes])
    context = {
        "size": {"width": WIDTH, "height": HEIGHT, "left": LEFT, "bottom": BOTTOM, "top": TOP},
        "groups": [(label, colour) for label, colour, _ in GROUPS],
        "labels": labels,
        "rects": rects,
        "peak": peak,
        "low_line": low_line,
        "high_line": high_line,
        "killed_peak": killed_peak,
        "ticks": ticks,
        "strike_count": len(strikes.rows),
    }
    return Response.html(await datasette.render_template("timeline_chart.html", context, request=request))


@hookimpl
def register_routes():
    return [(r"^/-/timeline$", timeline_page)]
