"""The reminder sweep and the daily digest: what is due becomes outbox messages, once."""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from email.utils import make_msgid

from flask import current_app, render_template
from sqlalchemy import and_, or_, select
from sqlalchemy.exc import IntegrityError

from ..auth.models import Role, User
from ..core.council_settings import setting
from ..core.timeutil import KYIV, utcnow
from ..extensions import db
from ..outbox.models import OutboxState
from ..register.models import OPEN_STATUSES, Request, Requester, Status, is_extendable
from ..register.queries import Clock, dashboard
from .models import DigestLog, SentReminder
from ..outbox.queueing import AUTO, queue_message
from . import bulk, rows
from .mailing import ReminderRow, Skeletons
from .rules import ESCALATION, EXECUTOR, ReminderSettings, RequestFacts, due_reminders

log = logging.getLogger(__name__)
CHUNK = 2000


def _setting_numbers(key: str) -> tuple[int, ...]:
    return tuple(int(x) for x in str(setting(key)).replace(";", ",").split(",") if x.strip())


def reminder_settings() -> ReminderSettings:
    """The reminder rules in force: the admin's saved values, else the config defaults."""
    hh, mm = (int(x) for x in str(setting("REMINDER_MORNING")).split(":"))
    return ReminderSettings(days_before=_setting_numbers("REMINDER_DAYS_BEFORE"),
                            urgent_hours=_setting_numbers("REMINDER_URGENT_HOURS"),
                            morning=dt.time(hh, mm))


def facts(req) -> RequestFacts:
    """The rules' view of a request (a Request or a row with the same columns)."""
    return RequestFacts(due_date=req.due_date, due_at=req.due_at,
                        standard_due_date=req.standard_due_date,
                        extendable=is_extendable(req.status, req.urgent))


@dataclass
class People:
    """The active staff, loaded once per sweep (no user loaded per reminder)."""

    by_id: dict[int, User]
    heads: list[User]
    clerks: list[User]

    @classmethod
    def load(cls) -> People:
        active = db.session.scalars(select(User).where(User.active.is_(True))).all()
        return cls(by_id={u.id: u for u in active},
                   heads=[u for u in active if u.role == Role.HEAD],
                   clerks=[u for u in active if u.role == Role.CLERK])

    def executor(self, executor_id: int | None) -> User | None:
        return self.by_id.get(executor_id) if executor_id is not None else None

    def for_reminder(self, executor_id: int | None, audience: str) -> list[User]:
        executor = self.executor(executor_id)
        first = [executor] if executor else self.clerks  # nobody assigned: those who assign
        people = first + (self.heads if audience == ESCALATION else [])
        return list({u.id: u for u in people}.values())

    def staff(self) -> bulk.Staff:
        """Who gets what, by executor id, for the set-based sweep."""
        ids = [None, *self.by_id]
        return bulk.Staff(
            names={i: u.name for i, u in self.by_id.items()},
            to_executor={i: bulk.Staff.recipients(self.for_reminder(i, EXECUTOR)) for i in ids},
            to_escalation={i: bulk.Staff.recipients(self.for_reminder(i, ESCALATION))
                           for i in ids})


#: What the rules read of a request.
TERMS = (Request.due_date, Request.due_at, Request.standard_due_date, Request.status,
         Request.urgent)


def _horizons(clock: Clock, rs: ReminderSettings) -> tuple[dt.date, dt.datetime]:
    """The latest due date and urgent term that may need anything now."""
    return (clock.cal.add_working_days(clock.today, max(rs.days_before + (1,)) + 1),
            clock.now + dt.timedelta(hours=max(rs.urgent_hours + (1,)) + 1))


def _near_a_term(clock: Clock, rs: ReminderSettings):
    """Open requests close enough to a term to need anything (bulk.py says it in SQL)."""
    horizon, urgent_horizon = _horizons(clock, rs)
    return and_(Request.status.in_(OPEN_STATUSES),
                or_(and_(Request.due_at.is_(None), or_(Request.due_date <= horizon,
                                                       Request.standard_due_date <= horizon)),
                    Request.due_at <= urgent_horizon))


def _candidates(clock: Clock, rs: ReminderSettings):
    """Those requests, only the columns the rules read, unconverted (rows.py; what a mail
    shows is read for the few that get one)."""
    return (select(Request.id, *[rows.raw(c) for c in TERMS]).where(_near_a_term(clock, rs))
            .order_by(Request.id))


def _existing_keys(request_ids: list[int]) -> set[tuple[int, str, str]]:
    rows = db.session.execute(select(SentReminder.request_id, SentReminder.rule,
                                     SentReminder.due_key)
                              .where(SentReminder.request_id.in_(request_ids)))
    return {tuple(r) for r in rows}


def _mail_rows(terms: dict[int, rows.Terms]) -> dict[int, ReminderRow]:
    """What the mails show of these requests (by id, with their terms), as plain rows (one
    query)."""
    found = db.session.execute(
        select(Request.id, Request.registration_number, rows.raw(Request.received_at),
               Request.subject, Request.executor_id, Requester.name)
        .join(Requester, Requester.id == Request.requester_id).where(Request.id.in_(terms)))
    out = {}
    for rid, number, received, subject, executor_id, name in found:
        t = terms[rid]
        out[rid] = ReminderRow(rid, number, rows.moment(received), subject, t.urgent,
                               t.due_date, t.due_at, t.standard_due_date, executor_id, name)
    return out


def _outbox_row(req_id: int, recipients, subject: str, text: str, html: str, now, sender,
                domain):
    """An outbox row as queueing.queue_message writes it (kind "reminder", no attachments)."""
    return {"kind": "reminder", "message_id": make_msgid(domain=domain), "sender": sender,
            "recipients": sorted(set(recipients)), "reply_to": None, "subject": subject,
            "body_text": text, "body_html": html, "headers": dict(AUTO),
            "state": OutboxState.PENDING, "attempts": 0, "next_attempt_at": now,
            "request_id": req_id, "created_at": now, "updated_at": now}


def _save(mails: list[tuple], skipped: list[dict] = ()) -> bool:
    """Queue these reminders with their log rows, and log the ``skipped`` stages, in one
    savepoint (three statements for the lot: on SQLite one commit); False, with nothing
    kept, if another sweep logged one of them first."""
    now, sender = utcnow(), current_app.config["MAIL_DEFAULT_SENDER"]
    domain = current_app.config["MAIL_MSGID_DOMAIN"]  # as queueing.new_message_id
    try:
        with db.session.begin_nested():
            ids = bulk.insert_outbox([_outbox_row(req.id, recipients, subject, text, html,
                                                  now, sender, domain)
                                      for req, due, recipients, subject, text, html in mails])
            bulk.insert_log([*skipped,
                             *({"request_id": req.id, "rule": due.rule, "due_key": due.key,
                                "outbox_id": outbox_id, "created_at": now}
                               for (req, due, *_), outbox_id in zip(mails, ids))])
    except IntegrityError:
        return False
    return True


def _queue_batch(mails: list[tuple], skipped: list[dict] = ()) -> int:
    """A chunk at once; if a racing sweep got some of it first, one by one, skipping those."""
    if not mails and not skipped:
        return 0
    if _save(mails, skipped):
        return len(mails)
    _record_skipped(skipped)
    return sum(1 for m in mails if _save([m]))


def _log_rows(rows: list[dict]) -> bool:
    try:
        with db.session.begin_nested():
            bulk.insert_log(rows)
    except IntegrityError:
        return False
    return True


def _record_skipped(rows: list[dict]) -> None:
    """Log stages that are no longer sent (no outbox row), all at once or else one by one:
    one a racing sweep logged first is left to it."""
    if rows and not _log_rows(rows):
        for row in rows:
            _log_rows([row])


def queue_reminders(now: dt.datetime | None = None, set_based: bool | None = None) -> int:
    """Queue every reminder due as of ``now`` that was not queued before; returns how many.

    A reminder's log row and its outbox message are saved together: a second sweep racing
    this one hits the log's unique key and what it queued is skipped, the rest kept.
    PostgreSQL does it in one statement (bulk.queue_in_database), SQLite chunk by chunk
    (``set_based`` chooses, for the test that compares the two).
    """
    clock = Clock.at(now or utcnow())
    rs = reminder_settings()
    people = People.load()
    skeletons = Skeletons.for_app()
    tz = clock.settings.tz
    known: dict = {}

    def rules_for(f: RequestFacts):
        """due_reminders, once per distinct set of terms (thousands share a due date)."""
        if f not in known:
            known[f] = due_reminders(f, clock.now, clock.cal, rs)
        return known[f]

    if set_based is None:
        set_based = db.engine.dialect.name == "postgresql"
    if set_based:
        return _queue_in_database(clock, rs, people, skeletons, rules_for)
    queued = 0
    candidates = db.session.execute(_candidates(clock, rs)).all()
    terms_of = rows.TermsCache()
    for start in range(0, len(candidates), CHUNK):
        chunk = {row[0]: terms_of(*row[1:]) for row in candidates[start:start + CHUNK]}
        existing = _existing_keys(list(chunk))
        pending = [(rid, due) for rid, terms in chunk.items() for due in rules_for(terms.facts)
                   if (rid, due.rule, due.key) not in existing]
        if not pending:
            continue
        loaded = _mail_rows({rid: chunk[rid] for rid, due in pending if not due.skip})
        mails, skipped = [], []
        for rid, due in pending:
            if due.skip:  # too late to make sense: recorded, so it is never sent later
                skipped.append({"request_id": rid, "rule": due.rule, "due_key": due.key,
                                "outbox_id": None, "created_at": utcnow()})
                continue
            row = loaded[rid]
            recipients = [u.email for u in people.for_reminder(row.executor_id, due.audience)]
            if recipients:
                executor = people.executor(row.executor_id)
                mails.append((row, due, recipients,
                              *skeletons.mail(row, due, executor.name if executor else None, tz)))
        queued += _queue_batch(mails, skipped)
    return queued


def _queue_in_database(clock: Clock, rs: ReminderSettings, people: People,
                       skeletons: Skeletons, rules_for) -> int:
    """The rules run once per set of terms the open requests near a term share (a few
    hundred groups whatever their number); the database does the rest, one statement."""
    tz = clock.settings.tz
    stages = []
    groups = select(*TERMS).where(_near_a_term(clock, rs)).group_by(*TERMS).order_by(*TERMS)
    for g in db.session.execute(groups):
        for due in rules_for(facts(g)):
            frame = None if due.skip else skeletons.frame(
                due, g.urgent, g.due_date, g.due_at, g.standard_due_date, tz)
            stages.append(bulk.Stage(g.due_date, g.due_at, g.standard_due_date,
                                     Status(g.status).value, bool(g.urgent), due.rule, due.key,
                                     due.skip, due.audience == ESCALATION, frame))
    config = current_app.config
    return bulk.queue_in_database(
        stages, people.staff(), horizons=_horizons(clock, rs), now=utcnow(),
        sender=config["MAIL_DEFAULT_SENDER"],
        domain=config["MAIL_MSGID_DOMAIN"], headers=AUTO,
        open_statuses=[s.value for s in OPEN_STATUSES], kyiv=KYIV.key)


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
