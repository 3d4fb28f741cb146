"""SQLite: FTS5 tables kept by triggers, and the conditions that read them.

Per searched table two external-content FTS5 tables over its own columns: one of lemmas
(``search_head``, ``search_body``; unicode61 without diacritics removal, so «й» stays «й»),
one of the folded text under the trigram tokenizer (substrings: «ковал», «к-4», e-mails).
Triggers update both in the writer's transaction. ``fts_word_trigrams`` stands in for
pg_trgm: the vocabulary's words by trigram. Needs SQLite 3.34 or later (trigram tokenizer).
"""
from __future__ import annotations

from itertools import count

from sqlalchemy import or_, text

from . import postings
from .lemmas import like_pattern

#: The trigram tokenizer finds nothing shorter.
MIN_TRIGRAM = 3

_names = count()


def _maintain(table: str, short: str) -> tuple[str, str]:
    """The trigger bodies: index the new row; take the old row out (FTS5's 'delete' needs
    the values that were indexed)."""
    lem, tri = f"fts_{short}", f"fts_{short}_text"
    insert_new = (f"INSERT INTO {lem}(rowid, search_head, search_body) "
                  f"VALUES (new.id, new.search_head, new.search_body); "
                  f"INSERT INTO {tri}(rowid, search_text) VALUES (new.id, new.search_text);")
    delete_old = (f"INSERT INTO {lem}({lem}, rowid, search_head, search_body) "
                  f"VALUES ('delete', old.id, old.search_head, old.search_body); "
                  f"INSERT INTO {tri}({tri}, rowid, search_text) "
                  f"VALUES ('delete', old.id, old.search_text);")
    return insert_new, delete_old


def ddl(table: str, short: str) -> list[str]:
    """Create the FTS tables and triggers (if missing) and fill the tables from ``table``."""
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS fts_{short} USING fts5(search_head, search_body, "
        f"content='{table}', content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
        f"CREATE VIRTUAL TABLE IF NOT EXISTS fts_{short}_text USING fts5(search_text, "
        f"content='{table}', content_rowid='id', tokenize='trigram')",
        *postings.sqlite_ddl(short),
        *triggers(table, short),
        *rebuild(short, table),
    ]


def triggers(table: str, short: str) -> list[str]:
    insert_new, delete_old = _maintain(table, short)
    return [
        f"CREATE TRIGGER IF NOT EXISTS fts_{short}_ai AFTER INSERT ON {table} "
        f"BEGIN {insert_new} END",
        f"CREATE TRIGGER IF NOT EXISTS fts_{short}_ad AFTER DELETE ON {table} "
        f"BEGIN {delete_old} END",
        f"CREATE TRIGGER IF NOT EXISTS fts_{short}_au AFTER UPDATE OF search_head, search_body, "
        f"search_text ON {table} BEGIN {delete_old} {insert_new} END",
        # The postings (postings.py): triggers of their own, so 0019 can drop them alone.
        f"CREATE TRIGGER IF NOT EXISTS fts_{short}_pai AFTER INSERT ON {table} "
        f"BEGIN {postings.sqlite_insert(short)} END",
        f"CREATE TRIGGER IF NOT EXISTS fts_{short}_pad AFTER DELETE ON {table} "
        f"BEGIN {postings.sqlite_delete(short)} END",
        f"CREATE TRIGGER IF NOT EXISTS fts_{short}_pau AFTER UPDATE OF search_head, search_body "
        f"ON {table} BEGIN {postings.sqlite_delete(short)} {postings.sqlite_insert(short)} END",
    ]


def drop_triggers(short: str) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS fts_{short}_{s}" for s in TRIGGERS]


TRIGGERS = ("ai", "ad", "au", "pai", "pad", "pau")


def drop(short: str) -> list[str]:
    return [*drop_triggers(short), f"DROP TABLE IF EXISTS fts_{short}",
            f"DROP TABLE IF EXISTS fts_{short}_text", f"DROP TABLE IF EXISTS {postings.table(short)}"]


def rebuild(short: str, table: str) -> list[str]:
    """Re-read every row of the content table (after a bulk load without triggers)."""
    return [f"INSERT INTO fts_{short}(fts_{short}) VALUES ('rebuild')",
            f"INSERT INTO fts_{short}_text(fts_{short}_text) VALUES ('rebuild')",
            *postings.sqlite_rebuild(table, short)]


VOCABULARY_DDL = [
    "CREATE TABLE IF NOT EXISTS fts_word_trigrams (trigram TEXT NOT NULL, word TEXT NOT NULL, "
    "PRIMARY KEY (trigram, word)) WITHOUT ROWID",
]
VOCABULARY_DROP = ["DROP TABLE IF EXISTS fts_word_trigrams"]


def _phrase(s: str) -> str:
    return '"' + s.replace('"', '""') + '"'


def term_condition(model, short: str, lemmas: tuple[str, ...], substring: str | None,
                   within: tuple[str, str | None] | None = None):
    """The rows where one query word occurs: as a lemma, or as a substring (``within``:
    among the rows whose postings hold a word in that range, see query.narrowed)."""
    if substring and within:
        cond = postings.substring_condition(model, short, substring, within)
        return or_(term_condition(model, short, lemmas, None), cond) if lemmas else cond
    if substring and len(substring) < MIN_TRIGRAM and not lemmas:
        # Too short for the trigram index («%»): a scan, as PostgreSQL's LIKE does then.
        return model.search_text.like(f"%{like_pattern(substring)}%", escape="\\")
    parts, params = [], {}
    if lemmas:
        n = next(_names)
        parts.append(f"SELECT rowid FROM fts_{short} WHERE fts_{short} MATCH :fl{n}")
        params[f"fl{n}"] = " OR ".join(_phrase(x) for x in lemmas)
    if substring:
        n = next(_names)
        parts.append(f"SELECT rowid FROM fts_{short}_text WHERE fts_{short}_text MATCH :ft{n}")
        params[f"ft{n}"] = _phrase(substring)
    return model.id.in_(text(" UNION ".join(parts)).bindparams(**params)
                        .columns(rowid=model.id.type))
