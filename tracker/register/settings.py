"""The register's settings, read once from the app config into plain values."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from .calendar import WorkCalendar
from .deadlines import CountingRules
from .models import CalendarOverride


@dataclass(frozen=True)
class RegisterSettings:
    rules: CountingRules
    due_soon_days: int
    index_pattern: str
    index_dept: str
    index_suffix: str
    future_skew: dt.timedelta
    page_size: int
    #: Alaveteli sites by domain: a requester address there is a portal request.
    portals: dict

    @property
    def tz(self) -> ZoneInfo:
        return self.rules.tz


def settings_from(config) -> RegisterSettings:
    hours, minutes = (int(x) for x in str(config["WORKDAY_END"]).split(":"))
    rules = CountingRules(
        count_receipt_day=bool(config["COUNT_RECEIPT_DAY"]),
        roll_non_working_receipt=bool(config["ROLL_NON_WORKING_RECEIPT"]),
        workday_end=dt.time(hours, minutes),
        tz=ZoneInfo(config["TIMEZONE"]),
    )
    return RegisterSettings(
        rules=rules,
        due_soon_days=int(config["DUE_SOON_DAYS"]),
        index_pattern=config["INDEX_PATTERN"],
        index_dept=config["INDEX_DEPT"],
        index_suffix=config["INDEX_SUFFIX"],
        future_skew=dt.timedelta(seconds=int(config["FUTURE_SKEW_SECONDS"])),
        page_size=int(config["PAGE_SIZE"]),
        portals=dict(config["INTAKE_PORTALS"]),
    )


def current_settings() -> RegisterSettings:
    return settings_from(current_app.config)


def load_calendar() -> WorkCalendar:
    """The national calendar with this council's overrides from the database."""
    rows = db.session.execute(select(CalendarOverride.day, CalendarOverride.is_working)).all()
    return WorkCalendar({day: working for day, working in rows})
