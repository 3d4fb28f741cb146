"""Forms of the disclosure area (CSRF; the search is a plain GET form)."""
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import Length

from flask_babel import lazy_gettext as _l


class UnpublishForm(FlaskForm):
    reason = TextAreaField(_l("Причина (для журналу подій)"), validators=[Length(max=500)])
