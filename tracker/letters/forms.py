"""Letter forms. They carry CSRF and redisplay input; the rules are in operations.clean_fields
(the same for the API), so the fields of kinds not shown on the page never block the form."""
from flask_wtf import FlaskForm

from ..web.forms import WORKDAYS
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import Optional

from ..letters.costs import FORMAT_LABELS
from ..register.models import RefusalGround
from ..register.labels import GROUND_LABELS


class DraftForm(FlaskForm):
    """The kind's own fields; only those of the chosen kind are read."""
    result = SelectField("Відповідь", choices=[("full", "Повна"), ("partial", "Часткова")],
                         validate_choice=False)
    reason = TextAreaField("Причина")
    holder_name = StringField("Належний розпорядник")
    holder_address = TextAreaField("Адреса розпорядника (e-mail або поштова)")
    ground = SelectField("Підстава відмови",
                         choices=[(g.value, GROUND_LABELS[g]) for g in RefusalGround],
                         validate_choice=False)
    explanation = TextAreaField("Обґрунтування відмови")
    new_date = DateField("Нова дата", validators=[Optional()], render_kw=WORKDAYS)
    pages = IntegerField("Кількість сторінок", validators=[Optional()])
    format = SelectField("Формат копій", choices=list(FORMAT_LABELS.items()),
                         validate_choice=False)
    exempt = BooleanField("Суспільно необхідна або інформація про самого запитувача (без плати)")


class EditForm(FlaskForm):
    addressee = StringField("Адресат (у давальному відмінку)")
    addressee_lines = TextAreaField("Адреса адресата")
    text = TextAreaField("Текст листа")
    signatory_position = StringField("Посада підписувача")
    signatory_name = StringField("Ім'я ПРІЗВИЩЕ підписувача")
