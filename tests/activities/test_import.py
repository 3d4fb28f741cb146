"""`flask activities import` and the import operation, against the database."""
import json
from decimal import Decimal

from sqlalchemy import func, select

from tracker.activities.models import ActivityRecord, Programme, Report
from tracker.core.models import Event
from tracker.extensions import db

from . import builders as b


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def run_json(runner, *args):
    result = runner.invoke(args=["activities", "import", *map(str, args), "--json"])
    return result, (json.loads(result.stdout) if result.exit_code == 0 else None)


def test_sample_import_prints_the_summary_and_stores_everything(runner):
    result, out = run_json(runner, b.SAMPLE)
    assert result.exit_code == 0, result.output
    assert out["rows"] == 16 and out["imported"] is True
    assert (out["total_planned"], out["total_financed"]) == ("1640000.00", "840463.65")
    assert (out["stated_total_planned"], out["stated_total_financed"]) == (
        "1640000.00", "840463.65")
    assert {(w["row"], w["field"]) for w in out["warnings"]} == {("11", "percent"),
                                                                ("Всього", "percent")}
    assert all(set(w) >= {"row", "field", "stated", "computed", "message"}
               for w in out["warnings"])
    assert count(ActivityRecord) == 16 and count(Report) == 1
    report = db.session.scalars(select(Report)).one()
    assert report.source_content == b.SAMPLE.read_bytes()  # kept as uploaded
    assert report.programme.title == "Ефективна влада. Конкурентне місто"
    assert report.programme.decision == "18.12.2017 № 879"
    assert (report.period_label, str(report.period_start), str(report.period_end)) == (
        "9 місяців 2018 року", "2018-01-01", "2018-09-30")
    r11 = db.session.scalar(select(ActivityRecord).where(ActivityRecord.item_number == "11"))
    assert (r11.percent_stated, r11.percent_computed) == (Decimal("38.00"), Decimal("68.00"))
    assert r11.category.slug == "outdoor"
    r3 = db.session.scalar(select(ActivityRecord).where(ActivityRecord.item_number == "3"))
    assert {"count": 45, "what": "відео сюжетів"} in r3.quantities
    assert db.session.scalars(select(Event.action)).all() == ["report_imported"]


def test_dry_run_stores_nothing(runner):
    result, out = run_json(runner, b.SAMPLE, "--dry-run")
    assert result.exit_code == 0 and out["imported"] is False and out["rows"] == 16
    assert count(ActivityRecord) == 0 and count(Report) == 0 and count(Programme) == 0


def test_importing_the_same_report_twice_does_not_duplicate_it(runner, tmp_path):
    run_json(runner, b.SAMPLE)
    result, out = run_json(runner, b.SAMPLE)
    assert out["imported"] is False and out["duplicate_of"] is not None
    assert "уже імпортовано" in result.stderr
    # The same report in another format (same programme and period) is the same report.
    docx = tmp_path / "report.docx"
    docx.write_bytes(b.to_docx(b.table()))
    result, out = run_json(runner, docx, "--period", "9 місяців 2018 року")
    assert out["imported"] is False and out["duplicate_of"]
    assert count(ActivityRecord) == 16 and count(Report) == 1


def test_a_file_with_an_unreadable_figure_exits_nonzero_and_stores_nothing(runner, tmp_path):
    import re
    text = b.SAMPLE.read_text(encoding="utf-8")
    # Row 3's financed figure, typed with Cyrillic "О" for zeros (the sample has an NBSP).
    broken, n = re.subn(r"^190\s000, 00\s*$", "190 ООО, 00", text, count=1, flags=re.M)
    assert n == 1
    path = tmp_path / "broken.txt"
    path.write_text(broken, encoding="utf-8")
    result = runner.invoke(args=["activities", "import", str(path), "--json"])
    assert result.exit_code != 0
    assert "№ 3" in result.stderr and "Фактично" in result.stderr
    assert "190 ООО, 00" in result.stderr
    assert count(ActivityRecord) == 0 and count(Report) == 0 and count(Programme) == 0


def test_an_unreadable_file_exits_nonzero(runner, tmp_path):
    path = tmp_path / "fake.docx"
    path.write_bytes(b"this is not a docx")
    result = runner.invoke(args=["activities", "import", str(path)])
    assert result.exit_code != 0 and "DOCX" in result.stderr


def test_options_override_the_heading(runner):
    result, out = run_json(runner, b.SAMPLE, "--programme", "Інша програма", "--period",
                           "I квартал 2019 року")
    assert out["programme"] == "Інша програма" and out["period"] == "I квартал 2019 року"
    report = db.session.scalars(select(Report)).one()
    assert str(report.period_start) == "2019-01-01" and str(report.period_end) == "2019-03-31"


def test_a_report_without_programme_in_its_heading_needs_the_option(runner, tmp_path):
    path = tmp_path / "bare.csv"
    path.write_bytes(b.to_csv(b.table(), heading=False))
    result = runner.invoke(args=["activities", "import", str(path)])
    assert result.exit_code != 0 and "--programme" in result.stderr
    result, out = run_json(runner, path, "--programme", "Ефективна влада", "--period",
                           "2018 рік")
    assert out["imported"] is True and out["rows"] == 4


def test_each_format_imports(runner, tmp_path):
    for i, (fmt, data) in enumerate([("csv", b.to_csv(b.table())),
                                     ("docx", b.to_docx(b.table(two_row_header=True))),
                                     ("xlsx", b.to_xlsx(b.table(numbering=True)))]):
        path = tmp_path / f"report.{fmt}"
        path.write_bytes(data)
        result, out = run_json(runner, path, "--period", f"{i + 1} квартал 2018 року")
        assert out["imported"] is True and out["rows"] == 4, (fmt, result.output)
        assert out["total_planned"] == "640000.00" and out["total_financed"] == "436554.35"
    assert count(ActivityRecord) == 12
