"""Realistic demo data in bulk: ``flask demo generate --requests N [--seed S]``.

Rows go in by batches with ids chosen here (no round trip per row): ``COPY`` on PostgreSQL,
multi-row INSERTs elsewhere, so a million requests with their requesters, events and letters
load in minutes. Rows written in bulk bypass the hooks that keep derived tables current, so
the other areas' bulk builders (search index, report summary) run at the end, those present.
Deadlines come from the real calendar; the mix of channels, categories, outcomes, late
answers, extensions and deferrals follows what councils report.
"""
from __future__ import annotations

import datetime as dt
import importlib
import json
import random
import secrets

from sqlalchemy import JSON, func, insert, select

from ..activities.categorize import DEFAULT_CATEGORIES
from ..activities.models import ActivityRecord, Category
from ..auth.models import Role, User
from ..extensions import db
from ..letters.models import Letter, LetterActivity
from ..register import deadlines as dl
from ..register.calendar import WorkCalendar
from ..register.models import IndexCounter, Request, Requester
from ..core.models import Event
from ..register.numbering import format_index, initial_letter
from ..register.settings import current_settings
from ..core.timeutil import KYIV, utcnow

SURNAMES = ["Коваленко", "Бондаренко", "Ткаченко", "Шевченко", "Кравченко", "Олійник",
            "Мельник", "Поліщук", "Савчук", "Бойко", "Лисенко", "Марченко", "Руденко",
            "Петренко", "Гнатюк", "Красновська", "Іваненко", "Сидоренко", "Мороз", "Коваль"]
GIVEN = [("Олена", "female"), ("Ірина", "female"), ("Яна", "female"), ("Марія", "female"),
         ("Андрій", "male"), ("Олег", "male"), ("Василь", "male"), ("Петро", "male")]
ORGS = ["ТОВ «Житомир-Медіа»", "ГО «Зелене місто»", "Редакція «Ехо»", "ОСББ «Затишок»",
        "ГО «Прозорість»", "ПП «Будсервіс»", "Телеканал «Житомир»"]
TOPICS = ["витрати на рекламу в мережі Інтернет", "ремонт доріг", "бюджет участі",
          "тарифи на воду", "закупівлі електробусів", "PR-заходи міської ради",
          "капітальний ремонт школи", "штатний розпис управління", "договори оренди землі",
          "проєкти благоустрою дворів", "кошторис Дня міста", "медичні закупівлі"]
CHANNELS = [("email", 38), ("portal", 22), ("post", 18), ("website", 8), ("in_person", 7),
            ("phone", 5), ("fax", 2)]
CATEGORIES = [("individual", 72), ("media", 12), ("legal_entity", 9), ("association", 7)]


def _pick(rng: random.Random, weighted):
    return rng.choices([k for k, _ in weighted], [w for _, w in weighted])[0]


def _ensure_staff(rng: random.Random) -> dict[str, list[int]]:
    """A council's staff: 3 clerks, 12 executors, 2 heads (created if missing)."""
    wanted = {Role.CLERK: 3, Role.EXECUTOR: 12, Role.HEAD: 2}
    staff = {}
    for role, count in wanted.items():
        have = list(db.session.scalars(select(User.id).where(User.role == role)))
        for i in range(len(have), count):
            user = User(email=f"{role.value}{i + 1}@demo.zapyt.example",
                        name=f"{rng.choice(GIVEN)[0]} {rng.choice(SURNAMES)}", role=role,
                        position="Начальник відділу" if role == Role.EXECUTOR else "Діловод",
                        phone="48-11-85")
            user.set_password(secrets.token_urlsafe(16))
            db.session.add(user)
            db.session.flush()
            have.append(user.id)
        staff[role.value] = have
    return staff


def _next_id(model) -> int:
    return (db.session.scalar(select(func.max(model.id))) or 0) + 1


#: The other areas' bulk builders, run after a bulk load when their module is there.
DERIVED_BUILDERS = (("tracker.search", "reindex_all"), ("tracker.reports.summary", "rebuild"))


def bulk_insert(table, rows: list[dict]) -> None:
    """``rows`` (dicts with the same keys) into ``table``: one ``COPY`` on PostgreSQL (several
    times faster than INSERT at a million rows), one multi-row INSERT elsewhere."""
    if not rows:
        return
    if db.engine.dialect.name != "postgresql":
        db.session.execute(insert(table), rows)
        return
    columns = list(rows[0])
    as_json = {c for c in columns if isinstance(table.c[c].type, JSON)}
    raw = db.session.connection().connection.driver_connection
    with raw.cursor() as cur, cur.copy(
            f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([json.dumps(row[c], ensure_ascii=False)
                            if c in as_json and row[c] is not None else row[c] for c in columns])


def rebuild_derived(session) -> list[str]:
    """Run the bulk builders of ``DERIVED_BUILDERS`` that exist; the names of those run."""
    done = []
    for module_name, function in DERIVED_BUILDERS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name and module_name.startswith(exc.name):
                continue  # that area has no such builder (yet)
            raise
        if hasattr(module, function):
            getattr(module, function)(session)
            done.append(f"{module_name}.{function}")
    return done


def generate(requests: int, seed: int = 1, batch: int = 5000, progress=None,
             records: int = 300, derived: bool = True) -> dict:
    """Add ``requests`` requests (and what goes with them) and ``records`` activity records,
    then (``derived``) run the derived builders; returns the counts added and those run."""
    rng = random.Random(seed)
    settings = current_settings()
    cal = WorkCalendar()
    staff = _ensure_staff(rng)
    categories = {c.slug: c.id for c in db.session.scalars(select(Category))}
    now = utcnow()
    today = now.astimezone(KYIV).date()
    start = now - dt.timedelta(days=5 * 365)

    # Activity records: what letters are drafted from.
    rec_id = _next_id(ActivityRecord)
    wanted_records, records = records, []
    for i in range(wanted_records):
        slug = rng.choice(DEFAULT_CATEGORIES)[0]
        planned = rng.randrange(10, 500) * 1000
        topic = rng.choice(TOPICS)
        records.append({"id": rec_id + i, "measure": f"Захід {i + 1}: {topic}",
                        "text": f"Проведено {rng.randrange(2, 60)} заходів; {rng.choice(TOPICS)}.",
                        "category_id": categories.get(slug), "planned": planned,
                        "financed": round(planned * rng.uniform(0, 1), 2), "quantities": [],
                        "tags": [], "search_text": f"захід {i + 1} {topic}",
                        "created_at": now, "updated_at": now})
    for offset in range(0, len(records), batch):
        bulk_insert(ActivityRecord.__table__, records[offset:offset + batch])

    counters = {y: v for y, v in db.session.execute(select(IndexCounter.year, IndexCounter.value))}
    req_id, rqr_id, ev_id, let_id = (_next_id(Request), _next_id(Requester), _next_id(Event),
                                     _next_id(Letter))
    due_cache: dict[dt.date, dt.date] = {}
    added = {"requests": 0, "events": 0, "letters": 0}
    moments = sorted(start + dt.timedelta(seconds=rng.randrange(int((now - start).total_seconds())))
                     for _ in range(requests))
    for offset in range(0, requests, batch):
        reqs, rqrs, events, letters, links = [], [], [], [], []
        for received in moments[offset:offset + batch]:
            local = received.astimezone(KYIV)
            if rng.random() < 0.8:
                given, gender = rng.choice(GIVEN)
                name, category = f"{rng.choice(SURNAMES)} {given}", "individual"
            else:
                name, gender = rng.choice(ORGS), None
                category = _pick(rng, CATEGORIES[1:])
            channel = _pick(rng, CHANNELS)
            year = local.year
            counters[year] = counters.get(year, 0) + 1
            seq = counters[year]
            number = format_index(settings.index_pattern, seq=seq, year=year,
                                  letter=initial_letter(name), dept=settings.index_dept,
                                  suffix=settings.index_suffix)
            day = local.date()
            if day not in due_cache:
                due_cache[day] = dl.standard_due(received, cal, settings.rules)
            standard = due_cache[day]
            due, status, outcome = standard, "in_progress", None
            extended_on = answered_on = closed_on = deferred_on = None
            age = (today - day).days
            roll = rng.random()
            if roll < 0.05 and age > 3:
                extended_on = cal.add_working_days(day, rng.randrange(1, 5))
                due, status = dl.extended_due(received, cal, settings.rules), "extended"
            elif roll < 0.06 and age > 3:
                deferred_on = cal.add_working_days(day, 2)
                due, status = deferred_on + dt.timedelta(days=30), "deferred"
            if age > 25 or (age > 3 and rng.random() < 0.6):
                late = rng.random() < 0.07
                answered_on = cal.add_working_days(day, rng.randrange(1, 5) + (6 if late else 0))
                if answered_on > today:
                    answered_on = None
            if answered_on:
                outcome = _pick(rng, [("full", 78), ("partial", 10), ("refused", 8),
                                      ("forwarded", 4)])
                status = {"full": "answered", "partial": "answered", "refused": "refused",
                          "forwarded": "forwarded"}[outcome]
                if age > 40 and rng.random() < 0.9:
                    status, closed_on = "closed", answered_on + dt.timedelta(days=rng.randrange(1, 10))
            executor = rng.choice(staff["executor"]) if rng.random() < 0.97 or answered_on else None
            subject = rng.choice(TOPICS).capitalize()
            email = None if channel == "post" else f"user{rqr_id}@example.org"
            if channel == "portal":
                email = f"foi+request-{req_id}-{rng.getrandbits(32):08x}@dostup.pravda.com.ua"
            rqrs.append({"id": rqr_id, "name": name, "category": category, "gender": gender,
                         "email": email, "postal_address": "м. Житомир" if channel == "post" else None,
                         "created_at": received, "updated_at": received})
            reqs.append({"id": req_id, "registration_number": number, "reg_year": year,
                         "reg_seq": seq, "requester_id": rqr_id, "channel": channel,
                         "received_at": received, "received_date": day,
                         "registered_by_id": rng.choice(staff["clerk"]), "subject": subject,
                         "text": f"Прошу надати інформацію: {subject.lower()}.", "signed": True,
                         "urgent": False, "missing_items": [], "executor_id": executor,
                         "status": status if executor or answered_on else "new",
                         "outcome": outcome, "due_date": due, "standard_due_date": standard,
                         "extended_on": extended_on, "deferred_on": deferred_on,
                         "refusal_ground": "not_holder" if outcome == "refused" else None,
                         "answered_on": answered_on, "closed_on": closed_on,
                         "portal_address": email if channel == "portal" else None,
                         "search_text": f"{number} {subject} {name} {email or ''}".casefold(),
                         "version": 1, "created_at": received, "updated_at": received})
            events.append({"id": ev_id, "at": received, "entity_type": "request",
                           "entity_id": req_id, "request_id": req_id, "action": "registered",
                           "after": {"registration_number": number, "due_date": due.isoformat()}})
            ev_id += 1
            if answered_on:
                events.append({"id": ev_id, "at": received + dt.timedelta(days=1),
                               "entity_type": "request", "entity_id": req_id,
                               "request_id": req_id, "action": "answered",
                               "after": {"answered_on": answered_on.isoformat()}})
                ev_id += 1
                if rng.random() < 0.15:
                    chosen = rng.sample(records, 2)
                    letters.append({"id": let_id, "request_id": req_id, "kind": "answer",
                                    "status": "sent", "version": 1, "number": number,
                                    "date": answered_on, "fields": {"result": "full"},
                                    "activity_ids": [r["id"] for r in chosen],
                                    "content": {"kind": "answer", "generated": True},
                                    "created_at": received, "updated_at": received})
                    links += [{"letter_id": let_id, "activity_id": r["id"]} for r in chosen]
                    let_id += 1
            req_id += 1
            rqr_id += 1
        bulk_insert(Requester.__table__, rqrs)
        bulk_insert(Request.__table__, reqs)
        bulk_insert(Event.__table__, events)
        bulk_insert(Letter.__table__, letters)
        bulk_insert(LetterActivity.__table__, links)
        added["requests"] += len(reqs)
        added["events"] += len(events)
        added["letters"] += len(letters)
        if progress:
            progress(added["requests"], requests)
    for year, value in counters.items():
        row = db.session.get(IndexCounter, year)
        if row is None:
            db.session.add(IndexCounter(year=year, value=value))
        else:
            row.value = value
    if db.engine.dialect.name == "postgresql":
        from .backup import _reset_sequences, _tables
        db.session.flush()
        _reset_sequences(_tables())
    db.session.flush()
    added["derived"] = rebuild_derived(db.session) if derived else []
    return added
