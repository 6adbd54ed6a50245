"""One normaliser for the search index and for search queries.

SQLite's unicode61 tokenizer folds Latin case and accents but leaves Arabic
alone, so ترامب with a shadda or أ/إ/آ would not match the bare spelling.
build_db.py writes the index through normalize(); this plugin registers the
same function as the SQL function search_normalize() so that a query is
folded exactly like the text it searches.
"""

import re
import unicodedata

from datasette import hookimpl

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


def normalize(text):
    if text is None:
        return None
    text = str(text)
    if text.isascii():
        return text  # nothing to fold, and the build indexes much English text
    text = _ARABIC_MARKS.sub("", unicodedata.normalize("NFKC", text))
    # Eight str.replace calls run in C; str.translate with a mapping was the build's slowest step.
    for form, letter in _LETTER_FORMS:
        text = text.replace(form, letter)
    return text


def match_expression(query):
    """Turn what a person types into a safe FTS5 query: every word must match, as a prefix."""
    words = re.findall(r"\w+", normalize(query or ""))
    # An empty phrase matches nothing, where an empty string would be an FTS5 syntax error.
    return " ".join('"{}"*'.format(word) for word in words) or '""'


@hookimpl
def prepare_connection(conn):
    conn.create_function("search_normalize", 1, normalize, deterministic=True)
    conn.create_function("search_match", 1, match_expression, deterministic=True)
