"""The report and the journal in English: page, charts, periods, and the English export
option (the files stay Ukrainian unless it is asked for)."""
import csv
import io

from openpyxl import load_workbook

from tests.conftest import csrf_token
from tests.reports.test_reports import on_report_day

QUERY = "?from=2018-04-01&to=2018-04-30"


def _english(client, user, login):
    login(user)
    client.post("/lang/en", data={"csrf_token": csrf_token(client)})


def test_the_report_page_and_its_charts_in_english(april, client, users, login):
    with on_report_day():
        _english(client, users["head"], login)
        page = client.get(f"/reports/{QUERY}").get_data(as_text=True)
    assert "Report on requests, 1 Apr 2018 – 30 Apr 2018" in page
    assert "requests received" in page and "answers on time" in page
    assert "<title>Requests by month and channel</title>" in page
    assert "Share of answers given on time, by month" in page
    assert ">Apr 2018<" in page and "квіт." not in page  # the months' axis labels
    assert 'id="stat-median">2.5<' in page
    assert "This quarter" in page and "Цей квартал" not in page
    assert "Звіт про запити" not in page and "Способи надходження" not in page


def test_a_wrong_period_is_refused_in_english(april, client, users, login):
    _english(client, users["head"], login)
    page = client.get("/reports/?from=2018-13-01").get_data(as_text=True)
    assert "Invalid date: expected YYYY-MM-DD." in page


def test_report_files_stay_ukrainian_unless_english_is_asked_for(april, client, users, login):
    with on_report_day():
        _english(client, users["head"], login)
        default = client.get(f"/reports/report.csv{QUERY}").data.decode("utf-8-sig")
        english = client.get(f"/reports/report.csv{QUERY}&lang=en").data.decode("utf-8-sig")
        book = load_workbook(io.BytesIO(client.get(f"/reports/report.xlsx{QUERY}&lang=en").data))
    assert default.startswith("Звіт про запити на інформацію за 01.04.2018 — 30.04.2018")
    rows = list(csv.reader(io.StringIO(english)))  # "," between fields in English
    assert rows[0] == ["Report on requests for information, 1 Apr 2018 – 30 Apr 2018"]
    assert rows[1] == ["Section", "Item", "Value"]
    values = {(r[0], r[1]): r[2] for r in rows[2:]}
    assert values[("Overview", "Requests in total")] == "7"
    assert values[("Overview", "Median working days to answer")] == "2.5"
    assert values[("Outcome", "partly granted")] == "1"
    assert values[("Tags", "#жкг")] == "2"  # a tag is data, as typed
    assert book.sheetnames == ["Report", "Executors", "By month"]
    assert book["Report"]["A1"].value.endswith("1 Apr 2018 – 30 Apr 2018")
    assert book["By month"]["A2"].value == "Apr 2018"


def test_the_journal_page_in_english_and_its_legal_column_titles(april, client, users, login):
    with on_report_day():
        _english(client, users["clerk"], login)
        page = client.get(f"/reports/journal{QUERY}").get_data(as_text=True)
        default = load_workbook(io.BytesIO(client.get(f"/reports/journal.xlsx{QUERY}").data))
        english = load_workbook(io.BytesIO(
            client.get(f"/reports/journal.xlsx{QUERY}&lang=en").data))
        csv_en = client.get(f"/reports/journal.csv{QUERY}&lang=en").data.decode("utf-8-sig")
        csv_uk = client.get(f"/reports/journal.csv{QUERY}").data.decode("utf-8-sig")
    assert "<th>Registration index</th>" in page and ">granted<" in page
    assert "Реєстраційний індекс" not in page
    assert default["Журнал"]["A2"].value == "Реєстраційний індекс"
    sheet = english["Register journal"]
    assert sheet["A1"].value == ("Register journal of requests for information, "
                                 "1 Apr 2018–30 Apr 2018")
    assert sheet["A2"].value == "Registration index"
    assert sheet["B3"].number_format == "d mmm yyyy"  # a date, not shown dd.mm.yyyy
    assert default["Журнал"]["B3"].number_format == "dd.mm.yyyy"
    assert ">2 Apr 2018<" in page or "2 Apr 2018" in page  # the page's dates, the English way
    assert ".04.2018<" not in page
    header, first = list(csv.reader(io.StringIO(csv_en)))[:2]  # "," and ISO dates in English
    assert header[0] == "Registration index" and first[1].startswith("2018-04-")
    assert csv_uk.splitlines()[0].startswith("Реєстраційний індекс;")


def test_ukrainian_stays_the_default_with_its_three_plural_forms(april, client, users, login):
    with on_report_day():
        login(users["head"])
        page = client.get(f"/reports/{QUERY}").get_data(as_text=True)
    assert 'id="stat-total">7</span> запитів надійшло' in page
    assert "Звіт про запити за 01.04.2018 — 30.04.2018" in page and "XLSX англійською" not in page


def test_bar_labels_get_a_column_as_wide_as_the_longest_label():
    from tracker.reports import charts
    short = charts.horizontal_bars({"full": 3}, {"full": "granted"})
    long = charts.horizontal_bars({"full": 3, "forwarded": 1},
                                  {"full": "granted", "forwarded": "forwarded to the proper holder"})
    assert long["label_w"] > short["label_w"] and long["label_w"] >= 30 * 7
    assert long["width"] - long["label_w"] >= 330  # the bars keep their room
    wrapped = charts.horizontal_bars({"x": 1}, {"x": "a very long label " * 5})
    assert len(wrapped["rows"][0]["lines"]) == 2 and wrapped["label_w"] <= 312
