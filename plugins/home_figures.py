"""Key figures for the home page, computed from the data once per process: the database is immutable,
so they always match the build, and at 100,000 events computing them on every visit took 0.3 s."""

from datasette import hookimpl

FIGURES = {
    "events": "select count(*) from events where status = 'active'",
    "strikes": "select count(*) from events where event_type = 'lethal_strike' and status = 'active'",
    "killed_low": "select coalesce(sum(killed_low), 0) from events where event_type = 'lethal_strike' and status = 'active'",
    "killed_high": "select coalesce(sum(coalesce(killed_high, killed_low)), 0) from events where event_type = 'lethal_strike' and status = 'active'",
    "quotes": "select count(*) from quotes where status = 'active'",
    "statistics": "select count(*) from statistics where status = 'active'",
    "sources": "select count(*) from sources where status = 'active'",
    "citations": "select count(*) from citations where status = 'active'",
    "first_date": "select min(date_start) from events where status = 'active'",
    "last_date": "select max(date_end) from events where status = 'active'",
}


_computed = {}


@hookimpl
def extra_template_vars(view_name, datasette):
    if view_name != "index" or "tracker" not in datasette.databases:
        return {}

    async def inner():
        if datasette not in _computed:
            db = datasette.get_database("tracker")
            _computed[datasette] = {name: (await db.execute(sql)).first()[0] for name, sql in FIGURES.items()}
        return {"figures": _computed[datasette]}

    return inner
