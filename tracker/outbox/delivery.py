"""Delivery: the job that sends queued messages, records each outcome and commits.

Delivery claims rows so that two workers never send one message twice: ``FOR UPDATE SKIP
LOCKED`` on PostgreSQL; on SQLite (one writer at a time) a conditional UPDATE that stamps the
worker's token. A claim older than the lease (a worker died mid-send) is taken back.

One message can never stop the others: any error while building or sending it is that
message's failure. A message that cannot be sent as it is (an address no server can take,
a header that cannot be written, a 5xx refusal) fails at once; a transient error (server
down, 4xx) is retried with backoff up to OUTBOX_MAX_ATTEMPTS. When a message fails for
good, the admins are told (a notice in the outbox, an Event), and the area that queued it
hears of it through a handler (a letter then does not count as sent).
"""
from __future__ import annotations

import datetime as dt
import logging
import smtplib
import socket
import uuid
from dataclasses import dataclass
from typing import Callable

from flask import current_app
from sqlalchemy import and_, select, update

from ..auth.models import Role, User
from ..core.errors import PermissionDenied, TransitionError
from ..core.models import record_event
from ..core.timeutil import utcnow
from ..extensions import db
from . import mime
from .labels import error_sentence
from .models import OutboxMessage, OutboxState
from .queueing import queue_message

log = logging.getLogger(__name__)

#: kind → callback(message, outcome) with outcome "sent", "failed" or "retried"; run in the
#: delivery's transaction (a savepoint), so what the area records commits with the outcome.
_HANDLERS: dict[str, Callable[[OutboxMessage, str], None]] = {}


def on_outcome(kind: str, handler: Callable[[OutboxMessage, str], None]) -> None:
    """Let the area that queues messages of ``kind`` learn when one is sent or fails."""
    _HANDLERS[kind] = handler


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


def outgoing(msg: OutboxMessage) -> mime.Outgoing:
    """The plain description of an outbox row (same Message-ID on every attempt)."""
    return mime.Outgoing(
        sender=msg.sender, recipients=list(msg.recipients), subject=msg.subject,
        body_text=msg.body_text, body_html=msg.body_html, reply_to=msg.reply_to,
        headers=dict(msg.headers or {}), message_id=msg.message_id,
        attachments=[(a.filename, a.content_type, a.content) for a in msg.attachments])


class PermanentFailure(Exception):
    """The server refused the message for good (5xx): retrying will not help."""


#: MAIL_BACKEND of the development server (``make run``): nothing leaves, the outbox keeps it.
CATCHER = "catcher"
CAUGHT_NOTE = ("Розробницький режим: доставлено до локального перехоплювача, на пошту не "
               "надсилалося (MAIL_BACKEND=catcher).")


def catching() -> bool:
    """True under MAIL_BACKEND=catcher: messages are marked delivered to the local catcher
    (the outbox page) without any mail server. Never the production default."""
    return current_app.config.get("MAIL_BACKEND") == CATCHER


def _smtp_send(message: mime.Outgoing) -> str | None:
    """Send over SMTP with a timeout; returns a note on recipients refused, if some were."""
    cfg = current_app.config
    if catching():
        mime.build(message, smtputf8=True)  # what could not be written still fails here
        return CAUGHT_NOTE
    utf8 = mime.needs_smtputf8([message.sender, *message.recipients])
    # A message that cannot be written needs no server to find out.
    data = None if utf8 else mime.build(message)
    server_cls = smtplib.SMTP_SSL if cfg["MAIL_USE_SSL"] else smtplib.SMTP
    smtp = server_cls(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=cfg["MAIL_TIMEOUT"])
    try:
        smtp.ehlo()
        if cfg["MAIL_USE_TLS"]:
            smtp.starttls()
            smtp.ehlo()
        if cfg["MAIL_USERNAME"] and cfg["MAIL_PASSWORD"]:
            smtp.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"])
        if utf8:
            # Without the server's SMTPUTF8, build() refuses with a sentence saying so.
            utf8 = smtp.has_extn("smtputf8")
            data = mime.build(message, smtputf8=utf8)
        options = ["SMTPUTF8", "BODY=8BITMIME"] if utf8 else []
        try:
            refused = smtp.sendmail(mime.smtp_address(message.sender, utf8),
                                    [mime.smtp_address(r, utf8) for r in message.recipients],
                                    data, mail_options=options)
        except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused,
                smtplib.SMTPDataError) as exc:
            codes = _codes(exc)
            if codes and all(500 <= c < 600 for c in codes):
                raise PermanentFailure(f"Поштовий сервер остаточно відхилив лист ({exc}).") from exc
            raise
    finally:
        # Once DATA was accepted the message is sent, whatever QUIT answers: a failing
        # goodbye must not make it "not sent" and send it twice.
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()
    if refused:
        return "Не прийнято для: " + ", ".join(f"{a} ({c} {m!r})" for a, (c, m) in refused.items())
    return None


def _codes(exc: Exception) -> list[int]:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return [code for code, _ in exc.recipients.values()]
    return [getattr(exc, "smtp_code", 0)]


def _describe(exc: BaseException) -> str:
    """A sentence an admin can act on, with the technical detail after it."""
    detail = f"{type(exc).__name__}: {exc}"[:1500]
    if isinstance(exc, (mime.UnsendableMessage, PermanentFailure)):
        return str(exc)
    label = error_sentence(type(exc).__name__)
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return f"Поштовий сервер не прийняв адресу отримувача ({detail})."
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return f"Поштовий сервер не прийняв логін або пароль (MAIL_USERNAME) ({detail})."
    if isinstance(exc, (ConnectionError, socket.timeout, TimeoutError,
                        smtplib.SMTPServerDisconnected)):
        return f"{label or 'Поштовий сервер недоступний'}; спробуємо ще раз ({detail})."
    if isinstance(exc, (smtplib.SMTPException, OSError)):
        return f"{label or 'Помилка поштового сервера'}; спробуємо ще раз ({detail})."
    return f"Непередбачена помилка під час надсилання, спробуємо ще раз ({detail})."


def _backoff(attempts: int) -> dt.timedelta:
    cfg = current_app.config
    seconds = cfg["OUTBOX_BACKOFF_SECONDS"] * 2 ** max(attempts - 1, 0)
    return dt.timedelta(seconds=min(seconds, cfg["OUTBOX_BACKOFF_MAX_SECONDS"]))


def _tell(msg: OutboxMessage, outcome: str) -> None:
    """Run the queuing area's handler in a savepoint: its failure never undoes the outcome."""
    handler = _HANDLERS.get(msg.kind)
    if handler is None:
        return
    try:
        with db.session.begin_nested():
            handler(msg, outcome)
    except Exception:  # noqa: BLE001 — the delivery outcome stands; the log has the detail
        log.exception("outbox: the %s handler failed for message %s", msg.kind, msg.id)


def _give_up(msg: OutboxMessage) -> None:
    msg.state = OutboxState.FAILED
    record_event(None, "outbox_failed", "outbox", msg.id, request_id=msg.request_id,
                 after={"kind": msg.kind, "reason": (msg.last_error or "")[:500]})
    if msg.kind != "notice":
        _notify_admins(msg)
    _tell(msg, "failed")


def _notify_admins(msg: OutboxMessage) -> None:
    admins = db.session.scalars(select(User.email).where(User.role == Role.ADMIN,
                                                         User.active.is_(True))).all()
    if not admins:
        return
    base = current_app.config.get("BASE_URL", "").rstrip("/")
    queue_message(
        kind="notice", recipients=list(admins),
        subject="Zapyt: лист не вдалося надіслати",
        body_text=(f"Лист «{msg.subject[:200]}» (вихідний № {msg.id}) не надіслано.\n"
                   f"Причина: {msg.last_error}\n\n"
                   f"Перегляньте його й повторіть надсилання: {base}/admin/outbox?state=failed\n"),
        headers={"Auto-Submitted": "auto-generated"}, request_id=msg.request_id)


def deliver_one(message_id: int, now: dt.datetime) -> bool:
    """Send one claimed message and record the outcome (commits). True if it went."""
    msg = db.session.get(OutboxMessage, message_id)
    try:
        note = _smtp_send(outgoing(msg))
    except Exception as exc:  # noqa: BLE001 — one message's failure is that message's
        db.session.rollback()
        msg = db.session.get(OutboxMessage, message_id)
        msg.attempts += 1
        msg.last_error = _describe(exc)[:2000]
        msg.claim_token = None
        permanent = isinstance(exc, (mime.UnsendableMessage, PermanentFailure))
        if permanent or msg.attempts >= current_app.config["OUTBOX_MAX_ATTEMPTS"]:
            _give_up(msg)
        else:
            msg.state, msg.next_attempt_at = OutboxState.PENDING, now + _backoff(msg.attempts)
        db.session.commit()
        log.warning("outbox: message %s not sent (attempt %s): %s", msg.id, msg.attempts,
                    msg.last_error)
        return False
    msg.attempts += 1
    msg.state, msg.sent_at, msg.last_error, msg.claim_token = (
        OutboxState.SENT, utcnow(), note, None)
    _tell(msg, "sent")
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


def requeue(msg: OutboxMessage) -> OutboxMessage:
    """Put a failed message back in the queue (attempts start over). The same row, so one
    message can never be sent twice by being queued twice."""
    if msg.state != OutboxState.FAILED:
        raise TransitionError("Повторити можна лише лист, який не вдалося надіслати.")
    msg.state, msg.attempts, msg.next_attempt_at = OutboxState.PENDING, 0, utcnow()
    msg.claim_token = None
    return msg


def retry(actor: User, msg: OutboxMessage) -> OutboxMessage:
    """An admin sends a failed message again."""
    if actor.role != Role.ADMIN:
        raise PermissionDenied("Повторне надсилання — лише для адміністратора.")
    requeue(msg)
    record_event(actor, "outbox_retry", "outbox", msg.id, request_id=msg.request_id,
                 after={"subject": msg.subject[:200], "last_error": msg.last_error})
    _tell(msg, "retried")
    return msg
