"""Council settings an admin changes at run time: a small key-value table.

Each setting has a default in the app config (``config.py``, from the environment); a row here,
once an admin has saved one, wins over it. The value is JSON (a date is stored as its ISO
string), so any simple setting fits without a migration. Stored ``None`` is a value too (the
admin said "none"), distinct from no row (use the config default).

These functions check no permission (``core`` knows no roles): the area's operation that
calls them does, writes them in its own transaction, and the caller commits once.
"""
from __future__ import annotations

import datetime as dt
import time
from typing import Any

from flask import current_app, g
from flask_babel import gettext as _
from sqlalchemy import JSON, ForeignKey, String, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .errors import ConflictError
from .models import record_event
from .timeutil import utcnow
from .types import UTCDateTime

#: The last day of martial law (ISO date string), after which public holidays are days off.
MARTIAL_LAW_UNTIL = "MARTIAL_LAW_UNTIL"

#: ``get_setting(key, NOT_SAVED)`` tells "never saved" from a saved None.
NOT_SAVED = object()


class CouncilSetting(db.Model):
    """One council setting an admin saved, overriding the config default of the same key."""

    __tablename__ = "council_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    #: When it was last saved (UTC) and by whom.
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


def get_setting(key: str, default: Any = None) -> Any:
    """The saved value of ``key`` (may be None), or ``default`` when none was saved."""
    row = db.session.get(CouncilSetting, key)
    return default if row is None else row.value


#: How long one process reuses the settings it read (seconds): every page reads them (the
#: register's settings), and one query per page for rows that change a few times a year is
#: waste. Another process sees an admin's change within this time; this one at once.
SHARED_SECONDS = 5.0


def setting(key: str) -> Any:
    """The value in force: the admin's saved one, else the config default (``config.py``).

    Read once per app context (one query for all settings, kept in ``g``), and shared by
    the app's requests for ``SHARED_SECONDS``; saving or clearing a setting forgets both
    copies."""
    cache = g.get("_council_settings")
    if cache is None:
        cache = g._council_settings = _shared_or_read()
    return cache[key] if key in cache else current_app.config[key]


def _shared_or_read() -> dict[str, Any]:
    shared = current_app.extensions.get("council_settings")
    now = time.monotonic()
    if shared is not None and now - shared[0] < SHARED_SECONDS and not g.get("_council_dirty"):
        return shared[1]
    values = all_settings()
    if not g.get("_council_dirty"):  # never share what this transaction has not committed
        current_app.extensions["council_settings"] = (now, values)
    return values


def _forget_cache() -> None:
    g.pop("_council_settings", None)
    g._council_dirty = True
    current_app.extensions.pop("council_settings", None)


def is_set(key: str) -> bool:
    """Whether an admin saved ``key`` (so it wins over the config default)."""
    return db.session.get(CouncilSetting, key) is not None


def all_settings() -> dict[str, Any]:
    """Every saved setting, key to value."""
    return dict(db.session.execute(select(CouncilSetting.key, CouncilSetting.value)).all())


def set_setting(actor, key: str, value: Any) -> bool:
    """Save ``value`` (JSON-able) under ``key`` and write an Event; True if it changed.

    The row is locked while it changes (PostgreSQL), so two admins saving at once are
    serialised; two first saves of the same key at once: the second gets a ConflictError.
    """
    row = db.session.get(CouncilSetting, key, with_for_update=True)
    before = NOT_SAVED if row is None else row.value
    if before == value and row is not None:
        return False
    if row is None:
        row = CouncilSetting(key=key)
        db.session.add(row)
    _forget_cache()
    row.value, row.updated_by_id = value, getattr(actor, "id", None)
    row.updated_at = utcnow()
    try:
        db.session.flush()
    except IntegrityError:
        raise ConflictError(_("Налаштування щойно змінив інший користувач; спробуйте ще раз.")) from None
    record_event(actor, "council_setting_set", "council_setting", None,
                 before=None if before is NOT_SAVED else {"key": key, "value": before},
                 after={"key": key, "value": value})
    return True


def clear_setting(actor, key: str) -> bool:
    """Forget the saved value (the config default applies again); True if there was one."""
    row = db.session.get(CouncilSetting, key, with_for_update=True)
    if row is None:
        return False
    _forget_cache()
    record_event(actor, "council_setting_cleared", "council_setting", None,
                 before={"key": key, "value": row.value})
    db.session.delete(row)
    return True
