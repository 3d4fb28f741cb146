"""DOCX reports: the first table with a recognisable header; paragraphs above it as heading."""
from __future__ import annotations

import io
import zipfile

from .base import RawTable, ReportFormatError


def read_docx(data: bytes) -> RawTable:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ReportFormatError(f"Не вдалося відкрити DOCX: {exc}") from None
    if not document.tables:
        raise ReportFormatError("У документі DOCX немає таблиці.")
    from .table import find_header
    body = document.element.body
    tables = document.tables
    chosen = next((t for t in tables if find_header(_rows(t)) is not None), tables[0])
    heading, trailing, seen = [], [], False
    for block in body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "tbl" and block is chosen._tbl:
            seen = True
        elif tag == "p":
            text = "".join(node.text or "" for node in block.iter() if node.tag.endswith("}t"))
            if text.strip():
                (trailing if seen else heading).append(text)
    rows = _rows(chosen)
    return RawTable(rows=rows, locations=[f"рядок таблиці {i}" for i in range(1, len(rows) + 1)],
                    heading=heading, trailing=trailing)


def _rows(table) -> list[list[str]]:
    # python-docx repeats a merged cell in each grid column it spans: positions stay aligned.
    return [[cell.text.strip() for cell in row.cells] for row in table.rows]
