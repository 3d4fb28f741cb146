"""public side: website channel, status codes, spam marks, used form tickets (issue 19)

The channel «website» already exists (the enum is stored as text, no constraint to widen).

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
    with op.batch_alter_table('requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('spam_marked_at', tracker.core.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('spam_marked_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_requests_spam_marked_by_id_users', 'users',
                                    ['spam_marked_by_id'], ['id'])
    op.create_table(
        'request_status_codes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('request_id', sa.Integer(), nullable=False),
        sa.Column('code_hash', sa.String(length=64), nullable=False),
        sa.Column('purpose', sa.String(length=20), nullable=False),
        sa.Column('created_at', tracker.core.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['request_id'], ['requests.id'],
                                name='fk_request_status_codes_request_id_requests'),
        sa.PrimaryKeyConstraint('id', name='pk_request_status_codes'),
        sa.UniqueConstraint('code_hash', name='uq_request_status_codes_code_hash'),
    )
    op.create_index('ix_request_status_codes_request_id', 'request_status_codes', ['request_id'])
    op.create_table(
        'public_form_tickets',
        sa.Column('nonce', sa.String(length=32), nullable=False),
        sa.Column('expires_at', tracker.core.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('nonce', name='pk_public_form_tickets'),
    )
    op.create_index('ix_public_form_tickets_expires_at', 'public_form_tickets', ['expires_at'])


def downgrade():
    op.drop_index('ix_public_form_tickets_expires_at', table_name='public_form_tickets')
    op.drop_table('public_form_tickets')
    op.drop_index('ix_request_status_codes_request_id', table_name='request_status_codes')
    op.drop_table('request_status_codes')
    with op.batch_alter_table('requests', schema=None) as batch_op:
        batch_op.drop_constraint('fk_requests_spam_marked_by_id_users', type_='foreignkey')
        batch_op.drop_column('spam_marked_by_id')
        batch_op.drop_column('spam_marked_at')
