"""Both engines in one run: a SQLite file and a PostgreSQL database of the search tests' own
(next to TEST_DATABASE_URL's, or on 127.0.0.1:5432), each migrated to head once."""
from __future__ import annotations

import os
import socket

import flask_migrate
import pytest
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.pool import NullPool

from tests.conftest import _empty_tables, create_test_user, make_app
from tracker.auth.models import Role
from tracker.extensions import db

#: Each xdist worker («gw0», «gw1») its own database: each drops and migrates it.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
PG_NAME = f"zapyt_search_tests{'_' + _WORKER if _WORKER else ''}"


def _postgres_url() -> str | None:
    """Our own database on the test server; None when there is no server."""
    given = os.environ.get("TEST_DATABASE_URL", "")
    if given.startswith("postgresql"):
        url = make_url(given)
        url = url.set(database=f"{url.database}_search{'_' + _WORKER if _WORKER else ''}")
    else:
        try:
            socket.create_connection(("127.0.0.1", 5432), timeout=1).close()
        except OSError:
            return None
        url = make_url(f"postgresql+psycopg://postgres@127.0.0.1:5432/{PG_NAME}")
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT",
                          poolclass=NullPool)
    try:
        with admin.connect() as conn:
            if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                               {"n": url.database}):
                conn.execute(text(f'CREATE DATABASE "{url.database}"'))
    except Exception:  # noqa: BLE001  (no server we may use: the PostgreSQL half skips)
        return None
    finally:
        admin.dispose()
    engine = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with engine.connect() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url.render_as_string(hide_password=False)


def _migrated(url: str) -> str:
    app = make_app(url)
    with app.app_context():
        flask_migrate.upgrade()
        db.engine.dispose()
    return url


@pytest.fixture(scope="session")
def search_databases(tmp_path_factory) -> dict[str, str | None]:
    sqlite_url = f"sqlite:///{tmp_path_factory.mktemp('search-db') / 'search.db'}"
    pg = _postgres_url()
    return {"sqlite": _migrated(sqlite_url), "postgresql": _migrated(pg) if pg else None}


class Engine:
    """An app on one engine, its context pushed while in use (``with engine:``)."""

    def __init__(self, name: str, url: str):
        self.name, self.app = name, make_app(url)
        self.ctx = None

    def __enter__(self):
        self.ctx = self.app.app_context()
        self.ctx.push()
        return self

    def __exit__(self, *exc):
        db.session.rollback()
        _empty_tables()
        db.session.remove()
        db.engine.dispose()
        self.ctx.pop()

    def clerk(self):
        return create_test_user(Role.CLERK)


def _engine(search_databases, name: str) -> Engine:
    url = search_databases[name]
    if url is None:
        pytest.skip("PostgreSQL: no TEST_DATABASE_URL and nothing on 127.0.0.1:5432")
    return Engine(name, url)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, search_databases):
    """Each test once per engine, its app context pushed."""
    with _engine(search_databases, request.param) as e:
        yield e


@pytest.fixture
def both(search_databases):
    """The two engines, for a test that compares them (contexts pushed one at a time)."""
    return [_engine(search_databases, name) for name in ("sqlite", "postgresql")]
