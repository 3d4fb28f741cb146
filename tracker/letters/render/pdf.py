"""Letter content → PDF with WeasyPrint (fonts embedded; Liberation Serif has Times metrics)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from weasyprint import CSS, HTML

from ..content import LetterContent
from .html import render_html

STYLESHEET = Path(__file__).resolve().parents[3] / "static" / "css" / "letter.css"


@lru_cache(maxsize=1)
def _stylesheet() -> CSS:
    return CSS(filename=str(STYLESHEET))


def render_pdf(content: LetterContent) -> bytes:
    html = render_html(content, standalone=True, for_pdf=True)
    return HTML(string=html).write_pdf(stylesheets=[_stylesheet()])
