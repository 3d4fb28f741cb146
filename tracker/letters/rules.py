"""The Law's checks on a letter, asked at each step: drafting, finalising, approving and
the moment it leaves (sent, or posted) — the request's state may change in between, and
some limits hold only when the letter leaves (DOMAIN.md §5)."""
from __future__ import annotations

import datetime as dt

from ..core.errors import TransitionError
from ..core.timeutil import utcnow
from ..register.models import OPEN_STATUSES, Request
from ..register.settings import current_settings
from .models import LetterKind

#: Letters that decide something about an open request.
DECISIONS = (LetterKind.EXTENSION, LetterKind.REFUSAL, LetterKind.DEFERRAL, LetterKind.FORWARDING)


def today() -> dt.date:
    return utcnow().astimezone(current_settings().tz).date()


def check(kind: LetterKind, req: Request, on: dt.date, *, decided: bool = False) -> None:
    """Refuse a letter the request's state or the calendar does not allow on ``on``.

    ``decided``: the letter's decision is already recorded on the request (a letter sent
    again after a failed delivery) — then only the Law's limits of the letter remain.
    """
    if kind in DECISIONS and not decided and req.status not in OPEN_STATUSES:
        raise TransitionError("Запит уже має результат: такий лист не потрібен.")
    if decided:
        return
    if kind == LetterKind.EXTENSION and req.extension_refusal(on):
        raise TransitionError(req.extension_refusal(on))
    if kind == LetterKind.DEFERRAL:
        refusal = req.deferral_refusal(utcnow().astimezone(current_settings().tz))
        if refusal:
            raise TransitionError(refusal)


def forwarding_warning(req: Request, on: dt.date) -> str | None:
    """Forwarding later than the 5th working day is a late answer in the courts' practice
    (Supreme Court plenum, 2016): warn, since the Law itself names no term."""
    if on > req.standard_due_date:
        return (f"Запит пересилається пізніше 5-го робочого дня ({req.standard_due_date:%d.%m.%Y}): "
                f"за практикою Верховного Суду пересилати слід у межах п'яти робочих днів.")
    return None
