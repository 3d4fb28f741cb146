"""The period report, the journal and the exports on a known set of requests.

April 2018, with Easter Monday (09.04) off:
  R1 02.04 email, individual  → answered full 06.04 (due 10.04: on time, 4 working days)
  R2 03.04 post, legal entity → answered partial 12.04 (due 11.04: late, 6 working days)
  R3 05.04 portal, individual → refused (not holder) 06.04 (due 12.04: on time, 1 day)
  R4 06.04 phone, media       → forwarded 10.04 (due 16.04: on time, 1 day over the holiday)
  R5 10.04 in person, assoc.  → extended on 11.04 (open)
  R6 10.04 website, individual, urgent → deferred on 11.04 to 30.04 (open)
  R7 11.04 email, individual  → nothing yet (due 18.04: overdue on 20.04)
  R8 31.03 — outside the period.
"""
import csv
import datetime as dt
import io
import json

import pytest
import time_machine
from openpyxl import load_workbook

from tests.factories import register
from tracker.core.timeutil import KYIV
from tracker.extensions import db
from tracker.register import operations as ops
from tracker.register.models import Outcome, RefusalGround
from tracker.reports import charts, stats
from tracker.reports.exports import open_data

D = dt.date


def moment(d, hh=12):
    return dt.datetime(d.year, d.month, d.day, hh, tzinfo=KYIV)


PEOPLE = {
    "R1": {"name": "Іваненко Марія", "email": "maria@example.com", "category": "individual"},
    "R2": {"name": "ТОВ «Будсервіс»", "email": None, "category": "legal_entity",
           "postal_address": "вул. Перемоги, 3, м. Житомир"},
    "R3": {"name": "Красновська Я.", "email": "foi+request-32845-3d497b34@dostup.pravda.com.ua",
           "category": "individual"},
    "R4": {"name": "Редакція «Житомир-Медіа»", "email": "news@zt-media.example",
           "category": "media", "phone": "+380412000000"},
    "R5": {"name": "ГО «Зелене місто»", "email": "green@example.org", "category": "association"},
    "R6": {"name": "Петренко Олег", "email": "oleg@example.com", "category": "individual",
           "phone": "+380501112233"},
    "R7": {"name": "Коваль Ірина", "email": "koval@example.com", "category": "individual"},
    "R8": {"name": "Бондар Андрій", "email": "bondar@example.com", "category": "individual"},
}


@pytest.fixture
def april(users):
    clerk, ex = users["clerk"], users["executor"]
    spec = [("R1", "2018-04-02T10:00", "email"), ("R2", "2018-04-03T11:00", "post"),
            ("R3", "2018-04-05T09:00", "portal"), ("R4", "2018-04-06T15:00", "phone"),
            ("R5", "2018-04-10T10:00", "in_person"), ("R6", "2018-04-10T12:00", "website"),
            ("R7", "2018-04-11T10:00", "email"), ("R8", "2018-03-31T10:00", "email")]
    r = {}
    with time_machine.travel(moment(D(2018, 4, 11), 18), tick=False):
        for key, received, channel in spec:
            extra = {"urgent": True, "urgent_reason": "Аварія"} if key == "R6" else {}
            r[key] = register(clerk, requester=PEOPLE[key], received_at=received,
                              channel=channel, executor=ex.email,
                              subject=f"Запит {key}", **extra)
        ops.answer(ex, r["R1"], Outcome.FULL, D(2018, 4, 6))
        ops.refuse(ex, r["R3"], RefusalGround.NOT_HOLDER, "Не володіємо", on=D(2018, 4, 6))
        ops.forward(ex, r["R4"], "Житомирська ОДА", None, on=D(2018, 4, 10))
        ops.extend(ex, r["R5"], "Великий обсяг", today=D(2018, 4, 11))
        ops.defer(ex, r["R6"], D(2018, 4, 30), "Аварія", today=D(2018, 4, 11))
        ops.set_tags(ex, r["R1"], ["ЖКГ", "бюджет"])
        ops.set_tags(ex, r["R2"], "жкг")
        db.session.commit()
    with time_machine.travel(moment(D(2018, 4, 12)), tick=False):
        ops.answer(ex, r["R2"], Outcome.PARTIAL, D(2018, 4, 12))
        db.session.commit()
    return r


EXPECTED = {
    "total": 7,
    "by_channel": {"email": 2, "post": 1, "fax": 0, "phone": 1, "in_person": 1, "website": 1,
                   "portal": 1},
    "by_category": {"individual": 4, "legal_entity": 1, "association": 1, "media": 1},
    "by_outcome": {"full": 1, "partial": 1, "refused": 1, "forwarded": 1, "extended": 1,
                   "deferred": 1, "in_progress": 1},
    "by_refusal_ground": {"not_holder": 1, "restricted": 0, "unpaid": 0, "incomplete": 0},
    "by_tag": {"бюджет": 1, "жкг": 2},
    "on_time": 3, "late": 1, "median_days": 2.5, "p90_days": 6, "extended": 1, "urgent": 1,
    "by_executor": {"executor@test.example": {"name": "Тест executor", "received": 7,
                                              "answered": 4, "late": 1, "overdue": 1}},
    "monthly": {"received": {"2018-04": {"email": 2, "post": 1, "fax": 0, "phone": 1,
                                         "in_person": 1, "website": 1, "portal": 1}},
                "answered": {"2018-04": {"on_time": 3, "late": 1}}},
}


def on_report_day():
    return time_machine.travel(moment(D(2018, 4, 20)), tick=False)


def test_every_figure_of_the_period_report(april, api, users):
    with on_report_day():
        data = api(users["head"])("GET", "/api/v1/reports/summary",
                                  query_string={"from": "2018-04-01", "to": "2018-04-30"}).json
    for key, value in EXPECTED.items():
        assert data[key] == value, key
    assert data["by_topic"] == {}
    assert (data["from"], data["to"]) == ("2018-04-01", "2018-04-30")


def test_topics_come_from_the_records_letters_used(april, api, users):
    call = api(users["head"])
    ids = []
    for category in ("tv", "tv", "radio"):
        r = call("POST", "/api/v1/activities", json={"measure": f"Захід {category}",
                                                    "category": category})
        ids.append(r.json["id"])
    with on_report_day():
        rid = april["R7"].id
        call("POST", f"/api/v1/requests/{rid}/letters", json={"kind": "answer",
                                                             "activity_ids": ids})
        call("POST", f"/api/v1/requests/{april['R1'].id}/letters",
             json={"kind": "answer", "activity_ids": ids[:1]})
        data = call("GET", "/api/v1/reports/summary",
                    query_string={"from": "2018-04-01", "to": "2018-04-30"}).json
    assert data["by_topic"] == {"radio": 1, "tv": 2}


def test_cli_json_matches_the_api_and_the_other_formats_write_files(april, runner, tmp_path):
    with on_report_day():
        out = runner.invoke(args=["report", "--from", "2018-04-01", "--to", "2018-04-30"])
        assert out.exit_code == 0, out.output
        data = json.loads(out.stdout)
        for key, value in EXPECTED.items():
            assert data[key] == value, key
        runner.invoke(args=["report", "--from", "2018-04-01", "--to", "2018-04-30",
                            "--format", "csv", "-o", str(tmp_path / "r.csv")])
        runner.invoke(args=["report", "--from", "2018-04-01", "--to", "2018-04-30",
                            "--format", "xlsx", "-o", str(tmp_path / "r.xlsx")])
    rows = {(r["section"], r["key"]): r["value"] for r in
            csv.DictReader(io.StringIO((tmp_path / "r.csv").read_text()))}
    assert rows[("summary", "total")] == "7" and rows[("by_channel", "portal")] == "1"
    assert rows[("by_outcome", "partial")] == "1"
    sheet = load_workbook(tmp_path / "r.xlsx")["Звіт"]
    values = {row[1]: row[2] for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert values["Усього запитів"] == 7 and values["Відповідь із запізненням"] == 1
    bad = runner.invoke(args=["report", "--from", "2018-04-30", "--to", "2018-04-01"])
    assert bad.exit_code != 0


def test_open_data_carries_no_personal_data(april, api, users, client, login):
    with on_report_day():
        data = api(users["head"])("GET", "/api/v1/reports/open-data.json",
                                  query_string={"from": "2018-03-01", "to": "2018-04-30"})
        login(users["clerk"])
        web_csv = client.get("/reports/open-data.csv?from=2018-03-01&to=2018-04-30")
        web_json = client.get("/reports/open-data.json?from=2018-03-01&to=2018-04-30")
    assert data.json["total"] == 8
    for text in (data.get_data(as_text=True), web_csv.get_data(as_text=True),
                 web_json.get_data(as_text=True)):
        for person in PEOPLE.values():
            for field in ("name", "email", "postal_address", "phone"):
                if person.get(field):
                    assert person[field] not in text, (field, person[field])
        assert "example" not in text and "@" not in text
        assert "executor" not in text and "Тест" not in text  # no officials either


def test_journal_exports(april, api, users):
    call = api(users["clerk"])
    with on_report_day():
        text = call("GET", "/api/v1/reports/journal.csv",
                    query_string={"from": "2018-04-01", "to": "2018-04-30"}).get_data(as_text=True)
        xlsx = call("GET", "/api/v1/reports/journal.xlsx",
                    query_string={"from": "2018-04-01", "to": "2018-04-30"}).data
        assert api(users["executor"])("GET", "/api/v1/reports/journal.csv").status_code == 403
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][0] == "Реєстраційний індекс" and len(rows) == 8
    first = rows[1]
    assert first[:3] == [april["R1"].registration_number, "02.04.2018", "Іваненко Марія"]
    assert first[7:10] == ["10.04.2018", "06.04.2018", "задоволено"]
    refused = next(r for r in rows if r[0] == april["R3"].registration_number)
    assert "не є розпорядником" in refused[9]
    sheet = load_workbook(io.BytesIO(xlsx)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[1][0] == "Реєстраційний індекс" and len(values) == 9


def test_report_and_journal_pages(april, client, users, login):
    with on_report_day():
        login(users["head"])
        page = client.get("/reports/?from=2018-04-01&to=2018-04-30").get_data(as_text=True)
        assert 'id="stat-total">7<' in page and 'id="stat-late">1<' in page
        assert page.count("<svg") >= 3 and "Частка відповідей, наданих вчасно" in page
        assert "Іваненко" not in page
        assert client.get("/reports/?preset=prev_month").status_code == 200
        assert "Неправильна дата" in client.get("/reports/?from=2018-13-01").get_data(as_text=True)
        journal = client.get("/reports/journal?from=2018-04-01&to=2018-04-30&channel=email")
        text = journal.get_data(as_text=True)
        assert "Іваненко Марія" in text and "Коваль Ірина" in text and "Будсервіс" not in text
        xlsx = client.get("/reports/journal.xlsx?from=2018-04-01&to=2018-04-30")
        assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"
        assert client.get("/reports/report.xlsx?from=2018-04-01&to=2018-04-30").data[:2] == b"PK"


def test_executors_see_reports_but_not_the_journal(client, users, login):
    login(users["executor"])
    assert client.get("/reports/").status_code == 200
    assert client.get("/reports/journal").status_code == 403


def test_percentiles_and_chart_geometry():
    counts = [(1, 2), (4, 1), (6, 1)]
    assert stats.weighted_median(counts) == 2.5
    assert stats.weighted_percentile(counts, 0.9) == 6
    assert stats.weighted_median([(3, 1)]) == 3.0 and stats.weighted_median([]) is None
    bars = charts.stacked_bars({"2018-04": {"email": 2, "post": 1}}, ["email", "post"], {})
    heights = [s["h"] for s in bars["bars"][0]["segments"]]
    assert heights[0] == pytest.approx(2 * heights[1], rel=0.01)
    share = charts.share_bars({"2018-04": {"on_time": 3, "late": 1}})
    assert share["bars"][0]["share"] == 75
    assert open_data({k: 0 for k in ("from", "to", "total", "by_channel", "by_category",
                                     "by_outcome", "by_refusal_ground", "by_topic", "on_time",
                                     "late", "median_days", "p90_days", "extended", "urgent",
                                     "monthly", "by_executor", "by_tag")}).keys().isdisjoint(
        {"by_executor", "by_tag"})
