"""Issue 13, break 2: tiny files that would exhaust memory and CPU in the report import.

Each hostile file is built here in memory (a few MB at most; the ZIPs written by hand so a
member can be a pre-deflated bomb or lie about its size) and must be refused with a message
naming the limit, or read correctly within the limits — either way in at most 5 s and 200 MB
over the baseline: the process's peak RSS, so lxml's and expat's C allocations count too.
"""
from __future__ import annotations

import ctypes
import gc
import io
import random
import struct
import time
import tracemalloc
import zipfile
import zlib
from contextlib import contextmanager, suppress
from xml.sax.saxutils import escape

import pytest
from openpyxl.utils import get_column_letter
from sqlalchemy import func, select

from tests.factories import csrf_token
from tracker.activities.heading import parse_heading
from tracker.activities.importers import ReadLimits, ReportFormatError, read_table
from tracker.activities.importers.table import read_records
from tracker.activities.models import ActivityRecord, Report
from tracker.extensions import db

from . import builders as b

MB, SECONDS, MEGABYTES = 1024 * 1024, 5.0, 200  # the limits every read is held to


def _status(key: str) -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith(key + ":"))


@contextmanager
def within_limits(what: str):
    """The block must take ≤ 5 s and raise the peak memory ≤ 200 MB over the start."""
    gc.collect()
    with suppress(OSError, AttributeError):  # memory freed after building must not hide growth
        ctypes.CDLL(None).malloc_trim(0)
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")  # resets the peak RSS (VmHWM) to the current RSS
        before = _status("VmRSS")
    except OSError:  # not Linux: Python's own allocations only
        before = tracemalloc.start()
    start = time.perf_counter()
    try:
        yield
    finally:
        elapsed = time.perf_counter() - start
        grown = tracemalloc.get_traced_memory()[1] / MB if before is None else \
            (_status("VmHWM") - before) / 1024
        tracemalloc.stop()
        print(f"{what}: {elapsed:.2f} s, +{grown:.0f} MB")
    assert elapsed <= SECONDS, f"{what}: {elapsed:.1f} s"
    assert grown <= MEGABYTES, f"{what}: {grown:.0f} MB"


def refused(data: bytes, name: str, *words: str, limits: ReadLimits = ReadLimits()) -> None:
    with within_limits(name), pytest.raises(ReportFormatError) as caught:
        read_table(data, name, limits)
    assert all(w in str(caught.value) for w in words), caught.value


# --- ZIP by hand -------------------------------------------------------------------------

def _zip(members) -> bytes:
    """Members (name, content), or (name, deflated, crc, declared size) for a bomb."""
    out, directory = io.BytesIO(), []
    for member in members:
        if len(member) == 2:
            name, content = member
            packer = zlib.compressobj(6, zlib.DEFLATED, -15)
            member = (name, packer.compress(content) + packer.flush(), zlib.crc32(content),
                      len(content))
        name, packed, crc, size = member
        raw, offset = name.encode(), out.tell()
        fields = (20, 0, 8, 0, 0x21, crc, len(packed), size, len(raw))
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields, 0) + raw + packed)
        directory.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, *fields,
                                     0, 0, 0, 0, 0, offset) + raw)
    start = out.tell()
    out.write(b"".join(directory))
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(directory), len(directory),
                          out.tell() - start, start, 0))
    return out.getvalue()


def _bomb(prefix: bytes, megabytes: int, suffix: bytes) -> tuple[bytes, int, int]:
    """prefix + megabytes of ASCII zeros + suffix, deflated (~1 KB a MB): one 1 MB block is
    compressed once and repeated — a full flush makes each block stand alone."""
    zeros = b"0" * MB
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = packer.compress(prefix) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(zeros) + packer.flush(zlib.Z_FULL_FLUSH)
    tail = packer.compress(suffix) + packer.flush()
    crc = zlib.crc32(prefix)
    for _ in range(megabytes):
        crc = zlib.crc32(zeros, crc)
    return (head + block * megabytes + tail, zlib.crc32(suffix, crc),
            len(prefix) + megabytes * MB + len(suffix))


def _replace(package: bytes, parts: dict) -> bytes:
    """A real package (made by openpyxl / python-docx) with parts replaced or added."""
    with zipfile.ZipFile(io.BytesIO(package)) as z:
        kept = [(i.filename, z.read(i)) for i in z.infolist() if i.filename not in parts]
    return _zip(kept + [(n, v) if isinstance(v, bytes) else (n, *v) for n, v in parts.items()])


# --- XLSX and DOCX parts -----------------------------------------------------------------

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
XLSX = b.to_xlsx(b.table(), heading=False)
DOCX = b.to_docx(b.table(), heading=False)
TABLE = [[line] for line in b.HEADING] + b.table()


def _sheet(rows: str, ref: str = "A1:XFD1048576") -> bytes:
    return f'<worksheet xmlns="{MAIN}"><dimension ref="{ref}"/><sheetData>{rows}' \
           f'</sheetData></worksheet>'.encode()


def _sheet_rows(table, first: int = 1) -> str:
    return "".join(f'<row r="{n}">' + "".join(
        f'<c r="{get_column_letter(j)}{n}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'
        for j, v in enumerate(row, start=1)) + "</row>" for n, row in enumerate(table, first))


def _document(body: str) -> bytes:
    return ('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{body}</w:body></w:document>").encode()


def _tc(text: str, props: str = "") -> str:
    props = f"<w:tcPr>{props}</w:tcPr>" if props else ""
    return f"<w:tc>{props}<w:p><w:r><w:t>{escape(text)}</w:t></w:r></w:p></w:tc>"


def _tr(cells) -> str:
    return "<w:tr>" + "".join(c if c.startswith("<w:tc>") else _tc(c) for c in cells) + "</w:tr>"


def _numbered(count: int) -> list[list[str]]:  # the sample's four rows over and over
    return [[str(i)] + b.ROWS[i % 4][1:] for i in range(1, count + 1)]


# --- XLSX: dimension bombs ---------------------------------------------------------------

def _dimension_bomb() -> bytes:
    """The issue's 1.5 KB file: «A1:XFD1048576» and one cell at row 1 048 576."""
    return _replace(XLSX, {"xl/worksheets/sheet1.xml": _sheet(
        '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>')})


def test_xlsx_dimension_bomb_is_refused_at_the_row_limit():
    assert len(_dimension_bomb()) < 10_000
    refused(_dimension_bomb(), "bomb.xlsx", "понад 10 000 рядків", "IMPORT_MAX_ROWS",
            "1 048 576")


def test_xlsx_gap_rows_are_counted_while_reading_too():
    """A row tag too long for the raw pre-scan: openpyxl's invented empty rows still count."""
    rows = f'<row r="1048576" spans="{"1" * 70_000}"><c r="A1048576"><v>1</v></c></row>'
    bomb = _replace(XLSX, {"xl/worksheets/sheet1.xml": _sheet(rows)})
    refused(bomb, "gap.xlsx", "понад 10 000 рядків", "IMPORT_MAX_ROWS")


def test_xlsx_with_a_false_dimension_is_read_whole_and_unpadded():
    report = _replace(XLSX, {"xl/worksheets/sheet1.xml": _sheet(_sheet_rows(TABLE))})
    with within_limits("false dimension"):
        raw = read_table(report, "report.xlsx")
    assert len(raw.rows[0]) == len(b.HEADER)  # not 16 384 columns
    assert [r.row for r in read_records(raw).records] == ["1", "2", "3", "4"]
    assert raw.heading[-1].startswith("яким затверджено")


def test_xlsx_cells_beyond_the_column_limit_are_refused():
    wide = _sheet_rows([b.HEADER + [""] * 200 + ["x"]])
    refused(_replace(XLSX, {"xl/worksheets/sheet1.xml": _sheet(wide)}), "wide.xlsx",
            "понад 100 стовпців", "IMPORT_MAX_COLUMNS")


def _styles(extra: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(XLSX)) as z:
        styles = z.read("xl/styles.xml").decode()
    at = styles.index(">", styles.index("<cellXfs")) + 1
    return (styles[:at] + extra + styles[at:]).encode()


@pytest.mark.parametrize("parts", [
    # 390 000 cell formats (2 MB): openpyxl builds an object of each, 13 s and 250 MB.
    lambda rnd: {"xl/styles.xml": _styles("".join(
        "<xf/>" + " " * rnd.randrange(1, 6) for _ in range(390_000)))},
    # 100 000 merged ranges after the cells of a real sheet.
    lambda rnd: {"xl/worksheets/sheet1.xml": _sheet(_sheet_rows(TABLE)).replace(
        b"</sheetData>", b"</sheetData><mergeCells>" + "".join(
            f'<mergeCell ref="A{i}:B{i}"/>' for i in range(20, 100_020)).encode() +
        b"</mergeCells>")},
], ids=["styles", "merged-cells"])
def test_xlsx_object_bombs_are_refused(parts):
    bomb = _replace(XLSX, parts(random.Random(13)))
    assert len(bomb) < 2 * MB
    refused(bomb, "objects.xlsx", "понад 50 000 елементів і атрибутів XML", "IMPORT_MAX_CELLS")


def test_xlsx_of_2000_rows_is_read_within_the_limits():
    sheet = _sheet(_sheet_rows([b.HEADER] + _numbered(2000)), ref="A1:I2001")
    with within_limits("2000-row xlsx"):
        raw = read_table(_replace(XLSX, {"xl/worksheets/sheet1.xml": sheet}), "big.xlsx")
        assert len(read_records(raw).records) == 2000


# --- DOCX: span and merge bombs -----------------------------------------------------------

def _span_bomb(span: str = 'w:val="60000"', rows: int = 300) -> bytes:
    """The issue's 37 KB file: cells spanning 60 000 grid columns, 300 rows of them."""
    rows_xml = _tr(b.HEADER) + _tr([_tc("x", f"<w:gridSpan {span}/>")]) * rows
    return _replace(DOCX, {"word/document.xml": _document(f"<w:tbl>{rows_xml}</w:tbl>")})


def test_docx_grid_span_bomb_is_refused_before_python_docx():
    assert len(_span_bomb()) < 40_000
    refused(_span_bomb(), "bomb.docx", "60 000", "понад 100 стовпців", "IMPORT_MAX_COLUMNS")


@pytest.mark.parametrize("span", [
    'w:val="&#54;0000"',  # a character reference: the parser reads 60000
    f'w:val="60000" w:x="{"1" * 70_000}"',  # a tag too long for the raw pre-scan
], ids=["char-ref", "long-tag"])
def test_docx_disguised_spans_are_refused_too(span):
    refused(_span_bomb(span, rows=1), "bomb.docx", "понад 100 стовпців", "IMPORT_MAX_COLUMNS")


def test_docx_long_vertical_merge_is_read_in_one_pass():
    """python-docx walks a vertical merge upwards for every row (recursion, n²)."""
    body = [_tr(b.HEADER)]
    for i, row in enumerate(_numbered(2000)):
        merge = '<w:vMerge w:val="restart"/>' if i == 0 else "<w:vMerge/>"
        body.append(_tr([row[0], _tc(row[1] if i == 0 else "", merge), *row[2:]]))
    report = _replace(DOCX, {"word/document.xml": _document(f"<w:tbl>{''.join(body)}</w:tbl>")})
    with within_limits("vMerge docx"):
        records = read_records(read_table(report, "merged.docx")).records
    assert len(records) == 2000
    assert {r.priority_task for r in records} == {b.ROWS[1][1]}


def test_docx_of_too_many_xml_nodes_is_refused_while_scanned():
    """700 000 paragraphs with an attribute: 17 MB of XML (packed 4-fold), 270 MB as a tree."""
    rnd = random.Random(13)
    paragraphs = "".join(f'<w:p w:rsidR="{rnd.getrandbits(32):08X}"/>' for _ in range(700_000))
    bomb = _replace(DOCX, {"word/document.xml": _document(
        paragraphs + f"<w:tbl>{_tr(b.HEADER)}</w:tbl>")})
    assert len(bomb) < 10 * MB
    refused(bomb, "nodes.docx", "понад 400 000 елементів і атрибутів XML", "IMPORT_MAX_CELLS")


# --- ZIP bombs ----------------------------------------------------------------------------

def test_xlsx_zip_bomb_is_refused_on_its_declared_size():
    bomb = _replace(XLSX, {"xl/worksheets/sheet1.xml": _bomb(_sheet(  # a cell of 300 MB
        '<row r="1"><c r="A1" t="inlineStr"><is><t>').split(b"</sheetData>")[0], 300,
        b"</t></is></c></row></sheetData></worksheet>")})
    assert len(bomb) < 400_000
    refused(bomb, "bomb.xlsx", "IMPORT_MAX_UNPACKED_BYTES", "20 МБ")


def test_docx_zip_bomb_under_the_size_limit_is_refused_on_its_ratio():
    document = _bomb(_document("<w:p><w:r><w:t>")[:-len("</w:body></w:document>")], 15,
                     b"</w:t></w:r></w:p></w:body></w:document>")
    refused(_replace(DOCX, {"word/document.xml": document}), "bomb.docx", "ZIP-бомби", "200")


def test_zip_member_that_lies_about_its_size_is_not_inflated_past_it():
    packed, crc, _size = _bomb(b"<worksheet><sheetData>", 300, b"</sheetData></worksheet>")
    bomb = _replace(XLSX, {"xl/worksheets/sheet1.xml": (packed, crc, 1024)})
    refused(bomb, "liar.xlsx", "пошкоджена")


def test_zip_of_too_many_members_is_refused():
    refused(_replace(XLSX, {f"xl/media/{i}.bin": b"" for i in range(20_000)}), "many.xlsx",
            "понад 1 000 частин")


# --- DTD and encodings ---------------------------------------------------------------------

LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY a "lollollollol">' +
          "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'
                  for i in range(9)) + "]>")


@pytest.mark.parametrize("name,part,xml", [
    ("laughs.xlsx", "xl/workbook.xml", (LAUGHS + f'<workbook xmlns="{MAIN}"><sheets>'
                                        '<sheet name="&j;" sheetId="1"/></sheets></workbook>')),
    ("utf16.xlsx", "xl/workbook.xml", "\ufeff" + LAUGHS.replace(
        '"1.0"', '"1.0" encoding="UTF-16"') + f'<workbook xmlns="{MAIN}"/>'),
    ("laughs.docx", "word/document.xml", LAUGHS + _document("<w:p/>").decode()),
], ids=["xlsx", "xlsx-utf16", "docx"])
def test_xml_with_a_dtd_is_refused_not_a_500(name, part, xml):
    encoded = xml.encode("utf-16-le" if "utf16" in name else "utf-8")
    package = XLSX if name.endswith("xlsx") else DOCX
    refused(_replace(package, {part: encoded}), name, "DTD", "<!DOCTYPE>")


@pytest.mark.parametrize("xml,words", [
    ('<?xml version="1.0" encoding="UTF-7"?><workbook/>'.encode(), "кодуванні"),  # +ADw-!DOCTYPE
    ('<?xml version="1.0"?><workbook/>'.encode("utf-32-le"), "кодуванні"),
    (b"<workbook><sheets>", "Не вдалося відкрити XLSX"),  # lxml's error used to be a 500
], ids=["utf7", "utf32", "malformed"])
def test_odd_or_broken_workbook_xml_is_a_message_not_a_500(xml, words):
    refused(_replace(XLSX, {"xl/workbook.xml": xml}), "odd.xlsx", words)


# --- CSV and TXT ------------------------------------------------------------------------------

def _csv(rows: int) -> bytes:
    return (";".join(b.HEADER) + "".join(f"\n{i};З;1;1" for i in range(1, rows + 1))).encode()


def test_csv_of_500000_rows_is_refused_at_the_row_limit():
    data = _csv(500_000)
    assert len(data) < 10 * MB  # within IMPORT_MAX_BYTES: the row limit is what stops it
    refused(data, "huge.csv", "понад 10 000 рядків", "IMPORT_MAX_ROWS")


def test_row_limit_is_exact():
    limits = ReadLimits(max_rows=101)
    assert len(read_table(_csv(100), "ok.csv", limits).rows) == 101
    refused(_csv(101), "over.csv", "понад 101 рядків", limits=limits)


def test_csv_wide_rows_and_too_many_cells_are_refused():
    refused(("a;" * 5000).encode(), "wide.csv", "Рядок 1", "понад 100 стовпців")
    refused((("1;" * 99 + "1\n") * 2100).encode(), "cells.csv", "понад 200 000 клітинок",
            "IMPORT_MAX_CELLS")


def test_txt_of_500000_rows_or_of_blank_lines_is_refused():
    data = ("\t" + "\t".join(b.HEADER) + "\n\n" + "\t1\tЗ\t1\t1\n\n" * 500_000).encode()
    refused(data, "huge.txt", "понад 10 000 рядків", "IMPORT_MAX_ROWS")
    refused(b"\n" * 5_000_000, "blank.txt", "рядків тексту", "IMPORT_MAX_ROWS")


def test_txt_cell_continued_over_400000_lines_is_read_in_linear_time():
    """Each continuation line used to copy the whole cell so far (n²)."""
    data = ("\t" + "\t".join(b.HEADER) + "\n\n\t" + "\t".join(b.ROWS[0]) + "\n" +
            "а\n" * 400_000).encode()
    with within_limits("long txt cell"):
        records = read_records(read_table(data, "long.txt")).records
    assert len(records) == 1 and records[0].text.count("а") >= 400_000


def test_long_heading_does_not_stall_the_heading_patterns():
    """parse_heading is quadratic in a long line: only the text above the table is kept."""
    data = ("за " * 100_000 + "\n" + "\n".join(b.HEADING) + "\n" +
            "\t" + "\t".join(b.HEADER) + "\n\n\t" + "\t".join(b.ROWS[0]) + "\n").encode()
    with within_limits("long heading"):
        heading = parse_heading(read_table(data, "heading.txt").heading)
    assert heading.programme == "Ефективна влада. Конкурентне місто"
    assert heading.period == "9 місяців 2018 року"


def test_time_limit_is_a_message():
    refused(b.to_csv(b.table()), "slow.csv", "IMPORT_MAX_SECONDS", limits=ReadLimits(max_seconds=0))


# --- through the application: the upload, the CLI, the settings -------------------------------

def test_upload_of_a_bomb_is_refused_with_the_message_and_stores_nothing(client, users, login):
    login(users["executor"])
    with within_limits("upload"):
        response = client.post("/activities/import", content_type="multipart/form-data", data={
            "csrf_token": csrf_token(client), "file": (io.BytesIO(_dimension_bomb()),
                                                       "zvit.xlsx")})
    page = response.get_data(as_text=True)
    assert response.status_code < 500 and "IMPORT_MAX_ROWS" in page
    assert db.session.scalar(select(func.count(Report.id))) == 0
    assert db.session.scalar(select(func.count(ActivityRecord.id))) == 0


def test_cli_import_of_a_bomb_fails_with_the_message_and_the_settings_apply(app, runner,
                                                                              tmp_path):
    (tmp_path / "bomb.docx").write_bytes(_span_bomb())
    result = runner.invoke(args=["activities", "import", str(tmp_path / "bomb.docx")])
    assert result.exit_code == 1 and "IMPORT_MAX_COLUMNS" in result.output
    assert db.session.scalar(select(func.count(Report.id))) == 0
    app.config["IMPORT_MAX_ROWS"] = 50
    (tmp_path / "zvit.csv").write_bytes(_csv(60))
    result = runner.invoke(args=["activities", "import", str(tmp_path / "zvit.csv")])
    assert result.exit_code == 1 and "понад 50 рядків" in result.output
