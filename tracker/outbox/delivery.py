"""The outbox: queue in the caller's transaction, deliver later with retries.

Mail never leaves from a request handler. Delivery claims rows so that two workers never
send one message twice: ``FOR UPDATE SKIP LOCKED`` on PostgreSQL; on SQLite (one writer at
a time) a conditional UPDATE that stamps the worker's token. A claim older than the lease
(a worker died mid-send) is taken back.
"""
from __future__ import annotations

import datetime as dt
import logging
import smtplib
import socket
import uuid
from dataclasses import dataclass
from email.utils import make_msgid

from flask import current_app
from flask_mail import Attachment as MailAttachment
from flask_mail import Message
from sqlalchemy import and_, select, update

from ..auth.models import Role, User
from ..core.errors import PermissionDenied, TransitionError
from ..core.models import record_event
from ..core.timeutil import utcnow
from ..extensions import db
from .models import OutboxAttachment, OutboxMessage, OutboxState

log = logging.getLogger(__name__)


def new_message_id() -> str:
    return make_msgid(domain=current_app.config["MAIL_MSGID_DOMAIN"])


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


# --- delivery ------------------------------------------------------------------------------

@dataclass
class DeliveryResult:
    sent: int = 0
    failed: int = 0  # attempts that failed (the message may be retried later)
    gave_up: int = 0  # messages now in state "failed"


def _reclaim_stale(now: dt.datetime) -> None:
    lease = dt.timedelta(seconds=current_app.config["OUTBOX_CLAIM_LEASE_SECONDS"])
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.state == OutboxState.SENDING, OutboxMessage.claimed_at < now - lease)
        .values(state=OutboxState.PENDING, claim_token=None)
        .execution_options(synchronize_session=False))


def claim(now: dt.datetime, limit: int, *, ignore_backoff: bool = False,
          exclude: set[int] = frozenset()) -> list[int]:
    """Mark up to ``limit`` due messages as ours and commit; returns their ids."""
    token = uuid.uuid4().hex
    due = OutboxMessage.state == OutboxState.PENDING
    if not ignore_backoff:
        due = and_(due, OutboxMessage.next_attempt_at <= now)
    if exclude:
        due = and_(due, OutboxMessage.id.not_in(exclude))
    if db.engine.dialect.name == "postgresql":
        ids = db.session.scalars(select(OutboxMessage.id).where(due).order_by(OutboxMessage.id)
                                 .limit(limit).with_for_update(skip_locked=True)).all()
        condition = OutboxMessage.id.in_(ids)
    else:
        ids = None
        subquery = select(OutboxMessage.id).where(due).order_by(OutboxMessage.id).limit(limit)
        condition = and_(OutboxMessage.id.in_(subquery.scalar_subquery()),
                         OutboxMessage.state == OutboxState.PENDING)
    if ids == []:
        db.session.commit()
        return []
    db.session.execute(update(OutboxMessage).where(condition).values(
        state=OutboxState.SENDING, claim_token=token, claimed_at=now)
        .execution_options(synchronize_session=False))
    db.session.commit()
    return list(db.session.scalars(select(OutboxMessage.id).where(
        OutboxMessage.claim_token == token, OutboxMessage.state == OutboxState.SENDING)))


def build_mail(msg: OutboxMessage) -> Message:
    """The Flask-Mail message for an outbox row (same Message-ID on every attempt)."""
    mail = Message(subject=msg.subject, recipients=list(msg.recipients), body=msg.body_text,
                   html=msg.body_html, sender=msg.sender, reply_to=msg.reply_to,
                   extra_headers=dict(msg.headers or {}),
                   attachments=[MailAttachment(a.filename, a.content_type, a.content,
                                               "attachment") for a in msg.attachments])
    mail.msgId = msg.message_id
    return mail


def _smtp_send(mail: Message) -> None:
    """Send over SMTP with a timeout (Flask-Mail 0.10 would wait for ever on a hung server)."""
    cfg = current_app.config
    timeout = cfg["MAIL_TIMEOUT"]
    server_cls = smtplib.SMTP_SSL if cfg["MAIL_USE_SSL"] else smtplib.SMTP
    with server_cls(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=timeout) as smtp:
        if cfg["MAIL_USE_TLS"]:
            smtp.starttls()
        if cfg["MAIL_USERNAME"] and cfg["MAIL_PASSWORD"]:
            smtp.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"])
        smtp.sendmail(mail.sender, mail.send_to, mail.as_bytes())


def _backoff(attempts: int) -> dt.timedelta:
    cfg = current_app.config
    seconds = cfg["OUTBOX_BACKOFF_SECONDS"] * 2 ** max(attempts - 1, 0)
    return dt.timedelta(seconds=min(seconds, cfg["OUTBOX_BACKOFF_MAX_SECONDS"]))


def deliver_one(message_id: int, now: dt.datetime) -> bool:
    """Send one claimed message and record the outcome (commits). True if it went."""
    msg = db.session.get(OutboxMessage, message_id)
    try:
        _smtp_send(build_mail(msg))
    except (smtplib.SMTPException, OSError, socket.timeout) as exc:
        msg.attempts += 1
        msg.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        msg.claim_token = None
        if msg.attempts >= current_app.config["OUTBOX_MAX_ATTEMPTS"]:
            msg.state = OutboxState.FAILED
        else:
            msg.state, msg.next_attempt_at = OutboxState.PENDING, now + _backoff(msg.attempts)
        db.session.commit()
        log.warning("outbox: message %s not sent (attempt %s): %s", msg.id, msg.attempts,
                    msg.last_error)
        return False
    msg.attempts += 1
    msg.state, msg.sent_at, msg.last_error, msg.claim_token = OutboxState.SENT, utcnow(), None, None
    db.session.commit()
    return True


def deliver_due(now: dt.datetime | None = None, limit: int = 200,
                ignore_backoff: bool = False) -> DeliveryResult:
    """Try every message that is due, once. Safe to run in several processes at once.

    ``ignore_backoff`` (an operator's explicit run) tries every pending message now; the
    scheduler keeps to the backoff.
    """
    now = now or utcnow()
    _reclaim_stale(now)
    db.session.commit()
    result = DeliveryResult()
    tried: set[int] = set()
    while True:
        ids = claim(now, limit=50, ignore_backoff=ignore_backoff, exclude=tried)
        if not ids:
            break
        tried.update(ids)
        for message_id in ids:
            if deliver_one(message_id, now):
                result.sent += 1
            else:
                result.failed += 1
                result.gave_up += db.session.get(OutboxMessage, message_id).state == OutboxState.FAILED
        if result.sent + result.failed >= limit:
            break
    return result


def retry(actor: User, msg: OutboxMessage) -> OutboxMessage:
    """An admin sends a failed message again (attempts start over)."""
    if actor.role != Role.ADMIN:
        raise PermissionDenied("Повторне надсилання — лише для адміністратора.")
    if msg.state != OutboxState.FAILED:
        raise TransitionError("Повторити можна лише лист, який не вдалося надіслати.")
    msg.state, msg.attempts, msg.next_attempt_at = OutboxState.PENDING, 0, utcnow()
    record_event(actor, "outbox_retry", "outbox", msg.id, request_id=msg.request_id,
                 after={"subject": msg.subject[:200], "last_error": msg.last_error})
    return msg

