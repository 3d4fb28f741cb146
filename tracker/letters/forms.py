"""Letter forms. They carry CSRF and redisplay input; the rules are in operations.clean_fields
(the same for the API), so the fields of kinds not shown on the page never block the form."""
from flask_wtf import FlaskForm

from ..web.forms import WORKDAYS
from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import NumberRange, Optional

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
    refused_parts = TextAreaField("Що саме не надається (частина запиту, в якій відмовлено)")
    interest = TextAreaField("Інтерес, в якому обмежується доступ (ч. 2 ст. 6, п. 1)")
    harm = TextAreaField("Істотна шкода, якої може завдати розголошення (п. 2)")
    balance = TextAreaField("Чому шкода переважає суспільний інтерес в отриманні (п. 3)")
    holder_reason = TextAreaField("Чому цей орган є належним розпорядником")
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


class FileForm(FlaskForm):
    """A file for the letter: a released document or the signed copy, or a request's file."""
    kind = SelectField("Вид файлу", choices=[("attachment", "Документ, що надається (додаток)"),
                                             ("signed", "Підписаний примірник (скан або КЕП)")],
                       validate_choice=False)
    file = FileField("Файл")
    pages = IntegerField("Аркушів (для DOCX/XLSX/ODT)", validators=[Optional(),
                                                                    NumberRange(1, 10_000)])
    attachment_id = StringField("Файл запиту")


class ReturnForm(FlaskForm):
    comment = TextAreaField("Коментар для автора листа")


class BlankForm(FlaskForm):
    file = FileField("Бланк листа (DOCX з гербом і реквізитами)")
