"""Reading the sample report and the same table in every format (pure: no app)."""
import datetime as dt
from decimal import Decimal

import pytest

from tracker.activities.categorize import guess_category
from tracker.activities.checks import check_report
from tracker.activities.heading import parse_heading
from tracker.activities.importers import ReportFormatError, read_table
from tracker.activities.importers.table import read_records
from tracker.activities.quantities import extract_quantities

from . import builders as b


def parse(data: bytes, name: str):
    raw = read_table(data, name)
    return raw, read_records(raw)


@pytest.fixture(scope="module")
def sample():
    return parse(b.SAMPLE.read_bytes(), b.SAMPLE.name)


def test_sample_has_sixteen_records_with_their_figures(sample):
    _, t = sample
    assert t.errors == []
    assert [r.row for r in t.records] == [str(n) for n in range(1, 17)]
    assert sum(r.planned for r in t.records) == Decimal("1640000.00")
    assert sum(r.financed for r in t.records) == Decimal("840463.65")
    r1 = t.records[0]
    assert (r1.planned, r1.financed, r1.percent_stated) == (
        Decimal("180000.00"), Decimal("89379.95"), Decimal("49.6"))
    assert t.records[14].financed == Decimal("89174.40")  # "89 174, 4"
    assert r1.measure.startswith("Прийом офіційних делегації міст-побратимів")
    assert r1.executors == "Управління по зв’язках з громадськістю"
    assert "Хулун-Буір" in r1.text


def test_sample_totals_row_is_stated_totals_not_a_record(sample):
    _, t = sample
    assert (t.stated_total_planned, t.stated_total_financed, t.stated_total_percent) == (
        Decimal("1640000.00"), Decimal("840463.65"), Decimal("50.6"))
    assert all("Всього" not in r.measure for r in t.records)


def test_sample_arithmetic_problems_are_all_warned(sample):
    _, t = sample
    warnings = check_report(t.records, stated_planned=t.stated_total_planned,
                            stated_financed=t.stated_total_financed,
                            stated_percent=t.stated_total_percent)
    found = {(w.row, w.field, w.stated, w.computed) for w in warnings}
    assert found == {("11", "percent", "38", "68.00"), ("Всього", "percent", "50.6", "51.25")}


def test_sample_heading_gives_programme_decision_years_and_period(sample):
    raw, _ = sample
    h = parse_heading(raw.heading)
    assert h.programme == "Ефективна влада. Конкурентне місто"
    assert h.decision == "18.12.2017 № 879"
    assert h.years == "2018-2020"
    assert h.period == "9 місяців 2018 року"
    assert h.responsible.startswith("управління звернень та діловодства")
    assert "О.В. Ахмедова" in " ".join(raw.trailing)


def test_sample_rows_get_categories_and_quantities(sample):
    _, t = sample
    cats = [guess_category(r.priority_task, r.measure) for r in t.records]
    assert cats == ["events", "website", "tv", "radio", "internet", "print", "radio",
                    "branding", "printed_products", "printed_products", "outdoor", "branding",
                    "civil_society", "branding", "participatory_budget", "civil_society"]
    assert {"count": 45, "what": "відео сюжетів"} in extract_quantities(t.records[2].text)
    assert {"count": 8, "what": "рекламних кампаній"} in extract_quantities(t.records[3].text)


def _figures(t):
    return [(r.row, str(r.planned), str(r.financed), str(r.percent_stated)) for r in t.records]


VARIANTS = {
    "plain": {},
    "reordered": {"order": [0, 8, 7, 6, 5, 2, 1, 4, 3]},
    "extra columns": {"extra": True},
    "numbering row": {"numbering": True},
    "two-row header": {"two_row_header": True},
    "everything": {"order": [2, 0, 6, 5, 7, 8, 1, 3, 4], "extra": True, "numbering": True,
                   "two_row_header": True},
}


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("fmt", ["csv", "docx", "xlsx"])
def test_every_format_and_layout_reads_the_same(fmt, variant):
    rows = b.table(**VARIANTS[variant])
    data = {"csv": lambda: b.to_csv(rows), "docx": lambda: b.to_docx(rows),
            "xlsx": lambda: b.to_xlsx(rows)}[fmt]()
    raw, t = parse(data, f"report.{fmt}")
    assert t.errors == []
    assert _figures(t) == list(b.EXPECTED)
    assert t.records[1].measure == "Надання коментарів на телебаченні"
    assert t.stated_total_planned == Decimal("640000.00")
    assert t.stated_total_financed == Decimal("436554.35")
    assert parse_heading(raw.heading).programme == "Ефективна влада. Конкурентне місто"


def test_xlsx_with_real_numbers_and_percent_cells():
    # Figures typed as numbers, percents as 0.496 formatted "0.0%": read back exactly.
    _, t = parse(b.to_xlsx(b.table(), numeric=True), "report.xlsx")
    assert [(r.row, str(r.planned), str(r.financed)) for r in t.records] == \
        [(row, planned, financed) for row, planned, financed, _ in b.EXPECTED]
    assert [r.percent_stated.normalize() for r in t.records] == \
        [Decimal(p).normalize() for *_, p in b.EXPECTED]


def test_docx_with_a_really_merged_header_cell():
    rows = b.table(two_row_header=True)
    raw, t = parse(b.to_docx(rows, merge_two_row_header=True), "report.docx")
    assert _figures(t) == list(b.EXPECTED)


def test_csv_with_commas_and_windows_1251():
    rows = b.table()
    data = b.to_csv(rows, delimiter=",").decode("utf-8").encode("cp1251")
    _, t = parse(data, "report.csv")
    assert _figures(t) == list(b.EXPECTED)


def test_a_malformed_number_names_the_row_and_column():
    rows = b.table()
    rows[2][6] = "19O 000,00"  # letter O for zero
    _, t = parse(b.to_csv(rows), "report.csv")
    assert len(t.errors) == 1
    assert "№ 2" in t.errors[0]
    assert "Фактично профінансовано у звітному періоді, грн" in t.errors[0]
    assert "19O 000,00" in t.errors[0]


def test_files_that_are_not_reports_are_refused():
    with pytest.raises(ReportFormatError):
        read_table(b"not a zip at all", "report.docx")
    with pytest.raises(ReportFormatError):
        read_table(b"PK\x03\x04garbage", "report.xlsx")
    with pytest.raises(ReportFormatError):
        read_table("Просто текст без таблиці".encode(), "report.txt")
    with pytest.raises(ReportFormatError):
        read_records(read_table(b.to_csv([["a", "b"], ["1", "2"]], heading=False), "x.csv"))
    with pytest.raises(ReportFormatError):
        read_table(b"data", "report.pdf")


def test_a_period_with_an_impossible_day_is_not_read():
    """«31.02.2018» is no day: the period is left for the official to give (it was a 500)."""
    from tracker.activities.periods import parse_period
    assert parse_period("з 31.02.2018 по 31.12.2018") is None
    assert parse_period("00.00.0000 - 01.01.2018") is None
    assert parse_period("з 01.01.2018 по 30.09.2018") == (dt.date(2018, 1, 1),
                                                        dt.date(2018, 9, 30))
