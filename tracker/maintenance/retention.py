"""Retention: anonymise the requesters of requests finished long ago, keep the statistics.

Kept: channel, category, dates, outcome, deadlines, executor, the subject (what was asked
about), letters' texts. Removed: the requester's name, addresses and phone, the request's
own text, the original e-mails and their attachments, the addressee in letters and the
stored letter files. Events and the access log never held requester data (they name ids).
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import func, or_, select, update

from ..extensions import db
from ..intake.models import Attachment, IntakeMessage
from ..letters.content import LetterContent
from ..letters.models import Letter
from ..register.models import OPEN_STATUSES, Request, Requester
from ..register.search_index import index_request
from ..core.models import record_event

ANONYMISED = "Анонімізовано"


def due_for_retention(cutoff: dt.date):
    finished = func.coalesce(Request.closed_on, Request.answered_on)
    return select(Request).where(Request.status.not_in(OPEN_STATUSES), finished < cutoff,
                                 or_(Requester.name != ANONYMISED, Requester.email.is_not(None)))\
        .join(Requester, Requester.id == Request.requester_id)


def anonymise(cutoff: dt.date, *, dry_run: bool = False) -> int:
    """Anonymise every request finished before ``cutoff``; returns how many (caller commits)."""
    requests = db.session.scalars(due_for_retention(cutoff)).unique().all()
    if dry_run:
        return len(requests)
    for req in requests:
        r = req.requester
        r.name, r.email, r.postal_address, r.phone, r.gender = ANONYMISED, None, None, None, None
        req.text, req.portal_address, req.reply_to = "", None, None
        index_request(req)  # what is left: the index and the subject
        db.session.execute(update(IntakeMessage).where(IntakeMessage.request_id == req.id)
                           .values(raw=b"", from_name=None, from_address=None, parsed=None))
        db.session.execute(Attachment.__table__.delete().where(Attachment.request_id == req.id))
        for letter in db.session.scalars(select(Letter).where(Letter.request_id == req.id)):
            content = LetterContent.from_dict(letter.content)
            content.addressee, content.addressee_lines = ANONYMISED, []
            letter.content, letter.docx, letter.pdf = content.to_dict(), None, None
        record_event(None, "anonymised", "request", req.id, request_id=req.id,
                     after={"cutoff": cutoff.isoformat()})
    return len(requests)
