"""Readers of programme reports. Each turns a file into a RawTable (pure parsing); table.py
finds the columns by their Ukrainian headers and reads the records."""
from __future__ import annotations

from pathlib import PurePath

from .base import RawTable, ReportFormatError

FORMATS = ("txt", "docx", "xlsx", "csv")


def read_table(data: bytes, filename: str) -> RawTable:
    """Dispatch on the file's content (checked) and name; ReportFormatError if unreadable."""
    ext = PurePath(filename).suffix.lower().lstrip(".")
    is_zip = data[:4] == b"PK\x03\x04"
    if ext in ("docx", "xlsx") and not is_zip:
        raise ReportFormatError(f"Файл «{filename}» не є документом {ext.upper()} "
                                f"(вміст не відповідає формату).")
    if ext == "docx":
        from .docx_reader import read_docx
        return read_docx(data)
    if ext == "xlsx":
        from .xlsx_reader import read_xlsx
        return read_xlsx(data)
    if is_zip or b"\x00" in data[:4096]:
        raise ReportFormatError(f"Файл «{filename}» — двійковий; очікується текст, CSV, DOCX або XLSX.")
    text = decode_text(data)
    if ext == "csv":
        from .csv_reader import read_csv
        return read_csv(text)
    if ext == "txt":
        from .txt_reader import read_txt
        return read_txt(text)
    raise ReportFormatError(f"Непідтримуваний формат «{ext or filename}»: очікується "
                            f"{', '.join('.' + f for f in FORMATS)}.")


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1251: what Ukrainian offices export."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1251")


__all__ = ["FORMATS", "RawTable", "ReportFormatError", "read_table"]
