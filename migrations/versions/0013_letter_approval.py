"""letters: signatory, approval, return; files that go with a letter; users' patronymic

Revision ID: 0013_letter_approval
Revises: 0012_council_settings
Create Date: 2026-11-30 09:30:00

"""
from alembic import op
import sqlalchemy as sa
import tracker.core.types


revision = '0013_letter_approval'
down_revision = '0012_council_settings'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('letters', schema=None) as batch_op:
        batch_op.add_column(sa.Column('signatory_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('approved_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('approved_at', tracker.core.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('return_comment', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('returned_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('returned_at', tracker.core.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key('fk_letters_signatory', 'users', ['signatory_id'], ['id'])
        batch_op.create_foreign_key('fk_letters_approved_by', 'users', ['approved_by_id'], ['id'])
        batch_op.create_foreign_key('fk_letters_returned_by', 'users', ['returned_by_id'], ['id'])
    # Letters finalised before approval existed were signed on paper the old way: they count
    # as approved by whoever finalised them, so the history stays sendable as it was.
    op.execute("UPDATE letters SET approved_by_id = finalized_by_id, approved_at = finalized_at "
               "WHERE finalized_at IS NOT NULL")
    op.create_table(
        'letter_files',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('letter_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('filename', sa.String(length=255), nullable=False),
        sa.Column('content_type', sa.String(length=255), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('pages', sa.Integer(), nullable=False),
        sa.Column('source_attachment_id', sa.Integer(), nullable=True),
        sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
        sa.Column('content', sa.LargeBinary(), nullable=False),
        sa.Column('created_at', tracker.core.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column('updated_at', tracker.core.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['letter_id'], ['letters.id']),
        sa.ForeignKeyConstraint(['source_attachment_id'], ['attachments.id']),
        sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_letter_files_letter_id', 'letter_files', ['letter_id'])
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('patronymic', sa.String(length=100), nullable=True))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('patronymic')
    op.drop_index('ix_letter_files_letter_id', table_name='letter_files')
    op.drop_table('letter_files')
    with op.batch_alter_table('letters', schema=None) as batch_op:
        batch_op.drop_constraint('fk_letters_returned_by', type_='foreignkey')
        batch_op.drop_constraint('fk_letters_approved_by', type_='foreignkey')
        batch_op.drop_constraint('fk_letters_signatory', type_='foreignkey')
        for column in ('returned_at', 'returned_by_id', 'return_comment', 'approved_at',
                       'approved_by_id', 'signatory_id'):
            batch_op.drop_column(column)
