"""``flask backup``, ``flask restore``, ``flask retention``."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app

from ..core.timeutil import local_today
from ..extensions import db
from . import backup as bk
from . import retention


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(file: Path):
    """Write the whole database and the stored files to FILE (a zip)."""
    manifest = bk.backup(file, Path(current_app.instance_path),
                         current_app.config.get("BACKUP_SIGNING_KEY"))
    rows = sum(manifest["tables"].values())
    click.echo(f"Резервну копію записано: {file} ({rows} рядків у {len(manifest['tables'])} "
               f"таблицях, файлів: {len(manifest['files'])}; схема {manifest['revision']})")


@click.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Замінити дані непорожньої бази без питання.")
def restore_command(file: Path, yes: bool):
    """Replace the whole database (and the stored files) with the backup in FILE.

    The whole backup is checked first (members, paths, checksums, the signature when
    BACKUP_SIGNING_KEY is set); a backup that fails is refused before anything changes."""
    key = current_app.config.get("BACKUP_SIGNING_KEY")
    try:
        bk.verify(file, key)
        if not bk.is_empty() and not yes:
            click.confirm("База не порожня: усі її дані буде замінено копією. Продовжити?",
                          abort=True)
        manifest = bk.restore(file, Path(current_app.instance_path), key)
        db.session.commit()
    except bk.BackupError as exc:
        db.session.rollback()
        click.echo(f"Помилка: {exc}", err=True)
        sys.exit(1)
    click.echo(f"Відновлено з копії від {manifest['created_at']}: "
               f"{sum(manifest['tables'].values())} рядків.")


@click.command("retention")
@click.option("--years", type=int, default=None,
              help="Скільки років зберігати дані запитувачів (типово RETENTION_YEARS, 5).")
@click.option("--dry-run", is_flag=True, help="Лише порахувати.")
def retention_command(years: int | None, dry_run: bool):
    """Anonymise requesters of requests finished more than N years ago."""
    years = current_app.config["RETENTION_YEARS"] if years is None else years
    today = local_today()
    try:
        cutoff = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        cutoff = today.replace(year=today.year - years, day=28)
    count = retention.anonymise(cutoff, dry_run=dry_run)
    if not dry_run:
        db.session.commit()
    verb = "Буде анонімізовано" if dry_run else "Анонімізовано"
    click.echo(f"{verb} запитів, завершених до {cutoff:%d.%m.%Y}: {count}")
