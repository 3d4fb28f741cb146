"""The PDF letter uses the bundled Times-compatible font on any machine (issue 14: a fresh
machine has no Liberation fonts and fell back to DejaVu Serif, with other metrics)."""
import datetime as dt
import io

from pypdf import PdfReader

from tracker.letters.content import Council, LetterContent
from tracker.letters.render.pdf import render_pdf


def test_every_font_in_the_pdf_is_the_bundled_liberation_serif():
    council = Council(name="ЖИТОМИРСЬКА МІСЬКА РАДА", unit="ВИКОНАВЧИЙ КОМІТЕТ", address="",
                      phone="", email="", website="", edrpou="")
    content = LetterContent(kind="answer", council=council, date=dt.date(2018, 4, 3),
                            number="25/К-170із", ref_number=None, ref_date=None,
                            addressee="Красновській Я.", addressee_lines=[],
                            paragraphs=["Повідомляємо таке."], signatory_name="Наталія ЧИЖ")
    reader = PdfReader(io.BytesIO(render_pdf(content)))
    fonts = {f["/BaseFont"].split("+", 1)[-1] for page in reader.pages
             for f in page["/Resources"]["/Font"].values()}
    assert fonts and fonts <= {"Liberation-Serif", "Liberation-Serif-Bold"}, fonts
