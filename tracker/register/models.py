"""The register of requests: requesters, requests, calendar overrides, index counters."""
from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Date, Enum, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.models import TimestampMixin
from ..core.types import UTCDateTime
from ..extensions import db
from .deadlines import deferral_refusal, extendable, extension_refusal


def _enum(cls):
    """Store an enum as its value string (portable, readable in SQL)."""
    return Enum(cls, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])


class Category(str, enum.Enum):
    INDIVIDUAL = "individual"
    LEGAL_ENTITY = "legal_entity"
    ASSOCIATION = "association"
    MEDIA = "media"


class Gender(str, enum.Enum):
    FEMALE = "female"
    MALE = "male"


class Channel(str, enum.Enum):
    EMAIL = "email"
    POST = "post"
    FAX = "fax"
    PHONE = "phone"
    IN_PERSON = "in_person"
    WEBSITE = "website"
    PORTAL = "portal"


#: Channels where the request is a signed paper (Art. 19 part 5 item 3 applies).
WRITTEN_CHANNELS = frozenset({Channel.POST, Channel.FAX})


class Status(str, enum.Enum):
    NEW = "new"  # registered, no executor yet
    IN_PROGRESS = "in_progress"  # an executor works on it
    EXTENDED = "extended"  # term extended to 20 working days
    DEFERRED = "deferred"  # deferred to a date set in a decision
    ANSWERED = "answered"
    REFUSED = "refused"
    FORWARDED = "forwarded"
    CLOSED = "closed"


OPEN_STATUSES = frozenset({Status.NEW, Status.IN_PROGRESS, Status.EXTENDED, Status.DEFERRED})
#: OPEN_STATUSES in SQL: the predicate of the open requests' partial index, sorted as
#: queries.open_condition writes it (SQLite matches the term only when identical).
_OPEN_SQL = text("status IN ('deferred', 'extended', 'in_progress', 'new')")
RESPONDED_STATUSES = frozenset({Status.ANSWERED, Status.REFUSED, Status.FORWARDED})
#: In work and not yet extended or deferred: the term may still be extended (if in time).
RUNNING_STATUSES = frozenset({Status.NEW, Status.IN_PROGRESS})


def is_extendable(status: Status, urgent: bool) -> bool:
    """deadlines.extendable for a request's status (in work: not extended or deferred)."""
    return extendable(running=status in RUNNING_STATUSES, urgent=urgent)


class Outcome(str, enum.Enum):
    FULL = "full"
    PARTIAL = "partial"
    REFUSED = "refused"
    FORWARDED = "forwarded"


class RefusalGround(str, enum.Enum):
    NOT_HOLDER = "not_holder"
    RESTRICTED = "restricted"
    UNPAID = "unpaid"
    INCOMPLETE = "incomplete"


class Requester(TimestampMixin, db.Model):
    """A person or organisation asking. Names are written surname first (registers' custom)."""

    __tablename__ = "requesters"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    category: Mapped[Category] = mapped_column(_enum(Category))
    #: Grammatical gender, for the dative case in letters; None for organisations.
    gender: Mapped[Gender | None] = mapped_column(_enum(Gender))
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    postal_address: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(String(50))


class Request(TimestampMixin, db.Model):
    """One request for public information and where it stands."""

    __tablename__ = "requests"
    __table_args__ = (
        UniqueConstraint("reg_year", "reg_seq", name="uq_requests_reg_year_seq"),
        # Numbering restarts each year, so "25/К-1із" recurs: unique within its year.
        UniqueConstraint("reg_year", "registration_number", name="uq_requests_reg_year_number"),
        Index("ix_requests_status_due", "status", "due_date"),
        # The open requests in due order (dashboard, deadline-state filters): migration 0018.
        Index("ix_requests_open_due", "due_date", "id", "executor_id", "due_at",
              postgresql_where=_OPEN_SQL, sqlite_where=_OPEN_SQL),
        # Status with channel, newest first: a filtered list's page and its capped count from
        # the index alone (0022; SQLite sorted every match for the page before).
        Index("ix_requests_status_channel", "status", "channel", "received_at", "id"),
        # The report's "overdue now per executor" from the open requests' index alone: 0020.
        Index("ix_requests_open_report", "received_date", "executor_id", "due_date", "due_at",
              "spam_marked_at", postgresql_where=_OPEN_SQL, sqlite_where=_OPEN_SQL),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The registration index, e.g. ``25/К-170із``; unique within its year.
    registration_number: Mapped[str] = mapped_column(String(60), index=True)
    #: Year and sequence the index was drawn from (NULL seq for an index given from outside).
    reg_year: Mapped[int] = mapped_column(index=True)
    reg_seq: Mapped[int | None]

    requester_id: Mapped[int] = mapped_column(ForeignKey("requesters.id"), index=True)
    channel: Mapped[Channel] = mapped_column(_enum(Channel), index=True)
    #: The moment the council received it (UTC; shown in Europe/Kyiv).
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    #: Its date in the council's timezone: reports and the journal group by it in SQL.
    received_date: Mapped[dt.date] = mapped_column(Date, index=True)
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    subject: Mapped[str] = mapped_column(String(500))
    text: Mapped[str] = mapped_column(Text, default="")
    #: The number and date the requester gave the request letter itself (an organisation's
    #: «вих. № 15 від 25.03.2018»): the reply refers to them (ДСТУ 4163:2020), not to ours.
    sender_number: Mapped[str | None] = mapped_column(String(60))
    sender_date: Mapped[dt.date | None] = mapped_column(Date)
    #: Written requests only: the paper carries a signature and date (Art. 19 part 5 item 3).
    signed: Mapped[bool] = mapped_column(default=True)
    urgent: Mapped[bool] = mapped_column(default=False)
    urgent_reason: Mapped[str | None] = mapped_column(Text)
    #: Missing Art. 19 part 5 items, as codes ("name", "contact", "description", "signature").
    missing_items: Mapped[list[str]] = mapped_column(db.JSON, default=list)

    executor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[Status] = mapped_column(_enum(Status), default=Status.NEW)
    outcome: Mapped[Outcome | None] = mapped_column(_enum(Outcome), index=True)

    #: The date the answer is due now (after any extension or deferral).
    due_date: Mapped[dt.date] = mapped_column(Date, index=True)
    #: Urgent requests: the exact moment 48 hours after receipt.
    due_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: The 5-working-day date; also the last day to send an extension notice.
    standard_due_date: Mapped[dt.date] = mapped_column(Date)
    extended_on: Mapped[dt.date | None] = mapped_column(Date)
    extension_reason: Mapped[str | None] = mapped_column(Text)
    deferred_on: Mapped[dt.date | None] = mapped_column(Date)
    deferral_reason: Mapped[str | None] = mapped_column(Text)
    forwarded_to: Mapped[str | None] = mapped_column(String(300))
    forwarded_address: Mapped[str | None] = mapped_column(Text)
    refusal_ground: Mapped[RefusalGround | None] = mapped_column(_enum(RefusalGround))
    refusal_explanation: Mapped[str | None] = mapped_column(Text)
    #: The date the reply (answer, refusal, forwarding notice) went out.
    answered_on: Mapped[dt.date | None] = mapped_column(Date)
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    #: A clerk marked it as spam (something sent through the public form or API that is no
    #: request): kept, with its Event, but left out of the statistics.
    spam_marked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    spam_marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: A registration made in error (the same letter registered twice, a message that is no
    #: request): closed, kept with its reason, left out of the statistics.
    voided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    voided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    void_reason: Mapped[str | None] = mapped_column(Text)
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("requests.id"))
    #: Requests from an Alaveteli portal: its name, its request id, and the exact address
    #: replies must go to (the only thing that files a reply with the request there).
    portal_name: Mapped[str | None] = mapped_column(String(100))
    portal_request_id: Mapped[str | None] = mapped_column(String(20))
    portal_address: Mapped[str | None] = mapped_column(String(254), index=True)
    #: Where a reply by e-mail goes when it is not the requester's own address (Reply-To).
    reply_to: Mapped[str | None] = mapped_column(String(254))
    #: Case-folded index, subject, text and requester, for substrings (tracker.search).
    search_text: Mapped[str] = mapped_column(Text, default="")
    #: Lemmas of the head (ranked first) and of the rest, for full-text search.
    search_head: Mapped[str] = mapped_column(Text, default="", server_default="")
    search_body: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: Optimistic locking: bumped on every change; a stale write is refused, not lost.
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}

    requester: Mapped[Requester] = relationship(lazy="joined")
    executor = relationship("User", foreign_keys=[executor_id], lazy="joined")
    registered_by = relationship("User", foreign_keys=[registered_by_id])
    duplicate_of = relationship("Request", remote_side=[id], foreign_keys=[duplicate_of_id])
    tags = relationship("RequestTag", lazy="selectin", viewonly=True)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def has_outcome(self) -> bool:
        """Answered, refused or forwarded: it may be closed."""
        return self.status in RESPONDED_STATUSES

    @property
    def extendable(self) -> bool:
        return is_extendable(self.status, self.urgent)

    def deferral_refusal(self, now: dt.datetime) -> str | None:
        """Why the request cannot be deferred at ``now`` (local time), or None."""
        return deferral_refusal(open_=self.status in OPEN_STATUSES, due_date=self.due_date,
                                due_at=self.due_at, now=now)

    def extension_refusal(self, on: dt.date) -> str | None:
        """Why the term cannot be extended on ``on`` (deadlines.extension_refusal), or None."""
        return extension_refusal(running=self.status in RUNNING_STATUSES, urgent=self.urgent,
                                 standard_due=self.standard_due_date, on=on)


class IndexCounter(db.Model):
    """The last sequence number drawn per year. Incremented in the registering transaction,
    so a rolled-back registration gives its number back: indexes stay gap-free."""

    __tablename__ = "index_counters"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    value: Mapped[int] = mapped_column(default=0)


class CalendarOverride(TimestampMixin, db.Model):
    """A council's own extra day off (is_working False) or working day (True)."""

    __tablename__ = "calendar_overrides"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    is_working: Mapped[bool]
    note: Mapped[str] = mapped_column(String(300), default="")


class RequestTag(db.Model):
    """A free tag on a request ("ЖКГ", "бюджет"), for topics in the statistics."""

    __tablename__ = "request_tags"

    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"), primary_key=True)
    tag: Mapped[str] = mapped_column(String(50), primary_key=True, index=True)


class AccessLog(db.Model):
    """Who opened which requester's personal data, when (append-only)."""

    __tablename__ = "access_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("requests.id"), index=True)
    requester_id: Mapped[int | None] = mapped_column(ForeignKey("requesters.id"), index=True)
    #: A bulk read (a list page, an API page, the journal): every request whose personal data
    #: the response carried, one row per response.
    request_ids: Mapped[list | None] = mapped_column(db.JSON)
    #: "view" (request page), "api" (API read), "list", "api:list", "journal", "letter" …
    action: Mapped[str] = mapped_column(String(20))
    #: Where from: the client address.
    address: Mapped[str | None] = mapped_column(String(64))

    user = relationship("User")
