"""Write a synthetic data package of the tracker's schema for benchmarks.

    python bench/generate.py --events N OUTDIR

OUTDIR/datapackage.json (a copy of the project's) and OUTDIR/data/*.csv with N events and, in
proportion, actors, locations, sources, event_actors, quotes, statistics and about three citations
per event (~5.5 rows per event in all). English, Arabic and Spanish text; skewed value
distributions like the real record (many statements and strikes, a few places with most events,
1% retracted rows). The same N always gives the same bytes. Every URL is on example.org or
example.com: nothing here is a real source.
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
FIRST_DAY = datetime.date(2025, 1, 20)
STRIKES_FROM = datetime.date(2025, 9, 2)
DAYS = 560  # to mid-2026

# (english, arabic, spanish) phrases for titles, summaries, quotes and excerpts.
PHRASES = [
    (
        "we will not accept any intervention in our territory",
        "لن نقبل أي تدخل في أراضينا",
        "no aceptaremos ninguna intervención en nuestro territorio",
    ),
    (
        "the cartels are terrorist organisations and will be treated as such",
        "العصابات منظمات إرهابية وستُعامل على هذا الأساس",
        "los cárteles son organizaciones terroristas y serán tratados como tales",
    ),
    ("cooperation, yes; subordination, no", "التعاون نعم، والتبعية لا", "cooperación sí, subordinación no"),
    ("strikes on land could come next", "قد تأتي الضربات البرية بعد ذلك", "los ataques en tierra podrían ser lo siguiente"),
    ("fentanyl is killing our people", "الفنتانيل يقتل شعبنا", "el fentanilo está matando a nuestra gente"),
    (
        "we are coordinating closely with our Mexican counterparts",
        "ننسّق عن كثب مع نظرائنا المكسيكيين",
        "coordinamos estrechamente con nuestras contrapartes mexicanas",
    ),
    ("every vessel we struck was carrying drugs", "كل قارب ضربناه كان يحمل مخدرات", "cada embarcación atacada llevaba drogas"),
    (
        "the evidence for these strikes has not been shown",
        "لم تُعرض الأدلة على هذه الضربات",
        "no se han mostrado las pruebas de estos ataques",
    ),
    ("sovereignty is not negotiable", "السيادة ليست موضع تفاوض", "la soberanía no se negocia"),
    (
        "extraditions will continue under the treaty",
        "ستستمر عمليات التسليم بموجب المعاهدة",
        "las extradiciones continuarán conforme al tratado",
    ),
    (
        "tariffs will stay until the border is secure",
        "ستبقى الرسوم الجمركية حتى تصبح الحدود آمنة",
        "los aranceles seguirán hasta que la frontera sea segura",
    ),
    (
        "Congress was not consulted before the operation",
        "لم يُستشر الكونغرس قبل العملية",
        "no se consultó al Congreso antes de la operación",
    ),
    (
        "seizures of fentanyl at the border fell sharply",
        "تراجعت مضبوطات الفنتانيل على الحدود بشدة",
        "los decomisos de fentanilo en la frontera cayeron",
    ),
    ("the survivors were handed over to their country", "سُلّم الناجون إلى بلدهم", "los sobrevivientes fueron entregados a su país"),
]
TOPICS = ["strikes", "sovereignty", "fentanyl", "extradition", "tariffs", "border security", "cartel finances", "arms trafficking"]
PEOPLE_FIRST = [
    ("Carlos", "كارلوس"),
    ("María", "ماريا"),
    ("José", "خوسيه"),
    ("Ana", "آنا"),
    ("Luis", "لويس"),
    ("John", "جون"),
    ("Sarah", "سارة"),
    ("Michael", "مايكل"),
    ("Laura", "لورا"),
    ("Omar", "عمر"),
    ("Rosa", "روزا"),
    ("David", "ديفيد"),
]
PEOPLE_LAST = [
    ("García", "غارسيا"),
    ("Hernández", "هرنانديث"),
    ("López", "لوبيث"),
    ("Smith", "سميث"),
    ("Johnson", "جونسون"),
    ("Martínez", "مارتينيث"),
    ("Ramírez", "راميريث"),
    ("Brown", "براون"),
    ("Torres", "توريس"),
    ("Miller", "ميلر"),
]
ROLES = [
    ("Secretary of Security", "وزير الأمن"),
    ("Senator", "عضو مجلس الشيوخ"),
    ("Governor", "حاكم الولاية"),
    ("Ambassador", "السفير"),
    ("Spokesperson", "المتحدث الرسمي"),
    ("Admiral", "الأميرال"),
    ("Prosecutor", "المدعي العام"),
]
NAMED = [  # id, en, ar, type, country, aliases
    ("donald-trump", "Donald Trump", "دونالد ترامب", "person", "US", "ترمب | دونالد ترمب | President Trump"),
    ("claudia-sheinbaum", "Claudia Sheinbaum", "كلوديا شينباوم", "person", "MX", "شينبوم | كلاوديا شينبوم | Sheinbaum Pardo"),
    ("marco-rubio", "Marco Rubio", "ماركو روبيو", "person", "US", "روبيو | Secretary Rubio"),
    ("pete-hegseth", "Pete Hegseth", "بيت هيغسيث", "person", "US", "هيجسيث | Secretary Hegseth"),
    ("us-military", "U.S. armed forces", "القوات المسلحة الأميركية", "armed_forces", "US", "U.S. military"),
    ("government-of-mexico", "Government of Mexico", "الحكومة المكسيكية", "government_body", "MX", "Mexican government"),
    ("sinaloa-cartel", "Sinaloa Cartel", "كارتل سينالوا", "criminal_organization", "MX", "Cártel de Sinaloa | سينالوا"),
    ("cjng", "Jalisco New Generation Cartel", "كارتل خاليسكو الجيل الجديد", "criminal_organization", "MX", "CJNG | Cártel de Jalisco"),
    ("tren-de-aragua", "Tren de Aragua", "ترين دي أراغوا", "criminal_organization", "VE", "TdA"),
    ("united-nations", "United Nations", "الأمم المتحدة", "international_body", "", "UN | ONU"),
]
PLACES = [  # en, ar, country, lat, lon, type
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
    ("Venezuela", "فنزويلا", "VE", 6.4238, -66.5897, "country"),
    ("Sinaloa", "ولاية سينالوا", "MX", 25.1721, -107.4795, "region"),
]
PRECISION = {"site": 1, "city": 2, "region": 3, "country": 4, "sea_area": 5}
EVENT_TYPES = {  # weight, english title, arabic title
    "statement": (25, "{actor}: “{phrase}”", "{actor_ar}: «{phrase_ar}»"),
    "lethal_strike": (16, "US strike on a vessel in {place} kills {n}", "ضربة أميركية على قارب في {place_ar} تقتل {n}"),
    "press_conference": (8, "{actor} on {topic} at a press conference in {place}", "{actor_ar} يتحدث في مؤتمر صحفي في {place_ar}"),
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
METRICS = [  # metric, english, arabic, unit, low, high, weight
    ("overdose-deaths", "Overdose deaths", "وفيات الجرعات الزائدة", "people", 50000, 110000, 3),
    ("fentanyl-seized-kg", "Fentanyl seized", "الفنتانيل المضبوط", "kg", 100, 20000, 4),
    ("homicides", "Homicides", "جرائم القتل", "people", 1000, 30000, 3),
    ("extraditions", "People extradited or transferred", "المسلَّمون أو المنقولون", "people", 1, 60, 2),
    ("migrant-encounters", "Migrant encounters at the border", "حالات توقيف المهاجرين على الحدود", "encounters", 5000, 250000, 3),
    ("boat-strikes-count-cumulative", "Strikes on boats to date", "عدد الضربات على القوارب حتى تاريخه", "strikes", 1, 300, 1),
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
    ("Example Tracker", "tracker", "en", "example.org", 2),
]
SOURCE_TYPES = {
    "news_report": 60,
    "government_statement": 12,
    "press_conference": 8,
    "official_data": 6,
    "social_media_post": 6,
    "analysis": 5,
    "legislative_record": 3,
}


def cap(text):
    return text[0].upper() + text[1:]


def slug(text, limit=60):
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:limit].strip("-") or "x"


class Generator:
    def __init__(self, events, seed=None):
        self.n = events
        self.rng = random.Random(20250120 + events if seed is None else seed)
        self.rows = {}

    def pick(self, weights):
        """A key of a {value: weight} dict."""
        return self.rng.choices(list(weights), list(weights.values()))[0]

    def zipf(self, items):
        """Skewed choice: the first items are picked far more often, like the real record's places and speakers."""
        return items[int(len(items) * self.rng.random() ** 3)]

    def day(self, after=FIRST_DAY):
        # More happens later: the density grows through the period.
        span = DAYS - (after - FIRST_DAY).days
        return after + datetime.timedelta(days=int(span * self.rng.random() ** 0.7))

    def status(self, what):
        if self.rng.random() < 0.01:
            return "retracted", f"This {what} was found wrong; see the corrected row."
        return "active", ""

    def all(self):
        self.actors()
        self.locations()
        self.sources()
        self.events()
        self.quotes()
        self.statistics()
        self.citations()
        return self.rows

    def actors(self):
        rows = [
            [*named[:4], named[4], "Public figure" if named[3] == "person" else "Organisation", "شخصية عامة", named[5], "", "active", ""]
            for named in NAMED
        ]
        for i in range(30 + self.n // 100):
            (first, first_ar), (last, last_ar) = self.rng.choice(PEOPLE_FIRST), self.rng.choice(PEOPLE_LAST)
            role, role_ar = self.rng.choice(ROLES)
            kind = self.pick({"person": 70, "government_body": 15, "armed_forces": 5, "criminal_organization": 7, "media": 3})
            name, name_ar = (
                (f"{first} {last}", f"{first_ar} {last_ar}") if kind == "person" else (f"{last} {role} Office", f"مكتب {role_ar} {last_ar}")
            )
            rows.append(
                [
                    f"{slug(name)}-{i}",
                    name,
                    name_ar,
                    kind,
                    self.rng.choice(["US", "MX", "MX", "VE", "CO"]),
                    role,
                    role_ar,
                    f"{last_ar} | {name.split()[-1]}" if self.rng.random() < 0.4 else "",
                    "",
                    *self.status("actor"),
                ]
            )
        self.rows["actors"] = rows
        self.people = [r[0] for r in rows if r[3] == "person"]
        self.actor_ids = [r[0] for r in rows]
        self.actor_names = {r[0]: (r[1], r[2]) for r in rows}

    def locations(self):
        rows = [
            [
                slug(p[0]),
                p[0],
                p[1],
                p[2],
                f"{p[3]:.4f}",
                f"{p[4]:.4f}",
                PRECISION[p[5]],
                p[5],
                "Centroid." if p[5] == "sea_area" else "",
                "active",
                "",
            ]
            for p in PLACES
        ]
        for i in range(20 + self.n // 200):
            base = self.rng.choice(PLACES[3:10])
            kind = self.pick({"site": 50, "city": 30, "region": 20})
            name = f"{'Site' if kind == 'site' else 'District' if kind == 'city' else 'Area'} {i} near {base[0]}"
            rows.append(
                [
                    f"{slug(name)}",
                    name,
                    f"موقع {i} قرب {base[1]}",
                    base[2],
                    f"{base[3] + self.rng.uniform(-0.5, 0.5):.4f}",
                    f"{base[4] + self.rng.uniform(-0.5, 0.5):.4f}",
                    PRECISION[kind],
                    kind,
                    "",
                    *self.status("location"),
                ]
            )
        self.rows["locations"] = rows
        self.places = [(r[0], r[1], r[2]) for r in rows]
        self.seas = self.places[:3]

    def sources(self):
        rows, dates = [], []
        for i in range(max(20, self.n // 4)):
            name, prefix, language, host, _ = self.rng.choices(OUTLETS, [o[4] for o in OUTLETS])[0]
            published = self.day()
            phrase = self.rng.choice(PHRASES)
            title = {"en": cap(phrase[0]), "ar": phrase[1], "es": cap(phrase[2])}[language]
            via = rows[self.rng.randrange(len(rows))][0] if rows and self.rng.random() < 0.03 else ""
            source_id = f"{prefix}-{published}-{i}"
            url = f"https://{host}/{published:%Y/%m/%d}/{slug(phrase[0], 40)}-{i}" + ("?page=2&lang=" + language if i % 9 == 0 else "")
            rows.append(
                [
                    source_id,
                    name,
                    title,
                    url,
                    "" if self.rng.random() < 0.03 else published.isoformat(),
                    language,
                    self.pick(SOURCE_TYPES),
                    via,
                    "Republished copy." if via else "",
                    *self.status("source"),
                ]
            )
            dates.append(published)
        # Citations pick sources published near the event they support.
        order = sorted(range(len(rows)), key=lambda k: (dates[k], k))
        self.source_days = [dates[k] for k in order]
        self.source_ids = [rows[k][0] for k in order]
        self.source_language = {r[0]: r[5] for r in rows}
        self.rows["sources"] = rows

    def events(self):
        rows, links = [], []
        types = {t: spec[0] for t, spec in EVENT_TYPES.items()}
        for i in range(self.n):
            kind = self.pick(types)
            start = self.day(STRIKES_FROM if kind == "lethal_strike" else FIRST_DAY)
            precision = self.pick({"day": 90, "week": 5, "month": 4, "year": 1})
            end = start + datetime.timedelta(days={"day": 0, "week": 6, "month": 29, "year": 364}[precision])
            place = self.rng.choice(self.seas) if kind == "lethal_strike" else self.zipf(self.places[3:])
            actor = self.zipf(self.people)
            phrase = self.rng.choice(PHRASES)
            killed = vessels = survivors = high = ""
            if kind == "lethal_strike":
                vessels, killed = self.pick({1: 85, 2: 12, 3: 3}), self.pick({2: 20, 3: 25, 4: 15, 6: 10, 11: 5, 0: 2, 14: 1})
                high, survivors = killed + self.pick({0: 85, 1: 10, 3: 5}), self.pick({0: 90, 1: 6, 2: 4})
            values = {
                "actor": self.actor_names[actor][0],
                "actor_ar": self.actor_names[actor][1],
                "place": place[1],
                "place_ar": place[2],
                "phrase": phrase[0],
                "phrase_ar": phrase[1],
                "topic": self.rng.choice(TOPICS),
                "n": self.rng.randint(2, 29) if killed == "" else killed,
            }
            title, title_ar = (template.format(**values) for template in EVENT_TYPES[kind][1:])
            event_id = f"{start}-{slug(title, 50)}-{i}"
            summary = f'{title}. Officials said that {phrase[0]}; the report, quoting "a senior official", was not confirmed independently.'
            summary_ar = f"{title_ar}. وقال مسؤولون إن {phrase[1]}، ولم يتسنّ التحقق من ذلك بشكل مستقل."
            rows.append(
                [
                    event_id,
                    start.isoformat(),
                    end.isoformat(),
                    precision,
                    kind,
                    title,
                    title_ar,
                    summary,
                    summary_ar,
                    "" if self.rng.random() < 0.05 else place[0],
                    vessels,
                    killed,
                    high,
                    survivors,
                    self.pick({"confirmed": 55, "reported": 30, "alleged": 10, "planned": 5}),
                    "Date from the first report." if self.rng.random() < 0.1 else "",
                    *self.status("event"),
                ]
            )
            chosen = [actor] + [self.zipf(self.actor_ids) for _ in range(self.pick({0: 55, 1: 35, 2: 10}))]
            roles = ["speaker" if kind in ("statement", "interview", "press_conference") else "initiator", "target", "participant"]
            links += [[event_id, a, role] for a, role in zip(dict.fromkeys(chosen), roles)]
        self.rows["events"], self.rows["event_actors"] = rows, links
        self.event_days = {r[0]: r[1] for r in rows}
        self.speech_events = [(r[0], r[1]) for r in rows if r[4] in ("statement", "interview", "press_conference")]

    def quotes(self):
        rows = []
        notes = {
            "en": "Arabic: translation by this dataset.",
            "es": "English and Arabic: translation by this dataset.",
            "ar": "English: translation by this dataset.",
        }
        for i in range(self.n // 5):
            event_id, said = (
                self.rng.choice(self.speech_events) if self.speech_events and self.rng.random() < 0.7 else ("", self.day().isoformat())
            )
            speaker = self.zipf(self.people)
            language = self.pick({"en": 50, "es": 35, "ar": 15})
            phrase = self.rng.choice(PHRASES)
            text = {"en": phrase[0], "ar": phrase[1], "es": phrase[2]}[language]
            rows.append(
                [
                    f"q-{said}-{slug(speaker, 30)}-{i}",
                    speaker,
                    event_id,
                    said,
                    "day",
                    cap(text),
                    language,
                    cap(phrase[0]),
                    phrase[1],
                    notes[language],
                    self.pick({"direct": 60, "partial": 25, "paraphrase": 15}),
                    f"Asked about {self.rng.choice(TOPICS)}." if self.rng.random() < 0.3 else "",
                    "",
                    "",
                    *self.status("quote"),
                ]
            )
        self.rows["quotes"] = rows

    def statistics(self):
        rows, figures = [], {}
        weights = [m[6] for m in METRICS]
        for i in range(max(2, self.n // 20)):
            metric, label, label_ar, unit, low, high, _ = self.rng.choices(METRICS, weights)[0]
            kind = self.pick({"official_figure": 40, "reported_tally": 25, "estimate": 15, "claim": 20})
            earlier = figures.get(metric, [])
            compare = self.rng.choice(earlier) if kind == "claim" and earlier else ""
            value = int(self.rng.randint(low, high) * (1.4 if compare else 1))
            as_of = self.day()
            period = (f"{as_of.year}-01-01", f"{as_of.year}-12-31") if kind == "official_figure" else ("", "")
            stat_id = f"st-{metric}-{as_of}-{i}"
            rows.append(
                [
                    stat_id,
                    metric,
                    f"{label}, {as_of.year}",
                    f"{label_ar} {as_of.year}",
                    f"{value}.{self.rng.randint(0, 9)}" if unit == "kg" else str(value),
                    self.pick({"exact": 40, "approximately": 30, "at_least": 10, "more_than": 15, "up_to": 5}),
                    unit,
                    *period,
                    "" if period[0] else as_of.isoformat(),
                    self.rng.choice(["United States", "Mexico", ""]),
                    self.zipf(self.actor_ids) if self.rng.random() < 0.8 else "",
                    self.rng.choice(self.speech_events)[0] if self.speech_events and self.rng.random() < 0.3 else "",
                    kind,
                    compare,
                    "",
                    *self.status("statistic"),
                ]
            )
            if kind != "claim":
                figures.setdefault(metric, []).append(stat_id)
        self.rows["statistics"] = rows

    def citations(self):
        rows = []
        targets = [(0, r[0], r[1], {1: 15, 2: 30, 3: 35, 4: 20}) for r in self.rows["events"]]
        targets += [(1, r[0], r[3], {1: 85, 2: 15}) for r in self.rows["quotes"]]
        targets += [(2, r[0], r[9] or r[7], {1: 90, 2: 10}) for r in self.rows["statistics"]]
        for column, target, on, counts in targets:
            at = bisect.bisect_left(self.source_days, datetime.date.fromisoformat(on))
            for _ in range(self.pick(counts)):
                source = self.source_ids[max(0, min(len(self.source_ids) - 1, at + self.rng.randint(-30, 30)))]
                phrase = self.rng.choice(PHRASES)
                excerpt = {
                    "en": f"“{cap(phrase[0])},” the official said.",
                    "es": f"«{cap(phrase[2])}», dijo el funcionario.",
                    "ar": f"«{phrase[1]}»، قال المسؤول.",
                }[self.source_language[source]]
                ids = ["", "", ""]
                ids[column] = target
                rows.append(
                    [f"c-{len(rows) + 1:07d}", source, *ids, excerpt, f"para {self.rng.randint(1, 12)}", "", *self.status("citation")]
                )
        self.rows["citations"] = rows


def write_package(outdir, events, seed=None):
    """Write OUTDIR/datapackage.json and OUTDIR/data/*.csv; return {table: row count}."""
    outdir = Path(outdir)
    (outdir / "data").mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "datapackage.json", outdir / "datapackage.json")
    package = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    rows = Generator(events, seed).all()
    for resource in package["resources"]:
        header = [f["name"] for f in resource["schema"]["fields"]]
        table = rows[resource["name"]]
        assert all(len(r) == len(header) for r in table), resource["name"]
        with open(outdir / resource["path"], "w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(table)
    return {name: len(table) for name, table in rows.items()}


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
