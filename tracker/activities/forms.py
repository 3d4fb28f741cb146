from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, HiddenField, SelectField, StringField, TextAreaField


class ActivityForm(FlaskForm):
    measure = TextAreaField("Захід (зміст)")
    programme = StringField("Програма")
    category = SelectField("Категорія", choices=[], validate_choice=False)
    planned = StringField("Річний обсяг фінансування, грн")
    financed = StringField("Профінансовано, грн")
    percent_stated = StringField("Відсоток виконання, %")
    text = TextAreaField("Що зроблено")
    period_start = DateField("Період з")
    period_end = DateField("по")
    tags = StringField("Мітки (через кому)")
    item_number = StringField("№ з/п")
    priority_task = TextAreaField("Пріоритетне завдання")
    term = StringField("Термін виконання")
    executors = StringField("Виконавці")

    def to_raw(self) -> dict:
        return {name: getattr(self, name).data for name in (
            "measure", "programme", "category", "planned", "financed", "percent_stated", "text",
            "period_start", "period_end", "tags", "item_number", "priority_task", "term",
            "executors")}


class ImportUploadForm(FlaskForm):
    file = FileField("Файл звіту (.txt, .docx, .xlsx, .csv)",
                     validators=[FileRequired("Оберіть файл звіту.")])
    programme = StringField("Програма (якщо не вказана в заголовку звіту)")
    period = StringField("Звітний період (якщо не вказаний), напр. «9 місяців 2018 року»")


class ImportConfirmForm(FlaskForm):
    token = HiddenField()
    filename = HiddenField()
    programme = HiddenField()
    period = HiddenField()


class CategoryForm(FlaskForm):
    slug = StringField("Код (латиницею)")
    name = StringField("Назва")
    active = BooleanField("Діє", default=True)
