"""Fixtures: a migrated database per session, a fresh app and empty tables per test.

SQLite (a temporary file) by default; PostgreSQL when TEST_DATABASE_URL is set.
"""
from __future__ import annotations

import os
import tempfile

# Tests never touch the developer's instance/ folder (demo login, secret key, locks).
os.environ["INSTANCE_PATH"] = tempfile.mkdtemp(prefix="zapyt-test-instance-")

import flask_migrate
import pytest
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text

from tests.factories import csrf_token  # noqa: F401  (imported from here by older tests)
from tracker import create_app
from tracker.auth.models import Role, User
from tracker.auth.operations import issue_token
from tracker.extensions import db

PASSWORD = "correct horse battery staple"


def _database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


def _wipe_postgres(url: str) -> None:
    """Start from an empty schema: the suite owns the test database."""
    from sqlalchemy.pool import NullPool
    engine = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with engine.connect() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session", autouse=True)
def compiled_translations():
    """The catalogues compiled: English, and Ukrainian for its three plural forms (make does
    it; a bare pytest run does it here)."""
    from pathlib import Path
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    for lang in ("en", "uk"):
        po = (Path(__file__).resolve().parents[1] / "translations" / lang / "LC_MESSAGES"
              / "messages.po")
        mo = po.with_suffix(".mo")
        if po.exists() and (not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime):
            with po.open("rb") as src, mo.open("wb") as dst:
                write_mo(dst, read_po(src))


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    """The test database, migrated to head once per session (through the real migrations)."""
    url = _database_url(tmp_path_factory)
    if url.startswith("postgresql"):
        _wipe_postgres(url)
    app = create_app("config.TestConfig", SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        flask_migrate.upgrade()
        db.engine.dispose()
    return url


class FreshContextClient(FlaskClient):
    """A test client whose every request starts with an empty ``g``.

    The tests keep an app context pushed (to use the database between requests); Flask then
    reuses it for each request, and extensions' per-request caches in ``g`` (the user, the
    CSRF token, the locale) would leak from one request to the next. Production gives each
    request a fresh context; so does this client.
    """

    def open(self, *args, **kwargs):
        from flask import g, has_app_context
        if has_app_context():
            for key in list(vars(g)):
                delattr(g, key)
        return super().open(*args, **kwargs)


def make_app(database_url: str, **overrides):
    # Room for the concurrency tests' threads, each holding a connection at once.
    options = {"pool_pre_ping": True, "pool_size": 10, "max_overflow": 60}
    app = create_app("config.TestConfig", SQLALCHEMY_DATABASE_URI=database_url,
                      SQLALCHEMY_ENGINE_OPTIONS=options, **overrides)
    app.test_client_class = FreshContextClient
    return app


def _empty_tables() -> None:
    tables = [t for t in reversed(db.metadata.sorted_tables)]
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for t in tables:
            db.session.execute(t.delete())
    db.session.commit()
    db.session.expunge_all()  # ids restart: objects of the emptied tables must not linger
    # Reference data the migrations seed, put back for the next test.
    from tracker.activities.operations import seed_categories
    seed_categories()
    db.session.commit()


@pytest.fixture
def app(database_url):
    """A fresh app on the migrated database; every table is emptied afterwards."""
    app = make_app(database_url)
    with app.app_context():
        yield app
        db.session.rollback()
        _empty_tables()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def create_test_user(role: Role, email: str | None = None, name: str | None = None) -> User:
    user = User(email=email or f"{role.value}@test.example", name=name or f"Тест {role.value}",
                role=role, position="Посада", phone="48-11-85")
    user.set_password(PASSWORD)
    db.session.add(user)
    db.session.commit()
    return user


@pytest.fixture
def users(app) -> dict[str, User]:
    """One user of each role, keyed by role value."""
    return {r.value: create_test_user(r) for r in Role}


@pytest.fixture
def login(client):
    """login(user): log the test client in through the real login form."""
    def do(user: User):
        client.get("/login")
        response = client.post("/login", data={
            "email": user.email, "password": PASSWORD, "csrf_token": csrf_token(client)})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return client
    return do


@pytest.fixture
def api(client):
    """api(user) -> a callable(method, path, json=None) sending the user's Bearer token."""
    def for_user(user: User):
        token = issue_token(None, user)
        db.session.commit()
        def call(method: str, path: str, **kwargs):
            headers = {"Authorization": f"Bearer {token}"}
            return client.open(path, method=method, headers=headers, **kwargs)
        return call
    return for_user


@pytest.fixture
def smtp_server(app):
    """A real SMTP server on loopback; the app's mail settings point at it."""
    from tests.smtp import SMTPServer
    server = SMTPServer()
    server.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_TIMEOUT=5,
                      BASE_URL="http://zapyt.test")
    yield server
    server.stop()


@pytest.fixture
def count_queries(app):
    """count_queries() -> a context manager counting the SQL statements run inside it
    (``with count_queries() as n: …; n.count``), as indico's fixture of the same name."""
    from contextlib import contextmanager

    from sqlalchemy import event

    class Counter:
        count = 0

    @contextmanager
    def counting():
        counter = Counter()

        def count(*_args, **_kwargs):
            counter.count += 1
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            yield counter
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
    return counting
