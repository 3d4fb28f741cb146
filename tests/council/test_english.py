"""«Налаштування ради» in English: labels, hints, the fields' messages and the flashes."""
from tests.conftest import csrf_token
from tests.council.test_settings import VALID_IBAN
from tracker.council import operations as ops
from tracker.council.fields import FIELDS


def _form(client, **changes) -> dict:
    data = {"csrf_token": csrf_token(client), **{f.name: ops.in_force(f.key) for f in FIELDS}}
    return {**data, **{key.lower(): value for key, value in changes.items()}}


def _english(client, user, login):
    login(user)
    client.post("/lang/en", data={"csrf_token": csrf_token(client)})


def test_the_settings_page_and_its_messages_in_english(app, client, users, login):
    _english(client, users["admin"], login)
    page = client.get("/admin/council").get_data(as_text=True)
    assert "Council settings" in page and "s IBAN</label>" in page
    assert "Copying costs (Art. 21 of the Law)" in page
    assert "s IBAN is invalid (the check digits do not match): invoices cannot be finalised " \
           "until it is corrected." in page  # the default IBAN is a sample
    assert "Default value (from the environment)." in page and "Типове значення" not in page
    r = client.post("/admin/council", data=_form(client, COUNCIL_IBAN="DE89370400440532013000",
                                                 WORKDAY_END="25:00"))
    page = r.get_data(as_text=True)
    assert r.status_code == 400
    assert "The IBAN must be Ukrainian: UA and 27 more characters." in page
    assert "A time as HH:MM, e.g. 08:30." in page and "ГГ:ХХ" not in page
    r = client.post("/admin/council", data=_form(client, COUNCIL_IBAN=VALID_IBAN,
                                                 INDEX_DEPT="07"), follow_redirects=True)
    assert "2 changes saved." in r.get_data(as_text=True)
    r = client.post("/admin/council/reset", data={"csrf_token": csrf_token(client),
                                                  "key": "INDEX_DEPT"}, follow_redirects=True)
    assert "“Department code ({dept})”: the default value applies again." in \
        r.get_data(as_text=True)
