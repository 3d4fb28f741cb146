"""The end of martial law: the calendar, the council setting, recomputed terms, the admin
page and `flask deadline` (MARTIAL_LAW_UNTIL)."""
from __future__ import annotations

import datetime as dt

import holidays
import pytest
from sqlalchemy import func, select

from tests.factories import csrf_token, on, register
from tracker.core import council_settings as cs
from tracker.core.errors import PermissionDenied, ValidationError
from tracker.core.models import Event
from tracker.core.timeutil import KYIV
from tracker.extensions import db
from tracker.register import calendar_admin
from tracker.register import deadlines as dl
from tracker.register import operations as ops
from tracker.register.calendar import WorkCalendar, moved_days_off
from tracker.register.models import Outcome, Status
from tracker.register.settings import load_calendar, martial_law_setting

D = dt.date.fromisoformat
END = D("2027-01-01")
RECEIVED = "2027-03-05T10:00:00"  # a Friday; Monday 08.03.2027 is Women's Day


def due(cal: WorkCalendar) -> dt.date:
    received = dt.datetime.fromisoformat(RECEIVED).replace(tzinfo=KYIV)
    return dl.standard_due(received, cal, dl.CountingRules())


# --- the calendar (pure) -----------------------------------------------------------------

def test_after_martial_law_public_holidays_are_days_off_again():
    cal = WorkCalendar(martial_law_until=END)
    assert not cal.is_working_day(D("2027-03-08"))  # Women's Day, a Monday
    assert not cal.is_working_day(D("2027-08-24"))  # Independence Day, a Tuesday
    assert cal.holiday_name(D("2027-08-24")) == "День незалежності України"
    assert cal.is_working_day(D("2027-03-09"))
    assert due(cal) == D("2027-03-15")


def test_without_an_end_date_holidays_stay_working_days_as_today():
    cal = WorkCalendar()
    assert cal.is_working_day(D("2027-03-08")) and cal.is_working_day(D("2027-08-24"))
    assert cal.holiday_name(D("2027-08-24")) is None  # unchanged behaviour
    assert due(cal) == D("2027-03-12")
    assert due(WorkCalendar(martial_law_until=None)) == D("2027-03-12")


def test_a_holiday_on_a_weekend_gives_the_next_working_day_off():
    cal = WorkCalendar(martial_law_until=END)
    # Labour Day on Saturday 01.05, Easter on Sunday 02.05: Monday and Tuesday are off.
    assert not cal.is_working_day(D("2027-05-03")) and not cal.is_working_day(D("2027-05-04"))
    assert cal.is_working_day(D("2027-05-05"))
    assert not cal.is_working_day(D("2027-06-21"))  # Trinity, Sunday 20.06
    assert not cal.is_working_day(D("2027-12-27"))  # Christmas, Saturday 25.12
    assert cal.holiday_name(D("2027-12-27")) == "Різдво Христове (вихідний)"


def test_holidays_up_to_the_end_date_stay_working_days():
    cal = WorkCalendar(martial_law_until=D("2027-03-08"))
    assert cal.is_working_day(D("2027-03-08"))  # still martial law that day
    assert not cal.is_working_day(D("2027-05-03"))
    # A Sunday holiday under martial law moves nothing, even when the Monday is after it.
    cal = WorkCalendar(martial_law_until=D("2027-06-20"))
    assert cal.is_working_day(D("2027-06-21"))
    assert not cal.is_working_day(D("2027-06-28"))


def test_council_overrides_still_win_and_weekends_and_old_years_are_untouched():
    cal = WorkCalendar({D("2027-03-08"): True}, martial_law_until=END)
    assert cal.is_working_day(D("2027-03-08"))
    assert not cal.is_working_day(D("2027-03-06"))  # Saturday
    # Before 2022 holidays.UA already has holidays and transfers: the setting changes nothing.
    peace, ended = WorkCalendar(), WorkCalendar(martial_law_until=D("2022-02-24"))
    for day in (D("2018-04-30"), D("2018-05-05"), D("2021-05-03"), D("2021-05-04")):
        assert ended.is_working_day(day) == peace.is_working_day(day)


def test_moved_days_off_are_exactly_holidays_ua_observed_days_before_martial_law():
    # The same rule holidays.UA applied up to 2021 (SAT_SUN_TO_NEXT_WORKDAY).
    for year in range(2000, 2022):
        with_moved = holidays.UA(years=year, language="uk")
        plain = holidays.UA(years=year, language="uk", observed=False)
        expected = {day for day in with_moved if day not in plain}
        originals = {day: name for day, name in plain.items()
                     if "перенесено" not in name and "указу" not in name}
        assert set(moved_days_off(originals, set(plain) - set(originals))) == expected, year


# --- council settings --------------------------------------------------------------------

def test_council_settings_get_set_clear(users):
    admin = users["admin"]
    assert cs.get_setting("X", "default") == "default"
    assert cs.get_setting("X", cs.NOT_SAVED) is cs.NOT_SAVED
    assert cs.set_setting(admin, "X", {"a": 1}) is True
    assert cs.set_setting(admin, "X", {"a": 1}) is False  # unchanged: no second Event
    cs.set_setting(admin, "Y", None)
    db.session.commit()
    assert cs.get_setting("X") == {"a": 1}
    assert cs.get_setting("Y", "default") is None and cs.is_set("Y")
    assert cs.all_settings() == {"X": {"a": 1}, "Y": None}
    row = db.session.get(cs.CouncilSetting, "X")
    assert row.updated_by_id == admin.id and row.updated_at.tzinfo is not None
    assert cs.clear_setting(admin, "X") and not cs.clear_setting(admin, "X")
    db.session.commit()
    assert cs.get_setting("X", "default") == "default"
    actions = db.session.scalars(select(Event.action).where(
        Event.entity_type == "council_setting").order_by(Event.id)).all()
    assert actions == ["council_setting_set", "council_setting_set", "council_setting_cleared"]


def test_the_database_value_wins_over_the_config(app, users):
    assert martial_law_setting().until is None and load_calendar().martial_law_until is None
    app.config["MARTIAL_LAW_UNTIL"] = "2027-01-01"
    assert martial_law_setting().source == "config"
    assert load_calendar().martial_law_until == END
    calendar_admin.set_martial_law_until(users["admin"], "")  # the admin: no end date
    db.session.commit()
    setting = martial_law_setting()
    assert (setting.until, setting.source, setting.config_default) == (None, "database", END)
    assert load_calendar().is_working_day(D("2027-03-08"))


def test_registration_counts_with_the_configured_end(app, users):
    app.config["MARTIAL_LAW_UNTIL"] = "01.01.2027"
    with on(2027, 3, 5, 14):
        req = register(users["clerk"], received_at=RECEIVED)
    assert req.due_date == req.standard_due_date == D("2027-03-15")


# --- recomputing open requests -----------------------------------------------------------

def _registered(users, n=1):
    with on(2027, 3, 5, 14):
        return [register(users["clerk"], received_at=RECEIVED) for _ in range(n)]


def test_changing_the_setting_recomputes_open_requests_with_an_event(users):
    open_req, closed_req = _registered(users, 2)
    assert open_req.due_date == closed_req.due_date == D("2027-03-12")
    with on(2027, 3, 9):
        ops.answer(users["clerk"], closed_req, Outcome.FULL)
        ops.close(users["clerk"], closed_req)
        db.session.commit()
        moved = calendar_admin.set_martial_law_until(users["admin"], "2027-01-01")
        db.session.commit()
    assert moved == 1
    db.session.expire_all()
    assert open_req.due_date == open_req.standard_due_date == D("2027-03-15")
    assert closed_req.due_date == D("2027-03-12") and closed_req.status == Status.CLOSED
    ev = db.session.scalars(select(Event).where(Event.action == "due_date_recomputed")).one()
    assert ev.request_id == open_req.id and ev.actor_id == users["admin"].id
    assert ev.before == {"due_date": "2027-03-12", "standard_due_date": "2027-03-12"}
    assert ev.after == {"due_date": "2027-03-15", "standard_due_date": "2027-03-15",
                        "cause": "martial_law_until"}
    # The setting and its Event are in the same transaction; saving it again moves nothing.
    assert cs.get_setting(cs.MARTIAL_LAW_UNTIL) == "2027-01-01"
    assert calendar_admin.set_martial_law_until(users["admin"], "2027-01-01") == 0


def test_extended_and_deferred_requests_follow_their_own_rules(users):
    extended, deferred = _registered(users, 2)
    with on(2027, 3, 8):
        ops.extend(users["clerk"], extended, "Великий обсяг")
        ops.defer(users["clerk"], deferred, D("2027-04-30"), "Пожежа в архіві")
        db.session.commit()
    assert extended.due_date == D("2027-04-02")  # 20 working days, 08.03 worked
    calendar_admin.set_martial_law_until(users["admin"], D("2027-01-01"))
    db.session.commit()
    db.session.expire_all()
    assert extended.due_date == D("2027-04-05") and extended.standard_due_date == D("2027-03-15")
    assert deferred.due_date == D("2027-04-30")  # the date of the decision stays
    assert deferred.standard_due_date == D("2027-03-15")


def test_a_calendar_override_recomputes_open_requests_too(users):
    (req,) = _registered(users)
    calendar_admin.set_override(users["admin"], D("2027-03-10"), False, "Розпорядження № 7")
    db.session.commit()
    assert req.due_date == D("2027-03-15")
    calendar_admin.remove_override(users["admin"], D("2027-03-10"))
    db.session.commit()
    assert req.due_date == D("2027-03-12")
    causes = db.session.scalars(select(Event.after).where(
        Event.action == "due_date_recomputed").order_by(Event.id)).all()
    assert [c["cause"] for c in causes] == ["calendar_override", "calendar_override"]


def test_only_admins_change_it_and_bad_dates_are_refused(users):
    (req,) = _registered(users)
    with pytest.raises(PermissionDenied):
        calendar_admin.set_martial_law_until(users["head"], "2027-01-01")
    with pytest.raises(ValidationError) as bad:
        calendar_admin.set_martial_law_until(users["admin"], "31.02.2027")
    assert "Неправильна дата" in bad.value.errors["martial_law_until"][0]
    with pytest.raises(ValidationError) as early:
        calendar_admin.set_martial_law_until(users["admin"], "2021-12-31")
    assert "24.02.2022" in early.value.errors["martial_law_until"][0]
    db.session.rollback()
    assert not cs.is_set(cs.MARTIAL_LAW_UNTIL) and req.due_date == D("2027-03-12")


# --- the admin page ----------------------------------------------------------------------

def _post(client, value):
    return client.post("/admin/calendar/martial-law", data={
        "csrf_token": csrf_token(client), "martial_law_until": value}, follow_redirects=True)


def test_admin_sets_the_end_of_martial_law_on_the_calendar_page(client, users, login):
    (req,) = _registered(users)
    login(users["admin"])
    page = client.get("/admin/calendar").get_data(as_text=True)
    assert "Воєнний стан" in page and "без дати закінчення" in page
    r = _post(client, "01.01.2027")
    text = r.get_data(as_text=True)
    assert r.status_code == 200 and "Дату закінчення воєнного стану збережено" in text
    assert "(змінено: 1)" in text and 'value="01.01.2027"' in text
    assert cs.get_setting(cs.MARTIAL_LAW_UNTIL) == "2027-01-01"
    db.session.expire_all()
    assert req.due_date == D("2027-03-15")
    assert "Строк перераховано" in client.get(f"/requests/{req.id}").get_data(as_text=True)


def test_the_form_keeps_a_bad_date_and_answers_in_ukrainian(client, users, login):
    login(users["admin"])
    r = _post(client, "32.13.2027")
    text = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "Неправильна дата: очікується РРРР-ММ-ДД або ДД.ММ.РРРР." in text
    assert 'value="32.13.2027"' in text
    assert not cs.is_set(cs.MARTIAL_LAW_UNTIL)
    assert "24.02.2022" in _post(client, "01.01.2020").get_data(as_text=True)


def test_only_admins_reach_the_setting(client, users, login):
    login(users["head"])
    r = client.post("/admin/calendar/martial-law", data={
        "csrf_token": csrf_token(client), "martial_law_until": "2027-01-01"})
    assert r.status_code == 403
    assert not cs.is_set(cs.MARTIAL_LAW_UNTIL)
    assert db.session.scalar(select(func.count()).select_from(Event).where(
        Event.entity_type == "council_setting")) == 0


# --- flask deadline ----------------------------------------------------------------------

def test_flask_deadline_agrees_with_the_setting(app, runner, users):
    def last(*args):
        result = runner.invoke(args=["deadline", *args])
        assert result.exit_code == 0, result.output
        return result.output.strip().splitlines()[-1], result.output
    assert last("05.03.2027 10:00")[0] == "12.03.2027"
    app.config["MARTIAL_LAW_UNTIL"] = "2027-01-01"
    line, output = last("05.03.2027 10:00")
    assert line == "15.03.2027" and "Воєнний стан: до 01.01.2027" in output
    calendar_admin.set_martial_law_until(users["admin"], None)  # the database wins
    db.session.commit()
    assert last("05.03.2027 10:00")[0] == "12.03.2027"
    calendar_admin.set_martial_law_until(users["admin"], "2027-01-01")
    db.session.commit()
    assert last("2027-03-05")[0] == "15.03.2027"
    assert last("2027-08-23", "--extended")[0] == (
        WorkCalendar(martial_law_until=END).add_working_days(D("2027-08-23"), 20)
        .strftime("%d.%m.%Y"))


def test_a_mistyped_config_value_stops_the_start(database_url):
    from tests.conftest import make_app
    with pytest.raises(ValueError, match="MARTIAL_LAW_UNTIL"):
        make_app(database_url, MARTIAL_LAW_UNTIL="next spring")

