"""What a report's heading says: programme, its decision, years, executors, period. Pure."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

#: A decision as :func:`parse_heading` stores it: ``18.12.2017 № 879``.
_DECISION = re.compile(r"^(\d{2})\.(\d{2})\.(\d{4})\s*№\s*(\S+)$")


@dataclass
class Heading:
    programme: str | None = None
    decision: str | None = None
    years: str | None = None
    responsible: str | None = None
    period: str | None = None


def parse_heading(lines: list[str]) -> Heading:
    text = "\n".join(lines)
    flat = " ".join(text.split())
    h = Heading()
    m = re.search(r"програм\w*\s*[«\"“]([^»\"”]+)[»\"”]", flat, re.IGNORECASE)
    if m:
        h.programme = m.group(1).strip()
    m = re.search(r"\bза\s+((?:[IVX]+|\d+|перш\w+|друг\w+|трет\w+|четверт\w+)?\s*[^\n]*?"
                  r"(?:19|20)\d{2}\s*(?:року|рік|р\.)?)", text, re.IGNORECASE)
    if m:
        h.period = " ".join(m.group(1).split())
    m = re.search(r"(\d{2}\.\d{2}\.\d{4})\s*р?\.?\s*№\s*([\w/\-]+)", flat)
    if m:
        h.decision = f"{m.group(1)} № {m.group(2)}"
    m = re.search(r"[Тт]ермін реалізації[^\d]*((?:19|20)\d{2})\s*[-–—]\s*((?:19|20)\d{2})", flat)
    if m:
        h.years = f"{m.group(1)}-{m.group(2)}"
    m = re.search(r"Відповідальн\w+ виконав\w+ [Пп]рограми\s*[:\-–]?\s*([^\n]+)", text)
    if m:
        h.responsible = m.group(1).strip()
    return h


def decision_parts(decision: str) -> tuple[dt.date | None, str | None]:
    """``18.12.2017 № 879`` → (the date, ``879``); (None, None) for any other text."""
    m = _DECISION.match((decision or "").strip())
    if not m:
        return None, None
    try:
        return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1))), m.group(4)
    except ValueError:
        return None, None
