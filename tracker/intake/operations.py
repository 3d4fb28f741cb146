"""Incoming mail: receive, recognise follow-ups, register, attach, dismiss.

Nothing is dropped: a message that cannot be read is kept in the queue with the reason.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Any

import shevchenko
from flask import current_app
from sqlalchemy import func, select

from ..auth.models import User
from ..core.errors import TransitionError
from ..core.i18n import N_, gettext as _
from ..core.models import get_or_raise, record_event
from ..core.timeutil import utcnow
from ..extensions import db
from ..register.models import Request, Requester  # noqa: F401  (Request used by cli)
from ..auth.permissions import REGISTRARS, require_role
from ..register.operations import register_request
from ..register.settings import current_settings
from ..register.validation import validate_registration
from ..register import portal as alaveteli
from .labels import STATUS_LABELS
from .models import Attachment, IntakeMessage, IntakeStatus
from .limits import clean_json, clean_text
from .names import surname_first
from .parser import MalformedMessage, ParsedMessage, parse_message

#: How much of a message's text the item page and the registration form carry; the whole
#: text is a separate download (a 20 MB body made a 42 MB page).
TEXT_PREVIEW_CHARS = 20_000


def parse(raw: bytes) -> ParsedMessage:
    """Parse with the configured limits; MalformedMessage for unreadable or oversized mail.

    Attachments are kept up to the message limit: a message the council accepts keeps its
    files (a 15 MB scan in a 30 MB message).
    """
    max_message = current_app.config["INTAKE_MAX_MESSAGE_BYTES"]
    if len(raw) > max_message:
        raise MalformedMessage(_("Лист завеликий: %(size)s КБ, дозволено до %(limit)s КБ.",
                                 size=len(raw) // 1024, limit=max_message // 1024))
    return parse_message(raw, max_attachment_bytes=max_message,
                         portals=current_app.config["INTAKE_PORTALS"])


def text_preview(text: str | None) -> tuple[str, bool]:
    """(the first TEXT_PREVIEW_CHARS characters, whether the text is longer)."""
    text = text or ""
    return text[:TEXT_PREVIEW_CHARS], len(text) > TEXT_PREVIEW_CHARS


def _prefill_text(item: IntakeMessage, text: str) -> str:
    preview, cut = text_preview(text)
    if not cut:
        return text
    return (preview.rstrip() + f"\n\n[…] Текст скорочено: перші {_count(TEXT_PREVIEW_CHARS)} "
            f"із {_count(len(text))} символів; повний текст — в оригіналі листа (вхідний лист "
            f"№ {item.id}).")


def _count(n: int) -> str:
    return f"{n:,}".replace(",", "\u00a0")


def kept_out(item: IntakeMessage) -> list[dict[str, Any]]:
    """The attachments the message named but the queue did not keep, each with the reason
    (the parser's note about it), for the item page."""
    kept = [(a.filename, a.size) for a in item.attachments]
    notes = (item.parsed or {}).get("notes") or []
    out = []
    for a in (item.parsed or {}).get("attachments") or []:
        key = ((a.get("filename") or "")[:255], a.get("size"))
        if key in kept:
            kept.remove(key)
            continue
        reason = next((n for n in notes if f"«{a.get('filename')}»" in n), None)
        out.append({**a, "reason": reason or _("Вкладення не збережено.")})
    return out


def received_moment(parsed: ParsedMessage | None, now: dt.datetime) -> dt.datetime:
    """The Date header, unless missing or in the future (a wrong clock): then intake time."""
    skew = current_settings().future_skew
    if parsed and parsed.sent_at and parsed.sent_at <= now + skew:
        return parsed.sent_at.astimezone(dt.timezone.utc)
    return now


# --- follow-ups ----------------------------------------------------------------------------

_INDEX_LIKE = re.compile(r"№\s*([^\s,;:()]+)")


def find_follow_up(parsed: ParsedMessage) -> Request | None:
    """The request this message continues, or None for a new request.

    Recognised by: the portal address of a registered request; In-Reply-To/References naming
    a message filed with a request; a registration index in the subject; or a "Re:" subject
    equal to a request's subject from the same sender.
    """
    if parsed.portal:
        req = db.session.scalar(select(Request).where(
            Request.portal_address == parsed.portal.address).order_by(Request.id.desc()))
        if req:
            return req
    if parsed.in_reply_to:
        req_id = db.session.scalar(select(IntakeMessage.request_id).where(
            IntakeMessage.message_id.in_(parsed.in_reply_to),
            IntakeMessage.request_id.is_not(None)))
        if req_id:
            return db.session.get(Request, req_id)
    for candidate in _INDEX_LIKE.findall(parsed.subject or ""):
        req = db.session.scalar(select(Request).where(
            Request.registration_number == candidate.rstrip("."))
            .order_by(Request.reg_year.desc()).limit(1))  # the index recurs yearly: the latest
        if req:
            return req
    stripped = alaveteli.strip_reply_prefixes(parsed.subject)
    if stripped != (parsed.subject or "").strip() and parsed.from_address:
        wanted = {stripped.casefold(), (parsed.title or "").casefold()}
        rows = db.session.execute(
            select(Request.id, Request.subject).join(Requester)
            .where(Requester.email == parsed.from_address).order_by(Request.id.desc())
            .limit(50)).all()
        for req_id, subject in rows:
            if subject.casefold() in wanted:
                return db.session.get(Request, req_id)
    return None


# --- the JSON shape shared by the CLI and the API ----------------------------------------

def message_json(parsed: ParsedMessage, received_at: dt.datetime,
                 follow_up: Request | None) -> dict[str, Any]:
    tz = current_settings().tz
    return {
        "requester": {"name": parsed.from_name, "email": parsed.from_address},
        "reply_to": parsed.reply_address,
        "received_at": received_at.astimezone(tz).isoformat(),
        "subject": parsed.subject,
        "title": parsed.title,
        "text": parsed.text,
        "channel": parsed.channel,
        "portal": ({"name": parsed.portal.name, "request_id": parsed.portal.request_id,
                    "address": parsed.portal.address} if parsed.portal else None),
        "attachments": [{"filename": a.filename, "size": a.size} for a in parsed.attachments],
        "follow_up_of": follow_up.id if follow_up else None,
    }


# --- receiving -----------------------------------------------------------------------------

#: Stored as the reason until the message is read; pages show it translated.
UNREAD = N_("Лист збережено, але ще не прочитано (або читання перервалося).")


def store_raw(actor: User | None, raw: bytes, source: str, *, mailbox: str | None = None,
              uidvalidity: int | None = None, uid: int | None = None) -> IntakeMessage:
    """Keep a message exactly as it arrived, before anything reads it (the caller commits
    at once: whatever parsing does next, the message and its reason stay in the queue)."""
    item = IntakeMessage(source=source, mailbox=mailbox, uidvalidity=uidvalidity, uid=uid,
                         sha256=hashlib.sha256(raw).hexdigest(), size=len(raw), raw=raw,
                         status=IntakeStatus.ERROR, error=UNREAD, received_at=utcnow())
    db.session.add(item)
    db.session.flush()
    return item


def mark_unreadable(actor: User | None, item: IntakeMessage, reason: str) -> IntakeMessage:
    """The stored message could not be read: it stays in the queue with the reason."""
    item.status, item.error = IntakeStatus.ERROR, clean_text(reason)[:2000]
    record_event(actor, "intake_error", "intake_message", item.id,
                 after={"source": item.source, "error": item.error[:300]})
    return item


def read_stored(actor: User | None, item: IntakeMessage, *,
                auto_attach: bool = False) -> IntakeMessage:
    """Parse a stored message (with limits) into a queue item for the clerk.

    With ``auto_attach`` (mailbox polling), a follow-up recognised by its portal address or
    its In-Reply-To is filed with its request at once; other items wait for the clerk.
    """
    try:
        parsed = parse(item.raw)
    except MalformedMessage as exc:
        return mark_unreadable(actor, item, str(exc))
    item.status, item.error = IntakeStatus.PENDING, None
    follow_up = find_follow_up(parsed)
    item.received_at = received_moment(parsed, item.received_at)
    item.message_id = (parsed.message_id or "")[:998] or None
    item.from_name, item.from_address = parsed.from_name[:300], parsed.from_address
    item.subject = parsed.subject
    item.parsed = clean_json({**message_json(parsed, item.received_at, follow_up),
                              "notes": parsed.notes, "forwarded_by": parsed.forwarded_by,
                              "html_only": parsed.html_only})
    for a in parsed.attachments:
        if a.content is not None:
            item.attachments.append(Attachment(
                filename=a.filename[:255], content_type=a.content_type[:255], size=a.size,
                sha256=hashlib.sha256(a.content).hexdigest(), content=a.content))
    db.session.flush()
    # Events name the message, not the sender: they are kept for ever, personal data is not.
    record_event(actor, "intake_received", "intake_message", item.id,
                 after={"source": item.source, "message": item.id})
    confident = follow_up is not None and (
        (parsed.portal and follow_up.portal_address == parsed.portal.address)
        or bool(parsed.in_reply_to))
    if auto_attach and confident:
        attach_to_request(actor, item, follow_up)
    return item


def get_item(item_id: int) -> IntakeMessage:
    return get_or_raise(IntakeMessage, item_id, _("Повідомлення не знайдено."))


def _guess_gender(name: str) -> str | None:
    parts = name.replace(",", " ").split()
    if len(parts) < 2:
        return None
    for given, family in ((parts[0], parts[-1]), (parts[-1], parts[0])):
        try:
            gender = shevchenko.detect_gender({"given_name": given, "family_name": family})
        except Exception:  # noqa: BLE001 — a guess only; the clerk sets it otherwise
            gender = None
        if gender:
            return {"feminine": "female", "masculine": "male"}[gender]
    return None


def prefill(item: IntakeMessage) -> dict[str, Any]:
    """Registration values drawn from the message, for the clerk to check."""
    p = item.parsed or {}
    portal = p.get("portal")
    name = surname_first((p.get("requester") or {}).get("name") or "")
    return {
        "requester": {"name": name, "category": "individual", "gender": _guess_gender(name),
                      "email": portal["address"] if portal else (p.get("requester") or {}).get("email"),
                      "postal_address": None, "phone": None},
        "channel": "portal" if portal else "email",
        "received_at": item.received_at.isoformat(),
        "subject": (p.get("title") or item.subject or "Без теми")[:500],
        "text": _prefill_text(item, p.get("text") or ""),
        "urgent": False, "signed": True,
    }


def _require_pending(item: IntakeMessage) -> None:
    if item.status != IntakeStatus.PENDING:
        raise TransitionError(_("Повідомлення вже оброблено (стан «%(status)s»).",
                                status=_(STATUS_LABELS[item.status])))


def register_from_intake(actor: User | None, item: IntakeMessage,
                         raw_values: dict[str, Any] | None = None) -> Request:
    """Register the request this message carries (values as the clerk checked them)."""
    require_role(actor, REGISTRARS, N_("реєструвати запити"))
    _require_pending(item)
    settings = current_settings()
    p = item.parsed or {}
    portal = p.get("portal")
    # Where replies go is a fact of the message, not a value the clerk types.
    values = {**(raw_values or prefill(item)), "reply_to": p.get("reply_to"),
              "portal_address": portal["address"] if portal else None}
    inp = validate_registration(values, tz=settings.tz, now=utcnow(), skew=settings.future_skew)
    req = register_request(actor, inp, settings)
    _file_with(item, req, actor, IntakeStatus.REGISTERED)
    record_event(actor, "registered_from_email", "request", req.id, request_id=req.id,
                 after={"message": item.id, "portal": portal["name"] if portal else None,
                        "attachments": len(item.attachments)})
    return req


def _file_with(item: IntakeMessage, req: Request, actor, status: IntakeStatus) -> None:
    item.status, item.request_id, item.request = status, req.id, req
    item.handled_by_id, item.handled_at = getattr(actor, "id", None), utcnow()
    for attachment in item.attachments:
        attachment.request_id = req.id


def attach_to_request(actor: User | None, item: IntakeMessage, req: Request) -> None:
    """File a follow-up with its request; it shows on the request's timeline."""
    require_role(actor, REGISTRARS, N_("опрацьовувати пошту"))
    _require_pending(item)
    _file_with(item, req, actor, IntakeStatus.ATTACHED)
    record_event(actor, "correspondence_received", "request", req.id, request_id=req.id,
                 after={"message": item.id})


def dismiss(actor: User, item: IntakeMessage, reason: str | None) -> None:
    require_role(actor, REGISTRARS, N_("опрацьовувати пошту"))
    if item.status not in (IntakeStatus.PENDING, IntakeStatus.ERROR):
        raise TransitionError(_("Повідомлення вже оброблено."))
    item.status, item.error = IntakeStatus.DISMISSED, (reason or "").strip()[:1000] or None
    item.handled_by_id, item.handled_at = actor.id, utcnow()
    record_event(actor, "intake_dismissed", "intake_message", item.id,
                 after={"reason": item.error})


def pending_count() -> int:
    return db.session.scalar(select(func.count(IntakeMessage.id)).where(
        IntakeMessage.status.in_([IntakeStatus.PENDING, IntakeStatus.ERROR])))
