"""search: full-text and trigram indexes (issue 18)

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


def upgrade():
    pass


def downgrade():
    pass
