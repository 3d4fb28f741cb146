"""Web hardening: cookies, login limits and lockout, errors without stack traces, locking."""
import datetime as dt

import pytest
import time_machine

from tests.conftest import PASSWORD, csrf_token, make_app
from tests.factories import register
from tracker.core.timeutil import KYIV
from tracker.extensions import db
from tracker.register.models import Request


def login_post(client, email, password):
    return client.post("/login", data={"email": email, "password": password,
                                       "csrf_token": csrf_token(client)})


def test_session_cookie_is_httponly_and_samesite(client, users):
    response = login_post(client, users["clerk"].email, PASSWORD)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_session_cookie_is_secure_over_https(database_url, monkeypatch):
    app = make_app(database_url, SESSION_COOKIE_SECURE=True)
    with app.app_context():
        from tests.conftest import create_test_user
        from tracker.auth.models import Role
        user = create_test_user(Role.CLERK, email="https@test.example")
        client = app.test_client()
        import re
        page = client.get("/login", base_url="https://localhost").get_data(as_text=True)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        # Over HTTPS Flask-WTF also demands a same-origin Referer, as a browser sends.
        no_referer = client.post("/login", data={"email": user.email, "password": PASSWORD,
                                                 "csrf_token": token},
                                 base_url="https://localhost")
        assert no_referer.status_code == 400
        response = client.post("/login", data={"email": user.email, "password": PASSWORD,
                                               "csrf_token": token},
                               base_url="https://localhost",
                               headers={"Referer": "https://localhost/login"})
        assert response.status_code == 302
        assert "Secure" in response.headers["Set-Cookie"]
        db.session.delete(user)
        db.session.commit()
        db.engine.dispose()


def test_login_is_rate_limited(app, client, users):
    app.config["LOGIN_RATE_LIMIT"] = "5 per minute"
    codes = [login_post(client, "nobody@test.example", "x" * 12).status_code for _ in range(7)]
    assert codes[:5] == [200] * 5 and codes[5:] == [429, 429]
    assert "Забагато спроб" in login_post(client, "a@b.c", "x").get_data(as_text=True)


def test_rate_limit_counters_live_in_redis_when_configured(database_url):
    import redis
    r = redis.Redis.from_url("redis://127.0.0.1:6379/15")
    r.flushdb()
    app = make_app(database_url, RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/15",
                   LOGIN_RATE_LIMIT="3 per minute")
    with app.app_context():
        client = app.test_client()
        codes = [login_post(client, "nobody@test.example", "x" * 12).status_code
                 for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        assert any(b"login" in key for key in r.keys("*"))
        from tracker.auth.models import LoginFailure
        db.session.execute(LoginFailure.__table__.delete())  # this app's tables are not emptied
        db.session.commit()
        db.engine.dispose()
    r.flushdb()


def test_repeated_wrong_passwords_delay_that_address_not_the_account(app, client, users):
    """Issue 13.5: no hard account lock and no unlock time; the address that failed waits."""
    email = users["clerk"].email
    start = dt.datetime(2026, 11, 23, 10, tzinfo=KYIV)
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            assert "Неправильна адреса або пароль" in login_post(client, email, "wrong-password!").get_data(as_text=True)
        delayed = login_post(client, email, PASSWORD)
        assert delayed.status_code == 200 and "забагато спроб" in delayed.get_data(as_text=True)
    with time_machine.travel(start + dt.timedelta(seconds=61), tick=False):
        assert login_post(client, email, PASSWORD).status_code == 302
    from sqlalchemy import select
    from tracker.auth.models import LoginFailure
    assert not db.session.scalars(select(LoginFailure).where(
        LoginFailure.email == email)).all()  # a success forgets them


def test_unexpected_errors_show_no_stack_trace(database_url):
    app = make_app(database_url)

    @app.route("/_boom")
    def boom():
        raise RuntimeError("secret internals /etc/passwd")

    with app.app_context():
        from tests.conftest import create_test_user
        from tracker.auth.models import Role
        user = create_test_user(Role.ADMIN, email="boom@test.example")
        client = app.test_client()
        client.post("/login", data={"email": user.email, "password": PASSWORD,
                                    "csrf_token": csrf_token(client)})
        page = client.get("/_boom")
        text = page.get_data(as_text=True)
        assert page.status_code == 500
        assert "Traceback" not in text and "secret internals" not in text
        assert "Сталася помилка" in text
        db.session.delete(user)
        db.session.commit()
        db.engine.dispose()


def test_a_stale_view_cannot_overwrite_a_newer_change(api, users):
    call = api(users["clerk"])
    with time_machine.travel(dt.datetime(2018, 3, 29, 12, tzinfo=KYIV), tick=False):
        req = register(users["clerk"])
        seen = call("GET", f"/api/v1/requests/{req.id}").json["version"]
        first = call("POST", f"/api/v1/requests/{req.id}/actions",
                     json={"action": "assign", "executor": users["executor"].email,
                           "version": seen})
        assert first.status_code == 200 and first.json["version"] == seen + 1
        second = call("POST", f"/api/v1/requests/{req.id}/actions",
                      json={"action": "assign", "executor": users["head"].email,
                            "version": seen})
    assert second.status_code == 409 and "інший користувач" in second.json["error"]
    db.session.expire_all()
    assert db.session.get(Request, req.id).executor_id == users["executor"].id


def test_simultaneous_writes_are_refused_not_lost(users, database_url):
    """Two sessions load the same request and both write: the second write fails loudly."""
    from sqlalchemy.orm.exc import StaleDataError
    with time_machine.travel(dt.datetime(2018, 3, 29, 12, tzinfo=KYIV), tick=False):
        rid = register(users["clerk"]).id
    mine = db.session.get(Request, rid)
    assert mine.subject  # loaded: this session now holds the version it read
    # Meanwhile another connection (another worker) changes the row and bumps its version.
    from sqlalchemy import create_engine, update
    from sqlalchemy.pool import NullPool
    other = create_engine(database_url, poolclass=NullPool)
    with other.begin() as conn:
        conn.execute(update(Request.__table__).where(Request.__table__.c.id == rid)
                     .values(subject="Змінено в іншому вікні",
                             version=Request.__table__.c.version + 1))
    other.dispose()
    mine.subject = "Моя зміна"
    with pytest.raises(StaleDataError):
        db.session.commit()
    db.session.rollback()
    db.session.close()
    assert db.session.get(Request, rid).subject == "Змінено в іншому вікні"


def test_web_form_with_a_stale_version_gets_a_clear_message(client, users, login):
    with time_machine.travel(dt.datetime(2018, 3, 29, 12, tzinfo=KYIV), tick=False):
        req = register(users["clerk"])
        login(users["clerk"])
        r = client.post(f"/requests/{req.id}/actions/assign", data={
            "csrf_token": csrf_token(client), "assign-executor": users["executor"].email,
            "assign-version": str(req.version - 1 if req.version > 1 else 999)})
    assert r.status_code == 400 and "інший користувач" in r.get_data(as_text=True)
