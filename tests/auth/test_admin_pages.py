"""The admin's user pages: a new user's role is chosen (no default), API tokens are issued,
listed and revoked on the user's page, and the access log is filtered with a form."""
from sqlalchemy import select

from tests.factories import csrf_token, register
from tracker.auth.models import ApiToken, User
from tracker.extensions import db


def test_a_new_users_role_has_no_default(client, users, login):
    login(users["admin"])
    page = client.get("/admin/users/new").get_data(as_text=True)
    box = page.split('<select id="role"')[1].split("</select>")[0]
    assert box.split("<option")[1].startswith(' value="">— оберіть роль —')
    assert "selected" not in box  # nothing chosen for the admin
    r = client.post("/admin/users/new", data={
        "csrf_token": csrf_token(client), "email": "new@test.example", "name": "Нова Людина",
        "role": ""})
    page = r.get_data(as_text=True)
    assert "Оберіть роль" in page and 'value="Нова Людина"' in page
    assert db.session.scalar(select(User).where(User.email == "new@test.example")) is None


def test_the_operation_refuses_no_role_too(app, users):
    import pytest

    from tracker.auth.operations import create_user
    from tracker.core.errors import ValidationError
    with pytest.raises(ValidationError) as exc:
        create_user(users["admin"], email="x@test.example", name="Ікс Ігрек", role=None)
    assert "Оберіть роль" in exc.value.errors["role"][0]


def test_tokens_are_issued_listed_and_revoked_on_the_users_page(client, users, login):
    login(users["admin"])
    clerk = users["clerk"]
    page = client.get(f"/admin/users/{clerk.id}").get_data(as_text=True)
    assert "Видати токен" in page and "flask users token" not in page
    r = client.post(f"/admin/users/{clerk.id}/tokens/new",
                    data={"csrf_token": csrf_token(client), "days": "30"})
    page = r.get_data(as_text=True)
    assert r.status_code == 200 and r.headers["Cache-Control"] == "no-store"
    row = db.session.scalars(select(ApiToken)).one()
    token = page.split('id="new-token-value">')[1].split("<")[0]
    assert token.startswith("zpt_") and token[:12] == row.prefix
    # Shown once: the page later lists only its beginning.
    later = client.get(f"/admin/users/{clerk.id}").get_data(as_text=True)
    assert token not in later and row.prefix in later and "дійсний" in later
    r = client.post(f"/admin/users/{clerk.id}/tokens", data={
        "csrf_token": csrf_token(client), "token_id": row.id, "back": "user"})
    assert r.status_code == 302 and r.headers["Location"].endswith(
        f"/admin/users/{clerk.id}#tokens")
    db.session.expire_all()
    assert row.revoked_at is not None
    # Days out of range: a Ukrainian message, no token.
    r = client.post(f"/admin/users/{clerk.id}/tokens/new",
                    data={"csrf_token": csrf_token(client), "days": "5000"})
    assert r.status_code == 400 and "безстрокових токенів немає" in r.get_data(as_text=True)
    assert db.session.query(ApiToken).count() == 1


def test_the_access_log_is_filtered_with_a_form_and_labelled(client, users, login, api):
    req = register(users["clerk"], executor=users["executor"].email)
    other = register(users["clerk"], executor=users["executor"].email)
    api(users["head"])("GET", f"/api/v1/requests/{req.id}")
    api(users["head"])("GET", f"/api/v1/requests/{other.id}")
    login(users["admin"])
    client.get(f"/requests/{req.id}")
    page = client.get("/admin/access-log").get_data(as_text=True)
    assert 'id="access-filter"' in page and "?request=ID" not in page
    assert "API: картка запиту" in page and "перегляд картки запиту" in page
    page = client.get("/admin/access-log", query_string={
        "request": req.registration_number, "action": "api"}).get_data(as_text=True)
    assert page.count("API: картка запиту") == 1 + 1  # the row and the filter's option
    assert "перегляд картки запиту</td>" not in page
    page = client.get("/admin/access-log", query_string={
        "user": users["admin"].id}).get_data(as_text=True)
    assert "API: картка запиту</td>" not in page and "перегляд картки запиту</td>" in page
    page = client.get("/admin/access-log", query_string={"request": "немає-такого"}
                      ).get_data(as_text=True)
    assert "Запиту «немає-такого» не знайдено." in page


def test_access_action_labels_never_show_a_bare_code():
    from tracker.auth.access_labels import access_action_label
    assert access_action_label("export:csv") == "вивантаження журналу (CSV)"
    assert access_action_label("export:pdf") == "вивантаження (pdf)"
    assert access_action_label("zzz") == "інша дія (zzz)"
