"""An inverted index of lemmas in plain tables, the same on both engines: one row per
(lemma, row) with whether the lemma is in the row's head.

Why, next to the GIN/FTS5 indexes: a B-tree on (lemma, row_id) hands out a word's rows
newest first, so a search page can stop after its 25 rows (head matches first, then the
rest) instead of reading, ranking and sorting every match (80 000 rows for a common word in
a million requests). Other words are probed per row through the same key.

``fts_<short>_postings`` follows ``search_head``/``search_body`` by triggers, in the
writer's transaction; ``rebuild`` refills it in bulk (``flask search reindex``).
"""
from __future__ import annotations

from sqlalchemy import Boolean, Integer, String, column
from sqlalchemy import table as _table


def table(short: str) -> str:
    return f"fts_{short}_postings"


def columns(short: str):
    """The postings table of ``short`` for SQL expressions (lemma, row_id, in_head)."""
    return _table(table(short), column("lemma", String), column("row_id", Integer),
                  column("in_head", Boolean))


def substring_condition(model, short: str, substring: str,
                        within: tuple[str, str | None] | None):
    """Rows of ``model`` whose folded text holds ``substring``; with ``within`` (low, high),
    only among the rows whose postings hold a word in [low, high) (high None: the word
    ``low``): a B-tree read of a bounded size, then each row's text checked (the trigram
    index is not read)."""
    from sqlalchemy import and_, select
    from .lemmas import like_pattern
    like = model.search_text.like(f"%{like_pattern(substring)}%", escape="\\")
    if within is None:
        return like
    p = columns(short)
    low, high = within
    where = [p.c.lemma == low] if high is None else [p.c.lemma >= low, p.c.lemma < high]
    return and_(model.id.in_(select(p.c.row_id).where(*where)), like)


def _pg_function(table_name: str, short: str) -> str:
    p = table(short)
    words = ("SELECT w, bool_or(h) FROM (SELECT unnest(string_to_array({r}.search_head, ' ')) w, "
             "true h UNION ALL SELECT unnest(string_to_array({r}.search_body, ' ')), false) x "
             "WHERE w <> '' GROUP BY w")
    return (
        f"CREATE OR REPLACE FUNCTION {p}_sync() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"IF TG_OP <> 'INSERT' THEN DELETE FROM {p} WHERE row_id = OLD.id AND lemma = ANY("
        f"string_to_array(OLD.search_head || ' ' || OLD.search_body, ' ')); END IF; "
        f"IF TG_OP <> 'DELETE' THEN INSERT INTO {p} (lemma, row_id, in_head) "
        f"SELECT w, NEW.id, h FROM ({words.format(r='NEW')}) s(w, h); END IF; "
        f"RETURN NULL; END $$")


def pg_ddl(table_name: str, short: str) -> list[str]:
    p = table(short)
    return [
        f"CREATE TABLE IF NOT EXISTS {p} (lemma text COLLATE \"C\" NOT NULL, "
        f"row_id integer NOT NULL, "
        f"in_head boolean NOT NULL, CONSTRAINT {p}_pkey PRIMARY KEY (lemma, row_id) "
        f"INCLUDE (in_head))",
        _pg_function(table_name, short),
        *pg_trigger(table_name, short),
    ]


def pg_trigger(table_name: str, short: str) -> list[str]:
    p = table(short)
    return [f"CREATE OR REPLACE TRIGGER {p}_sync AFTER INSERT OR DELETE OR UPDATE OF "
            f"search_head, search_body ON {table_name} FOR EACH ROW EXECUTE FUNCTION {p}_sync()",
            # TRUNCATE fires no row trigger: the postings go with the table.
            f"CREATE OR REPLACE FUNCTION {p}_truncate() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN TRUNCATE {p}; RETURN NULL; END $$",
            f"CREATE OR REPLACE TRIGGER {p}_truncate AFTER TRUNCATE ON {table_name} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {p}_truncate()"]


def pg_drop_trigger(table_name: str, short: str) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {table(short)}_sync ON {table_name}",
            f"DROP TRIGGER IF EXISTS {table(short)}_truncate ON {table_name}"]


def pg_drop(table_name: str, short: str) -> list[str]:
    p = table(short)
    return [*pg_drop_trigger(table_name, short), f"DROP FUNCTION IF EXISTS {p}_sync()",
            f"DROP FUNCTION IF EXISTS {p}_truncate()", f"DROP TABLE IF EXISTS {p}"]


def pg_rebuild(table_name: str, short: str) -> list[str]:
    """Refill from the columns: the key dropped and built once (far cheaper than 15 million
    index insertions), the trigger off meanwhile (the caller's transaction holds the lock)."""
    p = table(short)
    return [
        *pg_drop_trigger(table_name, short),
        f"ALTER TABLE {p} DROP CONSTRAINT IF EXISTS {p}_pkey",
        f"TRUNCATE {p}",
        f"INSERT INTO {p} (lemma, row_id, in_head) SELECT w, id, true FROM {table_name}, "
        f"unnest(string_to_array(search_head, ' ')) w WHERE w <> ''",
        f"INSERT INTO {p} (lemma, row_id, in_head) SELECT w, id, false FROM {table_name}, "
        f"unnest(string_to_array(search_body, ' ')) w WHERE w <> ''",
        f"ALTER TABLE {p} ADD CONSTRAINT {p}_pkey PRIMARY KEY (lemma, row_id) INCLUDE (in_head)",
        *pg_trigger(table_name, short),
    ]


def _sqlite_words(row: str, column: str) -> str:
    # Lemmas are letters and digits only (lemmas.py): a JSON array by string replacement.
    return f"json_each('[\"' || replace({row}.{column}, ' ', '\",\"') || '\"]')"


def sqlite_insert(short: str, row: str = "new") -> str:
    p = table(short)
    return (f"INSERT OR IGNORE INTO {p} (lemma, row_id, in_head) "
            f"SELECT value, {row}.id, 1 FROM {_sqlite_words(row, 'search_head')} "
            f"WHERE value <> ''; "
            f"INSERT OR IGNORE INTO {p} (lemma, row_id, in_head) "
            f"SELECT value, {row}.id, 0 FROM {_sqlite_words(row, 'search_body')} "
            f"WHERE value <> '';")


def sqlite_delete(short: str) -> str:
    p = table(short)
    return (f"DELETE FROM {p} WHERE row_id = old.id AND lemma IN (SELECT value FROM "
            f"{_sqlite_words('old', 'search_head')} UNION ALL SELECT value FROM "
            f"{_sqlite_words('old', 'search_body')});")


def sqlite_ddl(short: str) -> list[str]:
    return [f"CREATE TABLE IF NOT EXISTS {table(short)} (lemma TEXT NOT NULL, "
            f"row_id INTEGER NOT NULL, in_head INTEGER NOT NULL, PRIMARY KEY (lemma, row_id)) "
            f"WITHOUT ROWID"]


def sqlite_rebuild(table_name: str, short: str) -> list[str]:
    p = table(short)
    return [f"DELETE FROM {p}",
            f"INSERT OR IGNORE INTO {p} (lemma, row_id, in_head) SELECT j.value, t.id, 1 "
            f"FROM {table_name} t, {_sqlite_words('t', 'search_head')} j WHERE j.value <> ''",
            f"INSERT OR IGNORE INTO {p} (lemma, row_id, in_head) SELECT j.value, t.id, 0 "
            f"FROM {table_name} t, {_sqlite_words('t', 'search_body')} j WHERE j.value <> ''"]
