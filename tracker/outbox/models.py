"""The outbox: every outgoing e-mail, written in the transaction of the action that caused it."""
from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Enum, ForeignKey, Index, LargeBinary, String, Text
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
    #: Read for its index on the outbox pages (loaded there with selectinload; never joined
    #: into the delivery's FOR UPDATE claim).
    request = relationship("Request", lazy="select")

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
