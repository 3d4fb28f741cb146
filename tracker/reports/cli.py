"""``flask report``: the period report as JSON, CSV or XLSX; ``flask reports``: its summary
table (rebuild after a bulk load, verify against the requests)."""
from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from ..register.queries import Clock
from ..extensions import db
from . import exports, summary as report_summary
from .queries import Period, summary


def _date(ctx, param, value):
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("очікується YYYY-MM-DD") from None


@click.command("report")
@click.option("--from", "start", required=True, callback=_date, help="YYYY-MM-DD")
@click.option("--to", "end", required=True, callback=_date, help="YYYY-MM-DD")
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "xlsx"]), default="json")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
def report_command(start, end, fmt, output):
    """The period report: requests received from FROM to TO (Kyiv dates, inclusive)."""
    if end < start:
        raise click.BadParameter("--to раніше за --from", param_hint="--to")
    data = summary(Period(start, end), Clock.current())
    if fmt == "json":
        payload = json.dumps(data, ensure_ascii=False, indent=2).encode()
    elif fmt == "csv":
        payload = exports.report_csv(data).encode("utf-8")
    else:
        payload = exports.report_xlsx(data)
    if output:
        output.write_bytes(payload)
        click.echo(f"Записано: {output}", err=True)
    elif fmt == "xlsx":
        sys.stdout.buffer.write(payload)
    else:
        click.echo(payload.decode())


@click.group("reports")
def reports_cli():
    """The report summary table."""


@reports_cli.command("rebuild-summary")
def rebuild_summary_command():
    """Recount the summary from the requests (after a bulk load or a restore from elsewhere)."""
    import time
    started = time.monotonic()
    counted = report_summary.rebuild(db.session)
    db.session.commit()
    click.echo(f"Перераховано запитів: {counted} за {time.monotonic() - started:.1f} с")


@reports_cli.command("verify-summary")
def verify_summary_command():
    """Compare the summary with a recount from the requests; exit 1 if they differ."""
    differences = report_summary.verify(db.session)
    db.session.rollback()
    for key, stored, expected in differences[:50]:
        click.echo(f"{key}: збережено {stored}, має бути {expected}")
    click.echo(f"Розбіжностей: {len(differences)}")
    if differences:
        raise SystemExit(1)
