"""The council's activity records: programmes, their reports, records, categories."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, LargeBinary, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from ..core.models import TimestampMixin
from ..extensions import db

Money = Numeric(14, 2)
Percent = Numeric(9, 2)


class Category(db.Model):
    """A council-editable topic of records (seeded: TV, radio, internet …)."""

    __tablename__ = "activity_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stable machine name used by the API and the importer's guesses.
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)


class Programme(TimestampMixin, db.Model):
    __tablename__ = "programmes"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(500), unique=True)
    #: The approving decision as written: ``18.12.2017 № 879``.
    decision: Mapped[str | None] = mapped_column(String(200))
    #: ``2018-2020``.
    years: Mapped[str | None] = mapped_column(String(20))
    responsible: Mapped[str | None] = mapped_column(Text)


class Report(TimestampMixin, db.Model):
    """One imported execution report; the file is kept exactly as uploaded."""

    __tablename__ = "activity_reports"
    __table_args__ = (UniqueConstraint("programme_id", "period_label",
                                       name="uq_activity_reports_programme_period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id"), index=True)
    period_label: Mapped[str] = mapped_column(String(200))
    period_start: Mapped[dt.date | None] = mapped_column(Date)
    period_end: Mapped[dt.date | None] = mapped_column(Date)
    source_filename: Mapped[str] = mapped_column(String(255))
    #: SHA-256 of the file: the same file imported twice is recognised.
    source_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    source_size: Mapped[int]
    source_content: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    stated_total_planned: Mapped[Decimal | None] = mapped_column(Money)
    stated_total_financed: Mapped[Decimal | None] = mapped_column(Money)
    stated_total_percent: Mapped[Decimal | None] = mapped_column(Percent)
    #: The arithmetic warnings shown before the import was confirmed.
    warnings: Mapped[list] = mapped_column(db.JSON, default=list)
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    programme: Mapped[Programme] = relationship(lazy="joined")


class ActivityRecord(TimestampMixin, db.Model):
    """What the council did (and spent) on one measure, as replies quote it."""

    __tablename__ = "activity_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int | None] = mapped_column(ForeignKey("programmes.id"), index=True)
    #: The report it was imported from; NULL for a record entered by hand.
    report_id: Mapped[int | None] = mapped_column(ForeignKey("activity_reports.id"), index=True)
    item_number: Mapped[str | None] = mapped_column(String(20))
    priority_task: Mapped[str | None] = mapped_column(Text)
    measure: Mapped[str] = mapped_column(Text)
    term: Mapped[str | None] = mapped_column(String(100))
    executors: Mapped[str | None] = mapped_column(Text)
    planned: Mapped[Decimal | None] = mapped_column(Money)
    financed: Mapped[Decimal | None] = mapped_column(Money)
    #: The percent as the report states it, and as financed / planned gives it.
    percent_stated: Mapped[Decimal | None] = mapped_column(Percent)
    percent_computed: Mapped[Decimal | None] = mapped_column(Percent)
    text: Mapped[str] = mapped_column(Text, default="")
    category_id: Mapped[int | None] = mapped_column(ForeignKey("activity_categories.id"), index=True)
    #: Counts the text states: [{"count": 45, "what": "відео сюжетів"}].
    quantities: Mapped[list] = mapped_column(db.JSON, default=list)
    tags: Mapped[list] = mapped_column(db.JSON, default=list)
    period_start: Mapped[dt.date | None] = mapped_column(Date, index=True)
    period_end: Mapped[dt.date | None] = mapped_column(Date, index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: Case-folded measure, task, text, executors and tags, for substrings (tracker.search).
    search_text: Mapped[str] = mapped_column(Text, default="")
    #: Lemmas of the head (ranked first) and of the rest, for full-text search.
    search_head: Mapped[str] = mapped_column(Text, default="", server_default="")
    search_body: Mapped[str] = mapped_column(Text, default="", server_default="")

    programme: Mapped[Programme | None] = relationship(lazy="joined")
    report: Mapped[Report | None] = relationship(lazy="joined")
    category: Mapped[Category | None] = relationship(lazy="joined")
