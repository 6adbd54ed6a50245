"""Numbers written for people: 250000.0 reads as 250,000, 1234567 as 1,234,567.

Cells of the HTML pages and the `number` template filter; CSV and JSON keep the stored values.
Whole numbers below 10,000 stay as they are, so a count of 11 or a precision code of 5 is not dressed
up; fractions keep their digits (a latitude, a ratio of 1.25)."""

from datasette import hookimpl


def number(value):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10_000 else str(value)
    return f"{value:,}" if abs(value) >= 10_000 else repr(value)


@hookimpl
def render_cell(value):
    if isinstance(value, float) or (isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10_000):
        return number(value)
    return None


@hookimpl
def prepare_jinja2_environment(env):
    env.filters["number"] = number
