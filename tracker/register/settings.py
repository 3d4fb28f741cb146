"""The register's settings, read once from the app config into plain values."""
from __future__ import annotations

import datetime as dt
from collections import ChainMap
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import JSON, Boolean, Date, cast, null, select, union_all

from ..core.council_settings import (MARTIAL_LAW_UNTIL, NOT_SAVED, CouncilSetting, get_setting,
                                     setting)
from ..core.timeutil import parse_user_date
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


#: Register settings an admin may change on «Налаштування ради» (core.council_settings).
COUNCIL_KEYS = ("INDEX_PATTERN", "INDEX_DEPT", "INDEX_SUFFIX", "WORKDAY_END")


def current_settings() -> RegisterSettings:
    """The settings in force: the admin's saved values over the config defaults."""
    return settings_from(ChainMap({key: setting(key) for key in COUNCIL_KEYS},
                                  current_app.config))


def parse_martial_law_until(value) -> dt.date | None:
    """A ``MARTIAL_LAW_UNTIL`` value (config or stored): a date, ``YYYY-MM-DD`` or
    ``DD.MM.YYYY``; empty or None: martial law lasts, no end date. ValueError otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.date):
        return value
    return parse_user_date(str(value))


@dataclass(frozen=True)
class MartialLawSetting:
    #: The last day of martial law; None while it lasts with no end date.
    until: dt.date | None
    #: "database" (saved by an admin, wins) or "config" (the MARTIAL_LAW_UNTIL default).
    source: str
    #: The config default, shown next to the admin's value.
    config_default: dt.date | None


def martial_law_setting() -> MartialLawSetting:
    """The last day of martial law in force: the admin's saved value, else the config's."""
    default = parse_martial_law_until(current_app.config.get(MARTIAL_LAW_UNTIL))
    saved = get_setting(MARTIAL_LAW_UNTIL, NOT_SAVED)
    if saved is NOT_SAVED:
        return MartialLawSetting(default, "config", default)
    return MartialLawSetting(parse_martial_law_until(saved), "database", default)


def load_calendar() -> WorkCalendar:
    """The national calendar with this council's overrides from the database and the end of
    martial law (the admin's setting, else ``MARTIAL_LAW_UNTIL`` from the config)."""
    # One statement for both (every page loads the calendar): the overrides, then the saved
    # setting's row if there is one (day NULL).
    rows = db.session.execute(union_all(
        select(CalendarOverride.day, CalendarOverride.is_working,
               cast(null(), JSON).label("value")),
        select(cast(null(), Date), cast(null(), Boolean), CouncilSetting.value)
        .where(CouncilSetting.key == MARTIAL_LAW_UNTIL),
    )).all()
    overrides = {day: working for day, working, _value in rows if day is not None}
    saved = [value for day, _working, value in rows if day is None]
    until = parse_martial_law_until(saved[0] if saved else
                                    current_app.config.get(MARTIAL_LAW_UNTIL))
    return WorkCalendar(overrides, martial_law_until=until)
