"""Letter content → DOCX (python-docx), laid out as ДСТУ 4163:2020 asks.

A4; margins left 30, right 10, top and bottom 20 mm; Times New Roman 14 pt body, 10 pt
reference data and executor line; paragraph indent 10 mm; page numbers from page 2, top
centre. A council's own blank (a DOCX with its coat of arms and letterhead) can replace the
default head: the letter is then written after the blank's content.
"""
from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips

from ..content import LetterContent
from .html import CELL_PADDING_MM, INDEX, SOFT_HYPHEN, table_layout

FONT = "Times New Roman"
BODY_PT, SMALL_PT, TABLE_PT = 14, 10, 12


def _font(run, size: int, bold: bool = False) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _para(doc, text: str = "", size: int = BODY_PT, *, bold=False, align=None, indent=False,
          space_after: int = 0, left_mm: float | None = None):
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(space_after)
    fmt.line_spacing = 1.0
    if indent:
        fmt.first_line_indent = Mm(10)
    if left_mm is not None:
        fmt.left_indent = Mm(left_mm)
    if align is not None:
        p.alignment = align
    for part, is_index in _index_parts(text):
        run = p.add_run(part if not is_index else None)
        _font(run, size, bold)
        if is_index:  # «№ 25/К-170із»: a no-break space after «№», Word's no-break hyphens
            for i, piece in enumerate(part.replace(" ", "\u00a0").split("-")):
                if i:
                    run._r.append(OxmlElement("w:noBreakHyphen"))
                if piece:
                    run.add_text(piece)
    return p


def _index_parts(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into (part, is an index after «№») for the body's runs."""
    out, pos = [], 0
    for m in INDEX.finditer(text or ""):
        out += [(text[pos:m.start()], False), (m.group(), True)]
        pos = m.end()
    out.append((text[pos:], False))
    return [(part, is_index) for part, is_index in out if part]


def _page_number_header(section) -> None:
    """Page numbers from page 2, top centre: an empty first-page header, PAGE elsewhere."""
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run()
    for tag, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if tag:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), tag)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)
    _font(run, 12)


def _page_setup(section) -> None:
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(30), Mm(10)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.header_distance = Mm(10)


#: What follows each element we set, in the schema's order (Word wants that order).
_TBLPR = ("w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
          "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd",
          "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
          "w:tblDescription", "w:tblPrChange")
_TRPR = ("w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter",
         "w:cantSplit", "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden",
         "w:ins", "w:del", "w:trPrChange")


def _set(parent, tag: str, order: tuple[str, ...] = (), **attrs):
    """Put a ``tag`` child carrying ``attrs`` (w: names) in its schema place in ``parent``,
    replacing one already there."""
    for old in parent.findall(qn(tag)):
        parent.remove(old)
    el = OxmlElement(tag)
    for name, value in attrs.items():
        el.set(qn(f"w:{name}"), str(value))
    successors = {qn(t) for t in order[order.index(tag) + 1:]} if tag in order else set()
    after = next((child for child in parent if child.tag in successors), None)
    if after is None:
        parent.append(el)
    else:
        after.addprevious(el)
    return el


def _twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


def _text(run, text: str) -> None:
    """Run text with each soft hyphen as Word's own w:softHyphen (LibreOffice reads it too)."""
    for i, part in enumerate(text.split(SOFT_HYPHEN)):
        if i:
            run._r.append(OxmlElement("w:softHyphen"))
        if part:
            t = OxmlElement("w:t")
            t.set(qn("xml:space"), "preserve")
            t.text = part
            run._r.append(t)


def _table(doc, content: LetterContent) -> None:
    """The table as Word and LibreOffice lay it out alike: a fixed layout, the table width,
    the widths on the grid (w:gridCol) and on every cell (w:tcW), the same cell margins as
    the PDF; the header row repeats on each page and no row splits across pages."""
    t = content.table
    layout = table_layout(t)
    widths = [_twips(w) for w in layout.widths_mm]
    table = doc.add_table(rows=1, cols=len(t.header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # w:tblLayout w:type="fixed"
    tbl_pr = table._tbl.tblPr
    _set(tbl_pr, "w:tblW", _TBLPR, w=sum(widths), type="dxa")
    margins = _set(tbl_pr, "w:tblCellMar", _TBLPR)
    for side in ("top", "left", "bottom", "right"):
        mm = CELL_PADDING_MM if side in ("left", "right") else 1.0  # as the CSS
        _set(margins, f"w:{side}", w=_twips(mm), type="dxa")
    for column, width in zip(table.columns, widths):
        column.width = Twips(width)  # w:gridCol
    rows = [(layout.header, True)] + [(r, False) for r in t.rows] + (
        [(t.total, True)] if t.total else [])
    for index, (values, bold) in enumerate(rows):
        row = table.rows[0] if index == 0 else table.add_row()
        tr_pr = row._tr.get_or_add_trPr()
        _set(tr_pr, "w:cantSplit", _TRPR)  # a row never splits across pages
        if index == 0:
            _set(tr_pr, "w:tblHeader", _TRPR)  # the header row repeats on each page
        for col, (cell, width) in enumerate(zip(row.cells, widths)):
            cell.width = Twips(width)  # w:tcW
            value = values[col] if col < len(values) else ""
            p = cell.paragraphs[0]
            fmt = p.paragraph_format
            fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(0), 1.0
            if index == 0:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif col >= 2:
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            run = p.add_run()
            _font(run, TABLE_PT, bold)
            _text(run, value)


def render_docx(content: LetterContent, letterhead: bytes | None = None) -> bytes:
    doc = Document(io.BytesIO(letterhead)) if letterhead else Document()
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(BODY_PT)
    section = doc.sections[0]
    _page_setup(section)
    _page_number_header(section)
    if letterhead is None:
        # The default head: name of the body and the reference data, centred.
        _para(doc, "УКРАЇНА", 12, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        _para(doc, content.council.name, BODY_PT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        _para(doc, content.council.unit, BODY_PT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER,
              space_after=6)
        for line in content.council.reference_lines():
            _para(doc, line, SMALL_PT, align=WD_ALIGN_PARAGRAPH.CENTER)
        _para(doc, "", SMALL_PT, space_after=6)
    _para(doc, content.date_line, 12)
    if content.reference_line:
        _para(doc, content.reference_line, 12)
    _para(doc, "", 12)
    _para(doc, content.addressee, BODY_PT, left_mm=95)
    for line in content.addressee_lines:
        _para(doc, line, 12, left_mm=95)
    _para(doc, "", BODY_PT)
    for text in content.paragraphs:
        _para(doc, text, BODY_PT, indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, space_after=6)
    if content.table is not None:
        if content.table_intro:
            _para(doc, content.table_intro, BODY_PT, indent=True, space_after=6)
        _table(doc, content)
        _para(doc, "", BODY_PT)
    for text in content.closing:
        _para(doc, text, BODY_PT, indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, space_after=6)
    for line in content.attachment_lines():
        _para(doc, line, BODY_PT, space_after=6)
    _para(doc, "", BODY_PT)
    # Position on the left, "Ім'я ПРІЗВИЩЕ" on the same line at the right margin.
    p = _para(doc, "", BODY_PT)
    p.paragraph_format.tab_stops.add_tab_stop(Mm(170), WD_TAB_ALIGNMENT.RIGHT)
    _font(p.add_run(f"{content.signatory_position}\t{content.signatory_name}"), BODY_PT)
    _para(doc, "", BODY_PT)
    _para(doc, "", BODY_PT)
    if content.executor_line:
        _para(doc, content.executor_line, SMALL_PT)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
