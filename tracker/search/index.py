"""What is indexed, kept current on every write, and rebuilt in bulk.

A searchable table holds three columns of its own: ``search_text`` (the folded text, for
substrings), ``search_head`` and ``search_body`` (lemmas: the head ranks above the body).
The area that owns the table says which fields go where (a ``Searchable``); writes call
``index``; the engines' indexes follow the columns in the same transaction (PostgreSQL's
expression indexes by themselves, SQLite's FTS5 tables by triggers).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import Select, text
from sqlalchemy.orm import Session

from . import postgres, postings, sqlite, vocabulary
from .lemmas import folded_text, lemma_text

COLUMNS = ("search_text", "search_head", "search_body")
#: PostgreSQL: above this many rewritten rows the GIN indexes are dropped and built again.
BULK_REBUILD_ROWS = 20_000


def document(head: Iterable[str | None], body: Iterable[str | None]) -> dict[str, str]:
    """The three search columns of a row from its head and body fields."""
    head, body = list(head), list(body)
    head_lemmas = lemma_text(*head)
    known = set(head_lemmas.split())
    body_lemmas = " ".join(w for w in lemma_text(*body).split() if w not in known)
    return {"search_text": folded_text(*head, *body), "search_head": head_lemmas,
            "search_body": body_lemmas}


#: The vocabulary holds words of letters only, this long or longer (typos are looked for in
#: words; digits, e-mail parts and codes would only make it long).
MIN_VOCABULARY_WORD = 3


def words_of(doc: Mapping[str, str]) -> set[str]:
    return {w for w in (*doc["search_head"].split(), *doc["search_body"].split())
            if len(w) >= MIN_VOCABULARY_WORD and w.isalpha()}


@dataclass(frozen=True)
class Searchable:
    """A searched table: its model, the short name of its index structures (``fts_<short>``),
    the select of each row's id and raw fields, and how those fields make a document."""

    model: type
    short: str
    source: Callable[[], Select]
    document: Callable[[Mapping], dict[str, str]]


SEARCHABLES: dict[str, Searchable] = {}


def register(searchable: Searchable) -> Searchable:
    SEARCHABLES[searchable.short] = searchable
    return searchable


def index(session: Session, obj, doc: dict[str, str], words: set[str] | None = None) -> None:
    """Set ``obj``'s search columns and add its words to the vocabulary (the caller's
    transaction: the FTS triggers and expression indexes follow at flush). A bulk write
    passes ``words`` to collect them, and calls ``add_words`` once at the end."""
    for name in COLUMNS:
        setattr(obj, name, doc[name])
    if words is None:
        vocabulary.add_words(session, words_of(doc))
    else:
        words |= words_of(doc)


def _engine(session: Session):
    return postgres if session.get_bind().dialect.name == "postgresql" else sqlite


def ensure_structures(session: Session) -> None:
    """Create what the engine needs if missing (the migration, and ``reindex`` after a
    migration that rebuilt a table and lost its triggers)."""
    engine = _engine(session)
    for stmt in engine.VOCABULARY_DDL:
        session.execute(text(stmt))
    for s in SEARCHABLES.values():
        for stmt in engine.ddl(s.model.__tablename__, s.short):
            session.execute(text(stmt))


def _changed_documents(session: Session, s: Searchable, batch: int):
    """Batches of (id, document, differs) in id order (keyset: memory stays one batch)."""
    cols = [getattr(s.model, c) for c in COLUMNS]
    last = 0
    while True:
        rows = session.execute(
            s.source().add_columns(*[c.label(f"_old_{c.key}") for c in cols])
            .where(s.model.id > last).order_by(s.model.id).limit(batch)).mappings().all()
        if not rows:
            return
        out = []
        for row in rows:
            doc = s.document(row)
            out.append((row["id"], doc, any(row[f"_old_{c}"] != doc[c] for c in COLUMNS)))
        yield out
        last = rows[-1]["id"]


def _copy_postgres(session: Session, rows: list[tuple]) -> None:
    raw = session.connection().connection.driver_connection
    with raw.cursor() as cur:
        with cur.copy("COPY search_reindex (id, search_text, search_head, search_body) "
                      "FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def _write_sqlite(session: Session, table: str, rows: list[tuple]) -> None:
    # Plain SQL: a Core update() would also stamp ``updated_at`` (not the user's change).
    session.execute(text(f"UPDATE {table} SET search_text = :t, search_head = :h, "
                         f"search_body = :b WHERE id = :i"),
                    [{"i": i, "t": t, "h": h, "b": b} for i, t, h, b in rows])


def reindex_all(session: Session, batch: int = 5000, progress=None) -> dict[str, int]:
    """Recompute every searchable row's columns, write those that changed, rebuild the
    vocabulary and the engine's structures; returns the rows rewritten per table. For after
    a bulk load (the benchmark), a restore, or a change of what is indexed. PostgreSQL: the
    changes are COPied into a temporary table and applied by one UPDATE … FROM; SQLite:
    batched UPDATEs without triggers, then one FTS rebuild. The caller commits."""
    engine = _engine(session)
    pg = engine is postgres
    for stmt in engine.VOCABULARY_DDL:  # pg_trgm, SQLite's trigram table: needed below
        session.execute(text(stmt))
    words: set[str] = set()
    counts = {}
    for s in SEARCHABLES.values():
        table = s.model.__tablename__
        if pg:
            # The postings follow in bulk below, not row by row through their trigger.
            for stmt in postings.pg_ddl(table, s.short) + postings.pg_drop_trigger(table, s.short):
                session.execute(text(stmt))
            session.execute(text(
                "CREATE TEMP TABLE search_reindex (id integer PRIMARY KEY, search_text text, "
                "search_head text, search_body text) ON COMMIT DROP"))
        else:
            for stmt in sqlite.drop_triggers(s.short):
                session.execute(text(stmt))
        counts[s.short] = 0
        for rows in _changed_documents(session, s, batch):
            changed = []
            for row_id, doc, differs in rows:
                words |= words_of(doc)
                if differs:
                    changed.append((row_id, *(doc[c] for c in COLUMNS)))
            if changed:
                (_copy_postgres(session, changed) if pg else _write_sqlite(session, table, changed))
            counts[s.short] += len(changed)
            if progress:
                progress(s.short, counts[s.short])
        if pg:
            if counts[s.short] > BULK_REBUILD_ROWS:
                # Building a GIN index once is far cheaper than a million index insertions.
                for stmt in postgres.drop(s.short):
                    session.execute(text(stmt))
            session.execute(text(
                f"UPDATE {table} AS t SET search_text = r.search_text, "
                f"search_head = r.search_head, search_body = r.search_body "
                f"FROM search_reindex r WHERE t.id = r.id"))
            session.execute(text("DROP TABLE search_reindex"))
            for stmt in postings.pg_rebuild(table, s.short):
                session.execute(text(stmt))
    vocabulary.rebuild(session, words)
    ensure_structures(session)  # SQLite: the triggers back, the FTS tables rebuilt
    if pg:
        for table in [t for s in SEARCHABLES.values()
                      for t in (s.model.__tablename__, postings.table(s.short))] + ["search_words"]:
            postgres.analyse(session, table)
    return counts


def repair(connection) -> None:
    """After migrations (migrations/env.py): SQLite drops a table's triggers when a migration
    rebuilds the table (Alembic's batch mode does, to add a foreign key). Put missing ones
    back and re-read the table into its FTS tables. PostgreSQL's indexes survive: nothing."""
    if connection.dialect.name != "sqlite":
        return
    names = set(connection.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')").scalars())
    for s in SEARCHABLES.values():
        if f"fts_{s.short}" not in names or all(
                f"fts_{s.short}_{k}" in names for k in sqlite.TRIGGERS):
            continue
        for stmt in (sqlite.triggers(s.model.__tablename__, s.short)
                     + sqlite.rebuild(s.short, s.model.__tablename__)):
            connection.exec_driver_sql(stmt)
