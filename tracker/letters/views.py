"""Letter screens: prepare a draft, edit with live preview, finalise, download, send."""
from __future__ import annotations

from flask import (Blueprint, Response, abort, current_app, flash, redirect, render_template,
                   request, url_for, session)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..auth import permissions as perm
from ..activities.queries import (ActivityFilters, active_categories, all_programmes,
                                  list_activities, suggest_for)
from ..core.i18n import translated
from ..core.errors import ErrorCollector, ValidationError
from ..web.downloads import attachment_disposition
from ..web.forms import EmptyForm, run_button, run_operation
from ..extensions import db
from ..register import operations as reg
from ..core.validation import clean_date, row_id
from ..disclosure import operations as publishing
from ..disclosure.redaction import passages_from
from . import approval, blank, delivery, facts, files, rules, signing
from . import operations as ops
from .content import DATE_MARK, TABLE_MARK, LetterContent
from .forms import BlankForm, DraftForm, EditForm, FileForm, FileTitleForm, ReturnForm
from .labels import FILE_KIND_LABELS, KIND_LABELS
from .models import LetterKind, LetterStatus
from .signing import printed_content, typeset
from ..outbox.labels import readable_error
from .render.html import render_html

bp = Blueprint("letters", __name__)


def _readable_letter(letter_id: int):
    """The letter, for those who act on its request (a letter carries the requester's
    address): NotFound / PermissionDenied otherwise (404 / 403 pages)."""
    letter = ops.get_letter(letter_id)
    perm.require_can_act(current_user, letter.request)
    return letter


def _logged(letter, response):
    """A letter read (download, print) is a read of the requester's personal data."""
    reg.log_access(current_user, "letter", request=letter.request, address=request.remote_addr)
    db.session.commit()
    return response


@bp.route("/requests/<int:request_id>/letters/new", methods=["GET", "POST"])
@login_required
def new(request_id: int):
    req = reg.get_request(request_id)
    perm.require_can_act(current_user, req)
    kind = request.values.get("kind", "answer")
    if kind not in ops.CREATABLE:
        abort(404)
    form = DraftForm()
    if request.method == "POST" and not form.validate_on_submit():
        for name, messages in form.errors.items():  # e.g. an unreadable date
            for m in messages:
                flash(f"{getattr(form, name).label.text}: {m}", "error")
    elif request.method == "POST":
        fields = {k: v for k, v in form.data.items() if k != "csrf_token"}
        fields["new_date"] = form.new_date.data.isoformat() if form.new_date.data else None
        ids = request.form.getlist("activity_ids")
        ok, letter = run_operation(form, ops.create_letter, current_user, req, kind, fields, ids)
        if ok:
            flash(_("Чернетку листа створено: перевірте й відредагуйте текст."), "success")
            return redirect(url_for("letters.edit", letter_id=letter.id))
    args = request.args
    errors = ErrorCollector()
    filters = ActivityFilters(q=(args.get("q") or "").strip()[:200] or None,
                              category=args.get("category") or None,
                              programme=args.get("programme") or None,
                              period_from=clean_date(errors, "period_from",
                                                     args.get("period_from"), required=False),
                              period_to=clean_date(errors, "period_to", args.get("period_to"),
                                                   required=False),
                              per_page=100)
    records, total = list_activities(filters) if kind == "answer" else ([], 0)
    suggested = suggest_for(f"{req.subject} {req.text}") if kind == "answer" else []
    chosen = _chosen(records, suggested)
    return render_template("letters/new.html", req=req, kind=kind, form=form, records=records,
                           total=total, suggested=suggested, chosen=chosen, args=args,
                           categories=active_categories(), programmes=all_programmes(),
                           kinds=[(k, KIND_LABELS[LetterKind(k)]) for k in ops.CREATABLE],
                           today=rules.today())


def delivery_reason(msg) -> str:
    """Why the e-mail has not gone yet, as a sentence (not an exception's text)."""
    if msg is None or not msg.last_error:
        return ""
    return readable_error(msg.last_error)[0]


def _chosen(records, suggested) -> set[int]:
    """The records ticked: as posted back; on the first visit the suggestions, or every
    record found («вибрати всі») or none («зняти всі»)."""
    if request.method == "POST":
        return {row_id(i) for i in request.form.getlist("activity_ids") if row_id(i) is not None}
    pick = request.args.get("select")
    if pick == "none":
        return set()
    if pick == "all":
        return {r.id for r in records} | {r.id for r in suggested}
    return {r.id for r in suggested}


def _edit_form(letter) -> EditForm:
    content = LetterContent.from_dict(letter.content)
    form = EditForm()
    if request.method == "GET":
        form.addressee.data = content.addressee
        form.addressee_lines.data = "\n".join(content.addressee_lines)
        form.text.data = content.body_text()
        form.signatory_position.data = content.signatory_position
        form.signatory_name.data = content.signatory_name
    return form


@bp.route("/letters/<int:letter_id>", methods=["GET", "POST"])
@login_required
def edit(letter_id: int):
    letter = _readable_letter(letter_id)  # only those who act on the request: they may edit
    form = _edit_form(letter)
    if form.validate_on_submit():
        ok, saved = run_operation(form, ops.update_letter, current_user, letter, form.data)
        if ok:
            flash(_("Збережено.") if saved.id == letter.id else
                  _("Створено нову версію листа (версія %(n)s).", n=saved.version), "success")
            return redirect(url_for("letters.edit", letter_id=saved.id))
    companion = letter.companion if letter.companion_id else None
    return render_template("letters/edit.html", letter=letter, form=form,
                           c=printed_content(letter), warnings=[
                               translated(w) for w in LetterContent.from_dict(
                                   letter.content).warnings] + ops.stale_reference(letter),
                           companion=companion, recipient=delivery.recipient(letter)[0],
                           companion_recipient=(delivery.recipient(companion)[0]
                                                if companion else None),
                           can_act=perm.can_act_on(current_user, letter.request),
                           may_approve=approval.may_approve(current_user, letter),
                           who_approves=approval.who_approves(letter),
                           table_mark=TABLE_MARK, date_mark=DATE_MARK,
                           action_form=EmptyForm(formdata=None),
                           file_form=FileForm(formdata=None), return_form=ReturnForm(formdata=None),
                           document_title=signing.document_title,
                           request_files=facts.request_attachments(letter.request),
                           email_size=files.email_size(letter),
                           email_limit=current_app.config["LETTER_EMAIL_MAX_BYTES"],
                           file_limit=current_app.config["LETTER_FILE_MAX_BYTES"],
                           file_kinds=FILE_KIND_LABELS, label=KIND_LABELS[letter.kind],
                           delivery_reason=delivery_reason(letter.outbox),
                           mail_catcher=current_app.config["MAIL_BACKEND"] == "catcher")


@bp.route("/letters/<int:letter_id>/preview", methods=["POST"])
@login_required
def preview(letter_id: int):
    """The live preview: the letter as it would look with the text being typed (not saved)."""
    letter = _readable_letter(letter_id)
    form = EditForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        content = ops.edited_content(letter, form.data)
    except ValidationError as exc:  # shown in the preview pane until the text is complete
        return render_template("letters/preview_errors.html", errors=exc.errors)
    return render_html(typeset(content), standalone=False)


@bp.route("/letters/<int:letter_id>/finalize", methods=["POST"])
@login_required
def finalize(letter_id: int):
    letter = _readable_letter(letter_id)
    ok, _done = run_button(ops.finalize, current_user, letter)
    if ok and letter.approved:
        flash(_("Лист остаточний і затверджений: DOCX і PDF збережено, його можна надіслати."),
              "success")
    elif ok:
        flash(_("Лист остаточний і чекає на затвердження: його має затвердити %(who)s.",
                who=approval.who_approves(letter)), "success")
    return redirect(url_for("letters.edit", letter_id=letter_id))


@bp.route("/letters/awaiting")
@login_required
def awaiting():
    """Letters waiting for my signature, and mine that wait for one or came back."""
    to_sign, mine = approval.awaiting(current_user)
    return render_template("letters/awaiting.html", to_sign=to_sign, mine=mine,
                           labels=KIND_LABELS)


@bp.route("/letters/<int:letter_id>/approve", methods=["POST"])
@login_required
def approve(letter_id: int):
    """The signatory signs: the letter is dated today and may be sent."""
    letter = ops.get_letter(letter_id)
    run_button(approval.approve, current_user, letter,
               done=_("Лист затверджено: його датовано сьогоднішнім днем, і його можна надіслати."))
    return redirect(url_for("letters.edit", letter_id=letter_id))


@bp.route("/letters/<int:letter_id>/return", methods=["POST"])
@login_required
def return_(letter_id: int):
    """The signatory returns the letter to its author with a comment."""
    letter = ops.get_letter(letter_id)
    form = ReturnForm()
    if form.validate_on_submit():
        run_button(approval.return_letter, current_user, letter, form.comment.data,
                   done=_("Лист повернуто автору на доопрацювання."))
    return redirect(url_for("letters.edit", letter_id=letter_id))


@bp.route("/letters/<int:letter_id>/files", methods=["POST"])
@login_required
def files_(letter_id: int):
    """Upload a released document or the signed copy, or release a file of the request."""
    letter = _readable_letter(letter_id)
    form = FileForm()
    if form.validate_on_submit():
        if form.attachment_id.data:
            run_button(_copy_request_file, letter, form.attachment_id.data, form.title.data,
                       done=_("Файл запиту додано до листа."))
        else:
            upload = form.file.data
            run_button(files.add_file, current_user, letter, form.kind.data,
                       upload.filename if upload else None, upload.read() if upload else None,
                       form.pages.data, form.title.data, done=_("Файл додано до листа."))
    else:
        for messages in form.errors.values():
            for m in messages:
                flash(m, "error")
    return redirect(url_for("letters.edit", letter_id=letter_id))


def _copy_request_file(letter, attachment_id, title=None):
    return files.copy_request_attachment(current_user, letter,
                                         files.request_attachment(letter, attachment_id),
                                         title=title)


@bp.route("/letters/<int:letter_id>/files/<int:file_id>/title", methods=["POST"])
@login_required
def file_title(letter_id: int, file_id: int):
    """Name a released document as the letter's «Додаток» line should."""
    letter = _readable_letter(letter_id)
    form = FileTitleForm()
    if form.validate_on_submit():
        run_button(files.rename_file, current_user, letter, file_id, form.title.data,
                   done=_("Назву документа в додатку змінено."))
    return redirect(url_for("letters.edit", letter_id=letter_id))


@bp.route("/letters/<int:letter_id>/files/<int:file_id>")
@login_required
def file(letter_id: int, file_id: int):
    letter = _readable_letter(letter_id)
    item = files.get_file(letter, file_id)
    return _logged(letter, Response(item.content, mimetype=item.content_type, headers={
        "Content-Disposition": attachment_disposition(item.filename, f"file-{item.id}",
                                                      item.content_type)}))


@bp.route("/letters/<int:letter_id>/files/<int:file_id>/delete", methods=["POST"])
@login_required
def file_delete(letter_id: int, file_id: int):
    letter = _readable_letter(letter_id)
    run_button(files.remove_file, current_user, letter, file_id, done=_("Файл вилучено."))
    return redirect(url_for("letters.edit", letter_id=letter_id))


@bp.route("/letters/<int:letter_id>/send", methods=["POST"])
@login_required
def send(letter_id: int):
    letter = _readable_letter(letter_id)
    publish_it, passages = _publish_choice(letter_id)
    ok, _msg = run_button(publishing.send, current_user, letter, publish_it, passages)
    _publish_outcome(letter_id, ok, publish_it)
    if ok and letter.status == LetterStatus.TO_PRINT:
        flash(_("Запитувач не має електронної адреси: лист «до друку». Роздрукуйте, підпишіть "
                "і надішліть його поштою, потім позначте відправленим."), "warning")
    elif ok:
        flash(_("Лист у черзі: він вважатиметься надісланим, коли його прийме поштовий "
                "сервер."), "success")
    return redirect(url_for("letters.edit", letter_id=letter_id))


@bp.route("/letters/<int:letter_id>/posted", methods=["POST"])
@login_required
def posted(letter_id: int):
    letter = _readable_letter(letter_id)
    publish_it, passages = _publish_choice(letter_id)
    ok, _letter = run_button(publishing.mark_posted, current_user, letter, publish_it, passages,
                             done=_("Лист позначено відправленим поштою."))
    _publish_outcome(letter_id, ok, publish_it)
    return redirect(url_for("letters.edit", letter_id=letter_id))


def _publish_choice(letter_id: int) -> tuple[bool, list[str]]:
    """The disclosure-log option of the send form: publish or not (never by default), and
    the passages the official marked to remove."""
    return request.form.get("publish") == "1", passages_from(request.form.get("redact"))


def _publish_outcome(letter_id: int, ok: bool, publish_it: bool) -> None:
    if ok and publish_it:
        flash(_("Відповідь опубліковано в журналі відповідей: на сайті вона з’явиться, коли "
                "лист буде надіслано."), "success")
    elif publish_it:  # the form keeps what was typed
        session[f"publish-{letter_id}"] = {"publish": True,
                                           "redact": (request.form.get("redact") or "")[:5000]}


def _download(letter_id: int, attr: str, mimetype: str, ext: str):
    letter = _readable_letter(letter_id)
    data = getattr(letter, attr)
    if data is None:
        abort(404)
    name = f"Лист {letter.number.replace('/', '-')} v{letter.version}.{ext}"
    return _logged(letter, Response(data, mimetype=mimetype, headers={
        "Content-Disposition": attachment_disposition(name, f"letter-{letter.id}.{ext}")}))


@bp.route("/letters/<int:letter_id>.docx")
@login_required
def docx(letter_id: int):
    return _download(letter_id, "docx", "application/vnd.openxmlformats-officedocument."
                                        "wordprocessingml.document", "docx")


@bp.route("/letters/<int:letter_id>.pdf")
@login_required
def pdf(letter_id: int):
    return _download(letter_id, "pdf", "application/pdf", "pdf")


@bp.route("/letters/<int:letter_id>/print")
@login_required
def printable(letter_id: int):
    letter = _readable_letter(letter_id)
    return _logged(letter, render_template("letters/print.html", letter=letter,
                                           c=printed_content(letter)))


# --- the council's blank (admins) ------------------------------------------------------------

@bp.route("/admin/letter-blank", methods=["GET", "POST"])
@login_required
def blank_():
    """Upload the council's blank (DOCX) that letters are written on, DOCX and PDF alike."""
    perm.require_role(current_user, perm.ADMINS, _("змінювати бланк листа"))
    form = BlankForm()
    if form.validate_on_submit():
        upload = form.file.data
        ok, _done = run_operation(form, blank.set_blank, current_user,
                                  upload.filename if upload else None,
                                  upload.read() if upload else None)
        if ok:
            flash(_("Бланк збережено: нові листи оформлюватимуться на ньому."), "success")
            return redirect(url_for("letters.blank_"))
    return render_template("letters/blank.html", form=form, current=blank.current_blank(),
                           from_config=bool(current_app.config["LETTERHEAD_DOCX"]),
                           action_form=EmptyForm(formdata=None))


@bp.route("/admin/letter-blank/delete", methods=["POST"])
@login_required
def blank_delete():
    perm.require_role(current_user, perm.ADMINS, _("змінювати бланк листа"))
    run_button(blank.clear_blank, current_user, done=_("Бланк вилучено: листи матимуть типову шапку."))
    return redirect(url_for("letters.blank_"))


@bp.route("/admin/letter-blank/sample.pdf")
@login_required
def blank_sample():
    """A sample letter on the current blank, to see it before the next real letter."""
    perm.require_role(current_user, perm.ADMINS, _("змінювати бланк листа"))
    return Response(signing.sample_pdf(), mimetype="application/pdf", headers={
        "Content-Disposition": attachment_disposition("Зразок листа на бланку.pdf",
                                                      "blank-sample.pdf")})
