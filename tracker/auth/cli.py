"""``flask users create|token|tokens|revoke|unlock|logout-all``."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from ..core.errors import DomainError
from ..core.timeutil import fmt_datetime, utcnow
from ..extensions import db
from . import operations as ops
from .models import Role, User
from .queries import user_by_email

users_cli = AppGroup("users", help="Користувачі системи.")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--password", default=None, help="Щонайменше 12 символів; без нього згенерується.")
@click.option("--position", default=None)
@click.option("--phone", default=None)
def create(email, name, role, password, position, phone):
    """Create a user."""
    try:
        user, generated = ops.create_user(None, email=email, name=name, role=role,
                                          password=password, position=position, phone=phone)
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(exc.message) from None
    click.echo(f"Створено: {user.email} ({user.role.value})")
    if generated:
        click.echo(f"Пароль: {generated}")


def _user(email: str) -> User:
    user = user_by_email(email)
    if user is None:
        raise click.ClickException(f"Користувача {email} не знайдено.")
    return user


def _run(operation, *args, **kwargs):
    """One operation as one transaction; a domain error becomes a clear CLI error."""
    try:
        result = operation(*args, **kwargs)
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(exc.message) from None
    return result


@users_cli.command("token")
@click.argument("email")
@click.option("--days", type=int, default=None,
              help=f"Строк дії в днях, від 1 до {ops.TOKEN_MAX_DAYS} (типово API_TOKEN_DAYS). "
                   "Безстрокових токенів немає.")
def token(email, days):
    """Print a new API token for EMAIL (only its hash is stored)."""
    click.echo(_run(ops.issue_token, None, _user(email), days))


def _when(moment) -> str:
    return fmt_datetime(moment) if moment else "—"


@users_cli.command("tokens")
@click.argument("email")
def tokens(email):
    """List EMAIL's API tokens: id, prefix, created, expires, last used, state."""
    now = utcnow()
    rows = ops.tokens_of(_user(email))
    if not rows:
        click.echo("Токенів немає.")
    for row in rows:
        state = ("відкликано " + _when(row.revoked_at) if row.revoked_at
                 else "прострочено" if row.expires_at < now else "дійсний")
        click.echo(f"{row.id}\t{row.prefix}…\tстворено {_when(row.created_at)}\t"
                   f"діє до {_when(row.expires_at)}\tвикористано {_when(row.last_used_at)}\t"
                   f"{state}")


@users_cli.command("revoke")
@click.argument("token_id", type=click.IntRange(1, 2**31 - 1))
def revoke(token_id):
    """Revoke the API token TOKEN_ID (the id from ``flask users tokens``)."""
    row = _run(ops.revoke_token, None, token_id)
    click.echo(f"Токен {row.id} ({row.prefix}…) користувача {row.user.email} відкликано.")


@users_cli.command("unlock")
@click.argument("email")
def unlock(email):
    """Forget EMAIL's failed logins from every address (lifts the login delays)."""
    count = _run(ops.unlock, None, email)
    click.echo(f"Забуто записів про невдалі входи: {count}.")


@users_cli.command("logout-all")
@click.argument("email")
def logout_all(email):
    """End every session and remember cookie of EMAIL."""
    user = _run(ops.end_sessions, None, _user(email))
    click.echo(f"Усі сеанси {user.email} завершено.")
