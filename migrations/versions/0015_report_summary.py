"""reports: summary table kept current with each state change (issue 18)

Revision ID: 0015_report_summary
Revises: 0014_search
Create Date: 2026-11-30 12:00:00

"""
from alembic import op
import sqlalchemy as sa
import tracker.core.types


revision = '0015_report_summary'
down_revision = '0014_search'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
