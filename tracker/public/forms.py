"""The public pages' forms: CSRF and what was typed; the rules are in operations.py. The
requester's fields say what they hold (type and autocomplete, WCAG 1.3.5), so a browser can
fill them in; the forms are ``novalidate``: the server's messages are the ones shown."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, HiddenField, MultipleFileField, SelectField, StringField,
                     TextAreaField)
from wtforms.fields import EmailField, TelField

from .labels import CATEGORY_CHOICES


class RequestForm(FlaskForm):
    requester_name = StringField(_l("Прізвище, ім'я, по батькові або найменування організації"),
                                 render_kw={"autocomplete": "name"})
    requester_category = SelectField(_l("Хто запитує"), validate_choice=False,
                                     choices=[(v, _l(label)) for v, label in CATEGORY_CHOICES])
    requester_email = EmailField(_l("Електронна пошта"), render_kw={"autocomplete": "email"})
    requester_postal_address = TextAreaField(_l("Поштова адреса"),
                                             render_kw={"autocomplete": "street-address"})
    requester_phone = TelField(_l("Телефон (необов'язково)"), render_kw={"autocomplete": "tel"})
    subject = StringField(_l("Тема (коротко, необов'язково)"))
    text = TextAreaField(_l("Яку інформацію ви запитуєте"))
    urgent = BooleanField(_l("Терміновий запит: відповідь протягом 48 годин"))
    urgent_reason = TextAreaField(_l("Чому запит терміновий"))
    files = MultipleFileField(_l("Додатки (необов'язково)"))
    #: The signed ticket (time and proof-of-work challenge), the proof, the honeypot.
    ticket = HiddenField()
    proof = HiddenField()
    website = StringField(_l("Не заповнюйте це поле"))

    def to_raw(self) -> dict:
        return {"requester": {"name": self.requester_name.data,
                              "category": self.requester_category.data or "individual",
                              "email": self.requester_email.data,
                              "postal_address": self.requester_postal_address.data,
                              "phone": self.requester_phone.data},
                "subject": self.subject.data, "text": self.text.data,
                "urgent": bool(self.urgent.data), "urgent_reason": self.urgent_reason.data}


class ReplyForm(FlaskForm):
    code = HiddenField()
    text = TextAreaField(_l("Ваше уточнення або відповідь"))
    files = MultipleFileField(_l("Додатки (необов'язково)"))


class LinkForm(FlaskForm):
    index = StringField(_l("Реєстраційний номер запиту"))
    email = EmailField(_l("Електронна пошта, зазначена в запиті"),
                       render_kw={"autocomplete": "email"})
