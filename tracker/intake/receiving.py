"""The one way mail comes in — the upload page, the API, ``flask intake eml`` and the
mailbox poller all call ``take_in``. It commits, in steps, so that nothing is lost:

1. the raw message is stored and committed before anything reads it;
2. it is parsed (with limits) and what was read is committed; any failure here — a limit,
   a parser bug, the database refusing a value — leaves the stored item in the queue as an
   error with its reason, the raw message downloadable;
3. only if asked, the request is registered (or the follow-up filed) in a third
   transaction; a refusal there (a validation error) leaves the item waiting for the clerk.

Before step 1, a file a person hands in (the «Пошта» upload, the API) that is not an e-mail
at all — random bytes, a .txt, a PDF — is refused with the reason (a ValidationError on
``file``) and not stored: it is the person's mistake, told at once, not mail to keep.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from ..auth.models import User
from ..core.errors import ValidationError
from ..extensions import db
from ..register.models import Request
from . import operations as ops
from .models import IntakeMessage, IntakeStatus
from .parser import MalformedMessage, check_upload

log = logging.getLogger(__name__)


#: Files handed in by a person: refused at once when they are not an e-mail. The mailbox
#: and ``flask intake eml`` keep whatever arrives, with a reason when it cannot be read.
UPLOAD_SOURCES = ("upload", "api")


@dataclass
class Intake:
    item: IntakeMessage
    #: The request registered from it, or the one it was filed with (``register=True``).
    request: Request | None = None


def take_in(actor: User | None, raw: bytes, source: str, *, register: bool = False,
            auto_attach: bool = False, mailbox: str | None = None,
            uidvalidity: int | None = None, uid: int | None = None) -> Intake:
    """Store, read and (optionally) register one message; see the module's steps.

    Raises a DomainError from step 3 (the item is then pending in the queue), or a
    ValidationError before anything is stored when an upload is not an e-mail at all.
    """
    if source in UPLOAD_SOURCES:
        try:
            check_upload(raw)
        except MalformedMessage as exc:
            raise ValidationError({"file": [str(exc)]}) from None
    item = ops.store_raw(actor, raw, source, mailbox=mailbox, uidvalidity=uidvalidity, uid=uid)
    db.session.commit()
    item_id = item.id
    try:
        ops.read_stored(actor, item, auto_attach=auto_attach)
        db.session.commit()
    except Exception as exc:  # noqa: BLE001 — the stored message must keep a reason
        db.session.rollback()
        log.exception("intake: message %s could not be read", item_id)
        item = db.session.get(IntakeMessage, item_id)
        ops.mark_unreadable(actor, item, f"Лист не вдалося прочитати ({type(exc).__name__}): "
                                         f"{str(exc)[:300]}")
        db.session.commit()
        return Intake(item)
    if not register or item.status != IntakeStatus.PENDING:
        return Intake(item, item.request)
    try:
        follow_up = item.parsed.get("follow_up_of")
        if follow_up:
            req = db.session.get(Request, follow_up)
            ops.attach_to_request(actor, item, req)
        else:
            req = ops.register_from_intake(actor, item)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return Intake(item, req)
