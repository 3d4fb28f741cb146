"""A search box's text turned into conditions and a ranking, the same on both engines.

A query word matches a row when one of its lemmas is among the row's lemmas («запиту»
finds «запит»). A word whose lemmas the vocabulary does not know (a part of a word, an index,
an e-mail, digits) matches, three characters or more, where it occurs in the row's folded
text («ковал», «к-4»): through the trigram index, or, for a fragment of several parts whose
last part few indexed words begin («к-4812»), through those words' postings. Such a word of
four letters or more is also taken for a typo: the vocabulary's most similar words stand in
for it («ковалнко» → «коваленко»). Every word must match. Rows rank by how many query words
their head (subject, requester; a record's measure) holds, then as the list orders them.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from sqlalchemy import and_, case, func, literal, or_, select
from sqlalchemy.orm import Session

from . import postgres, sqlite, vocabulary
from .postings import columns as postings_table
from .lemmas import fold_lookalikes, is_cyrillic, like_pattern, lemmas_of, normalise, tokens

#: Written before an index or a number, not part of it: left out of a query.
NUMBER_SIGNS = frozenset({"№", "#", "n°", "no."})
#: Words of a query that count (the rest are ignored).
MAX_WORDS = 8
#: Substring matching needs this many characters (trigram indexes read nothing shorter).
MIN_SUBSTRING = 3
#: A word this long or longer may be a typo worth correcting.
MIN_TYPO_WORD = 4
#: A part of a word held by at most this many vocabulary words is looked up as those words.
MAX_EXPANSION = 16
#: A fragment («к-4812») whose last part begins at most this many index entries is looked
#: up through them (the postings' B-tree, a bounded read), not the trigram index (which
#: reads every row holding its commonest trigram: a cost that grows with the table).
MAX_PREFIX_ROWS = 2000
#: Anchors tried per fragment (its last part and its longest inner parts): each is a
#: bounded read, and a fragment of a hundred parts should not make a hundred of them.
MAX_ANCHORS = 4


@dataclass(frozen=True)
class Term:
    """One query word: the lemmas it matches, and the substring it matches (if any)."""

    word: str
    lemmas: tuple[str, ...] = ()
    substring: str | None = None
    #: Vocabulary words taken for a typo of this word (also in ``lemmas``).
    corrections: tuple[str, ...] = ()
    #: A fragment of several parts («зі/к-4812/2026»): every row holding it holds each inner
    #: part as a whole word («к», «4812») and a word beginning with its last part («2026»).
    #: Such words that are no Cyrillic words (digits, Latin, mixed) are indexed as written,
    #: so their postings list the candidate rows: each anchor is a range of indexed words,
    #: (low, high) or (word, None) for the word alone.
    anchors: tuple[tuple[str, str | None], ...] = ()


@dataclass(frozen=True)
class Query:
    terms: tuple[Term, ...] = ()
    #: Every lemma the query matches: what the highlighting marks.
    lemmas: frozenset[str] = field(default_factory=frozenset)
    #: Per searched table, the fragments looked up through an anchor (see ``narrowed``).
    narrow: dict = field(default_factory=dict, compare=False, repr=False)

    def __bool__(self) -> bool:
        return bool(self.terms)


def _trim(word: str) -> str:
    start, end = 0, len(word)
    while start < end and not word[start].isalnum():
        start += 1
    while end > start and not word[end - 1].isalnum():
        end -= 1
    return word[start:end]


def parse(q: str | None) -> tuple[Term, ...]:
    """The terms of a query, without the database (the typo step is ``prepare``)."""
    terms: dict[str, Term] = {}
    for raw in normalise(q or "").split()[:MAX_WORDS]:
        word = fold_lookalikes(_trim(raw))
        if not word:  # no letter nor digit («%»): looked for literally, as typed
            if raw not in NUMBER_SIGNS:  # «№ 25/К-4із»: the sign is how an index is written
                terms.setdefault(raw, Term(raw, (), raw))
            continue
        if word in terms:
            continue
        parts = tokens(word, normalised=True)
        # A word of several parts («к-4», an e-mail) is matched as a substring only.
        lemmas = lemmas_of(parts[0]) if len(parts) == 1 else ()
        substring = word if len(word) >= MIN_SUBSTRING else None
        if lemmas or substring:
            terms[word] = Term(word, lemmas, substring, anchors=_anchors(parts) if substring else ())
    return tuple(terms.values())


def _anchors(parts: list[str]) -> tuple[tuple[str, str | None], ...]:
    """The ranges of indexed words a fragment of ``parts`` is sure to hold (see Term)."""
    if len(parts) < 2:
        return ()
    inner = sorted({x for x in parts[1:-1] if not is_cyrillic(x)}, key=lambda x: (-len(x), x))
    last = [prefix_range(parts[-1])] if not is_cyrillic(parts[-1]) else []
    return tuple(last + [(x, None) for x in inner])[:MAX_ANCHORS]


def _typo_candidate(term: Term) -> bool:
    return len(term.word) >= MIN_TYPO_WORD and term.word.isalpha()


def prepare(session: Session, q: str | None) -> Query:
    """Parse ``q`` and correct its typos against the vocabulary (one query, and one more
    per word the index does not know)."""
    terms = parse(q)
    if not terms:
        return Query()
    present = vocabulary.known(session, {x for t in terms for x in t.lemmas})
    corrected = []
    for t in terms:
        if present.intersection(t.lemmas):
            # A word the index knows is matched by its lemmas alone: the substring would
            # add little («ремонт» in «ремонтний») and cost a recheck of every such row.
            t = replace(t, substring=None)
        elif _typo_candidate(t):
            probes = list(dict.fromkeys((t.word, *t.lemmas)))
            found = tuple(w for w in vocabulary.similar(session, probes) if w not in t.lemmas)
            # A part of a word («ковал»): the vocabulary's few words holding it stand in for
            # the substring, and so does a typo's correction: the words then go through the
            # postings (walk.py), not a trigram scan of every row holding the letters.
            whole = vocabulary.containing(session, t.word, MAX_EXPANSION + 1)
            if len(whole) <= MAX_EXPANSION and (whole or found):
                extra = tuple(w for w in whole if w not in t.lemmas and w not in found)
                t = replace(t, lemmas=t.lemmas + found + extra, corrections=found,
                            substring=None)
            else:
                t = replace(t, lemmas=t.lemmas + found, corrections=found)
        corrected.append(t)
    return Query(tuple(corrected), frozenset(x for t in corrected for x in t.lemmas))


def _engine(session: Session):
    return postgres if session.get_bind().dialect.name == "postgresql" else sqlite


def prefix_range(prefix: str) -> tuple[str, str]:
    """[low, high): the words beginning with ``prefix`` in code-point order (the postings'
    collation is "C" on PostgreSQL, SQLite compares code points)."""
    last = ord(prefix[-1]) + 1
    if 0xD800 <= last <= 0xDFFF:  # no surrogates in text: the next character is U+E000
        last = 0xE000
    return prefix, prefix[:-1] + chr(last)


def narrowed(session: Session, short: str, query: Query) -> dict[str, tuple[str, str | None]]:
    """For each fragment of ``query`` (by its ``word``) whose anchors allow it, the anchor
    holding the fewest of table ``short``'s postings, if at most ``MAX_PREFIX_ROWS``: one
    statement counting each anchor up to that bound, run once per query and table."""
    if short in query.narrow:
        return query.narrow[short]
    anchored = [(t, a) for t in query.terms for a in t.anchors]
    found: dict[str, tuple[str, str | None]] = {}
    if anchored:
        p = postings_table(short)
        counts = []
        for _, (low, high) in anchored:
            where = [p.c.lemma == low] if high is None else [p.c.lemma >= low, p.c.lemma < high]
            first = select(literal(1).label("one")).select_from(p).where(*where).limit(
                MAX_PREFIX_ROWS + 1)
            counts.append(select(func.count()).select_from(first.subquery()).scalar_subquery())
        row = session.execute(select(*counts)).one()
        best: dict[str, int] = {}
        for (t, anchor), n in zip(anchored, row):
            if n <= MAX_PREFIX_ROWS and n < best.get(t.word, MAX_PREFIX_ROWS + 1):
                best[t.word], found[t.word] = n, anchor
    query.narrow[short] = found
    return found


def _conditions(session: Session, model, short: str, query: Query) -> list:
    engine = _engine(session)
    narrow = narrowed(session, short, query)
    return [engine.term_condition(model, short, t.lemmas, t.substring, within=narrow.get(t.word))
            for t in query.terms]


def condition(session: Session, model, short: str, query: Query):
    """Rows matching every word of ``query`` (through the engine's indexes)."""
    return and_(*_conditions(session, model, short, query))


def any_condition(session: Session, model, short: str, query: Query):
    """Rows matching at least one word (suggestions)."""
    return or_(*_conditions(session, model, short, query))


def head_score(model, query: Query):
    """How many query words the row's head holds: plain LIKEs over the lemma column, so
    both engines rank alike (computed for the matching rows only)."""
    spaced = literal(" ") + model.search_head + literal(" ")
    score = literal(0)
    for t in query.terms:
        hits = [spaced.like(f"% {like_pattern(x)} %", escape="\\") for x in t.lemmas]
        if t.substring:
            hits.append(model.search_head.like(f"%{like_pattern(t.substring)}%", escape="\\"))
        score = score + case((or_(*hits), 1), else_=0)
    return score
