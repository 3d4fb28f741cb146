"""The clerk's side of requests filed online, on the request page: the spam mark and the
decision on claimed urgency (routes outside /public/, for registrars only)."""
from __future__ import annotations

from flask import Blueprint, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.access import roles_required
from ..auth.permissions import REGISTRARS
from ..register.operations import get_request
from ..web.forms import run_button
from . import operations as ops

bp = Blueprint("public_clerk", __name__)


@bp.app_template_global()
def public_panel(req):
    """What the request page shows about a request filed online (None for other ones)."""
    return ops.clerk_panel(req)


@bp.post("/requests/<int:request_id>/spam")
@roles_required(*REGISTRARS)
def spam(request_id: int):
    req = get_request(request_id)
    marking = request.form.get("spam", "1") != "0"
    run_button(ops.mark_spam, current_user, req, marking,
               done=_("Запит позначено як спам: його не враховано в статистиці.") if marking
               else _("Позначку «спам» знято."))
    return redirect(url_for("register.request_view", request_id=request_id))


@bp.post("/requests/<int:request_id>/urgency")
@roles_required(*REGISTRARS)
def urgency(request_id: int):
    req = get_request(request_id)
    confirm = request.form.get("confirm", "1") != "0"
    run_button(ops.decide_urgency, current_user, req, confirm,
               done=_("Терміновість підтверджено: строк — 48 годин.") if confirm
               else _("Терміновість не підтверджено: строк — 5 робочих днів."))
    return redirect(url_for("register.request_view", request_id=request_id))
