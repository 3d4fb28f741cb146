from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

Cell = str | Decimal


class ReportFormatError(ValueError):
    """The file cannot be read as a report; the message says where and why."""


@dataclass
class RawTable:
    """A report as read from its file: table rows, the text above and below the table."""

    rows: list[list[Cell]]
    #: Where each row came from, for messages ("рядок 42" of the file).
    locations: list[str]
    heading: list[str] = field(default_factory=list)
    trailing: list[str] = field(default_factory=list)


def cell_text(cell: Cell | None) -> str:
    if cell is None:
        return ""
    return cell if isinstance(cell, str) else format(cell, "f")
