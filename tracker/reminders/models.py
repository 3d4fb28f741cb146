"""The outbox (every outgoing message) and the logs that make reminders exactly-once."""
from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Date, Enum, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from ..core.models import TimestampMixin
from ..core.timeutil import utcnow
from ..core.types import UTCDateTime
from ..extensions import db


class OutboxState(str, enum.Enum):
    PENDING = "pending"
    SENDING = "sending"  # claimed by a delivery worker
    SENT = "sent"
    FAILED = "failed"  # gave up after the last attempt; an admin can retry


class OutboxMessage(TimestampMixin, db.Model):
    """One outgoing e-mail, written in the same transaction as the action that caused it."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_state_next", "state", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: "reminder", "digest" or "letter".
    kind: Mapped[str] = mapped_column(String(20))
    #: The Message-ID it is sent with: fixed at queueing, so a retry is the same message.
    message_id: Mapped[str] = mapped_column(String(255), unique=True)
    sender: Mapped[str] = mapped_column(String(254))
    recipients: Mapped[list] = mapped_column(db.JSON)
    reply_to: Mapped[str | None] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(998))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    #: Extra headers, e.g. {"Auto-Submitted": "auto-generated"}.
    headers: Mapped[dict] = mapped_column(db.JSON, default=dict)
    state: Mapped[OutboxState] = mapped_column(
        Enum(OutboxState, native_enum=False, length=20,
             values_callable=lambda e: [m.value for m in e]), default=OutboxState.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Which worker claimed it, and when (a claim older than the lease is taken back).
    claim_token: Mapped[str | None] = mapped_column(String(40))
    claimed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("requests.id"), index=True)

    attachments: Mapped[list[OutboxAttachment]] = relationship(
        back_populates="message", cascade="all, delete-orphan")


class OutboxAttachment(db.Model):
    __tablename__ = "outbox_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("outbox.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary))

    message: Mapped[OutboxMessage] = relationship(back_populates="attachments")


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
