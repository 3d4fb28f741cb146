"""search: the postings' words in code-point order (COLLATE "C"), so a fragment's last part
(«4812» of «к-4812») reads its words as a range of the key (issue 18)

PostgreSQL only (SQLite compares code points already). Rewrites the postings' key: about
a minute per ten million postings.

Revision ID: 0021_postings_collation
Revises: 0020_report_flat
Create Date: 2026-11-30 15:30:00

"""
from alembic import op


revision = '0021_postings_collation'
down_revision = '0020_report_flat'
branch_labels = None
depends_on = None

POSTINGS = ('fts_requests_postings', 'fts_activities_postings')


def _collate(collation: str) -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    for table in POSTINGS:
        op.execute(f'ALTER TABLE {table} ALTER COLUMN lemma TYPE text COLLATE {collation}')
        op.execute(f'ANALYZE {table}')


def upgrade():
    _collate('"C"')


def downgrade():
    _collate('"default"')
