"""Issue 13, break 5: nobody can keep an account locked out, or tell which accounts exist.

Names that only the fix brings are imported inside the tests, after the attack steps: on the
old code each test then fails on the attack itself, not on an import.
"""
import datetime as dt
import re

import pytest
import time_machine
import werkzeug.security
from sqlalchemy import select

from tests.auth.helpers import GENERIC, login_from
from tests.conftest import PASSWORD
from tracker.auth.models import User
from tracker.core.models import Event
from tracker.core.timeutil import KYIV
from tracker.extensions import db

OUTSIDER, OFFICE = "203.0.113.9", "198.51.100.7"
START = dt.datetime(2026, 11, 23, 10, tzinfo=KYIV)


@pytest.fixture(autouse=True)
def no_rate_limit(app):
    """The per-address rate limit is another control (tests/security); here the throttle."""
    app.config["LOGIN_RATE_LIMIT"] = "10000 per minute"


def test_an_outsider_hammering_the_admin_cannot_lock_the_admin_out(app, client, users):
    admin = users["admin"].email
    outsider = app.test_client()
    with time_machine.travel(START, tick=False):
        for _ in range(30):  # "five wrong passwords every 15 minutes", and far more
            assert login_from(outsider, admin, "guess-guess-guess", OUTSIDER).status_code == 200
        # The outsider's own address is throttled: even the right password is not accepted …
        guessed = login_from(outsider, admin, PASSWORD, OUTSIDER)
        assert guessed.status_code == 200 and GENERIC in guessed.get_data(as_text=True)
        # … while the admin, from the office, logs in at once.
        assert login_from(client, admin, PASSWORD, OFFICE).status_code == 302
        assert client.get("/admin/users").status_code == 200


def test_the_delays_grow_and_reset_on_success(app, client, users):
    email = users["clerk"].email
    with time_machine.travel(START, tick=False):
        for _ in range(5):
            login_from(client, email, "wrong-wrong-wrong", OUTSIDER)
    later = START + dt.timedelta(seconds=61)
    with time_machine.travel(later, tick=False):  # the first minute is over: one more try …
        login_from(client, email, "wrong-wrong-wrong", OUTSIDER)
    with time_machine.travel(later + dt.timedelta(seconds=100), tick=False):  # … then two
        assert login_from(client, email, PASSWORD, OUTSIDER).status_code == 200
    with time_machine.travel(later + dt.timedelta(seconds=121), tick=False):
        assert login_from(client, email, PASSWORD, OUTSIDER).status_code == 302
    from tracker.auth.models import LoginFailure
    assert not db.session.scalars(select(LoginFailure).where(LoginFailure.email == email)).all()
    from tracker.auth.throttle import delay_after
    assert [delay_after(n) for n in (4, 5, 6, 7, 9, 50)] == [
        None, dt.timedelta(minutes=1), dt.timedelta(minutes=2), dt.timedelta(minutes=4),
        dt.timedelta(minutes=15), dt.timedelta(minutes=15)]


def _normalised(response, email: str) -> tuple[int, str]:
    """Status and body, without what legitimately differs: the token and the typed e-mail."""
    body = response.get_data(as_text=True).replace(email, "EMAIL")
    return response.status_code, re.sub(r'value="[^"]{20,}"', 'value="TOKEN"', body)


def test_known_and_unknown_emails_get_the_same_answers(app, users):
    known, unknown = users["head"].email, "nobody@test.example"
    answers = {}
    with time_machine.travel(START, tick=False):
        for email, address in ((known, "192.0.2.1"), (unknown, "192.0.2.2")):
            browser = app.test_client()
            answers[email] = [_normalised(login_from(browser, email, "wrong-wrong-wrong",
                                                     address), email) for _ in range(8)]
            # Once throttled, even the right password of the known account gets the same.
            answers[email].append(_normalised(login_from(browser, email, PASSWORD, address),
                                              email))
    assert answers[known] == answers[unknown]
    status, body = answers[known][-1]
    assert status == 200 and GENERIC in body
    assert "заблоковано" not in body and not re.search(r"\d\d:\d\d", body)  # no unlock time
    from tracker.auth.models import LoginFailure
    rows = {r.email: (r.failures, r.attempts) for r in db.session.scalars(
        select(LoginFailure).where(LoginFailure.email.in_([known, unknown])))}
    assert rows == {known: (5, 9), unknown: (5, 9)}  # both counted alike


@pytest.mark.parametrize("method", ["configured", "scrypt"])
def test_unknown_emails_cost_a_real_password_check(app, client, users, monkeypatch, method):
    """The decoy hash for unknown e-mails is made like the real ones (method and cost)."""
    if method == "scrypt":  # the production default (tests use a cheap PBKDF2)
        app.config["PASSWORD_HASH_METHOD"] = "scrypt"
        users["clerk"].set_password(PASSWORD)
        db.session.commit()
    used = []
    real = werkzeug.security._hash_internal

    def spy(method_, salt, password):
        used.append(method_)
        return real(method_, salt, password)

    monkeypatch.setattr(werkzeug.security, "_hash_internal", spy)
    login_from(client, users["clerk"].email, "wrong-wrong-wrong", OFFICE)
    login_from(client, "nobody@test.example", "wrong-wrong-wrong", OFFICE)
    real_method = users["clerk"].password_hash.split("$")[0]
    assert len(used) >= 2 and set(used) == {real_method}
    from tracker.auth.passwords import decoy_hash
    assert decoy_hash().split("$")[0] == real_method


def test_flask_users_unlock_forgets_the_failures(app, client, runner, users):
    email = users["executor"].email
    with time_machine.travel(START, tick=False):
        for address in (OUTSIDER, OFFICE):
            for _ in range(6):
                login_from(client, email, "wrong-wrong-wrong", address)
        assert login_from(client, email, PASSWORD, OFFICE).status_code != 302  # delayed
        result = runner.invoke(args=["users", "unlock", email.upper()])
        assert result.exit_code == 0, result.output
        assert "2" in result.output
        assert login_from(client, email, PASSWORD, OFFICE).status_code == 302
    from tracker.auth.models import LoginFailure
    assert not db.session.scalars(select(LoginFailure).where(LoginFailure.email == email)).all()
    assert db.session.scalar(select(Event).where(Event.action == "login_unlocked"))


def test_the_admin_sees_failed_login_bursts(app, client, users, login):
    with time_machine.travel(START, tick=False):
        for email in (users["clerk"].email, "ghost@test.example"):
            for _ in range(6):
                login_from(app.test_client(), email, "wrong-wrong-wrong", OUTSIDER)
    with time_machine.travel(START + dt.timedelta(minutes=20), tick=False):
        login(users["admin"])
        page = client.get("/admin/users").get_data(as_text=True)
        burst = page[page.index('id="login-bursts"'):]
        assert users["clerk"].email in burst and "ghost@test.example" in burst
        assert "такого користувача немає" in burst and ">6<" in burst
        detail = client.get(f"/admin/users/{users['clerk'].id}").get_data(as_text=True)
        assert OUTSIDER in detail
    event = db.session.scalar(select(Event).where(Event.action == "login_throttled"))
    assert event.entity_id == users["clerk"].id and event.after["address"] == OUTSIDER
    assert db.session.get(User, users["clerk"].id).active  # the account itself is untouched


def test_simultaneous_failures_are_all_counted(app):
    """Parallel guesses cannot outrun the counter (one atomic UPDATE, a savepoint on insert)."""
    import threading
    from tracker.auth import throttle
    from tracker.auth.models import LoginFailure
    from tracker.core.timeutil import utcnow
    barrier, errors = threading.Barrier(8), []

    def guess():
        with app.app_context():
            try:
                barrier.wait()
                throttle.record_failure("race@test.example", OUTSIDER, utcnow(), None)
                db.session.commit()
            except Exception as exc:  # noqa: BLE001 — reported below
                errors.append(repr(exc))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=guess) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    db.session.expire_all()
    row = db.session.scalars(select(LoginFailure).where(
        LoginFailure.email == "race@test.example")).one()
    assert errors == [] and row.failures == 8 and row.blocked_until is not None


def test_an_ipv6_client_is_counted_by_its_64_network():
    from tracker.auth.throttle import normalise_address
    assert normalise_address("2001:db8:1:2::1") == normalise_address("2001:db8:1:2:ffff::9") \
        == "2001:db8:1:2::/64"
    assert normalise_address("2001:db8:1:3::1") != normalise_address("2001:db8:1:2::1")
    assert normalise_address("::ffff:192.0.2.7") == normalise_address("192.0.2.7") == "192.0.2.7"
