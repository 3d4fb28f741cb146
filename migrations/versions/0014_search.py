"""search: full-text and trigram indexes (issue 18)

Lemma columns on requests and activity records, the vocabulary, and each engine's
structures (tracker/search/postgres.py: pg_trgm and GIN indexes; tracker/search/sqlite.py:
FTS5 tables and their triggers), filled from the rows already there.

Revision ID: 0014_search
Revises: 0013_letter_approval
Create Date: 2026-11-30 12:00:00

"""
from alembic import op
import sqlalchemy as sa
import tracker.core.types


revision = '0014_search'
down_revision = '0013_letter_approval'
branch_labels = None
depends_on = None

SEARCHED = (('requests', 'requests'), ('activity_records', 'activities'))


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name == 'sqlite':
        import sqlite3
        if sqlite3.sqlite_version_info < (3, 34):
            raise RuntimeError(f'SQLite {sqlite3.sqlite_version}: search needs 3.34 or later '
                               '(FTS5 with the trigram tokenizer).')
    else:
        op.execute('CREATE EXTENSION IF NOT EXISTS pg_trgm')
    for table, _ in SEARCHED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('search_head', sa.Text(), nullable=False,
                                          server_default=''))
            batch_op.add_column(sa.Column('search_body', sa.Text(), nullable=False,
                                          server_default=''))
    op.create_table(
        'search_words',
        sa.Column('word', sa.String(length=60), nullable=False),
        sa.PrimaryKeyConstraint('word'),
    )
    # The rows already there: their lemmas, the vocabulary, the indexes (one pass).
    from sqlalchemy.orm import Session
    import tracker.activities.search_index  # noqa: F401  (registers what is searched)
    import tracker.register.search_index  # noqa: F401
    from tracker.search import reindex_all
    session = Session(bind=bind)
    reindex_all(session)
    session.close()


def downgrade():
    from tracker.search import postgres, sqlite
    engine = postgres if op.get_bind().dialect.name == 'postgresql' else sqlite
    for _, short in SEARCHED:
        for stmt in engine.drop(short):
            op.execute(stmt)
    for stmt in engine.VOCABULARY_DROP:
        op.execute(stmt)
    op.drop_table('search_words')
    for table, _ in SEARCHED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('search_body')
            batch_op.drop_column('search_head')
