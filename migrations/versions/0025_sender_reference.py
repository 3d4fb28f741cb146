"""requests: the number and date an organisation gave its own request letter («вих. № 15
від 25.03.2018»), which a reply refers to («на № 15 від 25.03.2018», ДСТУ 4163:2020)

Revision ID: 0025_sender_reference
Revises: 0024_letter_file_titles
Create Date: 2026-11-30 18:30:00

"""
import sqlalchemy as sa
from alembic import op


revision = '0025_sender_reference'
down_revision = '0024_letter_file_titles'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('requests') as batch:
        batch.add_column(sa.Column('sender_number', sa.String(length=60), nullable=True))
        batch.add_column(sa.Column('sender_date', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('requests') as batch:
        batch.drop_column('sender_date')
        batch.drop_column('sender_number')
