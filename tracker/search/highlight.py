"""The words a query matched, marked in a text shown to a person.

Every piece of the text is escaped; only the <mark> tags are ours. A word is marked when
one of its lemmas is the query's (or a typo's correction); a query word of three characters
or more is marked where it occurs inside a word («Ковал» in «Коваленко»).
"""
from __future__ import annotations

import re

from markupsafe import Markup, escape

from .lemmas import lemmas_of, tokens

_WORD = re.compile(r"[^\W_]+(?:['’ʼ][^\W_]+)*")


def _spans(text: str, query) -> list[tuple[int, int]]:
    spans = []
    for m in _WORD.finditer(text):
        parts = tokens(m.group())
        if len(parts) == 1 and query.lemmas.intersection(lemmas_of(parts[0])):
            spans.append(m.span())
    folded = text.casefold()
    if len(folded) == len(text):  # positions agree (no «ß» → «ss»)
        for t in query.terms:
            if t.substring:
                start = folded.find(t.substring)
                while start != -1:
                    spans.append((start, start + len(t.substring)))
                    start = folded.find(t.substring, start + 1)
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def highlight(text: str | None, query) -> Markup:
    """``text`` escaped, the matched words in <mark>."""
    text = text or ""
    if not query:
        return Markup(escape(text))
    out, pos = [], 0
    for start, end in _spans(text, query):
        out.append(escape(text[pos:start]))
        out.append(Markup("<mark>%s</mark>") % text[start:end])
        pos = end
    out.append(escape(text[pos:]))
    return Markup("").join(out)
