"""Ukrainian by default, English as the second locale, the user's choice remembered."""
from tests.conftest import PASSWORD, csrf_token


def test_ukrainian_by_default(client, users, login):
    login(users["clerk"])
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="uk">' in page and "Огляд на" in page and "прострочено" in page


def test_accept_language_en_renders_the_dashboard_in_english(client, users, login):
    login(users["clerk"])
    page = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Dashboard for" in page and "overdue" in page and "Log out" in page
    assert "Огляд на" not in page


def test_the_switch_is_remembered_on_the_account(app, client, users, login):
    login(users["clerk"])
    client.post("/lang/en", data={"csrf_token": csrf_token(client)})
    assert "Dashboard for" in client.get("/").get_data(as_text=True)
    from tracker.extensions import db
    db.session.refresh(users["clerk"])
    assert users["clerk"].locale == "en"
    # A new browser (new session, Ukrainian Accept-Language) still gets English.
    other = app.test_client()
    other.post("/login", data={"email": users["clerk"].email, "password": PASSWORD,
                               "csrf_token": csrf_token(other)})
    page = other.get("/", headers={"Accept-Language": "uk"}).get_data(as_text=True)
    assert "Dashboard for" in page
    other.post("/lang/uk", data={"csrf_token": csrf_token(other)})
    assert "Огляд на" in other.get("/").get_data(as_text=True)


def test_labels_and_forms_translate(client, users, login):
    login(users["clerk"])
    page = client.get("/requests/new", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Requester (surname and name, or organisation name)" in page and "Channel" in page


def test_cli_and_mail_stay_ukrainian(runner):
    assert "Строк: 5 робочих днів" in runner.invoke(args=["deadline", "2018-03-28"]).output
