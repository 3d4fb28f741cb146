"""The leader lock and two real scheduler processes on one database."""
import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from tests.factories import register
from tracker.core.timeutil import KYIV
from tracker.extensions import db
from tracker.outbox.models import OutboxMessage, OutboxState
from tracker.reminders.models import SentReminder
from tracker.reminders.scheduler import LeaderLock

ROOT = Path(__file__).resolve().parents[2]


def test_leader_lock_admits_one_holder_at_a_time(app, database_url, tmp_path):
    a, b = LeaderLock(database_url, str(tmp_path)), LeaderLock(database_url, str(tmp_path))
    try:
        assert a.acquire() and a.still_held()
        assert not b.acquire()
        a.release()
        assert b.acquire() and b.still_held()
    finally:
        a.release()
        b.release()


def _urgent(users, hours_ago: float):
    received = dt.datetime.now(KYIV) - dt.timedelta(hours=hours_ago)
    return register(users["clerk"], urgent=True, urgent_reason="Аварія",
                    received_at=received.isoformat(), executor=users["executor"].email)


def _start(database_url, smtp_port, instance):
    env = {**os.environ, "DATABASE_URL": database_url, "MAIL_SERVER": "127.0.0.1",
           "MAIL_PORT": str(smtp_port), "SCHEDULER_DELIVER_SECONDS": "1",
           "SCHEDULER_SWEEP_SECONDS": "1", "SCHEDULER_LEADER_RETRY_SECONDS": "0.5",
           "INSTANCE_PATH": str(instance), "SECRET_KEY": "test"}
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", "app", "scheduler"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def _stop(proc) -> str:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    try:
        _, err = proc.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate()
    return err


def test_two_scheduler_processes_deliver_each_reminder_once(app, users, smtp_server,
                                                           database_url, tmp_path):
    for u in users.values():
        u.digest_enabled = False  # count reminders only
    db.session.commit()
    _urgent(users, hours_ago=46)  # 2 hours left: the 4-hour reminder is due
    _urgent(users, hours_ago=30)  # 18 hours left: the 24-hour reminder is due
    procs = [_start(database_url, smtp_server.port, tmp_path) for _ in range(2)]
    try:
        assert smtp_server.wait_for(2, timeout=60), "no reminders delivered"
        time.sleep(4)  # several more sweeps and deliveries by whoever leads
        assert len(smtp_server.messages) == 2
        ids = {m["Message-ID"] for m in smtp_server.messages}
        assert len(ids) == 2
        subjects = sorted(str(m["Subject"]) for m in smtp_server.messages)
        # What is really left when the sweep ran (not the stage's name); spaces aside, which
        # the stdlib's header folding may drop between encoded words.
        both = "".join((subjects[0] + subjects[1]).split())
        assert "(через1годину" in both and "(через17годин" in both

        # The leader dies without a word; the other process takes over.
        leader = next(p for p in procs if _is_leader(p, tmp_path))
        leader.kill()
        leader.wait(10)
        _urgent(users, hours_ago=46.5)
        assert smtp_server.wait_for(3, timeout=60), "no process took over"
        time.sleep(2)
        assert len(smtp_server.messages) == 3
    finally:
        logs = [_stop(p) for p in procs]
    assert sum("ведучий" in log for log in logs) >= 2  # one led, then the other
    db.session.expire_all()
    assert db.session.scalar(select(func.count(SentReminder.id))) == 3
    assert set(db.session.scalars(select(OutboxMessage.state))) == {OutboxState.SENT}


def _is_leader(proc, instance) -> bool:
    note = instance / "scheduler.leader"
    return note.exists() and note.read_text().split()[0] == str(proc.pid)
