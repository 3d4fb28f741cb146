"""search: postings tables, so a search page reads the index in its order (issue 18)

``fts_<short>_postings`` (lemma, row_id, in_head) per searched table, kept by triggers
(tracker/search/postings.py), filled from the lemma columns already there.

Revision ID: 0019_search_flat
Revises: 0018_list_indexes
Create Date: 2026-11-30 13:00:00

"""
from alembic import op


revision = '0019_search_flat'
down_revision = '0018_list_indexes'
branch_labels = None
depends_on = None

SEARCHED = (('requests', 'requests'), ('activity_records', 'activities'))


def upgrade():
    from sqlalchemy.orm import Session
    import tracker.activities.search_index  # noqa: F401  (registers what is searched)
    import tracker.register.search_index  # noqa: F401
    from tracker.search import ensure_structures, postings
    from sqlalchemy import text
    bind = op.get_bind()
    session = Session(bind=bind)
    ensure_structures(session)  # the tables and triggers (SQLite: filled as well)
    if bind.dialect.name == 'postgresql':
        for table, short in SEARCHED:
            for stmt in postings.pg_rebuild(table, short):
                session.execute(text(stmt))
            session.execute(text(f'ANALYZE {postings.table(short)}'))
    session.flush()


def downgrade():
    from tracker.search import postings
    for table, short in SEARCHED:
        if op.get_bind().dialect.name == 'postgresql':
            for stmt in postings.pg_drop(table, short):
                op.execute(stmt)
        else:
            for name in ('pai', 'pad', 'pau'):
                op.execute(f'DROP TRIGGER IF EXISTS fts_{short}_{name}')
            op.execute(f'DROP TABLE IF EXISTS {postings.table(short)}')
