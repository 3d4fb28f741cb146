"""Users, passwords, sessions and API tokens: create, change, authenticate, revoke."""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select
from werkzeug.security import check_password_hash

from ..core.errors import ErrorCollector, NotFound, PermissionDenied, ValidationError
from ..core.models import record_event
from ..core.timeutil import utcnow
from ..extensions import db
from ..core.validation import clean_email, clean_enum, clean_text
from . import throttle
from .models import ApiToken, Role, User
from .queries import user_by_email
from .passwords import check_password_strength, decoy_hash

TOKEN_PREFIX = "zpt_"
#: The longest a token may live, whatever is asked (at least a year, or API_TOKEN_DAYS).
TOKEN_MAX_DAYS = 366


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _require_admin(actor: User | None) -> None:
    """``actor`` None is the command line (a trusted operator); otherwise an admin."""
    if actor is not None and actor.role != Role.ADMIN:
        raise PermissionDenied(_("Лише адміністратор керує користувачами."))


def create_user(actor: User | None, *, email, name, role, password=None, position=None,
                phone=None, patronymic=None) -> tuple[User, str | None]:
    """Create a user. Returns (user, generated password or None when one was given).

    ``actor`` None means the command line (a trusted operator); otherwise an admin.
    """
    _require_admin(actor)
    errors = ErrorCollector()
    email = clean_email(errors, "email", email)
    if email is None and "email" not in errors.errors:
        errors.add("email", _("Обов'язкове поле."))
    name = clean_text(errors, "name", name, required=True, multiline=False)
    if role in (None, ""):  # no default role: the admin chooses (least privilege)
        errors.add("role", _("Оберіть роль: від неї залежить, що користувач бачить і може "
                             "робити."))
    else:
        role = clean_enum(errors, "role", role, Role)
    position = clean_text(errors, "position", position, multiline=False, limit_key="name")
    patronymic = clean_text(errors, "patronymic", patronymic, multiline=False, limit_key="name")
    phone = clean_text(errors, "phone", phone, multiline=False)
    generated = None
    if password is None:
        generated = password = secrets.token_urlsafe(12)
    else:
        check_password_strength(errors, password, user_inputs=(email, name))
    if email and user_by_email(email):
        errors.add("email", _("Користувач з такою адресою вже існує."))
    errors.raise_if_any()
    user = User(email=email.lower(), name=name, role=role, position=position, phone=phone,
                patronymic=patronymic)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    record_event(actor, "user_created", "user", user.id,
                 after={"email": user.email, "name": name, "role": role.value})
    return user, generated


def update_user(actor: User, user: User, *, name, role, position, phone, active,
                password=None, patronymic=None) -> User:
    """The admin's changes; a new password or deactivation ends the user's sessions."""
    if actor.role != Role.ADMIN:
        raise PermissionDenied(_("Лише адміністратор керує користувачами."))
    errors = ErrorCollector()
    name = clean_text(errors, "name", name, required=True, multiline=False)
    role = clean_enum(errors, "role", role, Role)
    position = clean_text(errors, "position", position, multiline=False, limit_key="name")
    patronymic = clean_text(errors, "patronymic", patronymic, multiline=False, limit_key="name")
    phone = clean_text(errors, "phone", phone, multiline=False)
    if password:
        check_password_strength(errors, password, user_inputs=(user.email, name))
    if user.id == actor.id and (not active or role != Role.ADMIN):
        errors.add("role", _("Не можна зняти з себе роль адміністратора чи вимкнути себе."))
    errors.raise_if_any()
    before = {"name": user.name, "patronymic": user.patronymic, "role": user.role.value,
              "active": user.active, "position": user.position, "phone": user.phone}
    deactivated = user.active and not active
    user.name, user.role, user.position, user.phone, user.active = (
        name, role, position, phone, bool(active))
    user.patronymic = patronymic
    if password:
        user.set_password(password)
    if password or deactivated:
        _bump_session_version(user)
    after = {"name": user.name, "patronymic": user.patronymic, "role": user.role.value,
             "active": user.active,
             "position": user.position, "phone": user.phone, "password_changed": bool(password),
             "sessions_ended": bool(password or deactivated)}
    record_event(actor, "user_updated", "user", user.id, before=before, after=after)
    return user


def change_own_password(actor: User, *, current, new, confirm) -> User:
    """The user's own change: the current password is required, the new one checked.
    Every session of the user ends; the view logs the current browser back in."""
    errors = ErrorCollector()
    if not current or not actor.check_password(current):
        errors.add("current", _("Поточний пароль неправильний."))
    check_password_strength(errors, new, field="new", user_inputs=(actor.email, actor.name))
    if new and new != confirm:
        errors.add("confirm", _("Паролі не збігаються."))
    if new and current and new == current and "current" not in errors.errors:
        errors.add("new", _("Новий пароль має відрізнятися від поточного."))
    errors.raise_if_any()
    actor.set_password(new)
    _bump_session_version(actor)
    record_event(actor, "password_changed", "user", actor.id, after={"sessions_ended": True})
    return actor


def _bump_session_version(user: User) -> None:
    """Every session and remember cookie issued so far stops working (see User.get_id)."""
    user.session_version = (user.session_version or 1) + 1


def end_sessions(actor: User | None, user: User) -> User:
    """«Завершити всі сеанси»: the admin (or the command line) logs ``user`` out everywhere."""
    _require_admin(actor)
    _bump_session_version(user)
    record_event(actor, "sessions_ended", "user", user.id)
    return user


def logout(user: User) -> None:
    """Logging out ends the user's sessions, so that a copied cookie dies with this one."""
    _bump_session_version(user)


def authenticate(email: str, password: str, address: str | None) -> User | None:
    """The active user with this e-mail and password, or None; the caller commits.

    Every failure looks the same (wrong e-mail, wrong password, inactive account, too many
    attempts) and costs the same: one hash check, made with the real method for unknown
    e-mails too, and one counter write, for known and unknown e-mails alike. Failures are
    throttled per (e-mail, client address) with growing delays (see throttle.py).
    """
    key, address = throttle.normalise_email(email), throttle.normalise_address(address)
    now = utcnow()
    blocked = throttle.is_blocked(key, address, now)
    user = user_by_email(key)
    matches = check_password_hash(user.password_hash if user else decoy_hash(), password or "")
    if blocked:  # checked above only to cost the same; not accepted, the delay not grown
        throttle.record_refused(key, address, now)
        return None
    if user is None or not matches or not user.active:
        throttle.record_failure(key, address, now, user)
        return None
    throttle.clear(key, address)
    return user


def unlock(actor: User | None, email: str) -> int:
    """Forget the login failures for ``email`` from every address (``flask users unlock``)."""
    if actor is not None and actor.role != Role.ADMIN:
        raise PermissionDenied(_("Лише адміністратор керує користувачами."))
    count = throttle.unlock(email)
    user = user_by_email(email)
    if user is not None:
        record_event(actor, "login_unlocked", "user", user.id, after={"rows": count})
    return count


def issue_token(actor: User | None, user: User, days: int | None = None) -> str:
    """Create an API token for ``user`` and return it; only its hash is kept.

    Every token expires: ``days`` from 1 to the maximum (API_TOKEN_DAYS when not given).
    """
    if actor is not None and actor.role != Role.ADMIN and actor.id != user.id:
        raise PermissionDenied(_("Токен можна створити лише собі (або адміністратору)."))
    default = current_app.config["API_TOKEN_DAYS"]
    longest = max(TOKEN_MAX_DAYS, default)
    days = default if days is None else days
    if not 1 <= days <= longest:
        raise ValidationError({"days": [ngettext(
            "Строк дії токена — від 1 до %(num)s дня; безстрокових токенів немає.",
            "Строк дії токена — від 1 до %(num)s днів; безстрокових токенів немає.", longest)]})
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, token_hash=_hash_token(token), prefix=token[:12],
                   expires_at=utcnow() + dt.timedelta(days=days))
    db.session.add(row)
    db.session.flush()
    record_event(actor, "token_issued", "user", user.id,
                 after={"token": row.prefix, "token_id": row.id,
                        "expires_at": row.expires_at.isoformat()})
    return token


def tokens_of(user: User) -> list[ApiToken]:
    """The user's tokens, newest first (valid, expired and revoked)."""
    return list(db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)
                                   .order_by(ApiToken.id.desc())))


def revoke_token(actor: User | None, token_id: int, owner: User | None = None) -> ApiToken:
    """Revoke a token: its owner or an admin (``actor`` None: the command line).
    ``owner``: the user whose list the request came from; another user's token is not found."""
    row = db.session.get(ApiToken, token_id)
    if row is None or (owner is not None and row.user_id != owner.id):
        raise NotFound(_("Токен не знайдено."))
    if actor is not None and actor.role != Role.ADMIN and actor.id != row.user_id:
        raise PermissionDenied(_("Недостатньо прав."))
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        record_event(actor, "token_revoked", "user", row.user_id,
                     after={"token": row.prefix, "token_id": row.id})
    return row


def user_for_token(token: str) -> User | None:
    """The active user owning a valid (unrevoked, unexpired) token."""
    if not token or not token.startswith(TOKEN_PREFIX):
        return None
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _hash_token(token)))
    now = utcnow()
    if row is None or row.revoked_at or row.expires_at is None or row.expires_at < now:
        return None
    if not row.user.active:
        return None
    row.last_used_at = now
    return row.user
