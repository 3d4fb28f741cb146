"""Letter forms. They carry CSRF and redisplay input; the rules are in fields.clean_fields
(the same for the API), so the fields of kinds not shown on the page never block the form."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

from ..web.forms import WORKDAYS, DayField
from flask_wtf.file import FileField
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import NumberRange, Optional

from ..letters.costs import FORMAT_LABELS
from ..register.models import RefusalGround
from ..register.labels import GROUND_LABELS


class DraftForm(FlaskForm):
    """The kind's own fields; only those of the chosen kind are read."""
    result = SelectField(_l("Відповідь"), choices=[("full", _l("Повна")),
                                                   ("partial", _l("Часткова"))],
                         validate_choice=False)
    reason = TextAreaField(_l("Причина"))
    holder_name = StringField(_l("Належний розпорядник"))
    holder_address = TextAreaField(_l("Адреса розпорядника (e-mail або поштова)"))
    ground = SelectField(_l("Підстава відмови"),
                         choices=[(g.value, _l(GROUND_LABELS[g])) for g in RefusalGround],
                         validate_choice=False)
    explanation = TextAreaField(_l("Обґрунтування відмови"))
    refused_parts = TextAreaField(_l("Що саме не надається (частина запиту, в якій відмовлено)"))
    interest = TextAreaField(_l("Інтерес, в якому обмежується доступ (ч. 2 ст. 6, п. 1)"))
    harm = TextAreaField(_l("Істотна шкода, якої може завдати розголошення (п. 2)"))
    balance = TextAreaField(_l("Чому шкода переважає суспільний інтерес в отриманні (п. 3)"))
    holder_reason = TextAreaField(_l("Чому цей орган є належним розпорядником"))
    new_date = DayField(_l("Нова дата"), render_kw=WORKDAYS)
    pages = IntegerField(_l("Кількість сторінок"), validators=[Optional()])
    format = SelectField(_l("Формат копій"),
                         choices=[(k, _l(label)) for k, label in FORMAT_LABELS.items()],
                         validate_choice=False)
    exempt_ground = SelectField(
        _l("Плата за копії (стаття 21)"),
        choices=[("", _l("Стягується за ставкою ради (понад 10 сторінок)")),
                 ("public_interest", _l("Не стягується: інформація становить суспільний інтерес")),
                 ("personal", _l("Не стягується: інформація про самого запитувача"))],
        validate_choice=False)


#: The letter's own words are Ukrainian whatever the interface language (the law's).
LETTER_TEXT = {"lang": "uk"}


class EditForm(FlaskForm):
    addressee = StringField(_l("Адресат (у давальному відмінку)"), render_kw=LETTER_TEXT)
    addressee_lines = TextAreaField(_l("Адреса адресата"), render_kw=LETTER_TEXT)
    text = TextAreaField(_l("Текст листа"), render_kw=LETTER_TEXT)
    signatory_position = StringField(_l("Посада підписувача"), render_kw=LETTER_TEXT)
    signatory_name = StringField(_l("Ім'я ПРІЗВИЩЕ підписувача"), render_kw=LETTER_TEXT)


class FileForm(FlaskForm):
    """A file for the letter: a released document or the signed copy, or a request's file."""
    kind = SelectField(_l("Вид файлу"),
                       choices=[("attachment", _l("Документ, що надається (додаток)")),
                                ("signed", _l("Підписаний примірник (скан або КЕП)"))],
                       validate_choice=False)
    file = FileField(_l("Файл"))
    pages = IntegerField(_l("Аркушів (для DOCX/XLSX/ODT)"), validators=[Optional(),
                                                                        NumberRange(1, 10_000)])
    attachment_id = StringField(_l("Файл запиту"))
    title = StringField(_l("Назва документа в додатку"), render_kw={"lang": "uk"})


class FileTitleForm(FlaskForm):
    title = StringField(_l("Назва документа в додатку"), render_kw={"lang": "uk"})


class ReturnForm(FlaskForm):
    comment = TextAreaField(_l("Коментар для автора листа"))


class BlankForm(FlaskForm):
    file = FileField(_l("Бланк листа (DOCX з гербом і реквізитами)"))
