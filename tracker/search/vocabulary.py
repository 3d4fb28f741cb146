"""Adding words to the vocabulary, and finding the words a typo may have meant."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from . import trigrams as tg
from .models import SearchWord


def _insert(session: Session):
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(SearchWord).on_conflict_do_nothing(index_elements=["word"])


def add_words(session: Session, words: Iterable[str], chunk: int = 5000) -> None:
    """Add the words the vocabulary lacks (in the caller's transaction). Sorted, so two
    writers adding the same new words lock them in the same order (no deadlock)."""
    ordered = sorted({w for w in words if w})
    sqlite = session.get_bind().dialect.name != "postgresql"
    for i in range(0, len(ordered), chunk):
        rows = [{"word": w} for w in ordered[i:i + chunk]]
        if not sqlite:
            session.execute(_insert(session), rows)
            continue
        added = session.scalars(_insert(session).values(rows).returning(SearchWord.word)).all()
        _add_trigrams(session, added)


def _add_trigrams(session: Session, words: list[str]) -> None:
    """SQLite has no pg_trgm: the words' trigrams go to a table of their own."""
    if words:
        session.execute(text("INSERT OR IGNORE INTO fts_word_trigrams (trigram, word) "
                             "VALUES (:t, :w)"),
                        [{"t": t, "w": w} for w in words for t in tg.trigrams(w)])


def known(session: Session, words: set[str]) -> set[str]:
    if not words:
        return set()
    return set(session.scalars(select(SearchWord.word).where(SearchWord.word.in_(sorted(words)))))


def containing(session: Session, part: str, limit: int) -> list[str]:
    """Up to ``limit`` vocabulary words holding ``part`` (PostgreSQL: through the trigram
    index; SQLite: a scan of the vocabulary, small beside the rows)."""
    from .lemmas import like_pattern
    return list(session.scalars(select(SearchWord.word).where(
        SearchWord.word.like(f"%{like_pattern(part)}%", escape="\\"))
        .order_by(SearchWord.word).limit(limit)))


def similar(session: Session, probes: list[str]) -> list[str]:
    """Words of the vocabulary within trigram similarity of any probe (see trigrams.py).
    The database narrows the candidates through an index; Python decides, the same way on
    both engines."""
    if session.get_bind().dialect.name == "postgresql":
        # «%» is pg_trgm's similarity operator: the GIN index finds words at 0.3 or more.
        cond = " OR ".join(f"word % :p{i}" for i in range(len(probes)))
        found = session.scalars(text(f"SELECT word FROM search_words WHERE {cond}")
                                .bindparams(**{f"p{i}": p for i, p in enumerate(probes)}))
    else:
        grams = sorted(set().union(*(tg.trigrams(p) for p in probes)))
        least = min(tg.min_common(p) for p in probes)
        found = session.scalars(text(
            "SELECT t.word FROM fts_word_trigrams t JOIN search_words w ON w.word = t.word "
            f"WHERE t.trigram IN ({', '.join(f':g{i}' for i in range(len(grams)))}) "
            "GROUP BY t.word HAVING count(*) >= :least")
            .bindparams(least=least, **{f"g{i}": g for i, g in enumerate(grams)}))
    return tg.best_matches(probes, set(found))


def refill_trigrams(session: Session, chunk: int = 5000) -> None:
    """SQLite: the vocabulary's trigram table from the vocabulary itself, for after a
    restore, which brings the words back but not this table derived from them (PostgreSQL's
    trigram index follows its table by itself)."""
    if session.get_bind().dialect.name == "postgresql":
        return
    session.execute(text("DELETE FROM fts_word_trigrams"))
    words = session.scalars(select(SearchWord.word).order_by(SearchWord.word)).all()
    for i in range(0, len(words), chunk):
        _add_trigrams(session, words[i:i + chunk])


def rebuild(session: Session, words: set[str]) -> None:
    """Replace the vocabulary with ``words`` (the bulk reindex)."""
    session.execute(SearchWord.__table__.delete())
    if session.get_bind().dialect.name != "postgresql":
        session.execute(text("DELETE FROM fts_word_trigrams"))
    add_words(session, words)
