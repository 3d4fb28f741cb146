"""The request's subject worked into a letter's sentence («щодо …», «про …») and the lower-case
start of a phrase mid-sentence, on the inflection engine of grammar.py."""
from __future__ import annotations

import re

from .grammar import _PROPER, _WORD, _inflect_tokens, _norm, _noun_phrases, _plural, _tokens, parses

#: Adjectives made from place or people's names keep their capital (Житомирська, Українська).
_PROPER_ADJ = re.compile(r"(?:ськ|цьк|зьк)(?:ий|а|е|і|ого|ої|ому|ій|им|ою|их|ими|у)$")
#: Common adjectives with the same ending, made from common nouns (громадянське суспільство).
_COMMON_SK = re.compile(r"^(?:громадянськ|міськ|сільськ|селянськ|людськ|батьківськ|депутатськ|"
                        r"студентськ|дитсадківськ|господарськ|бухгалтерськ|редакторськ|"
                        r"журналістськ|волонтерськ|ветеранськ|президентськ|парламентськ)")

_PREFIXES = re.compile(
    r"^(?:re:\s*)*(?:(?:інформаційний\s+)?запит(?:\s+на\s+(?:публічну\s+)?інформацію)?"
    r"\s*[-–—:]\s*|(?:інформаційний\s+)?запит\s+(?=щодо|про|на)|)", re.IGNORECASE)
_ASK = re.compile(r"^(?:прошу|просимо)\s+(?:надати|надіслати|повідомити)\s+(?:мені\s+|нам\s+)?",
                  re.IGNORECASE)
_VERBAL_NOUN = re.compile(r"^\w+(?:нн|тт)я(?=\s|$)", re.IGNORECASE)
_BARE_INFO = re.compile(r"^(?:на\s+)?(?:надання\s+)?інформаці[яюїі]\s+(про|щодо)\s+", re.IGNORECASE)


#: Proper nouns the dictionary gives plural forms, so the plural test below would miss them.
_PROPER_NOUNS = {"україна", "європа", "америка", "азія", "африка", "австралія", "земля"}


def _common_noun(p) -> bool:
    """A noun that is a common word: its paradigm has a plural. The dictionary has no tag for
    place names (Житомир, Київ, Одеса), and they have no plural."""
    return p.tag.POS != "NOUN" or any(_plural(f.tag) for f in p.lexeme)


def lower_initial(text: str, strict: bool = True) -> str:
    """The first letter in lower case where the first word is a common word written with a
    capital only because it began a sentence or a label: not a name, an abbreviation, an
    adjective made from a place's name («Житомирська»). ``strict`` (free text): a noun must
    also be one that has a plural, since place names are not tagged as such («Житомир»
    stays, «Рішення» becomes «рішення»); a label (a category, a position) need not."""
    m = _WORD.match(text.split(" ", 1)[0]) if text else None
    if not m or m["pre"]:
        return text
    word = m["word"]
    if not word[0].isupper() or any(ch.isupper() for ch in word[1:]) or (
            _PROPER_ADJ.search(_norm(word)) and not _COMMON_SK.match(_norm(word))):
        return text
    ps = parses(word)
    if not ps or any(_PROPER & p.tag.grammemes for p in ps):
        return text
    if strict and (_norm(word) in _PROPER_NOUNS or not all(_common_noun(p) for p in ps)):
        return text
    return text[0].lower() + text[1:]


def subject_after(preposition: str, subject: str) -> str | None:
    """The request's subject worked into «щодо …» (genitive) or «про …» (accusative):
    «публічну інформацію щодо витрат на рекламу» → «публічної інформації щодо витрат на
    рекламу»; «Інформація про PR-заходи міської ради» → «надання інформації про PR-заходи
    міської ради»; «Копії рішення сесії» → «копій рішення сесії» (a subject is read in the
    nominative first); «витрат на рекламу» (genitive only) stays. None when the subject is
    not a noun phrase this can inflect safely: the caller must not quote it instead."""
    prep = (preposition or "").strip().lower()
    if prep not in ("щодо", "про"):
        raise ValueError(f"unsupported preposition: {preposition}")
    s = " ".join((subject or "").split()).strip().rstrip(".;:")
    s = s[_PREFIXES.match(s).end():].strip()
    if not s:
        return None
    m = _BARE_INFO.match(s)
    if m and s[m.end():]:
        return f"надання інформації {m.group(1).lower()} {s[m.end():]}"
    m = re.match(r"^(щодо|про)\s+(\S.*)$", s, re.IGNORECASE)
    if m:
        if m.group(1).lower() == "щодо" and prep == "щодо" or _VERBAL_NOUN.match(m.group(2)):
            # «Про надання інформації»: a noun in -ння/-ття reads the same in every case
            # these prepositions take («щодо надання інформації», not «щодо надання
            # інформації про надання інформації»).
            return m.group(2)
        return f"надання інформації {m.group(1).lower()} {m.group(2)}"
    asked = _ASK.match(s)
    purpose = re.match(r"^на\s+", s, re.IGNORECASE)  # "(запит) на отримання копії"
    if asked or purpose:
        toks = _tokens(s[(asked or purpose).end():])
        out = _inflect_tokens(toks, "gent" if asked or prep == "щодо" else "accs", {"accs"})
        if not out:
            return None
        return ("надання " if asked else "") + lower_initial(" ".join(out))
    toks = _tokens(s)
    if prep == "щодо":
        # A subject names its thing in the nominative: «Копії особових справ» reads as
        # copies (→ «копій особових справ»), though «копії» is also a genitive singular;
        # only a phrase with no nominative reading is taken as genitive already.
        # The nominative is tried alone first: «Статистика» is also the accusative of
        # «статистик» (a statistician), and the two readings would disagree.
        out = (_inflect_tokens(toks, "gent", {"nomn"})
               or _inflect_tokens(toks, "gent", {"nomn", "accs"}))
        if out is None and _noun_phrases(toks, 0, {"gent"}):
            return lower_initial(s)
    else:
        out = _inflect_tokens(toks, "accs", {"nomn"})
        if out is None and _noun_phrases(toks, 0, {"accs"}):
            return lower_initial(s)
        if out is None and _noun_phrases(toks, 0, {"gent"}):
            return f"надання {lower_initial(s)}"
    return lower_initial(" ".join(out)) if out else None
