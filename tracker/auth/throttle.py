"""Login throttling per (e-mail, client address) with growing delays.

After LOGIN_THROTTLE_AFTER failures for one e-mail from one address, attempts from that
address for that e-mail are not checked for LOGIN_THROTTLE_FIRST_SECONDS, doubling with each
further failure up to LOGIN_THROTTLE_MAX_SECONDS. Known and unknown e-mails are treated
exactly alike, and the account itself is never locked: its owner, from another address, logs
in as usual. (Flask-Limiter's per-address limit still caps one address over all e-mails.)
"""
from __future__ import annotations

import datetime as dt

from flask import current_app
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from ..core.models import record_event
from ..core.timeutil import utcnow
from ..extensions import client_key, db
from .models import LoginFailure, User

EMAIL_MAX = 254
ADDRESS_MAX = 64


def normalise_email(email: str | None) -> str:
    return (email or "").strip().lower()[:EMAIL_MAX]


def normalise_address(address: str | None) -> str:
    return client_key(address)[:ADDRESS_MAX]


def is_blocked(email: str, address: str, now: dt.datetime) -> bool:
    until = db.session.scalar(select(LoginFailure.blocked_until).where(
        LoginFailure.email == email, LoginFailure.address == address))
    return until is not None and until > now


def delay_after(failures: int) -> dt.timedelta | None:
    """How long attempts wait after ``failures`` failures in a row (None: not yet)."""
    cfg = current_app.config
    after = cfg["LOGIN_THROTTLE_AFTER"]
    if failures < after:
        return None
    seconds = cfg["LOGIN_THROTTLE_FIRST_SECONDS"] * 2 ** min(failures - after, 30)
    return dt.timedelta(seconds=min(seconds, cfg["LOGIN_THROTTLE_MAX_SECONDS"]))


def record_failure(email: str, address: str, now: dt.datetime, user: User | None) -> int:
    """Count one failure (atomically, also under concurrent attempts); returns the count."""
    forget = now - dt.timedelta(hours=current_app.config["LOGIN_THROTTLE_FORGET_HOURS"])
    db.session.execute(delete(LoginFailure).where(LoginFailure.last_at < forget)
                       .execution_options(synchronize_session=False))
    failures = db.session.scalar(
        update(LoginFailure)
        .where(LoginFailure.email == email, LoginFailure.address == address)
        .values(failures=LoginFailure.failures + 1, attempts=LoginFailure.attempts + 1,
                last_at=now)
        .returning(LoginFailure.failures)
        .execution_options(synchronize_session=False))
    if failures is None:
        try:
            with db.session.begin_nested():
                db.session.add(LoginFailure(email=email, address=address, failures=1,
                                            attempts=1, first_at=now, last_at=now))
            failures = 1
        except IntegrityError:  # another attempt created it meanwhile
            return record_failure(email, address, now, user)
    delay = delay_after(failures)
    if delay is not None:
        db.session.execute(update(LoginFailure)
                           .where(LoginFailure.email == email, LoginFailure.address == address)
                           .values(blocked_until=now + delay)
                           .execution_options(synchronize_session=False))
        if user is not None and failures == current_app.config["LOGIN_THROTTLE_AFTER"]:
            record_event(None, "login_throttled", "user", user.id,
                         after={"address": address, "failures": failures})
    return failures


def record_refused(email: str, address: str, now: dt.datetime) -> None:
    """An attempt during a delay: not checked, not counted towards the delay, but shown."""
    db.session.execute(update(LoginFailure)
                       .where(LoginFailure.email == email, LoginFailure.address == address)
                       .values(attempts=LoginFailure.attempts + 1, last_at=now)
                       .execution_options(synchronize_session=False))


def clear(email: str, address: str) -> None:
    """A successful login from this address forgets its failures (and only its own)."""
    db.session.execute(delete(LoginFailure).where(
        LoginFailure.email == email, LoginFailure.address == address)
        .execution_options(synchronize_session=False))


def unlock(email: str) -> int:
    """Forget every failure for ``email`` from every address; returns how many rows."""
    result = db.session.execute(delete(LoginFailure).where(
        LoginFailure.email == normalise_email(email))
        .execution_options(synchronize_session=False))
    return result.rowcount or 0


def bursts(hours: int = 1, minimum: int | None = None) -> list[dict]:
    """E-mails with at least ``minimum`` failed attempts in the last ``hours``, most first:
    how many, from how many addresses, the last one, whether the account exists."""
    minimum = current_app.config["LOGIN_THROTTLE_AFTER"] if minimum is None else minimum
    since = utcnow() - dt.timedelta(hours=hours)
    total = func.sum(LoginFailure.attempts)
    rows = db.session.execute(
        select(LoginFailure.email, total.label("failures"),
               func.count(LoginFailure.address).label("addresses"),
               func.max(LoginFailure.last_at).label("last_at"),
               func.max(LoginFailure.blocked_until).label("blocked_until"))
        .where(LoginFailure.last_at >= since)
        .group_by(LoginFailure.email).having(total >= minimum)
        .order_by(total.desc()).limit(100)).all()
    known = set(db.session.scalars(select(User.email).where(
        User.email.in_([r.email for r in rows])))) if rows else set()
    return [{"email": r.email, "failures": r.failures, "addresses": r.addresses,
             "last_at": r.last_at, "blocked_until": r.blocked_until,
             "known": r.email in known} for r in rows]


def addresses_for(email: str, hours: int = 24) -> list[LoginFailure]:
    since = utcnow() - dt.timedelta(hours=hours)
    return list(db.session.scalars(select(LoginFailure).where(
        LoginFailure.email == normalise_email(email), LoginFailure.last_at >= since)
        .order_by(LoginFailure.last_at.desc()).limit(50)))
