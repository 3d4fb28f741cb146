"""APScheduler 3 with a leader lock: any number of processes may start it, one fires.

The leader holds a PostgreSQL advisory lock on a connection of its own (released by the
server the moment that process dies), or on SQLite an exclusive file lock in instance/.
The others retry every few seconds and take over when the leader is gone.
"""
from __future__ import annotations

import logging
import threading
from pathlib import Path

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from filelock import FileLock, Timeout
from flask import Flask
from sqlalchemy import create_engine, text

from . import jobs

log = logging.getLogger(__name__)
#: Arbitrary constant naming our advisory lock ("zapyt" in ASCII).
ADVISORY_KEY = 0x7A61707974


class LeaderLock:
    """Non-blocking leadership: ``acquire()`` → bool, ``still_held()``, ``release()``."""

    def __init__(self, database_url: str, instance_path: str):
        self.url = database_url
        self.postgres = database_url.startswith("postgresql")
        self._conn = None
        self._engine = None
        self._file = None if self.postgres else FileLock(str(Path(instance_path) / "scheduler.lock"))

    def acquire(self) -> bool:
        if not self.postgres:
            try:
                self._file.acquire(timeout=0)
                return True
            except Timeout:
                return False
        try:
            if self._engine is None:
                self._engine = create_engine(self.url, pool_size=1, max_overflow=0,
                                             pool_pre_ping=True)
            self._conn = self._engine.connect()
            got = self._conn.execute(text("SELECT pg_try_advisory_lock(:k)"),
                                     {"k": ADVISORY_KEY}).scalar()
            self._conn.commit()
            if not got:
                self._conn.close()
                self._conn = None
            return bool(got)
        except Exception:  # noqa: BLE001 — the database is away: not the leader now
            log.exception("leader lock: cannot reach the database")
            self._conn = None
            return False

    def still_held(self) -> bool:
        if not self.postgres:
            return self._file.is_locked
        if self._conn is None:
            return False
        try:
            self._conn.execute(text("SELECT 1"))
            self._conn.commit()
            return True
        except Exception:  # noqa: BLE001 — connection lost: the lock went with it
            self._conn = None
            return False

    def release(self) -> None:
        if not self.postgres:
            if self._file.is_locked:
                self._file.release()
            return
        if self._conn is not None:
            try:
                self._conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": ADVISORY_KEY})
                self._conn.commit()
                self._conn.close()
            except Exception:  # noqa: BLE001
                pass
            self._conn = None
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


def build_scheduler(app: Flask) -> BackgroundScheduler:
    cfg = app.config
    scheduler = BackgroundScheduler(
        timezone=cfg["TIMEZONE"],
        # A job late by minutes (a busy machine) still runs; missed runs coalesce into one.
        job_defaults={"coalesce": True, "misfire_grace_time": 3600, "max_instances": 1})
    scheduler.add_job(jobs.deliver_job, "interval", seconds=cfg["SCHEDULER_DELIVER_SECONDS"],
                      args=[app], id="deliver")
    scheduler.add_job(jobs.sweep_job, "interval", seconds=cfg["SCHEDULER_SWEEP_SECONDS"],
                      args=[app], id="sweep")
    hh, mm = cfg["DIGEST_TIME"].split(":")
    scheduler.add_job(jobs.digest_job, CronTrigger(day_of_week="mon-sat", hour=int(hh),
                                                   minute=int(mm), timezone=cfg["TIMEZONE"]),
                      args=[app], id="digest")  # Saturdays too: some are working days
    if cfg.get("IMAP_HOST"):
        scheduler.add_job(jobs.poll_job, "interval", seconds=cfg["SCHEDULER_POLL_SECONDS"],
                          args=[app], id="poll")
    return scheduler


def run_as_leader(app: Flask, stop: threading.Event, retry_seconds: float = 5.0,
                  on_leader=None) -> None:
    """Wait to become the leader, run the jobs while leading, step down when the lock is
    lost; until ``stop`` is set."""
    lock = LeaderLock(app.config["SQLALCHEMY_DATABASE_URI"], app.instance_path)
    try:
        while not stop.is_set():
            if not lock.acquire():
                stop.wait(retry_seconds)
                continue
            log.info("scheduler: this process is the leader")
            _write_leader_note(app)
            if on_leader:
                on_leader()
            scheduler = build_scheduler(app)
            scheduler.start()
            # Run the sweep and delivery at once: a restart catches up without waiting.
            for job_id in ("sweep", "deliver"):
                scheduler.modify_job(job_id, next_run_time=_now(app))
            while not stop.is_set() and lock.still_held():
                stop.wait(retry_seconds)
            scheduler.shutdown(wait=True)
            log.info("scheduler: stepped down")
    finally:
        lock.release()


def _write_leader_note(app: Flask) -> None:
    """instance/scheduler.leader: which process leads (for operators, and the tests)."""
    import os
    import socket
    note = Path(app.instance_path) / "scheduler.leader"
    note.write_text(f"{os.getpid()} {socket.gethostname()} {_now(app).isoformat()}\n")


def _now(app: Flask):
    import datetime as dt
    from zoneinfo import ZoneInfo
    return dt.datetime.now(ZoneInfo(app.config["TIMEZONE"]))


def start_in_background(app: Flask) -> threading.Event:
    """For the dev server (`make run`): the same leader loop in a daemon thread."""
    stop = threading.Event()
    threading.Thread(target=run_as_leader, args=(app, stop), daemon=True,
                     name="zapyt-scheduler").start()
    return stop
