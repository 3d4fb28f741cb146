"""The redacted answer as a PDF on the council's blank: drawn from the published text only,
so nothing the redaction removed can come back (the letter's own PDF names the requester).

Neither the outgoing number nor the request's index is printed, in the text or in the
document's title: the default index carries the requester's initial (25/П-4із). Its tables
are drawn as tables (blocks.py)."""
from __future__ import annotations

import datetime as dt

from flask import render_template
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from ..letters import facts
from ..letters.blank import blank_bytes
from ..letters.content import LetterContent
from ..letters.render.letterhead import read_letterhead
from ..letters.render.pdf import STATIC, STYLESHEET, StaticOnlyFetcher
from .blocks import blocks
from .models import PublishedAnswer


def redacted_pdf(answer: PublishedAnswer, answered: dt.date | None) -> bytes:
    letter = answer.letter
    printed = LetterContent.from_dict(letter.content)
    blank = blank_bytes()
    head = read_letterhead(blank) if blank else None
    html = render_template(
        "disclosure/answer_pdf.html", council=facts.council(), head=head,
        date=answered or letter.date, text_blocks=blocks(answer.text),
        signatory_position=printed.signatory_position, signatory_name=printed.signatory_name)
    fonts = FontConfiguration()  # @font-face needs the same one for the sheet and the page
    stylesheet = CSS(filename=str(STYLESHEET), url_fetcher=StaticOnlyFetcher(), font_config=fonts)
    fetcher = StaticOnlyFetcher(images=head.images if head else ())
    return HTML(string=html, base_url=str(STATIC) + "/", url_fetcher=fetcher).write_pdf(
        stylesheets=[stylesheet], font_config=fonts)
