"""How words are folded for search, the same at build time and at query time.

The index keeps every word as SQLite's FTS5 tokenizer sees it (after normalize()). Each distinct
word also gets a stem (stem() below), stored at build time in the search_terms table; a query
word is stemmed with the same function and matches every indexed word with that stem. So
"المكسيك", "والمكسيك" and "مكسيك" meet, as do "strike" and "strikes", without a custom tokenizer.
"""

import re
import unicodedata

import Stemmer

# Harakat, Quranic marks, superscript alef and tatweel carry no meaning for search.
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_LETTER_FORMS = [
    ("\u0622", "\u0627"),  # آ -> ا
    ("\u0623", "\u0627"),  # أ -> ا
    ("\u0625", "\u0627"),  # إ -> ا
    ("\u0671", "\u0627"),  # ٱ -> ا
    ("\u0649", "\u064a"),  # ى -> ي
    ("\u0629", "\u0647"),  # ة -> ه
    ("\u0624", "\u0648"),  # ؤ -> و
    ("\u0626", "\u064a"),  # ئ -> ي
]
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "0123456789" * 2)
_ARABIC_DIGIT = re.compile("[٠-٩۰-۹]")
_ARABIC_LETTER = re.compile("[\u0621-\u064a]")
# Every character the folding below changes (marks, digits, letter forms) lies in this range; a text
# without one is left as it is. One regular-expression scan instead of max(text), which walks the
# characters in Python: the build folds 58 million characters of excerpts and titles at 100k events.
_FOLDED = re.compile("[\u0610-\u06f9]")
# What FTS5's unicode61 tokenizer calls a word: letters and digits (never "_").
WORD = re.compile(r"[^\W_]+")


def normalize(text):
    """Fold what SQLite's tokenizer leaves alone: Arabic marks, letter forms and digits."""
    if text is None:
        return None
    text = str(text)
    if text.isascii():
        return text  # nothing to fold, and the build indexes much English text
    text = unicodedata.normalize("NFKC", text)
    if not _FOLDED.search(text):
        return text  # no Arabic script: nothing more to fold (English with a dash or curly quotes)
    text = _ARABIC_MARKS.sub("", text)
    if _ARABIC_DIGIT.search(text):  # str.translate walks every character in Python: only when needed
        text = text.translate(_ARABIC_DIGITS)
    # Eight str.replace calls run in C; str.translate with a mapping was the build's slowest step.
    for form, letter in _LETTER_FORMS:
        text = text.replace(form, letter)
    return text


def fold_word(word):
    """A word as the unicode61 tokenizer indexes it: lower case, Latin accents removed (García = garcia)."""
    word = word.lower()
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c) or _ARABIC_LETTER.match(c))


def words(text):
    """The indexed forms of the words of text, in order."""
    return [fold_word(w) for w in WORD.findall(normalize(text or ""))]


# Arabic writes some foreign names two ways; fold each to one spelling before stemming.
ARABIC_VARIANTS = [
    ("اميرك", "امريك"),  # أميركا / أمريكا, أميركي / أمريكي
]
# Broken plurals of the record's own subject, which no light stemmer can join to their singular.
ARABIC_PLURALS = {"قوارب": "قارب", "زوارق": "زورق", "سفن": "سفينه"}
# Conjunctions and prepositions written as part of the next word, longest first. They are taken
# off only when what is left is itself an indexed word, and the word never takes the article
# itself (البحرية is a word, so بحرية keeps its ب).
ARABIC_PARTICLES = ("وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ل", "ك")
ARABIC_ARTICLE = "ال"
# English forms the Snowball stemmer cannot know, and British spellings (organisation, organization).
ENGLISH_IRREGULAR = {"struck": "strike"}
BRITISH_ENDING = re.compile(r"(?<=\w{3})is(ation|ations|e|ed|es|ing)$")

_english = Stemmer.Stemmer("english")
_arabic = Stemmer.Stemmer("arabic")


def _strip_particle(word, known):
    for particle in ARABIC_PARTICLES:
        rest = word[len(particle) :]
        if not word.startswith(particle) or len(rest) < 3:
            continue
        # ل before the article drops its alef: لل + مكسيك is ل + المكسيك.
        candidates = ["ا" + rest, rest] if particle.endswith("ل") and rest.startswith("ل") else [rest]
        for candidate in candidates:
            if known(candidate) and not known(ARABIC_ARTICLE + word):
                return candidate
    return word


def arabic_stem_snowball(word):
    return _arabic.stemWord(word)


def _tashaphyne_suffixes_only():
    from tashaphyne.stemming import ArabicLightStemmer

    stemmer = ArabicLightStemmer()
    # Particles and the article are taken off above, knowing the index's words; Tashaphyne's own
    # prefix rules would also cut real first letters (كارتل, واشنطن). The possessive "your" (ـك, ـكم)
    # is rare in news and looks like the end of names: مكسيك would lose its ك.
    stemmer.set_prefix_list([""])
    stemmer.set_suffix_list([s for s in stemmer.suffix_list if not s.endswith(("ك", "كم", "كما", "كن"))])
    return stemmer.light_stem


_tashaphyne = None


def arabic_stem_tashaphyne(word):
    global _tashaphyne
    if _tashaphyne is None:
        _tashaphyne = _tashaphyne_suffixes_only()
    return _tashaphyne(word)


ARABIC_STEMMERS = {
    "none": lambda word: word,
    "snowball": arabic_stem_snowball,
    "tashaphyne": arabic_stem_tashaphyne,
}
# Chosen on the evaluation set (tests/search_eval.yaml, scripts/search_eval.py).
ARABIC_STEMMER = "tashaphyne"


def stem(word, known, arabic_stemmer=ARABIC_STEMMER):
    """The stem of one indexed word. known(w) says whether w is an indexed word (to recognise particles)."""
    if not _ARABIC_LETTER.search(word):
        return ENGLISH_IRREGULAR.get(word) or _english.stemWord(BRITISH_ENDING.sub(r"iz\1", word))
    word = _strip_particle(word, known)
    if word.startswith(ARABIC_ARTICLE) and len(word) >= 4:
        word = word[2:]
    for variant, spelling in ARABIC_VARIANTS:
        word = word.replace(variant, spelling)
    word = ARABIC_PLURALS.get(word, word)
    stemmed = ARABIC_STEMMERS[arabic_stemmer](word)
    # A stemmer that leaves fewer than two letters has removed the word, not an ending.
    return stemmed if len(stemmed) >= 2 else word
