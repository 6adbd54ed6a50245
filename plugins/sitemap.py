"""/sitemap.xml: the home page and every row's permanent URL, with the date of its last change in a
release and its Arabic page as an alternate, so that search engines find each row; /robots.txt
points crawlers at it."""

import json
import sys
from pathlib import Path

from datasette import hookimpl
from datasette.plugins import pm
from datasette.utils import tilde_encode
from datasette.utils.asgi import NotFound, Response

# Datasette loads plugins/ by file path: the project root, home of tracker/, must be made importable.
sys.path.append(str(Path(__file__).resolve().parent.parent))
from tracker.addresses import site_url  # noqa: E402
from tracker.discovery import SITEMAP_LIMIT, permalink_tables, sitemap, sitemap_index  # noqa: E402

ARABIC_PREFIX = "/ar"


async def keyed_tables(datasette):
    package = pm.get_plugin("package.py").package_paths(datasette)[0]
    db = datasette.get_database("tracker")
    return [(table, (await db.primary_keys(table))[0]) for table in permalink_tables(json.loads(package.read_text(encoding="utf-8")))]


async def row_count(datasette):
    db = datasette.get_database("tracker")
    return sum([(await db.execute(f"select count(*) from [{table}]")).first()[0] for table, _ in await keyed_tables(datasette)])


async def row_urls(datasette, site, offset, limit):
    tables = await keyed_tables(datasette)
    rows = " union all ".join(f"select '{table}' as table_name, [{key}] as row_key from [{table}]" for table, key in tables)
    sql = f"""select r.table_name, r.row_key, h.lastmod from ({rows}) r
    left join (select table_name, row_key, max(released) as lastmod from row_history group by table_name, row_key) h
      on h.table_name = r.table_name and h.row_key = r.row_key
    order by r.table_name, r.row_key limit {int(limit)} offset {int(offset)}"""
    # 50,000 rows sorted out of every table: more than the 2 s that pages get at 100,000 events on a busy machine.
    for row in await datasette.get_database("tracker").execute(sql, custom_time_limit=20_000):
        path = f"/tracker/{row['table_name']}/{tilde_encode(row['row_key'])}"
        yield site + path, row["lastmod"], {"en": site + path, "ar": site + ARABIC_PREFIX + path}


async def sitemap_xml(datasette, request):
    """One file while the rows fit the protocol's limit; otherwise an index of numbered files."""
    site = site_url(datasette, request)
    total = await row_count(datasette) + 1
    if total > SITEMAP_LIMIT:
        pages = range(1, (total - 1) // SITEMAP_LIMIT + 2)
        return Response(sitemap_index([f"{site}/sitemap-{n}.xml" for n in pages]), content_type="application/xml; charset=utf-8")
    home = (site + "/", None, {"en": site + "/", "ar": site + ARABIC_PREFIX + "/"})
    urls = [home] + [url async for url in row_urls(datasette, site, 0, SITEMAP_LIMIT)]
    return Response(sitemap(urls), content_type="application/xml; charset=utf-8")


async def sitemap_page(datasette, request):
    site, number = site_url(datasette, request), int(request.url_vars["number"])
    urls = [url async for url in row_urls(datasette, site, (number - 1) * SITEMAP_LIMIT, SITEMAP_LIMIT)]
    if number < 1 or not urls:
        raise NotFound("No such sitemap file")
    return Response(sitemap(urls), content_type="application/xml; charset=utf-8")


async def robots_txt(datasette, request):
    # Crawlers find the sitemap here; every page may be crawled.
    return Response.text(f"User-agent: *\nDisallow:\nSitemap: {site_url(datasette, request)}/sitemap.xml\n")


@hookimpl
def register_routes():
    return [
        (r"^/sitemap\.xml$", sitemap_xml),
        (r"^/sitemap-(?P<number>[1-9][0-9]{0,5})\.xml$", sitemap_page),
        (r"^/robots\.txt$", robots_txt),
    ]
