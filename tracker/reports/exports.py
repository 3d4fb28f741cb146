"""Report and journal exports: CSV, XLSX, and the open-data statistics (no personal data).

Every CSV row goes through a :class:`SafeCsvWriter` and every XLSX row through
:func:`_xlsx_row`: text that a spreadsheet would take for a formula is written with a
leading apostrophe, and XLSX text cells are always strings, never formulas.
"""
from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Iterator

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ..core.spreadsheet import BOM, EXCEL_DELIMITER, SafeCsvWriter, xlsx_value
from ..core.timeutil import fmt_date, local
from ..register.labels import STATUS_LABELS
from ..register.models import Category, Channel, RefusalGround, Status
from ..register.labels import CATEGORY_LABELS, CHANNEL_LABELS, GROUND_LABELS
from .labels import (EXECUTOR_FIELDS, EXECUTORS_TITLE, FRACTIONAL, OUTCOME_LABELS, SECTIONS,
                     SUMMARY_LABELS, SUMMARY_TITLE, figure, month_label)
from .queries import JOURNAL_COLUMNS

#: What the open data may carry: aggregate counts only, never names or contacts.
OPEN_DATA_KEYS = ("from", "to", "total", "by_channel", "by_category", "by_outcome",
                  "by_refusal_ground", "by_topic", "on_time", "late", "median_days", "p90_days",
                  "extended", "urgent", "monthly")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Dates in the journal's XLSX are dates (sortable, filterable), shown the Ukrainian way.
DATE_FORMAT = "dd.mm.yyyy"
#: Column widths (characters) of the journal's XLSX: fitted to the text, within these bounds.
MIN_WIDTH, MAX_WIDTH = 8, 60


def summary_rows(summary: dict, topic_labels: dict[str, str] | None = None
                 ) -> Iterator[tuple[str, str, str, object]]:
    """(section, key, label, value) for every figure of the report (the machine-readable
    CSV of ``flask report`` and the open data)."""
    for key, label in SUMMARY_LABELS.items():
        yield ("summary", key, label, summary[key])
    for section, title, labels in _sections(topic_labels):
        for key, value in summary[section].items():
            yield (section, key, f"{title}: {labels.get(key, key)}", value)


def _sections(topic_labels: dict[str, str] | None):
    for section, title, labels in SECTIONS:
        yield section, title, (topic_labels or {}) if section == "by_topic" else labels


def people_rows(summary: dict, topic_labels: dict[str, str] | None = None
                ) -> Iterator[tuple[str, str, str, object]]:
    """(section name, item label, key, value) of every figure, for a person: Ukrainian names
    only (the key decides how the value is written)."""
    for key, label in SUMMARY_LABELS.items():
        yield (SUMMARY_TITLE, label, key, summary[key])
    for section, title, labels in _sections(topic_labels):
        for key, value in summary[section].items():
            shown = f"#{key}" if section == "by_tag" else labels.get(key, key)
            yield (title, shown, key, value)
    for row in summary.get("by_executor", {}).values():
        for field, label in EXECUTOR_FIELDS.items():
            yield (EXECUTORS_TITLE, f"{row['name']}: {label}", field, row[field])


def _xlsx_row(ws, values: Iterable, bold: bool = False) -> list:
    """Cells for ``ws.append``: text neutralised and typed as a string (openpyxl would
    otherwise store a text starting with "=" as a formula); dates as dates, dd.mm.yyyy."""
    cells = []
    for value in values:
        cell = WriteOnlyCell(ws, value=xlsx_value(value))
        if isinstance(cell.value, str):
            cell.data_type = "s"
        elif isinstance(value, dt.date):
            cell.number_format = DATE_FORMAT
        if bold:
            cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def report_csv(summary: dict) -> str:
    """The machine-readable report (``flask report --format csv``): keys and labels."""
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


def report_csv_for_people(summary: dict, topic_labels: dict[str, str] | None = None) -> str:
    """The report downloaded from the page, for Excel in a Ukrainian locale: a BOM, ";"
    between fields, Ukrainian names only, decimals with a comma."""
    out = io.StringIO()
    out.write(BOM)
    writer = SafeCsvWriter(out, EXCEL_DELIMITER)
    writer.writerow([f"Звіт про запити на інформацію за {_day(summary['from'])} — "
                     f"{_day(summary['to'])}"])
    writer.writerow(["Розділ", "Показник", "Значення"])
    for section, label, key, value in people_rows(summary, topic_labels):
        writer.writerow([section, label, figure(key, value)])
    return out.getvalue()


def _day(iso: str) -> str:
    return fmt_date(dt.date.fromisoformat(iso))


def report_xlsx(summary: dict, topic_labels: dict[str, str] | None = None) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Звіт"
    ws.append(_xlsx_row(ws, [f"Звіт про запити на інформацію за {_day(summary['from'])} — "
                             f"{_day(summary['to'])}"], bold=True))
    ws.append([])
    ws.append(_xlsx_row(ws, ["Розділ", "Показник", "Значення"], bold=True))
    for section, label, key, value in people_rows(summary, topic_labels):
        if section == EXECUTORS_TITLE:
            continue  # a sheet of their own
        ws.append(_xlsx_row(ws, [section, label, value]))
        if key in FRACTIONAL and value is not None:
            ws.cell(ws.max_row, 3).number_format = "0.0"  # 2,5 in a Ukrainian Excel
    if summary.get("by_executor"):
        ex = wb.create_sheet("Виконавці")
        ex.append(_xlsx_row(ex, ["Виконавець", "Електронна пошта", "Надійшло", "Відповіли",
                                 "Із запізненням", "Прострочено зараз"], bold=True))
        for email, row in summary["by_executor"].items():
            ex.append(_xlsx_row(ex, [row["name"], email, row["received"], row["answered"],
                                     row["late"], row["overdue"]]))
    monthly = wb.create_sheet("За місяцями")
    monthly.append(_xlsx_row(monthly, ["Місяць"] + [CHANNEL_LABELS[c] for c in Channel] +
                             ["Вчасно", "Із запізненням"], bold=True))
    months = sorted(set(summary["monthly"]["received"]) | set(summary["monthly"]["answered"]))
    for m in months:
        received = summary["monthly"]["received"].get(m, {})
        answered = summary["monthly"]["answered"].get(m, {})
        monthly.append(_xlsx_row(monthly, [month_label(m)] +
                                 [received.get(c.value, 0) for c in Channel] +
                                 [answered.get("on_time", 0), answered.get("late", 0)]))
    for sheet in wb.worksheets:
        sheet.column_dimensions["A"].width = 28
        sheet.column_dimensions["B"].width = 50
        sheet.freeze_panes = "A4" if sheet is ws else "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _journal_values(row, date=fmt_date) -> list:
    """One journal row as people read it; ``date`` writes the dates (text by default; the
    XLSX keeps them as dates)."""
    (number, received, name, category, channel, subject, executor, due, answered, outcome,
     status, ground) = row
    result = OUTCOME_LABELS.get(outcome.value, "") if outcome else ""
    if ground:
        result += f" ({GROUND_LABELS[RefusalGround(ground)]})"
    return [number, date(received), name, CATEGORY_LABELS[Category(category)],
            CHANNEL_LABELS[Channel(channel)], subject, executor or "", date(due),
            date(answered), result, STATUS_LABELS[Status(status)]]


def journal_csv(rows: Iterable, delimiter: str = ",") -> Iterator[str]:
    """The journal as CSV, streamed line by line (UTF-8 with BOM for Excel); the pages'
    download uses ";" (EXCEL_DELIMITER), the API "," unless asked otherwise."""
    buf = io.StringIO()
    writer = SafeCsvWriter(buf, delimiter)
    buf.write(BOM)
    writer.writerow(JOURNAL_COLUMNS)
    yield buf.getvalue()
    for row in rows:
        buf.seek(0)
        buf.truncate()
        writer.writerow(_journal_values(row))
        yield buf.getvalue()


def _as_date(value):
    """A journal date for the XLSX: the date itself (a datetime's day), or None."""
    if isinstance(value, dt.datetime):
        return (local(value) if value.tzinfo else value).date()
    return value


def _width(value) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 10
    return max((len(line) for line in str(value).splitlines()), default=0)


def journal_xlsx(rows: Iterable, title: str) -> bytes:
    """The journal as a workbook a clerk can sort and filter at once: dates as dates
    (dd.mm.yyyy), columns fitted to their text, the header row frozen and filtered.

    The rows are gathered first (column widths must be written before the first row of a
    write-only sheet); openpyxl then streams them to the file.
    """
    values = [_journal_values(row, _as_date) for row in rows]
    widths = [_width(c) for c in JOURNAL_COLUMNS]
    for row in values:
        widths = [max(w, _width(v)) for w, v in zip(widths, row)]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Журнал")
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = min(max(width + 2, MIN_WIDTH),
                                                               MAX_WIDTH)
    ws.freeze_panes = "A3"  # the title and the header row stay in view
    last = get_column_letter(len(JOURNAL_COLUMNS))
    ws.auto_filter.ref = f"A2:{last}{len(values) + 2}"
    ws.append(_xlsx_row(ws, [title], bold=True))
    ws.append(_xlsx_row(ws, JOURNAL_COLUMNS, bold=True))
    for row in values:
        ws.append(_xlsx_row(ws, row))
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
