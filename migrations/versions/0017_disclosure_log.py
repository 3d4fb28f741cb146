"""public side: published answers with personal data removed (issue 19)

Revision ID: 0017_disclosure_log
Revises: 0016_public_requests
Create Date: 2026-11-30 12:00:00

"""
from alembic import op
import sqlalchemy as sa
import tracker.core.types


revision = '0017_disclosure_log'
down_revision = '0016_public_requests'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
