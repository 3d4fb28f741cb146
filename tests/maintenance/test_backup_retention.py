"""Backup and restore round trip; retention keeps the statistics."""
import datetime as dt
from pathlib import Path

import time_machine
from sqlalchemy import func, select, text

from tests.activities import builders
from tests.factories import register
from tracker.intake.receiving import take_in
from tracker.maintenance import backup as bk
from tracker.maintenance.retention import ANONYMISED
from tracker.core.timeutil import KYIV
from tracker.extensions import db
from tracker.intake import operations as intake_ops
from tracker.intake.models import Attachment, IntakeMessage
from tracker.letters import operations as letter_ops
from tracker.letters.models import Letter
from tracker.register import operations as ops
from tracker.register.models import Outcome, Request, Requester

MAIL = Path(__file__).resolve().parents[1] / "data" / "mail"


def snapshot() -> dict:
    """Every row of every table of ours, as the backup encodes it (ordered)."""
    out = {}
    for table in bk._tables():
        order = list(table.primary_key.columns)
        rows = db.session.execute(select(table).order_by(*order)).mappings().all()
        out[table.name] = [{k: bk._encode(v) for k, v in r.items()} for r in rows]
    return out


def build_world(users, runner):
    runner.invoke(args=["activities", "import", str(builders.SAMPLE)])
    with time_machine.travel(dt.datetime(2018, 4, 3, 12, tzinfo=KYIV), tick=False):
        item = take_in(users["clerk"], (MAIL / "attachments-cyrillic.eml").read_bytes(),
                       "upload").item
        req = intake_ops.register_from_intake(users["clerk"], item)
        ops.assign(users["clerk"], req, users["executor"].email)
        letter = letter_ops.create_letter(users["head"], req, "answer", {}, [1, 2, 3])
        letter_ops.finalize(users["head"], letter)
        fwd = register(users["clerk"], executor=users["executor"].email)
        notice = letter_ops.create_letter(users["head"], fwd, "forwarding",
                                          {"holder_name": "ОДА", "holder_address": "oda@x.ua",
                                           "holder_reason": "це її компетенція"})
        db.session.commit()
    return req, letter, notice


def test_backup_and_restore_round_trip(app, users, runner, tmp_path):
    req, letter, notice = build_world(users, runner)
    (Path(app.instance_path) / "letterhead.docx").write_bytes(b"PK fake blank")
    before = snapshot()
    assert before["letters"] and before["attachments"] and before["activity_reports"]
    target = tmp_path / "zapyt.zip"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    # Damage the database: delete requests' letters, attachments and files, change a name.
    from tracker.letters.models import LetterActivity
    db.session.execute(Attachment.__table__.delete())
    db.session.execute(LetterActivity.__table__.delete())
    db.session.execute(Letter.__table__.update().values(companion_id=None, previous_id=None))
    db.session.execute(Letter.__table__.delete())
    db.session.get(Requester, req.requester_id).name = "Зіпсовано"
    if db.engine.dialect.name == "sqlite":  # as in a new database the backup is restored to
        db.session.execute(text("DELETE FROM fts_word_trigrams"))
    db.session.commit()
    (Path(app.instance_path) / "letterhead.docx").unlink()
    refused = runner.invoke(args=["restore", str(target)], input="n\n")
    assert refused.exit_code != 0
    result = runner.invoke(args=["restore", str(target), "--yes"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert snapshot() == before
    assert (Path(app.instance_path) / "letterhead.docx").read_bytes() == b"PK fake blank"
    assert db.session.get(Letter, letter.id).pdf.startswith(b"%PDF")
    assert db.session.get(Letter, notice.id).companion_id is not None
    # The search finds the restored rows, a typo too: the engines' derived structures (the
    # postings, SQLite's FTS and the vocabulary's trigrams) follow the restored rows.
    from tracker.register.queries import Clock, RequestFilters, list_requests

    def found(q):
        return {r.id for r in list_requests(RequestFilters(q=q, per_page=50), Clock.current())[0]}
    assert notice.request_id in found("Красновська") and notice.request_id in found("Красноська")
    # New rows continue after the restored ids (sequences on PostgreSQL).
    with time_machine.travel(dt.datetime(2018, 4, 4, 12, tzinfo=KYIV), tick=False):
        assert register(users["clerk"]).id > max(r["id"] for r in before["requests"])


def test_restore_refuses_what_is_not_a_backup_or_another_schema(app, runner, tmp_path):
    bogus = tmp_path / "x.zip"
    bogus.write_bytes(b"not a zip")
    result = runner.invoke(args=["restore", str(bogus), "--yes"])
    assert result.exit_code != 0 and "не резервна копія" in result.stderr
    good = tmp_path / "good.zip"
    runner.invoke(args=["backup", str(good)])
    import json
    import zipfile
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(other, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == "manifest.json":
                manifest = json.loads(data)
                manifest["revision"] = "0001_register"
                data = json.dumps(manifest).encode()
            dst.writestr(name, data)
    result = runner.invoke(args=["restore", str(other), "--yes"])
    assert result.exit_code != 0 and "0001_register" in result.stderr


def test_the_secret_key_is_not_in_the_backup(app, runner, tmp_path):
    (Path(app.instance_path) / "secret_key").write_text("s3cret")
    target = tmp_path / "b.zip"
    runner.invoke(args=["backup", str(target)])
    import zipfile
    names = zipfile.ZipFile(target).namelist()
    assert "files/secret_key" not in names and "manifest.json" in names


def test_retention_anonymises_old_requesters_and_keeps_the_statistics(app, users, runner, api):
    req, letter, _ = build_world(users, runner)
    with time_machine.travel(dt.datetime(2018, 4, 5, 12, tzinfo=KYIV), tick=False):
        ops.answer(users["head"], req, Outcome.FULL)
        ops.close(users["head"], req)
        recent = register(users["clerk"], requester={"name": "Свіжий Запитувач"})
        db.session.commit()
    call = api(users["head"])
    period = {"from": "2018-04-01", "to": "2018-04-30"}
    before = call("GET", "/api/v1/reports/summary", query_string=period).json
    with time_machine.travel(dt.datetime(2023, 4, 6, 12, tzinfo=KYIV), tick=False):
        dry = runner.invoke(args=["retention", "--dry-run"])
        assert "Буде анонімізовано запитів, завершених до 06.04.2018: 1" in dry.output
        result = runner.invoke(args=["retention"])
        assert result.exit_code == 0 and ": 1" in result.output
        again = runner.invoke(args=["retention"])
        assert again.output.strip().endswith(": 0")
    db.session.expire_all()
    r = db.session.get(Request, req.id)
    assert (r.requester.name, r.requester.email, r.requester.postal_address, r.requester.phone,
            r.text) == (ANONYMISED, None, None, None, "")
    assert r.requester.category.value == "individual" and r.channel.value == "email"
    assert db.session.scalar(select(func.count(Attachment.id)).where(
        Attachment.request_id == req.id)) == 0
    assert db.session.scalars(select(IntakeMessage.raw).where(
        IntakeMessage.request_id == req.id)).all() == [b""]
    old_letter = db.session.get(Letter, letter.id)
    assert old_letter.pdf is None and old_letter.content["addressee"] == ANONYMISED
    assert db.session.get(Request, recent.id).requester.name == "Свіжий Запитувач"
    after = call("GET", "/api/v1/reports/summary", query_string=period).json
    for key in ("total", "by_channel", "by_category", "by_outcome", "on_time", "late",
                "median_days", "p90_days"):
        assert after[key] == before[key], key
