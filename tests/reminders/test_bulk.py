"""The set-based sweep (PostgreSQL: one statement) against the row-by-row one, and two
sweeps at once."""
import threading

import pytest
import time_machine
from sqlalchemy import delete, select, update

from tests.conftest import make_app
from tests.factories import at, register
from tracker.extensions import db
from tracker.outbox.models import OutboxMessage
from tracker.register.models import Request, Status
from tracker.reminders.models import SentReminder
from tracker.reminders.sweep import queue_reminders

TRICKY = "Тест <b>&amp;\"'@@ZV4@@ & {n} {due}"
SWEEP = at(2018, 4, 4, 10)  # Wednesday


@pytest.fixture
def corpus(users):
    """Requests at every stage on SWEEP: due today, tomorrow (and the day-4 warning),
    in two working days, overdue, urgent, extended; with and without an executor; texts
    that HTML, the markers and the subject's format would trip on."""
    for u in users.values():
        u.digest_enabled = False
    db.session.commit()
    clerk, executor = users["clerk"], users["executor"].email
    made = []
    with time_machine.travel(at(2018, 4, 4, 8, 30), tick=False):
        for day, extra in [("2018-03-28", {}), ("2018-03-29", {"executor": executor}),
                           ("2018-03-30", {"subject": TRICKY}), ("2018-03-26", {}),
                           ("2018-03-23", {"executor": executor}),
                           ("2018-03-29", {"requester": {"name": "О'Брайен & <Ко> \"М\""}}),
                           ("2018-03-28", {"subject": TRICKY, "executor": executor})]:
            made.append(register(clerk, received_at=f"{day}T10:00", **extra))
        made.append(register(clerk, received_at="2018-04-03T08:00", urgent=True,
                             urgent_reason="Аварія", executor=executor))
        made.append(register(clerk, received_at="2018-04-02T13:00", urgent=True,
                             urgent_reason="Аварія"))
        made.append(register(clerk, received_at="2018-04-02T09:00", urgent=True,
                             urgent_reason="Аварія", subject=TRICKY))
    db.session.execute(update(Request).where(Request.id == made[3].id)
                       .values(status=Status.EXTENDED))
    db.session.commit()
    return made


def written():
    """Every reminder logged, with its mail (None when skipped), outbox ids aside."""
    rows = db.session.execute(
        select(SentReminder.request_id, SentReminder.rule, SentReminder.due_key,
               OutboxMessage.kind, OutboxMessage.sender, OutboxMessage.recipients,
               OutboxMessage.subject, OutboxMessage.body_text, OutboxMessage.body_html,
               OutboxMessage.headers, OutboxMessage.state, OutboxMessage.request_id)
        .outerjoin(OutboxMessage, OutboxMessage.id == SentReminder.outbox_id)
        .order_by(SentReminder.request_id, SentReminder.rule)).all()
    return [tuple(r) for r in rows]


def forget() -> None:
    db.session.execute(delete(SentReminder))
    db.session.execute(delete(OutboxMessage))
    db.session.commit()


@pytest.mark.parametrize("moment", [SWEEP, at(2018, 4, 4, 0, 30), at(2018, 4, 3, 18)])
def test_the_set_based_sweep_writes_what_the_row_by_row_sweep_writes(corpus, moment,
                                                                     database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("the set-based sweep is PostgreSQL's")
    queued = queue_reminders(moment, set_based=True)
    db.session.commit()
    set_based = written()
    forget()
    assert queue_reminders(moment, set_based=False) == queued
    db.session.commit()
    assert written() == set_based
    assert queued == sum(1 for row in set_based if row[3] is not None)
    if moment == SWEEP:
        assert {row[1] for row in set_based} >= {"due_today", "before_1", "before_2",
                                                 "extension_day4", "overdue", "urgent_24h",
                                                 "urgent_4h"}
        assert any("&lt;b&gt;&amp;amp;&quot;&#x27;@@ZV4@@" in (row[8] or "") for row in set_based)
        assert any("О&#x27;Брайен &amp; &lt;Ко&gt; &quot;М&quot;" in (row[8] or "")
                   for row in set_based)
    assert queue_reminders(moment, set_based=True) == 0  # logged: never again


def test_two_sweeps_at_once_queue_each_reminder_once(corpus, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite has one writer at a time")
    expected = queue_reminders(SWEEP)
    db.session.rollback()
    assert expected > 5
    worker_app = make_app(database_url)
    results, barrier = [], threading.Barrier(2)

    def sweep():
        with worker_app.app_context():
            barrier.wait()
            results.append(queue_reminders(SWEEP))
            db.session.commit()
            db.session.remove()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    [t.start() for t in threads]
    [t.join(60) for t in threads]
    with worker_app.app_context():
        db.engine.dispose()
    assert sum(results) == expected
    keys = db.session.execute(select(SentReminder.request_id, SentReminder.rule,
                                     SentReminder.due_key, SentReminder.outbox_id)).all()
    assert len(keys) == len({k[:3] for k in keys})
    mails = db.session.scalars(select(OutboxMessage.id)).all()
    assert sorted(mails) == sorted(k[3] for k in keys if k[3] is not None)
    assert len(mails) == expected


def test_the_driver_insert_stores_what_the_orm_stores(app):
    """bulk._executemany converts each value as SQLAlchemy would (each column's type as the
    dialect runs it): the same stored text for moments, JSON and the state, both engines;
    and values equal in Python but not in JSON (1, True) are not taken for each other."""
    import datetime as dt

    from sqlalchemy import String, cast, insert

    from tracker.outbox.models import OutboxState
    from tracker.reminders import bulk
    table = OutboxMessage.__table__
    moment = dt.datetime(2018, 4, 6, 7, 0, tzinfo=dt.timezone.utc)  # whole seconds

    def row(n, recipients, headers):
        return {"kind": "reminder", "message_id": f"<{n}@test>", "sender": "a@test",
                "recipients": recipients, "reply_to": None, "subject": "s", "body_text": "t",
                "body_html": None, "headers": headers, "state": OutboxState.PENDING,
                "attempts": 0, "next_attempt_at": moment, "request_id": None,
                "created_at": moment, "updated_at": moment}
    db.session.execute(insert(table), [row(1, ["x@test"], {"A": 1, "B": True})])
    bulk._executemany(table, [row(2, ["x@test"], {"A": 1, "B": True}),
                              row(3, [1], {"B": True, "A": 1}), row(4, [True], {"A": True})])
    stored = {r[0]: r[1:] for r in db.session.execute(
        select(table.c.message_id, *[cast(table.c[c], String) for c in
                                     ("next_attempt_at", "created_at", "recipients", "headers",
                                      "state")]))}
    assert stored["<2@test>"] == stored["<1@test>"]
    assert stored["<3@test>"][2:4] != stored["<4@test>"][2:4]  # [1] vs [true]
    assert "true" in stored["<4@test>"][2] and "B" in stored["<3@test>"][3].split("A")[0]
