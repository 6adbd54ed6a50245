"""Row pages show what a row rests on: an event's actors, place, quotes, statistics and citations;
a quote's or statistic's citations. Citations show outlet, date, linked title and excerpt."""

from datasette import hookimpl
from datasette.utils import tilde_decode

CITATIONS = """
select c.citation_id, c.excerpt, c.locator, s.source_id, s.outlet, s.title, s.url, s.published_date, s.language
from citations c join sources s on s.source_id = c.source_id
where c.{column} = ? and c.status = 'active'
order by s.published_date, c.citation_id
"""
RELATED = {
    "events": {
        "actors": """select a.actor_id, a.name_en, a.name_ar, ea.role from event_actors ea
                     join actors a on a.actor_id = ea.actor_id where ea.event_id = ? order by ea.role, a.name_en""",
        "location": """select l.* from events e join locations l on l.location_id = e.location_id where e.event_id = ?""",
        "quotes": """select q.quote_id, q.text, q.text_language, q.text_en, q.text_ar, q.translation_note,
                     a.name_en as speaker, a.name_ar as speaker_ar from quotes q
                     join actors a on a.actor_id = q.speaker_id where q.event_id = ? order by q.said_date, q.quote_id""",
        "statistics": """select statistic_id, label_en, label_ar, value, value_qualifier, unit, statistic_kind from statistics
                         where event_id = ? order by statistic_id""",
    },
    "quotes": {
        "quote": """select text, text_language, text_en, text_ar, translation_note from quotes where quote_id = ?""",
        "speaker": """select a.actor_id, a.name_en, a.name_ar, a.role_en, a.role_ar from quotes q
                      join actors a on a.actor_id = q.speaker_id where q.quote_id = ?""",
    },
    "statistics": {
        "compare_with": """select o.statistic_id, o.label_en, o.label_ar, o.value, o.value_qualifier, o.unit, o.statistic_kind
                           from statistics s join statistics o on o.statistic_id = s.compare_with_id where s.statistic_id = ?""",
    },
}
CITED_BY = {"events": "event_id", "quotes": "quote_id", "statistics": "statistic_id"}


@hookimpl
def extra_template_vars(view_name, database, table, request, datasette):
    if view_name != "row" or database != "tracker" or table not in CITED_BY:
        return {}

    async def inner():
        db = datasette.get_database(database)
        row_id = tilde_decode(request.url_vars["pks"])
        related = {name: [dict(r) for r in await db.execute(sql, [row_id])] for name, sql in RELATED.get(table, {}).items()}
        related["citations"] = [dict(r) for r in await db.execute(CITATIONS.format(column=CITED_BY[table]), [row_id])]
        return {"related": related}

    return inner
