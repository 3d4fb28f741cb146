"""auth: session versions, login throttling per (e-mail, address), tokens always expire

Revision ID: 0010_auth_sessions
Revises: 0009_index_per_year
Create Date: 2026-11-23 10:00:00

The account lockout (users.failed_logins, users.locked_until) gives way to the
login_failures table. Tokens issued "without expiry" get the longest ordinary life from
now (a year), and expires_at becomes NOT NULL.
"""
import datetime as dt

from alembic import op
import sqlalchemy as sa

import tracker.core.types


# revision identifiers, used by Alembic.
revision = '0010_auth_sessions'
down_revision = '0009_index_per_year'
branch_labels = None
depends_on = None

TOKEN_DAYS_FOR_OPEN_ENDED = 365


def upgrade():
    op.create_table('login_failures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('first_at', tracker.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_at', tracker.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('blocked_until', tracker.core.types.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_failures')),
    sa.UniqueConstraint('email', 'address', name=op.f('uq_login_failures_email'))
    )
    with op.batch_alter_table('login_failures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_failures_last_at'), ['last_at'], unique=False)

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='1',
                                      nullable=False))
    # Not in batch mode: SQLite (3.35+) drops a plain column in place. Recreating "users"
    # would drop the old table, which every other table's foreign keys refer to.
    op.drop_column('users', 'locked_until')
    op.drop_column('users', 'failed_logins')

    tokens = sa.table('api_tokens', sa.column('id', sa.Integer()),
                      sa.column('expires_at', tracker.core.types.UTCDateTime(timezone=True)))
    until = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=TOKEN_DAYS_FOR_OPEN_ENDED)
    op.execute(tokens.update().where(tokens.c.expires_at.is_(None)).values(expires_at=until))
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.alter_column('expires_at',
                              existing_type=tracker.core.types.UTCDateTime(timezone=True),
                              nullable=False)


def downgrade():
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.alter_column('expires_at',
                              existing_type=tracker.core.types.UTCDateTime(timezone=True),
                              nullable=True)

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failed_logins', sa.Integer(), server_default='0',
                                      nullable=False))
        batch_op.add_column(sa.Column('locked_until',
                                      tracker.core.types.UTCDateTime(timezone=True),
                                      nullable=True))
    op.drop_column('users', 'session_version')

    with op.batch_alter_table('login_failures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_failures_last_at'))

    op.drop_table('login_failures')
