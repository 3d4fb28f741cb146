"""Counts that a record's text states: "45 відео сюжетів", "8 рекламних кампаній". Pure."""
from __future__ import annotations

import re

_WORD = r"[а-яіїєґ'ʼ’\-]+"
# A number standing alone (not part of a date, range, decimal or code), then one or two words.
_COUNT = re.compile(
    rf"(?<![\d.,:/\-№])(\d{{1,6}})(?![\d.,:/\-%])\s+({_WORD}(?:\s+{_WORD})?)",
    re.IGNORECASE)
_NOT_THINGS = re.compile(r"^(рок|рік|грн|тис|млн|відсот|%|січ|лют|берез|квіт|трав|черв|лип|серп|"
                         r"верес|жовт|листоп|груд|р\b|км|м\b|год|хв|днів|дні|день)", re.IGNORECASE)
_STOP_WORDS = {"та", "і", "й", "на", "у", "в", "з", "до", "по", "за", "про", "від", "для"}


def extract_quantities(text: str | None) -> list[dict]:
    """Each stated count with what it counts: ``[{"count": 45, "what": "відео сюжетів"}]``."""
    out = []
    for match in _COUNT.finditer(text or ""):
        count = int(match.group(1))
        if 1990 <= count <= 2099:
            continue  # a year, not a count
        words = [w for w in match.group(2).split() if w.lower() not in _STOP_WORDS]
        if not words or _NOT_THINGS.match(words[0]) or count == 0:
            continue
        what = " ".join(words).strip("-—")
        if len(what) < 3:
            continue
        out.append({"count": count, "what": what})
    return out
