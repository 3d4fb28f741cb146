"""requests: indexes for the dashboard and filtered lists at a million requests (issue 18)

Revision ID: 0018_list_indexes
Revises: 0017_disclosure_log
Create Date: 2026-11-30 13:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0018_list_indexes'
down_revision = '0017_disclosure_log'
branch_labels = None
depends_on = None

#: register.models.OPEN_STATUSES, as stored and in the order the queries write them (SQLite
#: uses a partial index only for a WHERE term identical to its own).
OPEN = "status IN ('deferred', 'extended', 'in_progress', 'new')"


def upgrade():
    # The open requests only (under 1 % of a register after a few years), in due order: the
    # dashboard's counts and lists and the deadline-state filters read this small index
    # instead of walking every request by due date; with the executor and the urgent term
    # in it the dashboard's counts read the index alone.
    op.create_index('ix_requests_open_due', 'requests', ['due_date', 'id', 'executor_id', 'due_at'],
                    unique=False,
                    postgresql_where=sa.text(OPEN), sqlite_where=sa.text(OPEN))
    # Status with channel: a filtered list's capped count reads the index alone.
    op.create_index('ix_requests_status_channel', 'requests', ['status', 'channel'],
                    unique=False)


def downgrade():
    op.drop_index('ix_requests_status_channel', table_name='requests')
    op.drop_index('ix_requests_open_due', table_name='requests')
