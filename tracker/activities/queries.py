"""Read side: filtered lists of activity records."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from ..core.search import words_condition
from ..extensions import db
from .models import ActivityRecord, Category, Programme


@dataclass
class ActivityFilters:
    q: str | None = None
    category: str | None = None  # slug
    programme: str | None = None  # id, or a part of the title
    period_from: dt.date | None = None
    period_to: dt.date | None = None
    ids: list[int] | None = None
    page: int = 1
    per_page: int = 25


def _programme_ids(value: str) -> list[int]:
    if value.isdigit() and len(value) < 19:
        return [int(value)]
    wanted = value.casefold()
    # Few programmes per council: matching in Python keeps Cyrillic case-folding exact.
    return [pid for pid, title in db.session.execute(select(Programme.id, Programme.title))
            if wanted in title.casefold()]


def filtered(f: ActivityFilters):
    stmt = select(ActivityRecord)
    if f.q:
        stmt = stmt.where(*words_condition(ActivityRecord.search_text, f.q))
    if f.category:
        stmt = stmt.join(Category, ActivityRecord.category_id == Category.id).where(
            Category.slug == f.category)
    if f.programme:
        stmt = stmt.where(ActivityRecord.programme_id.in_(_programme_ids(f.programme)))
    # Periods overlap the asked range; a record without a period matches no range.
    if f.period_from:
        stmt = stmt.where(ActivityRecord.period_end >= f.period_from)
    if f.period_to:
        stmt = stmt.where(ActivityRecord.period_start <= f.period_to)
    if f.ids is not None:
        stmt = stmt.where(ActivityRecord.id.in_(f.ids))
    return stmt


def list_activities(f: ActivityFilters) -> tuple[list[ActivityRecord], int]:
    stmt = filtered(f)
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    rows = db.session.scalars(
        stmt.order_by(ActivityRecord.period_end.desc().nulls_last(), ActivityRecord.programme_id,
                      ActivityRecord.id)
        .limit(f.per_page).offset((max(f.page, 1) - 1) * f.per_page)).unique().all()
    return list(rows), total


def active_categories() -> list[Category]:
    return list(db.session.scalars(select(Category).where(Category.active.is_(True))
                                   .order_by(Category.position)))


def all_programmes() -> list[Programme]:
    return list(db.session.scalars(select(Programme).order_by(Programme.title)))


_STOP = {"щодо", "інформації", "інформацію", "інформація", "надати", "прошу", "запит", "запиту",
         "міської", "ради", "році", "року", "також", "який", "яка", "яке", "було"}


def suggestion_stems(text: str) -> list[str]:
    """Word stems to look for: the first 5 letters of each significant word (no stemmer for
    Ukrainian here; a prefix catches most case endings)."""
    import re
    words = re.findall(r"[\w'’-]{5,}", (text or "").casefold())
    stems = []
    for w in words:
        if w in _STOP:
            continue
        stem = w[:5]
        if stem not in stems:
            stems.append(stem)
    return stems[:12]


def suggest_for(text: str, limit: int = 10) -> list[ActivityRecord]:
    """Records whose text shares most word stems with ``text`` (the request's subject)."""
    from sqlalchemy import or_
    stems = suggestion_stems(text)
    if not stems:
        return []
    rows = db.session.scalars(select(ActivityRecord).where(or_(
        *[ActivityRecord.search_text.like(f"%{s}%") for s in stems])).limit(300)).unique().all()
    scored = sorted(((sum(s in r.search_text for s in stems), -r.id, r) for r in rows),
                    key=lambda t: (t[0], t[1]), reverse=True)
    return [r for score, _, r in scored[:limit] if score]
