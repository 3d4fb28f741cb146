"""The same request registered twice: the same letter by post and by e-mail, a message sent
again. Candidates for the clerk to look at, never merged on their own."""
from __future__ import annotations

import datetime as dt
import difflib
import re

from sqlalchemy import func, select

from ..core.timeutil import utcnow
from ..extensions import db
from .models import Request, Requester

#: How far back a repeated request is looked for, and how alike its text must be.
DUPLICATE_DAYS = 30
DUPLICATE_SIMILARITY = 0.85
#: Requests of the period read to compare names (a name is compared in Python: SQLite's
#: lower() folds only ASCII, so «ПЕТРЕНКО» and «Петренко» would differ in SQL).
NAME_POOL = 500


def _normalise(text: str) -> str:
    # The head of the text is enough to compare, and a 20 MB body is not read in full.
    return " ".join(re.sub(r"[^\w\s]", " ", (text or "")[:20_000].casefold()).split())[:5000]


def _name_key(name: str | None) -> str:
    """«ПЕТРЕНКО  Олег.» and «Петренко Олег» alike; the words in any order."""
    return " ".join(sorted(re.sub(r"[^\w\s]", " ", (name or "").casefold()).split()))


def same_requester(a: Requester, b: Requester) -> bool:
    """The same person or body, as far as the register can tell: the same e-mail address, or
    the same name (any case, any word order)."""
    if a.email and b.email and a.email.lower() == b.email.lower():
        return True
    return bool(_name_key(a.name)) and _name_key(a.name) == _name_key(b.name)


def duplicate_candidates(email: str | None, text: str, *, name: str | None = None,
                         exclude: int | None = None,
                         now: dt.datetime | None = None) -> list[Request]:
    """Requests of the last DUPLICATE_DAYS with nearly the same text from the same requester:
    the same e-mail address, or (a letter by post has none) the same name. Annulled
    registrations are not offered again."""
    key = _name_key(name)
    if not (text or "").strip() or not (email or key):
        return []
    since = (now or utcnow()) - dt.timedelta(days=DUPLICATE_DAYS)
    recent = select(Request).join(Requester).where(
        Request.received_at >= since, Request.voided_at.is_(None))
    rows: dict[int, Request] = {}
    if email:
        rows.update((r.id, r) for r in db.session.scalars(
            recent.where(func.lower(Requester.email) == email.lower())
            .order_by(Request.id.desc()).limit(50)).unique())
    if key:
        rows.update((r.id, r) for r in db.session.scalars(
            recent.order_by(Request.id.desc()).limit(NAME_POOL)).unique()
            if _name_key(r.requester.name) == key)
    mine = _normalise(text)
    return [r for r in sorted(rows.values(), key=lambda r: -r.id)
            if r.id != exclude and difflib.SequenceMatcher(
                None, mine, _normalise(r.text)).ratio() >= DUPLICATE_SIMILARITY]
