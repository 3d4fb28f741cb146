"""«Налаштування ради»: the admin's values win over the environment defaults, are checked
with Ukrainian messages, leave Events, can be reset, and reach letters and indexes."""
import json
import re

import pytest
from sqlalchemy import select

from tests.factories import csrf_token, register
from tracker.core.council_settings import all_settings, setting
from tracker.core.models import Event
from tracker.council import operations as ops
from tracker.council.fields import BY_KEY, FIELDS, check
from tracker.extensions import db
from tracker.letters import operations as letter_ops
from tracker.register.settings import current_settings

VALID_IBAN = "UA213223130000026007233566001"


def _form(client, **changes) -> dict:
    """The page's form as it stands (the values in force), with ``changes`` (by key)."""
    page = client.get("/admin/council").get_data(as_text=True)
    data = {"csrf_token": csrf_token(client)}
    for f in FIELDS:
        data[f.name] = ops.in_force(f.key)
    for key, value in changes.items():
        data[key.lower()] = value
    assert "Налаштування ради" in page
    return data


def test_fields_are_checked_with_ukrainian_messages(app):
    emails = {"head@test.example"}
    assert check(BY_KEY["COUNCIL_EDRPOU"], "04053625", emails) == ("04053625", None)
    assert "ЄДРПОУ" in check(BY_KEY["COUNCIL_EDRPOU"], "04053626", emails)[1]
    assert check(BY_KEY["COUNCIL_IBAN"], "UA21 3223 1300 0002 6007 2335 6600 1", emails)[0] \
        == VALID_IBAN
    assert "український" in check(BY_KEY["COUNCIL_IBAN"], "DE89370400440532013000", emails)[1]
    assert "контрольне" in check(BY_KEY["COUNCIL_IBAN"], VALID_IBAN[:-1] + "2", emails)[1]
    assert "{seq}" in check(BY_KEY["INDEX_PATTERN"], "{dept}/{letter}", emails)[1]
    assert "Невідомі поля" in check(BY_KEY["INDEX_PATTERN"], "{seq}{oops}", emails)[1]
    assert "ГГ:ХХ" in check(BY_KEY["WORKDAY_END"], "25:00", emails)[1]
    assert check(BY_KEY["REMINDER_DAYS_BEFORE"], "1, 3", emails) == ("3,1", None)
    assert "від 1 до 47" in check(BY_KEY["REMINDER_URGENT_HOURS"], "48", emails)[1]
    assert "числами" in check(BY_KEY["REMINDER_DAYS_BEFORE"], "два", emails)[1]
    assert "числами" in check(BY_KEY["REMINDER_DAYS_BEFORE"], "²", emails)[1]  # was a 500
    assert check(BY_KEY["LETTER_SIGNATORY"], "HEAD@test.example", emails)[0] == \
        "head@test.example"
    assert "активного" in check(BY_KEY["LETTER_SIGNATORY"], "x@test.example", emails)[1]
    assert "https://" in check(BY_KEY["COUNCIL_WEBSITE"], "zt-rada", emails)[1]
    assert check(BY_KEY["COUNCIL_NAME"], "", emails)[1] == "Обов'язкове поле."


def test_an_unchanged_form_saves_nothing_so_the_environment_stays_the_default(
        app, client, users, login):
    login(users["admin"])
    r = client.post("/admin/council", data=_form(client), follow_redirects=True)
    assert "Змін немає." in r.get_data(as_text=True)
    assert not all_settings()


def test_the_admin_saves_and_the_values_are_in_force_with_events(app, client, users, login):
    login(users["admin"])
    r = client.post("/admin/council", data=_form(
        client, COUNCIL_NAME="БЕРДИЧІВСЬКА МІСЬКА РАДА", COUNCIL_IBAN=VALID_IBAN,
        LETTER_SIGNATORY=users["head"].email, INDEX_DEPT="07", WORKDAY_END="17:15",
        REMINDER_DAYS_BEFORE="3,1"), follow_redirects=True)
    page = r.get_data(as_text=True)
    assert "Збережено змін: 6." in page and "Змінено тут" in page
    assert setting("COUNCIL_NAME") == "БЕРДИЧІВСЬКА МІСЬКА РАДА"
    assert setting("REMINDER_DAYS_BEFORE") == "3,1"
    settings = current_settings()
    assert settings.index_dept == "07" and settings.rules.workday_end.strftime("%H:%M") == "17:15"
    events = db.session.scalars(select(Event).where(Event.action == "council_setting_set")).all()
    assert {e.after["key"] for e in events} == {"COUNCIL_NAME", "COUNCIL_IBAN",
                                                "LETTER_SIGNATORY", "INDEX_DEPT",
                                                "WORKDAY_END", "REMINDER_DAYS_BEFORE"}
    assert all(e.actor_id == users["admin"].id for e in events)
    # Typing the environment's value again forgets the saved one.
    client.post("/admin/council", data=_form(client, INDEX_DEPT=app.config["INDEX_DEPT"]))
    assert "INDEX_DEPT" not in all_settings()


def test_wrong_values_are_refused_and_the_form_keeps_what_was_typed(app, client, users,
                                                                   login):
    login(users["admin"])
    r = client.post("/admin/council", data=_form(
        client, COUNCIL_NAME="НОВА НАЗВА", COUNCIL_EDRPOU="12345679",
        COUNCIL_IBAN="UA00 bad", INDEX_PATTERN="{dept}-{letter}", DIGEST_TIME="8.30",
        REMINDER_URGENT_HOURS="24,,100"))
    page = r.get_data(as_text=True)
    assert r.status_code == 400
    assert "Некоректний код ЄДРПОУ" in page and "IBAN має бути український" in page
    assert "{seq}" in page and "ГГ:ХХ" in page and "від 1 до 47" in page
    assert 'value="НОВА НАЗВА"' in page and 'value="8.30"' in page  # kept as typed
    assert not all_settings()  # all or nothing


def test_reset_one_field_and_all(app, client, users, login):
    login(users["admin"])
    client.post("/admin/council", data=_form(client, COUNCIL_PHONE="12-34-56",
                                             INDEX_SUFFIX="зп"))
    assert set(all_settings()) == {"COUNCIL_PHONE", "INDEX_SUFFIX"}
    r = client.post("/admin/council/reset", data={"csrf_token": csrf_token(client),
                                                  "key": "COUNCIL_PHONE"},
                    follow_redirects=True)
    assert "«Телефон»: діє типове значення." in r.get_data(as_text=True)
    assert set(all_settings()) == {"INDEX_SUFFIX"}
    assert setting("COUNCIL_PHONE") == app.config["COUNCIL_PHONE"]
    r = client.post("/admin/council/reset", data={"csrf_token": csrf_token(client), "key": ""},
                    follow_redirects=True)
    assert "Усі налаштування скинуто" in r.get_data(as_text=True)
    assert not all_settings()
    cleared = db.session.scalars(select(Event).where(
        Event.action == "council_setting_cleared")).all()
    assert len(cleared) == 2
    # No CSRF token: nothing happens.
    client.post("/admin/council", data=_form(client, COUNCIL_PHONE="99"))
    assert client.post("/admin/council/reset", data={"key": ""}).status_code in (302, 400)
    assert "COUNCIL_PHONE" in all_settings()


def test_only_an_admin_saves(app, users):
    from tracker.core.errors import PermissionDenied
    with pytest.raises(PermissionDenied):
        ops.save_settings(users["head"], {"COUNCIL_NAME": "X"})
    with pytest.raises(PermissionDenied):
        ops.reset(users["clerk"])


def test_a_saved_value_reaches_a_drafted_letter_and_a_registration_index(app, users):
    ops.save_settings(users["admin"], {
        "COUNCIL_NAME": "КОРОСТЕНСЬКА МІСЬКА РАДА", "COUNCIL_EDRPOU": "04053625",
        "LETTER_SIGNATORY": users["head"].email, "INDEX_PATTERN": "{dept}-{seq}/{yy}",
        "INDEX_DEPT": "42"})
    db.session.commit()
    req = register(users["clerk"], executor=users["executor"].email)
    assert re.fullmatch(r"42-\d+/\d\d", req.registration_number), req.registration_number
    letter = letter_ops.create_letter(users["head"], req, "answer", {}, [])
    db.session.commit()
    text = json.dumps(letter.content, ensure_ascii=False)
    assert "КОРОСТЕНСЬКА МІСЬКА РАДА" in text
    assert users["head"].name.split()[0] in text or "Тест" in text
    assert req.registration_number in text  # the outgoing number is the request's index


def test_the_subsistence_minimum_of_a_year_set_by_the_admin_prices_the_copies(app, users):
    from tests.factories import on
    minimums = BY_KEY["SUBSISTENCE_MINIMUM_BY_YEAR"]
    assert check(minimums, "2026: 4000; 2028: 3500,50", set()) == ("2026:4000,2028:3500.50", None)
    assert check(minimums, "двадцять вісімий рік", set())[1].startswith("Вкажіть рік і суму")
    assert check(minimums, "1990: 100", set())[1] is not None
    ops.save_settings(users["admin"], {
        "SUBSISTENCE_MINIMUM_BY_YEAR": "2026: 4000",
        "COPY_RATE_DECISION": "рішення виконавчого комітету від 12.02.2021 № 123"})
    db.session.commit()
    with on(2026, 11, 30):
        req = register(users["clerk"], executor=users["executor"].email,
                       received_at="2026-11-27T10:00")
        letter = letter_ops.create_letter(users["head"], req, "invoice",
                                          {"pages": 25, "format": "a4"}, [])
    # 0,2 % of 4 000 = 8,00 грн a page (the built-in table says 3 328: 6,65), 15 pages.
    assert letter.fields["amount"] == "120.00"
    assert "8,00 грн за сторінку" in json.dumps(letter.content, ensure_ascii=False)
