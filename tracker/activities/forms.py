from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField

from ..web.forms import DayField


class ActivityForm(FlaskForm):
    measure = TextAreaField(_l("Захід (зміст)"))
    programme = StringField(_l("Програма"))
    category = SelectField(_l("Категорія"), choices=[], validate_choice=False)
    planned = StringField(_l("Річний обсяг фінансування, грн"))
    financed = StringField(_l("Профінансовано, грн"))
    percent_stated = StringField(_l("Відсоток виконання, %"))
    text = TextAreaField(_l("Що зроблено"))
    period_start = DayField(_l("Період з"))
    period_end = DayField(_l("по"))
    tags = StringField(_l("Мітки (через кому)"))
    item_number = StringField(_l("№ з/п"))
    priority_task = TextAreaField(_l("Пріоритетне завдання"))
    term = StringField(_l("Термін виконання"))
    executors = StringField(_l("Виконавці"))

    def to_raw(self) -> dict:
        return {name: getattr(self, name).data for name in (
            "measure", "programme", "category", "planned", "financed", "percent_stated", "text",
            "period_start", "period_end", "tags", "item_number", "priority_task", "term",
            "executors")}


class ImportUploadForm(FlaskForm):
    file = FileField(_l("Файл звіту (.txt, .docx, .xlsx, .csv)"),
                     validators=[FileRequired(_l("Оберіть файл звіту."))])
    programme = StringField(_l("Програма (якщо не вказана в заголовку звіту)"))
    period = StringField(_l("Звітний період (якщо не вказаний), напр. «9 місяців 2018 року»"))


class ImportConfirmForm(FlaskForm):
    token = HiddenField()
    filename = HiddenField()
    programme = HiddenField()
    period = HiddenField()


class CategoryForm(FlaskForm):
    slug = StringField(_l("Код (латиницею)"))
    name = StringField(_l("Назва"))
    active = BooleanField(_l("Діє"), default=True)
