"""Wide tables start with the columns a reader scans; every column is one click away.

A table's `default_columns` in metadata.yml lists what its HTML page shows first; on Arabic pages an
English text column (title_en) gives way to its Arabic twin (title_ar). A reader who picks columns
(?_col=, ?_nocol=) or asks for all of them (?_wide=1) gets exactly that. CSV and JSON always carry
every column: this only decides which cells the HTML table draws.
"""

from datasette import hookimpl
from datasette.plugins import pm


def reader_language():
    i18n = pm.get_plugin("i18n.py")  # plugins load as loose files; the language is the i18n plugin's
    return i18n.language() if i18n else "en"


def shown_columns(default_columns, columns, args, lang):
    """The columns to draw, in table order, or None for all of them."""
    if not default_columns or "_col" in args or "_nocol" in args or args.get("_wide"):
        return None
    wanted = set(default_columns)
    if lang == "ar":
        wanted = {c[:-3] + "_ar" if c.endswith("_en") and c[:-3] + "_ar" in columns else c for c in wanted}
    return [c for c in columns if c in wanted]


@hookimpl
def extra_template_vars(view_name, database, table, columns, request, datasette):
    if view_name != "table" or not table or not request:
        return {}
    default_columns = datasette.table_metadata(database, table).get("default_columns")
    shown = shown_columns(default_columns, columns or [], request.args, reader_language())
    if shown is None:
        return {"shown_columns": None}
    return {"shown_columns": shown, "hidden_column_count": len(columns) - len(shown)}
