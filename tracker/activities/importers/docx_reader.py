"""DOCX reports: the first table with a recognisable header; paragraphs above it as heading.

python-docx builds a row's cells by repeating a merged cell once per grid column it spans
and by walking up the rows for a vertical merge, again for every row: a cell with
gridSpan=60000 costs seconds a row, and a long vertical merge recurses past Python's limit.
So the ZIP is checked first (limits.py), the raw XML is pre-scanned for rows and spans, and
the rows are read here in one pass, each span checked against the column limit.
"""
from __future__ import annotations

import io

from ...core.i18n import Count, ngettext
from ...core.i18n import gettext as _
from .base import RawTable, ReportFormatError
from .limits import (ReadBudget, TagScan, attribute_int, check_zip, figure, too_many_cells,
                     too_many_columns, too_many_rows)


class _TableScan(TagScan):
    """Rows, cells and grid spans as the raw XML declares them, before python-docx."""

    def __init__(self, budget: ReadBudget):
        super().__init__("tr", "tc", "gridSpan")
        self.limits = budget.limits
        self.rows = self.cells = self.columns = 0

    def tag(self, name: str, attributes: bytes) -> None:
        limits = self.limits
        if name == "tr":
            self.rows += 1
            self.columns = 0
            if self.rows > limits.max_rows:
                raise too_many_rows(limits)
        elif name == "tc":
            self.cells += 1
            self.columns += 1
            if self.cells > limits.max_cells:
                raise too_many_cells(limits)
        else:
            span = attribute_int(attributes, "val") or 1
            if span > limits.max_columns:
                raise too_many_columns(limits, ngettext(
                    "Рядок таблиці № %(n)s (клітинка на %(span)s стовпець)",
                    "Рядок таблиці № %(n)s (клітинка на %(span)s стовпців)", span,
                    n=figure(self.rows), span=Count(span)))
            self.columns += span - 1  # its tc is counted already
        if self.columns > limits.max_columns:
            raise too_many_columns(limits, _("Рядок таблиці № %(n)s", n=figure(self.rows)))


def read_docx(data: bytes, budget: ReadBudget) -> RawTable:
    check_zip(data, budget.limits, budget, watch=_TableScan(budget), kind="DOCX")
    import docx
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # lxml, zipfile and python-docx's own errors on a bad package
        raise ReportFormatError(_("Не вдалося відкрити DOCX: %(error)s", error=exc)) from None
    try:
        return _read_document(document, budget)
    except ReportFormatError:
        raise
    except Exception as exc:  # a malformed attribute (gridSpan="x") surfaces while reading
        raise ReportFormatError(_("Не вдалося прочитати DOCX: %(error)s", error=exc)) from None


def _read_document(document, budget: ReadBudget) -> RawTable:
    tables = document.tables
    if not tables:
        raise ReportFormatError(_("У документі DOCX немає таблиці."))
    from .table import find_header
    chosen, rows = tables[0], None  # the first table unless another has the header
    for table in tables:
        table_rows = _rows(table, budget)
        if rows is None:
            rows = table_rows
        if find_header(table_rows) is not None:
            chosen, rows = table, table_rows
            break
    heading, trailing, seen = [], [], False
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "tbl" and block is chosen._tbl:
            seen = True
        elif tag == "p":
            text = "".join(node.text or "" for node in block.iter() if node.tag.endswith("}t"))
            if text.strip():
                (trailing if seen else heading).append(text)
    where = _("рядок таблиці %(n)s")  # translated once, filled in for each row
    return RawTable(rows=rows, locations=[where % {"n": i} for i in range(1, len(rows) + 1)],
                    heading=heading, trailing=trailing)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: Run content and its text, as python-docx's Run.text has it (w:t is its own text; a
#: w:br is a line break unless it breaks a page or column).
_RUN_TEXT = {_W + "tab": "\t", _W + "ptab": "\t", _W + "cr": "\n", _W + "noBreakHyphen": "-"}


def _cell_text(tc) -> str:
    """python-docx's cell.text (each paragraph's runs and hyperlinks), by walking children:
    python-docx runs an XPath query per element, 40 µs a cell, too slow for 10 000 rows."""
    paragraphs = []
    for p in tc.iterchildren(_W + "p"):
        parts = []
        for child in p.iterchildren(_W + "r", _W + "hyperlink"):
            runs = (child,) if child.tag == _W + "r" else child.iterchildren(_W + "r")
            for run in runs:
                for item in run.iterchildren():
                    if item.tag == _W + "t":
                        parts.append(item.text or "")
                    elif item.tag == _W + "br":
                        parts.append("\n" if item.get(_W + "type", "textWrapping") ==
                                     "textWrapping" else "")
                    else:
                        parts.append(_RUN_TEXT.get(item.tag, ""))
        paragraphs.append("".join(parts))
    return "\n".join(paragraphs)


def _rows(table, budget: ReadBudget) -> list[list[str]]:
    """Each row's cells, a merged cell repeated in each grid column it spans (positions stay
    aligned, as python-docx gives them) — read in one pass over the XML."""
    limits = budget.limits
    rows: list[list[str]] = []
    above: dict[int, str] = {}  # grid column → text, of the row above (vertical merges)
    for number, tr in enumerate(table._tbl.tr_lst, start=1):
        offset = tr.grid_before
        cells: list[str] = []
        here: dict[int, str] = {}
        for tc in tr.tc_lst:
            span = tc.grid_span
            if offset + span > limits.max_columns:
                raise too_many_columns(limits, _("Рядок таблиці № %(n)s", n=figure(number)))
            if tc.vMerge == "continue":  # the text of the merge's first cell, from above
                text = above.get(offset, "")
            else:
                text = _cell_text(tc).strip()
            here[offset] = text
            cells.extend([text] * span)
            offset += max(span, 0)
        budget.row(sum(1 for c in cells if c))
        rows.append(cells)
        above = here
    return rows
