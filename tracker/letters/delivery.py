"""Sending an approved letter: by e-mail through the outbox, or to print for the post.

No letter leaves unapproved (approval.require_approved). The Law's limits are checked, and a
notice's decision (extension, deferral, refusal, forwarding) is recorded on the request, at
the moment the letter leaves: queued for e-mail, or marked as posted.
A letter counts as sent — and an answer as given — only when the mail server accepted the
message (the outbox tells us, see ``on_outbox_outcome``) or the official marked the printed
letter as posted. Until then it is "queued"; if delivery fails for good it is "failed" and
may be sent again.
"""
from __future__ import annotations

import datetime as dt

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from ..auth import permissions as perm
from ..auth.models import User
from ..core.errors import TransitionError
from ..core.models import record_event
from ..core.timeutil import utcnow
from ..extensions import db
from ..intake.models import IntakeMessage, IntakeStatus
from ..outbox.models import OutboxMessage
from ..outbox.delivery import requeue
from ..outbox.queueing import queue_message
from ..register import operations as reg
from ..register.models import OPEN_STATUSES, Outcome, RefusalGround, Request, Status
from ..register.settings import current_settings
from . import approval, files, rules
from .labels import SUBJECTS
from .models import Letter, LetterFileKind, LetterKind, LetterStatus
from .signing import printed_content

#: States from which the official may send (again).
SENDABLE = (LetterStatus.FINAL, LetterStatus.FAILED)


def portal_title(req: Request) -> str:
    """The title the portal gave the request (from its first message), else the subject."""
    parsed = db.session.scalar(select(IntakeMessage.parsed).where(
        IntakeMessage.request_id == req.id, IntakeMessage.status == IntakeStatus.REGISTERED))
    return (parsed or {}).get("title") or req.subject


def recipient(letter: Letter) -> tuple[str | None, str]:
    """(address, subject) of the e-mail, or (None, …) when it must go by post."""
    req = letter.request
    if letter.kind == LetterKind.FORWARDING_HOLDER:
        address = (letter.fields or {}).get("holder_address") or ""
        address = address.strip() if "@" in address and " " not in address.strip() else None
        return address, f"{SUBJECTS[letter.kind]} (вх. № {req.registration_number})"
    if req.portal_address:
        # Alaveteli files a reply by this exact address and subject: one request per message.
        return req.portal_address, f"Re: Інформаційний запит - {portal_title(req)}"
    address = req.reply_to or req.requester.email
    subject = f"{SUBJECTS[letter.kind]} № {req.registration_number} від " \
              f"{req.received_at.astimezone(current_settings().tz):%d.%m.%Y}"
    return address, subject


def _email_attachments(letter: Letter) -> list[tuple[str, str, bytes]]:
    """The letter's PDF, its signed copy if uploaded, and the documents released with it."""
    name = f"Лист {letter.number.replace('/', '-')} від {letter.date:%d.%m.%Y}.pdf"
    signed = [f for f in letter.files if f.kind == LetterFileKind.SIGNED]
    released = [f for f in letter.files if f.kind == LetterFileKind.ATTACHMENT]
    return [(name, "application/pdf", letter.pdf),
            *[(f.filename, f.content_type, f.content) for f in signed + released]]


def _queue(actor: User, letter: Letter) -> OutboxMessage | None:
    address, subject = recipient(letter)
    letter.sent_by_id = actor.id
    if not address:
        letter.status, letter.delivery = LetterStatus.TO_PRINT, "post"
        return None
    if letter.status == LetterStatus.FAILED and letter.outbox is not None:
        # Sent again: the same outbox row (to the address as it is now), never a second copy.
        msg = requeue(letter.outbox)
        msg.recipients = [address]
        letter.status = LetterStatus.QUEUED
        return msg
    files.check_email_size(letter)
    msg = queue_message(kind="letter", recipients=[address], subject=subject,
                        body_text=printed_content(letter).plain_text(),
                        attachments=_email_attachments(letter),
                        request_id=letter.request_id,
                        reply_to=current_app.config["COUNCIL_EMAIL"] or None)
    db.session.flush()
    letter.status, letter.delivery, letter.outbox_id = LetterStatus.QUEUED, "email", msg.id
    letter.sent_at = None
    return msg


def _decided(letter: Letter) -> bool:
    """Whether the letter's decision is already on the request (sent before, or recorded by
    hand in the register with the same outcome)."""
    return letter.request.status == {
        LetterKind.REFUSAL: Status.ANSWERED if _partly(letter) else Status.REFUSED,
        LetterKind.EXTENSION: Status.EXTENDED,
        LetterKind.DEFERRAL: Status.DEFERRED, LetterKind.FORWARDING: Status.FORWARDED,
    }.get(letter.kind)


def _partly(letter: Letter) -> bool:
    """A refusal of the copies not paid for: the first 10 pages went with the cost notice,
    so the request is answered in part (operations: ``invoice_id``)."""
    return bool((letter.fields or {}).get("invoice_id"))


def _record_decision(actor: User, letter: Letter, today: dt.date) -> None:
    """A notice that leaves records its decision (the register's own checks apply)."""
    if _decided(letter):
        return
    req, f, kind = letter.request, letter.fields or {}, letter.kind
    if kind == LetterKind.REFUSAL:
        reg.refuse(actor, req, RefusalGround(f["ground"]), f["explanation"], on=today,
                   partly=_partly(letter))
    elif kind == LetterKind.EXTENSION:
        reg.extend(actor, req, f["reason"], today=today)
    elif kind == LetterKind.DEFERRAL:
        reg.defer(actor, req, dt.date.fromisoformat(f["new_date"]), f["reason"], today=today)
    elif kind == LetterKind.FORWARDING:
        reg.forward(actor, req, f["holder_name"], f.get("holder_address"), on=today)


def _check_leaving(letter: Letter, today: dt.date) -> None:
    """What must hold when the letter leaves: signed, and lawful today."""
    approval.require_approved(letter)
    rules.check(letter.kind, letter.request, today, decided=_decided(letter))


def send(actor: User, letter: Letter) -> OutboxMessage | None:
    """Queue the approved letter by e-mail (PDF, signed copy and released documents
    attached), or mark it for printing when the requester gave only a postal address.
    The answer is recorded when the server accepts it; a notice's decision now."""
    perm.require_can_act(actor, letter.request)
    if letter.status not in SENDABLE:
        raise TransitionError(_("Надіслати можна лише остаточний лист, який ще не надіслано."))
    if letter.kind == LetterKind.FORWARDING_HOLDER:
        raise TransitionError(_("Лист розпоряднику надсилається разом із повідомленням."))
    today = rules.today()
    _check_leaving(letter, today)
    companion = letter.companion if letter.companion_id else None
    if companion is not None and companion.status not in (*SENDABLE, LetterStatus.QUEUED,
                                                          LetterStatus.SENT,
                                                          LetterStatus.TO_PRINT):
        raise TransitionError(_("Повідомлення не може піти без листа розпоряднику: лист "
                                "розпоряднику цієї версії не остаточний."))
    if companion is not None and companion.status in SENDABLE and recipient(companion)[0]:
        files.check_email_size(companion)  # before anything is queued: all or nothing
    msg = _queue(actor, letter)
    if msg is not None:
        _record_decision(actor, letter, today)
    if companion is not None and companion.status in SENDABLE:
        _queue(actor, companion)
    record_event(actor, "letter_queued" if msg else "letter_to_print", "letter", letter.id,
                 request_id=letter.request_id,
                 after={"kind": letter.kind.value, "outbox": msg.id if msg else None})
    return msg


def _record_answer(actor: User | None, letter: Letter, on: dt.date) -> None:
    """An answer letter that has left records the answer on that day."""
    req = letter.request
    if letter.kind == LetterKind.ANSWER and req.status in OPEN_STATUSES:
        reg.answer(actor, req, Outcome((letter.fields or {}).get("result") or "full"), on,
                   permission_checked=True)


def on_outbox_outcome(msg: OutboxMessage, outcome: str) -> None:
    """The outbox's news of a letter's e-mail: accepted, failed for good, or retried."""
    for letter in db.session.scalars(select(Letter).where(Letter.outbox_id == msg.id)):
        if outcome == "sent":
            letter.status, letter.sent_at = LetterStatus.SENT, msg.sent_at
            sender = db.session.get(User, letter.sent_by_id) if letter.sent_by_id else None
            record_event(sender, "letter_delivered", "letter", letter.id,
                         request_id=letter.request_id,
                         after={"kind": letter.kind.value, "outbox": msg.id})
            _record_answer(sender, letter,
                           msg.sent_at.astimezone(current_settings().tz).date())
        elif outcome == "failed":
            letter.status = LetterStatus.FAILED
            record_event(None, "letter_not_delivered", "letter", letter.id,
                         request_id=letter.request_id,
                         after={"kind": letter.kind.value, "reason": (msg.last_error or "")[:500]})
        elif outcome == "retried" and letter.status == LetterStatus.FAILED:
            letter.status = LetterStatus.QUEUED


def mark_posted(actor: User, letter: Letter) -> Letter:
    """A printed letter was signed and posted: it left today, so today's limits apply and
    its decision (or the answer) is recorded today."""
    perm.require_can_act(actor, letter.request)
    if letter.status != LetterStatus.TO_PRINT:
        raise TransitionError(_("Позначити відправленим поштою можна лише лист «до друку»."))
    today = rules.today()
    _check_leaving(letter, today)
    _record_decision(actor, letter, today)
    letter.status, letter.sent_at = LetterStatus.SENT, utcnow()
    _record_answer(actor, letter, today)
    record_event(actor, "letter_posted", "letter", letter.id, request_id=letter.request_id,
                 after={"kind": letter.kind.value})
    return letter
