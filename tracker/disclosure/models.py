"""Published answers: the copy of an answer the public reads, with personal data removed."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from ..core.models import TimestampMixin
from ..core.types import UTCDateTime
from ..extensions import db


class PublishedAnswer(TimestampMixin, db.Model):
    """One answer letter the official chose to publish. Only the redacted text is kept here;
    the public pages read nothing else of the request but its dates."""

    __tablename__ = "published_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("letters.id"), unique=True, index=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"), index=True)
    #: The request's subject and the answer's text, personal data replaced by «[вилучено]».
    subject: Mapped[str] = mapped_column(String(500))
    text: Mapped[str] = mapped_column(Text)
    #: Case-folded subject and text, for the public search (core.search).
    search_text: Mapped[str] = mapped_column(Text, default="")
    #: How many places were removed (the official sees it; the public sees the marks).
    removed: Mapped[int] = mapped_column(default=0)
    published_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    unpublished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    unpublished_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    unpublish_reason: Mapped[str | None] = mapped_column(Text)
    #: The redacted PDF, drawn from ``text`` on its first download (never the original).
    pdf: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))

    letter = relationship("Letter")
    request = relationship("Request")
    published_by = relationship("User", foreign_keys=[published_by_id])

    @property
    def public(self) -> bool:
        return self.unpublished_at is None
