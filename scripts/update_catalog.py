"""Bring the Arabic message catalog up to date with the interface strings.

    .venv/bin/python scripts/update_catalog.py

Collects every interface string (`_("...")` in templates/ and plugins/, and the titles and
descriptions that metadata.yml shows readers), adds new ones to locale/ar/LC_MESSAGES/messages.po
with an empty translation, and marks the ones no longer used as obsolete. Translations already in
the catalog are kept. Then translate the empty entries; tests/test_i18n.py fails while any is empty.
"""

import sys
from pathlib import Path

import yaml
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "locale" / "ar" / "LC_MESSAGES" / "messages.po"
METHODS = [("templates/**.html", "jinja2.ext:babel_extract"), ("plugins/**.py", "python")]
OPTIONS = {"templates/**.html": {"extensions": "jinja2.ext.i18n"}}
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
# GNU gettext's rule for Arabic: forms for 0, 1, 2, 3-10, 11-99, and 100-102 (مئة صف).
ARABIC_PLURALS = (6, "(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5)")
# What metadata.yml shows a reader: the site's and each canned query's title and description.
METADATA_KEYS = ("title", "description", "license", "source", "about")


def metadata_strings(path=ROOT / "metadata.yml"):
    metadata = yaml.safe_load(path.read_text(encoding="utf-8"))
    found = [metadata.get(key) for key in METADATA_KEYS]
    for database in metadata.get("databases", {}).values():
        for kind in ("tables", "queries"):
            for item in (database.get(kind) or {}).values():
                found += [item.get("title"), item.get("description")] + list((item.get("columns") or {}).values())
    return [text for text in found if isinstance(text, str) and text.strip()]


def interface_strings(root=ROOT):
    """{msgid (a string, or a (singular, plural) pair): [where it is used]}"""
    strings = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(root), METHODS, options_map=OPTIONS, keywords=KEYWORDS, strip_comment_tags=True
    ):
        if message and (not isinstance(message, str) or message.strip()):
            strings.setdefault(message if isinstance(message, str) else tuple(message), []).append((filename, lineno))
    for text in metadata_strings(root / "metadata.yml"):
        strings.setdefault(text, []).append(("metadata.yml", 0))
    return strings


def read_catalog(path=CATALOG):
    with path.open("rb") as f:
        return read_po(f, locale="ar")


def untranslated(catalog):
    """Messages without a translation (for a plural, without every form), or still marked fuzzy."""
    strings = lambda m: m.string if isinstance(m.string, (tuple, list)) else [m.string]  # noqa: E731
    return [m.id for m in catalog if m.id and (m.fuzzy or not all(strings(m)))]


def main():
    catalog = read_catalog() if CATALOG.exists() else Catalog(locale="ar", project="US–Mexico Security Tracker")
    # The catalog's own creation date is kept, so that an update changes only the messages.
    template = Catalog(locale="ar", creation_date=catalog.creation_date)
    for message, locations in interface_strings().items():
        template.add(message, locations=locations)
    catalog.update(template, no_fuzzy_matching=True)
    catalog._num_plurals, catalog._plural_expr = ARABIC_PLURALS  # Babel's own order of the forms differs
    catalog.header_comment = "# Arabic interface of the US–Mexico Security Tracker. Update with scripts/update_catalog.py."
    CATALOG.parent.mkdir(parents=True, exist_ok=True)
    with CATALOG.open("wb") as f:
        write_po(f, catalog, width=120, sort_output=False, include_previous=False, include_lineno=False)
    missing = untranslated(catalog)
    print(f"{CATALOG.relative_to(ROOT)}: {len(catalog)} messages, {len(missing)} without a translation")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
