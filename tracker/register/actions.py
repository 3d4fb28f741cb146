"""Workflow actions from raw values (a JSON body or a form), checked first: the one entry the
web form and the API share. Each named action then runs its service function."""
from __future__ import annotations

from typing import Any

from ..auth.models import User
from ..auth.permissions import require_can_act
from ..core.errors import ConflictError, ErrorCollector, ValidationError
from ..core.i18n import gettext as _
from ..core.validation import clean_date, clean_email, clean_enum, clean_text, row_id
from .models import Outcome, RefusalGround, Request
from .annulment import by_index, restore, void
from .operations import answer, assign, close, defer, extend, forward, refuse

ACTIONS = ("assign", "extend", "forward", "defer", "refuse", "answer", "close", "void",
           "restore")


def check_version(req: Request, seen: Any) -> None:
    """Refuse an action based on a stale view of the request (someone changed it since)."""
    if seen in (None, ""):
        return
    # A whole number: «1.5» is no version, and «1e999» (infinity) no number at all.
    if str(seen) == "0":
        seen = 0
    elif row_id(seen) is None:
        raise ValidationError({"version": [_("Очікується ціле число.")]})
    if row_id(seen) != req.version:
        raise ConflictError(_("Запит щойно змінив інший користувач: оновіть сторінку, "
                              "перегляньте зміни і повторіть дію."))


def perform_action(actor: User, req: Request, action: str, payload: dict[str, Any]) -> Request:
    """Run a named action with raw values (from JSON or a form), checking them first.

    ``payload["version"]``, when given, must be the request's current version.
    """
    require_can_act(actor, req)  # permission first: a stranger learns nothing from a 409
    check_version(req, payload.get("version"))
    errors = ErrorCollector()
    if action == "assign":
        email = clean_email(errors, "executor", payload.get("executor"))
        if not email and "executor" not in errors.errors:
            errors.add("executor", _("Оберіть виконавця."))
        errors.raise_if_any()
        return assign(actor, req, email)
    if action == "extend":
        reason = clean_text(errors, "reason", payload.get("reason"), required=True)
        errors.raise_if_any()
        return extend(actor, req, reason)
    if action == "forward":
        name = clean_text(errors, "holder_name", payload.get("holder_name"), required=True,
                          multiline=False)
        address = clean_text(errors, "holder_address", payload.get("holder_address"))
        errors.raise_if_any()
        return forward(actor, req, name, address)
    if action == "defer":
        new_date = clean_date(errors, "new_date", payload.get("new_date"))
        reason = clean_text(errors, "reason", payload.get("reason"), required=True)
        errors.raise_if_any()
        return defer(actor, req, new_date, reason)
    if action == "refuse":
        ground = clean_enum(errors, "ground", payload.get("ground"), RefusalGround)
        explanation = clean_text(errors, "explanation", payload.get("explanation"),
                                 required=True)
        errors.raise_if_any()
        return refuse(actor, req, ground, explanation)
    if action == "answer":
        result = clean_enum(errors, "result", payload.get("result"), Outcome)
        if result in (Outcome.REFUSED, Outcome.FORWARDED):
            errors.add("result", _("Допустимі значення: full, partial."))
        on = clean_date(errors, "answered_on", payload.get("answered_on"), required=False)
        errors.raise_if_any()
        return answer(actor, req, result, on)
    if action == "close":
        return close(actor, req)
    if action == "void":
        reason = clean_text(errors, "reason", payload.get("reason"), required=True)
        index = clean_text(errors, "duplicate_of", payload.get("duplicate_of"), multiline=False,
                           limit_key="registration_number")
        original = by_index(index) if index else None
        if index and original is None:
            errors.add("duplicate_of", _("Запиту з індексом «%(index)s» не знайдено.", index=index))
        errors.raise_if_any()
        return void(actor, req, reason, original)
    if action == "restore":
        reason = clean_text(errors, "reason", payload.get("reason"), required=True)
        errors.raise_if_any()
        return restore(actor, req, reason)
    raise ValidationError({"action": [_("Невідома дія «%(action)s». Допустимі: %(allowed)s.",
                                        action=action, allowed=", ".join(ACTIONS))]})

