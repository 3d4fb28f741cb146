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
    op.create_table(
        'published_answers',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('letter_id', sa.Integer(), nullable=False),
        sa.Column('request_id', sa.Integer(), nullable=False),
        sa.Column('subject', sa.String(length=500), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('search_text', sa.Text(), nullable=False),
        sa.Column('removed', sa.Integer(), nullable=False),
        sa.Column('published_at', tracker.core.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column('published_by_id', sa.Integer(), nullable=True),
        sa.Column('unpublished_at', tracker.core.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column('unpublished_by_id', sa.Integer(), nullable=True),
        sa.Column('unpublish_reason', sa.Text(), nullable=True),
        sa.Column('pdf', sa.LargeBinary(), nullable=True),
        sa.Column('created_at', tracker.core.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column('updated_at', tracker.core.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['letter_id'], ['letters.id']),
        sa.ForeignKeyConstraint(['request_id'], ['requests.id']),
        sa.ForeignKeyConstraint(['published_by_id'], ['users.id']),
        sa.ForeignKeyConstraint(['unpublished_by_id'], ['users.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_published_answers_letter_id', 'published_answers', ['letter_id'],
                    unique=True)
    op.create_index('ix_published_answers_request_id', 'published_answers', ['request_id'])
    op.create_index('ix_published_answers_published_at', 'published_answers', ['published_at'])


def downgrade():
    op.drop_index('ix_published_answers_published_at', table_name='published_answers')
    op.drop_index('ix_published_answers_request_id', table_name='published_answers')
    op.drop_index('ix_published_answers_letter_id', table_name='published_answers')
    op.drop_table('published_answers')
