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

import datetime
import functools
import re

from tracker.background import collector_paused
from tracker.inputs import read_columns
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
# Every number and every date form starts with or holds a digit: the scans for them start at the first one
# (a look-behind at that point still sees the text before it).
FIRST_DIGIT = re.compile(r"\d")
NOT_DIGIT = re.compile(r"\D")


def ascii_digits(text):
    return text.translate(ARABIC_DIGITS) if not text.isascii() and ARABIC_DIGIT.search(text) else text


def digit_numbers(text):
    """Every whole number written in digits in the text, also Spanish '6 mil 310' and Arabic '100 ألف'."""
    text = ascii_digits(text)
    first = FIRST_DIGIT.search(text)
    if first is None:
        return set()
    start = first.start()
    numbers = {int(match) if match.isdigit() else int(NOT_DIGIT.sub("", match)) for match in DIGITS.findall(text, start)}
    if " mil" in text:  # the words each form needs: most excerpts have neither, and the scan is skipped
        for thousands, rest in SPANISH_THOUSANDS.findall(text, start):
            numbers.add(int(thousands) * 1000 + int(rest or 0))
    if "لف" in text:
        numbers.update(int(thousands) * 1000 for thousands in ARABIC_THOUSANDS.findall(text, start))
    return numbers


def decimal_texts(number):
    """A non-whole number as sources write it: 3.5 or 3,5."""
    text = f"{number:f}".rstrip("0")
    return [text, text.replace(".", ",")]


def decimal_forms(value):
    """A non-whole value as sources write it: 3.5 or 3,5; a value in millions also as '1.2 million'."""
    forms = [rf"(?<![\d.,]){int(value)}[.,]0+(?!\d)"] if value == int(value) else []
    for number, words in ((value, ""), (value / 1_000_000, r"\s*(million|millones|مليون)")):
        if number != int(number):
            forms += [re.escape(text) + words for text in decimal_texts(number)]
        elif words and number >= 1:
            forms.append(rf"(?<![\d.,]){int(number)}{words}")
    return forms


@functools.lru_cache(maxsize=4096)
def number_pattern(value, column):
    """One compiled expression of every way an excerpt may say the value (digits aside), to search for."""
    if value == 0 and column == "survivors":
        forms = NO_SURVIVORS
    elif value == int(value):
        forms = spoken(int(value)) + decimal_forms(value)
    else:
        forms = decimal_forms(value)
    return re.compile(any_of(forms))


LEADS = (r"\b", r"(?<!\w)")


def any_of(forms):
    """An expression found wherever one of the forms is. Forms that open with the same assertion (a word
    boundary; no letter before) share it, tested once at each position of the text instead of once for each
    form: a search for no survivors, zero or one is about four times faster."""
    by_lead = {}
    for form in forms:
        lead = next((lead for lead in LEADS if form.startswith(lead)), "")
        by_lead.setdefault(lead, []).append(form[len(lead) :])
    return "|".join(lead + "(?:" + "|".join(f"(?:{form})" for form in group) + ")" for lead, group in by_lead.items())


class Text:
    """One excerpt; each form of it is prepared on first use, once for every check against it.
    (Plain attributes rather than functools.cached_property, which takes a lock on every first use.)"""

    __slots__ = ("raw", "_folded", "_numbers", "_dates", "_months")

    def __init__(self, excerpt):
        self.raw = excerpt
        self._folded = self._numbers = self._dates = self._months = None

    def folded(self):
        if self._folded is None:
            self._folded = normalize(ascii_digits(self.raw)).casefold()
        return self._folded

    def numbers(self):
        if self._numbers is None:
            self._numbers = digit_numbers(self.raw)
        return self._numbers

    def dates(self):
        if self._dates is None:
            self._dates = days_of_month(self.folded())
        return self._dates

    def months(self):
        if self._months is None:
            self._months = {month_of(name) for name in MONTH_NAME.findall(self.folded())}
        return self._months

    def says_number(self, value, column=None):
        value = abs(value)
        if value != 0 and value == int(value) and int(value) in self.numbers():
            return True
        if value != int(value) and any(text in self.folded() for text in decimal_texts(value)):
            return True  # without compiling the value's expression: a statistic's value is seldom another's
        return number_pattern(value, column if value == 0 else None).search(self.folded()) is not None


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


def longest_name(names):
    """The length of the longest name a month_names() expression matches: its names with every optional letter."""
    return max(len(name.replace("\\", "").replace("?", "")) for name in names.split("|"))


MONTHS = [re.compile(month_names(month)) for month in range(1, 13)]
LONGEST_MONTH_NAME = max(longest_name(month_names(month)) for month in range(1, 13))  # كانون الثاني
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
    first = FIRST_DIGIT.search(folded)
    if first is None:
        return set()
    # Every form holds a digit, and no date starts sooner than a month's name and the spaces after it
    # before the first digit: the scan, slow over the words of an excerpt, starts there.
    start = max(0, len(folded[: first.start()].rstrip()) - LONGEST_MONTH_NAME)
    found = set()
    for m1, d1, d2, m2, iso_month, iso_day, a, b in DAY_OF_MONTH.findall(folded, start):
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


@functools.lru_cache(maxsize=4096)  # dates repeat: a few hundred distinct ones in the record
def dated(start, end, precision):
    return Dated(start, end, precision)


class Dated:
    """A row's date: the days it may be and how precisely it is known."""

    def __init__(self, start, end, precision):
        self.start, self.end = datetime.date.fromisoformat(start), datetime.date.fromisoformat(end or start)
        self.precision = precision or "day"
        self.days = days_between(self.start, self.end)
        self.days_of_month = {(day.month, day.day) for day in self.days}

    def said_in(self, text, published):
        if self.precision == "year":
            return self.start.year in text.numbers()
        if self.precision == "month":
            if {self.start.month, self.end.month} & text.months():
                return True
            return (
                published is not None
                and (published.year, published.month) == (self.start.year, self.start.month)
                and bool(THIS_MONTH.search(text.folded()))
            )
        if not self.days_of_month.isdisjoint(text.dates()):
            return True
        return published is not None and any(self.relative(day, text.folded(), published) for day in self.days)

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

QUOTE_MARKS = {"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "‚": "'"}
ELLIPSIS = re.compile(r"\s*(?:\[\s*(?:\.\.\.|…)\s*\]|\(\s*(?:\.\.\.|…)\s*\)|\.\.\.|…)\s*")


def comparable(text):
    if not text.isascii():
        for mark, plain in QUOTE_MARKS.items():  # eight str.replace run in C; str.translate looks up every character
            text = text.replace(mark, plain)
    return " ".join(text.split())


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


# ---------------------------------------------------------------- what rows need


class Need:
    """One thing a row states that an excerpt of its citations must carry: test(text, published) tells
    whether an excerpt (a Text) of a source published that day (or None) carries it."""

    __slots__ = ("where", "value", "what", "fix", "test", "not_from", "language")

    def __init__(self, path, line, column, value, what, fix, test, not_from=None, language=None):
        self.where = (path, line, column)
        self.value, self.what, self.fix, self.test = value, what, fix, test
        self.not_from = not_from  # a source_type whose excerpts alone do not carry it
        self.language = language  # the language of the sources whose excerpts may carry it

    def key(self, row_id):
        """(table, row id, column): how the exemptions name it."""
        return (self.where[0][len("data/") : -len(".csv")], row_id, self.where[2])


# A row of events, statistics or quotes is active unless its status says otherwise, even without a status column.
ACTIVE_UNLESS_SAID = ("status",)
EVENT_COLUMNS = ("event_id", "date_start", "date_end", *EVENT_NUMBERS, "date_precision", "status")
STATISTIC_COLUMNS = ("value", "statistic_id", "event_id", "as_of_date", "status")
QUOTE_COLUMNS = ("text_language", "text", "quote_id", "status")
SOURCE_COLUMNS = ("source_id", "published_date", "language", "source_type")


def event_needs(package, base_dir, event_days):
    """The needs of every active event; event_days gets each event's (date_start, date_end)."""
    path = "data/events.csv"
    fix = "cite a source whose excerpt gives this figure, or correct the figure and say why in notes"
    fix_date = "cite a source whose excerpt gives the date (or the weekday, in a source of that week), or correct date_start"
    for line, (event_id, start, end, *numbers, precision, status) in read_columns(package, base_dir, "events", EVENT_COLUMNS, ACTIVE_UNLESS_SAID):
        if status == "retracted":
            continue
        event_days[event_id] = (start, end)
        needs = []
        for column, value in zip(EVENT_NUMBERS, numbers):
            if value:
                number = int(value)
                test = lambda text, published, number=number, column=column: text.says_number(number, column)  # noqa: E731
                not_from = AGGREGATOR if column in DEATH_COUNTS else None
                needs.append(Need(path, line, column, value, "stands in no excerpt of the event's citations", fix, test, not_from))
        test = dated(start, end, precision).said_in
        needs.append(Need(path, line, "date_start", start, "is in no excerpt of the event's citations", fix_date, test))
        yield event_id, needs


def statistic_needs(package, base_dir, event_days):
    path = "data/statistics.csv"
    # A figure stated at an event is as of that event, whose own date the event's citations carry.
    rows = read_columns(package, base_dir, "statistics", STATISTIC_COLUMNS, ACTIVE_UNLESS_SAID)
    for line, (value, statistic_id, event_id, as_of_date, status) in rows:
        if status == "retracted":
            continue
        number = float(value)
        fix = "cite a source whose excerpt gives this value, or correct the value and say why in notes"
        test = lambda text, published, number=number: text.says_number(number)  # noqa: E731
        needs = [Need(path, line, "value", value, "stands in no excerpt of the statistic's citations", fix, test)]
        start, end = event_days.get(event_id, ("", ""))
        if as_of_date and not start <= as_of_date <= end:
            as_of = dated(as_of_date, as_of_date, "day")

            def test(text, published, as_of=as_of):
                return (published is not None and 0 <= (published - as_of.start).days <= 7) or as_of.said_in(text, published)

            fix = "give the date of a citing source's report, or cite an excerpt that dates the figure"
            what = "is in no excerpt and no citing source was published that day or in the week after"
            needs.append(Need(path, line, "as_of_date", as_of_date, what, fix, test))
        yield statistic_id, needs


def quote_needs(package, base_dir, event_days):
    path = "data/quotes.csv"
    fix = "copy text exactly from the excerpt of a cited source in text_language, or cite that source"
    for line, (language, words, quote_id, status) in read_columns(package, base_dir, "quotes", QUOTE_COLUMNS, ACTIVE_UNLESS_SAID):
        if status == "retracted":
            continue

        def test(text, published, words=words):
            return quoted_in(words, text.raw)

        what = f"lies in no excerpt of a cited source in {language}"
        yield quote_id, [Need(path, line, "text", words, what, fix, test, language=language)]


@functools.lru_cache(maxsize=4096)  # a source's date, read again for each of its citations
def published_on(day):
    return datetime.date.fromisoformat(day) if day else None


CITATION_COLUMNS = ("verification", "verified_on", "status", "event_id", "statistic_id", "quote_id", "source_id", "excerpt")
# What the check reads of the tables the search index reads too (tracker/csv_work.py).
COLUMNS_READ = {
    "events": EVENT_COLUMNS,
    "statistics": STATISTIC_COLUMNS,
    "quotes": QUOTE_COLUMNS,
    "sources": SOURCE_COLUMNS,
    "citations": CITATION_COLUMNS,
}


def evidence_problems(package, base_dir):
    # {row id: its needs} of each table: all of them (stated), and those no excerpt has carried yet (waiting).
    stated, waiting, event_days = {}, {}, {}
    for table, found in (("events", event_needs), ("statistics", statistic_needs), ("quotes", quote_needs)):
        stated[table] = dict(found(package, base_dir, event_days))
        waiting[table] = dict(stated[table])
    sources = {source_id: source for _, (source_id, *source) in read_columns(package, base_dir, "sources", SOURCE_COLUMNS)}
    for line, citation in read_columns(package, base_dir, "citations", CITATION_COLUMNS):
        verification, verified_on, status, event_id, statistic_id, quote_id, source_id, excerpt = citation
        if (verification == VERIFIED) != bool(verified_on):
            yield verification_problem(line, verification, verified_on)
        if status == "retracted":
            continue
        # A citation supports one row; the first of these columns set names it.
        table, target = ("events", event_id) if event_id else ("statistics", statistic_id) if statistic_id else ("quotes", quote_id)
        needs = waiting[table].get(target) if target else None
        if not needs:
            continue
        published_date, language, source_type = sources[source_id]
        published = published_on(published_date)
        text = Text(excerpt)
        kept = []
        for need in needs:
            if need.language not in (None, language) or not need.test(text, published):
                kept.append(need)
            elif need.not_from == source_type:
                need.what, need.fix = AGGREGATOR_ONLY
                kept.append(need)
        waiting[table][target] = kept  # a new list: the one in stated stays whole
    unmet = {need.key(target): need for by_target in waiting.values() for target, needs in by_target.items() for need in needs}
    yield from exemption_problems(package, base_dir, stated, unmet)
    for need in unmet.values():
        yield (*need.where, need.what, need.value, need.fix)


def exemption_problems(package, base_dir, stated, unmet):
    """Take the exempted values out of unmet; say which exemptions are stale or no longer needed
    (stated: {table: {row id: needs}})."""
    path = "data/evidence_exemptions.csv"
    columns = ("table_name", "row_id", "column_name", "value")
    for line, (table, row_id, column, value) in read_columns(package, base_dir, "evidence_exemptions", columns):
        key = (table, row_id, column)
        need = unmet.get(key)
        if need is not None and need.value == value:
            del unmet[key]
        elif need is not None:
            fix = f"check the new value against the excerpts; update or delete the exemption (the row says {need.value})"
            yield path, line, "value", "no longer matches the row", value, fix
        elif any(need.where[2] == column for need in stated.get(table, {}).get(row_id, ())):
            yield path, line, "row_id", "is exempted but an excerpt now states the value", row_id, "delete the exemption"
        else:
            fix = "name an active row of events or statistics and one of its figures or dates"
            yield path, line, "row_id", f"has no {column} to exempt in {table}", row_id, fix


def verification_problem(line, verification, verified_on):
    """The problem of a citation whose verified_on is not set exactly when its excerpt was verified."""
    path = "data/citations.csv"
    if verification == VERIFIED:
        fix = "give the date the excerpt was last found word for word at the source's URL"
        return path, line, "verified_on", "is empty on a verified citation", None, fix
    fix = f"empty verified_on, or set verification to {VERIFIED} if the excerpt was found word for word that day"
    return path, line, "verified_on", f"is set but verification is {verification}", verified_on, fix


def problems(package, base_dir):
    with collector_paused():
        return list(evidence_problems(package, base_dir))


def problems_or_what_is_lacking(package, base_dir):
    """problems(), or the one problem of a package without a table or column this check reads."""
    try:
        return problems(package, base_dir)
    except (KeyError, RuntimeError) as error:
        # rows() raises KeyError naming a missing column, and StopIteration (a RuntimeError in a generator) for a missing table.
        if not isinstance(error, KeyError) and not isinstance(error.__cause__, StopIteration):
            raise
        missing = f"column {error}" if isinstance(error, KeyError) else "a table"
        fix = "keep the tables and columns of the tracker's schema that tracker/evidence.py reads"
        return [("datapackage.json", 1, "-", "lacks what the evidence check reads", missing, fix)]
