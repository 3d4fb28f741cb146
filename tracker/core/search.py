"""Portable text search: every word must occur in a case-folded text column.

SQLite's lower() folds only ASCII, so the searched column is stored case-folded by Python
and the words are folded the same way; LIKE then works the same on SQLite and PostgreSQL.
"""
from __future__ import annotations

MAX_WORDS = 8


def words_condition(column, query: str | None):
    """Conditions for ``select.where(*...)``: one LIKE per word of ``query``."""
    conditions = []
    for word in (query or "").casefold().split()[:MAX_WORDS]:
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conditions.append(column.like(f"%{escaped}%", escape="\\"))
    return conditions
