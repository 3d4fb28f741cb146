"""The renderers as Word, LibreOffice and a PDF reader see them (no app): the table's layout
in the DOCX XML, rows that never split and a header that repeats in the PDF, long tokens
that stay inside the page, the council's blank drawn in the PDF as in the DOCX."""
from __future__ import annotations

import dataclasses
import io
import re

import docx
import pytest

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from PIL import Image
from pypdf import PdfReader

from tests.activities.builders import SAMPLE
from tests.letters.helpers import ADDRESS, COMMON, REQUEST
from tracker.activities.importers import read_table
from tracker.activities.importers.table import read_records
from tracker.letters import compose
from tracker.letters.render.docx import render_docx
from tracker.letters.render.html import render_html, table_layout, text_width_mm
from tracker.letters.render.letterhead import image_mime, read_letterhead
from tracker.letters.render.pdf import StaticOnlyFetcher, render_pdf

PT_PER_MM = 72 / 25.4
RIGHT_MARGIN_MM = 10


def sample_answer():
    """The answer built from the sample programme report: its 16 measures in the table."""
    parsed = read_records(read_table(SAMPLE.read_bytes(), SAMPLE.name))
    records = [compose.RecordInfo(measure=r.measure, text=r.text, category=None,
                                  category_order=0, planned=r.planned, financed=r.financed,
                                  programme="Ефективна влада. Конкурентне місто",
                                  period="9 місяців 2018 року") for r in parsed.records]
    content = compose.compose_answer(COMMON, REQUEST, records)
    assert len(content.table.rows) == 16
    assert content.table.total[2:4] == ["1 640 000,00", "840 463,65"]
    return content


@pytest.fixture(scope="module")
def content():
    return sample_answer()


@pytest.fixture(scope="module")
def pdf(content):
    return render_pdf(content)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def page_texts(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def text_runs(data: bytes):
    """Every piece of text on every page: (page, text, x0, x1 in pt from the left edge).
    x1 from the bundled font's metrics (the PDF's own font), bold where the font is."""
    for number, page in enumerate(PdfReader(io.BytesIO(data)).pages):
        found = []

        def visit(text, cm, tm, font, size, found=found):
            text = text.strip("\n")
            if not text.strip() or font is None:
                return
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            size_pt = size * tm[0] * cm[0]
            bold = "Bold" in str(font.get("/BaseFont", ""))
            found.append((text, x, x + text_width_mm(text, size_pt, bold) * PT_PER_MM))
        page.extract_text(visitor_text=visit)
        width = float(page.mediabox.width)
        yield from ((number, width, *item) for item in found)


# --- DOCX: the table as Word and LibreOffice lay it out ---------------------------------------

def _table_xml(data: bytes):
    return docx.Document(io.BytesIO(data)).tables[0]


def test_docx_table_has_fixed_widths_on_grid_and_cells(content):
    table = _table_xml(render_docx(content))
    tbl = table._tbl
    pr = tbl.tblPr
    assert pr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    grid = [int(g.get(qn("w:w"))) for g in tbl.tblGrid.findall(qn("w:gridCol"))]
    assert len(grid) == 5
    tbl_w = pr.find(qn("w:tblW"))
    assert tbl_w.get(qn("w:type")) == "dxa" and int(tbl_w.get(qn("w:w"))) == sum(grid)
    assert abs(sum(grid) - Mm(170).twips) <= 5  # the text width: 210 − 30 − 10 mm
    mm = [g / Mm(1).twips for g in grid]
    assert 9.5 <= mm[0] <= 11  # № narrow
    assert mm[1] == max(mm) and mm[1] >= 80  # the measure column takes the rest
    figure = text_width_mm("1 640 000,00", 12, bold=True)
    assert figure + 3 <= mm[2] <= 30 and mm[3] <= 30 and mm[4] <= 30  # just wide enough
    for row in tbl.tr_lst:
        widths = [int(tc.tcPr.find(qn("w:tcW")).get(qn("w:w"))) for tc in row.tc_lst]
        assert widths == grid
        assert all(tc.tcPr.find(qn("w:tcW")).get(qn("w:type")) == "dxa" for tc in row.tc_lst)
    # tblPr children in the schema's order (Word refuses a file otherwise).
    tags = [el.tag.split("}")[1] for el in pr]
    order = ["tblStyle", "tblW", "jc", "tblLayout", "tblCellMar", "tblLook"]
    assert [t for t in tags if t in order] == [t for t in order if t in tags]


def test_docx_header_repeats_rows_never_split_header_and_total_bold(content):
    table = _table_xml(render_docx(content))
    rows = table._tbl.tr_lst
    assert len(rows) == 1 + 16 + 1
    for index, tr in enumerate(rows):
        pr = tr.trPr
        assert pr is not None and pr.find(qn("w:cantSplit")) is not None, index
        assert (pr.find(qn("w:tblHeader")) is not None) == (index == 0), index
        assert [el.tag.split("}")[1] for el in pr][:1] == ["cantSplit"]
    def bold(row):
        return {run.font.bold for cell in row.cells for p in cell.paragraphs for run in p.runs}
    assert bold(table.rows[0]) == {True} and bold(table.rows[-1]) == {True}
    assert bold(table.rows[5]) == {False}
    assert table.rows[-1].cells[2].text == "1 640 000,00"
    assert table.rows[-1].cells[3].text == "840 463,65"


def test_a_header_word_wider_than_its_column_gets_soft_hyphens_only(content):
    layout = table_layout(content.table)
    assert [h.replace("\u00ad", "") for h in layout.header] == content.table.header
    assert "\u00ad" in layout.header[3]  # «Профінансовано,» is wider than its column
    assert layout.header[1] == "Захід"
    cell = _table_xml(render_docx(content)).rows[0].cells[3]._tc
    assert cell.findall(f".//{qn('w:softHyphen')}")  # Word's own optional hyphen


# --- PDF: rows, header, long tokens ------------------------------------------------------------

def test_pdf_rows_never_split_and_the_header_repeats(content, pdf):
    pages = [squeeze(t) for t in page_texts(pdf)]
    table_pages = set()
    for row in content.table.rows:
        measure = squeeze(row[1])
        holding = [i for i, text in enumerate(pages) if measure in text]
        assert len(holding) == 1, (row[0], holding)  # the whole row on one page
        table_pages.add(holding[0])
    assert len(table_pages) >= 2  # the sample's table runs over a page break
    for i in table_pages:
        assert "Захід" in pages[i], i  # the header row on each page the table is on
    assert "1640000,00" in pages[max(table_pages)] and "840463,65" in pages[max(table_pages)]


def test_the_portal_address_wraps_inside_the_page(content, pdf):
    assert ADDRESS in squeeze("".join(page_texts(pdf)))
    runs = list(text_runs(pdf))
    assert any("foi+request" in text for _, _, text, _, _ in runs)
    for page, width, text, x0, x1 in runs:
        limit = width - RIGHT_MARGIN_MM * PT_PER_MM + 1
        assert x0 >= 30 * PT_PER_MM - 1, (page, text)
        assert x1 <= limit, (page, text, round(x1 - limit, 1))


def test_a_long_token_in_the_text_and_a_narrow_table_cell_wraps_too(content):
    long = "https://zt-rada.gov.ua/" + "дуже-довга-адреса-без-пробілів" * 5
    narrow = dataclasses.replace(content, paragraphs=[f"Див. {long}"],
                                 addressee_lines=[f"e-mail: {ADDRESS}"])
    data = render_pdf(narrow)
    assert squeeze(long) in squeeze("".join(page_texts(data)))
    for page, width, text, x0, x1 in text_runs(data):
        assert x1 <= width - RIGHT_MARGIN_MM * PT_PER_MM + 1, (page, text)


# --- the council's blank ---------------------------------------------------------------------

def _png(width=60, height=80) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (0, 87, 183)).save(out, "PNG")
    return out.getvalue()


LINE_1 = "ЖИТОМИРСЬКИЙ МІСЬКИЙ ГОЛОВА"
LINE_2 = "майдан Соборний, 1, м. Житомир, 10014"


def _blank() -> bytes:
    blank = docx.Document()
    arms = blank.add_paragraph()
    arms.alignment = WD_ALIGN_PARAGRAPH.CENTER
    arms.add_run().add_picture(io.BytesIO(_png()), width=Mm(12), height=Mm(16))
    first = blank.add_paragraph()
    first.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = first.add_run(LINE_1)
    run.bold, run.font.size = True, Pt(14)
    second = blank.add_paragraph()
    second.alignment = WD_ALIGN_PARAGRAPH.CENTER
    second.add_run(LINE_2).font.size = Pt(10)
    out = io.BytesIO()
    blank.save(out)
    return out.getvalue()


def test_the_blank_is_read_into_plain_values():
    head = read_letterhead(_blank())
    assert [p.text for p in head.paragraphs] == ["", LINE_1, LINE_2]
    assert [p.align for p in head.paragraphs] == ["center"] * 3
    assert head.paragraphs[1].bold and head.paragraphs[1].size == 14
    assert not head.paragraphs[2].bold and head.paragraphs[2].size == 10
    (image,) = head.images
    assert image.mime == "image/png" and image.data.startswith(b"\x89PNG")
    assert round(image.width_mm) == 12 and round(image.height_mm) == 16
    assert head.paragraphs[0].runs[0].image == 0
    assert image_mime(b"<svg xmlns='http://www.w3.org/2000/svg'/>") is None
    assert image_mime(b"GIF89a...") is None
    with pytest.raises(ValueError):
        read_letterhead(b"not a docx")


def _image_xobjects(reader: PdfReader) -> list:
    found = []

    def walk(resources):
        for obj in (resources.get("/XObject") or {}).values():
            obj = obj.get_object()
            if obj.get("/Subtype") == "/Image":
                found.append(obj)
            elif obj.get("/Resources"):
                walk(obj["/Resources"].get_object())
    for page in reader.pages:
        walk(page["/Resources"])
    return found


def test_the_pdf_draws_the_blank_like_the_docx(content):
    blank = _blank()
    reader = PdfReader(io.BytesIO(render_pdf(content, blank)))
    first = reader.pages[0].extract_text()
    assert LINE_1 in first and LINE_2 in first
    assert "УКРАЇНА" not in squeeze(first)  # the blank replaces the default head
    assert "Красновській Я." in first  # and the letter follows it
    assert _image_xobjects(reader), "the coat of arms is drawn"
    fonts = {f["/BaseFont"].split("+", 1)[-1] for page in reader.pages
             for f in page["/Resources"]["/Font"].values()}
    assert fonts <= {"Liberation-Serif", "Liberation-Serif-Bold"}, fonts
    # Without a blank: the default head, no image.
    plain = PdfReader(io.BytesIO(render_pdf(content)))
    assert "УКРАЇНА" in squeeze(plain.pages[0].extract_text()) and not _image_xobjects(plain)
    # The DOCX has the blank's lines and picture, then the letter.
    document = docx.Document(io.BytesIO(render_docx(content, blank)))
    texts = [p.text for p in document.paragraphs]
    assert texts.index(LINE_1) < texts.index(LINE_2) < texts.index("Красновській Я.")
    assert len(document.inline_shapes) == 1


def test_the_blank_text_is_escaped_and_only_its_own_images_are_served(content):
    blank = docx.Document()
    blank.add_paragraph('<img src="file:///etc/passwd"> <b>x</b>')
    out = io.BytesIO()
    blank.save(out)
    head = read_letterhead(out.getvalue())
    html = render_html(content, for_pdf=True, head=head)
    assert "&lt;img src=" in html and '<img src="file' not in html
    fetcher = StaticOnlyFetcher(images=read_letterhead(_blank()).images)
    response = fetcher.fetch("letterhead:0")
    assert response.read().startswith(b"\x89PNG") and response.content_type == "image/png"
    for url in ("letterhead:1", "letterhead:-1", "letterhead:0?x", "letterhead://0",
                "letterhead:../../etc/passwd", "file:///etc/passwd", "data:image/png;base64,AA=="):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_an_index_in_the_text_is_never_broken_across_lines():
    """«№ 25/К-170із» at every position along a line: the PDF keeps it on one line, the
    DOCX writes a no-break space after «№» and its hyphen as Word's non-breaking one (which
    python-docx reads as «-»)."""
    padding = "а б в г ґ д е є ж з и і ї й к л м н о п р с т у ф х ц ч ш щ ю я".split()
    paragraphs = [" ".join(padding[:k] * 3) + " у відповідь на лист № 25/К-170із від "
                  "28.03.2018 повідомляємо." for k in range(len(padding))]
    content = compose.compose_refusal(COMMON, REQUEST, "not_holder", "Не володіє.")
    content.paragraphs = paragraphs
    lines = [line for text in page_texts(render_pdf(content)) for line in text.splitlines()]
    # Every paragraph's index whole on a line, and the date and reference lines' own.
    assert sum("№ 25/К-170із" in line for line in lines) == len(paragraphs) + 2, [
        line for line in lines if "25/" in line or "170із" in line]
    document = docx.Document(io.BytesIO(render_docx(content)))
    body = [p for p in document.paragraphs if "25/К" in p.text and "повідомляємо" in p.text]
    # «№» and the number joined by a no-break space, as Word keeps them on one line.
    assert len(body) == len(paragraphs) and all("№\u00a025/К-170із" in p.text for p in body)
    assert all(p._p.xpath(".//w:noBreakHyphen") for p in body)


def test_the_index_span_escapes_around_it():
    from tracker.letters.render.html import unbroken
    assert str(unbroken("О'Брайен <b> № 5/К-1 & «№ 6»")) == (
        'О&#39;Брайен &lt;b&gt; <span class="nobr">№ 5/К-1</span> &amp; '
        '«<span class="nobr">№ 6</span>»')
