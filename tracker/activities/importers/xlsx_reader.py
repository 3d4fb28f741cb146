"""XLSX reports: the first sheet with a recognisable header. Numbers become Decimal (via
their shortest repr, never float arithmetic); a percent-formatted cell is scaled to 0–100."""
from __future__ import annotations

import io
import zipfile
from decimal import Decimal

from .base import RawTable, ReportFormatError


def _value(cell) -> str | Decimal:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        number = Decimal(repr(value))
        if "%" in (cell.number_format or ""):
            number *= 100
        return number
    return str(value).strip()


def read_xlsx(data: bytes) -> RawTable:
    from openpyxl import load_workbook
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ReportFormatError(f"Не вдалося відкрити XLSX: {exc}") from None
    from .table import find_header
    first = None
    try:
        for sheet in workbook.worksheets:
            rows, locations = [], []
            for number, row in enumerate(sheet.iter_rows(), start=1):
                values = [_value(c) for c in row if hasattr(c, "value")]
                rows.append(values)
                locations.append(f"аркуш «{sheet.title}», рядок {number}")
            found = find_header(rows)
            if first is None:
                first = (rows, locations)
            if found is not None:
                header_at = found[0]
                heading = [" ".join(str(v) for v in r if str(v).strip()) for r in rows[:header_at]]
                return RawTable(rows=rows[header_at:], locations=locations[header_at:],
                                heading=[h for h in heading if h])
    finally:
        workbook.close()
    if first is None:
        raise ReportFormatError("Книга XLSX порожня.")
    return RawTable(rows=first[0], locations=first[1])
