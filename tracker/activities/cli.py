"""``flask activities import``: bulk import of programme reports."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from ..auth.queries import user_by_email
from ..core.errors import ConflictError, DomainError
from ..core.money import format_amount
from ..extensions import db
from . import operations as ops

activities_cli = AppGroup("activities", help="База заходів ради (звіти програм).")


def _say(message: str) -> None:
    click.echo(message, err=True)


@activities_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--programme", default=None, help="Назва програми (якщо не з заголовка).")
@click.option("--period", default=None, help="Звітний період, напр. «9 місяців 2018 року».")
@click.option("--dry-run", is_flag=True, help="Лише перевірити: нічого не зберігати.")
@click.option("--json", "as_json", is_flag=True, help="Вивести один JSON-об'єкт.")
@click.option("--user", "user_email", default=None, help="Від чийого імені імпортувати.")
def import_command(file: Path, programme, period, dry_run, as_json, user_email):
    """Read FILE (.txt in the sample layout, .docx, .xlsx, .csv), check it, import it."""
    actor = None
    if user_email:
        actor = user_by_email(user_email)
        if actor is None:
            raise click.ClickException(f"Користувача {user_email} не знайдено.")
    # No more than the size limit plus a byte is read: a huge file is refused by
    # analyse_report without being loaded whole (as the web upload does).
    with file.open("rb") as stream:
        data = stream.read(current_app.config["IMPORT_MAX_BYTES"] + 1)
    _say(f"Читаю {file.name} ({file.stat().st_size // 1024 or 1} КБ)…")
    try:
        analysis = ops.analyse_report(data, file.name, programme=programme, period=period)
        _say(f"Прочитано заходів: {len(analysis.table.records)}; попереджень: "
             f"{len(analysis.warnings)}.")
        imported, report_id = False, None
        if analysis.duplicate_of:
            _say(f"Звіт уже імпортовано (№ {analysis.duplicate_of}): повторно не імпортую.")
        if not dry_run and not analysis.duplicate_of:
            _say("Зберігаю…")
            big = len(analysis.table.records) >= 1000
            report, analysis = ops.import_report(
                actor, data, file.name, programme=programme, period=period,
                progress=(lambda done, total: _say(f"  збережено {done} з {total}")) if big
                else None)
            db.session.commit()
            imported, report_id = True, report.id
    except ConflictError as exc:
        db.session.rollback()
        raise click.ClickException(exc.message) from None
    except DomainError as exc:
        db.session.rollback()
        _say(f"Помилка: {exc.message}")
        sys.exit(1)
    summary = analysis.summary(imported, report_id)
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False))
        return
    click.echo(f"Програма: {analysis.programme}")
    click.echo(f"Період:   {analysis.period_label}")
    click.echo(f"Заходів:  {summary['rows']}")
    click.echo(f"Заплановано: {format_amount(analysis.total_planned)} грн "
               f"(у звіті: {format_amount(analysis.table.stated_total_planned) or '—'})")
    click.echo(f"Профінансовано: {format_amount(analysis.total_financed)} грн "
               f"(у звіті: {format_amount(analysis.table.stated_total_financed) or '—'})")
    shown = 20
    for w in analysis.warnings[:shown]:
        click.echo(f"! {w.message}")
    if len(analysis.warnings) > shown:
        click.echo(f"! … і ще {len(analysis.warnings) - shown} попереджень (усі: --json).")
    if analysis.duplicate_of:
        click.echo(f"Звіт уже імпортовано (№ {analysis.duplicate_of}): повторно не імпортовано.")
    elif dry_run:
        click.echo("Перевірка (--dry-run): нічого не збережено.")
    else:
        click.echo(f"Імпортовано: звіт № {report_id}.")
