"""What people read in the report and its exports: section names, item labels, months and
figures. Pure (Babel for month names, no Flask): the labels are Ukrainian source texts
marked for the catalogue (``N_``), translated where they are shown (pages, English exports).

The JSON (API, open data, ``flask report --format json``) keeps its keys; a page, a CSV or an
XLSX made for a person shows only these labels.
"""
from __future__ import annotations

import datetime as dt

from babel.dates import format_date

from ..core.i18n import N_
from ..core.money import format_decimal
from ..register.labels import CATEGORY_LABELS, CHANNEL_LABELS, GROUND_LABELS

OUTCOME_LABELS = {"full": N_("задоволено"), "partial": N_("задоволено частково"),
                  "refused": N_("відмовлено"), "forwarded": N_("надіслано за належністю"),
                  "extended": N_("продовжено строк (у роботі)"), "deferred": N_("відстрочено"),
                  "in_progress": N_("у роботі")}
CHANNEL_NAMES = {c.value: label for c, label in CHANNEL_LABELS.items()}
CATEGORY_NAMES = {c.value: label for c, label in CATEGORY_LABELS.items()}
GROUND_NAMES = {g.value: label for g, label in GROUND_LABELS.items()}

SUMMARY_TITLE = N_("Загальні показники")
#: The headline figures: key → label.
SUMMARY_LABELS = {"total": N_("Усього запитів"), "on_time": N_("Відповідь вчасно"),
                  "late": N_("Відповідь із запізненням"),
                  "median_days": N_("Медіана робочих днів до відповіді"),
                  "p90_days": N_("90-й процентиль робочих днів до відповіді"),
                  "extended": N_("Продовжено строк"), "urgent": N_("Термінових")}
#: The breakdowns: key of the summary → (section name, labels of its keys).
SECTIONS = [("by_channel", N_("Спосіб надходження"), CHANNEL_NAMES),
            ("by_category", N_("Категорія запитувача"), CATEGORY_NAMES),
            ("by_outcome", N_("Результат розгляду"), OUTCOME_LABELS),
            ("by_refusal_ground", N_("Підстави відмов"), GROUND_NAMES),
            ("by_topic", N_("Тематика (категорії заходів)"), {}),
            ("by_tag", N_("Мітки"), {})]
EXECUTORS_TITLE = N_("Виконавці")
EXECUTOR_FIELDS = {"received": N_("надійшло"), "answered": N_("відповіли"),
                   "late": N_("із запізненням"), "overdue": N_("прострочено зараз")}
#: Figures that may be fractional (the mean of two middle values): one decimal, always.
FRACTIONAL = frozenset({"median_days"})
NO_FIGURE = "—"


def month_label(month: str, locale: str = "uk") -> str:
    """``"2026-11"`` → ``"лист. 2026"``: the month's abbreviated stand-alone name (CLDR,
    through Babel) and the year."""
    try:
        year, number = (int(part) for part in month.split("-"))
        return format_date(dt.date(year, number, 1), "LLL y", locale=locale)
    except (ValueError, TypeError):
        return month


def figure(key: str, value, locale: str = "uk") -> str:
    """A figure as a person reads it: ``1.0`` → ``1,0`` (median; ``1.0`` in English),
    ``None`` → ``—``."""
    if value is None:
        return NO_FIGURE
    if key in FRACTIONAL or isinstance(value, float):
        text = format_decimal(float(value), 1)
        return text if locale == "uk" else text.replace(",", ".")
    return str(value)
