"""Text for classic BibTeX, which reads bytes, not Unicode: every character of a field is written in
ASCII, accented letters and typographic punctuation as the LaTeX commands that print them."""

import unicodedata

from text_unidecode import unidecode

# Characters with a meaning of their own in BibTeX or LaTeX.
SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
PUNCTUATION = {
    "–": "--",
    "—": "---",
    "‘": "`",
    "’": "'",
    "“": "``",
    "”": "''",
    "«": r"{\guillemotleft}",
    "»": r"{\guillemotright}",
    "…": r"{\ldots}",
    "\u00a0": "~",
    "ß": r"{\ss}",
    "æ": r"{\ae}",
    "Æ": r"{\AE}",
    "œ": r"{\oe}",
    "Œ": r"{\OE}",
    "ø": r"{\o}",
    "Ø": r"{\O}",
    "ł": r"{\l}",
    "Ł": r"{\L}",
    "¡": r"{!`}",
    "¿": r"{?`}",
}
# Combining marks (after Unicode decomposition) and the LaTeX accent that prints each.
ACCENTS = {
    "\u0300": "`",
    "\u0301": "'",
    "\u0302": "^",
    "\u0303": "~",
    "\u0304": "=",
    "\u0306": "u",
    "\u0307": ".",
    "\u0308": '"',
    "\u030a": "r",
    "\u030b": "H",
    "\u030c": "v",
    "\u0327": "c",
    "\u0328": "k",
}


def accented(character):
    """{\\'{e}} for é; None when the character is not one ASCII letter with one accent."""
    decomposed = unicodedata.normalize("NFD", character)
    if len(decomposed) == 2 and decomposed[0].isascii() and decomposed[1] in ACCENTS:
        base = r"\i" if decomposed[0] == "i" else decomposed[0]
        return "{\\" + ACCENTS[decomposed[1]] + "{" + base + "}}"
    return None


def bibtex_text(text):
    """The text as an ASCII BibTeX field value; letters outside Latin script are transliterated."""
    out = []
    for character in unicodedata.normalize("NFC", text):
        if character in SPECIAL:
            out.append(SPECIAL[character])
        elif character.isascii():
            out.append(character)
        elif character in PUNCTUATION:
            out.append(PUNCTUATION[character])
        else:
            out.append(accented(character) or "".join(SPECIAL.get(c, c) for c in unidecode(character)) or "?")
    return "".join(out)
