"""Reply letters: drafts, frozen versions with their DOCX and PDF, and how they went out."""
from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Date, Enum, ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from ..core.models import TimestampMixin
from ..core.types import UTCDateTime
from ..extensions import db


class LetterKind(str, enum.Enum):
    ANSWER = "answer"
    EXTENSION = "extension"
    FORWARDING = "forwarding"  # the notice to the requester
    FORWARDING_HOLDER = "forwarding_holder"  # the letter to the proper holder
    REFUSAL = "refusal"
    DEFERRAL = "deferral"
    INVOICE = "invoice"


class LetterStatus(str, enum.Enum):
    DRAFT = "draft"
    FINAL = "final"  # frozen: DOCX and PDF stored; edits make a new version
    QUEUED = "queued"  # in the outbox (e-mail), not yet accepted by the mail server
    SENT = "sent"  # accepted by the mail server (e-mail) or posted
    FAILED = "failed"  # the e-mail could not be delivered; may be sent again
    TO_PRINT = "to_print"  # postal-only requester: print, sign, post
    SUPERSEDED = "superseded"  # a newer version replaced this draft or final letter


def _enum(cls):
    return Enum(cls, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])


class Letter(TimestampMixin, db.Model):
    __tablename__ = "letters"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"), index=True)
    kind: Mapped[LetterKind] = mapped_column(_enum(LetterKind))
    status: Mapped[LetterStatus] = mapped_column(_enum(LetterStatus), default=LetterStatus.DRAFT)
    version: Mapped[int] = mapped_column(default=1)
    #: The version this one replaced.
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("letters.id"))
    #: The letter to the holder that goes with a forwarding notice.
    companion_id: Mapped[int | None] = mapped_column(ForeignKey("letters.id"))
    #: Outgoing index and date as printed on the letter.
    number: Mapped[str] = mapped_column(String(60))
    date: Mapped[dt.date] = mapped_column(Date)
    #: What the draft was built from: the kind's fields and the activity records chosen.
    fields: Mapped[dict] = mapped_column(db.JSON, default=dict)
    activity_ids: Mapped[list] = mapped_column(db.JSON, default=list)
    #: The letter content model (content.LetterContent.to_dict()).
    content: Mapped[dict] = mapped_column(db.JSON)
    docx: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    pdf: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    finalized_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    finalized_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: "email" (with the outbox message) or "post".
    delivery: Mapped[str | None] = mapped_column(String(10))
    outbox_id: Mapped[int | None] = mapped_column(ForeignKey("outbox.id"))
    #: When the mail server accepted it (or it was marked posted).
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: Who sent it: the answer is recorded in their name once the server accepts it.
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    #: Who signs it (named on the letter) and so approves it; approval makes it sendable.
    signatory_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: The signatory's comment when they returned the letter to its author.
    return_comment: Mapped[str | None] = mapped_column(Text)
    returned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    returned_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    request = relationship("Request", lazy="joined")
    outbox = relationship("OutboxMessage")
    signatory = relationship("User", foreign_keys=[signatory_id])
    approved_by = relationship("User", foreign_keys=[approved_by_id])
    files = relationship("LetterFile", back_populates="letter", order_by="LetterFile.id",
                         cascade="all, delete-orphan")

    @property
    def approved(self) -> bool:
        return self.approved_at is not None
    companion = relationship("Letter", remote_side=[id], foreign_keys=[companion_id])


class LetterCounter(db.Model):
    """A separate yearly outgoing register, for councils that keep one (a setting)."""

    __tablename__ = "letter_counters"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    value: Mapped[int] = mapped_column(default=0)


class LetterActivity(db.Model):
    """The activity records a letter was drafted from: the request's topics in the reports."""

    __tablename__ = "letter_activities"

    letter_id: Mapped[int] = mapped_column(ForeignKey("letters.id"), primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity_records.id"), primary_key=True,
                                             index=True)


class LetterFileKind(str, enum.Enum):
    SIGNED = "signed"  # a scan of the signed letter or a detached КЕП signature (.p7s/.asice)
    ATTACHMENT = "attachment"  # a document released with the letter (listed as «Додаток»)


class LetterFile(TimestampMixin, db.Model):
    """A file that goes with a letter: the signed copy, or a released document."""

    __tablename__ = "letter_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("letters.id"), index=True)
    kind: Mapped[LetterFileKind] = mapped_column(_enum(LetterFileKind))
    filename: Mapped[str] = mapped_column(String(255))
    #: A released document's name in the «Додаток» line, where the file name will not do
    #: («scan0001.pdf»); None: the name is made from the file's.
    title: Mapped[str | None] = mapped_column(String(300))
    content_type: Mapped[str] = mapped_column(String(255))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    #: Sheets, as «Додаток: … на N арк.» counts them and the invoice charges them.
    pages: Mapped[int] = mapped_column(default=1)
    #: The request's own attachment this is a copy of, if any.
    source_attachment_id: Mapped[int | None] = mapped_column(ForeignKey("attachments.id"))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))

    letter = relationship("Letter", back_populates="files")
