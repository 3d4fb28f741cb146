"""What the public pages read: published answers that have left, and the open-data figures
without the requests marked as spam."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, func, select

from ..core.errors import NotFound
from ..core.i18n import gettext as _
from ..core.search import words_condition
from ..extensions import db
from ..letters.models import Letter, LetterStatus
from ..register.models import Request
from ..register.queries import Clock
from ..reports.exports import open_data
from ..reports.queries import Period, summary
from .models import PublishedAnswer

PER_PAGE = 20
#: Which date the period of the search applies to.
DATE_FIELDS = ("answered", "received")


@dataclass(frozen=True)
class AnswerSearch:
    q: str | None = None
    date_field: str = "answered"
    start: dt.date | None = None
    end: dt.date | None = None


def _visible():
    """Published, not taken down, the letter has left, the request is no spam."""
    return and_(PublishedAnswer.unpublished_at.is_(None), Letter.status == LetterStatus.SENT,
                Request.spam_marked_at.is_(None))


def _base(columns):
    return (select(*columns).select_from(PublishedAnswer)
            .join(Letter, Letter.id == PublishedAnswer.letter_id)
            .join(Request, Request.id == PublishedAnswer.request_id)
            .where(_visible()))


def search(params: AnswerSearch, page: int = 1, per_page: int = PER_PAGE):
    """(rows, total): id, subject, received date, answered date — newest answers first."""
    stmt = _base([PublishedAnswer.id, PublishedAnswer.subject, Request.received_date,
                  Request.answered_on])
    stmt = stmt.where(*words_condition(PublishedAnswer.search_text, params.q))
    column = Request.received_date if params.date_field == "received" else Request.answered_on
    if params.start:
        stmt = stmt.where(column >= params.start)
    if params.end:
        stmt = stmt.where(column <= params.end)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery()))
    rows = db.session.execute(
        stmt.order_by(Request.answered_on.desc(), PublishedAnswer.id.desc())
        .limit(per_page).offset((page - 1) * per_page)).all()
    return rows, total


def public_answer(answer_id: int):
    """(answer, received date, answered date) of a visible answer, else NotFound."""
    row = db.session.execute(_base([PublishedAnswer, Request.received_date, Request.answered_on])
                             .where(PublishedAnswer.id == answer_id)).first()
    if row is None:
        raise NotFound(_("Опубліковану відповідь не знайдено."))
    return row


@dataclass(frozen=True)
class PublicPeriod(Period):
    """A report period without the requests a clerk marked as spam."""

    def condition(self):
        return and_(super().condition(), Request.spam_marked_at.is_(None))


def public_summary(start: dt.date, end: dt.date, clock: Clock) -> dict:
    """The report's figures for the public: only the open-data keys survive (no executors,
    no tags), spam left out."""
    return open_data(summary(PublicPeriod(start, end), clock))


def staff_list(page: int = 1, per_page: int = 50):
    """Every published answer (taken down too), newest first, for heads and admins."""
    stmt = (select(PublishedAnswer, Request.registration_number, Letter.status)
            .join(Letter, Letter.id == PublishedAnswer.letter_id)
            .join(Request, Request.id == PublishedAnswer.request_id))
    total = db.session.scalar(select(func.count(PublishedAnswer.id)))
    rows = db.session.execute(stmt.order_by(PublishedAnswer.published_at.desc(),
                                            PublishedAnswer.id.desc())
                              .limit(per_page).offset((page - 1) * per_page)).all()
    return rows, total
