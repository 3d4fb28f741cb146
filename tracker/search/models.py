"""The vocabulary: every word (lemma) the search index holds, for typo tolerance."""
from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class SearchWord(db.Model):
    """One lemma of the index. A query word the vocabulary lacks is looked up here by
    trigram similarity («ковалнко» → «коваленко»). Words are added as documents are indexed
    and never removed one by one; ``flask search reindex`` rebuilds the list."""

    __tablename__ = "search_words"

    word: Mapped[str] = mapped_column(String(60), primary_key=True)
