"""``flask users create`` and ``flask users token``."""
from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from ..core.errors import DomainError
from ..extensions import db
from . import operations as ops
from .models import Role, User

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


@users_cli.command("token")
@click.argument("email")
@click.option("--days", type=int, default=None, help="Строк дії в днях (0 — безстроковий).")
def token(email, days):
    """Print a new API token for EMAIL (only its hash is stored)."""
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"Користувача {email} не знайдено.")
    value = ops.issue_token(None, user, days)
    db.session.commit()
    click.echo(value)
