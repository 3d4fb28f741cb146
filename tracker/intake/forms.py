from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import StringField


class UploadForm(FlaskForm):
    file = FileField(_l("Файл листа (.eml)"), validators=[FileRequired(_l("Оберіть файл .eml."))])


class DismissForm(FlaskForm):
    reason = StringField(_l("Причина (напр. спам, дублікат)"))
