"""The public pages (/public/…, no login): the request form, the status page with its
letters and reply form, and the form that e-mails a status link. Each action is one service
function (operations.py) and one commit; bots are kept off by guard.py."""
from __future__ import annotations

from flask import (Blueprint, Response, current_app, flash, make_response, redirect,
                   render_template, request, url_for)
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy import select

from ..core.errors import DomainError, ValidationError
from ..core.i18n import N_
from ..core.sizes import file_size
from ..extensions import db
from ..letters.models import Letter, LetterKind, LetterStatus
from ..register.models import Request
from ..register.operations import log_access
from ..web.downloads import attachment_disposition
from . import codes, guard, operations as ops, uploads
from .forms import LinkForm, ReplyForm, RequestForm
from .labels import LETTER_WORDS, state_words
from .mail import status_url

bp = Blueprint("public", __name__, url_prefix="/public")

FIELDS = {"requester.name": "requester_name", "requester.category": "requester_category",
          "requester.email": "requester_email",
          "requester.postal_address": "requester_postal_address",
          "requester.phone": "requester_phone", "requester": "requester_name",
          "subject": "subject", "text": "text", "urgent": "urgent",
          "urgent_reason": "urgent_reason", "files": "files"}
#: Letters the requester receives (the one to another holder is not theirs).
REQUESTER_LETTERS = tuple(k for k in LetterKind if k != LetterKind.FORWARDING_HOLDER)


def _private(response: Response) -> Response:
    """Status pages carry a secret in their address: never cached, never indexed."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _show_errors(form, exc: ValidationError) -> list[str]:
    """Field errors next to their fields (translated); the rest returned for the summary."""
    others = []
    for key, messages in exc.errors.items():
        field = getattr(form, FIELDS.get(key, key), None)
        for message in messages:
            if field is not None and hasattr(field, "errors"):
                field.errors = list(field.errors) + [_(message)]
            else:
                others.append(_(message))
    return others


def _uploads(name: str = "files") -> list[tuple[str | None, bytes]]:
    return [(f.filename, f.read()) for f in request.files.getlist(name) if f and f.filename]


@bp.url_value_preprocessor
def _upload_limits(endpoint, _values):
    """The forms with attachments read their body under their own limits (uploads.py).
    This hook runs before the app's before-request hooks, one of which (the CSRF check)
    reads the body."""
    if request.method == "POST" and endpoint in ("public.request_form", "public.reply"):
        uploads.prepare()


TOO_BIG = N_("Додатки разом більші за %(total)s, тому їх не прийнято. Введений текст "
             "збережено: виберіть менше файлів або менші файли і надішліть ще раз.")


def _too_big(form) -> None:
    """Files over the total: refused as a field error (the text stays)."""
    raise ValidationError({"files": [_(TOO_BIG, total=file_size(uploads.total_limit()))]})


def _form_page(form: RequestForm, refusal: str | None = None, others=(), code: int = 200):
    form.ticket.data, form.proof.data = guard.new_ticket(), ""
    return render_template("public/request.html", form=form, refusal=refusal, others=others,
                           pow_bits=current_app.config["PUBLIC_POW_BITS"],
                           max_files=current_app.config["PUBLIC_MAX_FILES"],
                           upload_total=uploads.total_limit(),
                           reselect=uploads.files_were_sent()), code


def _registered(limits: guard.Limits, action):
    """Take the submission's places in the limits, do ``action`` and commit; the places are
    given back if anything stops it (nothing was registered)."""
    limits.reserve()
    try:
        result = action()
        db.session.commit()
    except BaseException:
        db.session.rollback()
        limits.release()
        raise
    return result


@bp.route("/request", methods=["GET", "POST"])
def request_form():
    form = RequestForm()
    if not form.validate_on_submit():
        return _form_page(form)
    try:
        if uploads.over_total():
            _too_big(form)
        passed = guard.check_form(form.ticket.data, form.proof.data, form.website.data)
        guard.limits_for("form", request.remote_addr, scripted=passed.scripted).check()
        inp = ops.clean_submission(form.to_raw())
        files = ops.check_files(_uploads(), current_app.config["PUBLIC_MAX_FILES"])
        limits = guard.limits_for("form", request.remote_addr, guard.address_keys(
            inp.requester.email, inp.requester.postal_address), scripted=passed.scripted)
        filed = _registered(limits, lambda: ops.submit(inp, files, via="form"))
    except guard.Refused as exc:
        db.session.rollback()
        return _form_page(form, refusal=_(exc.msgid, **exc.params), code=exc.status)
    except ValidationError as exc:
        db.session.rollback()
        return _form_page(form, others=_show_errors(form, exc),
                          code=413 if uploads.over_total() else 400)
    except DomainError as exc:
        db.session.rollback()
        return _form_page(form, refusal=_(exc.message), code=exc.status)
    req = filed.request
    return _private(make_response(render_template(
        "public/filed.html", req=req, link=status_url(req, filed.code),
        state=state_words(req)), 201))


@bp.errorhandler(CSRFError)
def stale_form(exc):
    """No or a wrong CSRF token (a form left open past its session): the form comes back
    with what was typed, and says so."""
    message = _("Сторінка застаріла. Введене збережено: надішліть форму ще раз.")
    if request.endpoint == "public.request_form":
        return _form_page(RequestForm(), refusal=message, code=400)
    if request.endpoint == "public.find_link":
        return render_template("public/find.html", form=LinkForm(), refusal=message), 400
    return _not_found()


def _not_found():
    """The one answer for a wrong code, an unknown index, or a letter not theirs."""
    return _private(make_response(render_template("public/not_found.html"), 404))


def _letters(req: Request) -> list[Letter]:
    return list(db.session.scalars(select(Letter).where(
        Letter.request_id == req.id, Letter.status == LetterStatus.SENT,
        Letter.kind.in_(REQUESTER_LETTERS)).order_by(Letter.sent_at, Letter.id)))


def _status_page(req: Request, code: str, form: ReplyForm | None = None, status: int = 200):
    log_access(None, "public:view", request=req, address=request.remote_addr)
    db.session.commit()
    form = form or ReplyForm(formdata=None, code=code)
    return _private(make_response(render_template(
        "public/status.html", req=req, code=code, state=state_words(req),
        letters=_letters(req), letter_words=LETTER_WORDS, form=form,
        max_files=current_app.config["PUBLIC_MAX_FILES"], upload_total=uploads.total_limit(),
        reselect=uploads.files_were_sent()), status))


@bp.get("/requests/<path:index>")
def status(index: str):
    code = request.args.get("code", "")
    req = codes.find(index, code)
    if req is None:
        return _not_found()
    return _status_page(req, code)


@bp.post("/requests/<path:index>/reply")
def reply(index: str):
    form = ReplyForm()
    req = codes.find(index, form.code.data)
    if req is None or not form.validate_on_submit():
        return _not_found()
    limits = guard.limits_for("reply", request.remote_addr)
    try:
        limits.check()
        if uploads.over_total():
            _too_big(form)
        files = ops.check_files(_uploads(), current_app.config["PUBLIC_MAX_FILES"])
        _registered(limits, lambda: ops.reply(req, form.text.data, files))
    except ValidationError as exc:
        db.session.rollback()
        for message in _show_errors(form, exc):
            form.text.errors = list(form.text.errors) + [message]
        return _status_page(req, form.code.data, form, 413 if uploads.over_total() else 400)
    except guard.Refused as exc:
        db.session.rollback()
        form.text.errors = [_(exc.msgid, **exc.params)]
        return _status_page(req, form.code.data, form, exc.status)
    flash(_("Ваше уточнення додано до запиту; його опрацює виконавець."), "success")
    return redirect(url_for("public.status", index=req.registration_number,
                            code=form.code.data) + "#reply")


@bp.get("/requests/<path:index>/letters/<int:letter_id>.pdf")
def letter_pdf(index: str, letter_id: int):
    req = codes.find(index, request.args.get("code", ""))
    letter = db.session.get(Letter, letter_id) if req is not None else None
    if (letter is None or letter.request_id != req.id or letter.status != LetterStatus.SENT
            or letter.kind not in REQUESTER_LETTERS or letter.pdf is None):
        return _not_found()
    log_access(None, "public:letter", request=req, address=request.remote_addr)
    db.session.commit()
    name = f"Лист {letter.number.replace('/', '-')}.pdf"
    return _private(Response(letter.pdf, mimetype="application/pdf", headers={
        "Content-Disposition": attachment_disposition(name, f"letter-{letter.id}.pdf",
                                                      "application/pdf")}))


@bp.route("/requests", methods=["GET", "POST"])
def find_link():
    """Index and e-mail → a new status link to the address on file. The page answers the
    same whether or not such a request exists (only the rate limit may say «wait»)."""
    form = LinkForm()
    sent, refusal = False, None
    if form.validate_on_submit():
        limits = guard.limits_for("link", request.remote_addr,
                                  guard.address_keys(form.email.data, None))
        try:
            _registered(limits, lambda: ops.send_status_link(form.index.data, form.email.data))
            sent = True
        except guard.Refused as exc:
            db.session.rollback()
            refusal = _(exc.msgid, **exc.params)
    return render_template("public/find.html", form=form, sent=sent, refusal=refusal), \
        429 if refusal else 200
