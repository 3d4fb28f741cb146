"""``flask intake eml`` and ``flask intake poll``."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from ..auth.queries import user_by_email
from ..core.errors import DomainError
from ..core.timeutil import utcnow
from . import operations as ops
from .mailbox import MailboxSettings, poll
from .models import IntakeStatus
from .parser import MalformedMessage
from .receiving import take_in

intake_cli = AppGroup("intake", help="Вхідна пошта із запитами.")


@intake_cli.command("eml")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--register", is_flag=True, help="Зареєструвати запит (або додати до існуючого).")
@click.option("--json", "as_json", is_flag=True, help="Вивести один JSON-об'єкт.")
@click.option("--user", "user_email", default=None, help="Від чийого імені реєструвати.")
def eml_command(file: Path, register: bool, as_json: bool, user_email: str | None):
    """Parse one message FILE (.eml); with --register also register it."""
    raw = file.read_bytes()
    actor = None
    if user_email:
        actor = user_by_email(user_email)
        if actor is None:
            raise click.ClickException(f"Користувача {user_email} не знайдено.")
    if not register:
        try:
            parsed = ops.parse(raw)
        except MalformedMessage as exc:
            click.echo(f"Помилка: {exc}", err=True)
            sys.exit(1)
        follow_up = ops.find_follow_up(parsed)
        out = ops.message_json(parsed, ops.received_moment(parsed, utcnow()), follow_up)
        _print(out, as_json)
        return
    try:
        result = take_in(actor, raw, "cli", register=True)
    except DomainError as exc:
        click.echo(f"Помилка: {exc.message} (лист збережено в черзі)", err=True)
        sys.exit(1)
    item, req = result.item, result.request
    if item.status == IntakeStatus.ERROR:
        click.echo(f"Помилка: {item.error} (збережено в черзі, № {item.id})", err=True)
        sys.exit(1)
    out = {**{k: v for k, v in item.parsed.items() if k not in ("notes", "forwarded_by",
                                                                "html_only")},
           "registration_number": req.registration_number, "request_id": req.id}
    _print(out, as_json)
    if not as_json:
        click.echo(req.registration_number)


def _print(out: dict, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(out, ensure_ascii=False))
        return
    portal = out.get("portal")
    click.echo(f"Від: {out['requester']['name']} <{out['requester']['email']}>")
    click.echo(f"Тема: {out['subject']}")
    click.echo(f"Надійшов: {out['received_at']}")
    if portal:
        click.echo(f"Портал: {portal['name']}, запит {portal['request_id']}, відповідати на "
                   f"{portal['address']}")
    if out.get("follow_up_of"):
        click.echo(f"Продовження листування щодо запиту id={out['follow_up_of']}")
    for a in out["attachments"]:
        click.echo(f"Вкладення: {a['filename']} ({a['size']} байт)")
    click.echo("")
    click.echo(out["text"])


@intake_cli.command("poll")
def poll_command():
    """Fetch new messages from the request mailbox (IMAP_* settings) into the queue."""
    settings = MailboxSettings.from_config(current_app.config)
    if settings is None:
        raise click.ClickException("Поштову скриньку не налаштовано (IMAP_HOST).")
    result = poll(settings)
    click.echo(f"нових: {result.new}, додано до запитів: {result.attached}, з помилками: "
               f"{result.errors}, прибрано зі скриньки: {result.removed}")
