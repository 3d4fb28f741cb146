from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired

from .models import ROLE_LABELS

ROLE_CHOICES = [(r.value, label) for r, label in ROLE_LABELS.items()]


class LoginForm(FlaskForm):
    email = EmailField(_l("Електронна пошта"), validators=[DataRequired(_l("Введіть адресу."))])
    password = PasswordField(_l("Пароль"), validators=[DataRequired(_l("Введіть пароль."))])
    remember = BooleanField(_l("Запам'ятати мене"))


class UserForm(FlaskForm):
    email = EmailField("Електронна пошта")
    name = StringField("Ім'я та прізвище")
    role = SelectField("Роль", choices=ROLE_CHOICES)
    position = StringField("Посада")
    phone = StringField("Телефон")
    active = BooleanField("Активний", default=True)
    password = PasswordField("Пароль (щонайменше 12 символів; порожньо — згенерувати)")
