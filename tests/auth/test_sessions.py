"""Issue 13, break 6: sessions and remember cookies can be revoked for real."""
import datetime as dt
from email.utils import parsedate_to_datetime

import pytest

from tests.auth.helpers import cookie, login_from, opens_pages, replay
from tests.conftest import PASSWORD, csrf_token
from tracker.core.models import Event
from tracker.extensions import db
from sqlalchemy import select

NEW_PASSWORD = "tram depot lantern orchard"


def _logged_in_browser(app, user):
    """A browser that logged in with «Запам'ятати мене»; returns it and its two cookies."""
    browser = app.test_client()
    assert login_from(browser, user.email, remember=True).status_code == 302
    assert opens_pages(browser)
    return browser, cookie(browser, "session"), cookie(browser, "remember_token")


def _refused(app, session_cookie, remember_cookie) -> bool:
    """Neither copied cookie opens a page any more, alone or together."""
    return not any(opens_pages(replay(app, **jar)) for jar in (
        {"session": session_cookie}, {"remember_token": remember_cookie},
        {"session": session_cookie, "remember_token": remember_cookie}))


def test_copied_cookies_work_while_the_session_lasts(app, users):
    """The control for the tests below: a replay is a faithful copy of the browser."""
    _browser, session_cookie, remember_cookie = _logged_in_browser(app, users["clerk"])
    assert opens_pages(replay(app, session=session_cookie))
    assert opens_pages(replay(app, remember_token=remember_cookie))


def test_logout_ends_the_old_session_and_remember_cookies(app, users):
    browser, session_cookie, remember_cookie = _logged_in_browser(app, users["clerk"])
    assert browser.post("/logout", data={"csrf_token": csrf_token(browser)}).status_code == 302
    assert not opens_pages(browser)
    assert _refused(app, session_cookie, remember_cookie)


@pytest.mark.parametrize("who", ["self", "admin"])
def test_a_password_change_ends_the_old_cookies(app, users, who):
    clerk = users["clerk"]
    _browser, session_cookie, remember_cookie = _logged_in_browser(app, clerk)
    changer = app.test_client()
    if who == "self":  # «Змінити пароль», from another browser
        login_from(changer, clerk.email)
        r = changer.post("/account/password", data={
            "current": PASSWORD, "new": NEW_PASSWORD, "confirm": NEW_PASSWORD,
            "csrf_token": csrf_token(changer)})
        assert r.status_code == 302
        assert opens_pages(changer)  # the browser that changed it stays logged in
    else:  # the admin sets a new password
        login_from(changer, users["admin"].email)
        r = changer.post(f"/admin/users/{clerk.id}", data={
            "name": clerk.name, "role": "clerk", "position": "", "phone": "", "active": "y",
            "password": NEW_PASSWORD, "csrf_token": csrf_token(changer)})
        assert r.status_code == 302
    assert _refused(app, session_cookie, remember_cookie)
    assert login_from(app.test_client(), clerk.email, NEW_PASSWORD).status_code == 302


def test_the_admin_ends_all_sessions_of_a_user(app, users):
    _browser, session_cookie, remember_cookie = _logged_in_browser(app, users["executor"])
    admin = app.test_client()
    login_from(admin, users["admin"].email)
    page = admin.get(f"/admin/users/{users['executor'].id}").get_data(as_text=True)
    assert "Завершити всі сеанси" in page
    r = admin.post(f"/admin/users/{users['executor'].id}/sessions",
                   data={"csrf_token": csrf_token(admin)})
    assert r.status_code == 302
    assert _refused(app, session_cookie, remember_cookie)
    assert opens_pages(admin)  # only the executor's sessions ended
    assert db.session.scalar(select(Event).where(Event.action == "sessions_ended")).actor_id \
        == users["admin"].id


def test_flask_users_logout_all_and_deactivation_end_sessions(app, runner, users):
    _b, session_cookie, remember_cookie = _logged_in_browser(app, users["head"])
    result = runner.invoke(args=["users", "logout-all", users["head"].email])
    assert result.exit_code == 0, result.output
    assert _refused(app, session_cookie, remember_cookie)
    _b, session_cookie, remember_cookie = _logged_in_browser(app, users["head"])
    admin = app.test_client()
    login_from(admin, users["admin"].email)
    admin.post(f"/admin/users/{users['head'].id}", data={
        "name": users["head"].name, "role": "head", "position": "", "phone": "",
        "csrf_token": csrf_token(admin)})  # "active" unticked
    assert _refused(app, session_cookie, remember_cookie)


def test_the_remember_cookie_is_samesite_and_short_lived(app, users):
    browser = app.test_client()
    response = login_from(browser, users["clerk"].email, remember=True)
    header = next(h for h in response.headers.getlist("Set-Cookie")
                  if h.startswith("remember_token="))
    attributes = {part.strip().split("=")[0].lower(): part.strip().partition("=")[2]
                  for part in header.split(";")[1:]}
    assert attributes.get("samesite") == "Lax" and "httponly" in attributes
    expires = parsedate_to_datetime(attributes["expires"])
    longest = dt.timedelta(seconds=app.config["REMEMBER_COOKIE_DURATION"])
    assert longest <= dt.timedelta(days=14)
    assert expires <= dt.datetime.now(dt.timezone.utc) + longest + dt.timedelta(minutes=1)

