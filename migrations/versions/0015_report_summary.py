"""reports: summary table kept current with each state change (issue 18)

report_facts / report_labels: what each request counts as last counted; report_counts: the
counts per day and month a report reads (tracker/reports/summary.py). Filled from the
requests already there.

Revision ID: 0015_report_summary
Revises: 0014_search
Create Date: 2026-11-30 12:00:00

"""
from alembic import op
import sqlalchemy as sa
import tracker.core.types  # noqa: F401


revision = '0015_report_summary'
down_revision = '0014_search'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'report_facts',
        sa.Column('request_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('received_date', sa.Date(), nullable=False),
        sa.Column('channel', sa.String(length=20), nullable=False),
        sa.Column('category', sa.String(length=20), nullable=False),
        sa.Column('outcome', sa.String(length=20), nullable=False),
        sa.Column('refusal_ground', sa.String(length=20), nullable=True),
        sa.Column('executor_id', sa.Integer(), nullable=True),
        sa.Column('urgent', sa.Boolean(), nullable=False),
        sa.Column('extended', sa.Boolean(), nullable=False),
        sa.Column('answered_on', sa.Date(), nullable=True),
        sa.Column('late', sa.Boolean(), nullable=True),
        sa.PrimaryKeyConstraint('request_id'),
    )
    op.create_table(
        'report_labels',
        sa.Column('request_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('label', sa.String(length=60), nullable=False),
        sa.PrimaryKeyConstraint('request_id', 'kind', 'label'),
    )
    op.create_table(
        'report_counts',
        sa.Column('grain', sa.String(length=1), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('key', sa.String(length=60), nullable=False),
        sa.Column('sub', sa.String(length=20), nullable=False),
        sa.Column('n', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('grain', 'day', 'kind', 'key', 'sub'),
    )
    op.create_index('ix_report_counts_kind_day', 'report_counts', ['grain', 'kind', 'day'],
                    unique=False)
    # The requests already there (spam marks come with 0016: none yet).
    from sqlalchemy.orm import Session
    from tracker.reports.summary import rebuild
    session = Session(bind=op.get_bind())
    rebuild(session, exclude_spam=False)
    session.close()


def downgrade():
    op.drop_index('ix_report_counts_kind_day', table_name='report_counts')
    op.drop_table('report_counts')
    op.drop_table('report_labels')
    op.drop_table('report_facts')
