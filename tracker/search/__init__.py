"""Full-text search, one interface on PostgreSQL and SQLite (issue 18).

- ``lemmas``: words and their lemmas (pymorphy3), the same for the index and the query;
- ``trigrams``: pg_trgm's similarity in Python, for typos on both engines;
- ``index``: the search columns of a row, kept on every write, and ``reindex_all``;
- ``query``: a query's words → conditions (every word) and a ranking (head words first);
- ``postgres`` / ``sqlite``: each engine's structures and conditions;
- ``highlight``: the matched words marked in a text, escaped.

Usage: ``q = prepare(db.session, text)``; ``stmt.where(matches(Request, q))``;
``order_by(rank(Request, q).desc(), …)``; ``highlight(subject, q)`` in a template.
"""
from __future__ import annotations

from ..extensions import db
from .highlight import highlight
from .index import SEARCHABLES, Searchable, document, ensure_structures, index, register
from .index import reindex_all as _reindex_all
from .query import Query, Term, head_score, narrowed, parse
from .vocabulary import add_words
from .query import any_condition as _any_condition
from .query import condition as _condition
from .query import prepare as _prepare

__all__ = ["narrowed", "suggestions", "index_walk", "walk_ids", "top_tier", "Query", "Term", "add_words", "Searchable", "SEARCHABLES", "document", "ensure_structures", "highlight",
           "index", "marker", "matches", "matches_any", "parse", "prepare", "rank", "register",
           "reindex_all"]


def prepare(q: str | None, session=None) -> Query:
    """The query of a search box (typos corrected against the vocabulary)."""
    return _prepare(session or db.session, q)


def _short(model) -> str:
    return next(s.short for s in SEARCHABLES.values() if s.model is model)


def matches(model, query: Query, session=None):
    """A condition: rows of ``model`` matching every word of ``query``."""
    return _condition(session or db.session, model, _short(model), query)


def matches_any(model, query: Query, session=None):
    """A condition: rows of ``model`` matching at least one word of ``query``."""
    return _any_condition(session or db.session, model, _short(model), query)


def marker(query: Query | None):
    """For a template: a function marking ``query``'s words in a text, or None."""
    if not query:
        return None
    return lambda text: highlight(text, query)


def rank(model, query: Query):
    """An ORDER BY expression (descending): how many query words the row's head holds."""
    return head_score(model, query)


def index_walk(model, query: Query, where=None, session=None):
    """The index-order reader of a search over ``model`` (see walk.py), or None when no
    query word can drive it (only substrings, typos: the GIN/FTS path then) or a fragment
    bounds the candidates (``narrowed``: a few rows read by their key, then sorted)."""
    from .walk import Walk, drive
    if not query or drive(query) is None:
        return None
    if narrowed(session or db.session, _short(model), query):
        return None
    return Walk(model, _short(model), query, where)


def walk_ids(rows, limit: int) -> list[int]:
    from .walk import ids
    return ids(rows, limit)


def suggestions(model, query: Query, pool: int, limit: int):
    """A select of the ids of the rows sharing most of ``query``'s words (see walk.py)."""
    from .walk import suggestions as _suggestions
    return _suggestions(model, _short(model), query, pool, limit)


def top_tier(model, query: Query):
    """1 where the row's head holds every query word, else 0 (the order's first key)."""
    from sqlalchemy import case
    return case((head_score(model, query) == len(query.terms), 1), else_=0)


def reindex_all(session=None, **kwargs) -> dict[str, int]:
    """Rebuild the search columns, the vocabulary and the index structures (see index.py)."""
    return _reindex_all(session or db.session, **kwargs)
