"""Report and journal exports: CSV, XLSX, and the open-data statistics (no personal data).

Every CSV row goes through a :class:`SafeCsvWriter` and every XLSX row through
:func:`_xlsx_row`: text that a spreadsheet would take for a formula is written with a
leading apostrophe, and XLSX text cells are always strings, never formulas.

The files for people are Ukrainian by default (the journal's column titles are those of the
council's register); ``tr`` (a gettext bound to another locale) gives the English option.
"""
from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable, Iterator

from babel import dates as babel_dates
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ..core.i18n import N_
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
#: Dates in the journal's XLSX are dates (sortable, filterable), shown the Ukrainian way;
#: the English file shows them as the English pages do (``29 Nov 2026``).
DATE_FORMAT = "dd.mm.yyyy"
DATE_FORMATS = {"uk": DATE_FORMAT, "en": "d mmm yyyy"}
#: Between the fields of a CSV for people: ";" for Excel in a Ukrainian locale (where ","
#: is the decimal sign), "," in English.
DELIMITERS = {"uk": EXCEL_DELIMITER, "en": ","}
#: Column widths (characters) of the journal's XLSX: fitted to the text, within these bounds.
MIN_WIDTH, MAX_WIDTH = 8, 60

Translate = Callable[[str], str]
#: The source language: the files stay Ukrainian unless a translation is asked for.
UKRAINIAN: Translate = str
REPORT_TITLE = N_("Звіт про запити на інформацію за %(start)s — %(end)s")
REPORT_HEADER = (N_("Розділ"), N_("Показник"), N_("Значення"))
EXECUTOR_HEADER = (N_("Виконавець"), N_("Електронна пошта"), N_("Надійшло"), N_("Відповіли"),
                   N_("Із запізненням"), N_("Прострочено зараз"))
SHEET_REPORT, SHEET_EXECUTORS, SHEET_MONTHLY = N_("Звіт"), N_("Виконавці"), N_("За місяцями")
MONTHLY_HEADER = (N_("Місяць"), N_("Вчасно"), N_("Із запізненням"))


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


def people_rows(summary: dict, topic_labels: dict[str, str] | None = None,
                tr: Translate = UKRAINIAN) -> Iterator[tuple[str, str, str, object]]:
    """(section name, item label, key, value) of every figure, for a person: names only,
    Ukrainian unless ``tr`` translates them (the key decides how the value is written)."""
    for key, label in SUMMARY_LABELS.items():
        yield (tr(SUMMARY_TITLE), tr(label), key, summary[key])
    for section, title, labels in _sections(topic_labels):
        for key, value in summary[section].items():
            shown = f"#{key}" if section == "by_tag" else labels.get(key, key)
            yield (tr(title), shown if section == "by_tag" else tr(shown), key, value)
    for row in summary.get("by_executor", {}).values():
        for field, label in EXECUTOR_FIELDS.items():
            yield (tr(EXECUTORS_TITLE), f"{row['name']}: {tr(label)}", field, row[field])


def day_text(value: dt.date | dt.datetime | None, locale: str = "uk") -> str:
    """A date in a file's title: ``29.11.2026``, in English ``29 Nov 2026``."""
    if value is None or locale != "en":
        return fmt_date(value)
    if isinstance(value, dt.datetime):
        value = (local(value) if value.tzinfo else value).date()
    return babel_dates.format_date(value, "d MMM yyyy", locale="en")


def _iso_day(value: dt.date | dt.datetime | None) -> str:
    """A date in the English CSV: ISO, which every spreadsheet reads as a date."""
    value = _as_date(value)
    return value.isoformat() if value else ""


def _xlsx_row(ws, values: Iterable, bold: bool = False, date_format: str = DATE_FORMAT) -> list:
    """Cells for ``ws.append``: text neutralised and typed as a string (openpyxl would
    otherwise store a text starting with "=" as a formula); dates as dates, dd.mm.yyyy."""
    cells = []
    for value in values:
        cell = WriteOnlyCell(ws, value=xlsx_value(value))
        if isinstance(cell.value, str):
            cell.data_type = "s"
        elif isinstance(value, dt.date):
            cell.number_format = date_format
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


def report_csv_for_people(summary: dict, topic_labels: dict[str, str] | None = None,
                          tr: Translate = UKRAINIAN, locale: str = "uk") -> str:
    """The report downloaded from the page, for Excel in a Ukrainian locale: a BOM, ";"
    between fields, names only (Ukrainian unless ``tr`` translates), decimals with a comma
    (in English: "," between fields, a decimal point)."""
    out = io.StringIO()
    out.write(BOM)
    writer = SafeCsvWriter(out, DELIMITERS.get(locale, EXCEL_DELIMITER))
    writer.writerow([_title(summary, tr, locale)])
    writer.writerow([tr(h) for h in REPORT_HEADER])
    for section, label, key, value in people_rows(summary, topic_labels, tr):
        writer.writerow([section, label, figure(key, value, locale)])
    return out.getvalue()


def _title(summary: dict, tr: Translate, locale: str = "uk") -> str:
    return tr(REPORT_TITLE) % {"start": day_text(dt.date.fromisoformat(summary["from"]), locale),
                               "end": day_text(dt.date.fromisoformat(summary["to"]), locale)}


def report_xlsx(summary: dict, topic_labels: dict[str, str] | None = None,
                tr: Translate = UKRAINIAN, locale: str = "uk") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = tr(SHEET_REPORT)
    ws.append(_xlsx_row(ws, [_title(summary, tr, locale)], bold=True))
    ws.append([])
    ws.append(_xlsx_row(ws, [tr(h) for h in REPORT_HEADER], bold=True))
    for section, label, key, value in people_rows(summary, topic_labels, tr):
        if section == tr(EXECUTORS_TITLE):
            continue  # a sheet of their own
        ws.append(_xlsx_row(ws, [section, label, value]))
        if key in FRACTIONAL and value is not None:
            ws.cell(ws.max_row, 3).number_format = "0.0"  # 2,5 in a Ukrainian Excel
    if summary.get("by_executor"):
        ex = wb.create_sheet(tr(SHEET_EXECUTORS))
        ex.append(_xlsx_row(ex, [tr(h) for h in EXECUTOR_HEADER], bold=True))
        for email, row in summary["by_executor"].items():
            ex.append(_xlsx_row(ex, [row["name"], email, row["received"], row["answered"],
                                     row["late"], row["overdue"]]))
    monthly = wb.create_sheet(tr(SHEET_MONTHLY))
    month, on_time, late = (tr(h) for h in MONTHLY_HEADER)
    monthly.append(_xlsx_row(monthly, [month] + [tr(CHANNEL_LABELS[c]) for c in Channel] +
                             [on_time, late], bold=True))
    months = sorted(set(summary["monthly"]["received"]) | set(summary["monthly"]["answered"]))
    for m in months:
        received = summary["monthly"]["received"].get(m, {})
        answered = summary["monthly"]["answered"].get(m, {})
        monthly.append(_xlsx_row(monthly, [month_label(m, locale)] +
                                 [received.get(c.value, 0) for c in Channel] +
                                 [answered.get("on_time", 0), answered.get("late", 0)]))
    for sheet in wb.worksheets:
        sheet.column_dimensions["A"].width = 28
        sheet.column_dimensions["B"].width = 50
        sheet.freeze_panes = "A4" if sheet is ws else "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


#: The journal's status of a registration annulled as made in error.
VOIDED = N_("Анульовано")


def _journal_values(row, date=fmt_date, tr: Translate = UKRAINIAN) -> list:
    """One journal row as people read it; ``date`` writes the dates (text by default; the
    XLSX keeps them as dates); ``tr`` translates the labels (the page, the English files)."""
    (number, received, name, category, channel, subject, executor, due, answered, outcome,
     status, ground) = row
    result = tr(OUTCOME_LABELS[outcome.value]) if outcome and outcome.value in OUTCOME_LABELS \
        else ""
    if ground:
        result += f" ({tr(GROUND_LABELS[RefusalGround(ground)])})"
    return [number, date(received), name, tr(CATEGORY_LABELS[Category(category)]),
            tr(CHANNEL_LABELS[Channel(channel)]), subject, executor or "", date(due),
            date(answered), result,
            tr(VOIDED if status == "voided" else STATUS_LABELS[Status(status)])]


def journal_csv(rows: Iterable, delimiter: str = ",", tr: Translate = UKRAINIAN,
                locale: str = "uk") -> Iterator[str]:
    """The journal as CSV, streamed line by line (UTF-8 with BOM for Excel); the pages'
    download uses ";" (EXCEL_DELIMITER; "," in English), the API "," unless asked otherwise.
    Dates are ``29.11.2026``; ISO ``2026-11-29`` in the English file."""
    date = _iso_day if locale == "en" else fmt_date
    buf = io.StringIO()
    writer = SafeCsvWriter(buf, delimiter)
    buf.write(BOM)
    writer.writerow([tr(c) for c in JOURNAL_COLUMNS])
    yield buf.getvalue()
    for row in rows:
        buf.seek(0)
        buf.truncate()
        writer.writerow(_journal_values(row, date, tr))
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


def journal_xlsx(rows: Iterable, title: str, tr: Translate = UKRAINIAN,
                 locale: str = "uk") -> bytes:
    """The journal as a workbook a clerk can sort and filter at once: dates as dates
    (dd.mm.yyyy; d mmm yyyy in English), columns fitted to their text, the header row
    frozen and filtered.

    The rows are gathered first (column widths must be written before the first row of a
    write-only sheet); openpyxl then streams them to the file.
    """
    values = [_journal_values(row, _as_date, tr) for row in rows]
    columns = [tr(c) for c in JOURNAL_COLUMNS]
    widths = [_width(c) for c in columns]
    for row in values:
        widths = [max(w, _width(v)) for w, v in zip(widths, row)]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(tr(JOURNAL_SHEET))
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = min(max(width + 2, MIN_WIDTH),
                                                               MAX_WIDTH)
    ws.freeze_panes = "A3"  # the title and the header row stay in view
    last = get_column_letter(len(JOURNAL_COLUMNS))
    ws.auto_filter.ref = f"A2:{last}{len(values) + 2}"
    ws.append(_xlsx_row(ws, [title], bold=True))
    ws.append(_xlsx_row(ws, columns, bold=True))
    date_format = DATE_FORMATS.get(locale, DATE_FORMAT)
    for row in values:
        ws.append(_xlsx_row(ws, row, date_format=date_format))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


JOURNAL_SHEET = N_("Журнал")
JOURNAL_TITLE = N_("Журнал обліку запитів на інформацію за %(start)s—%(end)s")


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
