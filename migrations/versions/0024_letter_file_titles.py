"""letter files: the document's name as the letter's «Додаток» line names it («копія
рішення виконавчого комітету від 12.02.2015 № 100»), when the file's own name will not do
(«scan0001.pdf»)

Revision ID: 0024_letter_file_titles
Revises: 0023_long_words
Create Date: 2026-11-30 18:10:00

"""
import sqlalchemy as sa
from alembic import op


revision = '0024_letter_file_titles'
down_revision = '0023_long_words'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('letter_files') as batch:
        batch.add_column(sa.Column('title', sa.String(length=300), nullable=True))


def downgrade():
    with op.batch_alter_table('letter_files') as batch:
        batch.drop_column('title')
