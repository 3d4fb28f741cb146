"""Words of a text and their lemmas, the one normal form both the index and a query use.

Pure (pymorphy3 only). Ukrainian words become their dictionary forms («запиту» → «запит»,
«Коваленка» → «коваленко»); a form the dictionary reads two ways keeps both («запиту» is
also a form of «запитий»), so a query finds it whichever way either side was read. Latin
words, digits and words mixing them stay as written (case-folded): e-mails, «PR», «2024».
"""
from __future__ import annotations

import re
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
#: Splits a word into runs of letters and digits and the rest, keeping both.
_TOKEN_SPLIT = re.compile(r"(\W+)")


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


#: Latin letters that look like Cyrillic ones (case-folded): typed on the wrong keyboard
#: layout, or copied from a text that had them, inside a Cyrillic word or index.
_LOOKALIKES = str.maketrans("aceiopxykmhtb", "асеіорхукмнтв")
_SEPARATORS = frozenset("/-–—")


def _has_cyrillic(text: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in text)


def _has_latin(text: str) -> bool:
    return any("a" <= ch <= "z" for ch in text)


def fold_lookalikes(word: str) -> str:
    """A query word («кoваленко» with a Latin «o», «25/K-170iз») as the Cyrillic it was meant
    to be: a word mixing both scripts has its Latin look-alikes made Cyrillic, and so has an
    index (digits, a «/» or «-», a Cyrillic letter). Words in one script and e-mail addresses
    stay as typed. ``word``: normalised (case-folded)."""
    if "@" in word or not (_has_cyrillic(word) and _has_latin(word)):
        return word
    if any(ch.isdigit() for ch in word) and _SEPARATORS & set(word):
        return word.translate(_LOOKALIKES)
    parts = []
    for token in _TOKEN_SPLIT.split(word):
        mixed = _has_cyrillic(token) and _has_latin(token)
        parts.append(token.translate(_LOOKALIKES) if mixed else token)
    return "".join(parts)


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
