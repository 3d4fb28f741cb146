"""The secret codes that open a request's public status page."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..core.timeutil import utcnow
from ..core.types import UTCDateTime
from ..extensions import db


class StatusCode(db.Model):
    """One code that opens the status page of one request. Only the code's SHA-256 is kept:
    the code itself is in the link the requester was given, nowhere else. A request may have
    several (the confirmation's, and each one e-mailed again on the requester's asking)."""

    __tablename__ = "request_status_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: "confirmation" (given when the request was filed) or "resent" (e-mailed on asking).
    purpose: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class UsedTicket(db.Model):
    """A public form's ticket (guard.py) that has filed a request. Kept in the database,
    not in a worker's memory, so that neither another worker nor a restart accepts the
    same form again; the primary key makes two replays at once fail on one row. Rows go
    once the ticket would be refused as stale anyway (``expires_at``)."""

    __tablename__ = "public_form_tickets"

    nonce: Mapped[str] = mapped_column(String(32), primary_key=True)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
