"""CSV reports: delimiter sniffed among , ; and TAB; rows above the header are the heading."""
from __future__ import annotations

import csv
import io

from .base import RawTable, ReportFormatError


def read_csv(text: str) -> RawTable:
    sample = text[:20000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
        dialect.delimiter = ";" if sample.count(";") > sample.count(",") else ","
    try:
        rows = [[c.strip() for c in row] for row in csv.reader(io.StringIO(text), dialect)]
    except csv.Error as exc:
        raise ReportFormatError(f"Не вдалося прочитати CSV: {exc}") from None
    from .table import find_header
    found = find_header(rows)
    locations = [f"рядок {i}" for i in range(1, len(rows) + 1)]
    if found is None:
        return RawTable(rows=rows, locations=locations)
    at = found[0]
    heading = [" ".join(c for c in r if c) for r in rows[:at]]
    return RawTable(rows=rows[at:], locations=locations[at:], heading=[h for h in heading if h])
