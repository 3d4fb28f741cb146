"""The text layout of a Word table pasted as text (the sample report). Pure.

A cell starts with a TAB at the start of a line; lines without a TAB continue the cell;
blank lines separate rows. A blank line inside a row (some cells end with one) is told
apart by the cell count: a row is complete only once it has as many cells as the header.
Text after the table (a blank line, then a line with no TAB) is the signature block.
"""
from __future__ import annotations

from .base import RawTable, ReportFormatError


def read_txt(text: str) -> RawTable:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    heading: list[str] = []
    rows: list[list[str]] = []
    locations: list[str] = []
    trailing: list[str] = []
    row: list[str] | None = None
    header_cells: int | None = None
    blank_before = False

    def finish() -> None:
        nonlocal row, header_cells
        if row is not None and any(c.strip() for c in row):
            rows.append([c.strip() for c in row])
            if header_cells is None:
                header_cells = len(row)
        elif row is not None:
            locations.pop()
        row = None

    for number, line in enumerate(lines, start=1):
        if row is None and not rows and not line.startswith("\t"):
            heading.append(line)
            continue
        if line.startswith("\t"):
            complete = row is not None and (header_cells is None or len(row) >= header_cells)
            if row is not None and blank_before and complete:
                finish()
            if row is None:
                row = []
                locations.append(f"рядок {number}")
            row.extend(line[1:].split("\t"))
            blank_before = False
        elif not line.strip():
            blank_before = True
        elif blank_before or row is None:
            finish()
            trailing = lines[number - 1:]
            break
        else:
            row[-1] = f"{row[-1]}\n{line}"
    else:
        finish()
    if not rows:
        raise ReportFormatError("У файлі не знайдено таблиці: рядки таблиці мають починатися "
                                "з табуляції.")
    return RawTable(rows=rows, locations=locations, heading=[h for h in heading if h.strip()],
                    trailing=[t for t in trailing if t.strip()])
