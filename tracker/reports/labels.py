"""What people read in the report and its exports: section names, item labels, months and
figures, in Ukrainian. Pure (Babel for month names, no Flask).

The JSON (API, open data, ``flask report --format json``) keeps its keys; a page, a CSV or an
XLSX made for a person shows only these labels.
"""
from __future__ import annotations

import datetime as dt

from babel.dates import format_date

from ..core.money import format_decimal
from ..register.labels import CATEGORY_LABELS, CHANNEL_LABELS, GROUND_LABELS

OUTCOME_LABELS = {"full": "задоволено", "partial": "задоволено частково", "refused": "відмовлено",
                  "forwarded": "надіслано за належністю", "extended": "продовжено строк (у роботі)",
                  "deferred": "відстрочено", "in_progress": "у роботі"}
CHANNEL_NAMES = {c.value: label for c, label in CHANNEL_LABELS.items()}
CATEGORY_NAMES = {c.value: label for c, label in CATEGORY_LABELS.items()}
GROUND_NAMES = {g.value: label for g, label in GROUND_LABELS.items()}

SUMMARY_TITLE = "Загальні показники"
#: The headline figures: key → label.
SUMMARY_LABELS = {"total": "Усього запитів", "on_time": "Відповідь вчасно",
                  "late": "Відповідь із запізненням",
                  "median_days": "Медіана робочих днів до відповіді",
                  "p90_days": "90-й процентиль робочих днів до відповіді",
                  "extended": "Продовжено строк", "urgent": "Термінових"}
#: The breakdowns: key of the summary → (section name, labels of its keys).
SECTIONS = [("by_channel", "Спосіб надходження", CHANNEL_NAMES),
            ("by_category", "Категорія запитувача", CATEGORY_NAMES),
            ("by_outcome", "Результат розгляду", OUTCOME_LABELS),
            ("by_refusal_ground", "Підстави відмов", GROUND_NAMES),
            ("by_topic", "Тематика (категорії заходів)", {}),
            ("by_tag", "Мітки", {})]
EXECUTORS_TITLE = "Виконавці"
EXECUTOR_FIELDS = {"received": "надійшло", "answered": "відповіли", "late": "із запізненням",
                   "overdue": "прострочено зараз"}
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


def figure(key: str, value) -> str:
    """A figure as a person reads it: ``1.0`` → ``1,0`` (median), ``None`` → ``—``."""
    if value is None:
        return NO_FIGURE
    if key in FRACTIONAL or isinstance(value, float):
        return format_decimal(float(value), 1)
    return str(value)
