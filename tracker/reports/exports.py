"""Report and journal exports: CSV, XLSX, and the open-data statistics (no personal data).

Every CSV row goes through a :class:`SafeCsvWriter` and every XLSX row through
:func:`_xlsx_row`: text that a spreadsheet would take for a formula is written with a
leading apostrophe, and XLSX text cells are always strings, never formulas.
"""
from __future__ import annotations

import io
from collections.abc import Iterable, Iterator

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from ..core.spreadsheet import SafeCsvWriter, xlsx_value
from ..core.timeutil import fmt_date
from ..register.labels import STATUS_LABELS
from ..register.models import Category, Channel, RefusalGround, Status
from ..register.labels import CATEGORY_LABELS, CHANNEL_LABELS, GROUND_LABELS
from .queries import JOURNAL_COLUMNS

OUTCOME_LABELS = {"full": "задоволено", "partial": "задоволено частково", "refused": "відмовлено",
                  "forwarded": "надіслано за належністю", "extended": "продовжено строк (у роботі)",
                  "deferred": "відстрочено", "in_progress": "у роботі"}
SECTIONS = [("by_channel", "Спосіб надходження", {c.value: l for c, l in CHANNEL_LABELS.items()}),
            ("by_category", "Категорія запитувача",
             {c.value: l for c, l in CATEGORY_LABELS.items()}),
            ("by_outcome", "Результат розгляду", OUTCOME_LABELS),
            ("by_refusal_ground", "Підстави відмов",
             {g.value: l for g, l in GROUND_LABELS.items()}),
            ("by_topic", "Тематика (категорії заходів)", {}),
            ("by_tag", "Мітки", {})]
#: What the open data may carry: aggregate counts only, never names or contacts.
OPEN_DATA_KEYS = ("from", "to", "total", "by_channel", "by_category", "by_outcome",
                  "by_refusal_ground", "by_topic", "on_time", "late", "median_days", "p90_days",
                  "extended", "urgent", "monthly")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def summary_rows(summary: dict) -> Iterator[tuple[str, str, str, object]]:
    """(section, key, label, value) for every figure of the report."""
    for key, label in (("total", "Усього запитів"), ("on_time", "Відповідь вчасно"),
                       ("late", "Відповідь із запізненням"),
                       ("median_days", "Медіана робочих днів до відповіді"),
                       ("p90_days", "90-й процентиль робочих днів до відповіді"),
                       ("extended", "Продовжено строк"), ("urgent", "Термінових")):
        yield ("summary", key, label, summary[key])
    for section, title, labels in SECTIONS:
        for key, value in summary[section].items():
            yield (section, key, f"{title}: {labels.get(key, key)}", value)


def _xlsx_row(ws, values: Iterable) -> list:
    """Cells for ``ws.append``: text neutralised and typed as a string (openpyxl would
    otherwise store a text starting with "=" as a formula)."""
    cells = []
    for value in values:
        cell = WriteOnlyCell(ws, value=xlsx_value(value))
        if isinstance(cell.value, str):
            cell.data_type = "s"
        cells.append(cell)
    return cells


def report_csv(summary: dict) -> str:
    out = io.StringIO()
    writer = SafeCsvWriter(out)
    writer.writerow(["section", "key", "label", "value"])
    writer.writerows(summary_rows(summary))
    if "by_executor" in summary:
        for email, row in summary["by_executor"].items():
            for field in ("received", "answered", "late", "overdue"):
                writer.writerow(["by_executor", f"{email}:{field}", f"{row['name']}: {field}",
                                 row[field]])
    return out.getvalue()


def report_xlsx(summary: dict) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Звіт"
    ws.append(_xlsx_row(ws, [f"Звіт про запити на інформацію за {summary['from']} — "
                             f"{summary['to']}"]))
    ws["A1"].font = Font(bold=True)
    ws.append([])
    ws.append(_xlsx_row(ws, ["Розділ", "Показник", "Значення"]))
    for section, key, label, value in summary_rows(summary):
        ws.append(_xlsx_row(ws, [section, label, value]))
    if summary.get("by_executor"):
        ex = wb.create_sheet("Виконавці")
        ex.append(_xlsx_row(ex, ["Виконавець", "Електронна пошта", "Надійшло", "Відповіли",
                                 "Із запізненням", "Прострочено зараз"]))
        for email, row in summary["by_executor"].items():
            ex.append(_xlsx_row(ex, [row["name"], email, row["received"], row["answered"],
                                     row["late"], row["overdue"]]))
    monthly = wb.create_sheet("За місяцями")
    monthly.append(_xlsx_row(monthly, ["Місяць"] + [CHANNEL_LABELS[c] for c in Channel] +
                             ["Вчасно", "Із запізненням"]))
    months = sorted(set(summary["monthly"]["received"]) | set(summary["monthly"]["answered"]))
    for m in months:
        received = summary["monthly"]["received"].get(m, {})
        answered = summary["monthly"]["answered"].get(m, {})
        monthly.append(_xlsx_row(monthly, [m] + [received.get(c.value, 0) for c in Channel] +
                                 [answered.get("on_time", 0), answered.get("late", 0)]))
    for sheet in wb.worksheets:
        sheet.column_dimensions["A"].width = 28
        sheet.column_dimensions["B"].width = 50
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _journal_values(row) -> list:
    (number, received, name, category, channel, subject, executor, due, answered, outcome,
     status, ground) = row
    result = OUTCOME_LABELS.get(outcome.value, "") if outcome else ""
    if ground:
        result += f" ({GROUND_LABELS[RefusalGround(ground)]})"
    return [number, fmt_date(received), name, CATEGORY_LABELS[Category(category)],
            CHANNEL_LABELS[Channel(channel)], subject, executor or "", fmt_date(due),
            fmt_date(answered), result, STATUS_LABELS[Status(status)]]


def journal_csv(rows: Iterable) -> Iterator[str]:
    """The journal as CSV, streamed line by line (UTF-8 with BOM for Excel)."""
    buf = io.StringIO()
    writer = SafeCsvWriter(buf)
    buf.write("\ufeff")
    writer.writerow(JOURNAL_COLUMNS)
    yield buf.getvalue()
    for row in rows:
        buf.seek(0)
        buf.truncate()
        writer.writerow(_journal_values(row))
        yield buf.getvalue()


def journal_xlsx(rows: Iterable, title: str) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Журнал")
    ws.append(_xlsx_row(ws, [title]))
    ws.append(_xlsx_row(ws, JOURNAL_COLUMNS))
    for row in rows:
        ws.append(_xlsx_row(ws, _journal_values(row)))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def open_data(summary: dict) -> dict:
    """The statistics for the council's website: aggregate counts only."""
    return {key: summary[key] for key in OPEN_DATA_KEYS}


def open_data_csv(summary: dict) -> str:
    data = open_data(summary)
    out = io.StringIO()
    writer = SafeCsvWriter(out)
    writer.writerow(["section", "key", "value"])
    for section, key, _, value in summary_rows(data | {"by_tag": {}}):
        if section != "by_tag":
            writer.writerow([section, key, value])
    return out.getvalue()
