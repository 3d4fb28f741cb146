"""A search page read in index order, so it stops at the page's last row.

The order is the rank tier, then newest first: rows whose head holds every query word
(tier 1), then the other matches (tier 0), each by id descending. One query word with
lemmas and no substring (the *drive*) hands out its rows from the postings' B-tree
(postings.py) in id order; every other word, and whether the row's head holds all the
words, is probed per row through the same key. Both tiers are arms of one UNION ALL read
with a LIMIT: the second arm runs only when the first does not fill the page. The count
stops at the cap the same way. Same SQL on both engines, so the same ids in the same order.
"""
from __future__ import annotations

from sqlalchemy import and_, exists, func, literal, not_, or_, select, true, union_all

from sqlalchemy.orm import aliased

from . import postings
from .lemmas import like_pattern
from .query import Query, Term


def drive(query: Query) -> Term | None:
    """The word whose postings are walked: matched by its lemmas alone (a substring would
    match rows the postings do not list), the fewest lemmas (fewest duplicates)."""
    usable = [t for t in query.terms if t.lemmas and not t.substring]
    return min(usable, key=lambda t: len(t.lemmas)) if usable else None


def _postings(short: str):
    return postings.columns(short)


def _probe(short: str, term: Term, row_id, head: bool):
    p = _postings(short).alias()
    cond = [p.c.lemma.in_(term.lemmas), p.c.row_id == row_id]
    if head:
        cond.append(p.c.in_head == true())
    return exists(select(literal(1)).select_from(p).where(*cond))


def _matches(model, short, term: Term, row_id):
    parts = [_probe(short, term, row_id, head=False)] if term.lemmas else []
    if term.substring:
        parts.append(model.search_text.like(f"%{like_pattern(term.substring)}%", escape="\\"))
    return or_(*parts)


def _in_head(model, short, term: Term, row_id, joined: bool):
    parts = [_probe(short, term, row_id, head=True)] if term.lemmas else []
    if term.substring:
        pattern = f"%{like_pattern(term.substring)}%"
        if joined:  # the row is joined to the statement: its column
            parts.append(model.search_head.like(pattern, escape="\\"))
        else:  # another row (a cursor): looked up
            other = aliased(model)
            parts.append(exists(select(literal(1)).select_from(other).where(
                other.id == row_id, other.search_head.like(pattern, escape="\\"))))
    return or_(*parts)


def top_tier(model, short: str, query: Query, row_id, joined: bool = True):
    """True where the row's head holds every query word (the first tier); ``joined``
    False: ``row_id`` is not the statement's own row (a cursor's id)."""
    return and_(*[_in_head(model, short, t, row_id, joined) for t in query.terms])


class Walk:
    """The statements of one search over ``model`` filtered by ``where`` (or None)."""

    def __init__(self, model, short: str, query: Query, where=None):
        self.model, self.short, self.query, self.where = model, short, query, where
        self.lead = drive(query)
        self.others = [t for t in query.terms if t is not self.lead]
        # Rows joined only when a condition reads them (filters, substrings).
        self.joins = where is not None or any(t.substring for t in self.others)

    def _select(self, lemma: str | None, *conditions):
        """Rows of the drive (one of its lemmas, or all of them) that match every other
        word and ``conditions`` (on the row id column, which is passed to them)."""
        p = _postings(self.short)
        m = self.model
        lemmas = [lemma] if lemma is not None else list(self.lead.lemmas)
        stmt = select(p.c.row_id.label("id")).where(
            p.c.lemma == lemmas[0] if len(lemmas) == 1 else p.c.lemma.in_(lemmas))
        if self.joins:
            stmt = stmt.join(m, m.id == p.c.row_id)
        if self.where is not None:
            stmt = stmt.where(self.where)
        stmt = stmt.where(*[_matches(m, self.short, t, p.c.row_id) for t in self.others])
        return stmt.where(*[c(p.c.row_id) for c in conditions]), p.c.row_id

    def page(self, limit: int, after: int | None = None, before: int | None = None):
        """The statement of (tier, id) rows of a page in order, at most ``limit``.

        Per tier and per lemma of the drive an arm walks the B-tree in id order and stops
        at ``limit`` rows; a tier is the top ``limit`` of its arms' union (a row holding
        two of the lemmas comes out of two arms: DISTINCT). Tier 0 runs only when tier 1
        leaves the page short (an Append under a LIMIT reads its parts in turn)."""
        backwards = before is not None
        cursor = after if after is not None else before

        def top(rid):
            return top_tier(self.model, self.short, self.query, rid)

        def tier_conditions(tier: int):
            conds = [top if tier else (lambda rid: not_(top(rid)))]
            if cursor is None:
                return conds
            cursor_top = top_tier(self.model, self.short, self.query, literal(cursor),
                                  joined=False)
            beyond = (lambda rid: rid > cursor) if backwards else (lambda rid: rid < cursor)
            if tier == 1 and not backwards:  # the cursor in tier 0: tier 1 lies before it
                conds += [beyond, lambda rid: cursor_top]
            elif tier == 1:
                conds.append(lambda rid: or_(beyond(rid), not_(cursor_top)))
            elif not backwards:
                conds.append(lambda rid: or_(beyond(rid), cursor_top))
            else:
                conds.append(lambda rid: and_(beyond(rid), not_(cursor_top)))
            return conds

        parts = []
        for tier in (1, 0) if not backwards else (0, 1):
            arms = []
            for lemma in self.lead.lemmas:
                stmt, rid = self._select(lemma, *tier_conditions(tier))
                arms.append(stmt.order_by(rid.asc() if backwards else rid.desc())
                            .limit(limit).subquery())
            both = (select(arms[0].c.id) if len(arms) == 1
                    else union_all(*[select(a.c.id) for a in arms]).subquery().select())
            both = both.subquery()
            parts.append(select(literal(tier).label("tier"), both.c.id).distinct()
                         .order_by(both.c.id.asc() if backwards else both.c.id.desc())
                         .limit(limit).subquery())
        arms = union_all(*[select(a.c.tier, a.c.id) for a in parts]).subquery("arms")
        return select(arms.c.tier, arms.c.id).limit(limit)

    def count(self, budget: int):
        """(entries examined, rows matching among them): at most ``budget + 1`` of the
        drive's index entries are read, so a count costs a bounded walk whatever the
        number of matches; fewer than that examined means the count is exact."""
        p = _postings(self.short)
        m = self.model
        lemmas = list(self.lead.lemmas)
        first = (select(p.c.row_id.label("id"))
                 .where(p.c.lemma == lemmas[0] if len(lemmas) == 1 else p.c.lemma.in_(lemmas))
                 .limit(budget + 1).cte("examined"))
        matched = select(func.count(first.c.id.distinct())).select_from(first)
        if self.joins:
            matched = matched.join(m, m.id == first.c.id)
        if self.where is not None:
            matched = matched.where(self.where)
        matched = matched.where(*[_matches(m, self.short, t, first.c.id) for t in self.others])
        return select(select(func.count()).select_from(first).scalar_subquery(),
                      matched.scalar_subquery())

    def uncapped(self):
        """The statement whose row estimate the planner gives for «≈ N»."""
        return self._select(None)[0]


def ids(rows, limit: int) -> list[int]:
    """The page's ids from ``Walk.page``'s rows, in their order, each once."""
    seen: dict[int, None] = {}
    for _, row_id in rows:
        seen.setdefault(row_id, None)
        if len(seen) == limit:
            break
    return list(seen)


def suggestions(model, short: str, query: Query, pool: int, limit: int):
    """The ids of the ``limit`` rows sharing most of ``query``'s words among the ``pool``
    newest rows sharing any, from the postings alone: per lemma the newest ``pool`` rows
    (a B-tree walk each), the newest ``pool`` of their union, scored by the words held."""
    p = _postings(short)
    arms = [select(p.c.row_id.label("id"), literal(i).label("term"))
            .where(p.c.lemma == x).order_by(p.c.row_id.desc()).limit(pool).subquery()
            for i, t in enumerate(query.terms) for x in t.lemmas]
    hits = union_all(*[select(a.c.id, a.c.term) for a in arms]).subquery("hits")
    newest = select(hits.c.id).distinct().order_by(hits.c.id.desc()).limit(pool).subquery()
    score = func.count(hits.c.term.distinct())
    return (select(hits.c.id).where(hits.c.id.in_(select(newest.c.id)))
            .group_by(hits.c.id).order_by(score.desc(), hits.c.id.desc()).limit(limit))
