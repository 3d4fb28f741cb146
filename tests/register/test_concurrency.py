"""Concurrent registrations get distinct, consecutive indexes (no gaps, no repeats)."""
import re
import threading

from sqlalchemy import select

from tests.conftest import make_app
from tracker.auth.models import User
from tracker.core.timeutil import utcnow
from tracker.extensions import db
from tracker.register.models import Request
from tracker.register.operations import register_request
from tracker.register.settings import current_settings
from tracker.register.validation import validate_registration

from tests.factories import raw_request

N = 50


def test_fifty_concurrent_registrations_get_fifty_consecutive_indexes(app, users, database_url):
    clerk_id = users["clerk"].id
    barrier = threading.Barrier(N)
    numbers, errors = [], []
    # Each worker is its own app with its own connection pool: separate transactions.
    worker_app = make_app(database_url)

    def worker(i: int):
        with worker_app.app_context():
            try:
                clerk = db.session.get(User, clerk_id)
                settings = current_settings()
                inp = validate_registration(raw_request(requester={"name": f"Петренко {i}"}),
                                            tz=settings.tz, now=utcnow(),
                                            skew=settings.future_skew)
                barrier.wait(timeout=60)
                req = register_request(clerk, inp, settings)
                db.session.commit()
                numbers.append(req.registration_number)
            except Exception as exc:  # noqa: BLE001 — collected and asserted below
                db.session.rollback()
                errors.append(repr(exc))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(N)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    with worker_app.app_context():
        db.engine.dispose()

    assert errors == []
    assert len(numbers) == N
    seqs = sorted(int(re.fullmatch(r"25/П-(\d+)із", n).group(1)) for n in numbers)
    assert seqs == list(range(1, N + 1))
    stored = db.session.scalars(select(Request.reg_seq)).all()
    assert sorted(stored) == seqs
