from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, EmailField, IntegerField, PasswordField, SelectField,
                     StringField)
from wtforms.widgets import HiddenInput
from wtforms.validators import DataRequired, NumberRange

from .models import ROLE_LABELS

ROLE_CHOICES = [(r.value, _l(label)) for r, label in ROLE_LABELS.items()]
#: A new user's role has no default: the admin chooses (least privilege, no silent admin).
NO_ROLE = ("", _l("— оберіть роль —"))
ROLE_REQUIRED = _l("Оберіть роль: від неї залежить, що користувач бачить і може робити.")


class LoginForm(FlaskForm):
    email = EmailField(_l("Електронна пошта"), validators=[DataRequired(_l("Введіть адресу."))])
    password = PasswordField(_l("Пароль"), validators=[DataRequired(_l("Введіть пароль."))])
    remember = BooleanField(_l("Запам'ятати мене"))


class UserForm(FlaskForm):
    email = EmailField(_l("Електронна пошта"))
    name = StringField(_l("Ім'я та прізвище"))
    patronymic = StringField(_l("По батькові (для листів: закон вимагає повне ім'я посадової "
                                "особи)"))
    role = SelectField(_l("Роль"), choices=[NO_ROLE, *ROLE_CHOICES],
                       validators=[DataRequired(ROLE_REQUIRED)])
    position = StringField(_l("Посада"))
    phone = StringField(_l("Телефон"))
    active = BooleanField(_l("Активний"), default=True)
    password = PasswordField(_l("Пароль (щонайменше 12 символів; порожньо — згенерувати)"))


class PasswordChangeForm(FlaskForm):
    current = PasswordField(_l("Поточний пароль"), render_kw={"autocomplete": "current-password"})
    new = PasswordField(_l("Новий пароль"), render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(_l("Новий пароль ще раз"), render_kw={"autocomplete": "new-password"})


class TokenIssueForm(FlaskForm):
    """«Видати токен»: the admin issues a user a token for days (shown once)."""
    days = IntegerField(_l("Строк дії, днів"), validators=[
        DataRequired(_l("Вкажіть строк дії в днях.")),
        NumberRange(min=1, message=_l("Щонайменше 1 день."))])


class AccessLogFilter(FlaskForm):
    """The access log's filter (GET): by request, by user, by kind of read."""
    class Meta:
        csrf = False

    request = StringField(_l("Запит (номер у системі або реєстраційний індекс)"))
    user = SelectField(_l("Хто"), choices=[], validate_choice=False)
    action = SelectField(_l("Дія"), choices=[], validate_choice=False)


class TokenRevokeForm(FlaskForm):
    """One «Відкликати» button per token; the token is named by a hidden field."""
    token_id = IntegerField(widget=HiddenInput(), validators=[NumberRange(1, 2**31 - 1)])
