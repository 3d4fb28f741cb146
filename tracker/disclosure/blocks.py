"""A published answer's text as the blocks the public pages draw: paragraphs and tables. Pure.

Only the redacted text is stored (one column, searched and redacted as text), so a table
lives in it as rows between bars, the header apart from the body and the total apart from
both by a ``|---|`` line:

    | № з/п | Захід | Профінансовано, грн |
    |---|
    | 1 | Ремонт доріг | 1 250,00 |
    |---|
    |  | Усього | 1 250,00 |

The page draws it as an HTML table and the PDF as a table; anything that no longer reads
as one (a row with another number of cells) is shown as the text it is.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

RULE = "|---|"


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)
    total: list[str] | None = None
    kind: str = "table"


@dataclass
class Paragraph:
    lines: list[str]
    kind: str = "paragraph"


def _cell(value) -> str:
    return " ".join(str(value if value is not None else "").split()).replace("|", "¦")


def _row(cells) -> str:
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def table_block(header: list, rows: list[list], total: list | None = None) -> str:
    """The table as text (see the module)."""
    lines = [_row(header), RULE, *(_row(r) for r in rows)]
    if total:
        lines += [RULE, _row(total)]
    return "\n".join(lines)


def _cells(line: str) -> list[str] | None:
    line = line.strip()
    if len(line) < 2 or not (line.startswith("|") and line.endswith("|")):
        return None
    return [c.strip() for c in line[1:-1].split("|")]


def _table(lines: list[str]) -> Table | None:
    if len(lines) < 3 or lines[1].strip() != RULE:
        return _legacy(lines)
    header = _cells(lines[0])
    if not header:
        return None
    sections: list[list[list[str]]] = [[]]
    for line in lines[2:]:
        if line.strip() == RULE:
            sections.append([])
            continue
        cells = _cells(line)
        if cells is None or len(cells) != len(header):
            return None
        sections[-1].append(cells)
    if len(sections) > 2 or (len(sections) == 2 and len(sections[1]) != 1):
        return None
    return Table(header, sections[0], sections[1][0] if len(sections) == 2 else None)


def _legacy(lines: list[str]) -> Table | None:
    """Answers published before tables were kept as such: rows joined by « | »."""
    counts = {line.count(" | ") for line in lines}
    if len(lines) < 2 or len(counts) != 1 or 0 in counts:
        return None
    rows = [[c.strip() for c in line.split(" | ")] for line in lines]
    return Table(rows[0], rows[1:])


def blocks(text: str) -> list[Table | Paragraph]:
    """The text's paragraphs (blank-line apart), a table where one reads as such."""
    out: list[Table | Paragraph] = []
    for chunk in re.split(r"\n\s*\n", text or ""):
        lines = [line for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        out.append(_table(lines) or Paragraph(lines))
    return out
