"""Write a synthetic data package of the tracker's schema, for benchmarks.

    python bench/generate.py --events N OUTDIR

writes OUTDIR/datapackage.json (a copy of the project's) and OUTDIR/data/*.csv: N events and, in
proportion, actors, locations, sources, event_actors, quotes, statistics and about three citations
per event (≈ 6 rows per event in all). English, Arabic and Spanish text; skewed distributions like
the real record's (statements and boat strikes most common, a few places and speakers with most
events, 1% retracted rows). The same N always writes the same bytes. Every URL is on example.org or
example.com, so nothing here can be mistaken for a real source.
"""

import argparse
import bisect
import csv
import datetime
import json
import random
import re
import shutil
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIRST_DAY, STRIKES_FROM, DAYS = datetime.date(2025, 1, 20), datetime.date(2025, 9, 2), 560

# (English, Arabic, Spanish) phrases for titles, summaries, quotes and excerpts.
PHRASES = [
    ("we will not accept any intervention in our territory", "لن نقبل أي تدخل في أراضينا", "no aceptaremos ninguna intervención"),
    ("the cartels are terrorist organisations", "العصابات منظمات إرهابية", "los cárteles son organizaciones terroristas"),
    ("cooperation, yes; subordination, no", "التعاون نعم، والتبعية لا", "cooperación sí, subordinación no"),
    ("strikes on land could come next", "قد تأتي الضربات البرية بعد ذلك", "los ataques en tierra podrían ser lo siguiente"),
    ("fentanyl is killing our people", "الفنتانيل يقتل شعبنا", "el fentanilo está matando a nuestra gente"),
    ("we are coordinating closely with Mexico", "ننسّق عن كثب مع المكسيك", "coordinamos estrechamente con México"),
    ("every vessel we struck was carrying drugs", "كل قارب ضربناه كان يحمل مخدرات", "cada embarcación atacada llevaba drogas"),
    ("the evidence for these strikes has not been shown", "لم تُعرض الأدلة على هذه الضربات", "no se han mostrado las pruebas"),
    ("sovereignty is not negotiable", "السيادة ليست موضع تفاوض", "la soberanía no se negocia"),
    ("extraditions will continue under the treaty", "ستستمر عمليات التسليم بموجب المعاهدة", "las extradiciones continuarán"),
    ("tariffs will stay until the border is secure", "ستبقى الرسوم الجمركية حتى تصبح الحدود آمنة", "los aranceles seguirán"),
    ("Congress was not consulted", "لم يُستشر الكونغرس", "no se consultó al Congreso"),
    ("fentanyl seizures at the border fell", "تراجعت مضبوطات الفنتانيل على الحدود", "cayeron los decomisos de fentanilo"),
    ("the survivors were handed over to their country", "سُلّم الناجون إلى بلدهم", "los sobrevivientes fueron entregados"),
]
TOPICS = ["strikes", "sovereignty", "fentanyl", "extradition", "tariffs", "border security", "cartel finances", "arms trafficking"]
FIRST_NAMES = [("Carlos", "كارلوس"), ("María", "ماريا"), ("José", "خوسيه"), ("Ana", "آنا"), ("Luis", "لويس"), ("John", "جون")]
FIRST_NAMES += [("Sarah", "سارة"), ("Michael", "مايكل"), ("Laura", "لورا"), ("Omar", "عمر"), ("Rosa", "روزا"), ("David", "ديفيد")]
LAST_NAMES = [("García", "غارسيا"), ("Hernández", "هرنانديث"), ("López", "لوبيث"), ("Smith", "سميث"), ("Johnson", "جونسون")]
LAST_NAMES += [("Martínez", "مارتينيث"), ("Ramírez", "راميريث"), ("Brown", "براون"), ("Torres", "توريس"), ("Miller", "ميلر")]
ROLES = [("Secretary of Security", "وزير الأمن"), ("Senator", "عضو مجلس الشيوخ"), ("Governor", "حاكم الولاية")]
ROLES += [("Ambassador", "السفير"), ("Spokesperson", "المتحدث الرسمي"), ("Admiral", "الأميرال"), ("Prosecutor", "المدعي العام")]
NAMED_ACTORS = [  # id, English, Arabic, type, country, aliases
    ("donald-trump", "Donald Trump", "دونالد ترامب", "person", "US", "ترمب | دونالد ترمب | President Trump"),
    ("claudia-sheinbaum", "Claudia Sheinbaum", "كلوديا شينباوم", "person", "MX", "شينبوم | كلاوديا شينبوم | Sheinbaum Pardo"),
    ("marco-rubio", "Marco Rubio", "ماركو روبيو", "person", "US", "روبيو | Secretary Rubio"),
    ("pete-hegseth", "Pete Hegseth", "بيت هيغسيث", "person", "US", "هيجسيث | Secretary Hegseth"),
    ("us-military", "U.S. armed forces", "القوات المسلحة الأميركية", "armed_forces", "US", "U.S. military"),
    ("government-of-mexico", "Government of Mexico", "الحكومة المكسيكية", "government_body", "MX", "Mexican government"),
    ("sinaloa-cartel", "Sinaloa Cartel", "كارتل سينالوا", "criminal_organization", "MX", "Cártel de Sinaloa | سينالوا"),
    ("cjng", "Jalisco New Generation Cartel", "كارتل خاليسكو الجيل الجديد", "criminal_organization", "MX", "CJNG"),
    ("united-nations", "United Nations", "الأمم المتحدة", "international_body", "", "UN | ONU"),
]
PLACES = [  # English, Arabic, country, latitude, longitude, type; the three sea areas come first
    ("Caribbean Sea", "البحر الكاريبي", "", 15.0, -75.0, "sea_area"),
    ("Eastern Pacific Ocean", "شرق المحيط الهادئ", "", 10.0, -95.0, "sea_area"),
    ("Gulf of Mexico", "خليج المكسيك", "", 25.0, -90.0, "sea_area"),
    ("Mexico City", "مكسيكو سيتي", "MX", 19.4326, -99.1332, "city"),
    ("Washington, D.C.", "واشنطن العاصمة", "US", 38.9072, -77.0369, "city"),
    ("Culiacán", "كولياكان", "MX", 24.8091, -107.394, "city"),
    ("Tijuana", "تيخوانا", "MX", 32.5149, -117.0382, "city"),
    ("Ciudad Juárez", "سيوداد خواريث", "MX", 31.6904, -106.4245, "city"),
    ("Caracas", "كاراكاس", "VE", 10.4806, -66.9036, "city"),
    ("Miami", "ميامي", "US", 25.7617, -80.1918, "city"),
    ("Mexico", "المكسيك", "MX", 23.6345, -102.5528, "country"),
    ("Sinaloa", "ولاية سينالوا", "MX", 25.1721, -107.4795, "region"),
]
PRECISION = {"site": 1, "city": 2, "region": 3, "country": 4, "sea_area": 5}
EVENT_TYPES = {  # type: (weight, English title, Arabic title)
    "statement": (25, "{actor}: “{phrase}”", "{actor_ar}: «{phrase_ar}»"),
    "lethal_strike": (16, "US strike on a vessel in the {place} kills {n}", "ضربة أميركية على قارب في {place_ar} تقتل {n}"),
    "press_conference": (8, "{actor} on {topic} at a press conference in {place}", "{actor_ar} في مؤتمر صحفي في {place_ar}"),
    "media_report": (8, "Report: {phrase}", "تقرير: {phrase_ar}"),
    "capture_or_arrest": (6, "Cartel figure arrested in {place}", "اعتقال أحد أفراد العصابات في {place_ar}"),
    "meeting": (6, "{actor} meets officials in {place} on {topic}", "{actor_ar} يلتقي مسؤولين في {place_ar}"),
    "phone_call": (5, "{actor} holds a call on {topic}", "{actor_ar} يجري اتصالًا هاتفيًا"),
    "interview": (5, "{actor} interviewed about {topic}", "مقابلة مع {actor_ar}"),
    "military_deployment": (3, "Forces deployed near {place}", "نشر قوات قرب {place_ar}"),
    "military_operation": (3, "Operation near {place}", "عملية عسكرية قرب {place_ar}"),
    "policy_proposal": (3, "{actor} proposes {n} measures on {topic}", "{actor_ar} يقترح {n} إجراءات"),
    "legislative_action": (3, "Vote on war powers after {n} strikes", "تصويت على صلاحيات الحرب بعد {n} ضربات"),
    "transfer_of_custody": (2, "Mexico transfers {n} detainees to the United States", "المكسيك تنقل {n} محتجزين إلى الولايات المتحدة"),
    "designation": (2, "Cartel designated a terrorist organisation", "تصنيف عصابة منظمة إرهابية"),
    "agreement": (2, "Security agreement reached in {place}", "التوصل إلى اتفاق أمني في {place_ar}"),
    "protest": (2, "Protest in {place} against intervention", "احتجاج في {place_ar} ضد التدخل"),
    "executive_order": (1, "Executive order on {topic} signed", "توقيع أمر تنفيذي"),
    "legal_opinion": (1, "Legal opinion on the strikes circulated", "تداول رأي قانوني بشأن الضربات"),
}
SPEECH = ("statement", "interview", "press_conference")
METRICS = [  # metric, English, Arabic, unit, low, high, weight
    ("overdose-deaths", "Overdose deaths", "وفيات الجرعات الزائدة", "people", 50000, 110000, 3),
    ("fentanyl-seized-kg", "Fentanyl seized", "الفنتانيل المضبوط", "kg", 100, 20000, 4),
    ("homicides", "Homicides", "جرائم القتل", "people", 1000, 30000, 3),
    ("extraditions", "People extradited or transferred", "المسلَّمون أو المنقولون", "people", 1, 60, 2),
    ("migrant-encounters", "Migrant encounters at the border", "حالات توقيف المهاجرين على الحدود", "encounters", 5000, 250000, 3),
    ("boat-strikes-count-cumulative", "Strikes on boats to date", "الضربات على القوارب حتى تاريخه", "strikes", 1, 300, 1),
    ("boat-strikes-killed-cumulative", "People killed in strikes to date", "القتلى في الضربات حتى تاريخه", "people", 1, 1200, 1),
]
OUTLETS = [  # name, id prefix, language, host, weight
    ("Example Wire", "wire", "en", "example.org", 10),
    ("Example Times", "times", "en", "example.com", 6),
    ("Diario Ejemplo", "diario", "es", "example.org", 7),
    ("Noticias Ejemplo", "noticias", "es", "example.com", 4),
    ("صحيفة المثال", "almithal", "ar", "example.org", 3),
    ("Example Department of State", "state", "en", "example.com", 4),
    ("Gobierno Ejemplo", "gobierno", "es", "example.com", 3),
]
SOURCE_TYPES = {"news_report": 60, "government_statement": 12, "press_conference": 8, "official_data": 6, "social_media_post": 6}
SOURCE_TYPES.update({"analysis": 5, "legislative_record": 3})
LANGUAGE = {"en": 0, "ar": 1, "es": 2}  # index into a phrase


def cap(text):
    return text[0].upper() + text[1:]


def slug(text, limit=60):
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower())[:limit].strip("-") or "x"


class Generator:
    """Builds every table as a list of {column: value} dicts; columns left out are written empty."""

    def __init__(self, events, seed=None):
        self.n = events
        self.rng = random.Random(20250120 + events if seed is None else seed)
        self.built = {}

    def pick(self, weights):
        """A key of a {value: weight} dict, drawn by weight."""
        return self.rng.choices(list(weights), list(weights.values()))[0]

    def skewed(self, items):
        """The first items come up far more often, like the real record's busiest places and speakers."""
        return items[int(len(items) * self.rng.random() ** 3)]

    def day(self, after=FIRST_DAY):
        """A date after `after`; more happens later in the period."""
        span = DAYS - (after - FIRST_DAY).days
        return after + datetime.timedelta(days=int(span * self.rng.random() ** 0.7))

    def status(self, what):
        if self.rng.random() < 0.01:
            return {"status": "retracted", "status_note": f"This {what} was found wrong; see the corrected row."}
        return {"status": "active"}

    def tables(self):
        """Every table, in an order where each one can refer to those before it."""
        for table in ("actors", "locations", "sources", "events", "quotes", "statistics", "citations"):
            self.built[table] = getattr(self, table)()
            if table == "events":
                self.built["event_actors"] = self.event_actors
        self.built["evidence_exemptions"] = []
        return self.built

    def actors(self):
        rows = [
            dict(actor_id=a[0], name_en=a[1], name_ar=a[2], actor_type=a[3], country=a[4], aliases=a[5], status="active")
            for a in NAMED_ACTORS
        ]
        for i in range(30 + self.n // 100):
            (first, first_ar), (last, last_ar) = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
            role, role_ar = self.rng.choice(ROLES)
            kind = self.pick({"person": 70, "government_body": 15, "armed_forces": 5, "criminal_organization": 7, "media": 3})
            name, name_ar = (
                (f"{first} {last}", f"{first_ar} {last_ar}") if kind == "person" else (f"{last} {role} Office", f"مكتب {role_ar}")
            )
            aliases = f"{last_ar} | {last}" if self.rng.random() < 0.4 else ""
            country = self.rng.choice(["US", "MX", "MX", "VE", "CO"])
            rows.append(dict(actor_id=f"{slug(name)}-{i}", name_en=name, name_ar=name_ar, actor_type=kind, country=country))
            rows[-1].update(role_en=role, role_ar=role_ar, aliases=aliases, **self.status("actor"))
        self.people = [a["actor_id"] for a in rows if a["actor_type"] == "person"]
        self.actor_ids = [a["actor_id"] for a in rows]
        self.names = {a["actor_id"]: (a["name_en"], a["name_ar"]) for a in rows}
        return rows

    def locations(self):
        rows = []
        for name, name_ar, country, lat, lon, kind in PLACES:
            rows.append(dict(location_id=slug(name), name_en=name, name_ar=name_ar, country=country, status="active"))
            rows[-1].update(latitude=f"{lat:.4f}", longitude=f"{lon:.4f}", geo_precision=PRECISION[kind], location_type=kind)
        for i in range(20 + self.n // 200):
            base = self.rng.choice(PLACES[3:10])
            kind = self.pick({"site": 50, "city": 30, "region": 20})
            name = f"{kind.title()} {i} near {base[0]}"
            lat, lon = base[3] + self.rng.uniform(-0.5, 0.5), base[4] + self.rng.uniform(-0.5, 0.5)
            rows.append(dict(location_id=slug(name), name_en=name, name_ar=f"موقع {i} قرب {base[1]}", country=base[2]))
            rows[-1].update(latitude=f"{lat:.4f}", longitude=f"{lon:.4f}", geo_precision=PRECISION[kind], location_type=kind)
            rows[-1].update(self.status("location"))
        self.places = [(r["location_id"], r["name_en"], r["name_ar"]) for r in rows]
        return rows

    def sources(self):
        rows, days = [], []
        for i in range(max(20, self.n // 4)):
            name, prefix, language, host, _ = self.rng.choices(OUTLETS, [o[4] for o in OUTLETS])[0]
            published, phrase = self.day(), self.rng.choice(PHRASES)
            url = f"https://{host}/{published:%Y/%m/%d}/{slug(phrase[0], 40)}-{i}" + (f"?page=2&lang={language}" if i % 9 == 0 else "")
            via = self.rng.choice(rows)["source_id"] if rows and self.rng.random() < 0.03 else ""
            rows.append(dict(source_id=f"{prefix}-{published}-{i}", outlet=name, title=cap(phrase[LANGUAGE[language]]), url=url))
            rows[-1].update(published_date="" if self.rng.random() < 0.03 else published, language=language)
            rows[-1].update(source_type=self.pick(SOURCE_TYPES), via_source_id=via, notes="Republished copy." if via else "")
            rows[-1].update(self.status("source"))
            days.append(published)
        # Citations pick sources published near what they support: sources in date order.
        by_day = sorted(zip(days, range(len(rows))))
        self.source_days = [day for day, _ in by_day]
        self.source_ids = [(rows[k]["source_id"], rows[k]["language"]) for _, k in by_day]
        return rows

    def events(self):
        rows, self.event_actors = [], []
        types = {kind: spec[0] for kind, spec in EVENT_TYPES.items()}
        for i in range(self.n):
            kind = self.pick(types)
            start = self.day(STRIKES_FROM if kind == "lethal_strike" else FIRST_DAY)
            precision = self.pick({"day": 90, "week": 5, "month": 4, "year": 1})
            end = start + datetime.timedelta(days={"day": 0, "week": 6, "month": 29, "year": 364}[precision])
            place = self.rng.choice(self.places[:3]) if kind == "lethal_strike" else self.skewed(self.places[3:])
            actor, phrase = self.skewed(self.people), self.rng.choice(PHRASES)
            row = dict(date_start=start, date_end=end, date_precision=precision, event_type=kind, location_id=place[0])
            if kind == "lethal_strike":
                killed = self.pick({2: 20, 3: 25, 4: 15, 6: 10, 11: 5, 0: 2, 14: 1})
                row.update(vessels=self.pick({1: 85, 2: 12, 3: 3}), killed_low=killed, killed_high=killed + self.pick({0: 85, 1: 10, 3: 5}))
                row.update(survivors=self.pick({0: 90, 1: 6, 2: 4}))
            words = dict(actor=self.names[actor][0], actor_ar=self.names[actor][1], place=place[1], place_ar=place[2])
            words.update(phrase=phrase[0], phrase_ar=phrase[1], topic=self.rng.choice(TOPICS), n=row.get("killed_low", i % 27 + 2))
            title, title_ar = (template.format(**words) for template in EVENT_TYPES[kind][1:])
            row.update(event_id=f"{start}-{slug(title, 50)}-{i}", title_en=title, title_ar=title_ar)
            row["summary_en"] = f'{title}. Officials said that {phrase[0]}; the report, quoting "a senior official", was not confirmed.'
            row["summary_ar"] = f"{title_ar}. وقال مسؤولون إن {phrase[1]}، ولم يتسنّ التحقق من ذلك بشكل مستقل."
            row.update(certainty=self.pick({"confirmed": 55, "reported": 30, "alleged": 10, "planned": 5}), **self.status("event"))
            if self.rng.random() < 0.05:
                row["location_id"] = ""
            if self.rng.random() < 0.1:
                row["notes"] = "Date from the first report."
            rows.append(row)
            others = [self.skewed(self.actor_ids) for _ in range(self.pick({0: 55, 1: 35, 2: 10}))]
            roles = ["speaker" if kind in SPEECH else "initiator", "target", "participant"]
            for who, role in zip(dict.fromkeys([actor] + others), roles):
                self.event_actors.append(dict(event_id=row["event_id"], actor_id=who, role=role))
        self.speech_events = [(r["event_id"], r["date_start"]) for r in rows if r["event_type"] in SPEECH]
        return rows

    def quotes(self):
        rows = []
        notes = {"en": "Arabic: translation by this dataset.", "es": "English and Arabic: translation by this dataset."}
        notes["ar"] = "English: translation by this dataset."
        for i in range(self.n // 5):
            event_id, said = self.rng.choice(self.speech_events) if self.rng.random() < 0.7 else ("", self.day())
            speaker, language, phrase = self.skewed(self.people), self.pick({"en": 50, "es": 35, "ar": 15}), self.rng.choice(PHRASES)
            rows.append(
                dict(quote_id=f"q-{said}-{speaker}-{i}", speaker_id=speaker, event_id=event_id, said_date=said, date_precision="day")
            )
            rows[-1].update(text=cap(phrase[LANGUAGE[language]]), text_language=language, text_en=cap(phrase[0]), text_ar=phrase[1])
            rows[-1].update(translation_note=notes[language], quote_kind=self.pick({"direct": 60, "partial": 25, "paraphrase": 15}))
            if self.rng.random() < 0.3:
                rows[-1].update(context_en=f"Asked about {self.rng.choice(TOPICS)}.", context_ar="ردًا على سؤال.")
            rows[-1].update(self.status("quote"))
        return rows

    def statistics(self):
        rows, figures = [], {}
        for i in range(max(2, self.n // 20)):
            metric, label, label_ar, unit, low, high, _ = self.rng.choices(METRICS, [m[6] for m in METRICS])[0]
            kind = self.pick({"official_figure": 40, "reported_tally": 25, "estimate": 15, "claim": 20})
            # A claim is read against an earlier figure of the same metric, and overstates it.
            compare = self.rng.choice(figures[metric]) if kind == "claim" and figures.get(metric) else ""
            value = int(self.rng.randint(low, high) * (1.4 if compare else 1))
            day = self.day()
            row = dict(
                statistic_id=f"st-{metric}-{day}-{i}", metric=metric, label_en=f"{label}, {day.year}", label_ar=f"{label_ar} {day.year}"
            )
            row.update(value=f"{value}.{i % 10}" if unit == "kg" else value, unit=unit, statistic_kind=kind, compare_with_id=compare)
            row.update(value_qualifier=self.pick({"exact": 40, "approximately": 30, "at_least": 10, "more_than": 15, "up_to": 5}))
            if kind == "official_figure":
                row.update(period_start=f"{day.year}-01-01", period_end=f"{day.year}-12-31")
            else:
                row.update(as_of_date=day)
            row.update(geography=self.rng.choice(["United States", "Mexico", ""]), **self.status("statistic"))
            if self.rng.random() < 0.8:
                row["stated_by"] = self.skewed(self.actor_ids)
            if self.rng.random() < 0.3:
                row["event_id"] = self.rng.choice(self.speech_events)[0]
            rows.append(row)
            if kind != "claim":
                figures.setdefault(metric, []).append(row["statistic_id"])
        return rows

    def citations(self):
        rows = []
        targets = [("event_id", e["event_id"], e["date_start"], {1: 15, 2: 30, 3: 35, 4: 20}, e) for e in self.built["events"]]
        targets += [("quote_id", q["quote_id"], q["said_date"], {1: 85, 2: 15}, q) for q in self.built["quotes"]]
        days = ((s, s.get("as_of_date") or s["period_start"]) for s in self.built["statistics"])
        targets += [("statistic_id", s["statistic_id"], day, {1: 90, 2: 10}, s) for s, day in days]
        for column, target, day, counts, row in targets:
            near = bisect.bisect_left(self.source_days, datetime.date.fromisoformat(str(day)))
            for n in range(self.pick(counts)):
                source, language = self.source_ids[max(0, min(len(self.source_ids) - 1, near + self.rng.randint(0, 20)))]
                if column == "quote_id" and n == 0:  # the quote's words, in a source of its language
                    source, language = self.near_source_in(row["text_language"], near)
                phrase = self.rng.choice(PHRASES)
                excerpt = {"en": f"“{cap(phrase[0])},” the official said.", "es": f"«{cap(phrase[2])}», dijo el funcionario."}
                excerpt["ar"] = f"«{phrase[1]}»، قال المسؤول."
                excerpt = excerpt[language] + (" " + evidence_of(column, row, language) if n == 0 else "")
                rows.append({"citation_id": f"c-{len(rows) + 1:07d}", "source_id": source, column: target, "excerpt": excerpt})
                status = self.status("citation") if n else {"status": "active"}  # the evidence stays active
                rows[-1].update(locator=f"para {self.rng.randint(1, 12)}", verification="not_checked", **status)
        return rows

    def near_source_in(self, language, near):
        """The first source in the given language from `near` on in date order (or before it)."""
        order = list(range(near, len(self.source_ids))) + list(range(near - 1, -1, -1))
        return next(self.source_ids[i] for i in order if self.source_ids[i][1] == language)


MONTHS = {
    "en": "January February March April May June July August September October November December".split(),
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split(),
    "ar": "يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر".split(),
}
ZERO_WORD = {"en": "zero", "es": "cero", "ar": "صفر"}


def evidence_of(column, row, language):
    """A sentence carrying what the row states (its date and figures, or a quote's words), so that the
    build's evidence check passes on generated data as it must on real data."""
    if column == "quote_id":
        return f"«{row['text']}»"
    day = datetime.date.fromisoformat(str(row.get("date_start") or row.get("as_of_date") or row["period_start"]))
    month = MONTHS[language][day.month - 1]
    date = {"en": f"{month} {day.day}, {day.year}", "es": f"{day.day} de {month} de {day.year}", "ar": f"{day.day} {month} {day.year}"}
    figures = [row.get(c) for c in ("vessels", "killed_low", "killed_high", "survivors", "value") if row.get(c) not in (None, "")]
    figures = " / ".join(str(f) if str(f) not in ("0", "0.0") else ZERO_WORD[language] for f in figures)
    return f"{date[language]}: {figures}." if figures else f"{date[language]}."


def write_package(outdir, events, seed=None):
    """Write OUTDIR/datapackage.json and OUTDIR/data/*.csv; return {table: row count}."""
    outdir = Path(outdir)
    (outdir / "data").mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "datapackage.json", outdir / "datapackage.json")
    package = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    tables = Generator(events, seed).tables()
    for resource in package["resources"]:
        columns = [field["name"] for field in resource["schema"]["fields"]]
        with open(outdir / resource["path"], "w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, columns, restval="", extrasaction="raise", lineterminator="\n")
            writer.writeheader()
            writer.writerows(tables[resource["name"]])
    return {name: len(rows) for name, rows in tables.items()}


def main(argv=None):
    parser = argparse.ArgumentParser(description="Write a synthetic tracker data package for benchmarks.")
    parser.add_argument("--events", type=int, required=True, help="number of events; the other tables are sized from it")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: derived from --events)")
    parser.add_argument("outdir", help="directory to write datapackage.json and data/ into")
    args = parser.parse_args(argv)
    counts = write_package(args.outdir, args.events, args.seed)
    print(", ".join(f"{name} {n}" for name, n in counts.items()), f"= {sum(counts.values())} rows in {args.outdir}")


if __name__ == "__main__":
    main()
