"""What lets feed readers, search engines and reference managers find and follow the data: Atom
feeds, the sitemap and the dataset's schema.org JSON-LD. Pure functions: the plugins hand them
rows and the site's public address (tracker/addresses.py)."""

import json
import xml.etree.ElementTree as ET

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"
# The sitemap protocol's limit of URLs per file; past it /sitemap.xml is an index of numbered files.
SITEMAP_LIMIT = 50_000
PUBLISHER = "US–Mexico Security Tracker contributors"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"


def permalink_tables(package):
    """The tables whose rows have a permanent URL of their own: one-column primary keys."""
    return [r["name"] for r in package["resources"] if isinstance(r["schema"]["primaryKey"], str)]


def timestamp(date_or_time):
    """An RFC 3339 time for Atom: a date is taken as midnight UTC."""
    value = date_or_time or "1970-01-01"
    return value + "T00:00:00Z" if len(value) == 10 else value.replace("+00:00", "Z")


def _element(parent, tag, text=None, **attributes):
    element = ET.SubElement(parent, tag, {k.rstrip("_"): v for k, v in attributes.items()})
    if text is not None:
        element.text = text
    return element


def atom_feed(title, feed_url, home_url, updated, entries):
    """An Atom feed; entries are dicts with id, title, link, updated, and optional published, summary, category."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _element(feed, f"{{{ATOM}}}id", feed_url)
    _element(feed, f"{{{ATOM}}}title", title)
    _element(feed, f"{{{ATOM}}}updated", timestamp(updated))
    _element(feed, f"{{{ATOM}}}link", rel="self", type="application/atom+xml", href=feed_url)
    _element(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=home_url)
    _element(_element(feed, f"{{{ATOM}}}author"), f"{{{ATOM}}}name", PUBLISHER)
    _element(feed, f"{{{ATOM}}}rights", "CC BY 4.0 (data); sources remain their publishers'.")
    for item in entries:
        entry = _element(feed, f"{{{ATOM}}}entry")
        _element(entry, f"{{{ATOM}}}id", item["id"])
        _element(entry, f"{{{ATOM}}}title", item["title"])
        _element(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=item["link"])
        if item.get("published"):
            _element(entry, f"{{{ATOM}}}published", timestamp(item["published"]))
        _element(entry, f"{{{ATOM}}}updated", timestamp(item["updated"]))
        if item.get("category"):
            _element(entry, f"{{{ATOM}}}category", term=item["category"])
        if item.get("summary"):
            _element(entry, f"{{{ATOM}}}summary", item["summary"])
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def sitemap(urls):
    """A sitemap: urls are (address, lastmod or None, {language: address of the page in it})."""
    ET.register_namespace("", SITEMAP)
    ET.register_namespace("xhtml", XHTML)
    urlset = ET.Element(f"{{{SITEMAP}}}urlset")
    for address, lastmod, languages in urls:
        url = _element(urlset, f"{{{SITEMAP}}}url")
        _element(url, f"{{{SITEMAP}}}loc", address)
        if lastmod:
            _element(url, f"{{{SITEMAP}}}lastmod", lastmod)
        for language, href in languages.items():
            _element(url, f"{{{XHTML}}}link", rel="alternate", hreflang=language, href=href)
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True)


def sitemap_index(addresses):
    ET.register_namespace("", SITEMAP)
    index = ET.Element(f"{{{SITEMAP}}}sitemapindex")
    for address in addresses:
        _element(_element(index, f"{{{SITEMAP}}}sitemap"), f"{{{SITEMAP}}}loc", address)
    return ET.tostring(index, encoding="utf-8", xml_declaration=True)


def dataset_jsonld(package, site, info, coverage, place_names, points):
    """schema.org Dataset for the home page. coverage: (first date, last date) of the events;
    place_names: the countries and sea areas the data covers; points: (latitude, longitude) of every place."""
    released = not info.get("unreleased")
    latitudes = [lat for lat, lon in points if lat is not None and lon is not None]
    longitudes = [lon for lat, lon in points if lat is not None and lon is not None]
    spatial = [{"@type": "Place", "name": name} for name in place_names]
    if latitudes and longitudes:
        box = f"{min(latitudes)} {min(longitudes)} {max(latitudes)} {max(longitudes)}"
        spatial.append({"@type": "Place", "geo": {"@type": "GeoShape", "box": box}})
    distribution = [
        {"@type": "DataDownload", "name": "SQLite database", "encodingFormat": "application/vnd.sqlite3", "contentUrl": f"{site}/tracker.db"},
        {"@type": "DataDownload", "name": "Frictionless data package", "encodingFormat": "application/json", "contentUrl": f"{site}/-/datapackage.json"},
        {"@type": "DataDownload", "name": "Data package as a zip", "encodingFormat": "application/zip", "contentUrl": f"{site}/-/datapackage.zip"},
    ] + [
        {"@type": "DataDownload", "name": f"{r['name']}.csv", "encodingFormat": "text/csv", "contentUrl": f"{site}/-/data/{r['name']}.csv"}
        for r in package["resources"]
    ]  # fmt: skip
    creator = {"@type": "Organization", "name": PUBLISHER}
    data = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": package.get("title", ""),
        "description": package.get("description", ""),
        "url": f"{site}/",
        "version": info.get("version", ""),
        "dateModified": info.get("released") if released else (info.get("built_at") or "")[:10],
        "license": LICENSE_URL,
        "isAccessibleForFree": True,
        "inLanguage": ["en", "ar"],
        "keywords": package.get("keywords", []),
        "creator": creator,
        "publisher": creator,
        "temporalCoverage": "/".join(filter(None, coverage)),
        "spatialCoverage": spatial,
        "distribution": distribution,
    }
    return json_for_html(data)


def json_for_html(data):
    """JSON that cannot end the <script> element it sits in."""
    return json.dumps(data, ensure_ascii=False, indent=1).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
