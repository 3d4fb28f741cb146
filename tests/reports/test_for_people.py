"""What a person reads in the report and its files: Ukrainian labels, comma decimals,
non-breaking amounts, months as «квіт. 2018», and CSV/XLSX files Excel opens as they are.

The April 2018 requests of test_reports.py (R1…R7; median 2.5 working days).
"""
import csv
import datetime as dt
import io
from decimal import Decimal

from openpyxl import load_workbook

from tests.reports.test_reports import on_report_day
from tracker.core.money import NBSP, format_amount, format_decimal, format_money
from tracker.reports import charts
from tracker.reports.labels import figure, month_label

QUERY = "?from=2018-04-01&to=2018-04-30"
PERIOD = {"from": "2018-04-01", "to": "2018-04-30"}
RAW_KEYS = ("summary", "by_channel", "by_category", "by_outcome", "by_refusal_ground",
            "by_topic", "by_tag", "by_executor", "median_days", "in_progress", "legal_entity",
            "not_holder", "on_time")


# --- pure formatting ---------------------------------------------------------------------------

def test_pages_get_non_breaking_amounts_and_letters_keep_plain_spaces():
    assert format_money(Decimal("69677.95")) == f"69{NBSP}677,95{NBSP}грн"
    assert format_money(Decimal("-1640000")) == f"-1{NBSP}640{NBSP}000,00{NBSP}грн"
    assert format_money(None) == ""
    # Letters (and the activity checks) call format_amount: their text does not change.
    assert format_amount(Decimal("69677.95")) == "69 677,95"
    assert format_amount(1640000) == "1 640 000,00" and NBSP not in format_amount(1640000)
    assert format_amount(Decimal("69677.95"), NBSP) == f"69{NBSP}677,95"


def test_decimals_are_written_with_a_comma():
    assert format_decimal(1.0) == "1,0" and format_decimal(2.5) == "2,5"
    assert format_decimal(Decimal("2.25")) == "2,3" and format_decimal(6) == "6"
    assert format_decimal(None) == ""
    assert figure("median_days", 1.0) == "1,0" and figure("median_days", 3) == "3,0"
    assert figure("p90_days", 6) == "6" and figure("median_days", None) == "—"


def test_chart_months_are_ukrainian_abbreviations_with_the_year():
    assert month_label("2018-04") == "квіт. 2018"
    assert month_label("2026-11") == "лист. 2026"  # CLDR's abbreviation (Babel)
    assert month_label("2026-01", "en") == "Jan 2026"
    few = charts.stacked_bars({"2018-04": {"email": 2}}, ["email"], {})
    assert few["bars"][0]["label"] == "квіт. 2018" and few["bars"][0]["lines"] == ["квіт. 2018"]
    assert few["bars"][0]["segments"][0]["title"].startswith("квіт. 2018:")
    year = {f"2026-{m:02d}": {"on_time": 1, "late": 0} for m in range(1, 13)}
    bars = charts.share_bars(year)["bars"]
    assert bars[10]["label"] == "лист. 2026" and bars[10]["lines"] == ["лист.", "2026"]


# --- the page ----------------------------------------------------------------------------------

def test_report_page_shows_comma_decimals_and_month_names(april, client, users, login):
    with on_report_day():
        login(users["head"])
        page = client.get(f"/reports/{QUERY}").get_data(as_text=True)
    assert 'id="stat-median">2,5<' in page and 'id="stat-p90">6<' in page
    assert "2.5" not in page.split('id="stat-median"')[1][:20]
    assert "квіт.\u00a02018" in page or "квіт. 2018" in page
    assert ">2018-04<" not in page
    # Drawn at their own size (never scaled below the 11–12 px of their labels).
    assert 'width="100%"' not in page.split("<main")[1]


# --- CSV for Excel in a Ukrainian locale ---------------------------------------------------------

def _rows(text: str, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def test_web_journal_csv_is_for_excel_and_the_api_stays_comma(april, client, api, users,
                                                                login):
    with on_report_day():
        login(users["clerk"])
        web = client.get(f"/reports/journal.csv{QUERY}")
        assert web.status_code == 200
        data = web.data  # a streamed body: read before the next request
        call = api(users["clerk"])

        def journal(**extra) -> str:
            answer = call("GET", "/api/v1/reports/journal.csv", query_string=PERIOD | extra)
            assert answer.status_code == 200
            return answer.get_data(as_text=True).lstrip("\ufeff")
        plain, semi, named = journal(), journal(sep=";"), journal(sep="semicolon")
        bad = call("GET", "/api/v1/reports/journal.csv", query_string=PERIOD | {"sep": "tab"})
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM
    text = data.decode("utf-8-sig")
    header = text.splitlines()[0]
    assert header.startswith("Реєстраційний індекс;Дата надходження;Запитувач;")
    rows = _rows(text, ";")
    assert len(rows) == 8 and all(len(r) == 11 for r in rows)
    first = rows[1]
    assert first[1:3] == ["02.04.2018", "Іваненко Марія"] and first[9] == "задоволено"
    assert plain.splitlines()[0].startswith("Реєстраційний індекс,Дата надходження,")
    assert _rows(plain, ",") == rows
    for answer in (semi, named):
        assert _rows(answer, ";") == rows
    assert bad.status_code == 400 and "semicolon" in bad.json["errors"]["sep"][0]


def test_web_report_csv_shows_only_ukrainian_labels(april, client, users, login):
    with on_report_day():
        login(users["head"])
        answer = client.get(f"/reports/report.csv{QUERY}")
    assert answer.data.startswith(b"\xef\xbb\xbf")
    text = answer.data.decode("utf-8-sig")
    rows = _rows(text, ";")
    assert rows[0] == ["Звіт про запити на інформацію за 01.04.2018 — 30.04.2018"]
    assert rows[1] == ["Розділ", "Показник", "Значення"]
    values = {(r[0], r[1]): r[2] for r in rows[2:]}
    assert values[("Загальні показники", "Усього запитів")] == "7"
    assert values[("Загальні показники", "Медіана робочих днів до відповіді")] == "2,5"
    assert values[("Спосіб надходження", "портал «Доступ до правди»")] == "1"
    assert values[("Категорія запитувача", "юридична особа")] == "1"
    assert values[("Результат розгляду", "задоволено частково")] == "1"
    assert values[("Мітки", "#жкг")] == "2"
    assert values[("Виконавці", "Тест executor: прострочено зараз")] == "1"
    cells = [c for r in rows for c in r]
    for key in RAW_KEYS:
        assert key not in cells and not any(c.startswith(key) for c in cells), key
    assert "2.5" not in text


def test_report_xlsx_names_sections_and_months_in_ukrainian(april, client, users, login):
    with on_report_day():
        login(users["head"])
        book = load_workbook(io.BytesIO(client.get(f"/reports/report.xlsx{QUERY}").data))
    sheet = book["Звіт"]
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert {r[0] for r in rows} <= {"Загальні показники", "Спосіб надходження",
                                    "Категорія запитувача", "Результат розгляду",
                                    "Підстави відмов", "Тематика (категорії заходів)", "Мітки"}
    median = next(c for c in sheet["B"] if c.value == "Медіана робочих днів до відповіді")
    cell = sheet.cell(median.row, 3)
    assert cell.value == 2.5 and cell.number_format == "0.0"  # «2,5» in a Ukrainian Excel
    assert book["За місяцями"]["A2"].value == "квіт. 2018"


# --- the journal's XLSX ------------------------------------------------------------------------

def test_journal_xlsx_has_real_dates_fitted_columns_a_frozen_header_and_a_filter(
        april, client, users, login):
    with on_report_day():
        login(users["clerk"])
        answer = client.get(f"/reports/journal.xlsx{QUERY}")
    sheet = load_workbook(io.BytesIO(answer.data))["Журнал"]
    header = [c.value for c in sheet[2]]
    assert header[0] == "Реєстраційний індекс" and sheet.max_row == 9
    first = sheet[3]
    for column in (2, 8, 9):  # received, due, answered
        cell = first[column - 1]
        assert isinstance(cell.value, dt.datetime) and cell.is_date, header[column - 1]
        assert cell.number_format.lower() == "dd.mm.yyyy"
    assert first[1].value.date() == dt.date(2018, 4, 2)
    assert first[8].value.date() == dt.date(2018, 4, 6)
    open_row = next(r for r in sheet.iter_rows(min_row=3) if r[0].value ==
                    april["R7"].registration_number)
    assert open_row[8].value is None  # not answered yet: an empty cell, not ""
    # Columns fitted to their text: the name column fits «Реєстраційний індекс», the subject
    # column its longest subject, the date columns a date.
    widths = {c: sheet.column_dimensions[c].width for c in "ABCDEFGHIJK"}
    assert widths["A"] >= len("Реєстраційний індекс") and widths["A"] <= 30
    assert 10 <= widths["B"] <= len("Дата надходження") + 3
    assert widths["J"] > widths["H"]  # «надіслано за належністю» is wider than a date
    assert all(8 <= w <= 60 for w in widths.values())
    assert sheet.freeze_panes == "A3"  # the title and the header stay in view
    assert sheet.auto_filter.ref == "A2:K9"
    assert sheet["A1"].font.b and sheet["A2"].font.b
