"""search: words longer than 60 characters indexed by their first 60 (they were left out),
so a fragment ending in the start of one («sha-9f86») finds its row (issue 18)

Recomputes the search columns, the postings and the vocabulary (search.reindex_all); only
rows whose columns change are rewritten. A million requests: a few minutes.

Revision ID: 0023_long_words
Revises: 0022_list_order
Create Date: 2026-11-30 17:00:00

"""
from alembic import op


revision = '0023_long_words'
down_revision = '0022_list_order'
branch_labels = None
depends_on = None


def upgrade():
    from sqlalchemy.orm import Session
    import tracker.activities.search_index  # noqa: F401  (registers what is searched)
    import tracker.register.search_index  # noqa: F401
    from tracker.search import reindex_all
    session = Session(bind=op.get_bind())
    reindex_all(session)
    session.flush()


def downgrade():
    pass  # the longer words stay indexed: harmless to the code before
