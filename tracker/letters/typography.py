"""Typography of a letter's text: quotation marks «…» („…“ inside) for a user's straight
quotes, the apostrophe the council writes. Pure; e-mail addresses and URLs untouched."""
from __future__ import annotations

import re

from .grammar import APOSTROPHES

_PROTECTED = re.compile(r"(?:https?://|ftp://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
_CYR = "А-Яа-яЄєІіЇїҐґ"
_WORD_APOS = re.compile(f"(?<=[{_CYR}])[{APOSTROPHES}](?=[{_CYR}])")
_OPENERS = set("([{«„—–-/") | {None}


def _quotes(text: str) -> str:
    """Straight double quotes as «…», with „…“ inside (quotes already typed inside quotes
    become „…“ too); unbalanced quotes leave the text as it was."""
    out, depth = [], 0
    for i, ch in enumerate(text):
        prev = text[i - 1] if i else None
        if ch in "«„":
            out.append("«" if depth == 0 else "„")
            depth += 1
            continue
        if ch in "»“" and depth:
            depth -= 1
            out.append("»" if depth == 0 else "“")
            continue
        if ch != '"':
            out.append(ch)
            continue
        opening = prev is None or prev.isspace() or prev in _OPENERS
        if opening:
            out.append("«" if depth == 0 else "„")
            depth += 1
        elif depth:
            depth -= 1
            out.append("»" if depth == 0 else "“")
        else:
            return text
    return "".join(out) if depth == 0 else text


def typography(text: str, apostrophe: str | None = "ʼ") -> str:
    """Straight quotes typed by a user as «…» (nested „…“), the apostrophe in Ukrainian words
    as the council writes it (``ʼ`` or ``'``; None: as typed). E-mail addresses and URLs are
    not touched."""
    if not text:
        return text or ""
    saved: list[str] = []

    def keep(m):
        saved.append(m.group(0))
        return f"\x00{len(saved) - 1}\x00"
    work = _PROTECTED.sub(keep, text)
    work = _quotes(work)
    if apostrophe:
        work = _WORD_APOS.sub(apostrophe, work)
    return re.sub(r"\x00(\d+)\x00", lambda m: saved[int(m.group(1))], work)
