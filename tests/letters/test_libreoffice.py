"""The DOCX as LibreOffice lays it out, against our PDF: the sample answer (16 measures) is
converted with ``soffice --headless --convert-to pdf`` and compared — pages, names, totals,
and the № column narrower than the measure column.

Needs LibreOffice Writer (Debian: ``apt-get install libreoffice-writer-nogui``); skipped with
a note where it is not installed."""
from __future__ import annotations

import io
import shutil
import subprocess

import docx
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader

from tests.letters.test_render import sample_answer, squeeze
from tracker.letters.render.docx import render_docx
from tracker.letters.render.pdf import render_pdf

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

pytestmark = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice is not installed (soffice/libreoffice not on PATH): "
           "install libreoffice-writer-nogui to run the DOCX layout checks")


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    """(content, our PDF, the DOCX, LibreOffice's PDF of that DOCX)."""
    tmp = tmp_path_factory.mktemp("libreoffice")
    content = sample_answer()
    docx_bytes = render_docx(content)
    source = tmp / "letter.docx"
    source.write_bytes(docx_bytes)
    profile = (tmp / "profile").as_uri()  # a private profile: no clash with a running one
    result = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(tmp), str(source)],
        capture_output=True, text=True, timeout=120, check=False)
    target = tmp / "letter.pdf"
    assert target.exists(), f"soffice failed ({result.returncode}): {result.stderr[-2000:]}"
    return content, render_pdf(content), docx_bytes, target.read_bytes()


def _pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def test_libreoffice_lays_out_as_many_pages_as_our_pdf(converted):
    _, ours, _, theirs = converted
    ours_n, theirs_n = len(_pages(ours)), len(_pages(theirs))
    print(f"pages: our PDF {ours_n}, LibreOffice's {theirs_n}")
    assert abs(ours_n - theirs_n) <= 1, (ours_n, theirs_n)


def test_libreoffice_shows_the_same_names_and_totals(converted):
    content, ours, _, theirs = converted
    texts = [squeeze("".join(_pages(ours))), squeeze("".join(_pages(theirs)))]
    expected = ["Красновській Я.", "foi+request-32845-3d497b34@dostup.pravda.com.ua",
                "на № 25/К-170із від 28.03.2018", "Наталія ЧИЖ", "Усього",
                *content.table.total[2:], *(row[1] for row in content.table.rows)]
    for text in texts:
        for item in expected:
            assert squeeze(item) in text, item


def test_the_number_column_is_narrower_than_the_measure_column(converted):
    content, _, docx_bytes, theirs = converted
    # In the DOCX XML: the grid.
    table = docx.Document(io.BytesIO(docx_bytes)).tables[0]._tbl
    grid = [int(g.get(qn("w:w"))) for g in table.tblGrid.findall(qn("w:gridCol"))]
    assert grid[0] * 5 < grid[1]
    # As LibreOffice placed it: the row numbers, the measures and the figures start where
    # their columns do; № is narrow, the measure column wide.
    starts: dict[str, list[float]] = {"number": [], "measure": [], "planned": []}
    firsts = {row[1].split()[0]: row for row in content.table.rows}
    numbers = {row[0] for row in content.table.rows}
    planned = {row[2] for row in content.table.rows}

    def visit(text, cm, tm, font, size):
        text = text.strip()
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        if text in numbers:
            starts["number"].append(x)
        elif text in planned:
            starts["planned"].append(x)
        elif text.split(" ")[0] in firsts:
            starts["measure"].append(x)

    for page in PdfReader(io.BytesIO(theirs)).pages:
        page.extract_text(visitor_text=visit)
    assert all(starts.values()), starts
    number, measure = min(starts["number"]), min(starts["measure"])
    money = min(starts["planned"])  # right-aligned: where the widest figure starts
    mm = 25.4 / 72
    print(f"LibreOffice: № at {number * mm:.1f} mm, measure at {measure * mm:.1f} mm, "
          f"planned figures from {money * mm:.1f} mm")
    assert (measure - number) * mm <= 12  # the № column: about 10 mm
    assert (money - measure) * mm >= 80  # the measure column: wide
