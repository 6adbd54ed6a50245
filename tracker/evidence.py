"""Checks of the evidence behind each row, run by build_db.py once every cell and key is valid.

problems(package, base_dir) returns (path, line, column, what, value, fix) tuples, worded like the
build's other problems. Retracted rows and retracted citations are left out.

- A citation's verification and verified_on agree: a date exactly when the excerpt was verified.
- Every number an event states (killed_low, killed_high, vessels, survivors) and a statistic's value
  stand in at least one excerpt of the row's citations: as digits (thousands separated by a comma,
  point or space; Arabic-Indic digits too) or as words in English, Spanish or Arabic. Zero must be
  said in words ("no survivors", "sin sobrevivientes", "لا ناجين", ...).
- An event's date stands in an excerpt in one of the forms sources use ("3 October 2025",
  "Oct. 3", "October 3", "3 de octubre", "3 أكتوبر", ISO 2025-10-03), or the excerpt names the
  day relative to its source's publication date: the weekday ("Friday", "el viernes", "الجمعة")
  in a source published within a week after it, "today"/"hoy"/"اليوم" in a source of that day,
  "yesterday"/"ayer"/"أمس" in a source of the next day. A date of month precision needs the month's
  name (or "this month" in a source of that month), a date of year precision the year. A statistic's as_of_date stands in an excerpt in the same
  ways, or a citing source was published that day or within the week after it (a running tally is
  reported with, or in the days after, the strike that completes it), or it falls within the dates of
  the event the statistic was stated at (whose citations carry that date).
- A death count (killed_low, killed_high) stands in an excerpt of a source that is not an aggregator.
- A quote's text lies within one excerpt of a citation whose source is in the quote's language
  (whitespace and typographic quotation marks aside; an ellipsis in the text marks an omission,
  and the parts must then appear in order).

What no excerpt states as it stands is listed in data/evidence_exemptions.csv with how it follows
from the cited excerpts: a figure worked out from cited figures (a sum of two tolls; a survivor never
found counted among the dead), a date given only as a weekday in an undated report, a quote printed
in two consecutive paragraphs. An exemption must match the row's current value and is refused once an
excerpt states the value. Anything else no excerpt carries gets a citation that carries it, or is
corrected.
"""

import csv
import datetime
import functools
import re

from tracker.search_text import normalize

VERIFIED = "verified_verbatim"
AGGREGATOR = "aggregator"
DEATH_COUNTS = ("killed_low", "killed_high")
AGGREGATOR_ONLY = (
    "stands only in excerpts of aggregator sources",
    "cite the original report or another outlet that states this figure; an aggregator is a lead, never the only source of a death count",
)
EVENT_NUMBERS = ("killed_low", "killed_high", "vessels", "survivors")

# ---------------------------------------------------------------- numbers

ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
# A run of digits, with thousands groups after a comma, point or (narrow) space; not part of a decimal.
DIGITS = re.compile(r"(?<![\d.,])(\d{1,3}(?:[,.\u00a0\u202f ]\d{3})+|\d+)(?![\d]|[.,]\d)")

SPANISH_THOUSANDS = re.compile(r"(?<![\d.,])(\d{1,3}) mil(?: (\d{3}))?\b")
ARABIC_THOUSANDS = re.compile(r"(?<![\d.,])(\d{1,3}) [أا]لف")
EN_UNITS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
EN_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
ES_UNITS = (
    "cero uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince dieciséis diecisiete dieciocho diecinueve"
).split()
ES_TWENTIES = "veinte veintiuno veintidós veintitrés veinticuatro veinticinco veintiséis veintisiete veintiocho veintinueve".split()
ES_TENS = "_ _ veinte treinta cuarenta cincuenta sesenta setenta ochenta noventa".split()
# "The sixth strike" counts six: ordinals say a running count.
EN_ORDINALS = (
    "_ first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth fifteenth"
    " sixteenth seventeenth eighteenth nineteenth twentieth"
).split()
ES_ORDINALS = "_ primer[oa]? segund[oa] tercer[oa]? cuart[oa] quint[oa] sext[oa] séptim[oa] octav[oa] noven[oa] décim[oa]".split()
AR_ORDINALS = "_ الاول|الاولي الثاني|الثانيه الثالث|الثالثه الرابع|الرابعه الخامس|الخامسه السادس|السادسه السابع|السابعه الثامن|الثامنه التاسع|التاسعه العاشر|العاشره".split()
# Arabic cardinals in their masculine and feminine, nominative and oblique forms, already normalised
# (أ/إ -> ا, ة -> ه, ى -> ي); duals of the nouns sources count stand for two.
AR_UNITS = {
    1: "واحد واحده",
    2: "اثنان اثنين اثنتان اثنتين قاربين قاربان زورقين زورقان سفينتين سفينتان شخصين شخصان قتيلين قتيلان ناجيين ناجيان",
    3: "ثلاثه ثلاث",
    4: "اربعه اربع",
    5: "خمسه خمس",
    6: "سته ست",
    7: "سبعه سبع",
    8: "ثمانيه ثماني ثمان",
    9: "تسعه تسع",
    10: "عشره عشر",
    11: "احد عشر|احدي عشره",
    12: "اثنا عشر|اثني عشر|اثنتا عشره|اثنتي عشره",
}
AR_TENS = {20: "عشرون عشرين", 30: "ثلاثون ثلاثين", 40: "اربعون اربعين", 50: "خمسون خمسين"}
AR_TENS.update({60: "ستون ستين", 70: "سبعون سبعين", 80: "ثمانون ثمانين", 90: "تسعون تسعين"})
# Zero is only ever said in words, and only about the people counted.
ZERO = [
    r"\bno (one|survivors?|deaths?|casualties|fatalities)\b",
    r"\bnone (of them )?survived\b",
    r"\bno one (was|were) (killed|hurt|injured)\b",
    r"\b(zero|cero)\b",
    r"\bsin (sobrevivientes|supervivientes|víctimas)\b",
    r"\bno hubo (sobrevivientes|supervivientes|víctimas|muertos)\b",
    r"\bningún (sobreviviente|superviviente)\b",
    r"لا ناجين|لم ينج|دون ناجين|لا يوجد ناجون|صفر",
]
# No survivors is also said as everyone aboard killed.
NO_SURVIVORS = ZERO + [
    r"\b(all|both)\b[^.;]{0,60}\b(were|was|are) (all )?killed\b",
    r"\bkill(ed|ing) (all|both|everyone)\b",
    r"\bwere all killed\b",
    r"\b(todos|ambos)\b[^.;]{0,60}\b(murieron|fallecieron|muertos)\b",
]
# One is said by the article of a singular noun as often as by the word, and per boat by "each".
ONE = [r"\b(one|a|an|single|lone|each|un|una|uno|cada)\b", r"(?<!\w)[وبلف]?(ال)?(قارب|زورق|سفينه|مركب|شخص)(?!\w)"]


def spoken(n):
    """Regular expressions of the whole number n in words, in English, Spanish and Arabic."""
    if n == 0:
        return ZERO
    words = []
    if n < 20:
        words += [EN_UNITS[n], ES_UNITS[n]]
    elif n < 100:
        tens, unit = divmod(n, 10)
        words.append(EN_TENS[tens] + (f"[- ]{EN_UNITS[unit]}" if unit else ""))
        words.append(ES_TWENTIES[unit] if tens == 2 else ES_TENS[tens] + (f" y {ES_UNITS[unit]}" if unit else ""))
    words += {21: ["veintiún"], 100: ["a hundred", "one hundred", "cien"]}.get(n, [])
    words += [EN_ORDINALS[n]] if n < len(EN_ORDINALS) else []
    words += [ES_ORDINALS[n]] if n < len(ES_ORDINALS) else []
    if n in AR_UNITS:
        arabic = AR_UNITS[n].split("|") if "|" in AR_UNITS[n] else AR_UNITS[n].split()
    elif 13 <= n <= 19:
        arabic = [f"{unit} {ten}" for unit in AR_UNITS[n - 10].split() for ten in ("عشر", "عشره")]
    elif n in AR_TENS:
        arabic = AR_TENS[n].split()
    elif 20 < n < 100:
        arabic = [f"{unit} و{ten}" for unit in AR_UNITS[n % 10].split()[:2] for ten in AR_TENS[n // 10 * 10].split()]
    else:
        arabic = []
    arabic += AR_ORDINALS[n].split("|") if n < len(AR_ORDINALS) else []
    forms = [rf"\b{word}\b" for word in words] + [rf"(?<!\w)[وبلف]?{word}(?!\w)" for word in arabic]
    return forms + (ONE if n == 1 else [])


ARABIC_DIGIT = re.compile("[٠-٩۰-۹]")


def ascii_digits(text):
    return text.translate(ARABIC_DIGITS) if not text.isascii() and ARABIC_DIGIT.search(text) else text


def digit_numbers(text):
    """Every whole number written in digits in the text, also Spanish '6 mil 310' and Arabic '100 ألف'."""
    text = ascii_digits(text)
    numbers = {int(re.sub(r"\D", "", match)) for match in DIGITS.findall(text)}
    for thousands, rest in SPANISH_THOUSANDS.findall(text):
        numbers.add(int(thousands) * 1000 + int(rest or 0))
    numbers.update(int(thousands) * 1000 for thousands in ARABIC_THOUSANDS.findall(text))
    return numbers


def decimal_forms(value):
    """A non-whole value as sources write it: 3.5 or 3,5; a value in millions also as '1.2 million'."""
    forms = [rf"(?<![\d.,]){int(value)}[.,]0+(?!\d)"] if value == int(value) else []
    for number, words in ((value, ""), (value / 1_000_000, r"\s*(million|millones|مليون)")):
        if number != int(number):
            text = f"{number:f}".rstrip("0")
            forms.append(re.escape(text) + words)
            forms.append(re.escape(text.replace(".", ",")) + words)
        elif words and number >= 1:
            forms.append(rf"(?<![\d.,]){int(number)}{words}")
    return forms


@functools.lru_cache(maxsize=4096)
def number_pattern(value, column):
    """One compiled expression of every way an excerpt may say the value (digits aside)."""
    if value == 0 and column == "survivors":
        forms = NO_SURVIVORS
    elif value == int(value):
        forms = spoken(int(value)) + decimal_forms(value)
    else:
        forms = decimal_forms(value)
    return re.compile("|".join(f"(?:{form})" for form in forms))


class Text:
    """One excerpt; each form of it is prepared on first use, once for every check against it."""

    def __init__(self, excerpt):
        self.raw = excerpt

    @functools.cached_property
    def folded(self):
        return normalize(ascii_digits(self.raw)).casefold()

    @functools.cached_property
    def numbers(self):
        return digit_numbers(self.raw)

    @functools.cached_property
    def dates(self):
        return days_of_month(self.folded)

    @functools.cached_property
    def months(self):
        return {month_of(name) for name in MONTH_NAME.findall(self.folded)}

    def says_number(self, value, column=None):
        value = abs(value)
        if value != 0 and value == int(value) and int(value) in self.numbers:
            return True
        return number_pattern(value, column if value == 0 else None).search(self.folded) is not None


# ---------------------------------------------------------------- dates

EN_MONTHS = "january february march april may june july august september october november december".split()
EN_SHORT = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sept?", "oct", "nov", "dec"]
ES_MONTHS = "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split()
ES_MONTHS[8] = "sep?tiembre"
AR_MONTHS = [  # the Egyptian and the Levantine names, normalised
    "يناير|كانون الثاني",
    "فبراير|شباط",
    "مارس|اذار",
    "ابريل|نيسان",
    "مايو|ايار",
    "يونيو|يونيه|حزيران",
    "يوليو|يوليه|تموز",
    "اغسطس|اب",
    "سبتمبر|ايلول",
    "اكتوبر|تشرين الاول",
    "نوفمبر|تشرين الثاني",
    "ديسمبر|كانون الاول",
]
EN_DAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
ES_DAYS = "lunes martes miércoles jueves viernes sábado domingo".split()
AR_DAYS = "الاثنين الثلاثاء الاربعاء الخميس الجمعه السبت الاحد".split()
SAME_DAY = r"\b(today|tonight|this morning|this afternoon|this evening|hoy|esta mañana|esta tarde|esta noche)\b|اليوم|الليله"
DAY_BEFORE = r"\b(yesterday|last night|ayer|anoche)\b|امس|البارحه"


def month_names(month):
    """Regular expression of a month's name in English (with AP abbreviations), Spanish and Arabic."""
    return "|".join([EN_MONTHS[month - 1], EN_SHORT[month - 1] + r"\.?", ES_MONTHS[month - 1], AR_MONTHS[month - 1]])


MONTHS = [re.compile(month_names(month)) for month in range(1, 13)]
MONTH = r"(?<!\w)(?:" + "|".join(month_names(month) for month in range(1, 13)) + r")(?!\w)"
ORDINAL = r"(?:st|nd|rd|th|º|°|o)?"
# October 3, Oct. 3, Sept. 2nd | 3 October, 3 de octubre, 3 أكتوبر | 2025-10-03 | 3/10/2025 (either order)
DAY_OF_MONTH = re.compile(
    rf"({MONTH})\s+(\d{{1,2}}){ORDINAL}(?!\d)|(?<!\d)(\d{{1,2}}){ORDINAL}\s+(?:de\s+)?({MONTH})"
    r"|(?<!\d)\d{4}-(\d{2})-(\d{2})(?!\d)|(?<![\d/])(\d{1,2})/(\d{1,2})/\d{4}(?!\d)"
)
MONTH_NAME = re.compile(MONTH)
WEEKDAYS = [re.compile(rf"\b{EN_DAYS[i]}\b|\b{ES_DAYS[i]}\b|(?<!\w)[وبلف]?{AR_DAYS[i]}(?!\w)") for i in range(7)]
SAME_DAY, DAY_BEFORE = re.compile(SAME_DAY), re.compile(DAY_BEFORE)
THIS_MONTH = re.compile(r"\b(this month|earlier this month|este mes|el mes en curso)\b|هذا الشهر|الشهر الجاري")


@functools.lru_cache(maxsize=1024)  # a few dozen names, found in nearly every excerpt
def month_of(name):
    return next(i for i, pattern in enumerate(MONTHS, start=1) if pattern.fullmatch(name))


def days_of_month(folded):
    """Every (month, day) an excerpt gives as a date, whatever the form."""
    found = set()
    for m1, d1, d2, m2, iso_month, iso_day, a, b in DAY_OF_MONTH.findall(folded):
        if m1 or m2:
            found.add((month_of(m1 or m2), int(d1 or d2)))
        elif iso_month:
            found.add((int(iso_month), int(iso_day)))
        else:
            found.update({(int(a), int(b)), (int(b), int(a))})
    return found


def days_between(start, end):
    """The days from start to end, at most a month of them."""
    if start == end:
        return [start]  # most rows: one day
    return [start + datetime.timedelta(days=i) for i in range(min((end - start).days, 30) + 1)]


class Dated:
    """A row's date: the days it may be and how precisely it is known."""

    def __init__(self, start, end, precision):
        self.start, self.end = datetime.date.fromisoformat(start), datetime.date.fromisoformat(end or start)
        self.precision = precision or "day"
        self.days = days_between(self.start, self.end)

    def said_in(self, text, published):
        if self.precision == "year":
            return self.start.year in text.numbers
        if self.precision == "month":
            if {self.start.month, self.end.month} & text.months:
                return True
            return (
                published is not None
                and (published.year, published.month) == (self.start.year, self.start.month)
                and bool(THIS_MONTH.search(text.folded))
            )
        if any((day.month, day.day) in text.dates for day in self.days):
            return True
        return published is not None and any(self.relative(day, text.folded, published) for day in self.days)

    @staticmethod
    def relative(day, folded, published):
        """The day named relative to the publication date: today, yesterday, or a weekday of that week."""
        gap = (published - day).days
        if not 0 <= gap <= 7:
            return False
        if gap == 0 and SAME_DAY.search(folded):
            return True
        if gap == 1 and DAY_BEFORE.search(folded):
            return True
        return WEEKDAYS[day.weekday()].search(folded) is not None


# ---------------------------------------------------------------- quotes

QUOTE_MARKS = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "‚": "'"})
ELLIPSIS = re.compile(r"\s*(?:\[\s*(?:\.\.\.|…)\s*\]|\(\s*(?:\.\.\.|…)\s*\)|\.\.\.|…)\s*")


def comparable(text):
    return " ".join(text.translate(QUOTE_MARKS).split())


def quoted_in(text, excerpt):
    """True when every part of the quote (parts split at an ellipsis) appears in the excerpt, in order."""
    excerpt, position = comparable(excerpt), 0
    # A quotation's last full stop often stands as a comma before the source's closing quotation mark.
    for part in ELLIPSIS.split(comparable(text).rstrip(".,;:")):
        part = part.strip(" \"'")
        if not part:
            continue
        found = excerpt.find(part, position)
        if found < 0:
            return False
        position = found + len(part)
    return True


# ---------------------------------------------------------------- reading


def rows(package, base_dir, table):
    """Yield (line, row) for every record of a table; line is where the record starts, as the build counts."""
    resource = next(r for r in package["resources"] if r["name"] == table)
    with open(base_dir / resource["path"], encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        line = reader.line_num + 1
        for cells in reader:
            yield line, dict(zip(header, cells))
            line = reader.line_num + 1


def active(table_rows):
    return ((line, row) for line, row in table_rows if row.get("status") != "retracted")


class Need:
    """One thing a row states that an excerpt of its citations must carry."""

    def __init__(self, path, line, column, value, what, fix, test):
        self.where = (path, line, column)
        self.value, self.what, self.fix, self.test = value, what, fix, test

    def key(self, row_id):
        """(table, row id, column): how the exemptions name it."""
        return (self.where[0][len("data/") : -len(".csv")], row_id, self.where[2])


def event_needs(package, base_dir, event_days):
    """The needs of every active event; event_days gets each event's (date_start, date_end)."""
    path = "data/events.csv"
    fix = "cite a source whose excerpt gives this figure, or correct the figure and say why in notes"
    for line, row in active(rows(package, base_dir, "events")):
        event_days[row["event_id"]] = (row["date_start"], row["date_end"])
        for column in EVENT_NUMBERS:
            if row[column]:
                number = int(row[column])
                test = lambda text, published, number=number, column=column: text.says_number(number, column)  # noqa: E731
                need = Need(path, line, column, row[column], "stands in no excerpt of the event's citations", fix, test)
                if column in DEATH_COUNTS:
                    need.not_from = AGGREGATOR
                yield row["event_id"], need
        dated = Dated(row["date_start"], row["date_end"], row["date_precision"])
        fix_date = "cite a source whose excerpt gives the date (or the weekday, in a source of that week), or correct date_start"
        yield (
            row["event_id"],
            Need(path, line, "date_start", row["date_start"], "is in no excerpt of the event's citations", fix_date, dated.said_in),
        )


def statistic_needs(package, base_dir, event_days):
    path = "data/statistics.csv"
    # A figure stated at an event is as of that event, whose own date the event's citations carry.
    for line, row in active(rows(package, base_dir, "statistics")):
        value = float(row["value"])
        fix = "cite a source whose excerpt gives this value, or correct the value and say why in notes"
        test = lambda text, published, value=value: text.says_number(value)  # noqa: E731
        yield row["statistic_id"], Need(path, line, "value", row["value"], "stands in no excerpt of the statistic's citations", fix, test)
        start, end = event_days.get(row["event_id"], ("", ""))
        if row["as_of_date"] and not start <= row["as_of_date"] <= end:
            dated = Dated(row["as_of_date"], row["as_of_date"], "day")

            def test(text, published, dated=dated):
                return (published is not None and 0 <= (published - dated.start).days <= 7) or dated.said_in(text, published)

            fix = "give the date of a citing source's report, or cite an excerpt that dates the figure"
            yield (
                row["statistic_id"],
                Need(
                    path,
                    line,
                    "as_of_date",
                    row["as_of_date"],
                    "is in no excerpt and no citing source was published that day or in the week after",
                    fix,
                    test,
                ),
            )


def quote_needs(package, base_dir, event_days):
    path = "data/quotes.csv"
    fix = "copy text exactly from the excerpt of a cited source in text_language, or cite that source"
    for line, row in active(rows(package, base_dir, "quotes")):
        language, words = row["text_language"], row["text"]

        def test(text, published, language_of=None, words=words):
            return quoted_in(words, text.raw)

        need = Need(path, line, "text", words, f"lies in no excerpt of a cited source in {row['text_language']}", fix, test)
        need.language = language
        yield row["quote_id"], need


def evidence_problems(package, base_dir):
    sources = {row["source_id"]: row for _, row in rows(package, base_dir, "sources")}
    needs = {"event_id": {}, "statistic_id": {}, "quote_id": {}}
    event_days = {}
    for column, found in (("event_id", event_needs), ("statistic_id", statistic_needs), ("quote_id", quote_needs)):
        for target, need in found(package, base_dir, event_days):
            needs[column].setdefault(target, []).append(need)
    stated = {need.key(target) for by_target in needs.values() for target, waiting in by_target.items() for need in waiting}
    for line, citation in rows(package, base_dir, "citations"):
        yield from verification_problem(line, citation)
        if citation["status"] == "retracted":
            continue
        column = next((c for c in needs if citation[c]), None)
        waiting = needs[column].get(citation[column]) if column else None
        if not waiting:
            continue
        source = sources[citation["source_id"]]
        published = datetime.date.fromisoformat(source["published_date"]) if source["published_date"] else None
        text = Text(citation["excerpt"])
        kept = []
        for need in waiting:
            if getattr(need, "language", None) not in (None, source["language"]) or not need.test(text, published):
                kept.append(need)
            elif getattr(need, "not_from", None) == source["source_type"]:
                need.what, need.fix = AGGREGATOR_ONLY
                kept.append(need)
        waiting[:] = kept
    unmet = {need.key(target): need for by_target in needs.values() for target, waiting in by_target.items() for need in waiting}
    yield from exemption_problems(package, base_dir, stated, unmet)
    for need in unmet.values():
        yield (*need.where, need.what, need.value, need.fix)


def exemption_problems(package, base_dir, stated, unmet):
    """Take the exempted values out of unmet; say which exemptions are stale or no longer needed."""
    path = "data/evidence_exemptions.csv"
    for line, row in rows(package, base_dir, "evidence_exemptions"):
        key = (row["table_name"], row["row_id"], row["column_name"])
        need = unmet.get(key)
        if need is not None and need.value == row["value"]:
            del unmet[key]
        elif need is not None:
            fix = f"check the new value against the excerpts; update or delete the exemption (the row says {need.value})"
            yield path, line, "value", "no longer matches the row", row["value"], fix
        elif key in stated:
            yield path, line, "row_id", "is exempted but an excerpt now states the value", row["row_id"], "delete the exemption"
        else:
            fix = "name an active row of events or statistics and one of its figures or dates"
            yield path, line, "row_id", f"has no {row['column_name']} to exempt in {row['table_name']}", row["row_id"], fix


def verification_problem(line, row):
    """A citation's verified_on is set exactly when its excerpt was verified."""
    path = "data/citations.csv"
    verified, on = row["verification"] == VERIFIED, bool(row["verified_on"])
    if verified and not on:
        fix = "give the date the excerpt was last found word for word at the source's URL"
        yield path, line, "verified_on", "is empty on a verified citation", None, fix
    elif on and not verified:
        fix = f"empty verified_on, or set verification to {VERIFIED} if the excerpt was found word for word that day"
        yield path, line, "verified_on", f"is set but verification is {row['verification']}", row["verified_on"], fix


def problems(package, base_dir):
    return list(evidence_problems(package, base_dir))


def problems_or_what_is_lacking(package, base_dir):
    """problems(), or the one problem of a package without a table or column this check reads."""
    try:
        return problems(package, base_dir)
    except (KeyError, RuntimeError) as error:
        # It reads rows as {column: value} (a KeyError names the column) and finds tables by name (StopIteration).
        if not isinstance(error, KeyError) and not isinstance(error.__cause__, StopIteration):
            raise
        missing = f"column {error}" if isinstance(error, KeyError) else "a table"
        fix = "keep the tables and columns of the tracker's schema that tracker/evidence.py reads"
        return [("datapackage.json", 1, "-", "lacks what the evidence check reads", missing, fix)]
