"""From what a reader types to rows of the search index, with highlighted snippets.

A query becomes an FTS5 expression built only from quoted index terms, AND, OR and brackets,
so nothing a reader types is read as FTS syntax:

- dates become day or month tokens (tracker/search_dates.py);
- a run of words that is a spelling of an actor (name or alias) becomes "any spelling of that
  actor", so ترامب and ترمب, شينباوم and Sheinbaum's Arabic spellings find the same rows;
- every other word becomes "any indexed word with the same stem" (tracker/search_text.stem);
- all of these must match. Common short words (the, de, في) are dropped when other words remain.
"""

import re
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from tracker.search_dates import find_dates
from tracker.search_index import KIND_SPAN, KINDS, actor_token, kind_range, texts
from tracker.search_text import ARABIC_STEMMER, WORD, fold_word, normalize, stem, words

MAX_QUERY_CHARS = 1000
MAX_QUERY_WORDS = 20
STOPWORDS = set(
    "a an and are as at be by for from has have in is it of on or the to was were with "
    "al de del el en la las los por para que un una y "
    "في من على الى عن مع ان او ثم التي الذي".split()
)
SNIPPET_BEFORE, SNIPPET_AFTER = 60, 160
MAX_PHRASE_FORMS = 30  # forms of a name's first word tried as the start of its phrase
CACHE_SIZE = 50000  # words and stems remembered per process


@dataclass
class Plan:
    """What a query was understood as."""

    expression: str = ""  # FTS5 MATCH expression; empty when there is nothing to search for
    terms: set = field(default_factory=set)  # indexed words that count as a match, for highlighting
    dates: list = field(default_factory=list)
    shortened: bool = False  # the query was longer than MAX_QUERY_CHARS or MAX_QUERY_WORDS


def _quote(term):
    return '"' + term.replace('"', '""') + '"'


def _any_of(alternatives):
    alternatives = list(dict.fromkeys(alternatives))
    return alternatives[0] if len(alternatives) == 1 else "(" + " OR ".join(alternatives) + ")"


def actor_names(actor_type, name_en, name_ar, aliases):
    """The words of each spelling of an actor: its names, its aliases, and forms readers shorten them to."""
    names = [name_en, name_ar, *(aliases or "").split("|")]
    # "U.S. Department of Defense (Department of War)" is also written "U.S. Department of Defense"
    # and "Department of Defense"; the words in brackets are an alias or a qualifier such as a country.
    for name in (name_en, name_ar):
        outside = re.sub(r"\([^)]*\)", " ", name or "").strip()
        names += [outside, re.sub(r"^(U\.S\.|The)\s+", "", outside)]
        # In brackets, names of two words or more ("Department of War", "Cártel del Golfo"); a
        # single word there is a qualifier ("(كولومبيا)") unless it is also an alias.
        inside = [re.sub(r"^formerly\s+", "", part.strip()) for part in re.findall(r"\(([^)]*)\)", name or "") for part in part.split(",")]
        names += [part for part in inside if len(words(part)) > 1]
    spellings = [w for w in map(words, names) if w]
    # News name a person without the first name (Trump, García Harfuch, ترامب), in either script.
    if actor_type == "person":
        spellings += [name_words[1:] for name_words in map(words, (name_en, name_ar)) if len(name_words) > 1]
    return list(dict.fromkeys(map(tuple, spellings)))


class Searcher:
    """Query planning for one database. Lookups are cached: the database is immutable."""

    def __init__(self, arabic_stemmer=ARABIC_STEMMER):
        # Another Arabic stemmer than the build's is tried on the same index by stemming its words
        # again, in memory (scripts/search_eval.py compares them).
        self.arabic_stemmer = arabic_stemmer
        self._override = None  # {term: stem} and {stem: terms} when arabic_stemmer is not the build's
        self._stems, self._terms, self._counts = {}, {}, {}  # caches: {word: stem}, {stem: terms}, {expression: counts}
        self._spellings = None  # {tuple of stems: set of actor rowids}
        self._actor_spellings = None  # {actor rowid: [list of words per spelling]}

    def _restem(self, conn):
        if self._override is None:
            terms = [term for (term,) in conn.execute("select term from search_terms")]
            known = set(terms).__contains__
            stems = {term: stem(term, known, self.arabic_stemmer) for term in terms}
            by_stem = {}
            for term, term_stem in stems.items():
                by_stem.setdefault(term_stem, []).append(term)
            self._override = stems, {k: tuple(v) for k, v in by_stem.items()}
        return self._override

    def _lookup(self, conn, sql, value):
        return [r[0] for r in conn.execute(sql, (value,))]

    def _cached(self, cache, key, compute):
        if key not in cache:
            if len(cache) >= CACHE_SIZE:
                cache.clear()
            cache[key] = compute()
        return cache[key]

    def _terms_of_stem(self, conn, word_stem):
        if self.arabic_stemmer != ARABIC_STEMMER:
            return self._restem(conn)[1].get(word_stem, ())
        return self._cached(
            self._terms, word_stem, lambda: tuple(self._lookup(conn, "select term from search_terms where stem = ?", word_stem))
        )

    def stem_of(self, conn, word):
        return self._cached(self._stems, word, lambda: self._stem(conn, word))

    def _stem(self, conn, word):
        if self.arabic_stemmer != ARABIC_STEMMER:
            stems = self._restem(conn)[0]
            return stems.get(word) or stem(word, stems.__contains__, self.arabic_stemmer)
        found = self._lookup(conn, "select stem from search_terms where term = ?", word)
        if found:
            return found[0]
        return stem(word, lambda w: bool(self._lookup(conn, "select 1 from search_terms where term = ?", w)))

    def _count(self, conn, expression):
        # A count per kind's rowid range: FTS5 counts a range without reading each row (a GROUP BY would).
        sql = "select count(*) from search_fts where search_fts match ? and rowid between ? and ?"
        return {table: conn.execute(sql, (expression, *kind_range(table))).fetchone()[0] for table in KINDS}

    def _load_spellings(self, conn):
        if self._spellings is not None:
            return
        spellings, actor_spellings = {}, {}
        for rowid, actor_type, *names in conn.execute("select rowid, actor_type, name_en, name_ar, aliases from actors"):
            for name_words in actor_names(actor_type, *names):
                key = tuple(self.stem_of(conn, w) for w in name_words)
                spellings.setdefault(key, set()).add(rowid)
                actor_spellings.setdefault(rowid, []).append(name_words)
        self._actor_spellings, self._spellings = actor_spellings, spellings

    def _word_group(self, conn, word, terms):
        """Any indexed word with the stem of word."""
        found = self._terms_of_stem(conn, self.stem_of(conn, word)) or (word,)
        terms.update(found)
        return _any_of(_quote(t) for t in found)

    def _spelling_group(self, conn, actors, terms):
        """Rows linked to any of these actors, or with any spelling of them. A spelling of several words
        is a phrase: its words in order, the first in any form (لوزارة الخارجية), the others as written."""
        alternatives = [_quote(actor_token(actor)) for actor in sorted(actors)]
        for actor in sorted(actors):
            spellings = self._actor_spellings[actor]
            # Highlight the one-word names (Trump, ترمب) where there are some, not "President" of "President Trump".
            short = any(len(name_words) == 1 for name_words in spellings)
            for first, *rest in spellings:
                forms = self._terms_of_stem(conn, self.stem_of(conn, first)) or (first,)
                if rest == [] or not short:
                    terms.update(forms[:MAX_PHRASE_FORMS] + tuple(rest))
                alternatives += [_quote(" ".join((form, *rest))) for form in forms[:MAX_PHRASE_FORMS]]
        return _any_of(alternatives)

    def plan(self, conn, query):
        query = normalize(query or "")
        plan = Plan(shortened=len(query) > MAX_QUERY_CHARS)
        plan.dates, rest = find_dates(query[:MAX_QUERY_CHARS])
        query_words = [fold_word(w) for w in WORD.findall(rest)]
        if len(query_words) > MAX_QUERY_WORDS:
            query_words, plan.shortened = query_words[:MAX_QUERY_WORDS], True
        self._load_spellings(conn)
        stems = [self.stem_of(conn, w) for w in query_words]
        longest = max(map(len, self._spellings), default=0)
        # Names first (their short words count: Department of War), then the other words.
        groups, words_left, i = [], [], 0
        while i < len(query_words):
            for size in range(min(longest, len(query_words) - i), 0, -1):
                actors = self._spellings.get(tuple(stems[i : i + size]))
                if actors:
                    groups.append(self._spelling_group(conn, actors, plan.terms))
                    i += size
                    break
            else:
                words_left.append(query_words[i])
                i += 1
        meaningful = [w for w in words_left if w not in STOPWORDS]
        groups += [self._word_group(conn, w, plan.terms) for w in (meaningful if meaningful or groups else words_left)]
        groups += [_quote(token) for token in plan.dates]
        plan.expression = " AND ".join(groups)
        return plan

    def search(self, conn, query, kind=None, limit=20, offset=0):
        """Total per kind and one page of results for the query, in one kind or all: actors and places,
        then events, quotes, statistics and sources, each newest first (search_index's numbering)."""
        plan = self.plan(conn, query)
        result = {"plan": plan, "counts": dict.fromkeys(KINDS, 0), "total": 0, "rows": []}
        if not plan.expression:
            return result
        result["counts"] = self._cached(self._counts, plan.expression, lambda: self._count(conn, plan.expression))
        first, last = kind_range(kind) if kind in KINDS else (0, len(KINDS) * KIND_SPAN + KIND_SPAN)
        result["total"] = result["counts"][kind] if kind in KINDS else sum(result["counts"].values())
        ids = [
            r[0]
            for r in conn.execute(
                "select rowid from search_fts where search_fts match ? and rowid between ? and ? order by rowid limit ? offset ?",
                (plan.expression, first, last, limit, offset),
            )
        ]
        if ids:
            rows = conn.execute(
                f"select id, table_name, row_id, title_en, title_ar, date, status from search_index where id in ({', '.join('?' * len(ids))})",
                ids,
            )
            by_id = {row[0]: row for row in rows}
            keys_of_kind = {}
            for _, table, pk, *_ in by_id.values():
                keys_of_kind.setdefault(table, []).append(pk)
            bodies = {(table, pk): body for table, keys in keys_of_kind.items() for pk, body in texts(conn, table, keys).items()}
            for row_id in ids:
                _, table, pk, title_en, title_ar, date, status = by_id[row_id]
                body = bodies[table, pk]
                result["rows"].append(
                    {
                        "table_name": table,
                        "row_id": pk,
                        "title_en": title_en,
                        "title_ar": title_ar,
                        "date": date,
                        "status": status,
                        "snippet": snippet(body, plan.terms),
                    }
                )
        return result


def _folded(word):
    return word.lower() if word.isascii() else fold_word(normalize(word))


def snippet(body, terms):
    """A short passage of body around its first matching word, as (text, is_match) pieces."""
    body = body or ""
    hit = next((m for m in WORD.finditer(body) if _folded(m.group()) in terms), None)
    at, after = (hit.start(), hit.end()) if hit else (0, 0)
    # The passage stays inside the field (line) of the hit, and does not cut words.
    start = max(body.rfind("\n", 0, at) + 1, at - SNIPPET_BEFORE)
    if start > 0 and body[start - 1].isalnum():
        space = body.find(" ", start, at)
        start = space + 1 if space >= 0 else start
    newline = body.find("\n", after)
    end = min(after + SNIPPET_AFTER, newline if newline >= 0 else len(body))
    if end < len(body) and body[end].isalnum():
        space = body.rfind(" ", after, end)
        end = space if space >= 0 else end
    pieces, position = [], start
    for match in WORD.finditer(body, start, end) if hit else ():
        if _folded(match.group()) in terms:
            pieces += [(body[position : match.start()], False), (match.group(), True)]
            position = match.end()
    pieces.append((body[position:end], False))
    if start > 0 and body[start - 1] != "\n":
        pieces.insert(0, ("… ", False))
    if end < len(body) and body[end] != "\n":
        pieces.append((" …", False))
    return [p for p in pieces if p[0]]


def snippet_text(pieces):
    return "".join(text for text, _ in pieces)


def snippet_html(pieces):
    return Markup("").join(Markup("<mark>{}</mark>").format(text) if is_match else escape(text) for text, is_match in pieces)
