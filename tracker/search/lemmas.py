"""Words of a text and their lemmas, the one normal form both the index and a query use.

Pure (pymorphy3 only). Ukrainian words become their dictionary forms («запиту» → «запит»,
«Коваленка» → «коваленко»); a form the dictionary reads two ways keeps both («запиту» is
also a form of «запитий»), so a query finds it whichever way either side was read. Latin
words, digits and words mixing them stay as written (case-folded): e-mails, «PR», «2024».
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

import pymorphy3

#: A word longer than this (a hash, a token, a run of letters) is indexed by its first
#: MAX_WORD characters: kept, so a fragment's last part still begins an indexed word
#: (query.py), and cut, so a key entry stays small.
MAX_WORD = 60
#: Normal forms kept per word: the dictionary's readings beyond these are noise.
MAX_LEMMAS = 3
_APOSTROPHES = dict.fromkeys(map(ord, "'’ʼ`‘"), None)


@lru_cache(maxsize=1)
def _morph() -> pymorphy3.MorphAnalyzer:
    """One analyser per process: loading the dictionary takes a second and 15 MB."""
    return pymorphy3.MorphAnalyzer(lang="uk")


def normalise(text: str) -> str:
    """NFC, case-folded, without combining marks left over (a stress accent) and invisible
    format characters (a zero-width space or a soft hyphen pasted inside «Кова​ленко»);
    control characters (NUL, a line break) become spaces."""
    text = unicodedata.normalize("NFC", text or "").casefold()
    return "".join(_kept(ch) for ch in text)


def _kept(ch: str) -> str:
    category = unicodedata.category(ch)
    if category.startswith("M") or category == "Cf":
        return ""
    return " " if category == "Cc" else ch


def tokens(text: str, normalised: bool = False) -> list[str]:
    """The words of ``text``: runs of letters and digits, case-folded, apostrophes dropped
    («м'ясо» is one word), each cut to MAX_WORD. The same split FTS5's unicode61 tokenizer
    makes of the result. ``normalised``: ``text`` is ``normalise``'s result already (not
    normalised twice: a second pass may compose what the first left apart)."""
    out, word = [], []
    for ch in (text if normalised else normalise(text)).translate(_APOSTROPHES) + " ":
        if ch.isalnum():
            word.append(ch)
        elif word:
            out.append("".join(word[:MAX_WORD]))
            word = []
    return out


def is_cyrillic(word: str) -> bool:
    """Cyrillic letters only: a word pymorphy3 reads (any other is indexed as written)."""
    return all("\u0400" <= ch <= "\u04ff" for ch in word)


@lru_cache(maxsize=200_000)
def lemmas_of(word: str) -> tuple[str, ...]:
    """The normal forms of one token (see ``tokens``), the likeliest first."""
    if not is_cyrillic(word):
        return (word,)
    forms: list[str] = []
    for parse in _morph().parse(word):
        form = parse.normal_form.translate(_APOSTROPHES)
        if form and form not in forms and form.isalnum():
            forms.append(form)
        if len(forms) == MAX_LEMMAS:
            break
    return tuple(forms) or (word,)


def lemma_text(*parts: str | None) -> str:
    """The lemmas of the words of ``parts``, each once, space-separated (what is indexed)."""
    seen: dict[str, None] = {}
    for part in parts:
        for word in tokens(part or ""):
            for form in lemmas_of(word):
                seen.setdefault(form, None)
    return " ".join(seen)


def folded_text(*parts: str | None) -> str:
    """The text searched for substrings: the parts normalised and case-folded."""
    return " ".join(normalise(p) for p in parts if p)


def like_pattern(s: str) -> str:
    """``s`` for a LIKE pattern: its wildcards taken literally (ESCAPE '\\')."""
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
