"""Names as registers write them: surname first. Pure.

Mail and portals give "Яна Красновська" (given name first); the register and the index's
letter want "Красновська Яна". The swap is made only when the last word has an unmistakable
Ukrainian surname ending and the first does not; otherwise the name is left for the clerk.
"""
from __future__ import annotations

import re

_SURNAME = re.compile(r"(енко|єнко|ський|ська|цький|цька|зький|зька|чук|щук|ук|юк|ишин|ович|евич|"
                      r"івна|ов|ев|єв|ова|ева|єва|ін|їн|іна|їна)$", re.IGNORECASE)


def surname_first(name: str) -> str:
    parts = (name or "").split()
    if len(parts) in (2, 3) and _SURNAME.search(parts[-1]) and not _SURNAME.search(parts[0]):
        return " ".join([parts[-1]] + parts[:-1])
    return " ".join(parts)
