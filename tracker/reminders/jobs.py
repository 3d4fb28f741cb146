"""The scheduler's fixed jobs. Each runs in an app context, commits its own work, and is
safe to run twice (exactly-once keys, row claiming), so a retry or a second process harms
nothing."""
from __future__ import annotations

import logging

from flask import Flask

from ..extensions import db
from ..intake.mailbox import MailboxSettings, poll
from ..outbox.delivery import deliver_due
from .sweep import queue_digests, queue_reminders

log = logging.getLogger(__name__)


def _run(app: Flask, name: str, work) -> None:
    with app.app_context():
        try:
            result = work()
            db.session.commit()
            log.info("job %s: %s", name, result)
        except Exception:  # noqa: BLE001 — a failed run is logged; the next one retries
            db.session.rollback()
            log.exception("job %s failed", name)
        finally:
            db.session.remove()


def deliver_job(app: Flask) -> None:
    _run(app, "deliver", deliver_due)


def sweep_job(app: Flask) -> None:
    # The digest rides along: after a night of downtime the first sweep sends it, once.
    _run(app, "sweep", lambda: (queue_reminders(), queue_digests()))


def digest_job(app: Flask) -> None:
    _run(app, "digest", queue_digests)


def poll_job(app: Flask) -> None:
    settings = MailboxSettings.from_config(app.config)
    if settings is not None:
        _run(app, "poll", lambda: poll(settings))
