"""Who may act on what: the role groups and the checks every area asks.

Object-level: clerks, heads and admins act on every request; an executor only on the
requests assigned to them. ``actor`` None is the system itself (a CLI command or a job run
by the operator). The checks raise PermissionDenied (a 403 wherever it surfaces).
"""
from __future__ import annotations

from ..core.i18n import gettext as _
from ..core.errors import PermissionDenied
from .models import Role, User

#: Register requests and handle incoming mail.
REGISTRARS = (Role.CLERK, Role.HEAD, Role.ADMIN)
#: Act on every request (assign, close, any executor's actions).
SUPERVISORS = (Role.CLERK, Role.HEAD, Role.ADMIN)
#: May be assigned requests.
EXECUTOR_ROLES = (Role.EXECUTOR, Role.HEAD)
#: Write activity records and import reports.
EDITORS = (Role.EXECUTOR, Role.HEAD, Role.ADMIN)
#: Read the register journal (requesters' personal data in bulk).
JOURNAL_ROLES = (Role.CLERK, Role.HEAD, Role.ADMIN)
ADMINS = (Role.ADMIN,)
#: Sign (approve) letters besides the signatory the letter names: the heads.
SIGNATORIES = (Role.HEAD,)


def require_role(actor: User | None, roles, what: str) -> None:
    if actor is not None and actor.role not in roles:
        # ``what`` is marked N_ where it is named, and translated here.
        raise PermissionDenied(_("Недостатньо прав: %(what)s.", what=_(what)))


def abilities(actor) -> dict[str, bool]:
    """What the pages offer ``actor`` (a role check here, not a list of roles in each
    template): ``register`` (and the mail queue), ``supervise`` (assign any request),
    ``journal`` (the register journal)."""
    role = getattr(actor, "role", None)
    return {"register": role in REGISTRARS, "supervise": role in SUPERVISORS,
            "journal": role in JOURNAL_ROLES}


def can_act_on(actor: User, req) -> bool:
    """Whether ``actor`` acts on the request ``req`` (anything with an ``executor_id``)."""
    if actor.role in SUPERVISORS:
        return True
    return actor.role == Role.EXECUTOR and req.executor_id == actor.id


def require_can_act(actor: User, req) -> None:
    if not can_act_on(actor, req):
        raise PermissionDenied(_("Діяти щодо запиту може лише призначений виконавець, "
                                 "керівник або діловод."))
