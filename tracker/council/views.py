"""«Налаштування ради» (admin): the council's details, payee, index, working day and
reminder times; each value in force is the admin's saved one or the environment default."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ..auth.access import roles_required
from ..auth.models import Role
from ..core.council_settings import all_settings
from ..web.forms import run_operation
from . import operations as ops
from .fields import BY_KEY, FIELDS, GROUPS, iban_fault
from .forms import ResetForm, settings_form

bp = Blueprint("council", __name__)


def _render(form, status: int = 200):
    saved = {k: v for k, v in all_settings().items() if k in BY_KEY}
    iban_problem = iban_fault(ops.in_force("COUNCIL_IBAN"))
    return render_template("council/settings.html", form=form, groups=GROUPS,
                           saved=saved, defaults={f.key: ops.default_of(f.key) for f in FIELDS},
                           reset_form=ResetForm(), iban_problem=iban_problem), status


@bp.route("/admin/council", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def settings():
    users = ops.active_users()
    form = settings_form(users, data={f.name: ops.in_force(f.key) for f in FIELDS})
    signatory = form[BY_KEY["LETTER_SIGNATORY"].name]
    current = ops.in_force("LETTER_SIGNATORY")
    if current and current.lower() not in {v for v, _label in signatory.choices}:
        signatory.choices.append((current, _("%(email)s (немає такого активного користувача)",
                                             email=current)))
    if request.method == "POST":
        if form.validate_on_submit():
            values = {f.key: form[f.name].data for f in FIELDS}
            ok, changed = run_operation(form, ops.save_settings, current_user, values)
            if ok:
                flash(ngettext("Збережено змін: %(num)s.", "Збережено змін: %(num)s.",
                               len(changed)) if changed else _("Змін немає."), "success")
                return redirect(url_for("council.settings"))
            return _render(form, 400)
        flash(_("Форму не збережено: оновіть сторінку й спробуйте ще раз."), "error")
        return _render(form, 400)
    return _render(form)


@bp.route("/admin/council/reset", methods=["POST"])
@roles_required(Role.ADMIN)
def reset():
    """«Скинути до типового»: one setting (``key``) or all of them (``key`` empty)."""
    form = ResetForm()
    key = request.form.get("key") or None
    if form.validate_on_submit() and (key is None or key in BY_KEY):
        ok, cleared = run_operation(form, ops.reset, current_user, key)
        if ok:
            label = BY_KEY[key].label if key else None
            if key and not cleared:
                message = _("«%(label)s» і так типове.", label=label)
            elif key:
                message = _("«%(label)s»: діє типове значення.", label=label)
            else:
                message = ngettext("Усі налаштування скинуто до типових (було збережено: %(num)s).",
                                   "Усі налаштування скинуто до типових (було збережено: %(num)s).",
                                   len(cleared))
            flash(message, "success")
    else:
        flash(_("Не вдалося скинути: оновіть сторінку й спробуйте ще раз."), "error")
    return redirect(url_for("council.settings"))
