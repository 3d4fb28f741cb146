"""The demo data generator: realistic, consistent, and usable by the real app."""
from sqlalchemy import func, select

from tracker.extensions import db
from tracker.register.models import Channel, Request, Status


def test_generate_makes_consistent_requests(runner, api, users):
    result = runner.invoke(args=["demo", "generate", "--requests", "400", "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count(Request.id))) == 400
    channels = set(db.session.scalars(select(Request.channel).distinct()))
    assert channels == set(Channel)
    statuses = set(db.session.scalars(select(Request.status).distinct()))
    assert {Status.CLOSED, Status.IN_PROGRESS} <= statuses
    # Unique indexes within each year, and counters that continue after them.
    pairs = db.session.execute(select(Request.reg_year, Request.registration_number)).all()
    assert len(pairs) == len(set(pairs))
    answered = db.session.scalars(select(Request).where(Request.answered_on.is_not(None))).all()
    assert answered and all(r.answered_on >= r.received_date for r in answered)
    # The app works on it: the report and a new registration.
    summary = api(users["head"])("GET", "/api/v1/reports/summary",
                                 query_string={"from": "2000-01-01", "to": "2100-01-01"}).json
    assert summary["total"] == 400 and summary["on_time"] + summary["late"] == len(answered)
    from tests.factories import register
    from tracker.core.timeutil import KYIV, utcnow
    new = register(users["clerk"], received_at=utcnow().astimezone(KYIV).replace(microsecond=0).isoformat())
    assert new.id == 401 and new.reg_seq > 1
