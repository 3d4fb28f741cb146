"""Saving and resetting the council's settings (admin). No commit: the caller commits once.

A value equal to the config default is not stored (the default, from the environment,
keeps applying); a value that differs is saved with ``set_setting`` (an Event each)."""
from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from ..auth.models import Role, User
from ..core.council_settings import clear_setting, is_set, set_setting, setting
from ..core.errors import ErrorCollector, PermissionDenied
from ..extensions import db
from .fields import BY_KEY, FIELDS, check


def _require_admin(actor: User | None) -> None:
    if actor is not None and actor.role != Role.ADMIN:
        raise PermissionDenied(_("Налаштування ради змінює лише адміністратор."))


def active_users() -> list[User]:
    return list(db.session.scalars(select(User).where(User.active.is_(True))
                                   .order_by(User.name)))


def default_of(key: str) -> str:
    value = current_app.config.get(key)
    return "" if value is None else str(value)


def in_force(key: str) -> str:
    value = setting(key)
    return "" if value is None else str(value)


def save_settings(actor: User | None, values: dict[str, str]) -> list[str]:
    """Check every submitted value (keys as in ``fields.FIELDS``); save those that changed.
    Returns the keys that changed. ValidationError (keyed by the form field's name) when
    any value is wrong: nothing is saved then."""
    _require_admin(actor)
    emails = {u.email.lower() for u in active_users()}
    errors, clean = ErrorCollector(), {}
    for field in FIELDS:
        if field.key not in values:
            continue
        raw = (values[field.key] or "").strip()
        if raw == in_force(field.key):
            continue  # unchanged: not checked again (a placeholder default may stand)
        value, problem = check(field, raw, emails)
        if problem:
            errors.add(field.name, problem)
        else:
            clean[field.key] = value
    errors.raise_if_any()
    changed = []
    for key, value in clean.items():
        if value == default_of(key):
            if clear_setting(actor, key):
                changed.append(key)
        elif set_setting(actor, key, value):
            changed.append(key)
    return changed


def reset(actor: User | None, key: str | None = None) -> list[str]:
    """«Скинути до типового»: forget the saved value of ``key`` (None: of every setting on
    the page), so the config default applies again. Returns the keys that were saved."""
    _require_admin(actor)
    keys = [key] if key else [f.key for f in FIELDS]
    if key is not None and key not in BY_KEY:
        return []
    return [k for k in keys if is_set(k) and clear_setting(actor, k)]
