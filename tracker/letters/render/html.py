"""Letter content → HTML (preview, print view, and the source of the PDF). Pure: its own
Jinja environment over the app's template folder, no Flask.

Autoescaping does the escaping: the official's text is data, never markup or a template.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..content import LetterContent

TEMPLATES = Path(__file__).resolve().parents[3] / "templates"
#: Where the app serves the letter's stylesheet (Flask's fixed static route).
STYLESHEET_HREF = "/static/css/letter.css"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True,
                       undefined=StrictUndefined)


def render_html(content: LetterContent, *, standalone: bool = True, letterhead: bool = True,
                for_pdf: bool = False) -> str:
    return _environment().get_template("letters/letter.html").render(
        c=content, standalone=standalone, letterhead=letterhead, for_pdf=for_pdf,
        stylesheet_href=STYLESHEET_HREF)
