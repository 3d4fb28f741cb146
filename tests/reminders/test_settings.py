"""The reminder rules follow the council settings an admin saved (over the config)."""
from flask import g

from tests.factories import at
from tracker.core.council_settings import set_setting
from tracker.extensions import db
from tracker.reminders.sweep import reminder_settings


def test_saved_values_win_over_the_config(app):
    assert reminder_settings().days_before == (2, 1)
    set_setting(None, "REMINDER_DAYS_BEFORE", "3,1")
    set_setting(None, "REMINDER_URGENT_HOURS", "12")
    set_setting(None, "REMINDER_MORNING", "09:15")
    db.session.commit()
    g.pop("_council_settings", None)
    rs = reminder_settings()
    assert (rs.days_before, rs.urgent_hours, rs.morning.strftime("%H:%M")) == ((3, 1), (12,),
                                                                               "09:15")
    assert at(2018, 4, 4).tzinfo == rs.tz
