"""Read side: filtered lists of activity records."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from .. import search
from ..search.lemmas import lemmas_of, tokens
from ..extensions import db
from .models import ActivityRecord, Category, Programme
from ..core.validation import row_id


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
    #: ``q`` prepared for the search (set by ``filtered``).
    search: search.Query | None = None


def _programme_ids(value: str) -> list[int]:
    if row_id(value) is not None:
        return [row_id(value)]
    wanted = value.casefold()
    # Few programmes per council: matching in Python keeps Cyrillic case-folding exact.
    return [pid for pid, title in db.session.execute(select(Programme.id, Programme.title))
            if wanted in title.casefold()]


def filtered(f: ActivityFilters, *, with_search: bool = True):
    """The records matching ``f`` (``with_search`` False: all but the words, which the
    index walk applies; ``f.search`` is prepared either way)."""
    stmt = select(ActivityRecord)
    if f.q:
        if f.search is None:
            f.search = search.prepare(f.q)
        if f.search and with_search:
            stmt = stmt.where(search.matches(ActivityRecord, f.search))
    if f.category:
        stmt = stmt.where(ActivityRecord.category_id.in_(
            select(Category.id).where(Category.slug == f.category)))
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
    """A page of records and the count. A search reads the index in its order (records
    whose measure holds every word, then the rest, newest first: search/walk.py)."""
    plain = filtered(f, with_search=False)
    walk = search.index_walk(ActivityRecord, f.search, plain.whereclause) if f.q else None
    if walk is not None:
        total = db.session.execute(walk.count(2**31 - 2)).one()[1]  # exact
        skip = (max(f.page, 1) - 1) * f.per_page
        ids = search.walk_ids(db.session.execute(walk.page(skip + f.per_page)),
                              skip + f.per_page)[skip:]
        loaded = {r.id: r for r in db.session.scalars(
            select(ActivityRecord).where(ActivityRecord.id.in_(ids))).unique()}
        return [loaded[i] for i in ids if i in loaded], total
    stmt = filtered(f)
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    # A search ranks first: records whose measure holds more of the query's words.
    ranked = [search.rank(ActivityRecord, f.search).desc()] if f.search else []
    rows = db.session.scalars(
        stmt.order_by(*ranked, ActivityRecord.period_end.desc().nulls_last(),
                      ActivityRecord.programme_id, ActivityRecord.id)
        .limit(f.per_page).offset((max(f.page, 1) - 1) * f.per_page)).unique().all()
    return list(rows), total


def active_categories() -> list[Category]:
    return list(db.session.scalars(select(Category).where(Category.active.is_(True))
                                   .order_by(Category.position)))


def all_programmes() -> list[Programme]:
    return list(db.session.scalars(select(Programme).order_by(Programme.title)))


#: Lemmas too common in requests to say what a record is about.
_STOP = {"щодо", "інформація", "надати", "просити", "запит", "міський", "рада", "рік", "також",
         "який", "бути", "цей", "весь", "свій", "той", "наш", "від", "для", "про"}
#: Suggestions are scored among this many newest records that share a word (a bound on the
#: work whatever the number of records).
SUGGEST_POOL = 2000


def suggestion_query(text: str) -> search.Query:
    """The significant words of ``text`` (five letters or more, not common), as lemmas."""
    terms = []
    for word in tokens(text or ""):
        if len(word) < 5:
            continue
        lemmas = lemmas_of(word)
        if lemmas[0] not in _STOP and not any(set(lemmas) & set(t.lemmas) for t in terms):
            terms.append(search.Term(word, lemmas))
    terms = tuple(terms[:12])
    return search.Query(terms, frozenset(x for t in terms for x in t.lemmas))


def suggest_for(text: str, limit: int = 10) -> list[ActivityRecord]:
    """Records sharing most of the significant words of ``text`` (the request's subject and
    text), found through the index and scored in the database."""
    query = suggestion_query(text)
    if not query:
        return []
    ids = list(db.session.scalars(search.suggestions(ActivityRecord, query, SUGGEST_POOL, limit)))
    records = {r.id: r for r in db.session.scalars(
        select(ActivityRecord).where(ActivityRecord.id.in_(ids))).unique()}
    return [records[i] for i in ids if i in records]
