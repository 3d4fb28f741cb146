"""The report summary: counts per day (and per month) by what the period report groups by,
kept current in the transaction of every change (summary.py), so a report reads a few
thousand counts whatever the number of requests.

``report_facts`` and ``report_labels`` hold what each request contributes as last counted:
a change is applied as (what it counts now) − (what it counted), whatever path made it.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class ReportFact(db.Model):
    """One counted request: the values the report groups it by (spam is not counted)."""

    __tablename__ = "report_facts"

    request_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    received_date: Mapped[dt.date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(20))
    category: Mapped[str] = mapped_column(String(20))
    #: Its outcome, else "extended", "deferred" or "in_progress".
    outcome: Mapped[str] = mapped_column(String(20))
    refusal_ground: Mapped[str | None] = mapped_column(String(20))
    executor_id: Mapped[int | None]
    urgent: Mapped[bool]
    extended: Mapped[bool]
    answered_on: Mapped[dt.date | None] = mapped_column(Date)
    #: Answered after its due date (None while unanswered).
    late: Mapped[bool | None]


class ReportLabel(db.Model):
    """A counted request's free tag ("tag") or its letters' activity category ("topic",
    the category id)."""

    __tablename__ = "report_labels"

    request_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(10), primary_key=True)
    label: Mapped[str] = mapped_column(String(60), primary_key=True)


class ReportCount(db.Model):
    """How many requests received on ``day`` (grain "d") or in the month starting on ``day``
    (grain "m") count under (kind, key, sub); see summary.contributions."""

    __tablename__ = "report_counts"
    __table_args__ = (Index("ix_report_counts_kind_day", "grain", "kind", "day"),)

    grain: Mapped[str] = mapped_column(String(1), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), primary_key=True)
    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    sub: Mapped[str] = mapped_column(String(20), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)
