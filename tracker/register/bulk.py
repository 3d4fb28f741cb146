"""Acting on several requests at once from the list: assign them to one executor, or close
them with one reason. One transaction (the caller commits once); each request gets its own
Event through the same service function a single action uses; a request that cannot take
the action is skipped with the reason, never half-changed."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from ..auth.models import User
from ..auth.permissions import EXECUTOR_ROLES, SUPERVISORS, can_act_on, require_role
from ..auth.queries import user_by_email
from ..core.errors import ErrorCollector, ValidationError
from ..core.i18n import gettext as _
from ..core.validation import clean_text, row_id
from ..extensions import db
from .models import OPEN_STATUSES, RESPONDED_STATUSES, Request, Status
from . import operations as ops

BULK_ACTIONS = ("assign", "close")
#: The most requests one bulk action takes (a list page shows at most 100).
BULK_LIMIT = 200


@dataclass
class BulkResult:
    action: str
    done: list[str] = field(default_factory=list)
    #: (registration number, why) of each request left as it was.
    skipped: list[tuple[str, str]] = field(default_factory=list)


def parse_selection(values) -> dict[int, int | None]:
    """Checkbox values ``"<id>:<version>"`` (or a bare id) → {id: version seen}."""
    out: dict[int, int | None] = {}
    for value in values or []:
        ident, _sep, version = str(value).partition(":")
        if row_id(ident) is not None:
            out[row_id(ident)] = row_id(version)
    return out


def _skip_reason(actor: User, req: Request, action: str, seen: int | None,
                 executor: User | None) -> str | None:
    if seen is not None and seen != req.version:
        return _("щойно змінений іншим користувачем")
    if not can_act_on(actor, req):
        return _("немає права діяти щодо запиту")
    if action == "assign":
        if req.status not in OPEN_STATUSES:
            return _("уже має результат")
        if executor is not None and req.executor_id == executor.id:
            return _("уже в цього виконавця")
        return None
    if req.status == Status.CLOSED:
        return _("уже закритий")
    if req.status not in RESPONDED_STATUSES:
        return _("ще без результату (відповіді, відмови чи пересилання)")
    return None


def bulk_apply(actor: User, selection: dict[int, int | None], action: str, *,
               executor_email: str | None = None, reason: str | None = None) -> BulkResult:
    """Assign (``executor_email``) or close (with ``reason``) the selected requests."""
    errors = ErrorCollector()
    if action not in BULK_ACTIONS:
        raise ValidationError({"action": [_("Невідома дія «%(action)s». Допустимі: %(allowed)s.",
                                            action=action, allowed=", ".join(BULK_ACTIONS))]})
    if action == "assign":
        require_role(actor, SUPERVISORS, _("призначати виконавців"))
    if not selection:
        errors.add("ids", _("Позначте запити у списку."))
    elif len(selection) > BULK_LIMIT:
        errors.add("ids", _("Не більше %(limit)s запитів за раз.", limit=BULK_LIMIT))
    executor = None
    if action == "assign":
        executor = user_by_email(executor_email or "") if executor_email else None
        if executor is None or not executor.active or executor.role not in EXECUTOR_ROLES:
            errors.add("executor", _("Оберіть виконавця."))
    else:
        reason = clean_text(errors, "reason", reason, required=True)
    errors.raise_if_any()
    result = BulkResult(action)
    requests = db.session.scalars(select(Request).where(Request.id.in_(list(selection)))
                                  .order_by(Request.id)).unique().all()
    for req in requests:
        why = _skip_reason(actor, req, action, selection[req.id], executor)
        if why:
            result.skipped.append((req.registration_number, why))
            continue
        if action == "assign":
            ops.assign(actor, req, executor.email)
        else:
            ops.close(actor, req, reason=reason)
        result.done.append(req.registration_number)
    for missing in sorted(set(selection) - {r.id for r in requests}):
        result.skipped.append((f"#{missing}", _("не знайдено")))
    return result
