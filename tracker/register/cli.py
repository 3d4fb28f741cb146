"""``flask deadline``: the clerk's deadline calculator."""
from __future__ import annotations

import sys

import click
from flask import current_app
from sqlalchemy.exc import SQLAlchemyError

from ..core.timeutil import parse_user_moment
from ..extensions import db
from . import deadlines as dl
from .calendar import WorkCalendar
from .settings import current_settings, load_calendar, parse_martial_law_until

WEEKDAYS = ("пн", "вт", "ср", "чт", "пт", "сб", "нд")


def _calendar() -> WorkCalendar:
    """The council's calendar; the national one when the database is not set up yet."""
    try:
        return load_calendar()
    except SQLAlchemyError:
        db.session.rollback()
        click.echo("Увага: база даних недоступна, винятки календаря ради не враховано.",
                   err=True)
        return WorkCalendar(martial_law_until=parse_martial_law_until(
            current_app.config.get("MARTIAL_LAW_UNTIL")))


@click.command("deadline")
@click.argument("moment")
@click.option("--extended", is_flag=True, help="Продовжений строк: 20 робочих днів.")
@click.option("--urgent", is_flag=True, help="Терміновий запит: 48 годин.")
@click.option("--count-receipt-day/--no-count-receipt-day", default=None,
              help="Вважати день надходження першим днем (типово — як у налаштуваннях).")
@click.option("--roll/--no-roll", default=None,
              help="Переносити надходження у неробочий час на наступний робочий день.")
def deadline_command(moment, extended, urgent, count_receipt_day, roll):
    """Print the answer deadline for a request received at MOMENT.

    MOMENT is YYYY-MM-DD[ HH:MM] or DD.MM.YYYY[ HH:MM], Europe/Kyiv time. The last line
    printed is the date (DD.MM.YYYY), or for --urgent the moment (DD.MM.YYYY HH:MM).
    """
    if extended and urgent:
        raise click.UsageError("--extended і --urgent не поєднуються.")
    settings = current_settings()
    try:
        received = parse_user_moment(moment, settings.tz)
    except ValueError as exc:
        click.echo(f"Помилка: {exc}", err=True)
        sys.exit(2)
    rules = settings.rules
    overrides = {}
    if count_receipt_day is not None:
        overrides["count_receipt_day"] = count_receipt_day
    if roll is not None:
        overrides["roll_non_working_receipt"] = roll
    if overrides:
        rules = dl.CountingRules(**{**rules.__dict__, **overrides})
    cal = _calendar()
    click.echo(f"Надійшов: {received.strftime('%d.%m.%Y %H:%M')} "
               f"({WEEKDAYS[received.weekday()]})")
    if cal.martial_law_until is not None:
        click.echo(f"Воєнний стан: до {cal.martial_law_until:%d.%m.%Y}; "
                   "святкові дні після — вихідні")
    if urgent:
        due_at = dl.urgent_due_at(received).astimezone(settings.tz)
        click.echo("Строк: 48 годин (терміновий запит)")
        click.echo(due_at.strftime("%d.%m.%Y %H:%M"))
        return
    if extended:
        due = dl.extended_due(received, cal, rules)
        click.echo(f"Строк: {dl.EXTENDED_DAYS} робочих днів (продовжений); повідомити про "
                   f"продовження до {dl.extension_deadline(received, cal, rules):%d.%m.%Y}")
    else:
        due = dl.standard_due(received, cal, rules)
        click.echo(f"Строк: {dl.STANDARD_DAYS} робочих днів")
    click.echo(due.strftime("%d.%m.%Y"))
