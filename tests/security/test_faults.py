"""Faults: the database dying mid-request, crashes between steps, oversized uploads."""
import datetime as dt
import io

import pytest
import time_machine
from sqlalchemy import event, func, select, text

from tests.factories import answer_letter, csrf_token
from tests.factories import raw_request, register
from tracker.letters import delivery as letter_delivery
from tracker.core.timeutil import KYIV
from tracker.extensions import db
from tracker.letters.models import Letter, LetterStatus
from tracker.register.models import IndexCounter, Request, Requester
from tracker.outbox.models import OutboxMessage, OutboxState
from tracker.outbox.delivery import claim, deliver_due


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def kill_on_insert(app):
    """Make the database vanish the moment the request writes its Event row.

    PostgreSQL: the server really drops our connection (pg_terminate_backend from another
    session). SQLite: the driver reports a disk I/O error, as when the file's disk goes away.
    """
    engine = db.engine
    fired = {"done": False, "armed": False}

    def before(conn, cursor, statement, parameters, context, executemany):
        if not fired["armed"] or fired["done"] \
                or not statement.lstrip().upper().startswith("INSERT INTO EVENTS"):
            return
        fired["done"] = True
        if engine.dialect.name == "postgresql":
            pid = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar()
            from sqlalchemy import create_engine
            from sqlalchemy.pool import NullPool
            killer = create_engine(engine.url, poolclass=NullPool)
            with killer.connect() as k:
                k.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid})
            killer.dispose()
        else:
            # What SQLAlchemy raises when the SQLite driver reports the disk gone.
            import sqlite3

            from sqlalchemy.exc import OperationalError
            raise OperationalError(statement, parameters, sqlite3.OperationalError("disk I/O error"))

    event.listen(engine, "before_cursor_execute", before)
    yield fired
    event.remove(engine, "before_cursor_execute", before)
    # The connection the server killed is garbage now: collect it here, quietly, rather
    # than let its ResourceWarning surface in some later test.
    import gc
    import warnings
    db.session.rollback()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        engine.dispose()
        gc.collect()


def test_database_gone_mid_request_gives_a_clean_error_and_no_partial_rows(
        api, users, kill_on_insert):
    call = api(users["clerk"])
    kill_on_insert["armed"] = True
    with time_machine.travel(dt.datetime(2018, 3, 29, 12, tzinfo=KYIV), tick=False):
        r = call("POST", "/api/v1/requests", json=raw_request())
    assert kill_on_insert["done"]
    assert r.status_code == 503 and "не збережено" in r.json["error"]
    db.session.rollback()
    assert count(Request) == 0 and count(Requester) == 0
    assert (db.session.scalar(select(IndexCounter.value)) or 0) == 0  # the number given back
    with time_machine.travel(dt.datetime(2018, 3, 29, 12, tzinfo=KYIV), tick=False):
        assert call("POST", "/api/v1/requests", json=raw_request()).json[
            "registration_number"] == "25/К-1із"


def test_database_gone_on_a_web_page_shows_a_ukrainian_page(client, users, login,
                                                            kill_on_insert):
    with time_machine.travel(dt.datetime(2018, 3, 29, 12, tzinfo=KYIV), tick=False):
        login(users["clerk"])
        kill_on_insert["armed"] = True
        r = client.post("/requests/new", data={
            "csrf_token": csrf_token(client), "channel": "email",
            "received_at": "2018-03-28T10:00", "requester_name": "Петренко О.",
            "requester_category": "individual", "requester_email": "o@example.com",
            "subject": "Тема", "text": "Текст", "signed": "y"})
    page = r.get_data(as_text=True)
    assert r.status_code == 503 and "База даних тимчасово недоступна" in page
    assert "Traceback" not in page
    db.session.rollback()
    assert count(Request) == 0


def test_a_crash_between_finalised_and_sent_neither_loses_nor_duplicates(users, smtp_server):
    from tracker.letters import operations as ops
    with time_machine.travel(dt.datetime(2018, 4, 3, 12, tzinfo=KYIV), tick=False):
        req = register(users["clerk"], executor=users["executor"].email)
        letter = answer_letter(users["head"], req)
        ops.finalize(users["head"], letter)
        db.session.commit()
        # The process dies while sending: after the outbox row was written, before commit.
        letter_delivery.send(users["head"], letter)
        db.session.rollback()
        db.session.expire_all()
        letter = db.session.get(Letter, letter.id)
        assert letter.status == LetterStatus.FINAL and count(OutboxMessage) == 0  # not lost
        msg = letter_delivery.send(users["head"], letter)
        db.session.commit()
        with pytest.raises(Exception):
            letter_delivery.send(users["head"], letter)  # a second send is refused
        db.session.rollback()
    # A delivery worker claims the message and dies before talking to SMTP.
    claimed = claim(dt.datetime.now(dt.timezone.utc), limit=10)
    assert claimed == [msg.id]
    assert db.session.get(OutboxMessage, msg.id).state == OutboxState.SENDING
    assert deliver_due().sent == 0  # the claim is still within its lease
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=11)
    assert deliver_due(now=later).sent == 1  # the lease ran out: taken back, sent once
    assert deliver_due(now=later).sent == 0
    assert len(smtp_server.messages) == 1


def test_oversized_uploads_are_refused_with_a_clear_page(app, client, users, login):
    # A 100 KB limit and a 200 KB file: the same 413, and a body small enough that the test
    # client keeps it in memory (above 500 KB it spools to a temporary file of its own).
    app.config["MAX_CONTENT_LENGTH"] = 100 * 1024
    login(users["executor"])
    big = io.BytesIO(b"x" * (200 * 1024))
    r = client.post("/activities/import", data={"csrf_token": csrf_token(client),
                                                "file": (big, "big.csv")},
                    content_type="multipart/form-data")
    assert r.status_code == 413 and "Файл завеликий" in r.get_data(as_text=True)
    assert "до 100 КБ" in r.get_data(as_text=True)


def test_an_oversized_api_upload_answers_in_ukrainian_json(app, api, users):
    app.config["MAX_CONTENT_LENGTH"] = 100 * 1024
    call = api(users["head"])
    r = call("POST", "/api/v1/intake/eml", data={
        "file": (io.BytesIO(b"x" * (200 * 1024)), "big.eml")},
        content_type="multipart/form-data")
    assert r.status_code == 413 and r.json["error"].startswith("Надіслані дані завеликі")


def test_too_many_form_parts_are_refused(app, client, users, login):
    login(users["clerk"])
    data = {"csrf_token": csrf_token(client)}
    data.update({f"f{i}": "x" for i in range(app.config["MAX_FORM_PARTS"] + 10)})
    r = client.post("/intake", data=data, content_type="multipart/form-data")
    assert r.status_code == 413


def test_upload_types_are_checked_by_content_not_by_name(client, users, login):
    login(users["executor"])
    fake = io.BytesIO(b"MZ\x90\x00 this is an executable, not a spreadsheet")
    r = client.post("/activities/import", data={"csrf_token": csrf_token(client),
                                                "file": (fake, "report.xlsx")},
                    content_type="multipart/form-data")
    assert "не є документом XLSX" in r.get_data(as_text=True)
