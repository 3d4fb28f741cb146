"""Sweeps, the outbox and delivery, against a real SMTP server on loopback."""
import datetime as dt
import threading

import pytest
import time_machine
from sqlalchemy import select

from tests.factories import at
from tests.conftest import make_app
from tests.factories import register
from tracker.extensions import db
from tracker.register import operations as register_ops
from tracker.outbox.models import OutboxMessage, OutboxState
from tracker.reminders.models import SentReminder
from tracker.outbox.delivery import deliver_due, retry
from tracker.outbox.queueing import queue_message
from tracker.reminders.sweep import queue_digests, queue_reminders




def subjects(server):
    return [str(m["Subject"]) for m in server.messages]


def squeeze(text: str) -> str:
    """Without whitespace: the stdlib's header folding can drop a space between two
    encoded words (CPython's email package), which is not what these tests are about."""
    return "".join(text.split())


def sweep_and_deliver(moment):
    with time_machine.travel(moment, tick=False):
        queued = queue_reminders() + queue_digests()
        db.session.commit()
        result = deliver_due()
    return queued, result


@pytest.fixture
def quiet_users(users):
    """No digests unless a test wants them: the reminders alone are counted."""
    for u in users.values():
        u.digest_enabled = False
    db.session.commit()
    return users


def test_reminder_schedule_across_a_weekend_and_a_holiday(quiet_users, smtp_server):
    users = quiet_users
    with time_machine.travel(at(2018, 4, 6, 10), tick=False):  # Friday before Easter
        req = register(users["clerk"], received_at="2018-04-06T10:00",
                       executor=users["executor"].email)
    assert req.due_date == dt.date(2018, 4, 16)
    timeline = []
    day = dt.date(2018, 4, 6)
    while day <= dt.date(2018, 4, 18):
        for hour in (8, 13):  # two sweeps a day: the second must add nothing
            before = len(smtp_server.messages)
            sweep_and_deliver(at(day.year, day.month, day.day, hour))
            timeline += [(day.isoformat(), squeeze(str(m["Subject"])))
                         for m in smtp_server.messages[before:]]
        day += dt.timedelta(days=1)
    # Thursday and Friday before, nothing at the weekend or on Easter Monday (09.04), the
    # due day, then an escalation each working day after it.
    assert [d for d, _ in timeline] == ["2018-04-12", "2018-04-13", "2018-04-13", "2018-04-16",
                                        "2018-04-17", "2018-04-18"]
    # Thursday: two working days left; Friday: one (Monday is not "tomorrow").
    assert squeeze("— через 2 робочі дні (16.04.2018)") in timeline[0][1]
    assert sorted(s for d, s in timeline if d == "2018-04-13") == [squeeze(s) for s in (
        "Запит № 25/К-1із: продовжити строк можна лише до 16.04.2018 включно "
        "(через 1 робочий день)",
        "Нагадування: строк відповіді на запит № 25/К-1із — через 1 робочий день (16.04.2018)")]
    assert squeeze("— сьогодні (16.04.2018)") in timeline[3][1]
    assert timeline[4][1] == squeeze("Запит № 25/К-1із: прострочено на 1 робочий день "
                                     "(строк був 16.04.2018)")
    assert squeeze("прострочено на 2 робочі дні") in timeline[5][1]
    escalation = smtp_server.messages[-1]
    assert sorted(smtp_server.recorder.envelopes[-1][1]) == ["executor@test.example",
                                                             "head@test.example"]
    body = escalation.get_body(preferencelist=("plain",)).get_content()
    assert f"http://zapyt.test/requests/{req.id}" in body and "25/К-1із" in body
    assert escalation["Auto-Submitted"] == "auto-generated"


def test_running_the_sweep_twice_queues_nothing_the_second_time(quiet_users, smtp_server):
    with time_machine.travel(at(2018, 4, 2, 10), tick=False):
        register(quiet_users["clerk"], received_at="2018-03-28T10:00")
    first = queue_reminders(at(2018, 4, 2, 9))
    db.session.commit()
    second = queue_reminders(at(2018, 4, 2, 9))
    assert (first, second) == (1, 0)


def test_cli_reminders_run_prints_the_count_and_is_idempotent(quiet_users, runner):
    with time_machine.travel(at(2018, 4, 2, 10), tick=False):
        register(quiet_users["clerk"], received_at="2018-03-28T10:00")
    out1 = runner.invoke(args=["reminders", "run", "--now", "2018-04-04 09:00"]).output
    out2 = runner.invoke(args=["reminders", "run", "--now", "2018-04-04 09:00"]).output
    # "due today"; the day-4 extension warning is too late on day 5: recorded, not sent.
    assert "Поставлено в чергу: 1" in out1
    assert "Поставлено в чергу: 0" in out2
    logged = db.session.execute(select(SentReminder.rule, SentReminder.outbox_id)
                                .order_by(SentReminder.rule)).all()
    assert [(rule, outbox_id is not None) for rule, outbox_id in logged] == [
        ("due_today", True), ("extension_day4", False)]
    bad = runner.invoke(args=["reminders", "run", "--now", "вчора"])
    assert bad.exit_code != 0


def test_no_reminders_for_closed_requests(quiet_users):
    with time_machine.travel(at(2018, 4, 2, 10), tick=False):
        req = register(quiet_users["clerk"], received_at="2018-03-28T10:00")
        register_ops.answer(quiet_users["head"], req, register_ops.Outcome.FULL)
        db.session.commit()
    assert queue_reminders(at(2018, 4, 4, 9)) == 0


def test_an_extension_moves_the_reminders_to_the_new_date(quiet_users):
    with time_machine.travel(at(2018, 4, 3, 10), tick=False):
        req = register(quiet_users["clerk"], received_at="2018-03-28T10:00")
        register_ops.extend(quiet_users["head"], req, "великий обсяг")
        db.session.commit()
    assert queue_reminders(at(2018, 4, 5, 9)) == 0  # not overdue: the term is 26.04
    assert queue_reminders(at(2018, 4, 24, 9)) == 1
    assert db.session.scalars(select(SentReminder.due_key)).all() == ["2018-04-26"]


def test_smtp_down_loses_nothing_and_each_message_goes_once(quiet_users, smtp_server):
    with time_machine.travel(at(2018, 4, 3, 10), tick=False):  # day 4: two reminders
        register(quiet_users["clerk"], received_at="2018-03-28T10:00")
        queue_reminders()
        db.session.commit()
    smtp_server.stop()
    down = deliver_due()
    msg = db.session.scalars(select(OutboxMessage)).first()
    assert (down.sent, down.failed) == (0, 2)
    assert msg.state == OutboxState.PENDING and "Connection refused" in msg.last_error
    assert msg.next_attempt_at > dt.datetime.now(dt.timezone.utc)  # backoff
    smtp_server.start()
    assert deliver_due().sent == 0  # the scheduler waits out the backoff…
    later = deliver_due(now=dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=5))
    assert later.sent == 2 and deliver_due(ignore_backoff=True).sent == 0
    ids = [m["Message-ID"] for m in smtp_server.messages]
    assert len(ids) == 2 and len(set(ids)) == 2
    db.session.expire_all()
    assert msg.state == OutboxState.SENT and msg.attempts == 2 and msg.last_error is None


def test_cli_deliver_reports_counts(quiet_users, smtp_server, runner):
    with time_machine.travel(at(2018, 4, 3, 10), tick=False):  # day 4: two reminders
        register(quiet_users["clerk"], received_at="2018-03-28T10:00")
        queue_reminders()
        db.session.commit()
    smtp_server.stop()
    assert runner.invoke(args=["outbox", "deliver"]).output.startswith("sent: 0, failed: 2")
    smtp_server.start()
    assert runner.invoke(args=["outbox", "deliver"]).output.startswith("sent: 2, failed: 0")
    assert len(smtp_server.messages) == 2


def test_backoff_grows_and_the_last_attempt_fails_for_an_admin_to_retry(app, users,
                                                                       smtp_server):
    app.config.update(OUTBOX_MAX_ATTEMPTS=3, OUTBOX_BACKOFF_SECONDS=60)
    queue_message(kind="reminder", recipients=["a@test.example"], subject="x", body_text="y")
    db.session.commit()
    smtp_server.stop()
    now = dt.datetime.now(dt.timezone.utc)
    waits = []
    for _ in range(3):
        deliver_due(now=now, ignore_backoff=True)
        msg = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "reminder")).one()
        waits.append(round((msg.next_attempt_at - now).total_seconds()))
    assert waits[:2] == [60, 120]
    assert msg.state == OutboxState.FAILED and msg.attempts == 3
    # The admins are told, through the outbox too (it goes once the server is back).
    notice = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "notice")).one()
    assert notice.recipients == [users["admin"].email] and "x" in notice.body_text
    retry(users["admin"], msg)
    db.session.commit()
    smtp_server.start()
    assert deliver_due(ignore_backoff=True).sent == 2 and len(smtp_server.messages) == 2


def test_two_workers_at_once_send_each_message_once(app, users, smtp_server, database_url):
    for i in range(40):
        queue_message(kind="reminder", recipients=[f"u{i}@test.example"], subject=f"m{i}",
                      body_text="x")
    db.session.commit()
    worker_app = make_app(database_url)
    worker_app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port)
    results, barrier = [], threading.Barrier(2)

    def worker():
        with worker_app.app_context():
            barrier.wait()
            results.append(deliver_due())
            db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    [t.start() for t in threads]
    [t.join(60) for t in threads]
    with worker_app.app_context():
        db.engine.dispose()
    assert sum(r.sent for r in results) == 40
    assert sorted(str(m["Subject"]) for m in smtp_server.messages) == sorted(
        f"m{i}" for i in range(40))


def test_digest_once_per_working_day_after_0830_and_opt_out(users, smtp_server):
    with time_machine.travel(at(2018, 4, 2, 10), tick=False):
        register(users["clerk"], received_at="2018-03-28T10:00")
    users["head"].digest_enabled = False
    db.session.commit()
    assert queue_digests(at(2018, 4, 3, 8, 29)) == 0
    assert queue_digests(at(2018, 4, 3, 8, 30)) == 1  # the clerk; the head opted out
    assert queue_digests(at(2018, 4, 3, 12, 0)) == 0
    assert queue_digests(at(2018, 4, 7, 9, 0)) == 0  # Saturday
    db.session.commit()
    assert deliver_due().sent == 1
    digest = smtp_server.messages[0]
    assert smtp_server.recorder.envelopes[0][1] == ["clerk@test.example"]
    assert "строк сьогодні" in digest.get_body(preferencelist=("plain",)).get_content()


def test_outbox_page_and_retry_for_admins_only(client, users, login):
    queue_message(kind="reminder", recipients=["a@test.example"], subject="Тема <b>",
                  body_text="x")
    db.session.commit()
    msg = db.session.scalars(select(OutboxMessage)).one()
    msg.state, msg.last_error = OutboxState.FAILED, "SMTP 550"
    db.session.commit()
    login(users["head"])
    assert client.get("/admin/outbox").status_code == 403
    client.post("/logout", data={"csrf_token": _token(client)})
    login(users["admin"])
    page = client.get("/admin/outbox?state=failed").get_data(as_text=True)
    assert "SMTP 550" in page and "Тема &lt;b&gt;" in page
    r = client.post(f"/admin/outbox/{msg.id}/retry", data={"csrf_token": _token(client)},
                    follow_redirects=True)
    assert "знову в черзі" in r.get_data(as_text=True)
    db.session.expire_all()
    assert msg.state == OutboxState.PENDING and msg.attempts == 0


def test_notification_settings(client, users, login):
    login(users["clerk"])
    r = client.post("/settings/notifications", data={"csrf_token": _token(client)},
                    follow_redirects=True)
    assert "збережено" in r.get_data(as_text=True)
    db.session.expire_all()
    assert users["clerk"].digest_enabled is False


def test_request_page_shows_the_reminders(client, quiet_users, login):
    users = quiet_users
    with time_machine.travel(at(2018, 4, 2, 10), tick=False):
        req = register(users["clerk"], received_at="2018-03-28T10:00")
        queue_reminders()
        db.session.commit()
        login(users["clerk"])
        page = client.get(f"/requests/{req.id}").get_data(as_text=True)
    assert "За 2 робочі дні до строку" in page and "у черзі" in page


def _token(client):
    from tests.factories import csrf_token
    return csrf_token(client)


def test_a_batch_that_races_another_sweep_keeps_all_but_what_the_other_queued(quiet_users):
    """The unique log key fails the chunk's batch; it is redone one by one, skipping the
    reminder another sweep logged in between, and nothing is queued twice."""
    from tracker.reminders.rules import Due
    from tracker.reminders.sweep import _queue_batch
    with time_machine.travel(at(2018, 4, 2, 10), tick=False):
        reqs = [register(quiet_users["clerk"], received_at="2018-03-28T10:00") for _ in range(3)]
        due = Due(rule="due_today", key="2018-04-04", fire_at=at(2018, 4, 4), audience="executor")
        db.session.add(SentReminder(request_id=reqs[1].id, rule=due.rule, due_key=due.key))
        db.session.commit()
        mails = [(r, due, ["x@example.com"], f"S{r.id}", "t", "<p>h</p>") for r in reqs]
        assert _queue_batch(mails) == 2
        db.session.commit()
    logged = db.session.scalars(select(SentReminder.request_id).order_by(SentReminder.id)).all()
    assert sorted(logged) == sorted(r.id for r in reqs)
    outbox = db.session.scalars(select(OutboxMessage.subject)).all()
    assert sorted(outbox) == sorted(f"S{r.id}" for r in (reqs[0], reqs[2]))
