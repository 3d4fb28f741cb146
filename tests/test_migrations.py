"""The migrations build exactly the schema the models describe."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from tracker.core.schema import include_name
from tracker.extensions import db


def test_models_and_migrations_agree(app):
    # The session fixture built the schema by running every migration to head.
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={
            "include_name": include_name, "compare_type": True})
        diff = compare_metadata(context, db.metadata)
    assert diff == [], f"models and migrations differ: {diff}"


def test_migrations_downgrade_and_upgrade_cleanly(app):
    import flask_migrate
    from sqlalchemy import inspect
    flask_migrate.downgrade(revision="base")
    assert "requests" not in inspect(db.engine).get_table_names()
    flask_migrate.upgrade()
    assert "requests" in inspect(db.engine).get_table_names()
