"""Queueing: add a message to the outbox in the caller's transaction. Never commits."""
from __future__ import annotations

from email.utils import make_msgid

from flask import current_app

from ..core.timeutil import utcnow
from ..extensions import db
from .models import OutboxAttachment, OutboxMessage, OutboxState


def new_message_id() -> str:
    return make_msgid(domain=current_app.config["MAIL_MSGID_DOMAIN"])


#: Headers of mail the app writes by itself: no auto-replies, no vacation notices back.
AUTO = {"Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All"}


def queue_message(*, kind: str, recipients: list[str], subject: str, body_text: str,
                  body_html: str | None = None, reply_to: str | None = None,
                  headers: dict | None = None, attachments=(), request_id: int | None = None,
                  message_id: str | None = None) -> OutboxMessage:
    """Add a message to the outbox in the caller's transaction (the caller commits)."""
    msg = OutboxMessage(
        kind=kind, message_id=message_id or new_message_id(),
        sender=current_app.config["MAIL_DEFAULT_SENDER"],
        recipients=sorted(set(recipients)), reply_to=reply_to, subject=subject,
        body_text=body_text, body_html=body_html, headers=headers or {},
        state=OutboxState.PENDING, attempts=0, next_attempt_at=utcnow(), request_id=request_id)
    for filename, content_type, content in attachments:
        msg.attachments.append(OutboxAttachment(filename=filename, content_type=content_type,
                                                content=content))
    db.session.add(msg)
    return msg
