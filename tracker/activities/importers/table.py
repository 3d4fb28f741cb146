"""Find a report table's columns by their Ukrainian headers and read its records. Pure.

Columns may come in any order, with extra columns, a header spread over two rows (a merged
"Фінансування" over "план" / "факт") and a numbering row (1 2 3 … 9) under it. The totals
row ("Всього") is read as the stated totals, not as a record.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ...core.i18n import gettext as _
from ..numbers import NumberError, parse_amount, parse_percent
from .base import Cell, RawTable, ReportFormatError, cell_text

#: Header patterns per field, tried in this order on each header cell (specific ones first:
#: "Відсоток виконання заходу" must not be taken for the measure, nor "Термін виконання"
#: for the executors).
HEADER_PATTERNS: list[tuple[str, re.Pattern]] = [(name, re.compile(p)) for name, p in [
    ("item_number", r"^№|з/п|^номер|^n\b"),
    ("term", r"^термін|^строк"),
    ("percent", r"відсот|^%$|,\s*%$"),
    ("financed", r"профінансов|фактичн|\bфакт\b|використан|касов"),
    ("planned", r"обсяг|заплан|\bплан\b|передбачен|кошторис"),
    ("text", r"інформаці|стан виконання|причин|результат|примітк"),
    ("measure", r"зміст|заход|захід"),
    ("priority_task", r"пріоритет|завдан"),
    ("executors", r"виконав"),
]]
REQUIRED = ("measure", "planned", "financed")
_TOTALS = re.compile(r"^\s*(всього|разом|усього|итого)\b\s*:?", re.IGNORECASE)


def _norm(cell: Cell) -> str:
    text = cell_text(cell).lower().replace("’", "'").replace("ʼ", "'")
    return " ".join(text.split())


def _map_columns(cells: list[str]) -> dict[str, int]:
    mapping: dict[str, int] = {}
    for index, text in enumerate(cells):
        if not text:
            continue
        for name, pattern in HEADER_PATTERNS:
            if pattern.search(text):
                mapping.setdefault(name, index)
                break
    return mapping


def _merge_two_rows(top: list[Cell], bottom: list[Cell], normalise=True) -> list[str]:
    """Header text per column from two rows; a top cell spanning columns carries over."""
    text = _norm if normalise else _clean
    out, carried = [], ""
    for i in range(max(len(top), len(bottom))):
        upper = text(top[i]) if i < len(top) else ""
        lower = text(bottom[i]) if i < len(bottom) else ""
        if upper:
            carried = upper
        elif lower:
            upper = carried  # under a merged cell of the row above
        out.append(f"{upper} {lower}".strip() if lower and lower != upper else upper)
    return out


def find_header(rows: list[list[Cell]], look: int = 25) -> tuple[int, int, dict[str, int]] | None:
    """(header row index, number of header rows, field → column) or None."""
    for i, row in enumerate(rows[:look]):
        single = _map_columns([_norm(c) for c in row])
        # Two header rows only when the upper one is a header itself (not a title line).
        two_rows = len(single) >= 2 and i + 1 < len(rows)
        merged = _map_columns(_merge_two_rows(row, rows[i + 1])) if two_rows else {}
        if all(f in merged for f in REQUIRED) and len(merged) > len(single) \
                and not _is_numbering(rows[i + 1]):
            return i, 2, merged
        if all(f in single for f in REQUIRED):
            return i, 1, single
    return None


def _is_numbering(row: list[Cell]) -> bool:
    values = [cell_text(c).strip() for c in row if cell_text(c).strip()]
    # Column numbers are small: a 400-digit "number" would overflow float() below.
    if len(values) < 3 or not all(re.fullmatch(r"\d{1,9}(\.0+)?", v) for v in values):
        return False
    numbers = [int(float(v)) for v in values]
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))


@dataclass
class ParsedRecord:
    row: str  # the item number as written, else where the row is in the file
    location: str
    item_number: str | None
    priority_task: str | None
    measure: str
    term: str | None
    executors: str | None
    planned: Decimal | None
    financed: Decimal | None
    percent_stated: Decimal | None
    text: str


@dataclass
class ParsedTable:
    records: list[ParsedRecord]
    columns: dict[str, str]  # field → header text as found
    stated_total_planned: Decimal | None = None
    stated_total_financed: Decimal | None = None
    stated_total_percent: Decimal | None = None
    errors: list[str] = field(default_factory=list)


def _cell(row: list[Cell], mapping: dict[str, int], name: str) -> Cell:
    index = mapping.get(name)
    return row[index] if index is not None and index < len(row) else ""


def _clean(cell: Cell) -> str:
    """Cell text with the line breaks of a narrow Word column undone."""
    return " ".join(cell_text(cell).split())


def _read_totals(row: list[Cell], mapping: dict[str, int], width: int, parsed: ParsedTable,
                 location: str) -> None:
    def strip_label(cell: Cell) -> Cell:
        return _TOTALS.sub("", cell) if isinstance(cell, str) else cell
    try:
        if len(row) >= width:  # aligned with the columns
            parsed.stated_total_planned = parse_amount(strip_label(_cell(row, mapping, "planned")))
            parsed.stated_total_financed = parse_amount(strip_label(_cell(row, mapping, "financed")))
            parsed.stated_total_percent = parse_percent(strip_label(_cell(row, mapping, "percent")))
            return
        # Fewer cells than columns (a merged label cell): figures in column order.
        figures = [strip_label(c) for c in row if cell_text(strip_label(c)).strip()]
        amounts = [f for f in figures if "%" not in cell_text(f)]
        percents = [f for f in figures if "%" in cell_text(f)]
        if len(amounts) >= 3 and not percents:
            percents = [amounts.pop(2)]
        if amounts:
            parsed.stated_total_planned = parse_amount(amounts[0])
        if len(amounts) > 1:
            parsed.stated_total_financed = parse_amount(amounts[1])
        if percents:
            parsed.stated_total_percent = parse_percent(percents[0])
    except NumberError as exc:
        parsed.errors.append(_("%(location)s, рядок «Всього»: %(error)s", location=location,
                               error=exc))


def read_records(table: RawTable) -> ParsedTable:
    """The records and stated totals of a report table; ReportFormatError if no header."""
    found = find_header(table.rows)
    if found is None:
        raise ReportFormatError(_(
            "Не знайдено заголовка таблиці: потрібні стовпці «Зміст заходів», «Річний обсяг "
            "фінансування» і «Фактично профінансовано» (назви можуть трохи відрізнятися)."))
    at, header_rows, mapping = found
    header = table.rows[at] if header_rows == 1 else \
        _merge_two_rows(table.rows[at], table.rows[at + 1], normalise=False)
    parsed = ParsedTable(records=[], columns={
        name: _clean(header[i]) for name, i in mapping.items() if i < len(header)})
    width = len(table.rows[at])
    for row, location in zip(table.rows[at + header_rows:], table.locations[at + header_rows:]):
        texts = [cell_text(c).strip() for c in row]
        if not any(texts) or _is_numbering(row):
            continue
        if any(_TOTALS.match(t) for t in texts):
            _read_totals(row, mapping, width, parsed, location)
            continue
        measure = _clean(_cell(row, mapping, "measure"))
        item = _clean(_cell(row, mapping, "item_number")) or None
        label = item or location
        values = {}
        for name, parse in (("planned", parse_amount), ("financed", parse_amount),
                            ("percent", parse_percent)):
            try:
                values[name] = parse(_cell(row, mapping, name))
            except NumberError as exc:
                column = parsed.columns.get(name, name)
                parsed.errors.append(_("%(location)s (№ %(row)s), стовпець «%(column)s»: "
                                       "%(error)s", location=location, row=label,
                                       column=column, error=exc))
                values[name] = None
        if not measure and values["planned"] is None and values["financed"] is None:
            continue
        priority = _clean(_cell(row, mapping, "priority_task")) or None
        parsed.records.append(ParsedRecord(
            row=label, location=location, item_number=item, priority_task=priority,
            measure=measure or priority or "", term=_clean(_cell(row, mapping, "term")) or None,
            executors=_clean(_cell(row, mapping, "executors")) or None,
            planned=values["planned"], financed=values["financed"],
            percent_stated=values["percent"],
            text=cell_text(_cell(row, mapping, "text")).strip()))
    return parsed
