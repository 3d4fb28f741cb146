"""requests: status, channel and the list's order in one index, so a filtered list's page
is read in order instead of sorting every match (issue 18)

Revision ID: 0022_list_order
Revises: 0021_postings_collation
Create Date: 2026-11-30 16:30:00

"""
from alembic import op


revision = '0022_list_order'
down_revision = '0021_postings_collation'
branch_labels = None
depends_on = None


def upgrade():
    op.drop_index('ix_requests_status_channel', table_name='requests')
    op.create_index('ix_requests_status_channel', 'requests',
                    ['status', 'channel', 'received_at', 'id'], unique=False)


def downgrade():
    op.drop_index('ix_requests_status_channel', table_name='requests')
    op.create_index('ix_requests_status_channel', 'requests', ['status', 'channel'],
                    unique=False)
