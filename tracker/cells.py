"""One cell of a CSV checked against its field in datapackage.json and typed for SQLite.

A field's declared constraints (required, enum, pattern, minimum/maximum, maxLength) are checked as
Table Schema says. Some rules hold for every cell whatever the package declares, because the
database, the site or a reader's screen depends on them (the package's description states them too):

- no control or invisible formatting character (NUL, ESC, bidirectional overrides, zero-width
  spaces, ...). Free text (a string field with no pattern and no enum) may hold tabs, line breaks,
  the zero-width joiners and the direction marks (LRM, RLM, ALM) that Arabic, Persian and emoji need;
  codes, identifiers and URLs may hold none of them;
- a value made only of blank space is neither a value nor empty: it is refused;
- whole numbers fit SQLite's 64-bit integers; numbers are finite; digits are ASCII digits.
"""

import datetime
import math
import re
import unicodedata

from tracker.problems import UNPRINTABLE, Problem

INTEGER = re.compile(r"[+-]?[0-9]+")
NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
SMALLEST_INTEGER, LARGEST_INTEGER = -(2**63), 2**63 - 1  # SQLite's INTEGER
DEFAULT_TRUE, DEFAULT_FALSE = ["true", "True", "TRUE", "1"], ["false", "False", "FALSE", "0"]
ID_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"
# Patterns that only printable ASCII can match in full: a value that matches holds no forbidden
# character, so the fast path skips that search (2.3 million identifier cells at 100k events).
PRINTABLE_ASCII_PATTERNS = {ID_PATTERN, "^[A-Z]{2}$"}

FORBIDDEN_IN_CODES = UNPRINTABLE
TEXT_CONTROLS = (
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u180e\u200b\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f\ud800-\udfff"
)
FORBIDDEN_IN_TEXT = re.compile(f"[{TEXT_CONTROLS}]|\r(?!\n)")


def cell_checker(field, rel, fast=True):
    """Return check(value, line) -> typed value, raising Problem; built once per column. fast=False
    gives the full checker alone, which the fast paths must agree with (tests/test_build_hardening.py)."""
    name = field["name"]
    kind = field.get("type", "string")
    constraints = field.get("constraints", {})
    required = constraints.get("required", False)
    pattern = constraints.get("pattern")
    pattern = re.compile(pattern) if pattern else None
    enum = constraints.get("enum")
    allowed = set(enum) if enum else None
    low, high = constraints.get("minimum"), constraints.get("maximum")
    max_length = constraints.get("maxLength")
    free_text = kind == "string" and not (pattern or allowed)
    forbidden = FORBIDDEN_IN_TEXT if free_text else FORBIDDEN_IN_CODES
    typed_value = parser(field, rel)

    def fail(line, what, value, fix):
        raise Problem(rel, line, name, what, value, fix)

    def check(value, line):
        if value == "" or value.isspace():
            if required:
                fail(
                    line, "is required but empty" if value == "" else "is required but holds only blank space", value or None, "fill it in"
                )
            if value:
                fail(line, "holds only blank space", value, "leave it empty or write the value")
            return None
        if max_length is not None and len(value) > max_length:
            fail(line, f"is longer than {max_length} characters", value, "shorten it")
        bad = forbidden.search(value)
        if bad:
            fail(line, unprintable(bad), value, "delete it" + (" (tabs and line breaks are allowed)" if free_text else ""))
        typed = typed_value(value, line)
        if allowed is not None and typed not in allowed:
            fail(line, "is not one of the allowed values", value, "use one of: " + ", ".join(map(str, enum)))
        if pattern is not None and not pattern.fullmatch(value):
            fail(line, "does not match the required form", value, pattern_fix(field))
        if low is not None and typed < low:
            if kind == "date":
                fail(line, f"is before {low}", value, f"use a date on or after {low}")
            fail(line, f"is below the minimum {low}", value, f"use a value of at least {low}")
        if high is not None and typed > high:
            if kind == "date":
                fail(line, f"is after {high}", value, f"use a date on or before {high}")
            fail(line, f"is above the maximum {high}", value, f"use a value of at most {high}")
        return typed

    if not fast or kind not in ("string", "integer", "date"):
        return check
    longest = max_length if max_length is not None else math.inf
    if kind == "date":
        # The same few thousand dates, over and over: one that passed the full check passes at once.
        passed = set()

        def known_date(value, line):
            if value in passed:
                return value
            typed = check(value, line)  # the value itself, or None for an allowed empty cell
            if typed is not None:
                passed.add(value)
            return typed

        return known_date
    if kind == "integer":
        if allowed is not None or pattern is not None:
            return check
        smallest = SMALLEST_INTEGER if low is None else max(low, SMALLEST_INTEGER)
        largest = LARGEST_INTEGER if high is None else min(high, LARGEST_INTEGER)
        few_digits = min(longest, 18)  # always within SQLite's integers

        def digits(value, line):
            # ASCII digits only: str.isdigit alone takes other scripts' digits and superscripts too.
            if value.isascii() and value.isdigit() and len(value) <= few_digits:
                number = int(value)
                if smallest <= number <= largest:
                    return number
            return check(value, line)

        return digits
    # The common case in one test per kind of column; anything else goes through check() for its message
    # (or None for an allowed empty cell).
    if allowed is not None:

        def code(value, line):
            fits = value in allowed and len(value) <= longest and (pattern is None or pattern.fullmatch(value))
            return value if value and fits else check(value, line)

        return code
    if pattern is not None and constraints["pattern"] in PRINTABLE_ASCII_PATTERNS:

        def identifier_of_safe_characters(value, line):
            return value if value and len(value) <= longest and pattern.fullmatch(value) else check(value, line)

        return identifier_of_safe_characters
    # str.isprintable() is false for every character the checks forbid (all are controls, formats, line or
    # paragraph separators or surrogates), and for the few allowed ones that are not printable either (line
    # breaks, tabs, joiners, direction marks, spaces other than U+0020): those take the full check. It is
    # three times as fast as a search for them (1.5 million cells of text at 100,000 events).
    if pattern is not None:

        def identifier(value, line):
            return value if value and len(value) <= longest and value.isprintable() and pattern.fullmatch(value) else check(value, line)

        return identifier

    def text(value, line):
        return value if value and len(value) <= longest and value.isprintable() and not value.isspace() else check(value, line)

    return text


CONTROL_NAMES = {"\x00": "NUL", "\t": "TAB", "\n": "LINE FEED", "\r": "CARRIAGE RETURN", "\x1b": "ESCAPE", "\x7f": "DELETE"}


def unprintable(match):
    character = match.group()
    name = CONTROL_NAMES.get(character) or unicodedata.name(character, "a control character")
    return f"holds U+{ord(character):04X} ({name}), a control or invisible character, at position {match.start() + 1}"


def parser(field, rel):
    """Return parse(value, line) -> the typed value of a non-empty cell of the field's type, raising Problem."""
    name, kind = field["name"], field.get("type", "string")

    def fail(line, what, value, fix):
        raise Problem(rel, line, name, what, value, fix)

    def integer(value, line):
        if not INTEGER.fullmatch(value):
            fail(line, "is not a whole number", value, "write digits only, e.g. 3")
        # Checked on the length first: int() of thousands of digits is slow and refused by Python anyway.
        typed = int(value) if len(value) <= 20 else None
        if typed is None or not SMALLEST_INTEGER <= typed <= LARGEST_INTEGER:
            fail(line, "is too large for the database", value, f"use a whole number between {SMALLEST_INTEGER} and {LARGEST_INTEGER}")
        return typed

    def number(value, line):
        if not NUMBER.fullmatch(value) or not math.isfinite(float(value)):
            fail(line, "is not a number", value, "write a decimal number with a point, e.g. 19.4326")
        return float(value)

    def date(value, line):
        try:
            if not DATE.fullmatch(value):
                raise ValueError
            datetime.date.fromisoformat(value)
        except ValueError:
            fail(line, "is not a real date", value, "write an existing date as YYYY-MM-DD")
        return value

    truth = {v: 1 for v in field.get("trueValues", DEFAULT_TRUE)} | {v: 0 for v in field.get("falseValues", DEFAULT_FALSE)}

    def boolean(value, line):
        if value not in truth:
            fail(line, "is not true or false", value, "write one of: " + ", ".join(truth))
        return truth[value]

    return {"integer": integer, "number": number, "date": date, "boolean": boolean}.get(kind, lambda value, line: value)


def pattern_fix(field):
    pattern = field["constraints"]["pattern"]
    if pattern == ID_PATTERN:
        return "use lowercase letters, digits and single hyphens only, no spaces"
    if pattern.startswith("^https?://"):
        return "use a full http:// or https:// address with a host name and no user name or password, exactly as published"
    return f"match the pattern {pattern}"
