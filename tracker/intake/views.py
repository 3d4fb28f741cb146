"""The intake queue: upload .eml, check the prefilled form, register, attach or dismiss."""
from __future__ import annotations

import io

from flask import (Blueprint, Response, abort, current_app, flash, redirect, render_template,
                   request, send_file, url_for)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from ..auth.access import roles_required
from ..core.errors import NotFound, ValidationError
from ..core.models import get_or_raise
from ..web.downloads import safe_filename
from ..web.formats import page_date as format_date
from ..web.forms import apply_errors, run_operation
from ..extensions import db
from ..register.forms import RegistrationForm
from ..auth.permissions import REGISTRARS, can_act_on
from ..register.duplicates import duplicate_candidates
from ..register.operations import log_access
from ..register.views import executor_choices
from . import operations as ops
from .receiving import take_in
from .forms import DismissForm, UploadForm
from .models import Attachment, IntakeMessage, IntakeStatus

bp = Blueprint("intake", __name__)


@bp.route("/intake", methods=["GET", "POST"])
@roles_required(*REGISTRARS)
def queue():
    form = UploadForm()
    if form.validate_on_submit():
        with form.file.data.stream as upload:  # a large upload is a temporary file: closed here
            raw = upload.read(current_app.config["INTAKE_MAX_MESSAGE_BYTES"] + 1)
        try:
            item = take_in(current_user, raw, "upload").item
        except ValidationError as exc:  # not an e-mail at all: refused, nothing stored
            apply_errors(form, exc)
        else:
            if item.status == IntakeStatus.ERROR:
                flash(_("Лист не вдалося прочитати: %(error)s Його збережено в черзі.",
                        error=item.error), "error")
            return redirect(url_for("intake.item", item_id=item.id))
    waiting = db.session.scalars(select(IntakeMessage).where(
        IntakeMessage.status.in_([IntakeStatus.PENDING, IntakeStatus.ERROR]))
        .order_by(IntakeMessage.received_at)).all()
    recent = db.session.scalars(select(IntakeMessage).where(
        IntakeMessage.status.not_in([IntakeStatus.PENDING, IntakeStatus.ERROR]))
        .order_by(IntakeMessage.handled_at.desc()).limit(20)).all()
    return render_template("intake/queue.html", form=form, waiting=waiting, recent=recent)


def _registration_form(item: IntakeMessage) -> RegistrationForm:
    """The registration form, filled from the message unless the clerk already typed."""
    form = RegistrationForm()
    form.executor.choices = executor_choices()
    if request.method == "GET" and item.status == IntakeStatus.PENDING:
        values = ops.prefill(item)
        r = values["requester"]
        form.requester_name.data, form.requester_category.data = r["name"], r["category"]
        form.requester_gender.data = r["gender"] or ""
        form.requester_email.data = r["email"]
        form.channel.data, form.subject.data, form.text.data = (
            values["channel"], values["subject"], values["text"])
        form.received_at.data = item.received_at.astimezone(
            ops.current_settings().tz).replace(tzinfo=None, second=0, microsecond=0)
    return form


@bp.route("/intake/<int:item_id>", methods=["GET", "POST"])
@roles_required(*REGISTRARS)
def item(item_id: int):
    it = ops.get_item(item_id)
    form = _registration_form(it)
    if form.validate_on_submit():
        ok, req = run_operation(form, ops.register_from_intake, current_user, it, form.to_raw())
        if ok:
            flash(_("Запит зареєстровано за № %(n)s; відповісти до %(due)s.",
                    n=req.registration_number, due=format_date(req.due_date)), "success")
            return redirect(url_for("register.request_view", request_id=req.id))
    parsed = it.parsed or {}
    follow_up = db.session.get(ops.Request, parsed["follow_up_of"]) \
        if parsed.get("follow_up_of") else None
    duplicates = duplicate_candidates(
        form.requester_email.data or (parsed.get("requester") or {}).get("email"),
        parsed.get("text") or "", name=form.requester_name.data or (
            parsed.get("requester") or {}).get("name")) if it.status == IntakeStatus.PENDING \
        else []
    preview, truncated = ops.text_preview(parsed.get("text"))
    kept_out = ops.kept_out(it)
    reasons = {a["reason"] for a in kept_out}
    return render_template("intake/item.html", it=it, form=form, parsed=parsed, unread=ops.UNREAD,
                           follow_up=follow_up, duplicates=duplicates,
                           dismiss_form=DismissForm(formdata=None), preview=preview,
                           truncated=truncated, text_length=len(parsed.get("text") or ""),
                           kept_out=kept_out,
                           notes=[n for n in parsed.get("notes") or [] if n not in reasons])


@bp.route("/intake/<int:item_id>/attach/<int:request_id>", methods=["POST"])
@roles_required(*REGISTRARS)
def attach(item_id: int, request_id: int):
    it = ops.get_item(item_id)
    form = DismissForm()  # carries only the CSRF token here
    req = get_or_raise(ops.Request, request_id, _("Запит не знайдено."))
    if form.validate_on_submit():
        ok, _done = run_operation(form, ops.attach_to_request, current_user, it, req)
        if ok:
            flash(_("Лист додано до запиту № %(n)s.", n=req.registration_number), "success")
            return redirect(url_for("register.request_view", request_id=req.id))
    return redirect(url_for("intake.item", item_id=item_id))


@bp.route("/intake/<int:item_id>/dismiss", methods=["POST"])
@roles_required(*REGISTRARS)
def dismiss(item_id: int):
    it = ops.get_item(item_id)
    form = DismissForm()
    if form.validate_on_submit():
        ok, _done = run_operation(form, ops.dismiss, current_user, it, form.reason.data)
        if ok:
            flash(_("Лист відхилено: він не є запитом."), "success")
            return redirect(url_for("intake.queue"))
    return redirect(url_for("intake.item", item_id=item_id))


@bp.route("/intake/<int:item_id>/raw")
@roles_required(*REGISTRARS)
def raw(item_id: int):
    it = ops.get_item(item_id)
    return send_file(io.BytesIO(it.raw), download_name=f"message-{it.id}.eml",
                     as_attachment=True, mimetype="message/rfc822")


@bp.route("/intake/<int:item_id>/text")
@roles_required(*REGISTRARS)
def text(item_id: int):
    """The whole text of a message, streamed as a plain-text download («показати все»)."""
    body = (ops.get_item(item_id).parsed or {}).get("text") or ""
    if not body:
        raise NotFound(_("Тексту листа немає: завантажте оригінал (.eml)."))

    def chunks(size: int = 256 * 1024):
        for start in range(0, len(body), size):
            yield body[start:start + size].encode("utf-8")

    return Response(chunks(), mimetype="text/plain; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="message-{item_id}.txt"'})


@bp.route("/attachments/<int:attachment_id>")
@login_required
def attachment(attachment_id: int):
    a = get_or_raise(Attachment, attachment_id, _("Файл не знайдено."))
    # Files of an unregistered message are for the registrars; of a request, for whoever acts on it.
    if not (current_user.role in REGISTRARS
            or (a.request is not None and can_act_on(current_user, a.request))):
        abort(403)
    if a.request is not None:  # a request's file is its requester's personal data
        log_access(current_user, "attachment", request=a.request, address=request.remote_addr)
        db.session.commit()
    # Always a download, never rendered inline: an HTML attachment must not run in our origin.
    return send_file(io.BytesIO(a.content), download_name=safe_filename(a.filename, "attachment"),
                     as_attachment=True, mimetype="application/octet-stream")
