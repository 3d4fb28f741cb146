"""Base mixins and the append-only audit Event."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, event
from sqlalchemy.orm import Mapped, Session, mapped_column

from ..extensions import db
from .timeutil import utcnow
from .types import UTCDateTime


class TimestampMixin:
    #: When the row was created (UTC).
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: When the row last changed (UTC).
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Event(db.Model):
    """One change to anything, written in the same transaction as the change.

    Append-only: the ORM refuses to update or delete an Event (see the guard below).
    """

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_entity", "entity_type", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: When it happened (UTC).
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Who did it; NULL for the system (jobs, migrations of data).
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: What kind of thing changed: "request", "user", "calendar_override" …
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None]
    #: The request's timeline this event belongs to, if any.
    request_id: Mapped[int | None] = mapped_column(ForeignKey("requests.id"), index=True)
    #: A machine name: "registered", "assigned", "extended" …
    action: Mapped[str] = mapped_column(String(40))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    actor = db.relationship("User", lazy="joined")


def record_event(
    actor,
    action: str,
    entity_type: str,
    entity_id: int | None,
    *,
    request_id: int | None = None,
    before: dict | None = None,
    after: dict | None = None,
) -> Event:
    """Add an Event to the current session (the caller commits it with the change)."""
    ev = Event(
        actor_id=getattr(actor, "id", None),
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        request_id=request_id,
        before=before,
        after=after,
    )
    db.session.add(ev)
    return ev


class AppendOnlyViolation(RuntimeError):
    pass


@event.listens_for(Session, "before_flush")
def _events_are_append_only(session: Session, flush_context, instances) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, Event) and (obj in session.deleted or session.is_modified(obj)):
            raise AppendOnlyViolation("events are append-only")


def get_or_raise(model, obj_id: int, message: str):
    """The row of ``model`` with this id, or NotFound with a message for the user."""
    from .errors import NotFound
    obj = db.session.get(model, obj_id)
    if obj is None:
        raise NotFound(message)
    return obj
