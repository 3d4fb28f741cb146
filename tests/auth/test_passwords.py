"""Issue 13, break 6: users change their own password; common and repetitive ones are refused."""
import pytest
from sqlalchemy import select

from tests.auth.helpers import login_from
from tests.conftest import PASSWORD, csrf_token
from tracker.auth.models import User
from tracker.core.models import Event
from tracker.extensions import db

WEAK = ["password1234", "aaaaaaaaaaaa", "qwertyuiopasdf"]
STRONG = "tram depot lantern orchard"


def _change(client, current, new, confirm=None):
    return client.post("/account/password", data={
        "current": current, "new": new, "confirm": new if confirm is None else confirm,
        "csrf_token": csrf_token(client)})


@pytest.mark.parametrize("weak", WEAK)
def test_weak_passwords_are_refused_everywhere(app, client, runner, users, weak):
    created = runner.invoke(args=["users", "create", "--email", "weak@test.example",
                                  "--name", "Слабкий Пароль", "--role", "clerk",
                                  "--password", weak])
    assert created.exit_code != 0 and "Пароль надто простий" in created.output
    assert db.session.scalar(select(User).where(User.email == "weak@test.example")) is None
    login_from(client, users["clerk"].email)
    page = _change(client, PASSWORD, weak).get_data(as_text=True)
    assert "Пароль надто простий" in page
    db.session.expire_all()
    assert users["clerk"].check_password(PASSWORD)
    admin = app.test_client()
    login_from(admin, users["admin"].email)
    page = admin.post(f"/admin/users/{users['head'].id}", data={
        "name": users["head"].name, "role": "head", "active": "y", "password": weak,
        "csrf_token": csrf_token(admin)}).get_data(as_text=True)
    assert "Пароль надто простий" in page


def test_the_policy_explains_in_ukrainian_and_accepts_good_passwords(app):
    from tracker.auth.passwords import check_password_strength
    from tracker.core.errors import ErrorCollector
    found = {}
    for password in WEAK + [PASSWORD, STRONG, "Житомир2026Житомир", "anna.koval@rada.example"]:
        errors = ErrorCollector()
        check_password_strength(errors, password,
                                user_inputs=("anna.koval@rada.example", "Анна Коваль"))
        found[password] = " ".join(errors.errors.get("password", []))
    assert "найпоширеніших" in found["password1234"] and "повтори" in found["aaaaaaaaaaaa"]
    assert "найпоширеніших" in found["qwertyuiopasdf"]  # a known keyboard-walk password
    assert "очевидних тут слів" in _one("пароль123456")
    assert found["anna.koval@rada.example"]  # one's own address is no password
    assert found[PASSWORD] == "" and found[STRONG] == ""
    assert "щонайменше 12" in _one("short")


def _one(password: str) -> str:
    from tracker.auth.passwords import check_password_strength
    from tracker.core.errors import ErrorCollector
    errors = ErrorCollector()
    check_password_strength(errors, password)
    return " ".join(errors.errors.get("password", []))


def test_own_password_change_needs_the_current_password(app, client, users):
    login_from(client, users["executor"].email)
    page = client.get("/account/password").get_data(as_text=True)
    assert "Змінити пароль" in page
    wrong = _change(client, "not my password at all", STRONG).get_data(as_text=True)
    assert "Поточний пароль неправильний" in wrong
    mismatch = _change(client, PASSWORD, STRONG, confirm=STRONG + "!").get_data(as_text=True)
    assert "Паролі не збігаються" in mismatch
    db.session.expire_all()
    assert users["executor"].check_password(PASSWORD)
    assert _change(client, PASSWORD, STRONG).status_code == 302
    db.session.expire_all()
    assert users["executor"].check_password(STRONG)
    assert login_from(app.test_client(), users["executor"].email, PASSWORD).status_code == 200
    assert login_from(app.test_client(), users["executor"].email, STRONG).status_code == 302
    event = db.session.scalar(select(Event).where(Event.action == "password_changed"))
    assert event.actor_id == users["executor"].id


def test_every_page_links_to_the_password_and_token_pages(client, users, login):
    login(users["executor"])
    page = client.get("/").get_data(as_text=True)
    assert 'href="/account/password"' in page and 'href="/account/tokens"' in page
