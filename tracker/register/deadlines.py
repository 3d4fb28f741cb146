"""Terms of Art. 20 of the Law and deadline states. Pure: dates in, dates out.

Counting (DOMAIN.md §3): the day of receipt is day 0 and day 1 is the next working day
(Civil Code art. 253), so "5 working days" is the 5th working day after the receipt date.
Two practice settings change that, both off by default: count the receipt day as day 1, and
roll a request received on a non-working day or after hours to the next working day.
The 48-hour term for urgent requests is clock hours from the moment of receipt.
"""
from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from ..core.i18n import gettext as _
from ..core.timeutil import KYIV
from .calendar import WorkCalendar

STANDARD_DAYS = 5
EXTENDED_DAYS = 20
URGENT_HOURS = 48


@dataclass(frozen=True)
class CountingRules:
    """The council's practice settings for counting terms."""

    count_receipt_day: bool = False
    roll_non_working_receipt: bool = False
    workday_end: dt.time = dt.time(18, 0)
    tz: ZoneInfo = KYIV


class DeadlineState(str, enum.Enum):
    ON_TRACK = "on_track"
    DUE_SOON = "due_soon"
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"
    ON_TIME = "on_time"  # answered no later than the due date
    LATE = "late"  # answered after it
    VOIDED = "voided"  # registered in error: no term ran

    @property
    def is_open(self) -> bool:
        return self not in (DeadlineState.ON_TIME, DeadlineState.LATE, DeadlineState.VOIDED)


def receipt_day(received_at: dt.datetime, cal: WorkCalendar, rules: CountingRules) -> dt.date:
    """Day 0 of the count: the local date of receipt, rolled forward if the setting says so."""
    if received_at.tzinfo is None:
        raise ValueError("received_at must be timezone-aware")
    moment = received_at.astimezone(rules.tz)
    day = moment.date()
    if rules.roll_non_working_receipt and (
        not cal.is_working_day(day) or moment.time() >= rules.workday_end
    ):
        day = cal.next_working_day(day)
    return day


def due_after(
    received_at: dt.datetime, working_days: int, cal: WorkCalendar, rules: CountingRules
) -> dt.date:
    """The last day of a term of ``working_days`` counted from receipt."""
    day0 = receipt_day(received_at, cal, rules)
    if rules.count_receipt_day:
        # The receipt day (or the first working day on or after it) is day 1.
        return cal.add_working_days(cal.first_working_day_from(day0), working_days - 1)
    return cal.add_working_days(day0, working_days)


def standard_due(received_at: dt.datetime, cal: WorkCalendar, rules: CountingRules) -> dt.date:
    """5 working days (Art. 20 part 1)."""
    return due_after(received_at, STANDARD_DAYS, cal, rules)


def extended_due(received_at: dt.datetime, cal: WorkCalendar, rules: CountingRules) -> dt.date:
    """20 working days from receipt (Art. 20 part 4)."""
    return due_after(received_at, EXTENDED_DAYS, cal, rules)


def urgent_due_at(received_at: dt.datetime) -> dt.datetime:
    """48 clock hours from the moment of receipt, weekends included (Art. 20 part 2).

    Computed on the absolute timeline, so a DST change in between still gives 48 real hours.
    """
    if received_at.tzinfo is None:
        raise ValueError("received_at must be timezone-aware")
    return (received_at.astimezone(dt.timezone.utc) + dt.timedelta(hours=URGENT_HOURS))


def extension_deadline(
    received_at: dt.datetime, cal: WorkCalendar, rules: CountingRules
) -> dt.date:
    """The last day on which the requester can lawfully be told of an extension."""
    return standard_due(received_at, cal, rules)


def deadline_state(
    *,
    today: dt.date,
    due_date: dt.date,
    cal: WorkCalendar,
    soon_days: int = 2,
    due_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
    answered_on: dt.date | None = None,
    tz: ZoneInfo = KYIV,
) -> DeadlineState:
    """Where a request stands against its term.

    Answered requests are on time or late. Open ones are overdue, due today, due soon (the
    due date is within ``soon_days`` working days) or on track. An urgent request (``due_at``
    set) is overdue from the minute its 48 hours run out and is never merely "on track".
    """
    if answered_on is not None:
        return DeadlineState.ON_TIME if answered_on <= due_date else DeadlineState.LATE
    if due_at is not None:
        now = now or dt.datetime.now(dt.timezone.utc)
        if now > due_at:
            return DeadlineState.OVERDUE
        if due_at.astimezone(tz).date() == today:
            return DeadlineState.DUE_TODAY
        return DeadlineState.DUE_SOON
    if today > due_date:
        return DeadlineState.OVERDUE
    if today == due_date:
        return DeadlineState.DUE_TODAY
    if cal.working_days_between(today, due_date) <= soon_days:
        return DeadlineState.DUE_SOON
    return DeadlineState.ON_TRACK


def due_soon_horizon(today: dt.date, cal: WorkCalendar, soon_days: int) -> dt.date:
    """The last due date still counted as "due soon" on ``today`` (for database filters)."""
    return cal.add_working_days(today, soon_days)


def extendable(*, running: bool, urgent: bool) -> bool:
    """Whether a request's kind and state allow an extension at all, the date aside (Art. 20
    part 4: a standard term, not the 48 hours; once: in work, not extended or deferred)."""
    return running and not urgent


def extension_refusal(*, running: bool, urgent: bool, standard_due: dt.date,
                      on: dt.date) -> str | None:
    """Why the term cannot be extended to 20 working days on ``on``, or None if it can.

    Art. 20 part 4: only a standard term (not the 48 hours), only once (``running``: in
    work, not yet extended or deferred), and the requester must be told no later than the
    5th working day — so not after the standard due date.
    """
    if urgent:
        return _("Строк термінового запиту (48 годин) не продовжується.")
    if not running:
        return _("Продовжити строк можна лише для запиту в роботі, який ще не продовжено "
                 "і не відстрочено.")
    if on > standard_due:
        return _("Продовжити строк уже не можна: повідомлення про продовження мало бути "
                 "надіслане не пізніше %(date)s (5-й робочий день).",
                 date=standard_due)
    return None



def deferral_refusal(*, open_: bool, due_date: dt.date | None, due_at: dt.datetime | None,
                     now: dt.datetime) -> str | None:
    """Why the request cannot be deferred at ``now``, or None if it can.

    Art. 22 parts 6–7: a deferral is a decision taken while the term still runs; once the
    term has run out the request is overdue and can only be answered (or refused).
    """
    if not open_:
        return _("Відстрочити можна лише запит, що розглядається.")
    if due_at is not None and now > due_at:
        return _("Відстрочити вже не можна: строк розгляду сплив %(date)s (частини шоста і "
                 "сьома статті 22 Закону: лише поки строк триває).",
                 date=due_at.astimezone(now.tzinfo))
    if due_at is None and due_date is not None and now.date() > due_date:
        return _("Відстрочити вже не можна: строк розгляду сплив %(date)s (частини шоста і "
                 "сьома статті 22 Закону: лише поки строк триває).",
                 date=due_date)
    return None
