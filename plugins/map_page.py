"""Map pages (events_map, locations) start with the map: its legend, what the points mean, and a word
on the events that have no place and so are not on it."""

from datasette import hookimpl

MAP_TABLES = {"events_map", "locations"}
UNPLACED = "select count(*) from events where location_id is null and status = 'active'"
_unplaced = {}


@hookimpl
def extra_template_vars(view_name, database, table, datasette):
    if view_name != "table" or database != "tracker" or table not in MAP_TABLES:
        return {}

    async def inner():
        # The database is immutable: one count per process.
        if datasette not in _unplaced:
            _unplaced[datasette] = (await datasette.get_database("tracker").execute(UNPLACED)).first()[0]
        return {"map_page": {"events_without_place": _unplaced[datasette]}}

    return inner
