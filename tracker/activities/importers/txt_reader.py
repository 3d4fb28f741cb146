"""The text layout of a Word table pasted as text (the sample report). Pure.

A cell starts with a TAB at the start of a line; lines without a TAB continue the cell;
blank lines separate rows. A blank line inside a row (some cells end with one) is told
apart by the cell count: a row is complete only once it has as many cells as the header.
Text after the table (a blank line, then a line with no TAB) is the signature block.

The lines are walked one at a time and a cell is kept as its span of the text, so neither
a file of millions of lines nor a cell continued over thousands of lines costs more than
the text itself; the lines are counted against the row limit.
"""
from __future__ import annotations

from ...core.i18n import Count, ngettext
from ...core.i18n import gettext as _
from .base import RawTable, ReportFormatError
from .limits import HEADING_CHARS, ReadBudget, clip_heading

#: Text lines allowed per table row: the sample has 20 (a cell per line, long cells wrapped).
LINES_PER_ROW = 50


def read_txt(text: str, budget: ReadBudget) -> RawTable:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    max_lines = budget.limits.max_rows * LINES_PER_ROW
    where = _("рядок %(n)s")  # translated once, filled in for each row
    heading: list[str] = []
    heading_chars = 0
    rows: list[list[str]] = []
    locations: list[str] = []
    trailing: list[str] = []
    row: list[list[int]] | None = None  # each cell as [start, end] in text
    header_cells: int | None = None
    blank_before = False

    def finish() -> None:
        nonlocal row, header_cells
        if row is not None:
            cells = [text[start:end].strip() for start, end in row]
            if any(cells):
                budget.row(sum(1 for c in cells if c))
                rows.append(cells)
                if header_cells is None:
                    header_cells = len(cells)
            else:
                locations.pop()
        row = None

    pos, number, size = 0, 0, len(text)
    while pos <= size:
        end = text.find("\n", pos)
        end = size if end == -1 else end
        line = text[pos:end]
        number += 1
        if number > max_lines:
            rows = budget.limits.max_rows
            raise ReportFormatError(ngettext(
                "У файлі понад %(n)s рядок тексту — це межа імпорту (%(per_row)s на кожен із "
                "%(rows)s, IMPORT_MAX_ROWS).",
                "У файлі понад %(n)s рядків тексту — це межа імпорту (%(per_row)s на кожен із "
                "%(rows)s, IMPORT_MAX_ROWS).", max_lines, n=Count(max_lines),
                per_row=LINES_PER_ROW,
                rows=ngettext("%(n)s рядка таблиці", "%(n)s рядків таблиці", rows,
                              n=Count(rows))))
        if number % 4096 == 0:
            budget.tick()
        if row is None and not rows and not line.startswith("\t"):
            if line.strip():
                heading.append(line)
                heading_chars += len(line)
                if heading_chars > 2 * HEADING_CHARS:  # only the lines nearest the table count
                    heading = clip_heading(heading)
                    heading_chars = sum(len(h) for h in heading)
        elif line.startswith("\t"):
            complete = row is not None and (header_cells is None or len(row) >= header_cells)
            if row is not None and blank_before and complete:
                finish()
            if row is None:
                row = []
                locations.append(where % {"n": number})
            start = pos + 1
            for piece in line[1:].split("\t"):
                row.append([start, start + len(piece)])
                start += len(piece) + 1
            budget.columns(len(row), _("Рядок таблиці (%(location)s файлу)",
                                       location=locations[-1]))
            blank_before = False
        elif not line.strip():
            blank_before = True
        elif blank_before or row is None:
            finish()
            # The signature block: its first lines are all anyone reads.
            trailing = text[pos:pos + HEADING_CHARS].split("\n")
            break
        else:
            row[-1][1] = end  # the line continues the last cell (spans are contiguous)
        pos = end + 1
    else:
        finish()
    if not rows:
        raise ReportFormatError(_("У файлі не знайдено таблиці: рядки таблиці мають "
                                  "починатися з табуляції."))
    return RawTable(rows=rows, locations=locations, heading=heading,
                    trailing=[t for t in trailing if t.strip()])
