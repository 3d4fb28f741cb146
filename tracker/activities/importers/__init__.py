"""Readers of programme reports. Each turns a file into a RawTable (pure parsing); table.py
finds the columns by their Ukrainian headers and reads the records.

Every reader works within ReadLimits (limits.py): a file that would make it read more rows,
columns, cells, unpacked bytes or seconds than those is refused with a ReportFormatError.
"""
from __future__ import annotations

from pathlib import PurePath

from ...core.i18n import gettext as _
from .base import RawTable, ReportFormatError
from .limits import ReadBudget, ReadLimits, clip_heading

FORMATS = ("txt", "docx", "xlsx", "csv")


def read_table(data: bytes, filename: str, limits: ReadLimits = ReadLimits()) -> RawTable:
    """Dispatch on the file's content (checked) and name; ReportFormatError if unreadable
    or beyond ``limits``."""
    raw = _read(data, filename, ReadBudget(limits))
    raw.heading = clip_heading(raw.heading)
    return raw


def _read(data: bytes, filename: str, budget: ReadBudget) -> RawTable:
    ext = PurePath(filename).suffix.lower().lstrip(".")
    is_zip = data[:4] == b"PK\x03\x04"
    if ext in ("docx", "xlsx") and not is_zip:
        raise ReportFormatError(_("Файл «%(name)s» не є документом %(format)s (вміст не "
                                  "відповідає формату).", name=filename, format=ext.upper()))
    if ext == "docx":
        from .docx_reader import read_docx
        return read_docx(data, budget)
    if ext == "xlsx":
        from .xlsx_reader import read_xlsx
        return read_xlsx(data, budget)
    if is_zip or b"\x00" in data[:4096]:
        raise ReportFormatError(_("Файл «%(name)s» — двійковий; очікується текст, CSV, DOCX або "
                                  "XLSX.", name=filename))
    if ext not in ("csv", "txt"):
        raise ReportFormatError(_("Непідтримуваний формат «%(format)s»: очікується %(formats)s.",
                                  format=ext or filename,
                                  formats=", ".join("." + f for f in FORMATS)))
    text = decode_text(data)
    if ext == "csv":
        from .csv_reader import read_csv
        return read_csv(text, budget)
    from .txt_reader import read_txt
    return read_txt(text, budget)


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1251: what Ukrainian offices export."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # cp1251 leaves 0x98 undefined: a stray byte is shown as "�", not an error page.
        return data.decode("cp1251", errors="replace")


__all__ = ["FORMATS", "RawTable", "ReadLimits", "ReportFormatError", "read_table"]
