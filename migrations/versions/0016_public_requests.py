"""public side: website channel, status codes, spam marks (issue 19)

Revision ID: 0016_public_requests
Revises: 0015_report_summary
Create Date: 2026-11-30 12:00:00

"""
from alembic import op
import sqlalchemy as sa
import tracker.core.types


revision = '0016_public_requests'
down_revision = '0015_report_summary'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
