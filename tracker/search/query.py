"""A search box's text turned into conditions and a ranking, the same on both engines.

A query word matches a row when one of its lemmas is among the row's lemmas («запиту»
finds «запит»). A word whose lemmas the vocabulary does not know (a part of a word, an index,
an e-mail, digits) matches, three characters or more, where it occurs in the row's folded
text («ковал», «к-4»). Such a word of four letters or more is also taken for a typo: the vocabulary's most similar words stand in for it
(«ковалнко» → «коваленко»). Every word must match. Rows rank by how many query words their
head (subject, requester; a record's measure) holds, then as the list orders them.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from sqlalchemy import and_, case, literal, or_
from sqlalchemy.orm import Session

from . import postgres, sqlite, vocabulary
from .lemmas import like_pattern, lemmas_of, normalise, tokens

#: Words of a query that count (the rest are ignored).
MAX_WORDS = 8
#: Substring matching needs this many characters (trigram indexes read nothing shorter).
MIN_SUBSTRING = 3
#: A word this long or longer may be a typo worth correcting.
MIN_TYPO_WORD = 4
#: A part of a word held by at most this many vocabulary words is looked up as those words.
MAX_EXPANSION = 16


@dataclass(frozen=True)
class Term:
    """One query word: the lemmas it matches, and the substring it matches (if any)."""

    word: str
    lemmas: tuple[str, ...] = ()
    substring: str | None = None
    #: Vocabulary words taken for a typo of this word (also in ``lemmas``).
    corrections: tuple[str, ...] = ()


@dataclass(frozen=True)
class Query:
    terms: tuple[Term, ...] = ()
    #: Every lemma the query matches: what the highlighting marks.
    lemmas: frozenset[str] = field(default_factory=frozenset)

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
    for raw in (q or "").split()[:MAX_WORDS]:
        word = _trim(normalise(raw))
        if not word:  # no letter nor digit («%», «№»): looked for literally, as typed
            word = normalise(raw)
            terms.setdefault(word, Term(word, (), word))
            continue
        if word in terms:
            continue
        parts = tokens(word)
        # A word of several parts («к-4», an e-mail) is matched as a substring only.
        lemmas = lemmas_of(parts[0]) if len(parts) == 1 else ()
        substring = word if len(word) >= MIN_SUBSTRING else None
        if lemmas or substring:
            terms[word] = Term(word, lemmas, substring)
    return tuple(terms.values())


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


def condition(session: Session, model, short: str, query: Query):
    """Rows matching every word of ``query`` (through the engine's indexes)."""
    engine = _engine(session)
    return and_(*[engine.term_condition(model, short, t.lemmas, t.substring)
                  for t in query.terms])


def any_condition(session: Session, model, short: str, query: Query):
    """Rows matching at least one word (suggestions)."""
    engine = _engine(session)
    return or_(*[engine.term_condition(model, short, t.lemmas, t.substring)
                 for t in query.terms])


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
