"""letters: who sent them (the answer is recorded when the server accepts); access log: bulk reads

Revision ID: 0011_delivery_and_access
Revises: 0010_auth_sessions
Create Date: 2026-11-30 07:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0011_delivery_and_access'
down_revision = '0010_auth_sessions'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('letters', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sent_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_letters_sent_by_id_users', 'users', ['sent_by_id'], ['id'])
    with op.batch_alter_table('access_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('request_ids', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('access_log', schema=None) as batch_op:
        batch_op.drop_column('request_ids')
    with op.batch_alter_table('letters', schema=None) as batch_op:
        batch_op.drop_constraint('fk_letters_sent_by_id_users', type_='foreignkey')
        batch_op.drop_column('sent_by_id')
