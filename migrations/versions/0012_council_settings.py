"""council_settings: council settings an admin changes at run time (key, JSON value)

Revision ID: 0012_council_settings
Revises: 0011_delivery_and_access
Create Date: 2026-12-01 07:00:00

"""
from alembic import op
import sqlalchemy as sa

import tracker.core.types


revision = '0012_council_settings'
down_revision = '0011_delivery_and_access'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'council_settings',
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('value', sa.JSON(), nullable=True),
        sa.Column('updated_at', tracker.core.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'],
                                name='fk_council_settings_updated_by_id_users'),
        sa.PrimaryKeyConstraint('key', name='pk_council_settings'),
    )


def downgrade():
    op.drop_table('council_settings')
