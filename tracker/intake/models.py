"""Incoming mail waiting for the clerk, and files kept with requests."""
from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Enum, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from ..core.models import TimestampMixin
from ..core.types import UTCDateTime
from ..extensions import db


class IntakeStatus(str, enum.Enum):
    PENDING = "pending"  # to be registered
    REGISTERED = "registered"  # became a request
    ATTACHED = "attached"  # a follow-up, filed with its request
    DISMISSED = "dismissed"  # not a request (spam, a duplicate …)
    ERROR = "error"  # malformed or oversized: kept with the reason


class IntakeMessage(TimestampMixin, db.Model):
    """One incoming e-mail, kept as received until the clerk registers or dismisses it."""

    __tablename__ = "intake_messages"
    __table_args__ = (UniqueConstraint("mailbox", "uidvalidity", "uid",
                                       name="uq_intake_messages_mailbox_uid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: "upload", "imap", "cli" or "api".
    source: Mapped[str] = mapped_column(String(10))
    #: IMAP only: "user@host/INBOX", its UIDVALIDITY and the message's UID (never taken twice).
    mailbox: Mapped[str | None] = mapped_column(String(300))
    uidvalidity: Mapped[int | None] = mapped_column(db.BigInteger)
    uid: Mapped[int | None] = mapped_column(db.BigInteger)
    #: Deleted from (or moved out of) the mailbox once handled.
    removed_from_mailbox: Mapped[bool] = mapped_column(default=False)
    message_id: Mapped[str | None] = mapped_column(String(998), index=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int]
    raw: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    status: Mapped[IntakeStatus] = mapped_column(
        Enum(IntakeStatus, native_enum=False, length=20,
             values_callable=lambda e: [m.value for m in e]), index=True)
    #: Why the message could not be read, or why it was dismissed.
    error: Mapped[str | None] = mapped_column(Text)
    from_name: Mapped[str | None] = mapped_column(String(300))
    from_address: Mapped[str | None] = mapped_column(String(254), index=True)
    subject: Mapped[str | None] = mapped_column(Text)
    #: When the council received it: the Date header, else the time of intake.
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    #: The parser's result (the JSON the CLI and API print) and its notes.
    parsed: Mapped[dict | None] = mapped_column(db.JSON)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("requests.id"), index=True)
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    handled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    request = relationship("Request", lazy="joined")
    attachments: Mapped[list[Attachment]] = relationship(back_populates="intake_message")


class Attachment(TimestampMixin, db.Model):
    """A file that came with a request (an e-mail attachment); served only as a download."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("requests.id"), index=True)
    intake_message_id: Mapped[int | None] = mapped_column(ForeignKey("intake_messages.id"),
                                                          index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(255))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary))

    intake_message: Mapped[IntakeMessage | None] = relationship(back_populates="attachments")
    request = relationship("Request")
