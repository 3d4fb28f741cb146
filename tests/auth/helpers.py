"""Logging in from a given client address, and replaying captured cookies elsewhere."""
from __future__ import annotations

from tests.conftest import PASSWORD, csrf_token

GENERIC = "Неправильна адреса або пароль, або забагато спроб — спробуйте пізніше."


def login_from(client, email: str, password: str = PASSWORD, address: str = "127.0.0.1",
               remember: bool = False):
    """POST the login form as a browser at ``address`` would."""
    data = {"email": email, "password": password, "csrf_token": csrf_token(client)}
    if remember:
        data["remember"] = "y"
    return client.post("/login", data=data, environ_base={"REMOTE_ADDR": address})


def cookie(client, name: str) -> str:
    found = client.get_cookie(name)
    assert found is not None, f"no {name} cookie"
    return found.value


def replay(app, **cookies):
    """A new browser holding only the given (copied) cookies."""
    thief = app.test_client()
    for name, value in cookies.items():
        thief.set_cookie(name, value)
    return thief


def opens_pages(client) -> bool:
    """Whether the client gets the dashboard (a logged-in session) rather than the login page."""
    response = client.get("/")
    return response.status_code == 200
