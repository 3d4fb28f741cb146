"""Ukrainian grammar for the letters: noun phrases in the case a sentence needs, numbers
agreeing with nouns, the relative pronoun, and typography. Pure (pymorphy3 only).

Everything here is a draft helper: where it cannot be sure it returns ``None`` (the caller
keeps a safe construction and tells the official in the letter's warnings) rather than a
form a lawyer would have to correct.

A noun phrase is read as: adjectives agreeing with a head noun (``Житомирська обласна
державна адміністрація``), words coordinated with the head (``Заходи та делегації``), and a
tail the head governs (``… Пенсійного фонду України в Житомирській області``), which keeps
its case and is left as written.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import pymorphy3

APOSTROPHES = "'ʼ’‘`"
_APOS_RE = re.compile(f"[{APOSTROPHES}]")
_WORD = re.compile(r"^(?P<pre>[^\w]*)(?P<word>\w(?:[\w'ʼ’‘`-]*\w)?)(?P<post>[^\w]*)$")
_CONJUNCTIONS = {"та", "і", "й", "або", "чи"}
#: Possessive pronouns that stay as they are inside a coordinated phrase ("та її комітет").
_INVARIANT_PRONOUNS = {"її", "його", "їх", "їхній"}
_UNSAFE_METHODS = {"FakeDictionary", "KnownSuffixAnalyzer", "UnknAnalyzer"}
_PROPER = {"Name", "Surn", "Patr", "Abbr"}


@lru_cache(maxsize=1)
def morph() -> pymorphy3.MorphAnalyzer:
    """The one Ukrainian analyser (loading the dictionaries takes a moment)."""
    return pymorphy3.MorphAnalyzer(lang="uk")


# --- words ---------------------------------------------------------------------------------
def _norm(word: str) -> str:
    return _APOS_RE.sub("'", word).lower()


def _safe(parse) -> bool:
    """A parse from the dictionary, not a guess from the word's ending."""
    methods = [type(step[0]).__name__ for step in parse.methods_stack]
    return methods[0] == "DictionaryAnalyzer" and not _UNSAFE_METHODS & set(methods)


@lru_cache(maxsize=4096)
def parses(word: str) -> tuple:
    """The dictionary parses of a word (apostrophe-insensitive), vocative left out."""
    return tuple(p for p in morph().parse(_norm(word)) if _safe(p) and p.tag.case != "voct")


def match_case(source: str, form: str) -> str:
    """``form`` written like ``source``: capitals where it had them, its apostrophe."""
    if "-" in source and source.count("-") == form.count("-"):
        return "-".join(match_case(s, f) for s, f in zip(source.split("-"), form.split("-")))
    apos = next((ch for ch in source if ch in APOSTROPHES), None)
    if apos:
        form = form.replace("'", apos)
    letters = [ch for ch in source if ch.isalpha()]
    if len(letters) > 1 and all(ch.isupper() for ch in letters):
        return form.upper()
    return "".join(ch.upper() if i < len(source) and source[i].isupper() else ch
                   for i, ch in enumerate(form))


def _plural(tag) -> bool:
    return "plur" in tag


def _degree(tag) -> frozenset:
    return frozenset(tag.grammemes & {"comp", "supr", "compb"})


def _pick(forms: list, case: str) -> str | None:
    """One of several forms with the same tag: the short dative (департаменту, not
    департаментові), as official letters write it."""
    words = list(dict.fromkeys(f.word for f in forms))
    if not words:
        return None
    if case == "datv" and len(words) > 1:
        short = [w for w in words if not re.search(r"(ові|еві|єві)$", w)]
        if short:
            return short[0]
    return words[0]


def _noun_form(p, case: str, plural: bool | None = None) -> str | None:
    if "Fixd" in p.tag:
        return p.word
    plural = _plural(p.tag) if plural is None else plural
    return _pick([f for f in p.lexeme if f.tag.case == case and _plural(f.tag) == plural
                  and f.tag.POS == "NOUN"], case)


def _adj_form(p, case: str, plural: bool, gender: str | None, animate: bool) -> str | None:
    def ok(f, c):
        return (f.tag.case == c and _plural(f.tag) == plural and _degree(f.tag) == _degree(p.tag)
                and (plural or f.tag.gender == gender))
    if case == "accs" and (plural or gender in ("masc", "neut")):
        # The accusative of an adjective is its genitive with a living noun, else its nominative.
        like = _pick([f for f in p.lexeme if ok(f, "gent" if animate else "nomn")], case)
        accs = {f.word for f in p.lexeme if ok(f, "accs")}
        return like if like in accs else _pick([f for f in p.lexeme if ok(f, "accs")], case)
    return _pick([f for f in p.lexeme if ok(f, case)], case)


# --- noun phrases -----------------------------------------------------------------------------
@dataclass
class _Tok:
    raw: str
    pre: str = ""
    word: str | None = None
    post: str = ""


def _tokens(phrase: str) -> list[_Tok]:
    out = []
    for raw in phrase.split():
        m = _WORD.match(raw)
        out.append(_Tok(raw, m["pre"], m["word"], m["post"]) if m else _Tok(raw))
    return out


@dataclass
class _NP:
    start: int
    end: int  # after the head
    adjs: list  # parses
    head: object  # parse

    @property
    def case(self) -> str:
        return _case(self.head)

    @property
    def plural(self) -> bool:
        if "Fixd" in self.head.tag and self.adjs:
            return _plural(self.adjs[0].tag)
        return _plural(self.head.tag)

    @property
    def gender(self) -> str | None:
        if "Fixd" in self.head.tag and self.adjs and not self.plural:
            return self.adjs[0].tag.gender
        return self.head.tag.gender

    def inflect(self, toks: list[_Tok], case: str) -> list[str] | None:
        animate = "anim" in self.head.tag
        words = []
        for tok, p in zip(toks[self.start:self.end - 1], self.adjs):
            form = _adj_form(p, case, self.plural, self.gender, animate)
            if form is None:
                return None
            words.append(tok.pre + match_case(tok.word, form) + tok.post)
        tok = toks[self.end - 1]
        form = _noun_form(self.head, case)
        if form is None:
            return None
        words.append(tok.pre + match_case(tok.word, form) + tok.post)
        return words


def _case(p) -> str | None:
    """A parse's case; the dictionary leaves some nouns' first form untagged («допомога»:
    «NOUN,inan femn»), and that form is the nominative."""
    if p.tag.case is None and p.tag.POS == "NOUN" and p.word == p.normal_form:
        return "nomn"
    return p.tag.case


def _agrees(adj, head, fixed: bool) -> bool:
    if adj.tag.case != _case(head):
        return False
    if fixed:
        return True
    if _plural(head.tag):
        return _plural(adj.tag)
    return not _plural(adj.tag) and adj.tag.gender == head.tag.gender


def _noun_phrases(toks: list[_Tok], start: int, cases: set[str]) -> list[_NP]:
    """The readings of the noun phrase at ``start`` with its head in one of ``cases``: the
    longest run of agreeing adjectives before a noun. Words in quotes are never read."""
    best: list[_NP] = []
    j = start
    while j < len(toks):
        tok = toks[j]
        if tok.word is None or (tok.pre and j == start and tok.pre not in "(") or \
                (tok.pre and j > start):
            break
        found = []
        heads = parses(tok.word)
        if len(tok.word) > 1 and tok.word.isupper():
            # An abbreviation (ОДА, ЗМІ): not the common word spelt the same.
            heads = tuple(p for p in heads if "Abbr" in p.tag or "Fixd" in p.tag) or heads
        for head in heads:
            if head.tag.POS != "NOUN" or _case(head) not in cases:
                continue
            fixed = "Fixd" in head.tag
            options = [[a for a in parses(toks[k].word) if a.tag.POS in ("ADJF", "PRTF")
                        and _agrees(a, head, fixed)] for k in range(start, j)]
            if not all(options):
                continue
            adjs = [o[0] for o in options]
            if fixed and adjs and any(_plural(a.tag) != _plural(adjs[0].tag) or
                                      a.tag.gender != adjs[0].tag.gender for a in adjs):
                continue
            found.append(_NP(start, j + 1, adjs, head))
        if found:
            best = found
        # Go on only while this word can be an adjective before a later head.
        if tok.post or not any(p.tag.POS in ("ADJF", "PRTF") for p in parses(tok.word)):
            break
        j += 1
    return best


def _reading(nps: list[_NP], toks: list[_Tok], case: str, prefer_singular: bool = True):
    """The one inflection the readings agree on; None when they differ."""
    if prefer_singular and any(not np.plural for np in nps):
        nps = [np for np in nps if not np.plural]
    results = {}
    for np in nps:
        words = np.inflect(toks, case)
        if words is not None:
            results[tuple(words)] = np
    if len(results) != 1:
        return None
    (words, np), = results.items()
    return list(words), np


def _inflect_tokens(toks: list[_Tok], case: str, source_cases: set[str]) -> list[str] | None:
    """The phrase in ``case``: the head and its adjectives, words coordinated with the head,
    the tail as written."""
    nps = _noun_phrases(toks, 0, source_cases)
    if not nps:
        return None
    got = _reading(nps, toks, case)
    if got is None:
        return None
    words, np = got
    out, i = words, np.end
    # Coordination right after the head: "Заходи та делегації", "рада та її комітет".
    while i < len(toks):
        last = toks[i - 1]
        if toks[i].word and not toks[i].pre and _norm(toks[i].word) in _CONJUNCTIONS \
                and not last.post:
            k = i + 1
        elif last.post.strip() == ",":
            k = i
        else:
            break
        skipped = []
        while k < len(toks) and toks[k].word and _norm(toks[k].word) in _INVARIANT_PRONOUNS:
            skipped.append(toks[k].raw)
            k += 1
        if k >= len(toks):
            break
        more = _noun_phrases(toks, k, {np.case})
        more = [m for m in more if m.case == np.case]
        if not more:
            break
        got = _reading(more, toks, case)
        if got is None:
            return None
        out += [t.raw for t in toks[i:k - len(skipped)]] + skipped + got[0]
        i = got[1].end
    return out + [t.raw for t in toks[i:]]


def inflect_phrase(phrase: str, case: str) -> str | None:
    """An organisation's name or a noun phrase, given in the nominative, in the dative
    (``datv``) or genitive (``gent``): «Житомирська обласна державна адміністрація» →
    «Житомирській обласній державній адміністрації»; «Департамент бюджету» → «Департаменту
    бюджету». None when a word is unknown or the reading is ambiguous."""
    if case not in ("datv", "gent"):
        raise ValueError(f"unsupported case: {case}")
    text = " ".join((phrase or "").split())
    if not text:
        return None
    toks = _tokens(text)
    out = _inflect_tokens(toks, case, {"nomn"})
    return " ".join(out) if out else None


def relative_pronoun(phrase: str) -> str:
    """«який»/«яка»/«яке»/«які» agreeing with the phrase's head noun, in whatever case the
    phrase is (…адміністрації, яка; …департаменту, який). «що» (agrees with anything) when
    the head cannot be told."""
    toks = _tokens(" ".join((phrase or "").split()))
    nps = _noun_phrases(toks, 0, {"nomn", "gent", "datv", "accs", "ablt", "loct"}) if toks else []
    if any(not np.plural for np in nps):
        nps = [np for np in nps if not np.plural]
    kinds = {"plur" if np.plural else np.gender for np in nps}
    if len(kinds) != 1:
        return "що"
    return {"masc": "який", "femn": "яка", "neut": "яке", "plur": "які"}.get(kinds.pop(), "що")


# --- numbers -------------------------------------------------------------------------------------
def _number_text(n) -> str:
    if isinstance(n, Decimal) and n != n.to_integral_value():
        return f"{n}".replace(".", ",")
    value = int(n)
    text = str(abs(value))
    if abs(value) >= 10000:
        groups = []
        while text:
            groups.insert(0, text[-3:])
            text = text[:-3]
        text = " ".join(groups)
    return ("-" if value < 0 else "") + text


def count_phrase(n, noun: str) -> str:
    """A number with its noun agreeing: «1 сторінка», «2 сторінки», «5 сторінок»,
    «21 аркуш», «22 аркуші», «11 аркушів»; adjectives too («2 інформаційні відеоролики»).

    pymorphy3's ``make_agree_with_number`` follows Russian rules (2–4 take the genitive
    singular: «2 аркуша») and finds no singular in the Ukrainian tags, so the Ukrainian rule
    is applied here: 1 → nominative singular, 2–4 → nominative plural, 5–20 → genitive plural;
    a fraction → genitive singular. An unknown noun is written as given."""
    toks = _tokens(" ".join((noun or "").split()))
    fraction = isinstance(n, Decimal) and n != n.to_integral_value()
    num = abs(int(n))
    if fraction:
        case, plural = "gent", False
    elif num % 10 == 1 and num % 100 != 11:
        case, plural = "nomn", False
    elif 2 <= num % 10 <= 4 and not 12 <= num % 100 <= 14:
        case, plural = "nomn", True
    else:
        case, plural = "gent", True
    words = None
    nps = [np for np in _noun_phrases(toks, 0, {"nomn"}) if not np.plural] if toks else []
    if len(nps) >= 1:
        np = nps[0]
        words = []
        animate = "anim" in np.head.tag
        gender = np.head.tag.gender
        for tok, p in zip(toks[:np.end - 1], np.adjs):
            form = _adj_form(p, case, plural, gender, animate)
            words.append(match_case(tok.word, form) if form else None)
        form = _noun_form(np.head, case, plural)
        words.append(match_case(toks[np.end - 1].word, form) if form else None)
        words = None if None in words else words + [t.raw for t in toks[np.end:]]
    return f"{_number_text(n)} {' '.join(words) if words else ' '.join(t.raw for t in toks)}"
