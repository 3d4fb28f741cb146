"""``flask demo init``: a demo admin and a little demo data on first run."""
from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import func, select

from ..auth.models import Role, User
from ..auth.operations import create_user
from ..core.timeutil import KYIV, utcnow
from ..extensions import db
from ..register.operations import register_request
from ..register.settings import current_settings
from ..register.validation import validate_registration

demo_cli = AppGroup("demo", help="Демонстраційні дані.")

DEMO_ADMIN = "admin@zapyt.example"
DEMO_USERS = [
    ("clerk@zapyt.example", "Оксана Діловод", "Петрівна", Role.CLERK,
     "Діловод загального відділу"),
    ("executor@zapyt.example", "Ірина Коваль", "Василівна", Role.EXECUTOR,
     "Начальник управління по зв'язках з громадськістю"),
    ("head@zapyt.example", "Наталія Чиж", "Миколаївна", Role.HEAD, "Секретар міської ради"),
]


def _demo_requests(admin: User) -> None:
    settings = current_settings()
    now = utcnow()
    samples = [
        ({"name": "Красновська Я.", "category": "individual", "gender": "female",
          "email": "foi+request-32845-3d497b34@dostup.pravda.com.ua"}, "portal", 1,
         "Інформація про PR-заходи міської ради",
         "Прошу надати інформацію про проведені PR-заходи та витрати на них у 2018 році.",
         "executor@zapyt.example"),
        ({"name": "ТОВ «Житомир-Медіа»", "category": "media", "email": "news@zt-media.example",
          "phone": "+380412000000"}, "email", 4, "Витрати на рекламу в мережі Інтернет",
         "Просимо надати перелік рекламних кампаній в мережі Інтернет та їх вартість.", None),
        ({"name": "Петренко Олег", "category": "individual", "gender": "male",
          "postal_address": "вул. Київська, 1, м. Житомир, 10001"}, "post", 7,
         "Копія рішення про бюджет участі", "Прошу надати копію рішення про бюджет участі.",
         "executor@zapyt.example"),
    ]
    for requester, channel, days_ago, subject, text, executor in samples:
        raw = {"requester": requester, "channel": channel, "subject": subject, "text": text,
               "received_at": (now - dt.timedelta(days=days_ago)).astimezone(KYIV).replace(
                   hour=10, minute=0, second=0, microsecond=0).isoformat(),
               "executor": executor}
        inp = validate_registration(raw, tz=settings.tz, now=now, skew=settings.future_skew)
        register_request(admin, inp, settings)


#: The sample programme report (9 months of 2018), loaded as the demo's activity records so
#: that an answer can be drafted at once. A copy kept with the app: nothing is read from tests/.
SAMPLE_REPORT = Path(__file__).resolve().parent / "data" / "programme-report-9m-2018.txt"


def load_sample_report(actor: User | None) -> int:
    """Import the sample report unless a report is there already; the number of records
    added (0 when skipped). No commit."""
    from ..activities.models import Report
    from ..activities.operations import import_report
    if db.session.scalar(select(func.count(Report.id))):
        return 0
    _report, analysis = import_report(actor, SAMPLE_REPORT.read_bytes(), SAMPLE_REPORT.name)
    return len(analysis.table.records)


@demo_cli.command("init")
def init():
    """Create the demo admin, users, requests and activity records (the sample programme
    report) if the database has no users yet; an older demo database gets the records."""
    if db.session.scalar(select(func.count(User.id))):
        added = load_sample_report(db.session.scalar(select(User).where(
            User.email == DEMO_ADMIN)))
        db.session.commit()
        if added:
            click.echo(f"Додано заходів зі зразкового звіту: {added}.")
        click.echo(f"Демо-дані вже є. Вхід: {DEMO_ADMIN} (пароль показано при першому "
                   f"запуску; див. instance/demo-login.txt).")
        return
    password = secrets.token_urlsafe(12)
    admin, _ = create_user(None, email=DEMO_ADMIN, name="Адміністратор Демо", role=Role.ADMIN,
                           password=password, position="Адміністратор системи")
    for email, name, patronymic, role, position in DEMO_USERS:
        create_user(None, email=email, name=name, role=role, password=password,
                    position=position, phone="48-11-85", patronymic=patronymic)
    _demo_requests(admin)
    added = load_sample_report(admin)
    db.session.commit()
    note = Path(current_app.instance_path) / "demo-login.txt"
    note.write_text(f"{DEMO_ADMIN}\n{password}\n(той самий пароль у clerk@, executor@, head@)\n")
    note.chmod(0o600)
    click.echo("=" * 60)
    click.echo(f"Демо-адміністратор: {DEMO_ADMIN}")
    click.echo(f"Пароль:             {password}")
    click.echo("Той самий пароль мають clerk@zapyt.example, executor@zapyt.example, head@zapyt.example")
    click.echo(f"Заходів зі зразкового звіту програми: {added}")
    if current_app.config.get("MAIL_BACKEND") == "catcher":
        click.echo("Пошта: розробницький режим (MAIL_BACKEND=catcher) — листи не надсилаються, "
                   "їх видно на сторінці «Вихідні листи».")
    click.echo("=" * 60)


@demo_cli.command("generate")
@click.option("--requests", "count", type=click.IntRange(1, 5_000_000), required=True)
@click.option("--seed", type=int, default=1, help="The same seed gives the same data.")
def generate_command(count: int, seed: int):
    """Fill the database with realistic requests (five years, every channel and outcome)."""
    import time

    from .generate import generate
    started = time.monotonic()
    added = generate(count, seed, progress=lambda done, total: click.echo(
        f"  {done} / {total}", err=True) if done % 20000 == 0 or done == total else None)
    db.session.commit()
    click.echo(f"Додано: запитів {added['requests']}, подій {added['events']}, листів "
               f"{added['letters']} за {time.monotonic() - started:.1f} с")
