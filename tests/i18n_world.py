"""A seeded world for the language checks: one request in each status, a letter of each kind,
an intake item, an activity report, an outbox message, a calendar override.

What people type (names, subjects, texts, mail) is written in Latin letters here, so that any
Cyrillic letter an English page shows is either the interface (a bug) or content that is
Ukrainian by law or nature (letters, the council's name), which the page marks lang="uk".
"""
from __future__ import annotations

import datetime as dt
from email.message import EmailMessage

import time_machine
from flask import current_app
from sqlalchemy import select

from tests.activities import builders
from tests.factories import register, with_information
from tracker.activities import operations as activity_ops
from tracker.activities.models import ActivityRecord, Category, Report
from tracker.core.timeutil import KYIV
from tracker.extensions import db
from tracker.intake.receiving import take_in
from tracker.letters import operations as letter_ops
from tracker.outbox.queueing import queue_message
from tracker.register import operations as ops
from tracker.register.models import CalendarOverride, Outcome, RefusalGround

#: Report rows in Latin letters (the column titles stay the report form's Ukrainian ones:
#: the importer recognises them).
ROWS = [
    ["1", "Partnership with twin cities", "Official delegations received", "2018-2020",
     "Public relations office", "180 000,00", "89 379,95", "49,6 %", "Delegations received"],
    ["2", "Television coverage", "Comments given on television", "2018-2020",
     "Public relations office", "200 000,00", "190 000,00", "95 %", "45 video stories made"],
]
NAMES = {"clerk": "Olena Clerkson", "executor": "Ivan Executor", "head": "Natalia Headley",
         "admin": "Adam Admin"}


def report_csv() -> bytes:
    """A programme report (CSV) whose figures and texts are in Latin letters."""
    return builders.to_csv(builders.table(rows=ROWS, totals=False), heading=False)


def incoming_mail(subject: str = "Budget figures 2018") -> bytes:
    """A request by e-mail with a PDF attached, in Latin letters."""
    msg = EmailMessage()
    msg["From"] = "Ivan Petrenko <ivan.petrenko@example.org>"
    msg["To"] = "foi@rada.example.org"
    msg["Subject"] = subject
    msg["Date"] = "Mon, 02 Apr 2018 09:15:00 +0300"
    msg["Message-ID"] = f"<{abs(hash(subject))}@example.org>"
    msg.set_content("Good day,\nplease send me the city budget figures for 2018.\n"
                    "Ivan Petrenko, Zhytomyr, 10014")
    msg.add_attachment(b"%PDF-1.4\n%%EOF\n", maintype="application", subtype="pdf",
                       filename="scan.pdf")
    return bytes(msg)


def _latin_people(users) -> None:
    for role, user in users.items():
        user.name = NAMES.get(role, f"Test {role}")
        user.position = "Officer"
    for n, category in enumerate(db.session.scalars(select(Category)), start=1):
        category.name = f"Category {n}"  # seeded categories are data an admin renames


def build_world(users) -> dict:
    """Everything a route can name, ids in lists (one request per status, one letter per
    kind …); committed."""
    _latin_people(users)
    current_app.config["INDEX_SUFFIX"] = "in"  # the council's own index suffix: data
    clerk, head, executor = users["clerk"], users["head"], users["executor"]
    report, _ = activity_ops.import_report(head, report_csv(), "report.csv",
                                           programme="Effective government programme",
                                           period="9 months of 2018")
    db.session.commit()

    def req(**kw):
        kw.setdefault("executor", executor.email)
        return register(clerk, requester={"name": "Krasnovska Ya."},
                        subject="PR events of the city council",
                        text="Please provide information about PR events.", **kw)

    requests, letters = {}, {}
    with time_machine.travel(dt.datetime(2018, 3, 29, 12, tzinfo=KYIV), tick=False):
        requests["new"] = req(executor=None)
        requests["in_progress"] = req()
        requests["extended"] = ops.extend(clerk, req(), "A large volume of documents")
        requests["deferred"] = ops.defer(clerk, req(), dt.date(2018, 5, 10), "A flood")
        requests["answered"] = ops.answer(clerk, req(), Outcome.FULL, dt.date(2018, 3, 29))
        requests["refused"] = ops.refuse(clerk, req(), RefusalGround.NOT_HOLDER, "Not held")
        requests["forwarded"] = ops.forward(clerk, req(), "Regional administration",
                                            "oda@example.org")
        closed = ops.answer(clerk, req(), Outcome.PARTIAL, dt.date(2018, 3, 29))
        requests["closed"] = ops.close(clerk, closed)
        db.session.commit()
        target = requests["in_progress"]
        fields = {
            "answer": {}, "extension": {"reason": "A large volume of documents"},
            "forwarding": {"holder_name": "Regional administration",
                           "holder_address": "oda@example.org",
                           "holder_reason": "The administration holds the data"},
            "refusal": {"ground": "not_holder", "explanation": "The council does not hold it"},
            "deferral": {"reason": "A flood", "new_date": "2018-05-10"},
            "invoice": {"pages": 25, "format": "a4"}}
        for kind, f in fields.items():
            letters[kind] = letter_ops.create_letter(head, target, kind, f, [])
            db.session.commit()
        letters["forwarding_holder"] = letters["forwarding"].companion
        item = take_in(clerk, incoming_mail(), "upload").item
        db.session.add(CalendarOverride(day=dt.date(2026, 12, 31), is_working=False,
                                        note="Council day off"))
        message = queue_message(kind="reminder", recipients=["x@example.org"],
                                subject="Term reminder", body_text="A reminder.")
        db.session.commit()
        # The public side: an answer posted and published, and a status link.
        from tracker.disclosure import operations as disclosure_ops
        from tracker.public import codes
        published = register(clerk, executor=executor.email,
                             requester={"name": "Krasnovska Ya.", "email": "",
                                        "postal_address": "12 Velyka Berdychivska St, Zhytomyr"},
                             channel="post",
                             subject="PR events of the city council",
                             text="Please provide information about PR events.")
        answer = letter_ops.create_letter(head, published, "answer", {}, [])
        with_information(head, answer)
        letter_ops.finalize(head, answer)
        disclosure_ops.send(head, answer)  # a postal-only requester: "to print"
        disclosure_ops.mark_posted(head, answer, publish_it=True)
        code = codes.issue(published, "confirmation")
        db.session.commit()
    public_queries = {"public.status": [f"?code={code}"]}
    return {"requests": requests, "letters": letters, "item": item, "message": message,
            "published": published, "public_queries": public_queries,
            "report": report, "users": users,
            "record": db.session.scalars(select(ActivityRecord)).first(),
            "category": db.session.scalars(select(Category)).first(),
            "reports": db.session.scalars(select(Report)).all()}
