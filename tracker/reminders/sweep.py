"""The reminder sweep and the daily digest: what is due becomes outbox messages, once."""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from flask import current_app, render_template
from sqlalchemy import and_, or_, select
from sqlalchemy.exc import IntegrityError

from ..auth.models import Role, User
from ..core.council_settings import setting
from ..core.timeutil import utcnow
from ..extensions import db
from ..register.models import OPEN_STATUSES, Request, is_extendable
from ..register.queries import Clock, dashboard
from .models import DigestLog, SentReminder
from ..outbox.queueing import AUTO, queue_message
from .rules import ESCALATION, Due, ReminderSettings, RequestFacts, due_reminders

log = logging.getLogger(__name__)
CHUNK = 1000

#: What each stage says; ``{when}`` is the relation of the sweep's moment to the term,
#: computed from the council's calendar (rules.Due.phrase), never implied by the stage.
SUBJECTS = {
    "before": "Нагадування: строк відповіді на запит № {n} — {when} ({due})",
    "due_today": "Нагадування: строк відповіді на запит № {n} — {when} ({due})",
    "urgent": "Терміновий запит № {n}: строк відповіді спливає {when}",
    "overdue": "Запит № {n}: {when} (строк був {due})",
    "overdue_urgent": "Терміновий запит № {n}: {when} (строк був {due})",
    "extension_day4": "Запит № {n}: продовжити строк можна лише до {std} включно ({when})",
}


def _setting_numbers(key: str) -> tuple[int, ...]:
    return tuple(int(x) for x in str(setting(key)).replace(";", ",").split(",") if x.strip())


def reminder_settings() -> ReminderSettings:
    """The reminder rules in force: the admin's saved values, else the config defaults."""
    hh, mm = (int(x) for x in str(setting("REMINDER_MORNING")).split(":"))
    return ReminderSettings(days_before=_setting_numbers("REMINDER_DAYS_BEFORE"),
                            urgent_hours=_setting_numbers("REMINDER_URGENT_HOURS"),
                            morning=dt.time(hh, mm))


def subject_key(due: Due, urgent: bool) -> str:
    if due.rule.startswith("before_"):
        return "before"
    if due.rule.startswith("urgent_"):
        return "urgent"
    if due.rule == "overdue" and urgent:
        return "overdue_urgent"
    return due.rule


def facts(req) -> RequestFacts:
    """The rules' view of a request (a Request or a row with the same columns)."""
    return RequestFacts(due_date=req.due_date, due_at=req.due_at,
                        standard_due_date=req.standard_due_date,
                        extendable=is_extendable(req.status, req.urgent))


@dataclass
class People:
    heads: list[User]
    clerks: list[User]

    @classmethod
    def load(cls) -> People:
        active = db.session.scalars(select(User).where(User.active.is_(True))).all()
        return cls(heads=[u for u in active if u.role == Role.HEAD],
                   clerks=[u for u in active if u.role == Role.CLERK])

    def for_reminder(self, req: Request, audience: str) -> list[User]:
        executor = req.executor if req.executor is not None and req.executor.active else None
        first = [executor] if executor else self.clerks  # nobody assigned: those who assign
        people = first + (self.heads if audience == ESCALATION else [])
        return list({u.id: u for u in people}.values())


def _candidates(clock: Clock, rs: ReminderSettings):
    """Open requests close enough to a term to need anything: filtered in the database, and
    only the columns the rules read (whole objects are loaded for the few that get mail)."""
    horizon = clock.cal.add_working_days(clock.today, max(rs.days_before + (1,)) + 1)
    urgent_horizon = clock.now + dt.timedelta(hours=max(rs.urgent_hours + (1,)) + 1)
    return (select(Request.id, Request.due_date, Request.due_at, Request.standard_due_date,
                   Request.status, Request.urgent).where(
        Request.status.in_(OPEN_STATUSES),
        or_(and_(Request.due_at.is_(None), or_(Request.due_date <= horizon,
                                               Request.standard_due_date <= horizon)),
            Request.due_at <= urgent_horizon))
        .order_by(Request.id))


def _existing_keys(request_ids: list[int]) -> set[tuple[int, str, str]]:
    rows = db.session.execute(select(SentReminder.request_id, SentReminder.rule,
                                     SentReminder.due_key)
                              .where(SentReminder.request_id.in_(request_ids)))
    return {tuple(r) for r in rows}


def _reminder_mail(req: Request, due: Due, clock: Clock) -> tuple[str, str, str]:
    tz = clock.settings.tz
    due_text = req.due_at.astimezone(tz).strftime("%d.%m.%Y %H:%M") if req.due_at \
        else req.due_date.strftime("%d.%m.%Y")
    subject = SUBJECTS[subject_key(due, req.due_at is not None)].format(
        n=req.registration_number, due=due_text, when=due.phrase,
        std=req.standard_due_date.strftime("%d.%m.%Y"))
    context = {"req": req, "due": due, "due_text": due_text, "subject": subject,
               "when": due.phrase,
               "url": f"{current_app.config['BASE_URL'].rstrip('/')}/requests/{req.id}",
               "std": req.standard_due_date.strftime("%d.%m.%Y")}
    return (subject, render_template("emails/reminder.txt", **context),
            render_template("emails/reminder.html", **context))


def _queue_one(req: Request, due: Due, recipients, subject: str, text: str, html: str):
    msg = queue_message(kind="reminder", recipients=recipients, subject=subject,
                        body_text=text, body_html=html, headers=AUTO, request_id=req.id)
    return msg, SentReminder(request_id=req.id, rule=due.rule, due_key=due.key)


def _save(mails: list[tuple]) -> bool:
    """Queue these reminders with their log rows in one savepoint (a few statements for the
    lot); False, with nothing kept, if another sweep logged one of them first."""
    try:
        with db.session.begin_nested():
            pairs = [_queue_one(*m) for m in mails]
            db.session.flush()
            for msg, sent in pairs:
                sent.outbox_id = msg.id
            db.session.add_all([sent for _, sent in pairs])
            db.session.flush()
    except IntegrityError:
        return False
    return True


def _queue_batch(mails: list[tuple]) -> int:
    """A chunk at once; if a racing sweep got some of it first, one by one, skipping those."""
    if not mails:
        return 0
    if _save(mails):
        return len(mails)
    return sum(1 for m in mails if _save([m]))


def _record_skipped(rows: list[SentReminder]) -> None:
    """Log stages that are no longer sent (no outbox row); one a racing sweep logged first
    is left to it."""
    if not rows:
        return
    try:
        with db.session.begin_nested():
            db.session.add_all(rows)
            db.session.flush()
    except IntegrityError:
        for row in rows:
            try:
                with db.session.begin_nested():
                    db.session.add(SentReminder(request_id=row.request_id, rule=row.rule,
                                                due_key=row.due_key))
                    db.session.flush()
            except IntegrityError:
                continue


def queue_reminders(now: dt.datetime | None = None) -> int:
    """Queue every reminder due as of ``now`` that was not queued before; returns how many.

    A reminder's log row and its outbox message are saved together: a second sweep racing
    this one hits the log's unique key and what it queued is skipped, the rest kept.
    """
    clock = Clock.at(now or utcnow())
    rs = reminder_settings()
    people = People.load()
    queued = 0
    candidates = db.session.execute(_candidates(clock, rs)).all()
    for start in range(0, len(candidates), CHUNK):
        chunk = candidates[start:start + CHUNK]
        existing = _existing_keys([row.id for row in chunk])
        pending = [(row.id, due) for row in chunk
                   for due in due_reminders(facts(row), clock.now, clock.cal, rs)
                   if (row.id, due.rule, due.key) not in existing]
        if not pending:
            continue
        loaded = {r.id: r for r in db.session.scalars(select(Request).where(
            Request.id.in_({rid for rid, due in pending if not due.skip}))).unique()}
        mails, skipped = [], []
        for rid, due in pending:
            if due.skip:  # too late to make sense: recorded, so it is never sent later
                skipped.append(SentReminder(request_id=rid, rule=due.rule, due_key=due.key))
                continue
            req = loaded[rid]
            recipients = [u.email for u in people.for_reminder(req, due.audience)]
            if recipients:
                mails.append((req, due, recipients, *_reminder_mail(req, due, clock)))
        _record_skipped(skipped)
        queued += _queue_batch(mails)
    return queued


def queue_digests(now: dt.datetime | None = None) -> int:
    """The 08:30 digest to each clerk and head who wants it, once per working day."""
    clock = Clock.at(now or utcnow())
    hh, mm = (int(x) for x in str(setting("DIGEST_TIME")).split(":"))
    local = clock.now.astimezone(clock.settings.tz)
    if not clock.cal.is_working_day(clock.today) or local.time() < dt.time(hh, mm):
        return 0
    users = db.session.scalars(select(User).where(
        User.active.is_(True), User.digest_enabled.is_(True),
        User.role.in_([Role.CLERK, Role.HEAD]))).all()
    done = set(db.session.scalars(select(DigestLog.user_id).where(DigestLog.day == clock.today)))
    queued = 0
    for user in users:
        if user.id in done:
            continue
        data = dashboard(clock, user.id, limit=20)
        unassigned = db.session.scalars(
            select(Request).where(Request.status.in_(OPEN_STATUSES),
                                  Request.executor_id.is_(None))
            .order_by(Request.due_date).limit(20)).unique().all()
        context = {"user": user, "data": data, "clock": clock, "unassigned": unassigned,
                   "base": current_app.config["BASE_URL"].rstrip("/")}
        subject = (f"Запити на {clock.today:%d.%m.%Y}: прострочено {data['counts']['overdue']}, "
                   f"сьогодні {data['counts']['due_today']}, скоро {data['counts']['due_soon']}")
        try:
            with db.session.begin_nested():
                msg = queue_message(kind="digest", recipients=[user.email], subject=subject,
                                    body_text=render_template("emails/digest.txt", **context),
                                    body_html=render_template("emails/digest.html", **context),
                                    headers=AUTO)
                db.session.flush()
                db.session.add(DigestLog(user_id=user.id, day=clock.today, outbox_id=msg.id))
                db.session.flush()
        except IntegrityError:
            continue
        queued += 1
    return queued
