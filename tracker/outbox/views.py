"""The outbox page (admin): every outgoing message, its state and its last error."""
from __future__ import annotations

from flask import Blueprint, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..auth.access import roles_required
from ..auth.models import Role
from ..core.paging import page_arg
from ..core.models import get_or_raise
from ..web.forms import EmptyForm, run_button
from ..extensions import db
from . import delivery as ops
from .labels import readable_error
from .models import OutboxAttachment, OutboxMessage, OutboxState

bp = Blueprint("outbox", __name__)
PAGE = 50


@bp.route("/admin/outbox")
@roles_required(Role.ADMIN)
def index():
    state = request.args.get("state") or None
    stmt = select(OutboxMessage).options(selectinload(OutboxMessage.request))
    if state in {s.value for s in OutboxState}:
        stmt = stmt.where(OutboxMessage.state == OutboxState(state))
    page = page_arg(request.args)
    rows = db.session.scalars(stmt.order_by(OutboxMessage.id.desc()).limit(PAGE)
                              .offset((page - 1) * PAGE)).unique().all()
    counts = dict(db.session.execute(select(OutboxMessage.state, func.count())
                                     .group_by(OutboxMessage.state)).all())
    return render_template("outbox/index.html", rows=rows, counts=counts, state=state,
                           page=page, States=OutboxState, form=EmptyForm(),
                           catching=ops.catching(), readable=readable_error)


@bp.route("/admin/outbox/<int:message_id>")
@roles_required(Role.ADMIN)
def message(message_id: int):
    """One message as it goes out: its headers and text (shown as text, never as markup),
    its attachments, and what became of it."""
    msg = get_or_raise(OutboxMessage, message_id, _("Лист не знайдено."))
    headers = [("From", msg.sender), ("To", ", ".join(msg.recipients or []))]
    if msg.reply_to:
        headers.append(("Reply-To", msg.reply_to))
    headers += [("Subject", msg.subject), ("Message-ID", msg.message_id),
                *sorted((msg.headers or {}).items())]
    attachments = db.session.execute(
        select(OutboxAttachment.filename, OutboxAttachment.content_type,
               func.length(OutboxAttachment.content))
        .where(OutboxAttachment.message_id == msg.id).order_by(OutboxAttachment.id)).all()
    reason, detail = readable_error(msg.last_error)
    response = make_response(render_template(
        "outbox/message.html", m=msg, headers=headers, attachments=attachments, reason=reason,
        detail=detail, form=EmptyForm(), catching=ops.catching()))
    response.headers["Cache-Control"] = "no-store"  # a requester's address and text
    return response


@bp.route("/admin/outbox/<int:message_id>/retry", methods=["POST"])
@roles_required(Role.ADMIN)
def retry(message_id: int):
    msg = get_or_raise(OutboxMessage, message_id, _("Лист не знайдено."))
    run_button(ops.retry, current_user, msg,
               done=_("Лист знову в черзі: його буде надіслано протягом хвилини."))
    return redirect(url_for("outbox.index", state="failed"))
