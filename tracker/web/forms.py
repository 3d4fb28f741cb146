from flask_wtf import FlaskForm


class EmptyForm(FlaskForm):
    """A form with only the CSRF token, for buttons that change state (logout, delete)."""


#: render_kw of a date field that gets the working-days picker (static/js/app.js).
WORKDAYS = {"data-workdays": "1"}
