"""XLSX reports: the first sheet with a recognisable header. Numbers become Decimal (via
their shortest repr, never float arithmetic); a percent-formatted cell is scaled to 0–100.

openpyxl believes a sheet's declared dimension and pads every row to it: «A1:XFD1048576»
over one cell is 17 billion empty cells. So the ZIP is checked first (limits.py), the raw
sheets are pre-scanned for rows and cells, and the rows are read without the dimension,
each counted — the empty rows of a gap too — and each cell checked against the column limit.
"""
from __future__ import annotations

import io
import posixpath
import zipfile
from decimal import Decimal
from xml.etree import ElementTree

from .base import RawTable, ReportFormatError
from ...core.i18n import Count, ngettext
from ...core.i18n import gettext as _
from .limits import (EXCEL_COLUMNS, ReadBudget, TagScan, attribute_int, check_zip, figure,
                     too_many_cells, too_many_columns, too_many_rows)


#: What openpyxl reads of a worksheet cheaply, streaming: rows and cells with their values.
#: Everything else (merged ranges, validations, styles, the workbook, rich text…) it turns
#: into objects — 35 µs and half a kilobyte an element — so it has a budget of its own.
_CELL_TAGS = ("row", "c", "v", "f", "is", "t")
_WORKSHEET = "/worksheet"  # relationship type of a worksheet (its end)
_RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
#: Parts openpyxl reads at fixed paths, whatever the relationships say.
_FIXED = {"[Content_Types].xml", "docProps/core.xml", "docProps/custom.xml", "xl/styles.xml"}


class _SheetScan(TagScan):
    """Rows and cells as the raw XML declares them, before openpyxl builds any; and, per
    part, how many of its XML nodes are not plain cells."""

    def __init__(self, budget: ReadBudget):
        super().__init__(*_CELL_TAGS)
        self.limits = budget.limits
        self.rows = self.cells = self.in_row = 0
        self.nodes: dict[str, int] = {}  # part → its elements and attributes
        self.cell_nodes: dict[str, int] = {}  # part → those of rows and cells
        self._part = ""

    def __call__(self, member: str, chunk: bytes) -> None:
        self._part = member
        self.nodes[member] = self.nodes.get(member, 0) + chunk.count(b"<") + chunk.count(b"=")
        super().__call__(member, chunk)

    def end_tag(self, name: str) -> None:
        self.cell_nodes[self._part] = self.cell_nodes.get(self._part, 0) + 1

    def tag(self, name: str, attributes: bytes) -> None:
        self.cell_nodes[self._part] = (self.cell_nodes.get(self._part, 0) + 1 +
                                       attributes.count(b"="))
        if name == "row":
            self.rows += 1
            self.in_row = 0
            number = attribute_int(attributes, "r")
            if self.rows > self.limits.max_rows or (number or 0) > self.limits.max_rows:
                detail = _(" (аркуш оголошує рядок № %(n)s)", n=figure(number)) if number else ""
                raise too_many_rows(self.limits, detail)
        elif name == "c":
            self.cells += 1
            self.in_row += 1
            if self.cells > self.limits.max_cells:
                raise too_many_cells(self.limits)
            # openpyxl parses a row's cells all at once, however far right they lie.
            if self.in_row > EXCEL_COLUMNS:
                raise ReportFormatError(ngettext(
                    "Рядок аркуша має понад %(n)s клітинку — більше, ніж буває в Excel: файл "
                    "пошкоджений.",
                    "Рядок аркуша має понад %(n)s клітинок — більше, ніж буває в Excel: файл "
                    "пошкоджений.", EXCEL_COLUMNS, n=Count(EXCEL_COLUMNS)))


def _check_object_nodes(data: bytes, scan: _SheetScan, budget: ReadBudget) -> None:
    """Refuse a workbook whose parts openpyxl turns into objects are too big.

    Only the cells of a worksheet are exempt, and only in a part that the relationships name
    as a worksheet and as nothing else (a part openpyxl would also read as, say, the styles
    or a chart is not a worksheet to this count).
    """
    limit = budget.limits.max_xml_nodes // 8
    rels = [m for m in scan.nodes if m.endswith(".rels") or m == "[Content_Types].xml"]
    if sum(scan.nodes[m] for m in rels) > limit:
        raise _too_many_object_nodes(limit)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:  # checked by check_zip
        sheets, others = set(), set(_FIXED)
        for name in rels:
            root = ElementTree.fromstring(archive.read(name))  # no DTD (check_zip), small
            if name == "[Content_Types].xml":
                others.update(o.get("PartName", "").lstrip("/") for o in root.iter(
                    f"{_TYPES_NS}Override") if not o.get("ContentType", "").endswith(
                    ".worksheet+xml"))
                continue
            parent = posixpath.dirname(posixpath.dirname(name))
            others.add(name)
            for rel in root.iter(f"{_RELS_NS}Relationship"):
                target = rel.get("Target", "")
                # Resolved as openpyxl resolves it (packaging.relationship.get_dependents).
                target = target[1:] if target.startswith("/") else \
                    posixpath.normpath(posixpath.join(parent, target))
                kind = rel.get("Type", "")
                (sheets if kind.endswith(_WORKSHEET) and "chartsheet" not in kind
                 else others).add(target)
    exempt = sheets - others
    nodes = sum(n - (scan.cell_nodes.get(m, 0) if m in exempt else 0)
                for m, n in scan.nodes.items())
    if nodes > limit:
        raise _too_many_object_nodes(limit)


def _too_many_object_nodes(limit: int) -> ReportFormatError:
    return ReportFormatError(ngettext(
        "Службові частини книги XLSX (стилі, об'єднання клітинок, зв'язки, тексти) завеликі: "
        "понад %(n)s елемент і атрибут XML — це межа імпорту (1/8 загальної, "
        "IMPORT_MAX_CELLS). Скопіюйте таблицю звіту в нову книгу.",
        "Службові частини книги XLSX (стилі, об'єднання клітинок, зв'язки, тексти) завеликі: "
        "понад %(n)s елементів і атрибутів XML — це межа імпорту (1/8 загальної, "
        "IMPORT_MAX_CELLS). Скопіюйте таблицю звіту в нову книгу.", limit, n=Count(limit)))


def _value(cell) -> str | Decimal:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        number = Decimal(repr(value))
        if not number.is_finite():  # "1e999" in the XML: text, refused as a figure later
            return str(value)
        if "%" in (cell.number_format or ""):
            number *= 100
        return number
    return str(value).strip()


def read_xlsx(data: bytes, budget: ReadBudget) -> RawTable:
    scan = _SheetScan(budget)
    check_zip(data, budget.limits, budget, watch=scan, kind="XLSX")
    from openpyxl import load_workbook
    try:
        _check_object_nodes(data, scan, budget)
        # keep_links=False: links to other workbooks carry cached cells, each an object.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True,
                                 keep_links=False)
    except ReportFormatError:
        raise
    except Exception as exc:  # openpyxl lets ParseError, KeyError, TypeError… through
        raise ReportFormatError(_("Не вдалося відкрити XLSX: %(error)s", error=exc)) from None
    try:
        return _read_sheets(workbook, budget)
    except ReportFormatError:
        raise
    except Exception as exc:  # malformed sheet XML surfaces only while rows are read
        raise ReportFormatError(_("Не вдалося прочитати XLSX: %(error)s", error=exc)) from None
    finally:
        workbook.close()


def _read_sheets(workbook, budget: ReadBudget) -> RawTable:
    from .table import find_header
    first = None
    for sheet in workbook.worksheets:
        rows, locations = _read_sheet(workbook, sheet, budget)
        found = find_header(rows)
        if first is None:
            first = (rows, locations)
        if found is not None:
            header_at = found[0]
            heading = [" ".join(str(v) for v in r if str(v).strip()) for r in rows[:header_at]]
            return RawTable(rows=rows[header_at:], locations=locations[header_at:],
                            heading=[h for h in heading if h])
    if first is None:
        raise ReportFormatError(_("Книга XLSX порожня."))
    return RawTable(rows=first[0], locations=first[1])


def _read_sheet(workbook, sheet, budget: ReadBudget) -> tuple[list[list], list[str]]:
    """A sheet's rows, each as wide as the sheet's widest (aligned columns).

    openpyxl's iter_rows pads each row to the declared dimension (or to the width asked) and
    drops the cells beyond it unseen, so its row parser is driven here as its read-only
    worksheet drives it (openpyxl is pinned): cells keep their columns, a cell with a value
    beyond the column limit is refused, and each empty row of a gap is counted.
    """
    from openpyxl.cell.read_only import ReadOnlyCell
    from openpyxl.worksheet._reader import WorkSheetParser
    limit = budget.limits.max_columns
    rows: list[dict[int, str | Decimal]] = []
    with sheet._get_source() as source:
        parser = WorkSheetParser(source, sheet._shared_strings, data_only=True,
                                 epoch=workbook.epoch, date_formats=workbook._date_formats,
                                 timedelta_formats=workbook._timedelta_formats)
        for number, cells in parser.parse():
            if number <= len(rows):
                continue  # a row out of order: openpyxl skips it too
            while len(rows) < number - 1:  # the rows of a gap, empty
                budget.row()
                rows.append({})
            values = {}
            for cell in cells:
                if cell["value"] is None:
                    continue
                value = _value(ReadOnlyCell(sheet, number, cell["column"], cell["value"],
                                            cell["data_type"], cell["style_id"]))
                if value == "":
                    continue
                if cell["column"] > limit:
                    raise too_many_columns(budget.limits, _("Рядок %(n)s аркуша «%(sheet)s»",
                                                            n=number, sheet=sheet.title))
                values[cell["column"]] = value
            budget.row(len(values))
            rows.append(values)
    width = max((max(r, default=0) for r in rows), default=0)
    where = _("аркуш «%(sheet)s», рядок %(n)s")  # translated once, filled in for each row
    return ([[r.get(column, "") for column in range(1, width + 1)] for r in rows],
            [where % {"sheet": sheet.title, "n": n} for n in range(1, len(rows) + 1)])
