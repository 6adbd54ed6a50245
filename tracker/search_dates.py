"""Dates in searches: each dated row is indexed with a token for its day and one for its month,
and a date a reader types ("2025-10-03", "3 October 2025", "October 2025", "3 أكتوبر 2025",
"3 de octubre de 2025") is turned into the same token."""

import datetime
import re

from tracker.search_text import normalize

# A row dated over a longer span (a month-precision event) gets month tokens only.
MAX_DAYS_INDEXED = 31
DAY = re.compile(r"\d{4}-\d{2}-\d{2}$")

MONTHS = {
    1: "january jan enero يناير كانون الثاني",
    2: "february feb febrero فبراير شباط",
    3: "march mar marzo مارس اذار",
    4: "april apr abril ابريل نيسان",
    5: "may mayo مايو ايار",
    6: "june jun junio يونيو يونيه حزيران",
    7: "july jul julio يوليو يوليه تموز",
    8: "august aug agosto اغسطس اب",
    9: "september sept sep septiembre setiembre سبتمبر ايلول",
    10: "october oct octubre اكتوبر تشرين الاول",
    11: "november nov noviembre نوفمبر تشرين الثاني",
    12: "december dec diciembre ديسمبر كانون الاول",
}


def _month_names():
    names = {}
    for number, spellings in MONTHS.items():
        for name in re.findall(r"تشرين \S+|كانون \S+|\S+", spellings):
            names[normalize(name)] = number
    return names


MONTH_NUMBER = _month_names()
_MONTH = "(?P<month>" + "|".join(sorted(map(re.escape, MONTH_NUMBER), key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>(19|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)"
_OF = r"(\s+de)?"  # Spanish: 3 de octubre de 2025
# The day may carry an English ordinal suffix (3rd October 2025).
DATE_PATTERNS = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\b" + _YEAR + r"-(?P<month_number>[01]\d)(-(?P<day_number>[0-3]\d))?\b",
        r"(?<!\w)" + _DAY + r"(st|nd|rd|th)?" + _OF + r"\s+" + _MONTH + r",?" + _OF + r"\s+" + _YEAR + r"\b",
        r"(?<!\w)" + _MONTH + r"\s+" + _DAY + r"(st|nd|rd|th)?,?\s+" + _YEAR + r"\b",
        r"(?<!\w)" + _MONTH + _OF + r",?\s+" + _YEAR + r"\b",
    )
]


def day_token(date):
    return f"dt{date.year:04d}{date.month:02d}{date.day:02d}"


def month_token(year, month):
    return f"mo{year:04d}{month:02d}"


def row_date_tokens(start, end=None):
    """Tokens indexed for a row dated start (to end): its days, when few, and its months."""
    if not end or end == start:
        if DAY.match(start or ""):  # most rows: one day, read from the ISO text itself
            return [f"dt{start[:4]}{start[5:7]}{start[8:10]}", f"mo{start[:4]}{start[5:7]}"]
    try:
        first = datetime.date.fromisoformat(start[:10])
        last = datetime.date.fromisoformat((end or start)[:10])
    except (TypeError, ValueError):
        return []
    if last < first:
        last = first
    tokens = []
    if (last - first).days < MAX_DAYS_INDEXED:
        tokens = [day_token(first + datetime.timedelta(days=n)) for n in range((last - first).days + 1)]
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        tokens.append(month_token(year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tokens


def _token(match):
    groups = match.groupdict()
    year = int(groups["year"])
    month = int(groups.get("month_number") or 0) or MONTH_NUMBER.get(normalize(groups.get("month") or "").lower())
    day = groups.get("day") or groups.get("day_number")
    try:
        return day_token(datetime.date(year, month, int(day))) if day else month_token(year, month)
    except (TypeError, ValueError):
        return None


def find_dates(text):
    """The date tokens in a normalised query, and the query with those dates taken out."""
    tokens = []
    for pattern in DATE_PATTERNS:
        for match in list(pattern.finditer(text)):
            token = _token(match)
            if token:
                tokens.append(token)
                text = text.replace(match.group(0), " ", 1)
    return tokens, text
