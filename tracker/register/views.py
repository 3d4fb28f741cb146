"""HTML screens of the register: dashboard, list, registration, request page, actions."""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from flask_babel import format_date, get_locale, gettext as _, ngettext

from ..auth import permissions as perm
from ..auth.access import roles_required
from ..auth.models import Role, User
from ..auth.queries import user_names
from ..core.errors import DomainError, ErrorCollector, ValidationError
from ..core.timeutil import iso_day, utcnow
from ..web.formats import page_date
from ..web.forms import run_operation
from ..extensions import db
from ..intake.models import Attachment, IntakeMessage
from ..letters.labels import KIND_LABELS, SHORT_LABELS as LETTER_SHORT_LABELS
from ..letters.operations import letters_of
from ..reminders.models import SentReminder
from ..search import marker as search_marks
from . import calendar_admin
from .duplicates import duplicate_candidates
from . import operations as ops
from .actions import perform_action
from .bulk import bulk_apply, parse_selection
from .editing import RECEIPT_EDITORS, edit_request
from .filters import filters_from_args
from .labels import ACTION_DONE, ACTION_LABELS, OUTCOME_LABELS, executor_emails
from .forms import ACTION_FORMS, BulkForm, EditForm, MartialLawForm, OverrideForm, RegistrationForm
from .models import CalendarOverride
from .queries import Clock, dashboard as dashboard_query, request_page, timeline
from .settings import current_settings, load_calendar, martial_law_setting
from .validation import validate_registration

bp = Blueprint("register", __name__)
LETTER_KINDS = [(k.value, label) for k, label in KIND_LABELS.items()
                if k.value != "forwarding_holder"]

def executor_choices() -> list[tuple[str, str]]:
    users = db.session.scalars(select(User).where(
        User.active.is_(True), User.role.in_(perm.EXECUTOR_ROLES)).order_by(User.name)).all()
    return [("", "— " + _("не призначено") + " —")] + [
        (u.email, f"{u.name} ({_(u.role_label)})") for u in users]


@bp.route("/")
@login_required
def dashboard():
    clock = Clock.current()
    data = dashboard_query(clock, current_user.id)
    return render_template("register/dashboard.html", data=data, clock=clock)


@bp.route("/requests")
@login_required
def request_list():
    clock = Clock.current()
    f = filters_from_args(request.args, page_size=clock.settings.page_size,
                          me_id=current_user.id,
                          sees_all_contacts=current_user.role in perm.SUPERVISORS)
    for messages in f.errors.values():
        for m in messages:
            flash(m, "error")
    cap = current_app.config["LIST_COUNT_CAP"]
    listed = request_page(f, clock, count_cap=cap)
    items, total = listed.items, listed.total
    executors = db.session.scalars(select(User).where(User.role.in_(perm.EXECUTOR_ROLES))
                                   .order_by(User.name)).all()
    bulk = BulkForm(formdata=None)
    bulk.executor.choices = [("", "— " + _("оберіть") + " —")] + [
        (u.email, u.name) for u in executors if u.active]
    estimated = not listed.exact and total > cap + 1  # PostgreSQL's estimate, beyond the cap
    counted = total if listed.exact or estimated else cap
    page = render_template("register/list.html", items=items, total=total, f=f, clock=clock,
                           capped=not listed.exact, cap=cap, bulk=bulk, estimated=estimated,
                           can_act_on=perm.can_act_on, listed=listed,
                           pages=max(1, -(-counted // f.per_page)), executors=executors,
                           args=request.args, marks=search_marks(f.search))
    # The list shows requesters' names: one access-log row for the page, after rendering.
    ops.log_access(current_user, "list", request_ids=[r.id for r in items], address=request.remote_addr)
    db.session.commit()
    return page


def _warn_of_duplicates(req) -> None:
    """The same letter may have come twice (by post and by e-mail): say so once it is
    registered, with what to do."""
    for other in duplicate_candidates(req.requester.email, req.text or "",
                                      name=req.requester.name, exclude=req.id):
        flash(_("Схожий запит уже зареєстровано: № %(n)s від %(date)s — той самий запитувач, "
                "майже той самий текст. Якщо це той самий лист, анулюйте нову реєстрацію на "
                "сторінці запиту («Анулювати реєстрацію»).", n=other.registration_number,
                date=page_date(other.received_date)), "warning")


@bp.route("/requests/new", methods=["GET", "POST"])
@roles_required(*perm.REGISTRARS)
def request_new():
    form = RegistrationForm()
    form.executor.choices = executor_choices()
    settings = current_settings()
    if request.method == "GET":
        form.received_at.data = utcnow().astimezone(settings.tz).replace(second=0, microsecond=0,
                                                                         tzinfo=None)
    if submitted(form):
        def register_from_form():
            raw = form.to_raw()
            try:
                inp = validate_registration(raw, tz=settings.tz, now=utcnow(),
                                            skew=settings.future_skew)
            except ValidationError as exc:
                # The database's refusals too, so that every error shows at once.
                ops.reference_errors(collected := ErrorCollector(), raw["executor"],
                                     raw["registration_number"], utcnow().astimezone(settings.tz).year)
                raise ValidationError({**exc.errors, **collected.errors}) from None
            return ops.register_request(current_user, inp, settings)
        ok, req = run_operation(form, register_from_form)
        if ok:
            _warn_of_duplicates(req)
            flash(_("Запит зареєстровано за № %(n)s; відповісти до %(due)s.",
                    n=req.registration_number, due=page_date(req.due_date)), "success")
            if req.missing_items:
                flash(_("Запит не містить обов'язкових реквізитів (ч. 5 ст. 19): перевірте "
                        "позначки на сторінці запиту."), "warning")
            return redirect(url_for("register.request_view", request_id=req.id))
    return render_template("register/new.html", form=form)


def submitted(form) -> bool:
    """A POST with a good CSRF token: the domain rules then check every field at once (and
    say what is wrong in Ukrainian), instead of WTForms stopping at an unreadable date."""
    if not form.is_submitted():
        return False
    form.validate()
    if form.errors.get("csrf_token"):
        for m in form.errors["csrf_token"]:
            flash(m, "error")
        return False
    for f in form:
        f.errors = []
    return True


def _render_request_page(req, failed_form=None, failed_action=None, status=200):
    """The request page; a failed action's form is shown open, with what was typed."""
    can_assign = current_user.role in perm.SUPERVISORS
    forms = {}
    for name, cls in ACTION_FORMS.items():
        form = failed_form if name == failed_action else cls(prefix=name, formdata=None,
                                                             version=req.version)
        if name == "assign" and req.is_open and can_assign:  # the only form that needs users
            form.executor.choices = executor_choices()
        forms[name] = form
    mail = db.session.scalars(select(IntakeMessage).where(IntakeMessage.request_id == req.id)
                              .order_by(IntakeMessage.received_at)).unique().all()
    files = db.session.scalars(select(Attachment).where(Attachment.request_id == req.id)
                               .order_by(Attachment.id)).all()
    reminders = db.session.scalars(select(SentReminder).where(SentReminder.request_id == req.id)
                                   .options(joinedload(SentReminder.outbox))
                                   .order_by(SentReminder.id)).all()
    events = timeline(req.id)
    return render_template("register/view.html", req=req, clock=Clock.current(), forms=forms,
                           events=events, names=user_names(executor_emails(events),
                                            [req.executor] + [e.actor for e in events]),
                           OUTCOME_LABELS=OUTCOME_LABELS, tr=_,
                           labels=ACTION_LABELS, mail=mail, files=files,
                           reminders=reminders, letters=letters_of(req),
                           letter_kinds=LETTER_KINDS, LETTER_SHORT_LABELS=LETTER_SHORT_LABELS,
                           open_action=failed_action,
                           can_act=perm.can_act_on(current_user, req),
                           can_assign=can_assign), status


@bp.route("/requests/<int:request_id>")
@login_required
def request_view(request_id: int):
    req = ops.get_request(request_id)
    page = _render_request_page(req)
    # Logged after rendering (but before the page leaves): a commit first would expire the
    # loaded request and user and the page would load them all again.
    ops.log_access(current_user, "view", request=req, address=request.remote_addr)
    db.session.commit()
    return page


@bp.route("/requests/<int:request_id>/actions/<action>", methods=["POST"])
@login_required
def request_action(request_id: int, action: str):
    if action not in ACTION_FORMS:
        abort(404)
    req = ops.get_request(request_id)
    perm.require_can_act(current_user, req)
    form = ACTION_FORMS[action](prefix=action)
    if action == "assign":
        form.executor.choices = executor_choices()
    if action == "close" and form.validate_on_submit() and request.form.get("confirm") != "1":
        # Closing is final: a second step asks first (app.js shows it as a dialog).
        return render_template("register/confirm_close.html", req=req, form=form)
    if form.validate_on_submit():
        payload = {k: v for k, v in form.data.items() if k != "csrf_token"}
        ok, _done = run_operation(form, perform_action, current_user, req, action, payload)
        if ok:
            flash(_(ACTION_DONE[action]), "success")
            return redirect(url_for("register.request_view", request_id=request_id))
    else:
        for field, messages in form.errors.items():
            for m in messages:
                flash(f"{getattr(form, field).label.text if hasattr(form, field) else field}: {m}",
                      "error")
    # Re-show the page with this action's form as typed, so nothing is lost.
    db.session.expire_all()
    return _render_request_page(ops.get_request(request_id), form, action, status=400)


@bp.route("/requests/<int:request_id>/tags", methods=["POST"])
@login_required
def request_tags(request_id: int):
    from ..web.forms import EmptyForm
    req = ops.get_request(request_id)
    perm.require_can_act(current_user, req)
    form = EmptyForm()
    if form.validate_on_submit():
        ok, _done = run_operation(form, ops.set_tags, current_user, req, request.form.get("tags", ""))
        if ok:
            flash(_("Мітки збережено."), "success")
    return redirect(url_for("register.request_view", request_id=request_id))


@bp.route("/calendar/days")
@login_required
def calendar_days():
    """Working and non-working days of a range (for the date picker), at most ~14 months."""
    from flask import jsonify
    try:
        start = iso_day(request.args.get("from", ""))
        end = iso_day(request.args.get("to", ""))
    except ValueError:
        return jsonify({"error": _("Очікуються дати from і to: РРРР-ММ-ДД.")}), 400
    if end < start or (end - start).days > 430:
        return jsonify({"error": _("Неправильний діапазон дат.")}), 400
    cal = load_calendar()
    return jsonify({"days": {day.isoformat(): {"working": working, "holiday": name}
                             for day, working, name in cal.days_in_range(start, end,
                                                                         holiday_language())}})


def holiday_language() -> str:
    """holidays.UA's language for the page's: Ukrainian, or American English."""
    return "uk" if str(get_locale() or "uk") == "uk" else "en_US"


def _calendar_page(form: OverrideForm, law_form: MartialLawForm):
    overrides = db.session.scalars(select(CalendarOverride).order_by(CalendarOverride.day.desc())).all()
    today = Clock.current().today
    cal = load_calendar()
    start = today.replace(day=1)
    days = list(cal.days_in_range(start, start + dt.timedelta(days=60), holiday_language()))
    return render_template("register/calendar.html", form=form, overrides=overrides, days=days,
                           law_form=law_form, law=martial_law_setting(),
                           weekday_abbr=lambda day: format_date(day, "EEE"))


def _martial_law_form(formdata=None) -> MartialLawForm:
    law_form = MartialLawForm(formdata=formdata)
    if formdata is None:
        until = martial_law_setting().until
        law_form.martial_law_until.data = until.strftime("%d.%m.%Y") if until else ""
    return law_form


@bp.route("/admin/calendar", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def calendar():
    form = OverrideForm()
    if form.validate_on_submit():
        ok, _done = run_operation(form, calendar_admin.set_override, current_user, form.day.data,
                              form.is_working.data == "1", form.note.data)
        if ok:
            flash(_("Календар оновлено."), "success")
            return redirect(url_for("register.calendar"))
    return _calendar_page(form, _martial_law_form())


@bp.route("/admin/calendar/martial-law", methods=["POST"])
@roles_required(Role.ADMIN)
def calendar_martial_law():
    law_form = _martial_law_form(request.form)
    if law_form.validate_on_submit():
        ok, moved = run_operation(law_form, calendar_admin.set_martial_law_until, current_user,
                                  law_form.martial_law_until.data)
        if ok:
            flash(_("Дату закінчення воєнного стану збережено; строки відкритих запитів "
                    "перераховано (змінено: %(n)s).", n=moved), "success")
            return redirect(url_for("register.calendar"))
    return _calendar_page(OverrideForm(formdata=None), law_form)


@bp.route("/admin/calendar/<day>/delete", methods=["POST"])
@roles_required(Role.ADMIN)
def calendar_delete(day: str):
    from ..web.forms import EmptyForm
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        calendar_admin.remove_override(current_user, dt.date.fromisoformat(day))
        db.session.commit()
    except ValueError:
        abort(404)
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        flash(_("Виняток видалено."), "success")
    return redirect(url_for("register.calendar"))


# --- correcting a request, acting on several from the list ---------------------------------

BULK_FIELD_MAP = {"ids": "action"}


@bp.route("/requests/<int:request_id>/edit", methods=["GET", "POST"])
@login_required
def request_edit(request_id: int):
    req = ops.get_request(request_id)
    perm.require_can_act(current_user, req)
    tz = current_settings().tz
    full = current_user.role in perm.SUPERVISORS
    receipt = current_user.role in RECEIPT_EDITORS
    form = EditForm()
    if request.method == "GET":
        form.fill(req, tz)
    status = 200
    if submitted(form):
        ok, event = run_operation(form, edit_request, current_user, req,
                                  form.to_raw(req, tz, full=full, receipt=receipt))
        if ok:
            flash(_("Зміни збережено; їх записано в історії запиту.") if event else
                  _("Змін немає: нічого не збережено."), "success")
            return redirect(url_for("register.request_view", request_id=request_id))
        status = 400 if form.errors else 409
        req = ops.get_request(request_id)
    return render_template("register/edit.html", req=req, form=form, full=full,
                           receipt=receipt), status


@bp.route("/requests/bulk", methods=["POST"])
@login_required
def request_bulk():
    form = BulkForm()
    form.executor.choices = executor_choices()
    back = request.form.get("next") or url_for("register.request_list")
    if not back.startswith("/") or back.startswith("//"):
        back = url_for("register.request_list")
    if not submitted(form):
        return redirect(back)
    selection = parse_selection(request.form.getlist("ids"))
    if form.action.data == "close" and not (form.reason.data or "").strip():
        flash(_("Причина закриття: зазначте її — вона буде записана до кожного запиту."),
              "error")
        return redirect(back)
    if form.action.data == "close" and selection and form.confirm.data != "1":
        # Closing is final: a second step asks first (app.js shows it as a dialog).
        return render_template("register/confirm_close.html", req=None, form=form,
                               selection=request.form.getlist("ids"), back=back)
    ok, result = run_operation(form, bulk_apply, current_user, selection, form.action.data,
                               executor_email=form.executor.data or None,
                               reason=form.reason.data, field_map=BULK_FIELD_MAP)
    if ok:
        done = len(result.done)
        word = (ngettext("%(num)s закрито", "%(num)s закрито", done) if result.action == "close"
                else ngettext("%(num)s призначено", "%(num)s призначено", done))
        message = word
        if result.skipped:
            why = "; ".join(f"{number} — {reason}" for number, reason in result.skipped[:10])
            more = "…" if len(result.skipped) > 10 else ""
            message += ", " + _("%(n)s пропущено (%(why)s)", n=len(result.skipped),
                                why=why + more)
        flash(message + ".", "success" if done else "warning")
    else:
        for field in form:
            for m in field.errors:
                flash(f"{field.label.text}: {m}" if field.label.text else m, "error")
    return redirect(back)
