from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import StringField


class UploadForm(FlaskForm):
    file = FileField("Файл листа (.eml)", validators=[FileRequired("Оберіть файл .eml.")])


class DismissForm(FlaskForm):
    reason = StringField("Причина (напр. спам, дублікат)")
