"""``flask reminders run``, ``flask outbox deliver``, ``flask scheduler``, ``flask serve``."""
from __future__ import annotations

import signal
import sys
import threading

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext
from werkzeug.serving import WSGIRequestHandler

from ..core.timeutil import parse_user_moment, utcnow
from ..extensions import db
from ..outbox.delivery import deliver_due
from .scheduler import run_as_leader, start_in_background
from .sweep import queue_digests, queue_reminders

reminders_cli = AppGroup("reminders", help="Нагадування про строки.")
outbox_cli = AppGroup("outbox", help="Черга вихідних листів.")


@reminders_cli.command("run")
@click.option("--now", "now_text", default=None,
              help="Момент, на який виконати перевірку: «YYYY-MM-DD HH:MM» (Київ).")
def reminders_run(now_text: str | None):
    """One sweep: queue the reminders (and digests) due as of NOW; print how many."""
    try:
        now = parse_user_moment(now_text) if now_text else utcnow()
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--now") from None
    reminders = queue_reminders(now)
    digests = queue_digests(now)
    db.session.commit()
    click.echo(f"Поставлено в чергу: {reminders + digests} (нагадувань: {reminders}, "
               f"оглядів: {digests})")


@outbox_cli.command("deliver")
def outbox_deliver():
    """Try every pending message once, now; print how many were sent and how many failed.

    An explicit run does not wait out the retry backoff (the scheduler's job does).
    """
    result = deliver_due(ignore_backoff=True)
    click.echo(f"sent: {result.sent}, failed: {result.failed}")
    if result.gave_up:
        click.echo(f"остаточно не надіслано (див. /admin/outbox): {result.gave_up}", err=True)


def _stop_on_signals(stop: threading.Event) -> None:
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())


@click.command("scheduler")
@with_appcontext
def scheduler_command():
    """Run the scheduler until stopped (one of any number of processes fires the jobs)."""
    app = current_app._get_current_object()
    stop = threading.Event()
    _stop_on_signals(stop)
    click.echo("Планувальник запущено; очікую на роль ведучого…")
    run_as_leader(app, stop, retry_seconds=app.config["SCHEDULER_LEADER_RETRY_SECONDS"],
                  on_leader=lambda: click.echo("Цей процес — ведучий: завдання виконуються.",
                                               err=True))
    click.echo("Планувальник зупинено.")
    sys.exit(0)


class QuietHandler(WSGIRequestHandler):
    """The dev server's handler without ``Server: Werkzeug/x Python/y``: no versions for an
    attacker to match against known flaws."""

    def version_string(self) -> str:
        return "Zapyt"


@click.command("serve")
@click.option("--host", default="127.0.0.1")
@click.option("--port", default=5000, type=int)
@with_appcontext
def serve_command(host: str, port: int):
    """The development server with the scheduler running inside it (`make run`)."""
    from werkzeug.serving import run_simple  # app.run() refuses to run inside `flask …`
    app = current_app._get_current_object()
    start_in_background(app)
    click.echo(f"Zapyt: http://{host}:{port} (планувальник працює в цьому процесі)")
    run_simple(host, port, app, threaded=True, use_reloader=False, request_handler=QuietHandler)
