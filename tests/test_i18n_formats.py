"""The reader's language beyond the catalogue: WTForms' own messages, dates, numbers and money
through Babel, the scripts' words (the date picker's month and weekday names), and the
language switch before login."""
from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from flask_babel import force_locale

from tests.conftest import PASSWORD, csrf_token
from tracker.extensions import db
from tracker.web import formats


def _page(client, url, lang):
    client.post(f"/lang/{lang}", data={"csrf_token": csrf_token(client)})
    return client.get(url).get_data(as_text=True)


@pytest.mark.parametrize("lang, message", [("en", "Not a valid integer value."),
                                           ("uk", "Недійсне ціле число.")])
def test_wtforms_own_messages_follow_the_language(app, lang, message):
    """Flask-WTF hands WTForms its translations for the request's locale (WTF_I18N_ENABLED)."""
    from flask_wtf import FlaskForm
    from wtforms import IntegerField

    class Form(FlaskForm):
        class Meta:
            csrf = False
        days = IntegerField()

    with app.test_request_context(method="POST", data={"days": "many"}), force_locale(lang):
        form = Form()
        assert not form.validate() and form.days.errors == [message]


@pytest.mark.parametrize("lang, date, moment, money, pct, number", [
    ("uk", "28.03.2018", "28.03.2018 10:05", "180\u00a0000,00\u00a0грн", "49,6", "12\u00a0345"),
    ("en", "28 Mar 2018", "28 Mar 2018 10:05", "180,000.00\u00a0UAH", "49.6", "12,345")])
def test_dates_numbers_money_in_the_locale(app, lang, date, moment, money, pct, number):
    from tracker.core.timeutil import KYIV
    with app.test_request_context(), force_locale(lang):
        assert formats.page_date(dt.date(2018, 3, 28)) == date
        assert formats.page_datetime(dt.datetime(2018, 3, 28, 10, 5, tzinfo=KYIV)) == moment
        assert formats.page_money(Decimal("180000")) == money
        assert formats.page_percent(Decimal("49.60")) == pct
        assert formats.page_number(12345) == number
        assert formats.page_date(None) == formats.page_money(None) == ""


def test_outside_a_request_formats_stay_ukrainian(app):
    """E-mails and letters are rendered by jobs: the Ukrainian forms."""
    assert formats.page_date(dt.date(2018, 3, 28)) == "28.03.2018"


@pytest.mark.parametrize("lang, weekdays, month, prev", [
    ("en", ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"], "March", "Previous month"),
    ("uk", ["Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Нд"], "Березень", "Попередній місяць")])
def test_scripts_read_their_words_from_the_page(client, users, login, lang, weekdays, month,
                                                prev):
    login(users["clerk"])
    page = _page(client, "/", lang)
    block = re.search(r'<script type="application/json" id="i18n-data">(.*?)</script>', page,
                      re.S)
    data = json.loads(block.group(1))
    assert data["weekdays"] == weekdays and data["months"][2] == month
    assert data["prev_month"] == prev and data["confirm_yes"] and data["cancel"]


def test_the_scripts_carry_no_interface_text():
    from pathlib import Path
    root = Path(__file__).resolve().parents[1] / "static" / "js"
    for script in root.glob("*.js"):
        assert not re.search(r"[\u0400-\u04ff]", script.read_text(encoding="utf-8")), script


def test_the_login_page_switches_language_and_the_account_keeps_it(app, client, users):
    page = client.get("/login").get_data(as_text=True)
    assert 'id="lang-switch"' in page and "English" in page
    client.post("/lang/en", data={"csrf_token": csrf_token(client)},
                headers={"Referer": "http://localhost/login"})
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="en">' in page and "Українська" in page
    # The empty form's messages are English too.
    page = client.post("/login", data={"csrf_token": csrf_token(client)}).get_data(as_text=True)
    assert not re.search(r"[\u0400-\u04ff]", page.replace("Українська", ""))
    client.post("/login", data={"email": users["clerk"].email, "password": PASSWORD,
                                "csrf_token": csrf_token(client)})
    db.session.refresh(users["clerk"])
    assert users["clerk"].locale == "en"  # the login page's choice goes onto the account
    assert "Dashboard for" in client.get("/").get_data(as_text=True)


def test_a_login_required_redirect_says_so_in_the_readers_language(client):
    client.post("/lang/en", data={"csrf_token": csrf_token(client)})
    page = client.get("/requests", follow_redirects=True).get_data(as_text=True)
    assert "Log in to continue." in page
