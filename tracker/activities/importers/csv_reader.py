"""CSV reports: delimiter sniffed among , ; and TAB; rows above the header are the heading.

Rows are read one at a time and counted: a file of half a million rows is refused at the
row limit, not parsed whole first.
"""
from __future__ import annotations

import csv
import io

from .base import RawTable, ReportFormatError

from ...core.i18n import gettext as _
from .limits import ReadBudget

#: The sniffer's cost grows with the lines it is given (10 000 one-letter lines: 1.3 s);
#: the header is within the first 25 rows, so this many lines decide the delimiter.
_SNIFF_LINES = 100


def read_csv(text: str, budget: ReadBudget) -> RawTable:
    sample = "\n".join(text[:20000].splitlines()[:_SNIFF_LINES])
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        # A subclass: setting csv.excel.delimiter itself would change every later CSV
        # written or read in this process.
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
        dialect = type("Fallback", (csv.excel,), {"delimiter": delimiter})
    rows: list[list[str]] = []
    try:
        for number, row in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
            budget.columns(len(row), _("Рядок %(n)s", n=number))
            cells = [c.strip() for c in row]
            budget.row(sum(1 for c in cells if c))
            rows.append(cells)
    except csv.Error as exc:
        raise ReportFormatError(_("Не вдалося прочитати CSV: %(error)s", error=exc)) from None
    from .table import find_header
    found = find_header(rows)
    where = _("рядок %(n)s")  # translated once, filled in for each row
    locations = [where % {"n": i} for i in range(1, len(rows) + 1)]
    if found is None:
        return RawTable(rows=rows, locations=locations)
    at = found[0]
    heading = [" ".join(c for c in r if c) for r in rows[:at]]
    return RawTable(rows=rows[at:], locations=locations[at:], heading=[h for h in heading if h])
