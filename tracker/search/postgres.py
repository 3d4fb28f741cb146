"""PostgreSQL: a weighted tsvector of lemmas and pg_trgm, both as GIN indexes.

The lemmas come from Python (``search_head``, ``search_body``: pymorphy3 did the
linguistics), so the vector is built with ``array_to_tsvector``, which takes the words as
they are: no parser, no dictionary (what the ``simple`` configuration would still do to
«к-4» or an e-mail), exactly the words SQLite's FTS5 sees. Head words (subject, requester)
weigh 'A', body words 'B'. The vector is an expression index, not a column: nothing to keep
in step but the lemma columns themselves. Substrings and typos go through pg_trgm.
"""
from __future__ import annotations

from sqlalchemy import func, literal_column, text

from . import postings


def vector(model):
    """The expression the GIN index is built on (the query must repeat it exactly)."""
    def part(column, weight):
        words = func.string_to_array(column, literal_column("' '"))
        return func.setweight(func.array_to_tsvector(words), literal_column(f"'{weight}'"))
    return part(model.search_head, "A").op("||")(part(model.search_body, "B"))


_VECTOR_SQL = ("(setweight(array_to_tsvector(string_to_array(search_head, ' ')), 'A') || "
               "setweight(array_to_tsvector(string_to_array(search_body, ' ')), 'B'))")


def ddl(table: str, short: str) -> list[str]:
    return [
        f"CREATE INDEX IF NOT EXISTS fts_{short}_lemmas ON {table} USING gin ({_VECTOR_SQL})",
        f"CREATE INDEX IF NOT EXISTS fts_{short}_text ON {table} "
        f"USING gin (search_text gin_trgm_ops)",
        *postings.pg_ddl(table, short),
    ]


def drop(short: str) -> list[str]:
    return [f"DROP INDEX IF EXISTS fts_{short}_lemmas", f"DROP INDEX IF EXISTS fts_{short}_text"]


VOCABULARY_DDL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS fts_search_words_trgm ON search_words "
    "USING gin (word gin_trgm_ops)",
]
VOCABULARY_DROP = ["DROP INDEX IF EXISTS fts_search_words_trgm"]


def _tsquery(lemmas: tuple[str, ...]) -> str:
    """Quoted lexemes, taken verbatim: 'запит' | 'запитий'."""
    return " | ".join("'" + x.replace("\\", "\\\\").replace("'", "''") + "'" for x in lemmas)


def term_condition(model, short: str, lemmas: tuple[str, ...], substring: str | None,
                   within: tuple[str, str | None] | None = None):
    """The rows where one query word occurs: as a lemma, or as a substring (``within``:
    among the rows whose postings hold a word in that range, see query.narrowed)."""
    from sqlalchemy import cast, or_
    from sqlalchemy.dialects.postgresql import TSQUERY
    parts = []
    if lemmas:
        parts.append(vector(model).op("@@")(cast(_tsquery(lemmas), TSQUERY)))
    if substring:
        parts.append(postings.substring_condition(model, short, substring, within))
    return or_(*parts)


def analyse(session, table: str) -> None:
    session.execute(text(f"ANALYZE {table}"))
