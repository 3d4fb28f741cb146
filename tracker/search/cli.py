"""``flask search reindex``: rebuild the search columns, the vocabulary and the indexes."""
from __future__ import annotations

import time

import click
from flask.cli import AppGroup

from ..extensions import db

search_cli = AppGroup("search", help="Повнотекстовий пошук.")


@search_cli.command("reindex")
def reindex_command():
    """Переобчислити пошукові колонки всіх запитів і записів, словник та індекси."""
    from . import reindex_all
    import tracker.activities.search_index  # noqa: F401  (what is searched registers itself)
    import tracker.register.search_index  # noqa: F401
    started = time.monotonic()
    counts = reindex_all(db.session)
    db.session.commit()
    for table, n in counts.items():
        click.echo(f"{table}: переписано {n}")
    click.echo(f"Готово за {time.monotonic() - started:.1f} с.")
