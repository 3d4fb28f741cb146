"""Users and API tokens: create, change, authenticate."""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from flask import current_app
from sqlalchemy import select

from ..core.errors import ErrorCollector, NotFound, PermissionDenied
from ..core.models import record_event
from ..core.timeutil import utcnow
from ..extensions import db
from werkzeug.security import generate_password_hash
from ..register.validation import clean_email, clean_enum, clean_text
from .models import ApiToken, Role, User

TOKEN_PREFIX = "zpt_"


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def check_password_strength(errors: ErrorCollector, password: str | None, field="password"):
    minimum = current_app.config["MIN_PASSWORD_LENGTH"]
    if not password or len(password) < minimum:
        errors.add(field, f"Пароль має містити щонайменше {minimum} символів.")
    elif len(password) > 256:
        errors.add(field, "Пароль занадто довгий (не більше 256 символів).")


def create_user(actor: User | None, *, email, name, role, password=None, position=None,
                phone=None) -> tuple[User, str | None]:
    """Create a user. Returns (user, generated password or None when one was given).

    ``actor`` None means the command line (a trusted operator); otherwise an admin.
    """
    if actor is not None and actor.role != Role.ADMIN:
        raise PermissionDenied("Лише адміністратор керує користувачами.")
    errors = ErrorCollector()
    email = clean_email(errors, "email", email)
    if email is None and "email" not in errors.errors:
        errors.add("email", "Обов'язкове поле.")
    name = clean_text(errors, "name", name, required=True, multiline=False)
    role = clean_enum(errors, "role", role, Role)
    position = clean_text(errors, "position", position, multiline=False, limit_key="name")
    phone = clean_text(errors, "phone", phone, multiline=False)
    generated = None
    if password is None:
        generated = password = secrets.token_urlsafe(12)
    check_password_strength(errors, password)
    if email and db.session.scalar(select(User.id).where(User.email == email.lower())):
        errors.add("email", "Користувач з такою адресою вже існує.")
    errors.raise_if_any()
    user = User(email=email.lower(), name=name, role=role, position=position, phone=phone)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    record_event(actor, "user_created", "user", user.id,
                 after={"email": user.email, "name": name, "role": role.value})
    return user, generated


def update_user(actor: User, user: User, *, name, role, position, phone, active,
                password=None) -> User:
    if actor.role != Role.ADMIN:
        raise PermissionDenied("Лише адміністратор керує користувачами.")
    errors = ErrorCollector()
    name = clean_text(errors, "name", name, required=True, multiline=False)
    role = clean_enum(errors, "role", role, Role)
    position = clean_text(errors, "position", position, multiline=False, limit_key="name")
    phone = clean_text(errors, "phone", phone, multiline=False)
    if password:
        check_password_strength(errors, password)
    if user.id == actor.id and (not active or role != Role.ADMIN):
        errors.add("role", "Не можна зняти з себе роль адміністратора чи вимкнути себе.")
    errors.raise_if_any()
    before = {"name": user.name, "role": user.role.value, "active": user.active,
              "position": user.position, "phone": user.phone}
    user.name, user.role, user.position, user.phone, user.active = (
        name, role, position, phone, bool(active))
    if password:
        user.set_password(password)
    after = {"name": user.name, "role": user.role.value, "active": user.active,
             "position": user.position, "phone": user.phone, "password_changed": bool(password)}
    record_event(actor, "user_updated", "user", user.id, before=before, after=after)
    return user


class AccountLocked(Exception):
    def __init__(self, until: dt.datetime):
        super().__init__(until.isoformat())
        self.until = until


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None.

    After LOGIN_LOCKOUT_THRESHOLD wrong passwords in a row the account is locked for
    LOGIN_LOCKOUT_MINUTES (AccountLocked), even for the right password; the caller commits
    the counters. Unknown e-mails cost the same time and reveal nothing.
    """
    user = db.session.scalar(select(User).where(User.email == (email or "").strip().lower()))
    if user is None:
        User(password_hash=_DUMMY_HASH).check_password(password or "")
        return None
    now = utcnow()
    if user.locked_until and user.locked_until > now:
        raise AccountLocked(user.locked_until)
    if not user.check_password(password or "") or not user.active:
        user.failed_logins = (user.failed_logins or 0) + 1
        cfg = current_app.config
        if user.failed_logins >= cfg["LOGIN_LOCKOUT_THRESHOLD"]:
            user.locked_until = now + dt.timedelta(minutes=cfg["LOGIN_LOCKOUT_MINUTES"])
            user.failed_logins = 0
            record_event(None, "account_locked", "user", user.id,
                         after={"until": user.locked_until.isoformat()})
        return None
    user.failed_logins, user.locked_until = 0, None
    return user


_DUMMY_HASH = generate_password_hash("not a password", method="pbkdf2:sha256:600000")


def issue_token(actor: User | None, user: User, days: int | None = None) -> str:
    """Create an API token for ``user`` and return it; only its hash is kept."""
    if actor is not None and actor.role != Role.ADMIN and actor.id != user.id:
        raise PermissionDenied("Токен можна створити лише собі (або адміністратору).")
    days = current_app.config["API_TOKEN_DAYS"] if days is None else days
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, token_hash=_hash_token(token), prefix=token[:12],
                   expires_at=utcnow() + dt.timedelta(days=days) if days else None)
    db.session.add(row)
    db.session.flush()
    record_event(actor, "token_issued", "user", user.id, after={"token": row.prefix})
    return token


def revoke_token(actor: User, token_id: int) -> ApiToken:
    row = db.session.get(ApiToken, token_id)
    if row is None:
        raise NotFound("Токен не знайдено.")
    if actor.role != Role.ADMIN and actor.id != row.user_id:
        raise PermissionDenied("Недостатньо прав.")
    row.revoked_at = utcnow()
    record_event(actor, "token_revoked", "user", row.user_id, after={"token": row.prefix})
    return row


def user_for_token(token: str) -> User | None:
    """The active user owning a valid (unrevoked, unexpired) token."""
    if not token or not token.startswith(TOKEN_PREFIX):
        return None
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _hash_token(token)))
    now = utcnow()
    if row is None or row.revoked_at or (row.expires_at and row.expires_at < now):
        return None
    if not row.user.active:
        return None
    row.last_used_at = now
    return row.user
