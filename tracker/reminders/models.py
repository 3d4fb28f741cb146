"""The logs that make reminders and digests exactly-once (the outbox is tracker/outbox)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.timeutil import utcnow
from ..core.types import UTCDateTime
from ..extensions import db


class SentReminder(db.Model):
    """A reminder already queued. The unique key (request, rule, due key) makes a rerun, a
    restart or two sweeps at once harmless: the second insert fails and nothing is sent."""

    __tablename__ = "sent_reminders"
    __table_args__ = (UniqueConstraint("request_id", "rule", "due_key",
                                       name="uq_sent_reminders_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"), index=True)
    #: "before_2", "before_1", "due_today", "urgent_24h", "urgent_4h", "overdue",
    #: "extension_day4".
    rule: Mapped[str] = mapped_column(String(30))
    #: The due date (or moment) it was about, plus the day for daily rules.
    due_key: Mapped[str] = mapped_column(String(60))
    outbox_id: Mapped[int | None] = mapped_column(ForeignKey("outbox.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    outbox = relationship("OutboxMessage")


class DigestLog(db.Model):
    """One daily digest per user and day."""

    __tablename__ = "digest_log"
    __table_args__ = (UniqueConstraint("user_id", "day", name="uq_digest_log_user_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    day: Mapped[dt.date] = mapped_column(Date)
    outbox_id: Mapped[int | None] = mapped_column(ForeignKey("outbox.id"))
