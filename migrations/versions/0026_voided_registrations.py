"""requests: a registration made in error (the same letter registered twice, a message that
is no request) is annulled with its reason, kept and left out of the statistics

Revision ID: 0026_voided_registrations
Revises: 0025_sender_reference
Create Date: 2026-11-30 18:45:00

"""
import sqlalchemy as sa
from alembic import op

import tracker.core.types


revision = '0026_voided_registrations'
down_revision = '0025_sender_reference'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('requests') as batch:
        batch.add_column(sa.Column('voided_at', tracker.core.types.UTCDateTime(timezone=True),
                                   nullable=True))
        batch.add_column(sa.Column('voided_by_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('void_reason', sa.Text(), nullable=True))
        batch.add_column(sa.Column('duplicate_of_id', sa.Integer(), nullable=True))
        batch.create_foreign_key('fk_requests_voided_by_id_users', 'users',
                                 ['voided_by_id'], ['id'])
        batch.create_foreign_key('fk_requests_duplicate_of_id_requests', 'requests',
                                 ['duplicate_of_id'], ['id'])


def downgrade():
    with op.batch_alter_table('requests') as batch:
        batch.drop_constraint('fk_requests_duplicate_of_id_requests', type_='foreignkey')
        batch.drop_constraint('fk_requests_voided_by_id_users', type_='foreignkey')
        batch.drop_column('duplicate_of_id')
        batch.drop_column('void_reason')
        batch.drop_column('voided_by_id')
        batch.drop_column('voided_at')
