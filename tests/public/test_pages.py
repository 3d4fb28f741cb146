"""The public side stays public and Ukrainian: errors in the public layout (never the staff's
error page or login), the state language by default whatever the browser asks (Art. 27 of
the language law), English only by the visitor's own choice."""
from __future__ import annotations

import re

import pytest

from tests.public.helpers import form_fields

STAFF_ONLY = ("На головну", 'action="/logout"')


def _public_layout(page: str) -> bool:
    return 'class="public"' in page and 'href="/public/request"' in page and \
        not any(s in page for s in STAFF_ONLY)


@pytest.mark.parametrize("path", ["/public/answers/999", "/public/answers/999.pdf",
                                  "/public/nothing-here", "/public/answers/x/y",
                                  "/public/statistics.xml"])
def test_a_missing_public_page_is_the_public_404(client, path):
    response = client.get(path)
    assert response.status_code == 404, response.headers.get("Location")
    page = response.get_data(as_text=True)
    assert _public_layout(page) and "Сторінку не знайдено" in page


def test_a_server_error_on_a_public_page_is_in_the_public_layout(app, client, users):
    """A published answer whose letter cannot be read (a damaged row): its PDF fails."""
    from tests.disclosure.test_publishing import _published_with_table
    from tracker.disclosure.models import PublishedAnswer
    from tracker.extensions import db
    answer_id, _index, _number = _published_with_table(users)
    db.session.get(PublishedAnswer, answer_id).letter.content = {"damaged": True}
    db.session.commit()
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get(f"/public/answers/{answer_id}.pdf")
    assert response.status_code == 500
    assert _public_layout(response.get_data(as_text=True))


def test_staff_pages_still_send_strangers_to_the_login(client):
    assert client.get("/requests/1").headers["Location"].startswith("/login")
    assert client.get("/nothing-here").status_code in (302, 404)


@pytest.mark.parametrize("path", ["/public/request", "/public/answers", "/public/statistics",
                                  "/public/requests"])
def test_public_pages_are_ukrainian_whatever_the_browser_asks(client, path):
    page = client.get(path, headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="uk">' in page


def test_english_only_by_the_visitors_choice_and_staff_pages_keep_theirs(client):
    page = client.get("/login", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="en">' in page  # staff pages: the browser's language, as before
    token = form_fields(client)["csrf_token"]
    switched = client.post("/lang/en", data={"csrf_token": token, "next": "/public/answers"},
                           headers={"Referer": "http://localhost/public/answers"})
    assert switched.headers["Location"].endswith("/public/answers")
    page = client.get("/public/answers").get_data(as_text=True)
    assert '<html lang="en">' in page


def test_the_switch_without_a_referer_stays_on_the_public_side(client):
    page = client.get("/public/answers").get_data(as_text=True)
    token = form_fields(client)["csrf_token"]
    nxt = re.search(r'name="next" value="([^"]+)"', page).group(1)
    assert nxt == "/public/answers"
    assert client.post("/lang/en", data={"csrf_token": token, "next": nxt}) \
        .headers["Location"] == "/public/answers"
    # Only a /public/ path is followed; anything else goes where it always went.
    for bad in ("https://evil.example/", "//evil.example", "/requests/1"):
        location = client.post("/lang/uk", data={"csrf_token": token, "next": bad}) \
            .headers["Location"]
        assert "evil" not in location and location != "/requests/1"
    form_page = client.get("/public/request").get_data(as_text=True)
    assert 'name="next" value="/public/request"' in form_page
