"""The council settings form: one text field per setting, the signatory as a user select."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField

from .fields import FIELDS


def settings_form(users, data=None) -> FlaskForm:
    """A form class built from ``fields.FIELDS`` (names: the keys in lower case)."""

    class SettingsForm(FlaskForm):
        pass

    for f in FIELDS:
        if f.kind == "user":
            choices = [("", _("— перший активний керівник —"))] + [
                (u.email, f"{u.name} ({u.email})") for u in users]
            setattr(SettingsForm, f.name, SelectField(f.label, choices=choices,
                                                      validate_choice=False))
        else:
            setattr(SettingsForm, f.name, StringField(f.label))
    return SettingsForm(data=data)


class ResetForm(FlaskForm):
    """«Скинути до типового»: the key comes with the button pressed (empty: all)."""
