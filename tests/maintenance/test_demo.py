"""`flask demo init`: a realistic first run — users, requests and the sample programme
report's activity records, so that an answer can be drafted at once; the data ships with
the app (nothing read from tests/)."""
from pathlib import Path

from sqlalchemy import func, select

from tracker.activities.models import ActivityRecord, Report
from tracker.extensions import db
from tracker.letters import operations as letter_ops
from tracker.maintenance.demo import SAMPLE_REPORT
from tracker.register.models import Request
from tracker.auth.models import User


def test_the_sample_ships_with_the_app_and_matches_the_tests_copy():
    root = Path(__file__).resolve().parents[2]
    assert SAMPLE_REPORT.is_relative_to(root / "tracker")
    from tests.activities.builders import SAMPLE
    assert SAMPLE_REPORT.read_bytes() == SAMPLE.read_bytes()


def test_demo_init_loads_activity_records_and_an_answer_can_be_drafted(runner):
    result = runner.invoke(args=["demo", "init"])
    assert result.exit_code == 0, result.output
    assert "Заходів зі зразкового звіту програми:" in result.output
    records = db.session.scalars(select(ActivityRecord)).all()
    assert len(records) >= 10 and db.session.scalar(select(func.count(Report.id))) == 1
    head = db.session.scalar(select(User).where(User.email == "head@zapyt.example"))
    req = db.session.scalars(select(Request).order_by(Request.id)).first()
    letter = letter_ops.create_letter(head, req, "answer", {}, [records[0].id, records[1].id])
    db.session.commit()
    assert letter.id and letter.content
    # Run again: nothing is added twice.
    again = runner.invoke(args=["demo", "init"])
    assert again.exit_code == 0 and "Демо-дані вже є" in again.output
    assert db.session.scalar(select(func.count(Report.id))) == 1


def test_an_older_demo_database_gets_the_records(runner, users):
    result = runner.invoke(args=["demo", "init"])
    assert result.exit_code == 0, result.output
    assert "Додано заходів зі зразкового звіту" in result.output
    assert db.session.scalar(select(func.count(ActivityRecord.id))) >= 10
