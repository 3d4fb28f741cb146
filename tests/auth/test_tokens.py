"""Issue 13, break 6: API tokens can be listed and revoked, and none lives for ever."""
import re

from sqlalchemy import select

from tests.auth.helpers import login_from
from tests.factories import csrf_token
from tracker.auth.models import ApiToken
from tracker.core.models import Event
from tracker.core.timeutil import utcnow
from tracker.extensions import db


def _works(client, token: str) -> bool:
    return client.get("/api/v1/requests",
                      headers={"Authorization": f"Bearer {token}"}).status_code == 200


def _issue(runner, email: str, *extra) -> str:
    result = runner.invoke(args=["users", "token", email, *extra])
    assert result.exit_code == 0, result.output
    return result.output.strip().splitlines()[-1]


def test_days_zero_is_refused_not_never_expiring(runner, users):
    for days in ("0", "-3"):
        result = runner.invoke(args=["users", "token", users["clerk"].email, "--days", days])
        assert result.exit_code != 0 and "безстрокових токенів немає" in result.output
    assert db.session.scalars(select(ApiToken)).all() == []
    _issue(runner, users["clerk"].email, "--days", "1")
    row = db.session.scalars(select(ApiToken)).one()
    assert row.expires_at is not None and (row.expires_at - utcnow()).days == 0


def test_flask_users_tokens_lists_and_revoke_revokes(client, runner, users):
    first = _issue(runner, users["clerk"].email, "--days", "30")
    second = _issue(runner, users["clerk"].email)
    _issue(runner, users["head"].email)
    listing = runner.invoke(args=["users", "tokens", users["clerk"].email])
    assert listing.exit_code == 0, listing.output
    lines = listing.output.strip().splitlines()
    assert len(lines) == 2 and all("дійсний" in line and "діє до" in line for line in lines)
    assert first[:12] in listing.output and second[:12] in listing.output
    first_id = db.session.scalar(select(ApiToken.id).where(ApiToken.prefix == first[:12]))
    assert _works(client, first)
    result = runner.invoke(args=["users", "revoke", str(first_id)])
    assert result.exit_code == 0, result.output
    assert not _works(client, first) and _works(client, second)
    assert "відкликано" in runner.invoke(args=["users", "tokens", users["clerk"].email]).output
    assert runner.invoke(args=["users", "revoke", "999999"]).exit_code != 0
    event = db.session.scalar(select(Event).where(Event.action == "token_revoked"))
    assert event.entity_id == users["clerk"].id and event.after["token_id"] == first_id


def _revoke_on_page(client, url: str, token_id: int):
    page = client.get(url).get_data(as_text=True)
    return page, client.post(url, data={"token_id": str(token_id),
                                        "csrf_token": csrf_token(client)})


def test_a_user_lists_and_revokes_their_own_tokens_on_a_page(app, client, runner, users):
    mine = _issue(runner, users["executor"].email)
    theirs = _issue(runner, users["clerk"].email)
    ids = {t: db.session.scalar(select(ApiToken.id).where(ApiToken.prefix == t[:12]))
           for t in (mine, theirs)}
    browser = app.test_client()
    login_from(browser, users["executor"].email)
    page, _r = _revoke_on_page(browser, "/account/tokens", ids[theirs])
    assert mine[:12] in page and theirs[:12] not in page  # only one's own tokens
    assert _works(client, theirs)  # another user's token is not revoked from one's page
    _page, r = _revoke_on_page(browser, "/account/tokens", ids[mine])
    assert r.status_code == 302 and not _works(client, mine)
    page = browser.get("/account/tokens").get_data(as_text=True)
    assert "відкликано" in page
    no_csrf = browser.post("/account/tokens", data={"token_id": str(ids[mine])})
    assert no_csrf.status_code == 400


def test_the_admin_revokes_any_users_token_on_their_page(app, client, runner, users):
    token = _issue(runner, users["clerk"].email)
    token_id = db.session.scalar(select(ApiToken.id))
    admin = app.test_client()
    login_from(admin, users["admin"].email)
    url = f"/admin/users/{users['clerk'].id}/tokens"
    page, r = _revoke_on_page(admin, url, token_id)
    assert token[:12] in page and re.search(r"дійсний", page)
    assert r.status_code == 302 and not _works(client, token)
    event = db.session.scalar(select(Event).where(Event.action == "token_revoked"))
    assert event.actor_id == users["admin"].id
    # Other users' token pages are the admin's alone.
    other = app.test_client()
    login_from(other, users["head"].email)
    assert other.get(url).status_code == 403
