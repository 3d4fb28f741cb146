"""HTML forms of the register. They carry CSRF and redisplay input; the rules live in
validation.py and operations.py, so a form adds no rule of its own."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

from ..web.forms import WORKDAYS, DayField
from wtforms import (BooleanField, HiddenField, SelectField, StringField,
                     TextAreaField)
from wtforms.fields import DateTimeLocalField

from .models import Category, Channel, Gender, RefusalGround
from .labels import CATEGORY_LABELS, CHANNEL_LABELS, GENDER_LABELS, GROUND_LABELS


class RequestFieldsForm(FlaskForm):
    """The fields registration and correction share."""
    requester_name = StringField(_l("Запитувач (прізвище, ім'я або найменування)"))
    # Choices are checked by validation.py (the same messages as the API), not by WTForms.
    requester_category = SelectField(
        _l("Категорія"), choices=[(c.value, _l(CATEGORY_LABELS[c])) for c in Category],
        validate_choice=False)
    requester_gender = SelectField(
        _l("Граматичний рід"), choices=[("", _l("— (організація)"))] +
        [(g.value, _l(GENDER_LABELS[g])) for g in Gender], validate_choice=False)
    requester_email = StringField(_l("Електронна пошта"))
    requester_postal_address = TextAreaField(_l("Поштова адреса"))
    requester_phone = StringField(_l("Телефон"))
    channel = SelectField(_l("Спосіб надходження"),
                          choices=[(c.value, _l(CHANNEL_LABELS[c])) for c in Channel],
                          validate_choice=False)
    received_at = DateTimeLocalField(_l("Надійшов"), format="%Y-%m-%dT%H:%M")
    subject = StringField(_l("Короткий зміст"))
    text = TextAreaField(_l("Текст запиту"))
    sender_number = StringField(_l("Вихідний номер документа запитувача"))
    # Text, not a date field: a wrong date comes back as typed, with the service's message.
    sender_date = StringField(_l("Дата документа запитувача"), render_kw={"type": "date"})

    def requester_raw(self) -> dict:
        return {"name": self.requester_name.data, "category": self.requester_category.data,
                "gender": self.requester_gender.data or None,
                "email": self.requester_email.data,
                "postal_address": self.requester_postal_address.data,
                "phone": self.requester_phone.data}

    def received_raw(self) -> str | None:
        """The browser's datetime-local value has no offset: it is Kyiv time."""
        if self.received_at.data:
            return self.received_at.data.isoformat()
        return None if not self.received_at.raw_data or not self.received_at.raw_data[0] \
            else "invalid"


class RegistrationForm(RequestFieldsForm):
    signed = BooleanField(_l("Письмовий запит підписаний і датований"), default=True)
    urgent = BooleanField(_l("Терміновий (48 годин)"))
    urgent_reason = TextAreaField(_l("Обґрунтування терміновості"))
    executor = SelectField(_l("Виконавець"), choices=[], validate_choice=False)
    registration_number = StringField(_l("Індекс (лише для перенесення старого журналу)"))

    def to_raw(self) -> dict:
        """The values in the shape validation.validate_registration expects."""
        return {
            "requester": self.requester_raw(),
            "channel": self.channel.data,
            "received_at": self.received_raw(),
            "subject": self.subject.data, "text": self.text.data,
            "signed": self.signed.data, "urgent": self.urgent.data,
            "urgent_reason": self.urgent_reason.data,
            "executor": self.executor.data or None,
            "registration_number": self.registration_number.data,
            "sender_number": self.sender_number.data, "sender_date": self.sender_date.data,
        }


class EditForm(RequestFieldsForm):
    """Correcting a registered request (editing.edit_request decides who changes what)."""
    reason = TextAreaField(_l("Причина зміни часу надходження"))
    tags = StringField(_l("Мітки"), render_kw={"placeholder": _l("напр. ЖКГ, бюджет")})
    version = HiddenField()

    def fill(self, req, tz) -> None:
        r = req.requester
        self.requester_name.data, self.requester_category.data = r.name, r.category.value
        self.requester_gender.data = r.gender.value if r.gender else ""
        self.requester_email.data, self.requester_phone.data = r.email, r.phone
        self.requester_postal_address.data = r.postal_address
        self.channel.data, self.subject.data, self.text.data = req.channel.value, req.subject, req.text
        self.sender_number.data = req.sender_number
        self.sender_date.data = req.sender_date.isoformat() if req.sender_date else ""
        self.received_at.data = req.received_at.astimezone(tz).replace(tzinfo=None)
        self.tags.data = ", ".join(sorted(t.tag for t in req.tags))
        self.version.data = req.version

    def to_raw(self, req, tz, *, full: bool, receipt: bool) -> dict:
        """What the user may change, in edit_request's shape; the received time only when
        it was changed (the field has minutes, the stored moment may have seconds)."""
        raw = {"version": self.version.data, "tags": self.tags.data or ""}
        if full:
            raw.update(requester=self.requester_raw(), channel=self.channel.data,
                       subject=self.subject.data, text=self.text.data,
                       sender_number=self.sender_number.data, sender_date=self.sender_date.data)
        if receipt:
            shown = req.received_at.astimezone(tz).replace(tzinfo=None, second=0, microsecond=0)
            if self.received_at.data != shown:
                raw["received_at"] = self.received_raw()
            raw["reason"] = self.reason.data
        return raw


class BulkForm(FlaskForm):
    """Assign or close the requests ticked on the list (checkboxes ``ids``: "id:version")."""
    action = SelectField(_l("Дія з позначеними"), choices=[
        ("close", _l("Закрити")), ("assign", _l("Призначити виконавця"))], validate_choice=False)
    executor = SelectField(_l("Виконавець"), choices=[], validate_choice=False)
    reason = StringField(_l("Причина закриття"))
    confirm = HiddenField()


class ActionForm(FlaskForm):
    """Every action form carries the version of the request the user saw."""
    version = HiddenField()


class AssignForm(ActionForm):
    executor = SelectField(_l("Виконавець"), choices=[], validate_choice=False)


class ExtendForm(ActionForm):
    reason = TextAreaField(_l("Причина продовження"))


class ForwardForm(ActionForm):
    holder_name = StringField(_l("Розпорядник, якому пересилається"))
    holder_address = TextAreaField(_l("Адреса розпорядника"))


class DeferForm(ActionForm):
    new_date = DayField(_l("Нова дата"), render_kw=WORKDAYS)
    reason = TextAreaField(_l("Причини відстрочки"))


class RefuseForm(ActionForm):
    ground = SelectField(_l("Підстава відмови"),
                         choices=[(g.value, _l(GROUND_LABELS[g])) for g in RefusalGround])
    explanation = TextAreaField(_l("Обґрунтування"))


class AnswerForm(ActionForm):
    result = SelectField(_l("Результат"), choices=[("full", _l("Надано повністю")),
                                                   ("partial", _l("Надано частково"))])
    answered_on = DayField(_l("Дата відповіді"), render_kw=WORKDAYS)


class CloseForm(ActionForm):
    pass


class VoidForm(ActionForm):
    reason = TextAreaField(_l("Чому реєстрація помилкова"),
                           render_kw={"placeholder": _l("напр. той самий лист надійшов і "
                                                        "поштою, і електронною поштою")})
    duplicate_of = StringField(_l("Індекс запиту, який цей дублює (якщо дублікат)"))


class RestoreForm(ActionForm):
    reason = TextAreaField(_l("Чому реєстрацію відновлено"))


ACTION_FORMS = {"assign": AssignForm, "extend": ExtendForm, "forward": ForwardForm,
                "defer": DeferForm, "refuse": RefuseForm, "answer": AnswerForm,
                "close": CloseForm, "void": VoidForm, "restore": RestoreForm}


class OverrideForm(FlaskForm):
    day = DayField(_l("Дата"), required=True, render_kw=WORKDAYS)
    is_working = SelectField(_l("Тип"), choices=[("0", _l("Додатковий вихідний")),
                                                 ("1", _l("Додатковий робочий день"))])
    note = StringField(_l("Підстава (рішення, розпорядження)"))


class MartialLawForm(FlaskForm):
    # Text, not a date input: the operation reads YYYY-MM-DD or DD.MM.YYYY and answers a bad
    # date in words, keeping what was typed.
    martial_law_until = StringField(_l("Воєнний стан діє до (включно)"),
                                    render_kw={"placeholder": _l("ДД.ММ.РРРР")})
